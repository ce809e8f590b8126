"""Notices about projects for the people who document them, shown in "El meu espai": the
editors published or returned a project, a project needs an update."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, UnicodeText

import ckan.plugins.toolkit as tk

from .forum import now


class ProjectNotice(tk.BaseModel):  # type: ignore[misc, valid-type]
    """An in-site notice about a project for one person (returned, published, needs update)."""

    __tablename__ = "digicanvis_project_notice"

    id = Column(Integer, primary_key=True, autoincrement=True)
    user_id = Column(UnicodeText, ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    package_id = Column(UnicodeText, ForeignKey("package.id", ondelete="CASCADE"), nullable=False)
    kind = Column(UnicodeText, nullable=False)
    actor_id = Column(UnicodeText, ForeignKey("user.id"))
    note = Column(UnicodeText, nullable=False, default="")
    created = Column(DateTime, nullable=False, default=now)
    read_at = Column(DateTime)
