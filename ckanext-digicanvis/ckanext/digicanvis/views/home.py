"""The home page, without CKAN's own search.

CKAN's home view runs a ``package_search`` whose results our template never shows (it draws
the observatory's ways in, ``h.digicanvis_home_discovery``) and catches only ``SearchError``,
so a stalled Solr turned the whole home page into an error. Ours renders the template alone:
one Solr request fewer, and the page degrades with a note when Solr does not answer.
"""

from __future__ import annotations

from ckan.lib import base


def index() -> str:
    return base.render("home/index.html", extra_vars={"search_facets": {}})
