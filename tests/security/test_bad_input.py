"""Bad input for every action of ours (Hypothesis): wrong types, oversized text, control
characters, unknown ids and markup in each parameter of each row of tests/security/actions.py,
the other parameters valid. The answer is always a 4xx with a message, never a 500, and
nothing is stored or queued.

The run is bounded: ``EXAMPLES`` cases per action, derandomised (the same cases on every run,
so CI is repeatable), no example database.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from ckan import model
from ckan.lib import jobs

from tests.security.actions import ROWS, Bool, Choice, Dates, Int, Kind, Names, Numbers, Ref, Row, Text
from tests.security.conftest import post_action
from tests.security.world import ROLES, World

EXAMPLES = 20
MISSING = object()  # the parameter left out
# Tables whose rows a refused call must leave as they were: ours and CKAN's main ones.
CKAN_TABLES = ("package", "resource", '"group"', "member", '"user"', "activity", "api_token")

CONTROL = st.sampled_from([chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127, *range(128, 160))])
MARKUP = st.sampled_from([
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{7*7}}", "' OR '1'='1' --",
    "../../../../etc/passwd", "javascript:alert(1)", "$(id)", "name:* OR *:*", "%00", "\\", "🙂" * 3,
])
WRONG_TYPES = st.one_of(
    st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.lists(st.integers(), min_size=1, max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), min_size=1, max_size=2),
)
SOME_TEXT = st.text(min_size=1, max_size=30).filter(str.strip)


def with_control_character(base: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(base, CONTROL, st.integers(0, 30)).map(lambda t: t[0][:t[2]] + t[1] + t[0][t[2]:])


def missing_if_required(kind: Any) -> list[st.SearchStrategy[Any]]:
    return [st.sampled_from([MISSING, None, "", "   "])] if kind.required else []


def bad_values(kind: Kind) -> st.SearchStrategy[Any]:
    """Values that are wrong for a parameter of this kind, whatever the rest of the call."""
    if isinstance(kind, Text):
        too_long = st.integers(kind.longest + 1, kind.longest + 50).map(lambda n: "x" * n)
        return st.one_of(WRONG_TYPES, too_long, with_control_character(SOME_TEXT), *missing_if_required(kind))
    if isinstance(kind, Ref):
        unknown = st.one_of(st.uuids().map(str), MARKUP, st.integers(5000, 20000).map(lambda n: "y" * n))
        return st.one_of(WRONG_TYPES, unknown, with_control_character(SOME_TEXT), *missing_if_required(kind))
    if isinstance(kind, Choice):
        other = st.one_of(SOME_TEXT, MARKUP).filter(lambda v: v not in kind.values)
        return st.one_of(WRONG_TYPES.filter(lambda v: v not in kind.values), other, *missing_if_required(kind))
    if isinstance(kind, Int):
        outside = st.one_of(st.integers(max_value=kind.lowest - 1), st.integers(min_value=kind.highest + 1))
        not_a_number = st.one_of(MARKUP, st.floats(0.1, 0.9).map(lambda f: kind.lowest + f),
                                 st.lists(st.integers(), min_size=1, max_size=2), st.dictionaries(SOME_TEXT, st.integers(), min_size=1))
        return st.one_of(outside, not_a_number, *missing_if_required(kind))
    if isinstance(kind, Bool):
        return st.one_of(st.sampled_from(["maybe", "2", "sí", "<b>true</b>"]), st.integers(2, 10**6),
                         st.lists(st.booleans(), min_size=1, max_size=2), st.dictionaries(SOME_TEXT, st.booleans(), min_size=1))
    if isinstance(kind, Names):
        return st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
                         st.dictionaries(SOME_TEXT, st.integers(), min_size=1),
                         st.lists(st.one_of(st.integers(), st.none(), st.lists(st.integers(), max_size=1)), min_size=1, max_size=3),
                         st.lists(with_control_character(SOME_TEXT), min_size=1, max_size=2))
    if isinstance(kind, Numbers):
        not_whole = st.one_of(st.integers(max_value=-1), st.floats(0.1, 1e6).filter(lambda f: f != int(f)), st.booleans(),
                              st.none(), MARKUP, st.lists(st.integers(), min_size=1, max_size=2))
        return st.one_of(st.lists(not_whole, min_size=1, max_size=3), MARKUP, st.dictionaries(SOME_TEXT, st.integers(), min_size=1))
    if isinstance(kind, Dates):
        day = st.one_of(st.sampled_from(["2020-13-45", "demà", "31/12/2030", "2030-02-30"]), MARKUP,
                        st.dates(max_value=__import__("datetime").date(2000, 1, 1)).map(str))
        too_many = st.integers(6, 9).map(lambda n: [f"2099-01-{d:02d}" for d in range(1, n + 1)])
        return st.one_of(WRONG_TYPES.filter(lambda v: not isinstance(v, list)), st.lists(day, min_size=1, max_size=3),
                         too_many, st.just([]), *missing_if_required(kind))
    raise TypeError(kind)


def caller(row: Row) -> str:
    """Someone for whom the row's valid call succeeds on the public project, so that a refusal
    comes from the bad value, not from who asks."""
    allowed = [role for role, status in zip(ROLES, row.expected("public")) if status == 200 and role != "anonymous"]
    return allowed[0] if allowed else "anonymous"


def stored() -> tuple[int, ...]:
    """Row counts of our tables and CKAN's main ones, and the jobs queued (e-mails)."""
    ours = [name for name in model.meta.metadata.tables if name.startswith("digicanvis_")]
    tables = [*sorted(ours), *CKAN_TABLES]
    counts = model.Session.execute(text("SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in tables))).one()
    model.Session.rollback()
    return (*counts, jobs.get_queue().count)


def says_why(error: dict[str, Any]) -> bool:
    messages = [value for key, value in error.items() if key != "__type"]
    return bool(messages) and any(json.dumps(message, ensure_ascii=False).strip('"[]{} ') for message in messages)


def test_bad_input_to_every_action_is_a_4xx_with_a_message_and_stores_nothing(app, world: World):
    cases = 0
    for row in ROWS:
        if not row.params:
            continue
        role = caller(row)

        @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
        @given(data=st.data())
        def check(data: st.DataObject) -> None:
            nonlocal cases
            name = data.draw(st.sampled_from(sorted(row.params)), label="parameter")
            value = data.draw(bad_values(row.params[name]), label="value")
            payload = row.make(world, "public", role)
            if value is MISSING:
                payload.pop(name, None)
            else:
                payload[name] = value
            before = stored()

            response = post_action(app, row.action, payload, world.headers(role))

            cases += 1
            assert response.status_code in (400, 403, 404, 409), (row.action, role, response.status_code, response.body[:500])
            assert response.json["success"] is False and says_why(response.json["error"]), (row.action, response.body[:500])
            assert stored() == before, f"{row.action} stored something while refusing {name}={value!r}"

        check()
    print(f"bad input: {cases} cases over {sum(1 for row in ROWS if row.params)} actions")
