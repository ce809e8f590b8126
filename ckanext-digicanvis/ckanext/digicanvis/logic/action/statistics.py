"""Actions of the statistics dashboard."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.digicanvis.logic import statistics

__all__ = ["digicanvis_statistics"]


@tk.side_effect_free
def digicanvis_statistics(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The dashboard's numbers, for the public catalogue, optionally narrowed to one
    ``province``, ``comarca`` or ``area`` (machine value).

    :returns: ``total``; ``counts`` by area, transformation_type, phase, maturity_level,
        province and comarca; ``started_per_year``; ``technologies`` (most used);
        ``savings`` (total and number of projects per kind, unit and period); ``coverage``
        (every municipality's own and on-behalf projects, comarques with none); ``activity``
        (visits, interest and forum per month)
    """
    tk.check_access("digicanvis_statistics", context, data_dict)
    return statistics.dashboard(statistics.checked_filters(data_dict))
