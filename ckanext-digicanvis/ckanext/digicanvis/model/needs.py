"""Needs posted by local bodies, the projects suggested for them, and each body's choice
about being told when its projects are suggested.

A need is a forum topic of kind ``need`` (its title, its opening post the description, its
category the area's); this table adds what a need has beyond a topic.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Float, ForeignKey, Integer, UnicodeText
from sqlalchemy.dialects.postgresql import ARRAY

import ckan.plugins.toolkit as tk

from .forum import now


class Need(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_need"

    topic_id = Column(UnicodeText, ForeignKey("digicanvis_forum_topic.id", ondelete="CASCADE"), primary_key=True)
    # The asking local body (one the author belongs to).
    organization_id = Column(UnicodeText, ForeignKey("group.id"), nullable=False, index=True)
    area = Column(UnicodeText, nullable=False)
    technologies = Column(ARRAY(UnicodeText), nullable=False, default=list)
    budget_range = Column(UnicodeText)
    created = Column(DateTime, nullable=False, default=now)
    solved_at = Column(DateTime)
    solved_by = Column(UnicodeText, ForeignKey("user.id"))
    # What helped: a project, an answer in the topic, or both.
    solved_project_id = Column(UnicodeText, ForeignKey("package.id", ondelete="SET NULL"), index=True)
    solved_post_id = Column(UnicodeText, ForeignKey("digicanvis_forum_post.id", ondelete="SET NULL"))


class NeedSuggestion(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_need_suggestion"

    topic_id = Column(UnicodeText, ForeignKey("digicanvis_need.topic_id", ondelete="CASCADE"), primary_key=True)
    package_id = Column(UnicodeText, ForeignKey("package.id", ondelete="CASCADE"), primary_key=True, index=True)
    rank = Column(Integer, nullable=False)
    score = Column(Float, nullable=False, default=0.0)
    pinned = Column(Boolean, nullable=False, default=False)
    pinned_by = Column(UnicodeText, ForeignKey("user.id"))
    # When the project's body was told (None: not yet, or the body opted out).
    notified_at = Column(DateTime)
    created = Column(DateTime, nullable=False, default=now)


class NeedBodySetting(tk.BaseModel):  # type: ignore[misc, valid-type]
    """A local body's choice; no row means the default: told."""

    __tablename__ = "digicanvis_need_body_setting"

    organization_id = Column(UnicodeText, ForeignKey("group.id", ondelete="CASCADE"), primary_key=True)
    notify_suggestions = Column(Boolean, nullable=False, default=True)
    updated_by = Column(UnicodeText, ForeignKey("user.id"), nullable=False)
    updated = Column(DateTime, nullable=False, default=now)
