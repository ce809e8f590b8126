"""Template helpers of the harvesting capability."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.digicanvis.harvest import report
from ckanext.digicanvis.harvest.fetch import N_

__all__ = [
    "digicanvis_harvest_job_report", "digicanvis_harvest_provenance", "digicanvis_harvest_source_type",
    "digicanvis_harvesters",
]

# What ckanext-harvest's and ckanext-dcat's harvesters call themselves (in English only).
UPSTREAM_HARVESTER_TEXTS = (
    N_("CKAN"), N_("Harvests remote CKAN instances"),
    N_("Generic DCAT RDF Harvester"), N_("Harvester for DCAT datasets from an RDF graph"),
)


def digicanvis_harvesters() -> list[dict[str, Any]]:
    """The source types of the source form, named and described in the reader's language."""
    return [{**info, "title": _translated(info.get("title")), "description": _translated(info.get("description"))}
            for info in tk.h.harvesters_info()]


def _translated(text: str | None) -> str:
    return tk._(text) if text else ""  # _("") would be the catalogue's header


def digicanvis_harvest_job_report(job_id: str) -> dict[str, Any]:
    """Counts and report lines of a harvest job, in the reader's language."""
    return report.job_report(job_id)


def digicanvis_harvest_provenance(pkg: dict[str, Any]) -> dict[str, Any] | None:
    """Where a project comes from (``package_show`` carries it already; read again otherwise)."""
    if "harvest_provenance" in pkg:
        return pkg["harvest_provenance"]
    from ckanext.digicanvis.harvest import provenance

    return provenance.for_package(pkg["id"]) if pkg.get("id") else None


def digicanvis_harvest_source_type(source_id: str | None) -> str | None:
    """A saved source's type, from ckanext-harvest's table: once a job has reindexed the
    source, ``package_show`` (from the search index) no longer carries ``source_type``, and an
    edit form without it would switch the source to the first type of the list."""
    from ckanext.harvest.model import HarvestSource

    source = HarvestSource.get(source_id) if source_id else None
    return source.type if source is not None else None
