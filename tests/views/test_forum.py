"""The forum's pages: what anonymous readers, members and editors see; forms and their errors."""

from __future__ import annotations

import html

import pytest

from ckan.tests import factories as ckan_factories, helpers

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def people():
    return {name: ckan_factories.User(name=name, fullname=name.title()) for name in ("alice", "bob")}


def auth(user):
    token = helpers.call_action("api_token_create", user=user["name"], name="test")["token"]
    return {"Authorization": token}


def test_forum_home_lists_categories_and_latest_topics_in_catalan(app, people):
    factories.forum_topic(people["alice"], title="Xatbots municipals")

    page = app.get("/forum/").body

    assert "Primera línia d'atenció ciutadana" in html.unescape(page)
    assert "Xatbots municipals" in page
    assert 'href="/forum/c/general"' in page


def test_topic_page_renders_script_inert(app, people):
    topic = factories.forum_topic(people["alice"], body="Hola <script>alert('x')</script> **món**")

    page = app.get(f"/forum/t/{topic['id']}").body

    assert "<script>alert" not in page
    assert "<strong>món</strong>" in page


def test_signed_in_forms_carry_the_csrf_token(app, people):
    topic = factories.forum_topic(people["alice"])

    page = app.get(f"/forum/t/{topic['id']}", headers=auth(people["bob"])).body

    assert 'id="reply-form"' in page
    assert page.count('name="_csrf_token"') >= 3  # reply, follow, report
    assert 'id="reply-form"' not in app.get(f"/forum/t/{topic['id']}").body  # anonymous: sign in instead


def test_replying_through_the_form(app, people):
    topic = factories.forum_topic(people["alice"])

    response = app.post(f"/forum/t/{topic['id']}/reply", data={"body": "Resposta des del formulari."},
                        headers=auth(people["bob"]), follow_redirects=False)

    assert response.status_code == 302
    assert "Resposta des del formulari." in app.get(f"/forum/t/{topic['id']}").body


def test_an_empty_reply_shows_an_error_and_stores_nothing(app, people):
    topic = factories.forum_topic(people["alice"])

    page = app.post(f"/forum/t/{topic['id']}/reply", data={"body": "  "}, headers=auth(people["bob"])).body

    assert "alert-error" in page or "alert-danger" in page
    assert len(helpers.call_action("forum_topic_show", id=topic["id"])["posts"]) == 1


def test_new_topic_form_reports_errors(app, people):
    page = app.post("/forum/new", data={"title": "", "body": "", "category": "general", "kind": "discussion"},
                    headers=auth(people["bob"])).body

    assert "form-errors" in page or "error-explanation" in page or "alert-error" in page
    assert helpers.call_action("forum_topic_list")["count"] == 0


def test_hidden_post_is_a_placeholder_for_anonymous_readers(app, people):
    topic = factories.forum_topic(people["alice"], kind="discussion")
    spam = factories.forum_reply(people["bob"], topic["id"], "Compreu rellotges!")
    editor = factories.forum_editor(ckan_factories.User(name="editora"))

    app.post("/forum/moderate", data={"action": "hide", "post_id": spam["id"], "reason": "Publicitat"},
             headers=auth(editor))

    anonymous = app.get(f"/forum/t/{topic['id']}").body
    assert "rellotges" not in anonymous and "digicanvis-post-hidden" in anonymous
    assert "rellotges" in app.get(f"/forum/t/{topic['id']}", headers=auth(editor)).body
    moderation = app.get("/forum/moderation", headers=auth(editor)).body
    assert "Publicitat" in moderation
    app.get("/forum/moderation", headers=auth(people["bob"]), status=403)


def test_project_page_has_a_discussion_tab_with_its_thread(app, people):
    body = factories.body_at("girona")
    project = factories.project_of(body, "xatbot-girona", title="Xatbot de Girona")
    helpers.call_action("forum_post_create", {"user": "alice"}, project=project["name"], body="Quant va costar?")
    factories.forum_topic(people["bob"], title="Xatbots a comarques", projects=[project["name"]])

    assert 'href="/project/xatbot-girona/discussion"' in app.get("/project/xatbot-girona").body
    page = app.get("/project/xatbot-girona/discussion").body
    assert "Quant va costar?" in page
    assert "Xatbots a comarques" in page


def test_search_page_links_to_the_post(app, people):
    topic = factories.forum_topic(people["alice"])
    reply = factories.forum_reply(people["bob"], topic["id"], "Ho vam licitar amb el Consorci.")

    page = app.get("/forum/search", query_string={"q": "licitar"}).body

    assert f"/forum/t/{topic['id']}?post={reply['id']}#post-{reply['id']}" in page


ELSEWHERE = ["https://evil.example/phish", "//evil.example/phish", "/\\evil.example/phish", "\\\\evil.example",
             "javascript:alert(1)", "/\t/evil.example", "http:evil.example", " //evil.example"]


def test_forms_go_back_only_to_a_page_of_this_site(app, people):
    """``came_from`` is followed only when it is a local path (issue 10, defect 8: open redirect)."""
    from tests.sessions import csrf_token, person, sign_in

    sign_in(app, person())
    topic = factories.forum_topic(people["alice"])
    token = csrf_token(app, f"/forum/t/{topic['id']}")

    for came_from in ELSEWHERE:
        response = app.post("/forum/follow", data={"object_type": "topic", "id": topic["id"], "came_from": came_from,
                                                   "_csrf_token": token}, follow_redirects=False)

        assert response.status_code == 302, came_from
        assert response.headers["Location"] in ("/forum", "http://test.ckan.net/forum"), (came_from, response.headers["Location"])


def test_forms_go_back_to_a_local_page(app, people):
    from tests.sessions import csrf_token, person, sign_in

    sign_in(app, person())
    topic = factories.forum_topic(people["alice"])
    token = csrf_token(app, f"/forum/t/{topic['id']}")

    response = app.post("/forum/follow", data={"object_type": "topic", "id": topic["id"],
                                               "came_from": f"/forum/t/{topic['id']}?page=2#end", "_csrf_token": token},
                        follow_redirects=False)

    assert response.headers["Location"].endswith(f"/forum/t/{topic['id']}?page=2#end")
