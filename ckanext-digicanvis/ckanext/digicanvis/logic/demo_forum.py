"""The demo forum: conversations about the demo projects (``data/forum_demo.yaml``).

Everything goes through the forum's actions as the demo person who writes it, so the demo
forum is what people would have made (follows, linked projects, notifications). Idempotent: a
topic is known by its author and title, a message by its topic, author and text, an accepted
answer is set once; a second load finds everything and changes nothing. A topic or discussion
about a project the catalogue lacks is skipped and reported (a partial demo catalogue).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.digicanvis.logic import forum
from ckanext.digicanvis.logic.demo import site_context
from ckanext.digicanvis.model.forum import ForumPost, ForumTopic

DEMO_EMAIL_DOMAIN = "demo.digicanvis.localhost"


@dataclass
class ForumReport:
    users: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    posts: int = 0
    answers: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.users or self.topics or self.posts or self.answers)


def demo_forum() -> dict[str, Any]:
    """The demo forum's people, topics and discussions; messages without the final newline
    YAML's block text keeps (the forum stores a message as it is sent)."""
    source = resources.files("ckanext.digicanvis") / "data" / "forum_demo.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    for message in [*data["topics"], *(reply for topic in data["topics"] for reply in topic.get("replies", [])),
                    *(post for discussion in data["discussions"] for post in discussion["posts"])]:
        message["body"] = message["body"].strip()
    return data


def as_person(name: str) -> dict[str, Any]:
    """The context of a person acting on the site (no ignore_auth: the forum's rules apply)."""
    return {"user": name}


def ensure_user(person: dict[str, Any], report: ForumReport) -> None:
    """A demo account; nobody knows its password, and it is e-mailed nothing."""
    if model.User.get(person["name"]) is not None:
        return
    tk.get_action("user_create")(site_context(), {
        "name": person["name"], "fullname": person["fullname"], "about": person.get("about", ""),
        "email": f"{person['name']}@{DEMO_EMAIL_DOMAIN}", "password": secrets.token_urlsafe(24),
    })
    tk.get_action("forum_preferences_update")(as_person(person["name"]), {"email_mode": "none"})
    report.users.append(person["name"])


def missing_projects(names: list[str]) -> list[str]:
    return [name for name in names if model.Package.get(name) is None or model.Package.get(name).state != "active"]


def existing_topic(author: str, title: str) -> ForumTopic | None:
    return model.Session.query(ForumTopic).filter_by(author_id=model.User.get(author).id, title=title.strip()).first()


def existing_post(topic_id: str, author: str, body: str) -> ForumPost | None:
    return model.Session.query(ForumPost).filter_by(
        topic_id=topic_id, author_id=model.User.get(author).id, body=body).first()


def add_replies(topic_id: str, replies: list[dict[str, Any]], report: ForumReport) -> list[str]:
    """The messages in order, each once; ``reply_to`` (an index among them) threads one under
    another. Returns the messages' ids, for accepted answers."""
    ids: list[str] = []
    for reply in replies:
        found = existing_post(topic_id, reply["author"], reply["body"])
        if found is None:
            data = {"topic_id": topic_id, "body": reply["body"]}
            if "reply_to" in reply:
                data["parent_id"] = ids[reply["reply_to"]]
            ids.append(tk.get_action("forum_post_create")(as_person(reply["author"]), data)["id"])
            report.posts += 1
        else:
            ids.append(found.id)
    return ids


def load_topic(item: dict[str, Any], report: ForumReport) -> None:
    lacking = missing_projects(item.get("projects", []))
    if lacking:
        report.skipped.append((item["title"], "projects not in the catalogue: " + ", ".join(lacking)))
        return
    topic = existing_topic(item["author"], item["title"])
    if topic is None:
        created = tk.get_action("forum_topic_create")(as_person(item["author"]), {
            "category": item["category"], "title": item["title"], "body": item["body"], "kind": item["kind"],
            "tags": item.get("tags", []), "projects": item.get("projects", []),
        })
        topic = forum.get_topic(created["id"])
        report.topics.append(item["title"])
        report.posts += 1
    ids = add_replies(topic.id, item.get("replies", []), report)
    answers = [post_id for post_id, reply in zip(ids, item.get("replies", [])) if reply.get("answer")]
    if answers and topic.answer_post_id != answers[0]:
        tk.get_action("forum_answer_accept")(as_person(item["author"]), {"post_id": answers[0]})
        report.answers += 1


def load_discussion(item: dict[str, Any], report: ForumReport) -> None:
    """A project's discussion tab: its first message makes the topic (forum_post_create)."""
    if missing_projects([item["project"]]):
        report.skipped.append((item["project"], "project not in the catalogue"))
        return
    posts = item["posts"]
    topic = forum.discussion_topic(model.Package.get(item["project"]).id)
    if topic is None:
        tk.get_action("forum_post_create")(as_person(posts[0]["author"]), {
            "project": item["project"], "body": posts[0]["body"]})
        report.posts += 1
        topic = forum.discussion_topic(model.Package.get(item["project"]).id)
        report.topics.append(topic.title)
    add_replies(topic.id, posts, report)


def load_demo_forum() -> ForumReport:
    """Create what is missing of the demo forum (the forum's categories first)."""
    data = demo_forum()
    report = ForumReport()
    forum.ensure_default_categories()
    for person in data["users"]:
        ensure_user(person, report)
    for item in data["topics"]:
        load_topic(item, report)
    for item in data["discussions"]:
        load_discussion(item, report)
    return report
