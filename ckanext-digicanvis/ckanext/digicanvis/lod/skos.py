"""The observatory's vocabularies as SKOS concept schemes (served at ``/vocab/<scheme>``)."""

from __future__ import annotations

from rdflib import DCTERMS, RDF, SKOS, Graph, Literal, URIRef

from ckanext.digicanvis.lod import uris
from ckanext.digicanvis.logic import vocabularies
from ckanext.digicanvis.logic.vocabularies import LANGUAGES, Concept


def bind(graph: Graph) -> Graph:
    graph.bind("skos", SKOS)
    graph.bind("dct", DCTERMS)
    graph.bind("dgc", uris.namespace())
    return graph


def concept_ref(scheme_name: str, code: str) -> URIRef | None:
    """The IRI of a stored code, or None when the scheme has no such concept (a free technology)."""
    concept = vocabularies.scheme(scheme_name).concept(code)
    return uris.concept(scheme_name, concept.slug) if concept else None


def add_concept(graph: Graph, scheme_name: str, concept: Concept, full: bool = False) -> URIRef:
    """A concept with its scheme, notation and labels; ``full`` adds definitions and matches
    (the scheme document), otherwise it is the short form records carry so that they read
    without dereferencing."""
    ref = uris.concept(scheme_name, concept.slug)
    graph.add((ref, RDF.type, SKOS.Concept))
    graph.add((ref, SKOS.inScheme, uris.scheme(scheme_name)))
    graph.add((ref, SKOS.notation, Literal(concept.code)))
    for lang in LANGUAGES:
        graph.add((ref, SKOS.prefLabel, Literal(concept.label[lang], lang=lang)))
    if full:
        graph.add((ref, SKOS.topConceptOf, uris.scheme(scheme_name)))
        graph.add((uris.scheme(scheme_name), SKOS.hasTopConcept, ref))
        for lang in LANGUAGES:
            graph.add((ref, SKOS.definition, Literal(concept.definition[lang], lang=lang)))
        for target in concept.exact_match:
            graph.add((ref, SKOS.exactMatch, URIRef(target)))
        for target in concept.close_match:
            graph.add((ref, SKOS.closeMatch, URIRef(target)))
        for label in concept.ipsx:
            graph.add((ref, SKOS.hiddenLabel, Literal(label, lang="en")))
    return ref


def add_scheme_header(graph: Graph, scheme_name: str) -> URIRef:
    scheme = vocabularies.scheme(scheme_name)
    ref = uris.scheme(scheme_name)
    graph.add((ref, RDF.type, SKOS.ConceptScheme))
    for lang in LANGUAGES:
        graph.add((ref, SKOS.prefLabel, Literal(scheme.title[lang], lang=lang)))
        graph.add((ref, DCTERMS.title, Literal(scheme.title[lang], lang=lang)))
        graph.add((ref, SKOS.definition, Literal(scheme.definition[lang], lang=lang)))
    return ref


def scheme_graph(scheme_name: str) -> Graph:
    """The whole concept scheme; KeyError for an unknown scheme."""
    graph = bind(Graph())
    add_scheme_header(graph, scheme_name)
    for concept in vocabularies.scheme(scheme_name).concepts:
        add_concept(graph, scheme_name, concept, full=True)
    return graph


def code_of(graph: Graph, ref: object, scheme_name: str) -> str | None:
    """The stored code a concept IRI stands for in ``scheme_name``: its ``skos:notation``
    when the graph has it (any DigiCanvis site's records carry it), else the IRI's fragment
    or last segment. None when neither is a concept of the scheme."""
    scheme = vocabularies.scheme(scheme_name)
    for notation in graph.objects(ref, SKOS.notation):
        if scheme.concept(str(notation)):
            return str(notation)
    tail = str(ref).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    found = scheme.by_slug(tail) or scheme.concept(tail)
    return found.code if found else None
