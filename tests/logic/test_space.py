""""El meu espai": what one follows (forum_follow_list, unfollow from the page), drafts and
projects of one's bodies, requests to answer, and the header badge."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

import ckan.plugins.toolkit as tk
from ckan.tests import factories as ckan_factories, helpers

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def as_user(action, user, /, **data):
    return helpers.call_action(action, {"user": user["name"] if user else "", "ignore_auth": False}, **data)


def test_follows_are_listed_with_titles_and_only_for_their_owner():
    laia = ckan_factories.User(name="laia")
    body = factories.body_at("girona")
    project = factories.project_of(body, "xatbot-girona", title="Xatbot de Girona")
    topic = factories.forum_topic(ckan_factories.User(), title="Webs municipals", kind="discussion")
    as_user("forum_follow", laia, object_type="project", id=project["name"])
    as_user("forum_follow", laia, object_type="topic", id=topic["id"])
    as_user("forum_follow", laia, object_type="category", id="general")
    follows = as_user("forum_follow_list", laia)
    assert sorted((f["object_type"], f["title"]) for f in follows) == [
        ("category", "General"), ("project", "Xatbot de Girona"), ("topic", "Webs municipals")]
    with pytest.raises(tk.NotAuthorized):
        as_user("forum_follow_list", None)
    assert as_user("forum_follow_list", ckan_factories.User()) == []


def test_the_space_page_lists_drafts_bodies_follows_and_unfollows(app):
    body = factories.body_at("girona")
    laia = factories.editor_of(body["id"], ckan_factories.User(name="laia"))
    helpers.call_action("package_create", {"user": "laia", "ignore_auth": False},
                        **factories.full_project(body["id"], name="esborrany", title="Un esborrany", state="draft"))
    factories.project_of(body, "publicat", title="Un projecte publicat")
    topic = factories.forum_topic(ckan_factories.User(), title="Webs municipals", kind="discussion")
    as_user("forum_follow", laia, object_type="topic", id=topic["id"])
    token = helpers.call_action("api_token_create", {"ignore_auth": True}, user="laia", name="t")["token"]
    page = BeautifulSoup(app.get("/my-space/", headers={"Authorization": token}).body, "html.parser")
    assert "Un esborrany" in page.select_one(".digicanvis-drafts").get_text()
    assert "Un projecte publicat" in page.select_one(".digicanvis-my-projects").get_text()
    assert "Ajuntament de Girona" in page.select_one("#bodies").get_text()
    assert "Webs municipals" in page.select_one("#follows").get_text()

    app.post("/my-space/unfollow", data={"object_type": "topic", "id": topic["id"]}, headers={"Authorization": token})
    assert as_user("forum_follow_list", laia) == []
    assert "/user/login" in app.get("/my-space/", follow_redirects=False).headers["Location"]  # anonymous


def test_the_header_badge_counts_unread_notifications_and_requests_to_answer(app):
    editor = factories.forum_editor(ckan_factories.User(name="editora"))
    factories.body_at("tremp")
    as_user("membership_request_create", ckan_factories.User(), organization="Tremp")
    token = helpers.call_action("api_token_create", {"ignore_auth": True}, user="editora", name="t")["token"]
    badge = BeautifulSoup(app.get("/forum/", headers={"Authorization": token}).body, "html.parser").select_one(".digicanvis-unread")
    assert badge is not None and badge.get_text() == "1"
    assert editor["name"] == "editora"
