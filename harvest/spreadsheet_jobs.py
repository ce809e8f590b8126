"""Spreadsheet imports started from the upload page: the file waits in the storage folder,
a CKAN background job (RQ) imports it and keeps its progress in the job's metadata, the
report lines go to the database under the import's id (records.py)."""

from __future__ import annotations

import os
import shutil
from typing import IO, Any

import ckan.plugins.toolkit as tk
from ckan.lib import jobs

from ckanext.digicanvis.harvest import fetch, spreadsheet

KEEP_SECONDS = 7 * 24 * 3600  # how long the job (and its progress) stays readable


def uploads_folder() -> str:
    folder = os.path.join(tk.config.get("ckan.storage_path") or "/tmp", "digicanvis", "imports")
    os.makedirs(folder, exist_ok=True)
    return folder


def save_upload(import_id: str, filename: str, stream: IO[bytes]) -> str:
    """Store the upload, refusing one larger than the harvest size cap."""
    path = os.path.join(uploads_folder(), import_id + os.path.splitext(filename)[1].lower())
    limit = fetch.setting("max_bytes")
    copied = 0
    with open(path, "wb") as target:
        while chunk := stream.read(1024 * 1024):
            copied += len(chunk)
            if copied > limit:
                target.close()
                os.remove(path)
                raise tk.ValidationError({"upload": [tk._("The file is larger than {limit} bytes").format(limit=limit)]})
            target.write(chunk)
    return path


def enqueue(import_id: str, path: str, filename: str, options: dict[str, Any], user: str) -> None:
    tk.enqueue_job(
        run,
        [import_id, path, filename, options],
        title=f"Spreadsheet import {filename}",
        rq_kwargs={"job_id": import_id, "result_ttl": KEEP_SECONDS, "failure_ttl": KEEP_SECONDS,
                   "meta": {"digicanvis_import": {"filename": filename, "user": user, **options,
                                                  "stage": "queued", "done": 0, "total": 0}}},
    )


def _progress(**values: Any) -> None:
    from rq import get_current_job

    job = get_current_job()
    if job is None:
        return
    job.meta.setdefault("digicanvis_import", {}).update(values)
    job.save_meta()


def run(import_id: str, path: str, filename: str, options: dict[str, Any]) -> dict[str, Any]:
    """The background job: import the stored file, then delete it."""
    try:
        result = spreadsheet.import_file(
            lambda: open(path, "rb"),
            filename,
            dry_run=options.get("dry_run", False),
            skip_invalid=options.get("skip_invalid", False),
            job_id=import_id,
            progress=lambda stage, done, total: _progress(stage=stage, done=done, total=total),
        )
        summary = {"rows": result.rows, "invalid": result.invalid, "imported": result.imported}
        _progress(stage="finished", **summary)
        return summary
    finally:
        if os.path.exists(path):
            os.remove(path)


def state(import_id: str) -> dict[str, Any] | None:
    """What is known of an import: its job's status and progress."""
    try:
        job = jobs.job_from_id(import_id)
    except KeyError:
        return None
    meta = dict(job.meta.get("digicanvis_import", {}))
    meta.pop("user", None)
    return {"id": import_id, "status": job.get_status(refresh=True).value if job.get_status() else "unknown", **meta}
