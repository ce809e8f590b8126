"""How fresh a project's record is: when its body last confirmed or edited it, when its
editors were reminded, and every phase it went through."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, UnicodeText

import ckan.plugins.toolkit as tk

from .forum import now


class ProjectFreshness(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_project_freshness"

    package_id = Column(UnicodeText, ForeignKey("package.id", ondelete="CASCADE"), primary_key=True)
    verified_at = Column(DateTime, nullable=False, default=now)
    verified_by = Column(UnicodeText, ForeignKey("user.id", ondelete="SET NULL"))
    confirmed = Column(DateTime)  # the last "still correct" click (verified_at also moves on edits)
    # When the editors were told it needs an update (cleared when it is verified again).
    stale_reminded_at = Column(DateTime)


class BodyReminder(tk.BaseModel):  # type: ignore[misc, valid-type]
    """The yearly e-mail asking a body's editors to look over all their projects."""

    __tablename__ = "digicanvis_body_reminder"

    organization_id = Column(UnicodeText, ForeignKey("group.id", ondelete="CASCADE"), primary_key=True)
    reminded_at = Column(DateTime, nullable=False, default=now)


class PhaseChange(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_phase_change"

    id = Column(Integer, primary_key=True, autoincrement=True)
    package_id = Column(UnicodeText, ForeignKey("package.id", ondelete="CASCADE"), nullable=False, index=True)
    phase = Column(UnicodeText, nullable=False)
    changed_at = Column(DateTime, nullable=False, default=now)
    user_id = Column(UnicodeText, ForeignKey("user.id", ondelete="SET NULL"))
