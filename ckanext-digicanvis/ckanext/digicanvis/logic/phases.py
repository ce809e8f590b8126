"""Phase history: every phase a project went through (prototype, pilot, implemented,
discontinued), with the date the observatory learnt of it. Each create or update that
changes the phase adds an entry; a project harvested from another observatory brings its
history along (``phase_history`` from the RDF profile), given by internal calls only (it
passes through the record's extras, as contacts do: validators see a copy of the context)."""

from __future__ import annotations

import datetime
import json
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.digicanvis.logic import vocabularies
from ckanext.digicanvis.model.forum import now
from ckanext.digicanvis.model.freshness import PhaseChange

FIELD = "phase_history"


def last_phase(package_id: str) -> str | None:
    row = model.Session.query(PhaseChange.phase).filter_by(package_id=package_id).order_by(
        PhaseChange.changed_at.desc(), PhaseChange.id.desc()).first()
    return row[0] if row else None


def record(package_id: str, phase: str | None, user_id: str | None, at: datetime.datetime | None = None) -> bool:
    """Add an entry when the phase differs from the last one known (in the caller's transaction)."""
    if not phase or phase == last_phase(package_id):
        return False
    model.Session.add(PhaseChange(package_id=package_id, phase=phase, user_id=user_id, changed_at=at or now()))
    return True


def replace(package_id: str, entries: list[dict[str, Any]]) -> None:
    """The history a harvested project brings (its source's dates); kept as it is when the
    same (a patch sends back what it was shown)."""
    if [{"phase": e["phase"], "date": e["date"].isoformat()} for e in entries] == history(package_id):
        return
    model.Session.query(PhaseChange).filter_by(package_id=package_id).delete()
    for entry in entries:
        model.Session.add(PhaseChange(package_id=package_id, phase=entry["phase"],
                                      changed_at=datetime.datetime.combine(entry["date"], datetime.time())))
    model.Session.flush()  # CKAN's session does not autoflush: ``record`` reads these next


def history(package_id: str) -> list[dict[str, str]]:
    """Oldest first: ``[{"phase": "pilot", "date": "2024-03-01"}, ...]``."""
    rows = model.Session.query(PhaseChange).filter_by(package_id=package_id).order_by(
        PhaseChange.changed_at, PhaseChange.id)
    return [{"phase": row.phase, "date": row.changed_at.date().isoformat()} for row in rows]


def parsed(value: Any) -> list[dict[str, Any]]:
    """A given history as entries with a known phase and a date (YYYY-MM-DD), oldest first."""
    if isinstance(value, str):
        value = json.loads(value) if value.strip().startswith("[") else value
    if not isinstance(value, list):
        raise tk.Invalid(tk._("Give the phase history as a list of {\"phase\": ..., \"date\": \"YYYY-MM-DD\"}"))
    phases = set(vocabularies.scheme("phase").codes())
    entries = []
    for item in value:
        if not isinstance(item, dict) or item.get("phase") not in phases:
            raise tk.Invalid(tk._("Unknown phase in the phase history: {phase}").format(
                phase=item.get("phase") if isinstance(item, dict) else item))
        try:
            day = datetime.date.fromisoformat(str(item.get("date"))[:10])
        except ValueError:
            raise tk.Invalid(tk._("Write the phase history's dates as YYYY-MM-DD")) from None
        entries.append({"phase": item["phase"], "date": day})
    return sorted(entries, key=lambda entry: entry["date"])


def digicanvis_phase_history(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    """Validator of ``phase_history``: the site keeps it; internal calls (the harvesters) may
    bring one, which waits in the record as JSON until ``take_given`` moves it to its table."""
    value = data.get(key)
    if not context.get("ignore_auth") or value in (None, "", [], tk.missing):
        data.pop(key, None)
        raise tk.StopOnError
    try:
        entries = parsed(value)
    except tk.Invalid as error:
        errors[key].append(error.error)
        raise tk.StopOnError from None
    data[key] = json.dumps([{"phase": entry["phase"], "date": entry["date"].isoformat()} for entry in entries])


def take_given(package_id: str) -> None:
    """After a create or update: a history an internal call gave leaves the record's extras
    for its table (in the caller's transaction)."""
    package = model.Package.get(package_id)
    if package is None or FIELD not in (package.extras or {}):
        return
    extras = dict(package.extras)
    replace(package_id, parsed(extras.pop(FIELD)))
    package.extras = extras
