"""Spreadsheet imports started from the upload page: the file waits in the storage folder,
a CKAN background job (RQ) imports it and keeps its progress in Redis (a week), the report
lines go to the database under the import's id (records.py)."""

from __future__ import annotations

import json
import os
from typing import IO, Any

import ckan.plugins.toolkit as tk
from ckan.lib import jobs
from ckan.lib.redis import connect_to_redis

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


def _key(import_id: str) -> str:
    return f"digicanvis:spreadsheet-import:{import_id}"


def _remember(import_id: str, **values: Any) -> None:
    redis = connect_to_redis()
    known = json.loads(redis.get(_key(import_id)) or "{}")
    known.update(values)
    redis.set(_key(import_id), json.dumps(known), ex=KEEP_SECONDS)


def enqueue(import_id: str, path: str, filename: str, options: dict[str, Any], user: str) -> None:
    _remember(import_id, filename=filename, status="queued", stage="queued", done=0, total=0, **options)
    tk.enqueue_job(run, [import_id, path, filename, options], title=f"Spreadsheet import {filename}",
                   rq_kwargs={"job_id": import_id, "result_ttl": KEEP_SECONDS, "failure_ttl": KEEP_SECONDS})


def run(import_id: str, path: str, filename: str, options: dict[str, Any]) -> dict[str, Any]:
    """The background job: import the stored file, then delete it."""
    _remember(import_id, status="started", stage="check")
    try:
        result = spreadsheet.import_file(
            lambda: open(path, "rb"),
            filename,
            dry_run=options.get("dry_run", False),
            skip_invalid=options.get("skip_invalid", False),
            job_id=import_id,
            progress=lambda stage, done, total: _remember(import_id, stage=stage, done=done, total=total),
        )
    except Exception:
        _remember(import_id, status="failed")
        raise
    finally:
        if os.path.exists(path):
            os.remove(path)
    summary = {"rows": result.rows, "invalid": result.invalid, "imported": result.imported}
    _remember(import_id, status="finished", stage="finished", **summary)
    return summary


def state(import_id: str) -> dict[str, Any] | None:
    """What is known of an import: queued, started (with progress), finished or failed."""
    known = connect_to_redis().get(_key(import_id))
    if not known:
        return None
    found = {"id": import_id, **json.loads(known)}
    if found["status"] in ("queued", "started"):
        try:
            if jobs.job_from_id(import_id).get_status().value == "failed":
                found["status"] = "failed"
        except KeyError:
            pass
    return found
