"""The vocabularies: one source for the schema's choice lists and the SKOS concept schemes."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from ckanext.scheming.helpers import scheming_field_choices

from ckanext.digicanvis.helpers import digicanvis_project_field
from ckanext.digicanvis.lod import skos, uris
from ckanext.digicanvis.logic import vocabularies
from ckanext.digicanvis.logic.fields import project_field

from tests.linked_data.conftest import rdf_of

SCHEMA_FIELDS = {"area": "area", "transformation_type": "transformation_type", "phase": "phase",
                 "maturity_level": "maturity_level"}
REQUIRED_SCHEMES = ("area", "transformation_type", "phase", "maturity_level", "saving_kind", "technologies")


@pytest.mark.parametrize("field,scheme", SCHEMA_FIELDS.items())
def test_the_schema_choices_are_the_vocabulary(field, scheme):
    choices = scheming_field_choices(digicanvis_project_field(field))
    assert [c["value"] for c in choices] == list(vocabularies.scheme(scheme).codes())
    assert [c["label"] for c in choices] == [vocabularies.labels(scheme)[code] for code in vocabularies.scheme(scheme).codes()]


def test_nested_and_resource_choices_come_from_the_vocabularies_too():
    savings = {sub["field_name"]: sub for sub in project_field("savings")["repeating_subfields"]}
    assert [c["value"] for c in scheming_field_choices(savings["kind"])] == list(vocabularies.scheme("saving_kind").codes())
    assert [c["value"] for c in scheming_field_choices(savings["period"])] == list(vocabularies.scheme("saving_period").codes())
    kinds = scheming_field_choices(project_field("resource_type", resource=True))
    assert [c["value"] for c in kinds] == list(vocabularies.scheme("documentation_kind").codes())


def test_labels_seam_gives_every_language():
    labels = vocabularies.labels("area")
    assert labels["social_services"] == {"ca": "Serveis socials", "es": "Servicios sociales", "en": "Social services"}
    with pytest.raises(KeyError):
        vocabularies.labels("no-such-scheme")


@pytest.mark.parametrize("scheme", REQUIRED_SCHEMES)
def test_every_concept_has_notation_labels_and_definitions_in_three_languages(scheme):
    g = skos.scheme_graph(scheme)
    scheme_ref = uris.scheme(scheme)
    assert (scheme_ref, RDF.type, SKOS.ConceptScheme) in g
    concepts = set(g.subjects(SKOS.inScheme, scheme_ref))
    assert {str(g.value(c, SKOS.notation)) for c in concepts} == set(vocabularies.scheme(scheme).codes())
    for concept in concepts:
        for predicate in (SKOS.prefLabel, SKOS.definition):
            assert {value.language for value in g.objects(concept, predicate)} == {"ca", "es", "en"}, (concept, predicate)


def test_matches_to_eu_themes_adms_status_and_ipsx():
    area = skos.scheme_graph("area")
    assert (uris.concept("area", "social_services"), SKOS.closeMatch,
            URIRef("http://publications.europa.eu/resource/authority/data-theme/SOCI")) in area
    phase = skos.scheme_graph("phase")
    implemented = uris.concept("phase", "implemented")
    assert (implemented, SKOS.closeMatch, URIRef("http://purl.org/adms/status/Completed")) in phase
    assert (implemented, SKOS.exactMatch, URIRef("https://ipsoeu.github.io/taxonomy/status/2019#implemented")) in phase
    assert vocabularies.phase_for_ipsx_status("In development") == "prototype"
    assert vocabularies.phase_for_ipsx_status("Not in use anymore") == "discontinued"
    assert vocabularies.phase_for_ipsx_status("whatever") is None


def test_technologies_suggested_by_the_form_are_the_vocabulary():
    from ckanext.digicanvis.logic.validators import digicanvis_technologies, suggested_technologies

    assert suggested_technologies() == vocabularies.scheme("technologies").codes()
    assert digicanvis_technologies(["CHATBOT", "my own tool", "chatbot"]) == ["chatbot", "my own tool"]


@pytest.mark.usefixtures("clean_db")
def test_vocabulary_pages_for_people_and_machines(app):
    page = app.get("/vocab/area", headers={"Accept": "text/html"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Serveis socials" in html and "social_services" in html and "EU data theme SOCI" in html
    spanish = app.get("/es/vocab/area").get_data(as_text=True)
    assert "Servicios sociales" in spanish
    index = app.get("/vocab/").get_data(as_text=True)
    assert all(f"/vocab/{scheme}" in index for scheme in REQUIRED_SCHEMES)
    for headers, url in (({"Accept": "text/turtle"}, "/vocab/phase"), ({}, "/vocab/phase.ttl"),
                         ({"Accept": "application/ld+json"}, "/vocab/phase")):
        g = rdf_of(app, url, **headers)
        assert (uris.scheme("phase"), RDF.type, SKOS.ConceptScheme) in g
    assert app.get("/vocab/nothing-here").status_code == 404
    assert app.get("/vocab/nothing-here.ttl").status_code == 404


@pytest.mark.usefixtures("clean_db")
def test_the_observatory_vocabulary_is_served_with_labels(app):
    g = rdf_of(app, "/ns", Accept="text/turtle")
    saving = uris.namespace()["saving"]
    assert {label.language for label in g.objects(saving, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))} \
        == {"ca", "es", "en"}
    assert "valueProposition" in app.get("/ns").get_data(as_text=True)
    assert isinstance(rdf_of(app, "/ns/shapes.ttl"), Graph)


@pytest.mark.ckan_config("ckanext.digicanvis.lod.namespace", "https://observatori.example.cat/def#")
def test_the_namespace_base_is_configurable():
    assert str(uris.namespace()["saving"]) == "https://observatori.example.cat/def#saving"
