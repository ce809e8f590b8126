"""Who may and may not call the harvesting actions (every action has an auth function)."""

from __future__ import annotations

import pytest

from ckan import model
from ckan.tests import factories, helpers

pytestmark = pytest.mark.usefixtures("clean_db")


@pytest.fixture
def people() -> dict:
    editor = factories.User()
    factories.Group(name="observatory-editors", users=[{"name": editor["name"], "capacity": "member"}])
    return {"sysadmin": factories.Sysadmin(), "editor": editor, "user": factories.User()}


def allowed(action: str, user: dict | None, **data) -> bool:
    context = {"user": user["name"] if user else "", "model": model}
    try:
        return helpers.call_auth(action, context, **data)
    except helpers.logic.NotAuthorized:
        return False


@pytest.mark.parametrize("action", ["digicanvis_spreadsheet_import", "digicanvis_spreadsheet_import_show"])
def test_spreadsheet_imports_are_for_sysadmins_and_editors(people, action):
    assert allowed(action, people["sysadmin"], id="x")
    assert allowed(action, people["editor"], id="x")
    assert not allowed(action, people["user"], id="x")
    assert not allowed(action, None, id="x")


def test_a_job_report_is_for_whoever_may_see_the_job(people, source_server):
    from .conftest import create_source

    source = create_source(source_server.url("/cases.csv"), "ipsx", name="auth")
    job = helpers.call_action("harvest_job_create", context={"user": people["sysadmin"]["name"]}, source_id=source["id"], run=False)
    assert allowed("digicanvis_harvest_job_report", people["sysadmin"], id=job["id"])
    assert not allowed("digicanvis_harvest_job_report", people["user"], id=job["id"])
    assert not allowed("digicanvis_harvest_job_report", None, id=job["id"])


def test_refusals_over_the_api_say_403(app, people):
    token = factories.APIToken(user=people["user"]["name"])["token"]
    response = app.post("/api/3/action/digicanvis_spreadsheet_import_show", json={"id": "x"},
                        headers={"Authorization": token}, status=403)
    assert response.status_code == 403
