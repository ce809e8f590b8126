"""The authorisation matrix: every action of ours, called over the API as every role on the
public and on the private project, answers the status its row says (tests/security/actions.py)."""

from __future__ import annotations

from tests.security.actions import BY_ACTION, ROWS, Row
from tests.security.conftest import our_actions, post_action
from tests.security.world import ROLES, SCOPES, World


def test_every_action_of_ours_has_a_row():
    missing = our_actions() - set(BY_ACTION)
    assert not missing, f"actions without a row in tests/security/actions.py: {sorted(missing)}"
    assert not set(BY_ACTION) - our_actions(), "rows for actions that no longer exist"
    for row in ROWS:
        for scope in SCOPES:
            assert len(row.expected(scope)) == len(ROLES), (row.action, scope)


def statuses(app, world: World, row: Row, scope: str) -> str:
    """The row's action called once as each role, over the API; the statuses in role order."""
    found = []
    for role in ROLES:
        response = post_action(app, row.action, row.make(world, scope, role), world.headers(role))
        found.append(str(response.status_code))
        if response.status_code >= 400:  # every refusal says why
            assert response.json["success"] is False and response.json["error"], (row.action, scope, role, response.body)
    return " ".join(found)


def test_every_role_gets_what_the_matrix_says(app, world: World):
    """All rows in one test (one app, one world): a mismatch names the action and shows the
    expected statuses against those found, anonymous outsider member editor admin forum_editor sysadmin."""
    mismatches = {}
    for row in ROWS:
        for scope in SCOPES:
            found = statuses(app, world, row, scope)
            if found != getattr(row, scope):
                mismatches[f"{row.action} ({scope})"] = f"expected {getattr(row, scope)}, found {found}"

    assert mismatches == {}
    print(f"authorisation matrix: {len(ROWS)} actions x {len(ROLES)} roles x {len(SCOPES)} projects = "
          f"{len(ROWS) * len(ROLES) * len(SCOPES)} calls")
