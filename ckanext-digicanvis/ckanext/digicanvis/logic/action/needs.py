"""Actions of the needs. Every one has an auth function of the same name (logic/auth/needs.py)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context, DataDict

from ckanext.digicanvis.logic import forum, needs, notify, schema
from ckanext.digicanvis.logic.fields import choice_values
from ckanext.digicanvis.logic.people import required_user
from ckanext.digicanvis.model.forum import ForumTopic, now
from ckanext.digicanvis.model.needs import Need, NeedSuggestion

__all__ = [
    "need_create", "need_show", "need_list", "need_suggestions_refresh", "need_suggestion_pin",
    "need_solve", "need_reopen", "need_body_settings_show", "need_body_settings_update",
]


@tk.validate(schema.need_create)
def need_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """A local body posts a need: ``title``, ``description`` (markdown), ``area``, ``body``
    (a local body you belong to), optional ``technologies`` and ``budget_range``.

    It becomes a forum topic of kind ``need`` in the area's category (followers of the
    category are told as for any topic); the matching projects are suggested at once and
    their bodies told, unless they opted out.
    """
    tk.check_access("need_create", context, data_dict)
    author = required_user(context)
    if data_dict["area"] not in choice_values("area"):
        raise tk.ValidationError({"area": [tk._("Unknown value: {value}").format(value=data_dict["area"])]})
    body = needs.asking_body(author, data_dict["body"])
    category = forum.category_by_name(data_dict["area"])
    forum.check_rate_limit(author)
    forum.check_mentions(author, data_dict["description"], field="description")
    topic = ForumTopic(category_id=category.id, title=data_dict["title"].strip(), kind=needs.KIND, author_id=author.id, tags=[])
    model.Session.add(topic)
    model.Session.flush()
    post = forum.add_post(topic, author, data_dict["description"])
    need = Need(topic_id=topic.id, organization_id=body.id, area=data_dict["area"],
                technologies=data_dict.get("technologies") or [], budget_range=data_dict.get("budget_range"))
    model.Session.add(need)
    model.Session.flush()
    forum.link_projects(topic, forum.mentioned_projects(context, post.body))
    forum.follow(author, "topic", topic.id)
    # Followers of the category and people mentioned, as for any topic; then the bodies.
    notifications = notify.notify_post(topic, post, forum.mentioned_users(post.body))
    needs.commit_and_tell(topic, needs.refresh_suggestions(need, topic), author, notifications)
    return needs.need_dict(context, need, topic)


def _readable_need(context: Context, topic_id: str) -> tuple[Need, ForumTopic]:
    need, topic = needs.get_need(topic_id)
    if not forum.may_read_topic(context, topic):
        raise tk.ObjectNotFound(tk._("Need not found"))
    return need, topic


@tk.side_effect_free
@tk.validate(schema.by_id)
def need_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """A need with its forum ``topic`` (posts in thread order), its ``suggestions`` (pinned
    first; only projects you may read) and what solved it."""
    tk.check_access("need_show", context, data_dict)
    need, topic = _readable_need(context, data_dict["id"])
    return needs.need_dict(context, need, topic)


@tk.side_effect_free
@tk.validate(schema.need_list)
def need_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Needs, newest first, filtered by ``area``, asking ``body``, ``state`` (open, solved)
    or ``solved_with`` (a project: the needs it solved, and ``bodies_helped``)."""
    tk.check_access("need_list", context, data_dict)
    visible = forum.visible_topics(context).with_entities(ForumTopic.id).subquery()
    query = model.Session.query(Need, ForumTopic).join(ForumTopic, ForumTopic.id == Need.topic_id).filter(
        Need.topic_id.in_(model.Session.query(visible.c.id)))
    if data_dict.get("area"):
        query = query.filter(Need.area == data_dict["area"])
    if data_dict.get("body"):
        body = model.Group.get(data_dict["body"])
        query = query.filter(Need.organization_id == (body.id if body else ""))
    if data_dict["state"] != "all":
        query = query.filter(Need.solved_at.isnot(None) if data_dict["state"] == "solved" else Need.solved_at.is_(None))
    result: dict[str, Any] = {}
    if data_dict.get("solved_with"):
        package = forum.readable_project(context, data_dict["solved_with"], field="solved_with")
        query = query.filter(Need.solved_project_id == package.id, Need.solved_at.isnot(None))
        result["bodies_helped"] = needs.helped_bodies(package.id)
    rows, page = data_dict["rows"], data_dict["page"]
    found = query.order_by(Need.created.desc()).offset((page - 1) * rows).limit(rows)
    result.update(count=query.count(), page=page, rows=rows,
                  results=[needs.need_dict(context, need, topic, with_topic=False) for need, topic in found])
    return result


@tk.validate(schema.by_id)
def need_suggestions_refresh(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Match the need against the catalogue again (the asker or a forum editor): pinned
    suggestions stay, bodies of newly suggested projects are told."""
    tk.check_access("need_suggestions_refresh", context, data_dict)
    need, topic = _readable_need(context, data_dict["id"])
    needs.commit_and_tell(topic, needs.refresh_suggestions(need, topic), required_user(context))
    return needs.need_dict(context, need, topic)


@tk.validate(schema.need_suggestion_pin)
def need_suggestion_pin(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Forum editors pin a ``project`` on a need (``pinned`` true, the default: it is shown
    first, and added if it was not suggested) or unpin it."""
    tk.check_access("need_suggestion_pin", context, data_dict)
    editor = required_user(context)
    need, topic = _readable_need(context, data_dict["id"])
    package = forum.readable_project(context, data_dict["project"], field="project")
    if package.private:
        raise tk.ValidationError({"project": [tk._("Only public projects can be suggested.")]})
    row = model.Session.get(NeedSuggestion, (need.topic_id, package.id))
    added = []
    if row is None and data_dict["pinned"]:
        row = NeedSuggestion(topic_id=need.topic_id, package_id=package.id, rank=0, score=0.0)
        model.Session.add(row)
        added.append(row)
    if row is not None:
        row.pinned, row.pinned_by = data_dict["pinned"], editor.id if data_dict["pinned"] else None
    model.Session.flush()
    needs.commit_and_tell(topic, added, editor)
    return needs.need_dict(context, need, topic)


@tk.validate(schema.need_solve)
def need_solve(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Mark a need solved (its asker or a forum editor), naming the ``project`` or the reply
    (``post_id``) that helped, or both. The project then shows "helped N local bodies"."""
    tk.check_access("need_solve", context, data_dict)
    user = required_user(context)
    need, topic = _readable_need(context, data_dict["id"])
    if not data_dict.get("project") and not data_dict.get("post_id"):
        raise tk.ValidationError({"project": [tk._("Name the project or the reply that helped.")]})
    package = forum.readable_project(context, data_dict["project"], field="project") if data_dict.get("project") else None
    post = needs.solving_post(topic, data_dict.get("post_id"))
    need.solved_at, need.solved_by = now(), user.id
    need.solved_project_id = package.id if package else None
    need.solved_post_id = post.id if post else None
    topic.answer_post_id = post.id if post else None
    if package:
        forum.link_projects(topic, [package])
    model.Session.commit()
    return needs.need_dict(context, need, topic)


@tk.validate(schema.by_id)
def need_reopen(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Undo "solved" (its asker or a forum editor)."""
    tk.check_access("need_reopen", context, data_dict)
    need, topic = _readable_need(context, data_dict["id"])
    need.solved_at = need.solved_by = need.solved_project_id = need.solved_post_id = None
    topic.answer_post_id = None
    model.Session.commit()
    return needs.need_dict(context, need, topic)


@tk.side_effect_free
def need_body_settings_show(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """For each local body you manage (admin or editor): whether it is told when its projects
    are suggested for a need."""
    tk.check_access("need_body_settings_show", context, data_dict)
    user = required_user(context)
    return [{"body": {"id": body.id, "name": body.name, "title": body.title},
             "notify_suggestions": needs.body_wants_notices(body.id)}
            for body in needs.bodies_of(user) if needs.manages(user, body.id)]


@tk.validate(schema.need_body_settings_update)
def need_body_settings_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """A body's admins and editors choose whether it is told (``notify_suggestions``)."""
    tk.check_access("need_body_settings_update", context, data_dict)
    body = model.Group.get(data_dict["body"])
    needs.set_body_notices(body.id, required_user(context), bool(data_dict.get("notify_suggestions")))
    model.Session.commit()
    return {"body": body.name, "notify_suggestions": needs.body_wants_notices(body.id)}
