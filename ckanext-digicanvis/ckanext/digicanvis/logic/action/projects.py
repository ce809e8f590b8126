"""Actions on the project file beyond CKAN's own. Auth: logic/auth/projects.py."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context, DataDict

from ckanext.digicanvis.logic import schema
from ckanext.digicanvis.logic.fields import PROJECT_TYPE
from ckanext.digicanvis.logic.publication import DRAFT

__all__ = ["project_draft_discard"]


def draft(id_or_name: str) -> model.Package:
    package = model.Package.get(id_or_name or "")
    if package is None or package.type != PROJECT_TYPE:
        raise tk.ObjectNotFound(tk._("Project not found"))
    return package


@tk.validate(schema.by_id)
def project_draft_discard(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Delete a draft for good (its address becomes free again): whoever may edit it. Only
    drafts: a published project is deleted with CKAN's ``package_delete``."""
    tk.check_access("project_draft_discard", context, data_dict)
    package = draft(data_dict["id"])
    if package.state != DRAFT:
        raise tk.ValidationError({"id": [tk._("Only drafts can be discarded; this project is published.")]})
    name = package.name
    tk.get_action("dataset_purge")({"ignore_auth": True, "user": context.get("user")}, {"id": package.id})
    return {"name": name, "discarded": True}
