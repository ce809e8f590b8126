"""The forum's rules and queries; ``logic/action/forum.py`` exposes them as actions.

Bodies are markdown, rendered through CKAN's sanitiser (``h.render_markdown``): no raw HTML,
no script, no ``javascript:`` links. ``@username`` mentions notify that user; links to
project pages link the topic to those projects, and their cards show under the post.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Iterable

from sqlalchemy import func, or_

import ckan.plugins.toolkit as tk
from ckan import model

# may_read_topic and readable_project are part of the forum's vocabulary (views, actions).
from ckanext.digicanvis.logic.access import is_forum_editor, may_read_topic, readable_project, readable_topics  # noqa: F401
from ckanext.digicanvis.search_terms import fold
from ckanext.digicanvis.logic.fields import PROJECT_TYPE
from ckanext.digicanvis.logic.people import is_observatory_editor, user_of
from ckanext.digicanvis.logic.validators import POSTS_PER_PAGE
from ckanext.digicanvis.model.forum import (
    ForumCategory, ForumFlag, ForumFollow, ForumModerationLog, ForumPost, ForumPostRevision,
    ForumTopic, ForumTopicProject, now,
)

KINDS = ("discussion", "question")
# The first categories: the six areas of the project file, General and Ask the observatory.
DEFAULT_CATEGORIES = [
    ("citizen_attention", {"ca": "Primera línia d'atenció ciutadana", "es": "Primera línea de atención ciudadana", "en": "First line of citizen attention"}),
    ("services_procedures", {"ca": "Serveis i tràmits", "es": "Servicios y trámites", "en": "Services and procedures"}),
    ("social_services", {"ca": "Serveis socials", "es": "Servicios sociales", "en": "Social services"}),
    ("participation_open_government", {"ca": "Participació i govern obert", "es": "Participación y gobierno abierto", "en": "Participation and open government"}),
    ("planning_management", {"ca": "Planificació i gestió pública", "es": "Planificación y gestión pública", "en": "Public planning and management"}),
    ("integral_transformation", {"ca": "Transformació integral i canvi cultural", "es": "Transformación integral y cambio cultural", "en": "Integral transformation and cultural change"}),
    ("general", {"ca": "General", "es": "General", "en": "General"}),
    ("ask", {"ca": "Pregunteu a l'observatori", "es": "Pregunte al observatorio", "en": "Ask the observatory"}),
]
FOLLOWABLE = ("topic", "category", "project")
POST_ACTIONS = ("hide", "restore", "dismiss")
TOPIC_ACTIONS = ("hide_topic", "restore_topic", "lock", "unlock", "pin", "unpin", "move")
MODERATION_ACTIONS = POST_ACTIONS + TOPIC_ACTIONS


def moderation_label(action: str) -> str:
    """A moderation action in the reader's language (the log stores the machine word)."""
    labels = {
        "hide": tk._("hid a message"), "restore": tk._("restored a message"),
        "dismiss": tk._("dismissed the reports on a message"), "hide_topic": tk._("hid a topic"),
        "restore_topic": tk._("restored a topic"), "lock": tk._("locked a topic"), "unlock": tk._("unlocked a topic"),
        "pin": tk._("pinned a topic"), "unpin": tk._("unpinned a topic"), "move": tk._("moved a topic"),
    }
    return labels.get(action, action)
MENTION = re.compile(r"(?<![\w@/])@([a-z0-9_-]{2,100})")
PROJECT_LINK = re.compile(r"(?:https?://[^\s/]+)?/(?:[a-z]{2}/)?" + PROJECT_TYPE + r"/([a-z0-9_-]{2,100})(?![\w/-])")


def session() -> Any:
    return model.Session


def ensure_default_categories() -> int:
    """Add the first categories that are missing (``ckan digicanvis forum-init``); returns how many."""
    existing = {name for (name,) in session().query(ForumCategory.name)}
    missing = [(position, name, title) for position, (name, title) in enumerate(DEFAULT_CATEGORIES) if name not in existing]
    for position, name, title in missing:
        session().add(ForumCategory(name=name, title=title, description={}, position=position))
    session().commit()
    return len(missing)


# ------------------------------------------------------------------ lookups


def category_by_name(name: str) -> ForumCategory:
    category = session().query(ForumCategory).filter(
        or_(ForumCategory.name == name, ForumCategory.id == name), ForumCategory.state == "active"
    ).first()
    if category is None:
        raise tk.ValidationError({"category": [tk._("Unknown category: {name}").format(name=name)]})
    return category


def get_topic(topic_id: str) -> ForumTopic:
    topic = session().get(ForumTopic, topic_id)
    if topic is None:
        raise tk.ObjectNotFound(tk._("Topic not found"))
    return topic


def get_post(post_id: str) -> ForumPost:
    post = session().get(ForumPost, post_id)
    if post is None:
        raise tk.ObjectNotFound(tk._("Post not found"))
    return post


def discussion_topic(package_id: str) -> ForumTopic | None:
    return session().query(ForumTopic).filter_by(discussion_of=package_id).first()


# ------------------------------------------------------------------ writing


def check_rate_limit(user: model.User) -> None:
    limit = tk.config["ckanext.digicanvis.forum.posts_per_hour"]
    if limit <= 0 or is_forum_editor(user):
        return
    since = now() - datetime.timedelta(hours=1)
    recent = session().query(func.count(ForumPost.id)).filter(
        ForumPost.author_id == user.id, ForumPost.created >= since
    ).scalar()
    if recent >= limit:
        raise tk.ValidationError({"body": [tk._("You have posted {n} messages in the last hour, the limit. Please wait a little.").format(n=recent)]})


def check_mentions(author: model.User, body: str, field: str = "body") -> None:
    """Refuse a message that mentions more people than one message may, or than the author's
    notifications left for this hour (before anything is stored); the error names ``field``."""
    from ckanext.digicanvis.logic.notify import notification_budget

    mentioned = [user for user in mentioned_users(body) if user.id != author.id]
    most = tk.config["ckanext.digicanvis.forum.max_mentions"]
    if len(mentioned) > most:
        raise tk.ValidationError({field: [tk._("A message may mention at most {max} people.").format(max=most)]})
    budget = notification_budget(author)
    if budget is not None and len(mentioned) > budget:
        raise tk.ValidationError({field: [tk._(
            "Your messages have notified many people in the last hour, the limit. Post without @mentions or try again later.")]})


def mentioned_users(body: str) -> list[model.User]:
    names = {name.lower() for name in MENTION.findall(body)}
    if not names:
        return []
    return session().query(model.User).filter(model.User.name.in_(names), model.User.state == "active").all()


def mentioned_projects(context: dict[str, Any], body: str) -> list[model.Package]:
    found = []
    for name in dict.fromkeys(PROJECT_LINK.findall(body)):
        try:
            found.append(readable_project(context, name))
        except tk.ValidationError:
            continue
    return found


def link_projects(topic: ForumTopic, packages: Iterable[model.Package]) -> None:
    linked = {row.package_id for row in session().query(ForumTopicProject).filter_by(topic_id=topic.id)}
    for package in packages:
        if package.id not in linked:
            session().add(ForumTopicProject(topic_id=topic.id, package_id=package.id))
            linked.add(package.id)
    session().flush()  # CKAN's session does not autoflush: followers() reads these links


def quoted(post: ForumPost) -> str:
    author = session().get(model.User, post.author_id)
    lines = "\n".join(f"> {line}" for line in post.body.splitlines())
    return f"> **@{author.name}**:\n{lines}\n\n"


def add_post(topic: ForumTopic, author: model.User, body: str, parent: ForumPost | None = None) -> ForumPost:
    post = ForumPost(topic_id=topic.id, author_id=author.id, body=body,
                     parent_id=(parent.parent_id or parent.id) if parent else None)
    session().add(post)
    topic.last_activity = now()
    session().flush()
    return post


def follow(user: model.User, object_type: str, object_id: str) -> bool:
    """True when this made the user a follower."""
    existing = session().get(ForumFollow, (user.id, object_type, object_id))
    if existing is not None:
        return False
    session().add(ForumFollow(user_id=user.id, object_type=object_type, object_id=object_id))
    return True


def unfollow(user: model.User, object_type: str, object_id: str) -> bool:
    existing = session().get(ForumFollow, (user.id, object_type, object_id))
    if existing is None:
        return False
    session().delete(existing)
    return True


def is_following(user: model.User | None, object_type: str, object_id: str) -> bool:
    return bool(user) and session().get(ForumFollow, (user.id, object_type, object_id)) is not None


def follow_dict(context: dict[str, Any], row: ForumFollow) -> dict[str, Any] | None:
    """A follow with what people read (title, address), or None if no longer readable."""
    base = {"object_type": row.object_type, "id": row.object_id, "created": row.created.isoformat()}
    if row.object_type == "topic":
        topic = session().get(ForumTopic, row.object_id)
        if topic is None or not may_read_topic(context, topic):
            return None
        return {**base, "title": topic.title, "url": tk.url_for("digicanvis_forum.topic", id=topic.id)}
    if row.object_type == "category":
        category = session().get(ForumCategory, row.object_id)
        if category is None or category.state != "active":
            return None
        return {**base, "title": translated(category.title), "url": tk.url_for("digicanvis_forum.category", name=category.name)}
    try:
        package = readable_project(context, row.object_id)
    except tk.ValidationError:
        return None
    return {**base, "title": package.title, "url": tk.url_for(f"{PROJECT_TYPE}.read", id=package.name)}


def revise(post: ForumPost, editor: model.User, body: str) -> None:
    session().add(ForumPostRevision(post_id=post.id, body=post.body, edited_by=editor.id))
    post.body = body
    post.edited = now()


def log_moderation(actor: model.User, action: str, reason: str, topic: ForumTopic | None = None,
                   post: ForumPost | None = None) -> None:
    session().add(ForumModerationLog(actor_id=actor.id, action=action, reason=reason,
                                     topic_id=topic.id if topic else None, post_id=post.id if post else None))


def resolve_flags(post: ForumPost) -> None:
    session().query(ForumFlag).filter_by(post_id=post.id, resolved=False).update({"resolved": True})


def opening_post(topic: ForumTopic) -> ForumPost | None:
    return session().query(ForumPost).filter_by(topic_id=topic.id).order_by(ForumPost.created).first()


# ------------------------------------------------------------------ reading


def language() -> str:
    try:
        return tk.h.lang() or tk.config["ckan.locale_default"]
    except RuntimeError:  # no request (jobs, commands)
        return tk.config["ckan.locale_default"]


def translated(texts: dict[str, str]) -> str:
    return texts.get(language()) or texts.get(tk.config["ckan.locale_default"]) or next(iter(texts.values()), "")


def category_dict(category: ForumCategory) -> dict[str, Any]:
    return {
        "id": category.id,
        "name": category.name,
        "title": translated(category.title),
        "title_translated": category.title,
        "description": translated(category.description or {}),
        "position": category.position,
    }


def user_summary(user_id: str) -> dict[str, Any]:
    return user_summaries([user_id]).get(user_id) or {"name": "", "display_name": ""}


def user_summaries(user_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Name and display name of each user, in one query."""
    ids = set(user_ids)
    users = session().query(model.User).filter(model.User.id.in_(ids)).all() if ids else []
    return {user.id: {"name": user.name, "display_name": user.display_name} for user in users}


def counts_by_post(column: Any, post_ids: list[str], *conditions: Any) -> dict[str, int]:
    """How many rows of ``column``'s table each post has (revisions, open flags), in one query."""
    if not post_ids:
        return {}
    query = session().query(column.class_.post_id, func.count(column)).filter(column.class_.post_id.in_(post_ids), *conditions)
    return dict(query.group_by(column.class_.post_id).all())


def render(body: str) -> str:
    """Markdown through CKAN's sanitiser, with @mentions as links to the user's page."""
    def link(match: re.Match[str]) -> str:
        return f"[@{match.group(1)}](/user/{match.group(1)})"
    return str(tk.h.render_markdown(MENTION.sub(link, body)))


def project_cards(context: dict[str, Any], body: str) -> list[dict[str, Any]]:
    return [
        {"name": package.name, "title": package.title, "url": tk.url_for(f"{PROJECT_TYPE}.read", id=package.name),
         "organization": package.get_groups("organization")[0].title if package.owner_org and package.get_groups("organization") else ""}
        for package in mentioned_projects(context, body)
    ]


def post_dicts(context: dict[str, Any], posts: list[ForumPost], topic: ForumTopic, editor: bool) -> list[dict[str, Any]]:
    """The posts as the API and pages show them (a hidden one as a placeholder, except for
    editors); authors and counts come in one query each."""
    shown = [post for post in posts if editor or post.state == "active"]
    ids = [post.id for post in shown]
    authors = user_summaries(post.author_id for post in shown)
    revisions = counts_by_post(ForumPostRevision.id, ids)
    flags = counts_by_post(ForumFlag.id, ids, ForumFlag.resolved.is_(False)) if editor else {}
    result = []
    for post in posts:
        if post.state != "active" and not editor:
            result.append(hidden_placeholder(post))
            continue
        data: dict[str, Any] = {
            "id": post.id,
            "topic_id": post.topic_id,
            "parent_id": post.parent_id,
            "author": authors.get(post.author_id) or {"name": "", "display_name": ""},
            "body": post.body,
            "body_html": render(post.body),
            "created": post.created.isoformat(),
            "edited": post.edited.isoformat() if post.edited else None,
            "state": post.state,
            "is_answer": topic.answer_post_id == post.id,
            "projects": project_cards(context, post.body),
            "revisions": revisions.get(post.id, 0),
        }
        if editor:
            data["open_flags"] = flags.get(post.id, 0)
        result.append(data)
    return result


def post_dict(context: dict[str, Any], post: ForumPost, topic: ForumTopic, editor: bool) -> dict[str, Any]:
    return post_dicts(context, [post], topic, editor)[0]


def hidden_placeholder(post: ForumPost) -> dict[str, Any]:
    """What readers see of a hidden message: its place in the thread, no text, no author."""
    return {
        "id": post.id, "topic_id": post.topic_id, "parent_id": post.parent_id,
        "author": {"name": "", "display_name": ""}, "body": "", "body_html": "",
        "created": post.created.isoformat(), "edited": None, "state": post.state,
        "is_answer": False, "projects": [], "revisions": 0,
    }


def thread_order(posts: list[ForumPost], answer_id: str | None) -> list[ForumPost]:
    """Opening post, then the accepted answer, then top-level posts each followed by its replies."""
    if not posts:
        return []
    opening, rest = posts[0], posts[1:]
    replies: dict[str, list[ForumPost]] = {}
    for post in rest:
        if post.parent_id:
            replies.setdefault(post.parent_id, []).append(post)
    top = [post for post in rest if not post.parent_id]
    top.sort(key=lambda post: (post.id != answer_id, post.created))
    ordered = [opening]
    for post in top:
        ordered.append(post)
        ordered.extend(replies.get(post.id, []))
    ordered.extend(replies.get(opening.id, []))
    return ordered


def linked_projects(context: dict[str, Any], topic: ForumTopic) -> list[dict[str, Any]]:
    rows = session().query(model.Package).join(ForumTopicProject, ForumTopicProject.package_id == model.Package.id).filter(
        ForumTopicProject.topic_id == topic.id, model.Package.state == "active")
    result = []
    for package in rows:
        try:
            readable_project(context, package.id)
        except tk.ValidationError:
            continue
        result.append({"id": package.id, "name": package.name, "title": package.title})
    return result


def topic_summary(topic: ForumTopic) -> dict[str, Any]:
    category = session().get(ForumCategory, topic.category_id)
    replies = session().query(func.count(ForumPost.id)).filter(
        ForumPost.topic_id == topic.id, ForumPost.state == "active").scalar() - 1
    return {
        "id": topic.id,
        "title": topic.title,
        "kind": topic.kind,
        "category": category.name,
        "category_title": translated(category.title),
        "author": user_summary(topic.author_id),
        "tags": list(topic.tags or []),
        "created": topic.created.isoformat(),
        "last_activity": topic.last_activity.isoformat(),
        "locked": topic.locked,
        "pinned": topic.pinned,
        "state": topic.state,
        "answered": bool(topic.answer_post_id),
        "discussion_of": topic.discussion_of,
        "reply_count": max(replies, 0),
    }


def topic_dict(context: dict[str, Any], topic: ForumTopic, page: int = 1, rows: int = POSTS_PER_PAGE,
               post_id: str | None = None) -> dict[str, Any]:
    """The topic with one page of its ``posts`` in thread order (``post_count`` in all);
    ``post_id`` picks the page that holds that message."""
    user = user_of(context)
    editor = is_forum_editor(user)
    # The order needs every post's place in the thread, not its text: light rows first,
    # then the full posts of the page asked for. Hidden posts keep their place (readers see a
    # placeholder), so a message's page is the same for everyone.
    outline = session().query(ForumPost.id, ForumPost.parent_id, ForumPost.created).filter_by(
        topic_id=topic.id).order_by(ForumPost.created).all()
    ordered = [row.id for row in thread_order(outline, topic.answer_post_id)]
    if post_id in ordered:
        page = ordered.index(post_id) // rows + 1
    shown = ordered[(page - 1) * rows:page * rows]
    posts = {post.id: post for post in session().query(ForumPost).filter(ForumPost.id.in_(shown))} if shown else {}
    data = topic_summary(topic)
    data.update(
        posts=post_dicts(context, [posts[post] for post in shown], topic, editor),
        post_count=len(ordered),
        page=page,
        rows=rows,
        projects=linked_projects(context, topic),
        answer_post_id=topic.answer_post_id,
        following=is_following(user, "topic", topic.id),
    )
    return data


def visible_topics(context: dict[str, Any]) -> Any:
    """Topics a reader may list: active, and not the discussion of a project they may not read."""
    return readable_topics(session().query(ForumTopic), user_of(context))


def excerpt(body: str, words: str, width: int = 240) -> str:
    """Plain text around the first searched word (escaped when shown)."""
    text = re.sub(r"\s+", " ", body)
    # The search ignores accents and endings: look for each word's folded stem.
    lowered = "".join(fold(char)[:1] or char for char in text)
    positions = [lowered.find(fold(word)[:5]) for word in re.findall(r"\w+", words)]
    start = max(min([p for p in positions if p >= 0], default=0) - width // 3, 0)
    piece = text[start:start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")
