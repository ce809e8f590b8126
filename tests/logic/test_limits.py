"""Abuse limits count what was sent, not what remains (issue 10, defect 6): deleting requests
does not reset them, the per-project limit is per sender so nobody can close a project's
contact form for others, and mentions are capped per message and notifications per sender."""

from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories as ckan_factories, helpers

from ckanext.digicanvis.model.forum import ForumNotification, ForumPost

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def as_user(action, user, /, **data):
    return helpers.call_action(action, {"user": user["name"], "ignore_auth": False}, **data)


@pytest.fixture
def project():
    return factories.project_of(factories.body_at("girona"), "xatbot-girona", contacts=[
        {"name": "Marta Puig", "role": "Cap TIC", "email": "marta@girona.example.cat", "phone": "", "public": "yes"}])


def sender(name):
    return ckan_factories.User(name=name, email=f"{name}@example.cat")


def test_deleting_sent_requests_does_not_reset_the_daily_limit(project, ckan_config):
    ckan_config["ckanext.digicanvis.contact.per_user_per_day"] = 2
    ckan_config["ckanext.digicanvis.contact.per_sender_per_project_per_day"] = 5
    laia = sender("laia")
    for n in range(2):
        sent = as_user("contact_request_create", laia, project=project["name"], message=f"Missatge {n}")
        as_user("contact_request_delete", laia, id=sent["id"])

    with pytest.raises(tk.ValidationError) as error:
        as_user("contact_request_create", laia, project=project["name"], message="Un altre")
    assert "2" in str(error.value.error_dict["message"])


def test_the_per_project_limit_is_per_sender(project, ckan_config):
    ckan_config["ckanext.digicanvis.contact.per_sender_per_project_per_day"] = 2
    laia, pau, anna = sender("laia"), sender("pau"), sender("anna")
    for n in range(2):
        as_user("contact_request_create", laia, project=project["name"], message=f"Missatge {n}")
    with pytest.raises(tk.ValidationError):
        as_user("contact_request_create", laia, project=project["name"], message="Un de massa")

    # Other people can still write to the team.
    for person in (pau, anna):
        for n in range(2):
            as_user("contact_request_create", person, project=project["name"], message=f"Missatge {n}")


def test_a_deleted_request_still_counts_towards_the_per_project_limit(project, ckan_config):
    ckan_config["ckanext.digicanvis.contact.per_sender_per_project_per_day"] = 1
    laia = sender("laia")
    sent = as_user("contact_request_create", laia, project=project["name"], message="Hola")
    as_user("contact_request_delete", laia, id=sent["id"])

    with pytest.raises(tk.ValidationError):
        as_user("contact_request_create", laia, project=project["name"], message="Hola de nou")


def test_too_many_mentions_in_one_message_are_refused_and_nothing_is_stored(ckan_config):
    ckan_config["ckanext.digicanvis.forum.max_mentions"] = 3
    people = [sender(f"persona{n}") for n in range(4)]
    author = sender("autor")
    body = "Hola " + " ".join(f"@{p['name']}" for p in people)

    with pytest.raises(tk.ValidationError) as error:
        factories.forum_topic(author, body=body)
    assert "3" in str(error.value.error_dict["body"])
    assert model.Session.query(ForumPost).count() == 0
    assert model.Session.query(ForumNotification).count() == 0
    factories.forum_topic(author, body="Hola " + " ".join(f"@{p['name']}" for p in people[:3]))


def test_mentions_beyond_the_senders_hourly_notifications_are_refused(ckan_config):
    ckan_config["ckanext.digicanvis.forum.notifications_per_hour"] = 5
    people = [sender(f"persona{n}") for n in range(6)]
    author = sender("autor")
    topic = factories.forum_topic(author, body="Hola " + " ".join(f"@{p['name']}" for p in people[:3]))

    with pytest.raises(tk.ValidationError) as error:
        factories.forum_reply(author, topic["id"], "I també " + " ".join(f"@{p['name']}" for p in people[3:]))
    assert "body" in error.value.error_dict
    assert model.Session.query(ForumNotification).count() == 3
    factories.forum_reply(author, topic["id"], "Sense mencions, sí.")


def test_followers_beyond_the_senders_hourly_notifications_are_not_notified(ckan_config):
    ckan_config["ckanext.digicanvis.forum.notifications_per_hour"] = 4
    followers = [sender(f"seguidor{n}") for n in range(6)]
    for person in followers:
        as_user("forum_follow", person, object_type="category", id="general")
    author = sender("autor")

    factories.forum_topic(author, category="general", body="Primer missatge.")
    factories.forum_topic(author, category="general", body="Segon missatge.")

    assert model.Session.query(ForumNotification).filter_by(actor_id=author["id"]).count() == 4


def test_forum_editors_are_not_limited(ckan_config):
    ckan_config["ckanext.digicanvis.forum.notifications_per_hour"] = 2
    followers = [sender(f"seguidor{n}") for n in range(4)]
    for person in followers:
        as_user("forum_follow", person, object_type="category", id="general")
    editor = factories.forum_editor(sender("editora"))

    factories.forum_topic(editor, category="general", body="Avís de l'observatori.")

    assert model.Session.query(ForumNotification).filter_by(actor_id=editor["id"]).count() == 4
