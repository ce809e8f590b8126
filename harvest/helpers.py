"""Template helpers of the harvesting capability."""

from __future__ import annotations

from typing import Any

from ckanext.digicanvis.harvest import report

__all__ = ["digicanvis_harvest_job_report", "digicanvis_harvest_provenance"]


def digicanvis_harvest_job_report(job_id: str) -> dict[str, Any]:
    """Counts and report lines of a harvest job, in the reader's language."""
    return report.job_report(job_id)


def digicanvis_harvest_provenance(pkg: dict[str, Any]) -> dict[str, Any] | None:
    """Where a project comes from (``package_show`` carries it already; read again otherwise)."""
    if "harvest_provenance" in pkg:
        return pkg["harvest_provenance"]
    from ckanext.digicanvis.harvest import provenance

    return provenance.for_package(pkg["id"]) if pkg.get("id") else None
