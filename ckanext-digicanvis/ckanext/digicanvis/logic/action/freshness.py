"""Actions of fresh records (plugin ``digicanvis_freshness``; rules in logic/freshness.py).
Auth: logic/auth/freshness.py."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.digicanvis.logic import freshness, schema
from ckanext.digicanvis.logic.fields import find_project
from ckanext.digicanvis.logic.people import required_user

__all__ = ["project_confirm"]


@tk.validate(schema.by_id)
def project_confirm(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Its body's editors and admins say the project's record is still correct: it counts as
    verified today (``freshness`` of the project: ``verified``, ``needs_update``)."""
    tk.check_access("project_confirm", context, data_dict)
    package = find_project(data_dict["id"])
    if package.state != "active":
        raise tk.ValidationError({"id": [tk._("The project's form is not finished yet: complete its last step first.")]})
    return freshness.confirm(package, required_user(context))
