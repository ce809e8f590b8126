"""Error pages of the observatory's own making."""

from __future__ import annotations

import logging

import ckan.plugins.toolkit as tk
from ckan.lib import base

log = logging.getLogger(__name__)


def search_unavailable(error: Exception) -> tuple[str, int]:
    """Solr did not answer (in time, see ``solr_timeout``): 503 with a message a person can act on."""
    log.warning("search unavailable for %s: %s", tk.request.path, error, exc_info=error)
    return base.render("error_document_template.html", {
        "code": 503, "name": tk._("Search unavailable"),
        "content": tk._("The project search is not answering right now. The rest of the observatory works; "
                        "please try this page again in a few minutes."),
    }), 503
