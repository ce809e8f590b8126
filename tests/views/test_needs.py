"""The needs' pages: what anonymous readers and members see, and forms that carry (and need)
CKAN's CSRF token."""

from __future__ import annotations

import pytest

from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from tests import factories
from tests.sessions import CSRF_FIELD, csrf_token, person, sign_in

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def need():
    body = factories.body_at("tremp", ine_code="25223", comarca="Pallars Jussà", province="Lleida")
    clerk = factories.editor_of(body["id"], person(name="clerk"))
    city = factories.body_at("sabadell", ine_code="08187", comarca="Vallès Occidental")
    factories.project_of(city, "teleassistencia", title="Teleassistència a domicili", area="social_services",
                         notes="Alarma de teleassistència per a persones grans que viuen soles.")
    return helpers.call_action("need_create", {"user": "clerk", "ignore_auth": False}, body=body["name"], area="social_services",
                               title="Teleassistència <b>per a la gent gran</b>", description="Alarma per a gent gran que viu sola.")


def token_of(name: str) -> dict[str, str]:
    return {"Authorization": helpers.call_action("api_token_create", user=name, name="t")["token"]}


def test_anyone_reads_the_list_and_the_need_with_its_suggestions(app, need):
    listing = app.get("/forum/needs/").body
    assert f"/forum/t/{need['id']}" in listing
    page = app.get(f"/forum/t/{need['id']}").body
    assert "digicanvis-need-suggestion" in page and "Teleassistència a domicili" in page
    assert "<b>per a la gent gran</b>" not in page  # the title is text
    assert "digicanvis-need-solve" not in page  # only the asker and editors


def test_the_asker_sees_the_forms_with_their_token(app, need):
    page = app.get(f"/forum/t/{need['id']}", headers=token_of("clerk")).body
    assert "digicanvis-need-solve" in page
    assert page.count('name="_csrf_token"') >= 4  # match again, solve, reply, follow


def test_a_signed_in_post_without_the_forms_token_changes_nothing(make_app, need):
    """The site-wide check (views/security.py) covers these forms: a browser session's post
    needs its token, even after CKAN exempted the view for a request with an API token."""
    exempting = make_app().post(f"/forum/needs/{need['id']}/solve", data={"project": "teleassistencia"},
                                headers={"Authorization": "x"}, follow_redirects=False)
    assert exempting.status_code in (302, 400, 403)
    browser = sign_in(make_app(), {"name": "clerk"})

    refused = browser.post(f"/forum/needs/{need['id']}/solve", data={"project": "teleassistencia"}, follow_redirects=False)
    assert refused.status_code == 400
    assert not helpers.call_action("need_show", id=need["id"])["solved"]

    token = csrf_token(browser, f"/forum/t/{need['id']}")
    done = browser.post(f"/forum/needs/{need['id']}/solve", data={"project": "teleassistencia", CSRF_FIELD: token},
                        follow_redirects=False)
    assert done.status_code == 302
    assert helpers.call_action("need_show", id=need["id"])["solved"]


def test_the_settings_form_needs_its_token_too(make_app, need):
    browser = sign_in(make_app(), {"name": "clerk"})
    body = helpers.call_action("need_body_settings_show", {"user": "clerk"})[0]["body"]["name"]

    refused = browser.post("/forum/needs/settings", data={"body": body}, follow_redirects=False)

    assert refused.status_code == 400
    assert helpers.call_action("need_body_settings_show", {"user": "clerk"})[0]["notify_suggestions"] is True


def test_signed_out_readers_are_sent_to_sign_in_to_post(app, need):
    response = app.get("/forum/needs/new", follow_redirects=False)
    assert response.status_code == 302 and "/user/login" in response.headers["Location"]


def test_a_member_of_no_body_is_told_how_to_get_in(app, need):
    ckan_factories.User(name="outsider")
    page = app.get("/forum/needs/new", headers=token_of("outsider")).body
    assert "alert-warning" in page and "digicanvis-new-need" not in page
