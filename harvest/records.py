"""Provenance of harvested projects and the lines of each job's report (the tables of
``model/harvest.py``): what the harvesters, the spreadsheet import and the pages share."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Iterable

import sqlalchemy as sa

from ckan import model

from ckanext.digicanvis.model.forum import now
from ckanext.digicanvis.model.harvest import ACTIVE, DUPLICATE, OUTCOMES, WITHDRAWN, HarvestOutcome, HarvestRecord

__all__ = ["ACTIVE", "DUPLICATE", "WITHDRAWN", "OUTCOMES", "HarvestRecord", "HarvestOutcome"]


def fingerprint(value: Any) -> str:
    """A stable hash of JSON-able data: equal data, equal fingerprint."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def get(source_id: str, guid: str) -> HarvestRecord | None:
    return model.Session.query(HarvestRecord).filter_by(source_id=source_id, guid=guid).first()


def known(source_id: str) -> dict[str, tuple[str | None, str]]:
    """guid -> (content fingerprint, status) of every record a source brought so far."""
    rows = model.Session.query(HarvestRecord.guid, HarvestRecord.content_hash, HarvestRecord.status).filter_by(
        source_id=source_id
    )
    return {guid: (content_hash, status) for guid, content_hash, status in rows}


def of_package(package_id: str) -> list[HarvestRecord]:
    """Every source record about a project: the one it came from first, then duplicates."""
    return (
        model.Session.query(HarvestRecord)
        .filter_by(package_id=package_id)
        .order_by(sa.case((HarvestRecord.status == DUPLICATE, 1), else_=0), HarvestRecord.first_harvested)
        .all()
    )


def upsert(source_id: str, source_title: str, guid: str, **values: Any) -> HarvestRecord:
    """Create or change the record of (source, guid); ``last_harvested`` becomes now."""
    record = get(source_id, guid)
    if record is None:
        record = HarvestRecord(source_id=source_id, source_title=source_title, guid=guid, first_harvested=now())
        model.Session.add(record)
    record.source_title = source_title
    record.last_harvested = now()
    for key, value in values.items():
        setattr(record, key, value)
    return record


def outcome(job_id: str, kind: str, **values: Any) -> HarvestOutcome:
    assert kind in OUTCOMES, kind
    line = HarvestOutcome(job_id=job_id, outcome=kind, **values)
    model.Session.add(line)
    return line


def add_outcomes(job_id: str, kind: str, lines: Iterable[dict[str, Any]]) -> None:
    """Many report lines at once (the unchanged records of a large source)."""
    rows = [{"job_id": job_id, "outcome": kind, "created": now(), **line} for line in lines]
    if rows:
        model.Session.execute(sa.insert(HarvestOutcome), rows)


def counts(job_id: str) -> dict[str, int]:
    """How many records of the job ended each way (every outcome present, zero or more)."""
    rows = (
        model.Session.query(HarvestOutcome.outcome, sa.func.count())
        .filter_by(job_id=job_id)
        .group_by(HarvestOutcome.outcome)
    )
    found = dict(rows.all())
    return {kind: found.get(kind, 0) for kind in OUTCOMES}


def lines(job_id: str, kinds: Iterable[str], limit: int = 1000) -> list[HarvestOutcome]:
    """The job's report lines of the given kinds, in the order they happened."""
    return (
        model.Session.query(HarvestOutcome)
        .filter(HarvestOutcome.job_id == job_id, HarvestOutcome.outcome.in_(list(kinds)))
        .order_by(HarvestOutcome.row.nulls_first(), HarvestOutcome.id)
        .limit(limit)
        .all()
    )


def clear_outcomes(job_id: str) -> None:
    model.Session.query(HarvestOutcome).filter_by(job_id=job_id).delete()


def as_dict(line: HarvestOutcome) -> dict[str, Any]:
    return {
        "outcome": line.outcome,
        "guid": line.guid,
        "row": line.row,
        "title": line.title,
        "package_id": line.package_id,
        "field": line.field,
        "message": line.message,
        "params": line.params or {},
    }
