"""Where a project comes from, for its page and for the API (``harvest_provenance`` in
``package_show``): the source it was harvested from, the original record, the first and last
harvest, whether it was withdrawn, and the other sources that describe the same project."""

from __future__ import annotations

from typing import Any

from ckan import model

from ckanext.digicanvis.harvest import records
from ckanext.digicanvis.harvest.records import DUPLICATE, WITHDRAWN
from ckanext.digicanvis.harvest.spreadsheet import IMPORT_SOURCE_ID


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


def _source(record: records.HarvestRecord) -> dict[str, Any]:
    package = model.Package.get(record.source_id) if record.source_id != IMPORT_SOURCE_ID else None
    return {
        "source_id": record.source_id if package is not None else None,
        "source_name": package.name if package is not None else None,
        "source_title": record.source_title,
        "spreadsheet_import": record.source_id == IMPORT_SOURCE_ID,
        "original_url": record.original_url or None,
        "first_harvested": _when(record.first_harvested),
        "last_harvested": _when(record.last_harvested),
    }


def for_package(package_id: str) -> dict[str, Any] | None:
    found = records.of_package(package_id)
    if not found:
        return None
    origin, others = found[0], found[1:]
    return {
        **_source(origin),
        "withdrawn": origin.status == WITHDRAWN,
        "withdrawn_at": _when(origin.withdrawn_at),
        "also_in": [_source(record) for record in others if record.status == DUPLICATE],
    }
