"""Similar projects: Solr's MoreLikeThis over what a project is about.

The interesting terms come from the description, barriers, benefits, technologies and area;
sharing the area or a technology weighs most (``mlt.qf``), the rest ranks by shared words.
Results obey the same visibility rules as ``package_search``: public projects, plus the
private ones of the reader's own bodies.
"""

from __future__ import annotations

import json
from typing import Any

import pysolr

from ckan import authz, model
from ckan.common import config
from ckan.lib.plugins import get_permission_labels
from ckan.lib.search.common import SearchError, make_connection
from ckan.lib.search.query import solr_literal

from ckanext.digicanvis.logic.fields import PROJECT_TYPE

# field^weight: area and technologies are single terms, so a match there is a strong signal.
SIMILARITY_FIELDS = {
    "extras_area": 6,
    "facet_technologies": 4,
    "notes": 1,
    "extras_barriers": 1,
    "extras_benefits": 1,
}


def visibility_filter(user: model.User | None) -> str | None:
    if user is not None and authz.is_sysadmin(user.name):
        return None
    labels = get_permission_labels().get_user_dataset_labels(user)
    return "+permission_labels:({})".format(" OR ".join(solr_literal(label) for label in labels))


def similar_projects(project_id: str, rows: int, user: model.User | None) -> list[dict[str, Any]]:
    filters = [
        f"+site_id:{solr_literal(config['ckan.site_id'])}",
        f"+dataset_type:{PROJECT_TYPE}",
        "+state:active",
    ]
    visibility = visibility_filter(user)
    if visibility:
        filters.append(visibility)
    try:
        response = make_connection(decode_dates=False).more_like_this(
            f"id:{solr_literal(project_id)}",
            ",".join(SIMILARITY_FIELDS),
            handler="mlt",
            **{
                "fq": filters,
                "fl": "id,validated_data_dict,score",
                "rows": rows,
                "mlt.boost": "true",
                "mlt.qf": " ".join(f"{field}^{weight}" for field, weight in SIMILARITY_FIELDS.items()),
                "mlt.minwl": 3,
            },
        )
    except pysolr.SolrError as error:
        # As package_search does: the API answers 409 "Search error", pages leave it out.
        raise SearchError(f"Similar projects: {error}") from error
    return [{**json.loads(doc["validated_data_dict"]), "similarity": doc["score"]} for doc in response.docs]
