"""Actions of the discovery capability."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context, DataDict

from ckanext.digicanvis.logic import schema, similar

__all__ = ["digicanvis_similar_projects"]


@tk.side_effect_free
@tk.validate(schema.similar_projects)
def digicanvis_similar_projects(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """Projects like the given one (Solr MoreLikeThis), most similar first.

    :param id: the project's id or name
    :param rows: how many, 1 to 20 (default 5)
    :returns: project dicts as package_search returns them, each with ``similarity``
    """
    tk.check_access("digicanvis_similar_projects", context, data_dict)
    project = model.Package.get(data_dict["id"])
    if project is None:
        raise tk.ObjectNotFound(tk._("Project not found"))
    return similar.similar_projects(project.id, data_dict["rows"], context.get("auth_user_obj"))
