"""CSRF: a request authenticated by the session cookie always needs a valid token, whatever
earlier requests carried (issue 10, defect 4).

CKAN 2.12.0 exempts a view from CSRF for the life of the process as soon as one request
reaches it with an ``Authorization`` header, or anonymously (``ckan_before_request`` ->
``csrf.exempt(view)``). These tests sign in through the login form and keep the session
cookie, as a browser does; API tokens appear only as the trigger and as the legitimate
token-authenticated caller.
"""

from __future__ import annotations

import pytest

from ckan import model
from ckan.tests import helpers

from tests import factories
from tests.sessions import CSRF_FIELD, csrf_token, person, sign_in

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def topic() -> dict:
    return factories.forum_topic(person(), title="Qui ha fet cita prèvia?")


def follows(user: dict, topic: dict) -> bool:
    from ckanext.digicanvis.logic.forum import is_following

    return is_following(model.User.get(user["name"]), "topic", topic["id"])


def exempt_by_an_authorization_header(make_app, path: str, data: dict) -> None:
    """What CKAN 2.12.0 turns into a lasting exemption of the view at ``path``."""
    response = make_app().post(path, data=data, headers={"Authorization": "x"}, follow_redirects=False)
    assert response.status_code in (302, 400, 403)


def test_a_signed_in_form_post_without_token_is_refused_even_after_an_authorization_header(make_app, topic):
    reader = person()
    browser = sign_in(make_app(), reader)
    exempt_by_an_authorization_header(make_app, "/forum/follow", {"object_type": "topic", "id": topic["id"]})

    response = browser.post("/forum/follow", data={"object_type": "topic", "id": topic["id"]}, follow_redirects=False)

    assert response.status_code == 400
    assert not follows(reader, topic)


def test_a_signed_in_form_post_with_a_wrong_token_is_refused(make_app, topic):
    reader = person()
    browser = sign_in(make_app(), reader)

    response = browser.post("/forum/follow", data={"object_type": "topic", "id": topic["id"], CSRF_FIELD: "forged"},
                            follow_redirects=False)

    assert response.status_code == 400
    assert not follows(reader, topic)


def test_a_signed_in_form_post_with_its_token_works(make_app, topic):
    reader = person()
    browser = sign_in(make_app(), reader)
    token = csrf_token(browser, f"/forum/t/{topic['id']}")

    response = browser.post("/forum/follow", data={"object_type": "topic", "id": topic["id"], CSRF_FIELD: token},
                            follow_redirects=False)

    assert response.status_code == 302
    assert follows(reader, topic)


def test_ckans_own_forms_need_the_token_too(make_app):
    """CKAN's user edit form, after an anonymous request and one with an Authorization header."""
    user = person(fullname="Laia Roca")
    browser = sign_in(make_app(), user)
    data = {"name": user["name"], "fullname": "Someone Else", "email": user["email"], "save": ""}
    exempt_by_an_authorization_header(make_app, f"/user/edit/{user['name']}", data)
    make_app().post(f"/user/edit/{user['name']}", data=data, follow_redirects=False)

    response = browser.post(f"/user/edit/{user['name']}", data=data, follow_redirects=False)

    assert response.status_code == 400
    assert model.User.get(user["name"]).fullname == "Laia Roca"


def test_the_api_with_the_session_cookie_needs_the_token(make_app, topic):
    reader = person()
    browser = sign_in(make_app(), reader)
    make_app().post("/api/3/action/forum_follow", json={"object_type": "topic", "id": topic["id"]},
                    headers={"Authorization": "x"})

    refused = browser.post("/api/3/action/forum_follow", json={"object_type": "topic", "id": topic["id"]})
    assert refused.status_code == 400
    assert not follows(reader, topic)

    token = csrf_token(browser, f"/forum/t/{topic['id']}")
    allowed = browser.post("/api/3/action/forum_follow", json={"object_type": "topic", "id": topic["id"]},
                           headers={"X-CSRFToken": token})
    assert allowed.status_code == 200
    assert follows(reader, topic)


def test_an_api_token_caller_needs_no_csrf_token(make_app, topic):
    """A cross-site page cannot send an Authorization header: token callers stay exempt."""
    caller = person()
    api_token = helpers.call_action("api_token_create", user=caller["name"], name="script")["token"]

    form = make_app().post("/forum/follow", data={"object_type": "topic", "id": topic["id"]},
                           headers={"Authorization": api_token}, follow_redirects=False)
    api = make_app().post("/api/3/action/forum_unfollow", json={"object_type": "topic", "id": topic["id"]},
                          headers={"Authorization": api_token})

    assert form.status_code == 302
    assert api.status_code == 200


def test_the_login_form_needs_its_token(make_app):
    """Anonymous form posts outside the API need the token too: no login CSRF."""
    user = person()
    browser = make_app()

    response = browser.post("/user/login", data={"login": user["name"], "password": "Correct-horse-42"},
                            follow_redirects=False)

    assert response.status_code == 400
    assert f'href="/user/{user["name"]}"' not in browser.get("/dashboard/datasets").body


def test_anonymous_api_calls_need_no_token(make_app, topic):
    """ckanapi and scripts post to the API without an account: nothing to forge there."""
    response = make_app().post("/api/3/action/forum_topic_show", json={"id": topic["id"]})

    assert response.status_code == 200


def our_form_routes(app) -> list[str]:
    """Every path of ours that takes a POST outside the API, with made-up ids: the check runs
    before the view, so an id that does not exist must still be refused for want of a token."""
    paths = []
    for rule in app.flask_app.url_map.iter_rules():
        if "POST" in (rule.methods or ()) and rule.endpoint.startswith("digicanvis_"):
            paths.append(rule.build({name: "xatbot" for name in rule.arguments}, append_unknown=False)[1])
    return sorted(set(paths))


def test_every_form_of_ours_needs_the_token_from_a_browser_session(make_app):
    """Issues 11, 13 and 16's forms (joining, my space, drafts, needs, review, confirming a
    record, spreadsheet upload) included: none checks the
    token itself, the site-wide check does, after CKAN exempted each view too."""
    app = make_app()
    paths = our_form_routes(app)
    assert {"/forum/needs/xatbot/solve", "/user/join", "/my-space/unfollow", "/my-space/drafts/xatbot/discard",
            "/project/xatbot/contact", "/review/xatbot", "/project/xatbot/submit", "/project/xatbot/confirm",
            "/my-space/notices", "/harvest/spreadsheet/import"} <= set(paths)
    browser = sign_in(make_app(), person())
    accepted = {}
    for path in paths:
        make_app().post(path, data={"id": "xatbot"}, headers={"Authorization": "x"}, follow_redirects=False)
        response = browser.post(path, data={"id": "xatbot", "body": "Hola"}, follow_redirects=False)
        if response.status_code != 400:
            accepted[path] = response.status_code

    assert accepted == {}
    print(f"CSRF: {len(paths)} form paths of ours refuse a browser session's post without its token")
