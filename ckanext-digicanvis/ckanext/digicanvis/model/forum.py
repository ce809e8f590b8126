"""The forum's tables: categories, topics, posts (with their edit history), flags, the
moderation log, follows, notifications and e-mail preferences.

A topic's opening message is its first post, so topics and replies are searched, flagged,
edited and moderated alike. A project's discussion is a topic with ``discussion_of`` set.
"""

from __future__ import annotations

import datetime
from typing import Any

from sqlalchemy import (
    Boolean, Column, DateTime, ForeignKey, Integer, UnicodeText, UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

import ckan.plugins.toolkit as tk
from ckan.model.types import make_uuid


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class ForumCategory(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_forum_category"

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    name = Column(UnicodeText, nullable=False, unique=True)
    # {"ca": ..., "es": ..., "en": ...}
    title = Column(JSONB, nullable=False)
    description = Column(JSONB, nullable=False, default=dict)
    position = Column(Integer, nullable=False, default=0)
    state = Column(UnicodeText, nullable=False, default="active")


class ForumTopic(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_forum_topic"

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    category_id = Column(UnicodeText, ForeignKey("digicanvis_forum_category.id"), nullable=False, index=True)
    title = Column(UnicodeText, nullable=False)
    kind = Column(UnicodeText, nullable=False, default="discussion")
    author_id = Column(UnicodeText, ForeignKey("user.id"), nullable=False)
    tags = Column(ARRAY(UnicodeText), nullable=False, default=list)
    created = Column(DateTime, nullable=False, default=now)
    last_activity = Column(DateTime, nullable=False, default=now, index=True)
    locked = Column(Boolean, nullable=False, default=False)
    pinned = Column(Boolean, nullable=False, default=False)
    state = Column(UnicodeText, nullable=False, default="active")
    answer_post_id = Column(UnicodeText)
    # The project whose discussion tab this topic is (at most one topic per project).
    discussion_of = Column(UnicodeText, ForeignKey("package.id", ondelete="CASCADE"), unique=True)


class ForumTopicProject(tk.BaseModel):  # type: ignore[misc, valid-type]
    """Projects a topic links to (its own project's discussion included)."""

    __tablename__ = "digicanvis_forum_topic_project"

    topic_id = Column(UnicodeText, ForeignKey("digicanvis_forum_topic.id", ondelete="CASCADE"), primary_key=True)
    package_id = Column(UnicodeText, ForeignKey("package.id", ondelete="CASCADE"), primary_key=True, index=True)


class ForumPost(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_forum_post"

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    topic_id = Column(UnicodeText, ForeignKey("digicanvis_forum_topic.id", ondelete="CASCADE"), nullable=False, index=True)
    parent_id = Column(UnicodeText, ForeignKey("digicanvis_forum_post.id", ondelete="CASCADE"))
    author_id = Column(UnicodeText, ForeignKey("user.id"), nullable=False, index=True)
    body = Column(UnicodeText, nullable=False)
    created = Column(DateTime, nullable=False, default=now, index=True)
    edited = Column(DateTime)
    state = Column(UnicodeText, nullable=False, default="active")


class ForumPostRevision(tk.BaseModel):  # type: ignore[misc, valid-type]
    """A post's earlier text, kept when it is edited."""

    __tablename__ = "digicanvis_forum_post_revision"

    id = Column(Integer, primary_key=True, autoincrement=True)
    post_id = Column(UnicodeText, ForeignKey("digicanvis_forum_post.id", ondelete="CASCADE"), nullable=False, index=True)
    body = Column(UnicodeText, nullable=False)
    edited_by = Column(UnicodeText, ForeignKey("user.id"), nullable=False)
    replaced_at = Column(DateTime, nullable=False, default=now)


class ForumFlag(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_forum_flag"
    __table_args__ = (UniqueConstraint("post_id", "user_id"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    post_id = Column(UnicodeText, ForeignKey("digicanvis_forum_post.id", ondelete="CASCADE"), nullable=False, index=True)
    user_id = Column(UnicodeText, ForeignKey("user.id"), nullable=False)
    reason = Column(UnicodeText, nullable=False)
    created = Column(DateTime, nullable=False, default=now)
    resolved = Column(Boolean, nullable=False, default=False)


class ForumModerationLog(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_forum_moderation_log"

    id = Column(Integer, primary_key=True, autoincrement=True)
    actor_id = Column(UnicodeText, ForeignKey("user.id"), nullable=False)
    action = Column(UnicodeText, nullable=False)
    topic_id = Column(UnicodeText, ForeignKey("digicanvis_forum_topic.id", ondelete="CASCADE"))
    post_id = Column(UnicodeText, ForeignKey("digicanvis_forum_post.id", ondelete="CASCADE"))
    reason = Column(UnicodeText, nullable=False)
    created = Column(DateTime, nullable=False, default=now)


class ForumFollow(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_forum_follow"

    user_id = Column(UnicodeText, ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    object_type = Column(UnicodeText, primary_key=True)  # topic, category, project
    object_id = Column(UnicodeText, primary_key=True, index=True)
    created = Column(DateTime, nullable=False, default=now)


class ForumNotification(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_forum_notification"

    id = Column(Integer, primary_key=True, autoincrement=True)
    user_id = Column(UnicodeText, ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = Column(UnicodeText, nullable=False)  # reply, mention, moderated
    note = Column(UnicodeText)  # why, for "moderated"
    topic_id = Column(UnicodeText, ForeignKey("digicanvis_forum_topic.id", ondelete="CASCADE"), nullable=False)
    post_id = Column(UnicodeText, ForeignKey("digicanvis_forum_post.id", ondelete="CASCADE"), nullable=False)
    actor_id = Column(UnicodeText, ForeignKey("user.id"), nullable=False)
    created = Column(DateTime, nullable=False, default=now)
    read_at = Column(DateTime)
    emailed_at = Column(DateTime)


class ForumPreference(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_forum_preference"

    user_id = Column(UnicodeText, ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    email_mode = Column(UnicodeText, nullable=False, default="immediate")  # immediate, daily, none

    def as_dict(self) -> dict[str, Any]:
        return {"email_mode": self.email_mode}
