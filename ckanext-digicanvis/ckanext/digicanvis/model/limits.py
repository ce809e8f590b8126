"""What each person sent, kept for the abuse limits (logic/limits.py).

A limit counts these rows, not the requests or notifications that remain: deleting what one
sent must not give the allowance back. Rows hold no text, only who, what kind, to which
project, how many and when.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, UnicodeText

import ckan.plugins.toolkit as tk

from .forum import now


class SendLog(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_send_log"
    __table_args__ = (Index("digicanvis_send_log_sender_kind_created", "sender_id", "kind", "created"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    sender_id = Column(UnicodeText, ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    kind = Column(UnicodeText, nullable=False)  # contact, visit, notification, membership, confirmation
    package_id = Column(UnicodeText, ForeignKey("package.id", ondelete="CASCADE"), nullable=True)
    count = Column(Integer, nullable=False, default=1)
    created = Column(DateTime, nullable=False, default=now)
