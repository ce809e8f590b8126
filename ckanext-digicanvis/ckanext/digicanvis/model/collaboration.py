"""Working with a project's team: contact requests, visit requests and reports, interests
in replicating or collaborating, and senders blocked for abuse.

Messages and addresses live only here and in the e-mails relayed from here, never in the
dataset record, so the search index and activity streams cannot leak them.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Integer, UnicodeText, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY

import ckan.plugins.toolkit as tk
from ckan.model.types import make_uuid

from .forum import now


class ContactRequest(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_contact_request"

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    package_id = Column(UnicodeText, ForeignKey("package.id", ondelete="CASCADE"), nullable=False, index=True)
    organization_id = Column(UnicodeText, ForeignKey("group.id"), nullable=False, index=True)
    sender_id = Column(UnicodeText, ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    message = Column(UnicodeText, nullable=False)
    status = Column(UnicodeText, nullable=False, default="sent")  # sent, answered, closed
    created = Column(DateTime, nullable=False, default=now)
    updated = Column(DateTime, nullable=False, default=now)


class VisitRequest(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_visit_request"

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    package_id = Column(UnicodeText, ForeignKey("package.id", ondelete="CASCADE"), nullable=False, index=True)
    organization_id = Column(UnicodeText, ForeignKey("group.id"), nullable=False, index=True)
    requester_id = Column(UnicodeText, ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    visiting_body_id = Column(UnicodeText, ForeignKey("group.id"), nullable=False)
    purpose = Column(UnicodeText, nullable=False)
    proposed_dates = Column(ARRAY(Date), nullable=False)
    visitors = Column(Integer, nullable=False)
    # requested, accepted, declined, other_dates (the host proposes ``host_dates``)
    status = Column(UnicodeText, nullable=False, default="requested")
    host_message = Column(UnicodeText)
    host_dates = Column(ARRAY(Date))
    accepted_date = Column(Date)
    created = Column(DateTime, nullable=False, default=now)
    updated = Column(DateTime, nullable=False, default=now)


class VisitReport(tk.BaseModel):  # type: ignore[misc, valid-type]
    """What the visitors learnt: public, shown on the project file."""

    __tablename__ = "digicanvis_visit_report"

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    visit_id = Column(UnicodeText, ForeignKey("digicanvis_visit_request.id", ondelete="CASCADE"), nullable=False, unique=True)
    package_id = Column(UnicodeText, ForeignKey("package.id", ondelete="CASCADE"), nullable=False, index=True)
    visiting_body_id = Column(UnicodeText, ForeignKey("group.id"), nullable=False)
    author_id = Column(UnicodeText, ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    body = Column(UnicodeText, nullable=False)
    created = Column(DateTime, nullable=False, default=now)


class CollaborationInterest(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_collaboration_interest"
    __table_args__ = (UniqueConstraint("package_id", "organization_id", "kind"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    package_id = Column(UnicodeText, ForeignKey("package.id", ondelete="CASCADE"), nullable=False, index=True)
    organization_id = Column(UnicodeText, ForeignKey("group.id"), nullable=False)
    user_id = Column(UnicodeText, ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    kind = Column(UnicodeText, nullable=False)  # replicate, collaborate
    public = Column(Boolean, nullable=False, default=False)
    created = Column(DateTime, nullable=False, default=now)


class BlockedSender(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_blocked_sender"

    user_id = Column(UnicodeText, ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    blocked_by = Column(UnicodeText, ForeignKey("user.id"), nullable=False)
    reason = Column(UnicodeText, nullable=False)
    created = Column(DateTime, nullable=False, default=now)
