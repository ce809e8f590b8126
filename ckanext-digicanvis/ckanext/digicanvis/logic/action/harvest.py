"""Actions of the harvesting capability: a job's report in the reader's language, and
spreadsheet imports run as background jobs (start one, follow it)."""

from __future__ import annotations

import os
import uuid
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.digicanvis.harvest import report, spreadsheet_jobs
from ckanext.digicanvis.logic import schema

__all__ = [
    "digicanvis_harvest_job_report", "digicanvis_spreadsheet_import", "digicanvis_spreadsheet_import_show",
    "package_create", "package_update",  # chained: harvest source URLs are checked when saved
]

UPLOAD_SUFFIXES = (".xlsx", ".csv")


@tk.side_effect_free
@tk.validate(schema.by_id)
def digicanvis_harvest_job_report(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """A harvest job with its counts (new, updated, unchanged, withdrawn, duplicate,
    filtered, error) and its report lines, each error with its record.

    :param id: the harvest job's id
    """
    tk.check_access("digicanvis_harvest_job_report", context, data_dict)
    job = tk.get_action("harvest_job_show")(context, {"id": data_dict["id"]})
    return {"job": job, **report.job_report(job["id"])}


@tk.validate(schema.digicanvis_spreadsheet_import)
def digicanvis_spreadsheet_import(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Import a filled spreadsheet (the observatory's template, XLSX or CSV) in the background.

    :param upload: the file (multipart form upload)
    :param dry_run: only check and say what would happen (default false)
    :param skip_invalid: import the valid rows even if others have errors (default false)
    :returns: ``{"id": ...}``: follow it with ``digicanvis_spreadsheet_import_show``
    """
    tk.check_access("digicanvis_spreadsheet_import", context, data_dict)
    upload = data_dict.get("upload")
    filename = os.path.basename(getattr(upload, "filename", "") or "")
    if upload is None or not hasattr(upload, "stream"):
        raise tk.ValidationError({"upload": [tk._("Choose a file to import")]})
    if not filename.lower().endswith(UPLOAD_SUFFIXES):
        raise tk.ValidationError({"upload": [tk._("The file must be an XLSX workbook or a CSV file")]})
    import_id = str(uuid.uuid4())
    path = spreadsheet_jobs.save_upload(import_id, filename, upload.stream)
    options = {
        "dry_run": data_dict["dry_run"],
        "skip_invalid": data_dict["skip_invalid"],
    }
    spreadsheet_jobs.enqueue(import_id, path, filename, options, context.get("user") or "")
    return {"id": import_id, "status": "queued", "filename": filename, **options}


@tk.side_effect_free
@tk.validate(schema.by_id)
def digicanvis_spreadsheet_import_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Where a spreadsheet import is (queued, started, finished, failed), its progress and,
    once checked, its report.

    :param id: what ``digicanvis_spreadsheet_import`` returned
    """
    tk.check_access("digicanvis_spreadsheet_import_show", context, data_dict)
    import_id = data_dict["id"]
    state = spreadsheet_jobs.state(import_id)
    if state is None:
        raise tk.ObjectNotFound(tk._("No such import"))
    return {**state, **report.job_report(import_id)}


def _refuse_unsafe_source_url(data_dict: DataDict) -> None:
    """A harvest source is untrusted: refuse, when it is saved, an address no harvester may
    fetch (not http/https, loopback, private, cloud metadata...), with the reason."""
    from ckanext.digicanvis.harvest.fetch import FetchError, check_url

    if data_dict.get("type") != "harvest" or not data_dict.get("url"):
        return
    try:
        check_url(str(data_dict["url"]).strip())
    except FetchError as error:
        raise tk.ValidationError({"url": [error.translated()]}) from error


@tk.chained_action
def package_create(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    _refuse_unsafe_source_url(data_dict)
    return up_func(context, data_dict)


@tk.chained_action
def package_update(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    _refuse_unsafe_source_url(data_dict)
    return up_func(context, data_dict)
