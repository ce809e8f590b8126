"""Joining a local body: a person asks, the body's admins (or the observatory editors, while
the body has none) decide. Requests also come from single sign-on, when the identity
provider names the person's body."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, UnicodeText, text

import ckan.plugins.toolkit as tk
from ckan.model.types import make_uuid

from .forum import now

STATUSES = ("pending", "approved", "rejected", "cancelled")


class MembershipRequest(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_membership_request"
    __table_args__ = (
        # One open request per person and body.
        Index("digicanvis_membership_request_open", "user_id", "organization_id", unique=True,
              postgresql_where=text("status = 'pending'")),
    )

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    user_id = Column(UnicodeText, ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    organization_id = Column(UnicodeText, ForeignKey("group.id", ondelete="CASCADE"), nullable=False, index=True)
    message = Column(UnicodeText, nullable=False, default="")
    source = Column(UnicodeText, nullable=False, default="web")  # web, sso
    status = Column(UnicodeText, nullable=False, default="pending")
    role = Column(UnicodeText)  # the role given on approval
    decided_by = Column(UnicodeText, ForeignKey("user.id"))
    decision_note = Column(UnicodeText)
    created = Column(DateTime, nullable=False, default=now)
    decided = Column(DateTime)
