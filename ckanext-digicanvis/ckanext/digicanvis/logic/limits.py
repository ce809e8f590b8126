"""Abuse limits: how much one person sent in a recent window, counted from the send log
(model/limits.py), so deleting what was sent gives nothing back."""

from __future__ import annotations

import datetime

from sqlalchemy import func

from ckan import model

from ckanext.digicanvis.model.forum import now
from ckanext.digicanvis.model.limits import SendLog


def record(sender_id: str, kind: str, package_id: str | None = None, count: int = 1) -> None:
    """Note that ``sender_id`` sent ``count`` things of ``kind`` (in the caller's transaction)."""
    if count > 0:
        model.Session.add(SendLog(sender_id=sender_id, kind=kind, package_id=package_id, count=count))


def sent(sender_id: str, kinds: tuple[str, ...], within: datetime.timedelta, package_id: str | None = None) -> int:
    """How many things of ``kinds`` the sender sent in the last ``within`` (to one project, if given)."""
    query = model.Session.query(func.coalesce(func.sum(SendLog.count), 0)).filter(
        SendLog.sender_id == sender_id, SendLog.kind.in_(kinds), SendLog.created >= now() - within)
    if package_id is not None:
        query = query.filter(SendLog.package_id == package_id)
    return int(query.scalar())
