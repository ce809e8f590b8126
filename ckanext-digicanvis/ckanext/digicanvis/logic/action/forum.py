"""Actions of the forum. Every one has an auth function of the same name (logic/auth/forum.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context, DataDict

from ckanext.digicanvis.logic import forum, notify, schema
from ckanext.digicanvis.logic.people import required_user
from ckanext.digicanvis.logic.validators import digicanvis_forum_tags
from ckanext.digicanvis.model.forum import (
    ForumCategory, ForumFlag, ForumFollow, ForumModerationLog, ForumNotification, ForumPost, ForumTopic,
    ForumTopicProject, now,
)

__all__ = [
    "forum_category_list", "forum_category_create", "forum_topic_create", "forum_topic_show",
    "forum_topic_list", "forum_post_create", "forum_post_update", "forum_post_flag",
    "forum_answer_accept", "forum_moderate", "forum_flag_list", "forum_moderation_log_list",
    "forum_follow", "forum_unfollow", "forum_follow_list", "forum_search", "forum_notification_list",
    "forum_notification_mark_read", "forum_preferences_show", "forum_preferences_update",
]


def readable_topic(context: Context, topic_id: str) -> ForumTopic:
    """The topic, for editors too only when they may read it (a private project's discussion
    is its body's)."""
    topic = forum.get_topic(topic_id)
    if not forum.may_read_topic(context, topic):
        raise tk.ObjectNotFound(tk._("Topic not found"))
    return topic


def _tags(data_dict: DataDict) -> list[str]:
    try:
        return digicanvis_forum_tags(data_dict.get("tags") or [])
    except tk.Invalid as error:
        raise tk.ValidationError({"tags": [{"name": [error.error]}]})


def _commit_and_notify(topic: ForumTopic, post: ForumPost) -> None:
    notifications = notify.notify_post(topic, post, forum.mentioned_users(post.body))
    model.Session.commit()
    notify.queue_immediate_emails(notifications)


@tk.side_effect_free
def forum_category_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """The forum's categories in order, each with its number of visible topics."""
    tk.check_access("forum_category_list", context, data_dict)
    counts = dict(forum.visible_topics(context).with_entities(ForumTopic.category_id, func.count(ForumTopic.id))
                  .group_by(ForumTopic.category_id).all())
    categories = model.Session.query(ForumCategory).filter_by(state="active").order_by(ForumCategory.position)
    return [{**forum.category_dict(category), "topic_count": counts.get(category.id, 0)} for category in categories]


@tk.validate(schema.forum_category_create)
def forum_category_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Editors add a category: ``name``, ``title`` (Catalan), optional ``title_es``, ``title_en``."""
    tk.check_access("forum_category_create", context, data_dict)
    if model.Session.query(ForumCategory).filter_by(name=data_dict["name"]).first():
        raise tk.ValidationError({"name": [tk._("That name is already in use.")]})
    title = {"ca": data_dict["title"], "es": data_dict.get("title_es") or data_dict["title"],
             "en": data_dict.get("title_en") or data_dict["title"]}
    description = data_dict.get("description") or ""
    category = ForumCategory(name=data_dict["name"], title=title, position=data_dict["position"],
                             description={"ca": description} if description else {})
    model.Session.add(category)
    model.Session.commit()
    return forum.category_dict(category)


@tk.validate(schema.forum_topic_create)
def forum_topic_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Open a topic: ``category``, ``title``, ``body`` (markdown), ``kind`` discussion|question,
    optional ``tags`` and ``projects`` (names or ids). The author follows it."""
    tk.check_access("forum_topic_create", context, data_dict)
    author = required_user(context)
    tags = _tags(data_dict)
    category = forum.category_by_name(data_dict["category"])
    projects = [forum.readable_project(context, name) for name in data_dict.get("projects", [])]
    forum.check_rate_limit(author)
    forum.check_mentions(author, data_dict["body"])
    topic = ForumTopic(category_id=category.id, title=data_dict["title"].strip(), kind=data_dict["kind"],
                       author_id=author.id, tags=tags)
    model.Session.add(topic)
    model.Session.flush()
    post = forum.add_post(topic, author, data_dict["body"])
    forum.link_projects(topic, projects + forum.mentioned_projects(context, post.body))
    forum.follow(author, "topic", topic.id)
    _commit_and_notify(topic, post)
    return forum.topic_dict(context, topic)


@tk.side_effect_free
@tk.validate(schema.forum_topic_show)
def forum_topic_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """A topic with a page of its ``posts`` in thread order (accepted answer right after the
    question): ``page`` (from 1), ``rows`` per page (50, at most 200), or the page holding the
    message ``post``; ``post_count`` says how many there are in all."""
    tk.check_access("forum_topic_show", context, data_dict)
    topic = forum.get_topic(data_dict["id"])
    if not forum.may_read_topic(context, topic):
        raise tk.ObjectNotFound(tk._("Topic not found"))
    return forum.topic_dict(context, topic, data_dict["page"], data_dict["rows"], data_dict.get("post"))


@tk.side_effect_free
@tk.validate(schema.forum_topic_list)
def forum_topic_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Topics by latest activity (pinned first within a category), filtered by ``category``,
    ``kind``, ``unanswered`` questions, ``tag`` or ``project``; paged by ``page``/``rows``."""
    tk.check_access("forum_topic_list", context, data_dict)
    query = forum.visible_topics(context)
    if data_dict.get("category"):
        query = query.filter(ForumTopic.category_id == forum.category_by_name(data_dict["category"]).id)
    if data_dict.get("kind"):
        query = query.filter(ForumTopic.kind == data_dict["kind"])
    if data_dict["unanswered"]:
        query = query.filter(ForumTopic.kind == "question", ForumTopic.answer_post_id.is_(None))
    if data_dict.get("tag"):
        query = query.filter(ForumTopic.tags.any(data_dict["tag"].lower()))
    if data_dict.get("project"):
        package = forum.readable_project(context, data_dict["project"])
        query = query.join(ForumTopicProject, ForumTopicProject.topic_id == ForumTopic.id).filter(
            ForumTopicProject.package_id == package.id)
    order = ForumTopic.last_activity.desc() if data_dict["sort"] == "activity" else ForumTopic.created.desc()
    ordering = [ForumTopic.pinned.desc(), order] if data_dict.get("category") else [order]
    rows, page = data_dict["rows"], data_dict["page"]
    return {
        "count": query.count(),
        "page": page,
        "rows": rows,
        "results": [forum.topic_summary(topic) for topic in query.order_by(*ordering).offset((page - 1) * rows).limit(rows)],
    }


@tk.validate(schema.forum_post_create)
def forum_post_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Reply in ``topic_id``, or in a ``project``'s discussion (made on its first message).
    ``parent_id`` answers a post (threads are one level deep); ``quote_id`` quotes one."""
    tk.check_access("forum_post_create", context, data_dict)
    author = required_user(context)
    topic = _topic_to_post_in(context, data_dict, author)
    if topic.locked and not forum.is_forum_editor(author):
        raise tk.ValidationError({"topic_id": [tk._("This topic is locked: no more replies.")]})
    parent = _post_of_topic(data_dict.get("parent_id"), topic, "parent_id")
    quote = _post_of_topic(data_dict.get("quote_id"), topic, "quote_id")
    forum.check_rate_limit(author)
    body = (forum.quoted(quote) if quote else "") + data_dict["body"]
    forum.check_mentions(author, body)
    post = forum.add_post(topic, author, body, parent)
    forum.link_projects(topic, forum.mentioned_projects(context, body))
    forum.follow(author, "topic", topic.id)
    _commit_and_notify(topic, post)
    return forum.post_dict(context, post, topic, forum.is_forum_editor(author))


def _topic_to_post_in(context: Context, data_dict: DataDict, author: model.User) -> ForumTopic:
    if data_dict.get("topic_id"):
        topic = forum.get_topic(data_dict["topic_id"])
        if topic.state != "active" or not forum.may_read_topic(context, topic):
            raise tk.ObjectNotFound(tk._("Topic not found"))
        return topic
    if not data_dict.get("project"):
        raise tk.ValidationError({"topic_id": [tk._("Missing value")]})
    package = forum.readable_project(context, data_dict["project"])
    topic = forum.discussion_topic(package.id)
    if topic is None:
        area = (package.extras or {}).get("area") or "general"
        category = model.Session.query(ForumCategory).filter_by(name=area).first() or forum.category_by_name("general")
        topic = ForumTopic(category_id=category.id, title=package.title, kind="discussion",
                           author_id=author.id, discussion_of=package.id)
        model.Session.add(topic)
        model.Session.flush()
        forum.link_projects(topic, [package])
    return topic


def _post_of_topic(post_id: str | None, topic: ForumTopic, field: str) -> ForumPost | None:
    if not post_id:
        return None
    post = model.Session.get(ForumPost, post_id)
    if post is None or post.topic_id != topic.id or post.state != "active":
        raise tk.ValidationError({field: [tk._("No such message in this topic.")]})
    return post


@tk.validate(schema.forum_post_update)
def forum_post_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Edit a post (its author or an editor); the earlier text is kept."""
    tk.check_access("forum_post_update", context, data_dict)
    editor = required_user(context)
    post = forum.get_post(data_dict["id"])
    topic = readable_topic(context, post.topic_id)
    if topic.locked and not forum.is_forum_editor(editor):
        raise tk.ValidationError({"id": [tk._("This topic is locked: no more replies.")]})
    if post.body != data_dict["body"]:
        forum.revise(post, editor, data_dict["body"])
        forum.link_projects(topic, forum.mentioned_projects(context, data_dict["body"]))
        model.Session.commit()
    return forum.post_dict(context, post, topic, forum.is_forum_editor(editor))


@tk.validate(schema.forum_post_flag)
def forum_post_flag(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Report a post to the editors, with a ``reason``; once per user and post."""
    tk.check_access("forum_post_flag", context, data_dict)
    user = required_user(context)
    post = forum.get_post(data_dict["id"])
    if not forum.may_read_topic(context, forum.get_topic(post.topic_id)):
        raise tk.ObjectNotFound(tk._("Post not found"))
    if model.Session.query(ForumFlag).filter_by(post_id=post.id, user_id=user.id).first():
        raise tk.ValidationError({"id": [tk._("You have already reported this message.")]})
    model.Session.add(ForumFlag(post_id=post.id, user_id=user.id, reason=data_dict["reason"]))
    model.Session.commit()
    return {"post_id": post.id, "flagged": True}


@tk.validate(schema.forum_answer_accept)
def forum_answer_accept(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Mark a reply as a question's answer (the question's author or an editor)."""
    tk.check_access("forum_answer_accept", context, data_dict)
    post = forum.get_post(data_dict["post_id"])
    topic = readable_topic(context, post.topic_id)
    if topic.kind != "question":
        raise tk.ValidationError({"post_id": [tk._("Only questions have an accepted answer.")]})
    if forum.opening_post(topic).id == post.id or post.state != "active":
        raise tk.ValidationError({"post_id": [tk._("Choose a reply as the answer.")]})
    topic.answer_post_id = post.id
    model.Session.commit()
    return forum.topic_dict(context, topic, post_id=post.id)


@tk.validate(schema.forum_moderate)
def forum_moderate(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Editors, by message: ``hide``/``restore`` one post (a placeholder stays in the thread)
    or ``dismiss`` its reports; by topic: ``hide_topic``/``restore_topic``, ``lock``, ``unlock``,
    ``pin``, ``unpin`` or ``move`` (to ``category``). Logged with ``reason``; the author of a
    hidden post or topic is told why."""
    tk.check_access("forum_moderate", context, data_dict)
    actor = required_user(context)
    action = data_dict["action"]
    notices = []
    if action in forum.POST_ACTIONS:
        if not data_dict.get("post_id"):
            raise tk.ValidationError({"post_id": [tk._("Missing value")]})
        post = forum.get_post(data_dict["post_id"])
        topic = readable_topic(context, post.topic_id)
        if action == "dismiss":
            forum.resolve_flags(post)
        else:
            post.state = "hidden" if action == "hide" else "active"
            if action == "hide":
                forum.resolve_flags(post)
        forum.log_moderation(actor, action, data_dict["reason"], topic, post)
        if action == "hide":
            notices.append(notify.notify_moderated(topic, post, actor, data_dict["reason"]))
    else:
        if not data_dict.get("topic_id"):
            raise tk.ValidationError({"topic_id": [tk._("Missing value")]})
        topic = readable_topic(context, data_dict["topic_id"])
        if action == "move":
            topic.category_id = forum.category_by_name(data_dict.get("category") or "").id
        elif action in ("hide_topic", "restore_topic"):
            topic.state = "hidden" if action == "hide_topic" else "active"
        else:
            setattr(topic, "locked" if action in ("lock", "unlock") else "pinned", action in ("lock", "pin"))
        forum.log_moderation(actor, action, data_dict["reason"], topic)
        if action == "hide_topic":
            notices.append(notify.notify_moderated(topic, forum.opening_post(topic), actor, data_dict["reason"]))
    model.Session.commit()
    notify.queue_immediate_emails(notices)
    # The page of a long topic that holds the moderated message.
    return forum.topic_dict(context, topic, post_id=data_dict.get("post_id"))


@tk.side_effect_free
def forum_flag_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """The moderation queue: open reports, newest first, with the post they concern."""
    tk.check_access("forum_flag_list", context, data_dict)
    flags = model.Session.query(ForumFlag).filter_by(resolved=False).order_by(ForumFlag.created.desc()).limit(200)
    queue = []
    for flag in flags:
        post = model.Session.get(ForumPost, flag.post_id)
        topic = model.Session.get(ForumTopic, post.topic_id)
        if not forum.may_read_topic(context, topic):  # a private project's discussion
            continue
        queue.append({
            "id": flag.id, "reason": flag.reason, "created": flag.created.isoformat(),
            "flagged_by": forum.user_summary(flag.user_id),
            "post": forum.post_dict(context, post, topic, True), "topic": forum.topic_summary(topic),
        })
    return queue


@tk.side_effect_free
def forum_moderation_log_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """Every moderation action, newest first: who, what, on which topic or post, and why."""
    tk.check_access("forum_moderation_log_list", context, data_dict)
    rows = model.Session.query(ForumModerationLog).order_by(ForumModerationLog.created.desc()).limit(500)
    return [
        {"actor": forum.user_summary(row.actor_id), "action": row.action,
         "action_label": forum.moderation_label(row.action), "topic_id": row.topic_id,
         "post_id": row.post_id, "reason": row.reason, "created": row.created.isoformat()}
        for row in rows
    ]


def _followable(context: Context, data_dict: DataDict) -> str:
    object_type, object_id = data_dict["object_type"], data_dict["id"]
    if object_type == "topic":
        topic = forum.get_topic(object_id)
        if not forum.may_read_topic(context, topic):
            raise tk.ObjectNotFound(tk._("Topic not found"))
        return topic.id
    if object_type == "category":
        return forum.category_by_name(object_id).id
    return forum.readable_project(context, object_id).id


@tk.validate(schema.forum_follow)
def forum_follow(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Follow a ``topic``, ``category`` or ``project`` (``object_type``, ``id``): new messages
    there notify you."""
    tk.check_access("forum_follow", context, data_dict)
    object_id = _followable(context, data_dict)
    forum.follow(required_user(context), data_dict["object_type"], object_id)
    model.Session.commit()
    return {"object_type": data_dict["object_type"], "id": object_id, "following": True}


@tk.validate(schema.forum_follow)
def forum_unfollow(context: Context, data_dict: DataDict) -> dict[str, Any]:
    tk.check_access("forum_unfollow", context, data_dict)
    object_id = _followable(context, data_dict)
    forum.unfollow(required_user(context), data_dict["object_type"], object_id)
    model.Session.commit()
    return {"object_type": data_dict["object_type"], "id": object_id, "following": False}


@tk.side_effect_free
def forum_follow_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """What you follow (topics, categories, projects), newest first, each with its title and
    address; things you may no longer read are left out."""
    tk.check_access("forum_follow_list", context, data_dict)
    user = required_user(context)
    rows = model.Session.query(ForumFollow).filter_by(user_id=user.id).order_by(ForumFollow.created.desc())
    return [item for item in (forum.follow_dict(context, row) for row in rows) if item is not None]


@tk.side_effect_free
@tk.validate(schema.forum_search)
def forum_search(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Full-text search over topics and replies (PostgreSQL), optionally within a ``category``
    or ``tag``; each result links to its post, with a highlighted excerpt."""
    tk.check_access("forum_search", context, data_dict)
    # Catalan, Spanish and English stems without accents (migration 3c4d5e6f7081).
    document = func.digicanvis_search_vector(ForumTopic.title + " " + ForumPost.body)
    query = func.digicanvis_search_query(data_dict["q"])
    rows = forum.visible_topics(context).join(ForumPost, ForumPost.topic_id == ForumTopic.id).filter(
        ForumPost.state == "active", document.op("@@")(query))
    if data_dict.get("category"):
        rows = rows.filter(ForumTopic.category_id == forum.category_by_name(data_dict["category"]).id)
    if data_dict.get("tag"):
        rows = rows.filter(ForumTopic.tags.any(data_dict["tag"].lower()))
    count = rows.count()
    page, size = data_dict["page"], data_dict["rows"]
    found = rows.with_entities(ForumTopic, ForumPost, func.ts_rank(document, query).label("rank")).order_by(
        func.ts_rank(document, query).desc(), ForumPost.created.desc()).offset((page - 1) * size).limit(size)
    results = []
    for topic, post, rank in found:
        results.append({
            "topic": forum.topic_summary(topic),
            "post_id": post.id,
            "author": forum.user_summary(post.author_id),
            "created": post.created.isoformat(),
            "excerpt": forum.excerpt(post.body, data_dict["q"]),
            "url": notify.post_url(topic.id, post.id),
            "rank": float(rank),
        })
    return {"count": count, "page": page, "rows": size, "results": results}


@tk.side_effect_free
@tk.validate(schema.forum_notification_list)
def forum_notification_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Your notifications of messages you may still read, newest first (``unread_only`` to
    skip read ones), a ``page`` of ``rows`` at a time; ``count`` says how many there are,
    ``unread`` how many are unread."""
    tk.check_access("forum_notification_list", context, data_dict)
    user = required_user(context)
    query = notify.readable_notifications(user)
    unread = notify.unread_count(user)
    if data_dict["unread_only"]:
        query = query.filter(ForumNotification.read_at.is_(None))
    page, rows = data_dict["page"], data_dict["rows"]
    items = query.order_by(ForumNotification.created.desc(), ForumNotification.id.desc()).offset((page - 1) * rows).limit(rows)
    return {"unread": unread, "count": unread if data_dict["unread_only"] else query.count(), "page": page, "rows": rows,
            "results": [notify.notification_dict(item) for item in items]}


@tk.validate(schema.forum_notification_mark_read)
def forum_notification_mark_read(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Mark your notifications read: the given ``ids``, or all."""
    tk.check_access("forum_notification_mark_read", context, data_dict)
    user = required_user(context)
    query = model.Session.query(ForumNotification).filter(ForumNotification.user_id == user.id,
                                                          ForumNotification.read_at.is_(None))
    if data_dict.get("ids"):
        query = query.filter(ForumNotification.id.in_([int(i) for i in data_dict["ids"] if str(i).isdigit()]))
    marked = query.update({"read_at": now()}, synchronize_session=False)
    model.Session.commit()
    return {"marked": marked}


@tk.side_effect_free
def forum_preferences_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    tk.check_access("forum_preferences_show", context, data_dict)
    return {"email_mode": notify.email_mode(required_user(context).id)}


@tk.validate(schema.forum_preferences_update)
def forum_preferences_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """How your forum e-mails come: ``immediate``, ``daily`` digest or ``none``."""
    tk.check_access("forum_preferences_update", context, data_dict)
    notify.set_email_mode(required_user(context).id, data_dict["email_mode"])
    model.Session.commit()
    return {"email_mode": data_dict["email_mode"]}
