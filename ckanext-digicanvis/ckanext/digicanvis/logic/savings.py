"""Savings a project reports, made comparable so they can be added up across projects.

A project file lists savings as (kind, amount, free-text unit, period). Figures add up only
when kind, unit and period agree, so each saving gets a key ``<kind>__<unit>__<period>``:
the unit's usual spellings (EUR, €, euros; hores, hours, h; dies, days...) become one unit,
monthly amounts become yearly ones (x12), and a period left blank stays "not stated" rather
than being guessed. The index holds, per project, one ``saving_<key>`` number (the sum of
its savings with that key) and the keys in ``facet_savings_key``: Solr then sums the
numbers and counts the projects behind each figure (logic/statistics.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import Any

FIELD_PREFIX = "saving_"
KEY_FIELD = "facet_savings_key"
SEPARATOR = "__"
NO_UNIT = "none"
NO_PERIOD = "unstated"

# Spellings (lowercase, accents removed) of the units people write, in ca/es/en.
UNIT_SPELLINGS = {
    "eur": ("eur", "euro", "euros", "€", "eur/any", "eur/ano", "eur/year"),
    "hours": ("h", "hour", "hours", "hora", "hores", "horas", "hrs", "hores de personal", "staff hours"),
    "days": ("d", "day", "days", "dia", "dies", "dias", "jornada", "jornades", "jornadas"),
    "sheets": ("sheet", "sheets", "full", "fulls", "hoja", "hojas", "page", "pages", "pagina", "pagines", "paginas"),
    "kwh": ("kwh", "kw/h", "kw h"),
}
UNIT_BY_SPELLING = {spelling: unit for unit, spellings in UNIT_SPELLINGS.items() for spelling in spellings}
# Periods of the project schema; a month becomes a year (x12).
PERIOD_FACTORS = {"year": ("year", 1), "month": ("year", 12), "once": ("once", 1)}


def plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def unit_of(text: Any) -> str:
    """The normalised unit of a free-text unit: a known one, or the text made a safe name."""
    spelled = plain(str(text or ""))
    if not spelled:
        return NO_UNIT
    if spelled in UNIT_BY_SPELLING:
        return UNIT_BY_SPELLING[spelled]
    return re.sub(r"[^a-z0-9]+", "_", spelled).strip("_")[:30] or NO_UNIT


def key_of(saving: dict[str, Any]) -> tuple[str, float] | None:
    """(key, amount in the key's period) of one saving, or None when it cannot be counted."""
    kind = saving.get("kind")
    try:
        amount = float(saving.get("amount"))
    except (TypeError, ValueError):
        return None
    if not kind or amount < 0 or not re.fullmatch(r"[a-z_]+", kind):
        return None
    period, factor = PERIOD_FACTORS.get(saving.get("period") or "", (NO_PERIOD, 1))
    return SEPARATOR.join((kind, unit_of(saving.get("unit")), period)), amount * factor


def index_fields(savings: list[dict[str, Any]]) -> dict[str, Any]:
    """``saving_<key>`` totals and the list of keys, for a project's Solr document."""
    totals: dict[str, float] = defaultdict(float)
    for saving in savings:
        counted = key_of(saving)
        if counted:
            totals[counted[0]] += counted[1]
    fields: dict[str, Any] = {FIELD_PREFIX + key: total for key, total in totals.items()}
    if totals:
        fields[KEY_FIELD] = sorted(totals)
    return fields


def split_key(key: str) -> tuple[str, str, str]:
    kind, unit, period = key.split(SEPARATOR)
    return kind, unit, period
