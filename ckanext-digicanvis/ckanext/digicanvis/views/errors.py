"""Error pages of the observatory's own making."""

from __future__ import annotations

import functools
import logging
from typing import Any, Callable

from flask import Flask
from werkzeug.exceptions import InternalServerError

import ckan.plugins.toolkit as tk
from ckan.lib import base
from ckan.lib.search.common import SearchError, SolrConnectionError

log = logging.getLogger(__name__)


def search_unavailable(error: Exception) -> tuple[str, int]:
    """Solr did not answer (in time, see ``solr_timeout``): 503 with a message a person can act on."""
    log.warning("search unavailable for %s: %s", tk.request.path, error, exc_info=error)
    return base.render("error_document_template.html", {
        "code": 503, "name": tk._("Search unavailable"),
        "content": tk._("The project search is not answering right now. The rest of the observatory works; "
                        "please try this page again in a few minutes."),
    }), 503


def _answer_stalled_search(view: Callable[..., Any]) -> Callable[..., Any]:
    """CKAN's search pages turn a Solr connection error into ``abort(500)``: say 503 instead."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except InternalServerError as error:
            if isinstance(error.__context__, SolrConnectionError):
                return search_unavailable(error.__context__)
            raise

    return wrapped


def install(app: Flask) -> None:
    """Pages whose search does not answer (in time) say so with a 503 and a message."""
    for error in (SearchError, SolrConnectionError):
        app.register_error_handler(error, search_unavailable)
    for endpoint, view in list(app.view_functions.items()):
        if endpoint.endswith(".search"):
            app.view_functions[endpoint] = _answer_stalled_search(view)
