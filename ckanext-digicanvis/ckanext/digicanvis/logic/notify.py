"""Forum notifications: in-site, and by e-mail through CKAN's mailer from a Redis-queued job,
at once or in a daily digest, as each user prefers (``ForumPreference``).

E-mails are written when the notification is made, in the site's default language (CKAN
keeps no language per user), and the job only sends them: jobs run without a request.

Only people who may read a message hear of it: recipients are checked when a notification is
made, and again (in SQL) whenever notifications are listed, counted or sent as a digest, since a
project may turn private and a message may be hidden after the notification was made.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, or_

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.digicanvis.logic import limits, mail
from ckanext.digicanvis.logic.access import context_of, is_forum_editor, may_read_topic, readable_topics
from ckanext.digicanvis.model.forum import (
    ForumFollow, ForumNotification, ForumPost, ForumPreference, ForumTopic, ForumTopicProject, now,
)

log = logging.getLogger(__name__)
EMAIL_MODES = ("immediate", "daily", "none")


def email_mode(user_id: str) -> str:
    preference = model.Session.get(ForumPreference, user_id)
    return preference.email_mode if preference else "immediate"


def set_email_mode(user_id: str, mode: str) -> None:
    preference = model.Session.get(ForumPreference, user_id)
    if preference is None:
        model.Session.add(ForumPreference(user_id=user_id, email_mode=mode))
    else:
        preference.email_mode = mode


def followers(topic: ForumTopic) -> set[str]:
    """Users following the topic, its category or a project it links."""
    projects = [row.package_id for row in model.Session.query(ForumTopicProject).filter_by(topic_id=topic.id)]
    wanted = [("topic", topic.id), ("category", topic.category_id)] + [("project", pid) for pid in projects]
    users: set[str] = set()
    for object_type, object_id in wanted:
        users.update(row.user_id for row in model.Session.query(ForumFollow.user_id).filter_by(
            object_type=object_type, object_id=object_id))
    return users


def notification_budget(sender: model.User) -> int | None:
    """How many more notifications the sender's messages may cause this hour (None: no limit)."""
    if is_forum_editor(sender):
        return None
    used = limits.sent(sender.id, ("notification",), datetime.timedelta(hours=1))
    return max(tk.config["ckanext.digicanvis.forum.notifications_per_hour"] - used, 0)


def notify_post(topic: ForumTopic, post: ForumPost, mentioned: list[model.User]) -> list[ForumNotification]:
    """Mentions first (a mentioned follower gets one notification, the mention); only to
    people who may read the topic; followers beyond the sender's hourly budget are left out
    (the mentions were checked against it before the message was stored)."""
    made: dict[str, ForumNotification] = {}
    for user in mentioned:
        made[user.id] = ForumNotification(user_id=user.id, kind="mention", topic_id=topic.id, post_id=post.id, actor_id=post.author_id)
    for user_id in followers(topic):
        made.setdefault(user_id, ForumNotification(user_id=user_id, kind="reply", topic_id=topic.id, post_id=post.id, actor_id=post.author_id))
    made.pop(post.author_id, None)
    notifications = within_budget(model.Session.get(model.User, post.author_id),
                                  [made[user_id] for user_id in readers_among(made, topic)])
    model.Session.add_all(notifications)
    model.Session.flush()
    return notifications


def within_budget(sender: model.User, notifications: list[ForumNotification]) -> list[ForumNotification]:
    """The first of ``notifications`` the sender's hourly budget allows, recorded in the send
    log; the rest are left out (logged)."""
    budget = notification_budget(sender)
    if budget is not None and len(notifications) > budget:
        log.warning("forum: %s reached the hourly notification limit; %d people not notified",
                    sender.id, len(notifications) - budget)
        notifications = notifications[:budget]
    limits.record(sender.id, "notification", count=len(notifications))
    return notifications


def readers_among(user_ids: Any, topic: ForumTopic) -> list[str]:
    """Those of ``user_ids`` who may read ``topic``, in the given order."""
    users = {user.id: user for user in model.Session.query(model.User).filter(
        model.User.id.in_(list(user_ids)), model.User.state == "active")}
    return [user_id for user_id in user_ids if user_id in users and may_read_topic(context_of(users[user_id]), topic)]


def readable_notifications(user: model.User) -> Any:
    """The user's notifications of active messages in topics they may still read, and the
    editors' notices that they hid one of the user's own messages (in a topic the user may
    still read, hidden or not). One SQL query."""
    mine = model.Session.query(ForumNotification.id).join(ForumTopic, ForumTopic.id == ForumNotification.topic_id).join(
        ForumPost, ForumPost.id == ForumNotification.post_id).filter(ForumNotification.user_id == user.id)
    news = readable_topics(mine.filter(ForumNotification.kind != "moderated", ForumPost.state == "active"), user)
    notices = readable_topics(mine.filter(ForumNotification.kind == "moderated", ForumPost.author_id == user.id), user,
                              hidden_too=True)
    return model.Session.query(ForumNotification).filter(ForumNotification.id.in_(news.union(notices).subquery().select()))


def notify_moderated(topic: ForumTopic, post: ForumPost, actor: model.User, reason: str) -> ForumNotification:
    """Tell the author that the editors hid their message (or topic), and why."""
    notification = ForumNotification(user_id=post.author_id, kind="moderated", topic_id=topic.id, post_id=post.id,
                                     actor_id=actor.id, note=reason)
    model.Session.add(notification)
    model.Session.flush()
    return notification


def post_url(topic_id: str, post_id: str) -> str:
    # ?post= opens the page of a long topic that holds the message.
    return tk.url_for("digicanvis_forum.topic", id=topic_id, post=post_id, _external=True) + f"#post-{post_id}"


def describe(notification: ForumNotification) -> tuple[str, str]:
    """(one line, an excerpt) of a notification, in the current language."""
    topic = model.Session.get(ForumTopic, notification.topic_id)
    post = model.Session.get(ForumPost, notification.post_id)
    actor = model.Session.get(model.User, notification.actor_id)
    who = actor.display_name if actor else ""
    if notification.kind == "moderated":
        hidden_topic = topic.state != "active" and post.id == _opening_post_id(topic)
        line = (tk._('The editors hid your topic "{topic}"') if hidden_topic
                else tk._('The editors hid your message in "{topic}"')).format(topic=topic.title)
        return line, tk._("Reason: {reason}").format(reason=notification.note or "") + "\n\n" + tk._(
            "If you think this is a mistake, write to the observatory in the forum's \"Ask the observatory\" category.")
    if notification.kind == "mention":
        line = tk._('{who} mentioned you in "{topic}"').format(who=who, topic=topic.title)
    elif notification.kind == "suggestion":
        line = tk._('A project of your local body is suggested for the need "{topic}"').format(topic=topic.title)
    else:
        line = tk._('{who} wrote in "{topic}"').format(who=who, topic=topic.title)
    excerpt = post.body if len(post.body) <= 600 else post.body[:600] + "…"
    return line, f"{excerpt}\n\n{post_url(topic.id, post.id)}"


def _opening_post_id(topic: ForumTopic) -> str | None:
    return model.Session.query(ForumPost.id).filter_by(topic_id=topic.id).order_by(ForumPost.created).limit(1).scalar()


def email_text(notifications: list[ForumNotification], user: model.User | None = None) -> tuple[str, str]:
    """Subject and body of the e-mail about these notifications, in the recipient's language."""
    site = tk.config["ckan.site_title"]
    return mail.in_language(mail.language_of(user), lambda: _email_text(notifications, site))


def _email_text(notifications: list[ForumNotification], site: str) -> tuple[str, str]:
    parts = [describe(notification) for notification in notifications]
    if len(parts) == 1:
        subject = f"[{site}] {parts[0][0]}"
    else:
        subject = f"[{site}] " + tk._("{n} new messages in the forum").format(n=len(parts))
    footer = tk._("You receive this because you follow this conversation or were mentioned. "
                  "Change how often in your forum notifications page: {url}").format(
        url=tk.url_for("digicanvis_forum.notifications", _external=True))
    if any(notification.kind == "suggestion" for notification in notifications):
        footer += "\n" + tk._("You manage a local body whose project was suggested for a need. "
                               "Its administrators and editors can stop these notices: {url}").format(
            url=tk.url_for("digicanvis_needs.settings", _external=True))
    body = "\n\n---\n\n".join(f"{line}\n\n{text}" for line, text in parts) + f"\n\n-- \n{footer}\n"
    return subject, body


def queue_immediate_emails(notifications: list[ForumNotification]) -> int:
    queued = 0
    for notification in notifications:
        if email_mode(notification.user_id) != "immediate":
            continue
        user = model.Session.get(model.User, notification.user_id)
        if not user or not user.email:
            continue
        subject, body = email_text([notification], user)
        try:
            mail.enqueue(send_email, [[notification.id], user.display_name, user.email, subject, body],
                         f"{subject[:80]} → {user.email}")
        except mail.QueueUnavailable:
            # The message is saved; `ckan digicanvis forum-digest` sends what was not queued.
            continue
        queued += 1
    return queued


def send_email(notification_ids: list[int], name: str, address: str, subject: str, body: str) -> None:
    """The job: send, then record that these notifications went out. Skipped when the digest
    command already sent them while this job waited for the mail server."""
    unsent = model.Session.query(ForumNotification.id).filter(
        ForumNotification.id.in_(notification_ids), ForumNotification.emailed_at.is_(None))
    if not unsent.count():
        return
    mail.deliver(name, address, subject, body)
    model.Session.query(ForumNotification).filter(ForumNotification.id.in_(notification_ids)).update(
        {"emailed_at": now()}, synchronize_session=False)
    model.Session.commit()


# An "immediate" notification still not e-mailed this long after it was made was never
# queued (Redis did not answer): the digest command sends it.
UNQUEUED_AFTER = datetime.timedelta(minutes=10)


def send_daily_digests() -> dict[str, int]:
    """One e-mail per daily-digest user with everything not yet e-mailed, and one per
    immediate-mode user with what could not be queued (``ckan digicanvis forum-digest``)."""
    since = now() - datetime.timedelta(days=7)
    immediate = or_(ForumPreference.email_mode.is_(None), ForumPreference.email_mode == "immediate")
    pending = model.Session.query(ForumNotification).outerjoin(
        ForumPreference, ForumPreference.user_id == ForumNotification.user_id
    ).filter(or_(ForumPreference.email_mode == "daily",
                 and_(immediate, ForumNotification.created < now() - UNQUEUED_AFTER)),
             ForumNotification.emailed_at.is_(None),
             ForumNotification.created >= since).order_by(ForumNotification.created)
    by_user: dict[str, list[ForumNotification]] = defaultdict(list)
    for notification in pending:
        by_user[notification.user_id].append(notification)
    sent = 0
    for user_id in list(by_user):
        user = model.Session.get(model.User, user_id)
        still_readable = {n.id for n in readable_notifications(user)} if user and user.state == "active" else set()
        notifications = by_user[user_id] = [n for n in by_user[user_id] if n.id in still_readable]
        if not notifications or not user.email:
            continue
        subject, body = email_text(notifications, user)
        try:
            send_email([n.id for n in notifications], user.display_name, user.email, subject, body)
        except mail.SEND_ERRORS as error:
            log.warning("forum digest to %s not sent (next run tries again): %s", user.name, error)
            continue
        sent += 1
    return {"users": sent, "notifications": sum(len(n) for n in by_user.values())}


def unread_count(user: model.User) -> int:
    """Unread notifications of what ``user`` may still read (one count query)."""
    return readable_notifications(user).filter(ForumNotification.read_at.is_(None)).count()


def notification_dict(notification: ForumNotification) -> dict[str, Any]:
    line, _text = describe(notification)
    return {
        "id": notification.id,
        "kind": notification.kind,
        "topic_id": notification.topic_id,
        "post_id": notification.post_id,
        "text": line,
        "url": post_url(notification.topic_id, notification.post_id),
        "created": notification.created.isoformat(),
        "read": notification.read_at is not None,
    }
