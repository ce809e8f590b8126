"""The forum through its actions: threads, answers, edits, moderation, search, links, bad input."""

from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories as ckan_factories, helpers

from ckanext.digicanvis.model.forum import ForumPost, ForumTopic

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def people():
    return {name: ckan_factories.User(name=name) for name in ("alice", "bob", "carol")}


def as_reader(action_name, user=None, /, **data):
    """An action as a person (or anonymous) would call it over the API: auth checked."""
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    return helpers.call_action(action_name, context, **data)


def posts_stored():
    return model.Session.query(ForumPost).count()


def test_categories_are_the_six_areas_general_and_ask():
    names = [category["name"] for category in as_reader("forum_category_list")]

    assert names == ["citizen_attention", "services_procedures", "social_services", "participation_open_government",
                     "planning_management", "integral_transformation", "general", "ask"]


def test_a_question_thread_with_an_accepted_answer(people):
    question = factories.forum_topic(people["alice"], tags=["Chatbot", "atenció"])
    carol = factories.forum_reply(people["carol"], question["id"], "Nosaltres encara no en tenim.")
    bob = factories.forum_reply(people["bob"], question["id"], "Fem servir el xatbot del Consorci AOC.")
    factories.forum_reply(people["alice"], question["id"], "Gràcies! Com el vau configurar?", parent_id=bob["id"])

    unanswered = as_reader("forum_topic_list", unanswered=True)
    assert [t["id"] for t in unanswered["results"]] == [question["id"]]

    helpers.call_action("forum_answer_accept", {"user": "alice"}, post_id=bob["id"])

    shown = as_reader("forum_topic_show", id=question["id"])
    order = [(post["author"]["name"], post["is_answer"], bool(post["parent_id"])) for post in shown["posts"]]
    assert order == [("alice", False, False), ("bob", True, False), ("alice", False, True), ("carol", False, False)]
    assert shown["answered"] is True and shown["tags"] == ["chatbot", "atenció"]
    assert as_reader("forum_topic_list", unanswered=True)["count"] == 0
    assert carol["is_answer"] is False


def test_only_the_question_author_or_an_editor_chooses_the_answer(people):
    question = factories.forum_topic(people["alice"])
    reply = factories.forum_reply(people["bob"], question["id"], "Aquí la resposta.")

    with pytest.raises(tk.NotAuthorized):
        helpers.call_auth("forum_answer_accept", {"user": "bob"}, post_id=reply["id"])
    assert helpers.call_auth("forum_answer_accept", {"user": "alice"}, post_id=reply["id"])
    editor = factories.forum_editor()
    assert helpers.call_auth("forum_answer_accept", {"user": editor["name"]}, post_id=reply["id"])


def test_quoting_and_one_level_threads(people):
    topic = factories.forum_topic(people["alice"], kind="discussion")
    first = factories.forum_reply(people["bob"], topic["id"], "Primera línia.\nSegona línia.")
    nested = factories.forum_reply(people["carol"], topic["id"], "Hi estic d'acord.", parent_id=first["id"], quote_id=first["id"])
    deeper = factories.forum_reply(people["alice"], topic["id"], "Jo també.", parent_id=nested["id"])

    assert nested["body"].startswith("> **@bob**:\n> Primera línia.\n> Segona línia.\n\n")
    assert "<blockquote>" in nested["body_html"]
    assert deeper["parent_id"] == first["id"]  # replies to a reply join the same thread


def test_edits_keep_history_and_only_author_or_editor_may_edit(people):
    topic = factories.forum_topic(people["alice"])
    post = topic["posts"][0]

    with pytest.raises(tk.NotAuthorized):
        helpers.call_auth("forum_post_update", {"user": "bob"}, id=post["id"])
    with pytest.raises(tk.NotAuthorized):
        helpers.call_auth("forum_post_update", {"user": ""}, id=post["id"])
    edited = helpers.call_action("forum_post_update", {"user": "alice"}, id=post["id"], body="Text corregit.")

    assert edited["body"] == "Text corregit." and edited["edited"] and edited["revisions"] == 1
    editor = factories.forum_editor()
    assert helpers.call_auth("forum_post_update", {"user": editor["name"]}, id=post["id"])


@pytest.mark.parametrize(("auth", "data_of"), [
    ("forum_topic_create", lambda t: {}),
    ("forum_post_create", lambda t: {"topic_id": t["id"]}),
    ("forum_post_flag", lambda t: {"id": t["posts"][0]["id"]}),
    ("forum_follow", lambda t: {"object_type": "topic", "id": t["id"]}),
    ("forum_notification_list", lambda t: {}),
    ("forum_preferences_update", lambda t: {}),
])
def test_writing_needs_an_account(people, auth, data_of):
    topic = factories.forum_topic(people["alice"])

    with pytest.raises(tk.NotAuthorized):
        helpers.call_auth(auth, {"user": ""}, **data_of(topic))
    assert helpers.call_auth(auth, {"user": "bob"}, **data_of(topic))


@pytest.mark.parametrize("auth", ["forum_moderate", "forum_flag_list", "forum_moderation_log_list", "forum_category_create"])
def test_moderation_and_categories_are_for_editors(people, auth):
    with pytest.raises(tk.NotAuthorized):
        helpers.call_auth(auth, {"user": "bob"})
    with pytest.raises(tk.NotAuthorized):
        helpers.call_auth(auth, {"user": ""})
    assert helpers.call_auth(auth, {"user": factories.forum_editor()["name"]})
    assert helpers.call_auth(auth, {"user": ckan_factories.Sysadmin()["name"]})


@pytest.mark.parametrize("auth", ["forum_category_list", "forum_topic_list", "forum_search", "forum_topic_show"])
def test_reading_is_public_unless_configured(people, auth, ckan_config):
    assert helpers.call_auth(auth, {"user": ""})
    ckan_config["ckanext.digicanvis.forum.public_read"] = False
    with pytest.raises(tk.NotAuthorized):
        helpers.call_auth(auth, {"user": ""})
    assert helpers.call_auth(auth, {"user": "bob"})


def test_a_flagged_post_hidden_by_an_editor_is_a_placeholder_for_readers_and_is_logged(people):
    topic = factories.forum_topic(people["alice"], kind="discussion")
    spam = factories.forum_reply(people["bob"], topic["id"], "Compreu rellotges barats!")
    helpers.call_action("forum_post_flag", {"user": "carol"}, id=spam["id"], reason="Publicitat")
    editor = factories.forum_editor()

    queue = as_reader("forum_flag_list", editor)
    assert [(item["post"]["id"], item["reason"]) for item in queue] == [(spam["id"], "Publicitat")]

    as_reader("forum_moderate", editor, action="hide", post_id=spam["id"], reason="Publicitat no desitjada")

    for reader in (None, people["carol"]):
        (placeholder,) = [p for p in as_reader("forum_topic_show", reader, id=topic["id"])["posts"] if p["id"] == spam["id"]]
        assert (placeholder["state"], placeholder["body"], placeholder["body_html"], placeholder["author"]["name"]) == (
            "hidden", "", "", "")
    (seen,) = [p for p in as_reader("forum_topic_show", editor, id=topic["id"])["posts"] if p["id"] == spam["id"]]
    assert seen["body"] == "Compreu rellotges barats!"
    assert as_reader("forum_flag_list", editor) == []
    (entry,) = as_reader("forum_moderation_log_list", editor)
    assert (entry["actor"]["name"], entry["action"], entry["post_id"], entry["reason"]) == (
        editor["name"], "hide", spam["id"], "Publicitat no desitjada")
    assert as_reader("forum_search", q="rellotges")["count"] == 0


def test_lock_pin_and_move_topics(people):
    topic = factories.forum_topic(people["alice"], kind="discussion")
    other = factories.forum_topic(people["bob"], kind="discussion", title="Un altre tema")
    editor = factories.forum_editor()

    as_reader("forum_moderate", editor, action="lock", topic_id=topic["id"], reason="Tema tancat")
    with pytest.raises(tk.ValidationError) as locked:
        factories.forum_reply(people["bob"], topic["id"], "Encara puc?")
    assert "locked" in str(locked.value.error_dict)

    as_reader("forum_moderate", editor, action="pin", topic_id=topic["id"], reason="Important")
    listing = as_reader("forum_topic_list", category="citizen_attention")
    assert [t["id"] for t in listing["results"]] == [topic["id"], other["id"]]

    as_reader("forum_moderate", editor, action="move", topic_id=topic["id"], category="general", reason="Ordre")
    assert as_reader("forum_topic_show", id=topic["id"])["category"] == "general"
    assert len(as_reader("forum_moderation_log_list", editor)) == 3


def test_search_finds_a_reply_by_a_word_and_filters_by_category_and_tag(people):
    topic = factories.forum_topic(people["alice"], tags=["chatbot"])
    reply = factories.forum_reply(people["bob"], topic["id"], "Vam integrar-lo amb el gestor d'expedients.")
    factories.forum_topic(people["carol"], category="general", title="Pressupostos participatius",
                          body="Expedients i votacions.", kind="discussion")

    found = as_reader("forum_search", q="expedients")
    assert found["count"] == 2
    in_area = as_reader("forum_search", q="expedients", category="citizen_attention")
    assert [r["post_id"] for r in in_area["results"]] == [reply["id"]]
    assert in_area["results"][0]["url"].endswith(f"/forum/t/{topic['id']}?post={reply['id']}#post-{reply['id']}")
    assert "expedients" in in_area["results"][0]["excerpt"]
    assert as_reader("forum_search", q="expedients", tag="chatbot")["count"] == 1


def test_markdown_is_sanitised(people):
    topic = factories.forum_topic(
        people["alice"],
        body='Hola <script>alert("x")</script> [clica](javascript:alert(1)) <img src=x onerror=alert(1)> **bé**',
    )

    html = topic["posts"][0]["body_html"]
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html
    assert "<strong>bé</strong>" in html


def test_mentions_notify_and_project_links_become_cards(people):
    body = factories.body_at("girona")
    project = factories.project_of(body, "xatbot-girona", title="Xatbot de Girona")

    topic = factories.forum_topic(people["alice"], body="@bob mira http://test.ckan.net/project/xatbot-girona")

    card = topic["posts"][0]["projects"]
    assert [(c["name"], c["organization"]) for c in card] == [("xatbot-girona", "Ajuntament de Girona")]
    assert [p["name"] for p in topic["projects"]] == ["xatbot-girona"]
    assert 'href="/user/bob"' in topic["posts"][0]["body_html"]
    notes = as_reader("forum_notification_list", people["bob"])
    assert notes["unread"] == 1 and notes["results"][0]["kind"] == "mention"
    assert as_reader("forum_topic_list", project=project["name"])["count"] == 1


def test_a_project_discussion_is_a_topic_made_on_its_first_message(people):
    body = factories.body_at("girona")
    project = factories.project_of(body, "xatbot-girona", title="Xatbot de Girona", area="citizen_attention")

    first = helpers.call_action("forum_post_create", {"user": "alice"}, project=project["name"], body="Funciona bé?")
    second = helpers.call_action("forum_post_create", {"user": "bob"}, project=project["id"], body="Sí, molt.")

    assert first["topic_id"] == second["topic_id"]
    topic = as_reader("forum_topic_show", id=first["topic_id"])
    assert (topic["discussion_of"], topic["category"], topic["title"]) == (project["id"], "citizen_attention", "Xatbot de Girona")


def test_a_private_project_discussion_stays_with_its_readers(people):
    body = factories.body_at("girona")
    project = factories.project_of(body, "intern", private=True)
    member = factories.editor_of(body["id"])
    post = helpers.call_action("forum_post_create", {"user": member["name"]}, project=project["id"], body="Nota interna.")

    with pytest.raises(tk.ObjectNotFound):
        as_reader("forum_topic_show", people["bob"], id=post["topic_id"])
    assert as_reader("forum_topic_list", people["bob"])["count"] == 0
    assert as_reader("forum_search", q="interna")["count"] == 0
    assert as_reader("forum_topic_show", member, id=post["topic_id"])["posts"][0]["body"] == "Nota interna."
    with pytest.raises(tk.ValidationError):
        helpers.call_action("forum_post_create", {"user": "bob"}, project=project["id"], body="Hola?")


@pytest.mark.parametrize(("fields", "error_field"), [
    ({"title": ""}, "title"),
    ({"title": "   "}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"body": ""}, "body"),
    ({"body": "x" * 20001}, "body"),
    ({"category": "no-existeix"}, "category"),
    ({"kind": "enquesta"}, "kind"),
    ({"tags": ["a", "b", "c", "d", "e", "f"]}, "tags"),
    ({"projects": ["no-existeix"]}, "projects"),
])
def test_bad_topics_are_refused_and_nothing_is_stored(people, fields, error_field):
    with pytest.raises(tk.ValidationError) as error:
        factories.forum_topic(people["alice"], **fields)

    assert error_field in error.value.error_dict
    assert model.Session.query(ForumTopic).count() == 0 and posts_stored() == 0


def test_flagging_twice_is_refused(people):
    topic = factories.forum_topic(people["alice"])
    post_id = topic["posts"][0]["id"]
    helpers.call_action("forum_post_flag", {"user": "bob"}, id=post_id, reason="Fora de lloc")

    with pytest.raises(tk.ValidationError):
        helpers.call_action("forum_post_flag", {"user": "bob"}, id=post_id, reason="Un altre cop")
    with pytest.raises(tk.ValidationError):
        helpers.call_action("forum_post_flag", {"user": "carol"}, id=post_id, reason="")


def test_posting_over_the_rate_limit_is_refused(people, ckan_config):
    ckan_config["ckanext.digicanvis.forum.posts_per_hour"] = 2
    topic = factories.forum_topic(people["alice"])
    factories.forum_reply(people["alice"], topic["id"], "Segon missatge.")
    before = posts_stored()

    with pytest.raises(tk.ValidationError) as error:
        factories.forum_reply(people["alice"], topic["id"], "Tercer missatge.")

    assert "limit" in str(error.value.error_dict["body"])
    assert posts_stored() == before
    factories.forum_reply(people["bob"], topic["id"], "Un altre usuari sí que pot.")


def test_editors_add_categories(people):
    editor = factories.forum_editor()

    created = as_reader("forum_category_create", editor, name="compra-publica", title="Compra pública",
                        title_es="Compra pública", title_en="Public procurement")

    assert created["title"] == "Compra pública"
    assert "compra-publica" in [c["name"] for c in as_reader("forum_category_list")]
    with pytest.raises(tk.ValidationError):
        as_reader("forum_category_create", editor, name="compra-publica", title="Una altra")


@pytest.mark.parametrize("words", ["previa", "PRÈVIA", "cita previa", "tramit", "tràmit", "tramites", "expedient"])
def test_search_ignores_accents_and_case_and_finds_stems(people, words):
    topic = factories.forum_topic(people["alice"], title="Cita prèvia per als tràmits",
                                  body="Fem servir la cita prèvia per a tots els tràmits i expedients.")
    factories.forum_topic(people["bob"], title="Pressupostos", body="Votacions de barri.", kind="discussion")

    found = as_reader("forum_search", q=words)
    assert [result["topic"]["id"] for result in found["results"]] == [topic["id"]]
    assert found["results"][0]["excerpt"].startswith("Fem servir") or "prèvia" in found["results"][0]["excerpt"]
