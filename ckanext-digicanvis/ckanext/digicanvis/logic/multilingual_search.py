"""The project search across Catalan, Spanish and English (issue 14).

CKAN sends a free-text query to Solr's dismax over its English-stemmed ``text`` field. Here
(``before_dataset_search``) it becomes an edismax query over the per-language fields of
``config/solr/schema-extra.xml``, the reader's language weighing most. The parser and its
parameters travel as local parameters of ``q`` (``{!edismax q.op=OR mm=... qf=...}words``):
CKAN always sends ``q.op=AND``, which makes edismax ignore ``mm``, and accepts no ``q.op``
from a caller; ``defType=lucene`` lets Solr read them. The phrase boosts and ``sow=false`` (so multi-word synonyms match) are
defaults of the ``/select`` handler, since CKAN forwards neither. Queries with field syntax
(``name:x``), explicit ``qf`` or ``defType`` are left as the caller wrote them.

Spelling and empty results: one extra Solr request (rows=0) per free-text search counts the
query's public hits and asks the spellchecker for a collation that Solr has checked against
the public projects. When the query finds nothing and the collation finds something, the
search runs with the collation ("Showing results for ..."); when the collation finds more,
the page offers it ("Did you mean ...?"). When neither finds anything, the search asks for
any of the words instead of most of them, best matches first, and says so. Public projects
only, so a private project's words are never suggested. No database calls.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.digicanvis.logic import translated
from ckanext.digicanvis.logic.proximity import is_search_page

log = logging.getLogger(__name__)

# (field, weight) in the reader's language, in the others, and language-neutral.
READER_FIELDS = (("title", 10.0), ("text", 4.0))
OTHER_FIELDS = (("title", 3.0), ("text", 1.0))
NEUTRAL_FIELDS = (("title_all", 3.0), ("text_all", 1.0))
# Up to 2 words: all; 3-4 words: all but one; more: 70 %. Long questions written as
# sentences still match the projects that share most of their words.
MINIMUM_MATCH = "2<-1 4<70%"
RELAXED_MATCH = "1"
TIE = "0.1"
FIELD_SYNTAX = re.compile(r"(^|\s)[\w.]+:")
SPELLING = "digicanvis_spelling"
LANGUAGE_PARAM = "ext_lang"


def query_fields(reader: str) -> str:
    weights = [f"{field}_{reader}^{weight:g}" for field, weight in READER_FIELDS]
    for lang in translated.LANGUAGES:
        if lang != reader:
            weights += [f"{field}_{lang}^{weight:g}" for field, weight in OTHER_FIELDS]
    weights += [f"{field}^{weight:g}" for field, weight in NEUTRAL_FIELDS]
    return " ".join(weights)


def is_free_text(query: Any) -> bool:
    return (isinstance(query, str) and query.strip() not in ("", "*:*", '""', "''")
            and not FIELD_SYNTAX.search(query))


def search_language(extras: dict[str, Any]) -> str:
    """The reader's language, or ``ext_lang`` (ca, es or en) for API clients that want
    another one weighed first."""
    asked = extras.get(LANGUAGE_PARAM)
    if asked in (None, ""):
        return translated.reader_language()
    if asked not in translated.LANGUAGES:
        raise tk.ValidationError({LANGUAGE_PARAM: [tk._("Unknown language {language}: use ca, es or en").format(language=asked)]})
    return asked


def apply_to_search(search_params: dict[str, Any]) -> dict[str, Any]:
    extras = search_params.setdefault("extras", {})
    extras.pop(SPELLING, None)  # only this module sets it
    reader = search_language(extras)
    query = search_params.get("q")
    if search_params.get("abort_search") or not is_free_text(query) or search_params.get("qf") or search_params.get("defType"):
        return search_params
    fields, minimum = query_fields(reader), MINIMUM_MATCH
    hits, collation = check_spelling(query, fields, minimum)
    if collation and collation["hits"] > hits:
        spelling = {"query": query, "suggestion": collation["query"], "applied": hits == 0, "relaxed": False}
        if spelling["applied"]:
            query = spelling["suggestion"]
        extras[SPELLING] = spelling
    elif hits == 0:
        minimum = RELAXED_MATCH
        extras[SPELLING] = {"query": query, "suggestion": None, "applied": False, "relaxed": True}
    search_params["q"] = edismax(query, fields, minimum)
    # Solr reads local parameters in q only under the standard parser (since Solr 7.2).
    search_params["defType"] = "lucene"
    return search_params


def edismax(query: str, fields: str, minimum: str) -> str:
    """``q`` for Solr: the words after the parser's local parameters (CKAN allows
    ``{!edismax ...}`` at the start of ``q`` once the plugin lists the parser)."""
    return f"{{!edismax q.op=OR mm='{minimum}' qf='{fields}' tie={TIE}}}{query}"


def check_spelling(query: str, fields: str, minimum: str) -> tuple[int, dict[str, Any] | None]:
    """The query's hits among public projects, and the best spelling Solr knows for it with
    its hits ({"query", "hits"}), if any. Unknown hits count as some (nothing is changed)."""
    from ckan.lib.search.common import make_connection
    from ckan.lib.search.query import solr_literal

    public = ["+site_id:%s" % solr_literal(tk.config.get("ckan.site_id")), "+state:active", "+capacity:public"]
    try:
        response = make_connection().search(
            q=query, defType="edismax", qf=fields, mm=minimum, tie=TIE, fq=public, rows=0, facet="false",
            spellcheck="true",
            **{"q.op": "OR", "spellcheck.collate": "true", "spellcheck.maxCollationTries": 5,
               "spellcheck.maxCollations": 1, "spellcheck.collateExtendedResults": "true", "spellcheck.count": 5},
        )
    except Exception as error:  # noqa: BLE001 (a spelling hint must never break the search)
        log.warning("spellcheck failed: %s", error)
        return 1, None
    return response.hits, best_collation(response.spellcheck or {})


def best_collation(spellcheck: dict[str, Any]) -> dict[str, Any] | None:
    """The first collation of Solr's answer (JSON: a flat list of "collation", {...} pairs)."""
    collations = spellcheck.get("collations") or []
    if isinstance(collations, dict):
        collations = [item for pair in collations.items() for item in pair]
    for index in range(0, len(collations) - 1, 2):
        if collations[index] == "collation" and isinstance(collations[index + 1], dict):
            found = collations[index + 1]
            return {"query": found.get("collationQuery", ""), "hits": int(found.get("hits", 0))}
    return None


def finish_results(search_results: dict[str, Any], search_params: dict[str, Any]) -> None:
    spelling = (search_params.get("extras") or {}).get(SPELLING)
    if spelling:
        search_results[SPELLING] = spelling
        if is_search_page():
            tk.g.digicanvis_spelling = spelling


def page_spelling() -> dict[str, Any] | None:
    """What this page's search did with the words (see apply_to_search), if anything."""
    return getattr(tk.g, "digicanvis_spelling", None)
