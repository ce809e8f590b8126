"""The editorial workflow's record: what happened to a project in review (who, when, with
what comment)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, UnicodeText

import ckan.plugins.toolkit as tk

from .forum import now

# Events: the body submitted it; an editor published or returned it; the body changed it
# after publication (it waits for an editor to look at it, who then publishes or returns).
SUBMITTED, PUBLISHED, RETURNED, CHANGED = "submitted", "published", "returned", "changed"
EVENTS = (SUBMITTED, PUBLISHED, RETURNED, CHANGED)
DECISIONS = (PUBLISHED, RETURNED)


class ReviewEvent(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_review_event"

    id = Column(Integer, primary_key=True, autoincrement=True)
    package_id = Column(UnicodeText, ForeignKey("package.id", ondelete="CASCADE"), nullable=False, index=True)
    event = Column(UnicodeText, nullable=False)
    from_state = Column(UnicodeText)
    to_state = Column(UnicodeText)
    user_id = Column(UnicodeText, ForeignKey("user.id"), nullable=False)
    comment = Column(UnicodeText, nullable=False, default="")
    created = Column(DateTime, nullable=False, default=now, index=True)
