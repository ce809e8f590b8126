"""Moderation by message: hiding a post leaves a placeholder and the topic readable (the
opening post included), hiding a topic is its own action, authors are told why, reports can
be dismissed, and the log speaks the reader's language."""

from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories as ckan_factories, helpers

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db")


def as_reader(action_name, user=None, /, **data):
    return helpers.call_action(action_name, {"user": user["name"] if user else "", "ignore_auth": False}, **data)


@pytest.fixture
def thread():
    alice, bob = ckan_factories.User(name="alice"), ckan_factories.User(name="bob", email="bob@example.cat")
    topic = factories.forum_topic(alice, kind="discussion", title="Webs municipals")
    reply = factories.forum_reply(bob, topic["id"], "Una resposta útil.")
    return {"alice": alice, "bob": bob, "topic": topic, "reply": reply, "editor": factories.forum_editor()}


def test_hiding_the_opening_post_keeps_the_topic_and_its_replies_readable(thread):
    opening = thread["topic"]["posts"][0]
    as_reader("forum_moderate", thread["editor"], action="hide", post_id=opening["id"], reason="Dades personals")
    shown = as_reader("forum_topic_show", id=thread["topic"]["id"])  # anonymous: no 404
    assert [(p["state"], p["body"]) for p in shown["posts"]] == [("hidden", ""), ("active", "Una resposta útil.")]
    assert thread["topic"]["id"] in [t["id"] for t in as_reader("forum_topic_list")["results"]]


def test_hiding_a_topic_is_its_own_action_and_restoring_brings_it_back(thread):
    topic_id = thread["topic"]["id"]
    as_reader("forum_moderate", thread["editor"], action="hide_topic", topic_id=topic_id, reason="Fora de tema")
    with pytest.raises(tk.ObjectNotFound):
        as_reader("forum_topic_show", thread["bob"], id=topic_id)
    assert as_reader("forum_topic_show", thread["editor"], id=topic_id)["state"] == "hidden"
    as_reader("forum_moderate", thread["editor"], action="restore_topic", topic_id=topic_id, reason="Revisat")
    assert as_reader("forum_topic_show", id=topic_id)["state"] == "active"


def test_the_author_is_told_why_in_the_site_and_by_email(thread, smtp_sink, run_jobs):
    as_reader("forum_moderate", thread["editor"], action="hide", post_id=thread["reply"]["id"], reason="Publicitat")
    (notice,) = as_reader("forum_notification_list", thread["bob"])["results"]
    assert notice["kind"] == "moderated" and "Webs municipals" in notice["text"]
    run_jobs()
    (message,) = [m for m in smtp_sink if "bob@example.cat" in str(m["To"])]
    assert "Publicitat" in message.get_content()


def test_a_report_can_be_dismissed_and_the_message_stays(thread):
    helpers.call_action("forum_post_flag", {"user": "alice"}, id=thread["reply"]["id"], reason="No m'agrada")
    assert len(as_reader("forum_flag_list", thread["editor"])) == 1
    as_reader("forum_moderate", thread["editor"], action="dismiss", post_id=thread["reply"]["id"], reason="És correcte")
    assert as_reader("forum_flag_list", thread["editor"]) == []
    assert as_reader("forum_topic_show", id=thread["topic"]["id"])["posts"][1]["body"] == "Una resposta útil."
    assert as_reader("forum_notification_list", thread["bob"])["results"] == []  # nothing to tell


def test_only_editors_moderate(thread):
    for someone in (thread["alice"], thread["bob"], None):
        with pytest.raises(tk.NotAuthorized):
            as_reader("forum_moderate", someone, action="hide", post_id=thread["reply"]["id"], reason="x")


def test_the_moderation_log_is_in_the_readers_language(app, thread):
    as_reader("forum_moderate", thread["editor"], action="hide", post_id=thread["reply"]["id"], reason="Publicitat")
    token = helpers.call_action("api_token_create", {"ignore_auth": True}, user=thread["editor"]["name"], name="t")["token"]
    for prefix, words in (("/es", "ocultó un mensaje"), ("/en", "hid a message"), ("", "ha amagat un missatge")):
        page = app.get(f"{prefix}/forum/moderation", headers={"Authorization": token}).body
        assert words in page, prefix
