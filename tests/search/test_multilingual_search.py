"""Search across Catalan, Spanish and English on real Solr: analysers (elision, accents,
stems), synonyms from our vocabularies, the reader's language first, spelling."""

from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from ckanext.digicanvis import search_terms
from ckanext.digicanvis.logic import multilingual_search

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def body():
    return factories.local_body()


def project(body, name, **fields):
    data = factories.full_project(body["id"], name=name, **fields)
    editor = factories.editor_of(body["id"])
    return helpers.call_action("package_create", {"user": editor["name"]}, **data)


def names(q, lang="ca", **params):
    found = helpers.call_action("package_search", q=q, ext_lang=lang, rows=20, **params)
    return [p["name"] for p in found["results"]]


@pytest.fixture
def bilingual(body):
    """A Catalan original with an English version, and an English one with none."""
    project(body, "finestreta", title="Finestreta única de l'ajuntament", language="ca",
            notes="Tots els tràmits d'empadronament a la seu electrònica, amb cita prèvia.",
            title_translated={"en": "One-stop shop of the council"},
            notes_translated={"en": "Every registration procedure in the e-office, with online appointments."},
            technologies=["chatbot"], area="services_procedures")
    project(body, "lighting", title="Smart street lighting", language="en",
            notes="LED lamps replaced sodium ones; energy savings of 80%.",
            title_translated={}, notes_translated={}, technologies=["smart lighting"],
            area="planning_management", transformation_type="service")


def test_catalan_elisions_accents_and_stems(bilingual):
    assert names("d'ajuntament") == ["finestreta"]  # elision: l'ajuntament
    assert names("FINESTRETA UNICA") == ["finestreta"]  # case and accents
    assert names("tramit") == ["finestreta"]  # stem of tràmits, no accent
    assert names("electroniques") == ["finestreta"]  # plural of electrònica, no accents


def test_synonyms_bridge_languages(bilingual):
    assert "lighting" in names("enllumenat")  # Catalan word, English-only project
    assert "lighting" in names("alumbrado", lang="es")
    assert "finestreta" in names("online appointment", lang="en")
    assert "finestreta" in names("cita previa", lang="es")
    assert "finestreta" in names("procedures", lang="en")  # "tràmits"


def test_the_readers_language_weighs_most(body):
    """Two projects on one subject, one written in Catalan, one in English: each reader
    gets the one in their language first, and the other through the synonyms."""
    project(body, "ca-appointments", title="Cita prèvia en línia", language="ca", title_translated={},
            notes="Reserva de cita prèvia per a les oficines.", notes_translated={})
    project(body, "en-appointments", title="Online appointment", language="en", title_translated={},
            notes="Appointment booking for the offices.", notes_translated={})
    assert names("cita prèvia", lang="ca") == ["ca-appointments", "en-appointments"]
    assert names("online appointment", lang="en") == ["en-appointments", "ca-appointments"]


def test_a_misspelt_query_runs_with_solrs_spelling_and_says_so(bilingual):
    found = helpers.call_action("package_search", q="finestrta", ext_lang="ca")
    assert [p["name"] for p in found["results"]] == ["finestreta"]
    assert found["digicanvis_spelling"] == {"query": "finestrta", "suggestion": "finestreta",
                                            "applied": True, "relaxed": False}


def test_no_project_with_every_word_falls_back_to_some_of_them(bilingual):
    found = helpers.call_action("package_search", q="enllumenat cita prèvia serveis socials", ext_lang="ca")
    assert {p["name"] for p in found["results"]} == {"finestreta", "lighting"}
    assert found["digicanvis_spelling"]["relaxed"] is True


def test_private_projects_words_are_never_suggested(body):
    project(body, "secret", title="Projecte Zyxwvut", private=True, title_translated={}, notes_translated={})
    found = helpers.call_action("package_search", q="Zyxwvat", ext_lang="ca")
    assert "digicanvis_spelling" not in found or found["digicanvis_spelling"]["suggestion"] is None


def test_field_queries_and_an_unknown_language_are_handled(bilingual):
    assert names("name:lighting") == ["lighting"]  # CKAN's own syntax is left alone
    with pytest.raises(tk.ValidationError) as error:
        helpers.call_action("package_search", q="x", ext_lang="fr")
    assert "ext_lang" in error.value.error_dict


def test_query_fields_put_the_reader_first():
    fields = multilingual_search.query_fields("es").split()
    assert fields[:2] == ["title_es^10", "text_es^4"]
    assert "title_ca^3" in fields and "text_all^1" in fields


def test_synonym_lines_are_normalised_as_solr_analyses():
    assert search_terms.normalise("Gestor d'Expedients", frozenset({"de"})) == "gestor expedients"
    assert search_terms.normalise("Intel·ligència artificial") == "intelligencia artificial"
    lines = search_terms.synonym_lines(search_terms.term_groups())
    assert "cita previa, appointment, appointments" in lines  # "online appointment" adds nothing
    assert any(line.startswith("tramit, tramits, tramite, tramites, procedure") for line in lines)
    # every line bridges at least two spellings; one-language groups are dropped
    assert all(", " in line for line in lines)


def test_technologies_keep_their_other_names_and_abbreviations():
    """A name with its abbreviation in brackets is two spellings (a multi-word synonym must
    match in full), and the names councils type beside the vocabulary's labels still bridge."""
    groups = [set(line.split(", ")) for line in search_terms.synonym_lines(search_terms.term_groups())]
    assert any({"internet de les coses", "iot", "internet of things"} <= group for group in groups)
    assert any({"sistema de informacion geografica", "sig", "gis"} <= group for group in groups)
    assert any({"codi obert", "codigo abierto", "open source"} <= group for group in groups)
    assert any({"formacio en linia", "e learning"} <= group for group in groups)
