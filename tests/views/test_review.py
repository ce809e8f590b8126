"""The editorial review through HTTP: who may call each action (status codes through the API),
the review queue page and the project page's submit / publish / return forms in signed-in
browser sessions (cookies and CSRF tokens), their errors and their messages."""

from __future__ import annotations

import html

import pytest

from ckan.tests import helpers

from tests import factories, sessions

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

PROJECT = "registre-digital"
ROLES = factories.REVIEW_ROLES


@pytest.fixture
def girona():
    return factories.body_at("girona")


@pytest.fixture
def people(girona):
    return factories.review_people(girona)


def as_person(user, action, **data):
    return helpers.call_action(action, {"user": user["name"] if user else "", "ignore_auth": False}, **data)


def draft(girona, people, name=PROJECT):
    return as_person(people["editor"], "package_create", **factories.full_project(girona["id"], name=name, title="Registre digital"))


def state(name=PROJECT):
    return helpers.call_action("package_show", id=name)["publication_state"]


def api(app, user, action, **data):
    headers = {}
    if user:
        headers["Authorization"] = helpers.call_action("api_token_create", {"ignore_auth": True}, user=user["name"],
                                                       name="t")["token"]
    return app.post(f"/api/3/action/{action}", json=data, headers=headers)


# Who may call each action: 200, or 403 (404: a review history of a project the caller may not read).
MAY = {
    "project_submit_for_review": {"editor", "admin", "sysadmin"},
    "project_review": {"observatory_editor", "sysadmin"},
    "project_review_list": {"observatory_editor", "sysadmin"},
    "project_review_history": {"member", "editor", "admin", "observatory_editor", "sysadmin"},
    "project_notice_list": set(ROLES) - {"anonymous"},
    "project_notice_mark_read": set(ROLES) - {"anonymous"},
    "project_confirm": {"editor", "admin", "sysadmin"},
}


@pytest.mark.parametrize("action", sorted(MAY))
def test_who_may_call_each_action_through_the_api(app, girona, people, action):
    for role in ROLES:
        draft(girona, people, name=f"projecte-{role.replace('_', '-')}")
        name = f"projecte-{role.replace('_', '-')}"
        if action in ("project_review", "project_review_history"):
            as_person(people["editor"], "project_submit_for_review", id=name)
        data = {"id": name, "decision": "publish"} if action == "project_review" else {"id": name}
        response = api(app, people[role], action, **data)
        expected = 200 if role in MAY[action] else 403
        if expected == 403 and action == "project_review_history" and role == "outsider":
            expected = 404  # signed in but may not read the project: not told it exists
        assert response.status_code == expected, (action, role, response.body[:300])
        if expected != 200:
            assert response.json["success"] is False


def test_the_queue_page_is_for_the_observatory_editors(app, make_app, girona, people):
    draft(girona, people)
    as_person(people["editor"], "project_submit_for_review", id=PROJECT, note="Ja el tenim a punt.")

    anonymous = app.get("/review", follow_redirects=False)
    assert anonymous.status_code == 302 and "/user/login" in anonymous.headers["Location"]
    for role in ("outsider", "editor"):
        assert sessions.sign_in(make_app(), people[role]).get("/review").status_code == 403

    reviewer = sessions.sign_in(make_app(), people["observatory_editor"])
    page = reviewer.get("/review")
    assert page.status_code == 200
    body = html.unescape(page.body)
    assert f'data-project="{PROJECT}"' in body and "Ja el tenim a punt." in body
    assert 'name="_csrf_token"' in body.split('class="digicanvis-review-form"')[1]
    assert "Cua de revisió" in body  # Catalan by default
    assert 'data-project=' not in reviewer.get("/review?q=teleassistencia").body
    assert reviewer.get("/review?area=weather").status_code == 400
    assert reviewer.get("/review?queue=changed").body.count("data-project=") == 0


def test_a_clerk_submits_from_the_project_page(app, make_app, girona, people):
    draft(girona, people)
    clerk = sessions.sign_in(make_app(), people["editor"])
    page = clerk.get(f"/project/{PROJECT}").body
    assert 'class="digicanvis-submit-form"' in page and 'class="digicanvis-review-form' not in page
    token = sessions.CSRF_INPUT.search(page.split('class="digicanvis-submit-form"')[1]).group(1)

    forged = clerk.post(f"/project/{PROJECT}/submit", data={"note": "x"}, follow_redirects=False)
    assert forged.status_code == 400 and state() == "draft"

    done = clerk.post(f"/project/{PROJECT}/submit", data={"note": "Llest.", sessions.CSRF_FIELD: token},
                      follow_redirects=False)
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/project/{PROJECT}")
    assert state() == "in_review"
    after = html.unescape(clerk.get(f"/project/{PROJECT}").body)
    assert "Enviat a revisió" in after  # the true flash message, in Catalan
    assert 'class="digicanvis-submit-form"' not in after  # nothing more to submit

    again = clerk.post(f"/project/{PROJECT}/submit", data={sessions.CSRF_FIELD: token}, follow_redirects=False)
    assert again.status_code == 302 and state() == "in_review"
    assert "ja espera" in html.unescape(clerk.get(f"/project/{PROJECT}").body)  # the reason, not a success

    member = sessions.sign_in(make_app(), people["member"])
    refused = member.post(f"/project/{PROJECT}/submit", data={sessions.CSRF_FIELD: sessions.csrf_token(member, "/dashboard/datasets")},
                          follow_redirects=False)
    assert refused.status_code == 302
    assert "Només els editors" in html.unescape(member.get(f"/project/{PROJECT}").body)


def test_an_editor_returns_and_publishes_from_the_project_page(app, make_app, girona, people):
    draft(girona, people)
    as_person(people["editor"], "project_submit_for_review", id=PROJECT)
    reviewer = sessions.sign_in(make_app(), people["observatory_editor"])
    page = reviewer.get(f"/project/{PROJECT}").body
    token = sessions.CSRF_INPUT.search(page.split('class="digicanvis-review-form')[1]).group(1)

    no_comment = reviewer.post(f"/review/{PROJECT}", data={"decision": "return", "comment": " ", sessions.CSRF_FIELD: token,
                                                           "came_from": f"/project/{PROJECT}"}, follow_redirects=False)
    assert no_comment.status_code == 302 and state() == "in_review"
    assert "comentari" in html.unescape(reviewer.get(f"/project/{PROJECT}").body)

    off_site = reviewer.post(f"/review/{PROJECT}", data={"decision": "return", "comment": "Falten els estalvis.",
                                                         sessions.CSRF_FIELD: token, "came_from": "//evil.example"},
                             follow_redirects=False)
    assert off_site.status_code == 302 and off_site.headers["Location"].endswith("/review")
    assert state() == "returned"

    clerk = sessions.sign_in(make_app(), people["editor"])
    clerk_page = html.unescape(clerk.get(f"/project/{PROJECT}").body)
    assert "Falten els estalvis." in clerk_page and 'class="digicanvis-submit-form"' in clerk_page

    as_person(people["editor"], "project_submit_for_review", id=PROJECT)
    published = reviewer.post(f"/review/{PROJECT}", data={"decision": "publish", sessions.CSRF_FIELD: token},
                              follow_redirects=False)
    assert published.status_code == 302 and state() == "published"
    assert app.get(f"/project/{PROJECT}").status_code == 200  # public now

    assert reviewer.post("/review/no-such-project", data={"decision": "publish", sessions.CSRF_FIELD: token}).status_code == 404
    clerk_token = sessions.csrf_token(clerk, f"/project/{PROJECT}")
    refused = clerk.post(f"/review/{PROJECT}", data={"decision": "return", "comment": "no", sessions.CSRF_FIELD: clerk_token},
                         follow_redirects=False)
    assert refused.status_code == 302 and state() == "published"


def test_the_public_sees_no_review_panel(app, girona, people):
    as_person(people["sysadmin"], "package_create", **factories.full_project(girona["id"], name=PROJECT))
    page = app.get(f"/project/{PROJECT}").body
    assert "digicanvis-review-panel" not in page and "digicanvis-submit-form" not in page
