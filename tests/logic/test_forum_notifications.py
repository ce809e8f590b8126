"""Follows and notifications: in-site, and e-mails through CKAN's mailer from a queued job,
received by a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import pytest

import ckan.cli.cli
from ckan.tests import factories as ckan_factories, helpers

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def people():
    return {
        name: ckan_factories.User(name=name, fullname=name.title(), email=f"{name}@ajuntament.example.cat")
        for name in ("alice", "bob", "carol")
    }


def test_a_follower_receives_the_email_of_a_new_reply(people, smtp_sink, run_jobs, app):
    topic = factories.forum_topic(people["alice"], title="Cita prèvia per WhatsApp")
    helpers.call_action("forum_follow", {"user": "bob"}, object_type="topic", id=topic["id"])
    token = helpers.call_action("api_token_create", user="carol", name="t")["token"]

    # Over the API in English: the e-mail still speaks the site's language.
    reply = app.post("/en/api/3/action/forum_post_create", headers={"Authorization": token},
                     json={"topic_id": topic["id"], "body": "Nosaltres ho fem amb el servei del Consorci."}).json["result"]
    assert run_jobs() == 2  # bob (follower) and alice (the author follows her topic)

    by_recipient = {message["To"]: message for message in smtp_sink}
    assert set(by_recipient) == {"Bob <bob@ajuntament.example.cat>", "Alice <alice@ajuntament.example.cat>"}
    message = by_recipient["Bob <bob@ajuntament.example.cat>"]
    # In the site's default language: CKAN keeps no language per user.
    assert message["Subject"] == '[Observatori DigiCanvis (test)] Carol ha escrit a "Cita prèvia per WhatsApp"'
    text = message.get_content()
    assert "Nosaltres ho fem amb el servei del Consorci." in text
    assert f"/forum/t/{topic['id']}?post={reply['id']}#post-{reply['id']}" in text
    assert "carol@" not in text  # nobody's address travels in a notification


def test_the_author_of_a_message_is_not_notified_of_it(people, smtp_sink, run_jobs):
    topic = factories.forum_topic(people["alice"])

    factories.forum_reply(people["alice"], topic["id"], "Afegeixo una cosa.")

    assert run_jobs() == 0
    assert smtp_sink == []
    assert helpers.call_action("forum_notification_list", {"user": "alice"})["unread"] == 0


def test_category_and_project_followers_are_notified(people, smtp_sink, run_jobs):
    body = factories.body_at("girona")
    project = factories.project_of(body, "xatbot-girona")
    helpers.call_action("forum_follow", {"user": "bob"}, object_type="category", id="social_services")
    helpers.call_action("forum_follow", {"user": "carol"}, object_type="project", id="xatbot-girona")

    factories.forum_topic(people["alice"], category="social_services", projects=[project["name"]])

    run_jobs()
    assert sorted(message["To"].addresses[0].username for message in smtp_sink) == ["bob", "carol"]


def test_a_mention_notifies_once_even_a_follower(people, smtp_sink, run_jobs):
    topic = factories.forum_topic(people["alice"])
    helpers.call_action("forum_follow", {"user": "bob"}, object_type="topic", id=topic["id"])

    factories.forum_reply(people["carol"], topic["id"], "Què en penses, @bob?")

    notes = helpers.call_action("forum_notification_list", {"user": "bob"})["results"]
    assert [note["kind"] for note in notes] == ["mention"]
    run_jobs()
    assert [m["To"].addresses[0].username for m in smtp_sink].count("bob") == 1


def test_daily_digest_users_get_one_email_from_the_command(people, smtp_sink, run_jobs, cli):
    topic = factories.forum_topic(people["alice"])
    helpers.call_action("forum_follow", {"user": "bob"}, object_type="topic", id=topic["id"])
    helpers.call_action("forum_preferences_update", {"user": "bob"}, email_mode="daily")
    helpers.call_action("forum_preferences_update", {"user": "alice"}, email_mode="none")
    factories.forum_reply(people["carol"], topic["id"], "Primera resposta.")
    factories.forum_reply(people["carol"], topic["id"], "Segona resposta.")

    assert run_jobs() == 0  # nobody wants them at once
    result = cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "forum-digest"])
    assert result.exit_code == 0, result.output
    assert "1 e-mails, 2 notifications" in result.output

    (digest,) = smtp_sink
    assert digest["To"].addresses[0].username == "bob"
    assert "Primera resposta." in digest.get_content() and "Segona resposta." in digest.get_content()
    again = cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "forum-digest"])
    assert "0 e-mails" in again.output


def test_notifications_are_listed_and_marked_read(people):
    topic = factories.forum_topic(people["alice"])
    factories.forum_reply(people["bob"], topic["id"], "Resposta.")

    listed = helpers.call_action("forum_notification_list", {"user": "alice"})
    assert listed["unread"] == 1 and listed["results"][0]["kind"] == "reply"

    helpers.call_action("forum_notification_mark_read", {"user": "alice"})
    assert helpers.call_action("forum_notification_list", {"user": "alice"})["unread"] == 0


def test_unfollowing_stops_notifications(people, run_jobs):
    topic = factories.forum_topic(people["alice"])
    helpers.call_action("forum_unfollow", {"user": "alice"}, object_type="topic", id=topic["id"])

    factories.forum_reply(people["bob"], topic["id"], "Hola.")

    assert helpers.call_action("forum_notification_list", {"user": "alice"})["unread"] == 0


def test_bad_preferences_are_refused(people):
    with pytest.raises(Exception) as error:
        helpers.call_action("forum_preferences_update", {"user": "bob"}, email_mode="weekly")
    assert "email_mode" in str(error.value)


# Notifications go only to people who may read what they announce (issue 10, defect 2)


@pytest.fixture
def private_discussion(people):
    """A private project of Girona whose discussion bob (a member) and alice (not) would hear of."""
    girona = factories.body_at("girona")
    factories.editor_of(girona["id"], people["bob"])
    project = factories.project_of(girona, "pla-intern", title="Pla intern", private=True)
    for name in ("alice", "bob"):
        helpers.call_action("forum_follow", {"user": name}, object_type="category", id="general")
    return project


def test_followers_and_mentions_who_may_not_read_a_private_discussion_hear_nothing(people, private_discussion, smtp_sink, run_jobs):
    helpers.call_action("forum_post_create", {"user": "bob"}, project=private_discussion["id"],
                        body="Pressupost confidencial: 120.000 euros. @alice @carol, què en dieu?")

    for outsider in ("alice", "carol"):
        listed = helpers.call_action("forum_notification_list", {"user": outsider})
        assert (listed["unread"], listed["count"], listed["results"]) == (0, 0, []), outsider
    run_jobs()
    assert {message["To"].addresses[0].username for message in smtp_sink} <= {"bob"}
    assert all("confidencial" not in message.get_content() or message["To"].addresses[0].username == "bob"
               for message in smtp_sink)


def test_members_of_the_body_are_notified_of_its_private_discussion(people, private_discussion):
    girona_admin = ckan_factories.User(name="dana", email="dana@girona.example.cat")
    helpers.call_action("organization_member_create", {"ignore_auth": True},
                        id=private_discussion["owner_org"], username="dana", role="admin")

    helpers.call_action("forum_post_create", {"user": "dana"}, project=private_discussion["id"], body="Hola @bob.")

    (note,) = helpers.call_action("forum_notification_list", {"user": "bob"})["results"]
    assert note["kind"] == "mention" and girona_admin["name"] == "dana"


def test_a_notification_is_hidden_once_its_project_turns_private(people, smtp_sink, run_jobs, cli):
    girona = factories.body_at("girona")
    project = factories.project_of(girona, "xatbot-girona", title="Xatbot de Girona")
    helpers.call_action("forum_follow", {"user": "alice"}, object_type="project", id=project["id"])
    helpers.call_action("forum_preferences_update", {"user": "alice"}, email_mode="daily")
    helpers.call_action("forum_post_create", {"user": "carol"}, project=project["id"], body="Quin cost ha tingut?")
    assert helpers.call_action("forum_notification_list", {"user": "alice"})["unread"] == 1

    # Published projects turn private only through the editorial review (issue 16): returned.
    helpers.call_action("project_review", {"user": ckan_factories.Sysadmin()["name"]}, id=project["id"],
                        decision="return", comment="Falta el pressupost.")
    assert helpers.call_action("package_show", {"ignore_auth": True}, id=project["id"])["private"] is True

    listed = helpers.call_action("forum_notification_list", {"user": "alice"})
    assert (listed["unread"], listed["count"], listed["results"]) == (0, 0, [])
    result = cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "forum-digest"])
    assert "0 e-mails" in result.output
    assert smtp_sink == []


def test_a_hidden_message_leaves_the_notification_list(people):
    topic = factories.forum_topic(people["alice"])
    reply = factories.forum_reply(people["bob"], topic["id"], "Missatge ofensiu.")
    editor = factories.forum_editor()

    helpers.call_action("forum_moderate", {"user": editor["name"]}, action="hide", post_id=reply["id"], reason="Ofensiu")

    listed = helpers.call_action("forum_notification_list", {"user": "alice"})
    assert (listed["unread"], listed["count"], listed["results"]) == (0, 0, [])


def test_the_unread_count_is_one_query_however_many_notifications(people):
    """The unread badge on every forum page counts in SQL instead of building the list."""
    from sqlalchemy import event

    from ckan import model

    from ckanext.digicanvis.logic.notify import unread_count

    topic = factories.forum_topic(people["alice"])
    for n in range(30):
        helpers.call_action("forum_post_create", {"user": ckan_factories.User()["name"]}, topic_id=topic["id"], body=f"Resposta {n}.")
    statements: list[str] = []
    engine = model.Session.get_bind()
    listen = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listen)
    try:
        counted = unread_count(model.User.get("alice"))
    finally:
        event.remove(engine, "before_cursor_execute", listen)

    assert counted == 30
    notification_queries = [s for s in statements if "digicanvis_forum_notification" in s]
    assert len(notification_queries) == 1, statements
