"""What the public may see of the catalogue, as Solr filters, for the features that query
Solr directly (the statistics' facets, the needs' suggestions) rather than through
``package_search``.

The filters are those of an anonymous ``package_search`` for projects: this site, active,
public, the anonymous permission labels, and whatever the plugins' ``before_dataset_search``
hooks add (so a plugin that hides, say, unpublished projects from the public search hides
them here too).
"""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
from ckan.common import config
from ckan.lib.plugins import get_permission_labels
from ckan.lib.search.query import solr_literal

from ckanext.digicanvis.logic.fields import PROJECT_TYPE


def field_filters(values: dict[str, str]) -> str:
    """``+field:"value"`` clauses, values quoted for Solr."""
    return " ".join(f"+{name}:{solr_literal(value)}" for name, value in values.items())


def public_filters(values: dict[str, str] | None = None) -> list[str]:
    """Solr ``fq`` list of the public projects, narrowed to exact field ``values``."""
    search_params: dict[str, Any] = {"q": "", "fq": field_filters(values or {}), "extras": {}, "include_private": False}
    for plugin in p.PluginImplementations(p.IPackageController):
        search_params = plugin.before_dataset_search(search_params)
    labels = get_permission_labels().get_user_dataset_labels(None)
    filters = [
        f"+site_id:{solr_literal(config['ckan.site_id'])}",
        f"+dataset_type:{PROJECT_TYPE}",
        "+state:active",
        "+capacity:public",
        "+permission_labels:({})".format(" OR ".join(solr_literal(label) for label in labels)),
    ]
    if search_params.get("fq"):
        filters.append(search_params["fq"])
    filters.extend(search_params.get("fq_list") or [])
    return filters
