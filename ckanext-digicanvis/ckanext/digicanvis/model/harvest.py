"""Where harvested projects come from, and what each harvest or import did to each record.

``HarvestRecord`` is the provenance of one source record (a harvest source or a spreadsheet
import, by the record's identifier in that source): which project it became (or which
existing project it duplicates), its original link, when it was first and last harvested,
and fingerprints of what was imported so an unchanged record is never written again.

``HarvestOutcome`` is one line of a job's report: new, updated, unchanged, withdrawn,
duplicate, filtered or error, with the record it is about and, for errors and filtered rows,
a message kept as msgid + parameters so the report reads in the reader's language.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, UnicodeText, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB

import ckan.plugins.toolkit as tk
from ckan.model.types import make_uuid

from .forum import now

# Record statuses.
ACTIVE, WITHDRAWN, DUPLICATE = "active", "withdrawn", "duplicate"
# Job report lines.
OUTCOMES = ("new", "updated", "unchanged", "withdrawn", "duplicate", "filtered", "error")


class HarvestRecord(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_harvest_record"
    __table_args__ = (UniqueConstraint("source_id", "guid"),)

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    # A harvest source's id, or "import:<user id>" for spreadsheet imports.
    source_id = Column(UnicodeText, nullable=False, index=True)
    source_title = Column(UnicodeText, nullable=False)
    guid = Column(UnicodeText, nullable=False)
    package_id = Column(UnicodeText, index=True)
    status = Column(UnicodeText, nullable=False, default=ACTIVE)
    original_url = Column(UnicodeText)
    title = Column(UnicodeText)
    content_hash = Column(UnicodeText)  # the source record as gathered
    project_hash = Column(UnicodeText)  # the project it mapped to
    first_harvested = Column(DateTime, nullable=False, default=now)
    last_harvested = Column(DateTime, nullable=False, default=now)
    withdrawn_at = Column(DateTime)


class HarvestOutcome(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_harvest_outcome"

    id = Column(Integer, primary_key=True, autoincrement=True)
    job_id = Column(UnicodeText, nullable=False, index=True)
    outcome = Column(UnicodeText, nullable=False)
    guid = Column(UnicodeText)
    row = Column(Integer)
    title = Column(UnicodeText)
    package_id = Column(UnicodeText)
    field = Column(UnicodeText)
    message = Column(UnicodeText)
    params = Column(JSONB)
    created = Column(DateTime, nullable=False, default=now)
