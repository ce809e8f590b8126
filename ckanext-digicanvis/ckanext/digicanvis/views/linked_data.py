"""Linked-data pages (plugin ``digicanvis_linked_data``).

- ``/project/<id>.{ttl,rdf,xml,jsonld}`` and ``/organization/<id>.{ttl,rdf,xml,jsonld}``;
- ``/vocab/`` and ``/vocab/<scheme>``: the SKOS concept schemes, HTML for people;
  ``/vocab/<scheme>.{ttl,...}`` for machines; ``/ns`` the observatory's own vocabulary;
- content negotiation: a project, body, scheme or vocabulary page asked for with
  ``Accept: text/turtle`` (or RDF/XML, JSON-LD) answers in that format.

``/catalog.{ttl,rdf,xml,jsonld}`` (paged, ``modified_since``, ``q``, ``fq``) is ckanext-dcat's.
"""

from __future__ import annotations

from typing import Any, Callable

from flask import Blueprint, Response, make_response, request
from rdflib import Graph
from rdflib.namespace import DCTERMS

import ckan.plugins.toolkit as tk
from ckanext.dcat.utils import CONTENT_TYPES, parse_accept_header, url_to_rdflib_format

from ckanext.digicanvis.lod import bodies, ontology, shapes, skos, uris
from ckanext.digicanvis.logic import vocabularies
from ckanext.digicanvis.logic.fields import PROJECT_TYPE

FORMATS = "any(ttl, rdf, xml, jsonld)"
# Short names of the tables the vocabularies' concepts match, for the people's page.
MATCH_TABLES = (
    ("http://publications.europa.eu/resource/authority/data-theme/", "EU data theme"),
    ("http://publications.europa.eu/resource/authority/distribution-status/", "EU status"),
    ("http://publications.europa.eu/resource/authority/frequency/", "EU frequency"),
    ("http://purl.org/adms/status/", "ADMS"),
    ("http://purl.org/dc/dcmitype/", "DCMI"),
    ("https://ipsoeu.github.io/taxonomy/status/2019#", "IPS-X"),
)


def match_label(iri: str) -> str:
    """``EU data theme GOVE`` for the IRI of that concept; the IRI's last part otherwise."""
    for prefix, table in MATCH_TABLES:
        if iri.startswith(prefix):
            return f"{table} {iri[len(prefix):]}"
    return iri.rstrip("/").rsplit("/", 1)[-1]
MAX_BODY_PROJECTS = 1000

linked_data = Blueprint("digicanvis_linked_data", __name__)


def rdf_response(graph: Graph, _format: str) -> Response:
    if _format == "jsonld":
        body = graph.serialize(format="json-ld", auto_compact=True)
    else:
        body = graph.serialize(format=url_to_rdflib_format(_format))
    response = make_response(body)
    response.headers["Content-Type"] = f"{CONTENT_TYPES[_format]}; charset=utf-8"
    response.headers["Vary"] = "Accept"
    return response


def _context() -> dict[str, Any]:
    """The reader's rights: what they may see is what the RDF shows."""
    user = tk.current_user
    return {"user": "" if user.is_anonymous else user.name}


@linked_data.route(f"/{PROJECT_TYPE}/<id>.<{FORMATS}:_format>")
def project_rdf(id: str, _format: str) -> Response:
    try:
        project = tk.get_action("package_show")(_context(), {"id": id})
        if project.get("type") != PROJECT_TYPE:
            raise tk.ObjectNotFound()
        body = tk.get_action("dcat_dataset_show")(_context(), {"id": project["id"], "format": _format})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        # A project the reader may not see answers as an unknown one, as its page does.
        return tk.abort(404, tk._("Project not found"))
    response = make_response(body)
    response.headers["Content-Type"] = f"{CONTENT_TYPES[_format]}; charset=utf-8"
    response.headers["Vary"] = "Accept"
    return response


@linked_data.route(f"/organization/<id>.<{FORMATS}:_format>")
def local_body_rdf(id: str, _format: str) -> Response:
    try:
        body = tk.get_action("organization_show")(
            _context(), {"id": id, "include_datasets": False, "include_users": False})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not see this local body"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Local body not found"))
    graph = bodies.body_graph(body["id"])
    if graph is None:
        return tk.abort(404, tk._("Local body not found"))
    # Its projects the reader may see, by IRI (each one's own document has the rest).
    found = tk.get_action("package_search")(_context(), {
        "fq": f'+dataset_type:{PROJECT_TYPE} +owner_org:"{body["id"]}"', "rows": MAX_BODY_PROJECTS, "fl": "id"})
    for project in found["results"]:
        graph.add((uris.project(project["id"]), DCTERMS.publisher, uris.local_body(body["id"])))
    return rdf_response(graph, _format)


@linked_data.route("/vocab/")
def vocabulary_index() -> str:
    return tk.render("linked_data/vocabularies.html", {"schemes": [vocabularies.scheme(n) for n in vocabularies.scheme_names()]})


def _scheme_or_404(scheme: str) -> vocabularies.Scheme:
    try:
        return vocabularies.scheme(scheme)
    except KeyError:
        return tk.abort(404, tk._("No vocabulary is called {name}").format(name=scheme))


@linked_data.route("/vocab/<scheme>")
def vocabulary(scheme: str) -> Any:
    found = _scheme_or_404(scheme)
    _format = parse_accept_header(request.headers.get("Accept", ""))
    if _format:
        return rdf_response(skos.scheme_graph(scheme), _format)
    response = make_response(tk.render("linked_data/vocabulary.html", {"scheme": found, "scheme_uri": str(uris.scheme(scheme)), "match_label": match_label}))
    response.headers["Vary"] = "Accept"
    return response


@linked_data.route(f"/vocab/<scheme>.<{FORMATS}:_format>")
def vocabulary_rdf(scheme: str, _format: str) -> Response:
    _scheme_or_404(scheme)
    return rdf_response(skos.scheme_graph(scheme), _format)


@linked_data.route("/ns")
def namespace() -> Any:
    _format = parse_accept_header(request.headers.get("Accept", ""))
    if _format:
        return rdf_response(ontology.ontology_graph(), _format)
    response = make_response(tk.render("linked_data/namespace.html", {
        "terms": ontology.TERMS, "namespace": str(uris.namespace())}))
    response.headers["Vary"] = "Accept"
    return response


@linked_data.route(f"/ns.<{FORMATS}:_format>")
def namespace_rdf(_format: str) -> Response:
    return rdf_response(ontology.ontology_graph(), _format)


@linked_data.route(f"/ns/shapes.<{FORMATS}:_format>")
def shapes_rdf(_format: str) -> Response:
    return rdf_response(shapes.shapes_graph(), _format)


# Content negotiation on the project and local-body pages CKAN serves.
NEGOTIATED: dict[str, Callable[[str, str], Response]] = {
    f"{PROJECT_TYPE}.read": project_rdf,
    "organization.read": local_body_rdf,
}


@linked_data.before_app_request
def negotiate() -> Response | None:
    view = NEGOTIATED.get(request.endpoint or "")
    if view is None:
        return None
    _format = parse_accept_header(request.headers.get("Accept", ""))
    if not _format:
        return None
    return view((request.view_args or {})["id"], _format)


@linked_data.after_app_request
def vary_on_accept(response: Response) -> Response:
    if request.endpoint in NEGOTIATED:
        response.vary.add("Accept")
    return response
