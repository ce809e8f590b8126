"""A job's report in the reader's language: counts per outcome and the lines worth reading
(errors with their record, duplicates, withdrawals, filtered rows). Messages were stored as
msgids with parameters (records.py) and are translated here, when shown."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.digicanvis.harvest import records
from ckanext.digicanvis.harvest.fetch import N_, render

DETAIL_KINDS = ("error", "duplicate", "withdrawn", "filtered", "new", "updated")
MAX_LINES = 2000
OUTCOME_LABELS = {
    "new": N_("New"),
    "updated": N_("Updated"),
    "unchanged": N_("Unchanged"),
    "withdrawn": N_("Withdrawn"),
    "duplicate": N_("Duplicates"),
    "filtered": N_("Filtered out"),
    "error": N_("Errors"),
}


def translate(message: str | None, params: dict[str, Any] | None = None) -> str:
    """A stored message in the current language (msgids of ours and of CKAN's validators)."""
    if not message:
        return ""
    params = {key: value for key, value in (params or {}).items() if key != "fields"}
    return render(message, params, tk._)


def label_text(label: Any) -> str:
    """A scheming label ({lang: text} or text) in the current language, request or not."""
    from flask import has_request_context

    if not isinstance(label, dict):
        return str(label or "")
    lang = tk.h.lang() if has_request_context() else (tk.config.get("ckan.locale_default") or "en")
    return label.get(lang) or label.get("en") or next(iter(label.values()), "")


def field_label(field: str) -> str:
    """"resources.0.url" -> "Documentation 1: Address"; project fields by their schema label."""
    from ckanext.digicanvis.logic.fields import project_field

    parts = field.split(".")
    if len(parts) == 3 and parts[0] == "resources" and parts[1].isdigit():
        label = project_field(parts[2], resource=True).get("label")
        return f"{tk._('Documentation')} {int(parts[1]) + 1}: {label_text(label) if label else parts[2]}"
    label = project_field(parts[0]).get("label")
    return label_text(label) if label else field


def field_errors(params: dict[str, Any] | None) -> list[dict[str, str]]:
    fields = (params or {}).get("fields") or {}
    return [
        {"field": field, "label": field_label(field), "message": " ".join(translate(message) for message in messages)}
        for field, messages in fields.items()
    ]


def line_dict(line: Any) -> dict[str, Any]:
    found = records.as_dict(line)
    found["text"] = translate(line.message, line.params)
    found["field_errors"] = field_errors(line.params)
    found["outcome_label"] = tk._(OUTCOME_LABELS.get(line.outcome, line.outcome))
    return found


def job_report(job_id: str, kinds: tuple[str, ...] = DETAIL_KINDS) -> dict[str, Any]:
    counts = records.counts(job_id)
    lines = records.lines(job_id, kinds, limit=MAX_LINES)
    return {
        "counts": counts,
        "labels": {kind: tk._(label) for kind, label in OUTCOME_LABELS.items()},
        "total": sum(counts.values()),
        "lines": [line_dict(line) for line in lines],
        "lines_cut": len(lines) >= MAX_LINES,
    }
