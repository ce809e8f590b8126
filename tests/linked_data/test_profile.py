"""The digicanvis RDF profile: every public field of a project file in the site's RDF, stable
IRIs, content negotiation, privacy of contacts and private projects, schema.org in the page."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import OWL, RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS as DCT, FOAF, PROV, SKOS

import ckan.plugins.toolkit as tk
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers
from ckanext.dcat.processors import RDFParser

from ckanext.digicanvis.lod import uris
from ckanext.digicanvis.profiles.digicanvis import ADMS, SCHEMA, VCARD

from tests import factories
from tests.linked_data.conftest import MANDATORY, rdf_of, shacl

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

PRIVATE_EMAIL = "jordi.soler@example.cat"
PRIVATE_PHONE = "938 111 111"
PUBLIC_EMAIL = "marta.puig@example.cat"


def as_admin(action: str, **data):
    """An action as the site's sysadmin (activities need a real user)."""
    return helpers.call_action(action, {"user": ckan_factories.Sysadmin()["name"]}, **data)


@pytest.fixture
def project():
    body = factories.local_body(name="ajuntament-d-abrera", title="Ajuntament d'Abrera")
    partner = factories.local_body(name="ajuntament-de-vic", title="Ajuntament de Vic", ine_code="08298",
                                   idescat_code="082981", latitude=41.93, longitude=2.25)
    original = as_admin("package_create", **factories.full_project(
        body["id"], name="finestreta-original", title="Finestreta original", contacts=[], resources=[]))
    created = as_admin("package_create", **factories.translated_project(
        body["id"], partner_bodies=[partner["name"]], replicated_from=original["name"]))
    return {"project": created, "body": body, "partner": partner, "original": original}


def texts(g: Graph, subject, predicate) -> set[Literal]:
    return set(g.objects(subject, predicate))


def in_language(g: Graph, subject, predicate, lang: str) -> str:
    return next(str(value) for value in g.objects(subject, predicate) if value.language == lang)


def dgc(name: str) -> URIRef:
    return uris.namespace()[name]


def concept(scheme: str, slug: str) -> URIRef:
    return uris.concept(scheme, slug)


def test_every_public_field_reaches_the_turtle(app, project):
    created, body = project["project"], project["body"]
    g = rdf_of(app, f"/project/{created['name']}.ttl")
    ref = uris.project(created["id"])

    assert (ref, RDF.type, DCAT.Dataset) in g and (ref, RDF.type, dgc("Project")) in g
    # Every version of every text, tagged with its language (the original is Catalan).
    assert texts(g, ref, DCT.title) == {Literal("Finestreta virtual amb cita prèvia", lang="ca"),
                                        Literal("Ventanilla virtual con cita previa", lang="es"),
                                        Literal("Virtual counter with appointments", lang="en")}
    assert "cita prèvia" in in_language(g, ref, DCT.description, "ca")
    assert in_language(g, ref, DCT.description, "en") == factories.VERSIONS["notes_translated"]["en"]
    assert g.value(ref, dgc("urlName")) == Literal("finestreta-virtual")
    assert texts(g, ref, dgc("valueProposition")) == {Literal("Menys desplaçaments i esperes.", lang="ca"),
                                                      Literal("Menos desplazamientos y esperas.", lang="es"),
                                                      Literal("Fewer trips and less waiting.", lang="en")}
    assert texts(g, ref, dgc("barriers")) == {Literal("Resistència inicial del personal.", lang="ca"),
                                              Literal("Resistencia inicial del personal.", lang="es")}
    assert texts(g, ref, dgc("benefits")) == {Literal("Atenció 24 h.", lang="ca"),
                                              Literal("Service around the clock.", lang="en")}
    assert str(g.value(ref, dgc("funding"))) == "Fons propis i Next Generation EU"
    assert g.value(ref, dgc("cost")).datatype == XSD.decimal and float(g.value(ref, dgc("cost"))) == 18000
    assert g.value(ref, DCT.language) == uris.EU_LANGUAGE["CAT"]
    # Classification: DCAT-AP properties with the observatory's concepts, and the EU themes.
    assert (ref, DCAT.theme, concept("area", "services_procedures")) in g
    assert (ref, DCAT.theme, uris.EU_DATA_THEME["GOVE"]) in g
    assert (ref, DCT.type, concept("transformation_type", "service")) in g
    assert (ref, ADMS.status, concept("phase", "implemented")) in g
    assert (ref, dgc("maturityLevel"), concept("maturity_level", "proactive")) in g
    assert g.value(concept("phase", "implemented"), SKOS.notation) == Literal("implemented")
    assert {str(k) for k in g.objects(ref, DCAT.keyword)} == {"chatbot", "electronic signature"}
    assert set(g.objects(ref, dgc("technology"))) == {concept("technologies", "chatbot"),
                                                      concept("technologies", "electronic-signature")}
    assert {str(v) for v in g.objects(ref, dgc("methodology"))} == {"disseny de serveis"}
    assert {str(v) for v in g.objects(ref, dgc("tool"))} == {"e-TRAM"}
    # Years, place, bodies, lineage, landing page.
    period = g.value(ref, DCT.temporal)
    assert g.value(period, DCAT.startDate) == Literal("2021", datatype=XSD.gYear)
    assert g.value(period, DCAT.endDate) == Literal("2023", datatype=XSD.gYear)
    body_ref = uris.local_body(body["id"])
    assert g.value(ref, DCT.publisher) == body_ref
    assert g.value(body_ref, FOAF.name) == Literal("Ajuntament d'Abrera")
    assert (ref, DCT.spatial, uris.place_of(body_ref)) in g
    assert str(g.value(uris.place_of(body_ref), DCAT.centroid)) == "POINT(1.902238 41.516258)"
    assert (ref, DCT.spatial, uris.EU_COUNTRY["ESP"]) in g
    assert (ref, dgc("partnerBody"), uris.local_body(project["partner"]["id"])) in g
    original_ref = uris.project(project["original"]["id"])
    assert (ref, PROV.wasDerivedFrom, original_ref) in g and (ref, DCT.relation, original_ref) in g
    assert g.value(ref, DCAT.landingPage) == URIRef(f"{uris.base()}/project/finestreta-virtual")
    # Savings, structured.
    saving = g.value(ref, dgc("saving"))
    assert g.value(saving, dgc("savingKind")) == concept("saving_kind", "staff_time")
    assert g.value(saving, dgc("amount")).datatype == XSD.decimal and float(g.value(saving, dgc("amount"))) == 120
    assert str(g.value(saving, dgc("unit"))) == "hores"
    assert g.value(saving, dgc("period")) == concept("saving_period", "month")
    assert texts(g, saving, dgc("measurementMethod")) == {
        Literal("Registre del taulell, 2023 vs 2024", lang="ca"),
        Literal("Registro del mostrador, 2023 frente a 2024", lang="es"), Literal("Counter log, 2023 vs 2024", lang="en")}
    # Documentation as distributions with media types and kinds, titles and descriptions in every version.
    distributions = {in_language(g, d, DCT.title, "ca"): d for d in g.objects(ref, DCAT.distribution)}
    assert set(distributions) == {"Vídeo de presentació", "Article"}
    video = distributions["Vídeo de presentació"]
    assert texts(g, video, DCT.title) == {Literal("Vídeo de presentació", lang="ca"),
                                          Literal("Vídeo de presentación", lang="es"),
                                          Literal("Presentation video", lang="en")}
    assert texts(g, video, DCT.description) == {Literal("Com funciona la finestreta", lang="ca"),
                                                Literal("How the counter works", lang="en")}
    assert g.value(video, dgc("documentationKind")) == concept("documentation_kind", "video")
    assert g.value(video, DCAT.accessURL) == URIRef("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    assert g.value(video, DCAT.mediaType) == URIRef("https://www.iana.org/assignments/media-types/text/html")
    # The catalogue record: the observatory's licence and operator.
    record = uris.catalog_record(ref)
    assert g.value(record, FOAF.primaryTopic) == ref
    assert g.value(record, DCT.license) == URIRef("http://creativecommons.org/licenses/by/4.0/")
    assert str(g.value(g.value(record, DCT.publisher), FOAF.name)) == tk.config["ckanext.digicanvis.operator.name"]


def test_local_body_carries_its_identifiers_and_place(app, project):
    body = project["body"]
    g = rdf_of(app, f"/organization/{body['name']}.ttl")
    ref = uris.local_body(body["id"])

    assert (ref, RDF.type, FOAF.Agent) in g
    assert str(g.value(ref, DCT.identifier)) == "08001"
    codes = {str(g.value(i, SKOS.notation)): str(g.value(i, ADMS.schemaAgency)) for i in g.objects(ref, ADMS.identifier)}
    assert codes == {"08001": "INE", "L01080018": "DIR3"}
    assert (ref, OWL.sameAs, URIRef("http://datos.gob.es/recurso/sector-publico/org/Organismo/L01080018")) in g
    assert (ref, DCT.spatial, uris.place_of(ref)) in g
    assert (ref, FOAF.homepage, URIRef("https://www.abrera.cat")) in g
    # Its projects, by IRI.
    assert (uris.project(project["project"]["id"]), DCT.publisher, ref) in g
    json_ld = rdf_of(app, f"/organization/{body['name']}", Accept="application/ld+json")
    assert (ref, DCT.identifier, Literal("08001")) in json_ld


def test_iris_survive_a_rename_and_resolve_to_the_page(app, project):
    created = project["project"]
    ref = uris.project(created["id"])
    as_admin("package_patch", id=created["id"], name="finestreta-renamed", title="Un altre títol")

    g = rdf_of(app, "/project/finestreta-renamed.ttl")

    assert (ref, RDF.type, DCAT.Dataset) in g
    page = app.get(str(ref).replace(uris.base(), ""))
    assert page.status_code == 200 and "Un altre títol" in page.get_data(as_text=True)
    assert Literal("Un altre títol", lang="ca") in \
        texts(rdf_of(app, str(ref).replace(uris.base(), ""), Accept="text/turtle"), ref, DCT.title)


@pytest.mark.parametrize("accept,media", [
    ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", "text/html"),
])
def test_content_negotiation_on_project_and_body_pages(app, project, accept, media):
    for url in (f"/project/{project['project']['name']}", f"/organization/{project['body']['name']}"):
        response = app.get(url, headers={"Accept": accept})
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith(media)
        assert "Accept" in response.headers.get("Vary", "")


@pytest.mark.parametrize("_format,parser", [("ttl", "turtle"), ("rdf", "xml"), ("xml", "xml"), ("jsonld", "json-ld")])
def test_catalogue_endpoint_in_every_format_with_the_project(app, project, _format, parser):
    response = app.get(f"/catalog.{_format}")
    assert response.status_code == 200
    g = Graph().parse(data=response.get_data(as_text=True), format=parser)
    assert (uris.project(project["project"]["id"]), RDF.type, DCAT.Dataset) in g
    assert shacl(g, MANDATORY).count("Violation") == 0


def test_catalogue_filters_by_q_and_modified_since(app, project):
    by_q = rdf_of(app, "/catalog.ttl?q=name:finestreta-original")
    assert set(by_q.subjects(RDF.type, DCAT.Dataset)) == {uris.project(project["original"]["id"])}
    future = rdf_of(app, "/catalog.ttl?modified_since=2999-01-01")
    assert set(future.subjects(RDF.type, DCAT.Dataset)) == set()
    assert app.get("/catalog.ttl?page=0").status_code == 409


def everything(app, url: str, **headers) -> str:
    """The project's RDF in every format, as one text to search."""
    texts = []
    for _format in ("ttl", "rdf", "jsonld"):
        response = app.get(f"{url}.{_format}", headers=headers)
        assert response.status_code == 200
        texts.append(response.get_data(as_text=True))
    name = url.rsplit("/", 1)[-1]
    for other in ("/catalog.ttl", "/catalog.jsonld", f"/dataset/{name}.ttl", f"/dataset/{name}.jsonld"):
        response = app.get(other, headers=headers)  # ckanext-dcat's own endpoints, same profiles
        assert response.status_code == 200, other
        texts.append(response.get_data(as_text=True))
    return "\n".join(texts)


def test_no_contact_address_or_phone_in_any_rdf_whoever_asks(app, project):
    created, body = project["project"], project["body"]
    member = factories.editor_of(body["id"])
    sysadmin = ckan_factories.Sysadmin()
    # The member really can see the private contact's address (so the RDF is what filters it).
    shown = helpers.call_action("package_show", {"user": member["name"], "ignore_auth": False}, id=created["id"])
    assert PRIVATE_EMAIL in json.dumps(shown)
    for who in (None, member, sysadmin):
        headers = {"Authorization": ckan_factories.APIToken(user=who["name"])["token"]} if who else {}
        text = everything(app, f"/project/{created['name']}", **headers)
        assert "Marta Puig" in text  # the public contact, by name
        for secret in (PRIVATE_EMAIL, PRIVATE_PHONE, "Jordi Soler", PUBLIC_EMAIL, "+34 938 000 000", "mailto:"):
            assert secret not in text, (who and who["name"], secret)
        page = app.get(f"/project/{created['name']}", headers=headers).get_data(as_text=True)
        structured = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
        assert PRIVATE_EMAIL not in structured and PUBLIC_EMAIL not in structured


def test_contact_point_is_the_contact_form_when_no_contact_is_public(app, project):
    original = project["original"]  # no contacts
    g = rdf_of(app, f"/project/{original['name']}.ttl")
    point = g.value(uris.project(original["id"]), DCAT.contactPoint)
    assert (point, RDF.type, VCARD.Organization) in g
    assert g.value(point, VCARD.hasURL) == uris.contact_form(original["id"])


def test_private_project_stays_out_of_every_rdf(app, project):
    body = project["body"]
    secret = as_admin("package_create", **factories.full_project(
        body["id"], name="projecte-privat", title="Projecte privat secret", private=True))

    # As its page does, the document answers a private project as an unknown one (issue 10).
    assert app.get("/project/projecte-privat.ttl").status_code == 404
    assert app.get(f"/project/{secret['id']}", headers={"Accept": "text/turtle"}).status_code == 404
    for url in ("/catalog.ttl", "/catalog.jsonld", f"/organization/{body['name']}.ttl"):
        text = app.get(url).get_data(as_text=True)
        assert "Projecte privat secret" not in text and secret["id"] not in text
    member = factories.editor_of(body["id"])
    token = ckan_factories.APIToken(user=member["name"])["token"]
    response = app.get("/project/projecte-privat.ttl", headers={"Authorization": token})
    assert response.status_code == 200 and PRIVATE_EMAIL not in response.get_data(as_text=True)


def test_unknown_project_and_body_are_404(app, project):
    assert app.get("/project/no-such-project.ttl").status_code == 404
    assert app.get("/organization/no-such-body.ttl").status_code == 404


def test_schema_org_in_the_project_page(app, project):
    created = project["project"]
    page = app.get(f"/project/{created['name']}").get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    g = Graph().parse(data=json.dumps(data), format="json-ld")
    ref = uris.project(created["id"])

    assert (ref, RDF.type, SCHEMA.Project) in g and (ref, RDF.type, SCHEMA.Dataset) in g
    assert texts(g, ref, SCHEMA.name) == {Literal("Finestreta virtual amb cita prèvia", lang="ca"),
                                          Literal("Ventanilla virtual con cita previa", lang="es"),
                                          Literal("Virtual counter with appointments", lang="en")}
    assert in_language(g, ref, SCHEMA.description, "es") == factories.VERSIONS["notes_translated"]["es"]
    video = next(d for d in g.objects(ref, SCHEMA.distribution) if in_language(g, d, SCHEMA.name, "ca") == "Vídeo de presentació")
    assert in_language(g, video, SCHEMA.name, "en") == "Presentation video"
    publisher = g.value(ref, SCHEMA.publisher)
    assert (publisher, RDF.type, SCHEMA.GovernmentOrganization) in g
    assert str(g.value(publisher, SCHEMA.name)) == "Ajuntament d'Abrera"
    assert str(g.value(g.value(publisher, SCHEMA.address), SCHEMA.addressRegion)) == "Barcelona"
    geo = g.value(g.value(ref, SCHEMA.spatialCoverage), SCHEMA.geo)
    assert float(g.value(geo, SCHEMA.latitude)) == pytest.approx(41.516258)
    assert str(g.value(ref, SCHEMA.temporalCoverage)) == "2021/2023"
    assert {str(k) for k in g.objects(ref, SCHEMA.keywords)} == {"chatbot", "electronic signature"}
    assert str(g.value(ref, SCHEMA.creativeWorkStatus)) == "Implantat"


def test_schema_org_in_an_english_page_keeps_the_versions_in_their_languages(app, project):
    """The page shows the reader's version; the JSON-LD still tags each version rightly."""
    created = project["project"]
    page = app.get(f"/en/project/{created['name']}").get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    g = Graph().parse(data=json.dumps(data), format="json-ld")
    ref = uris.project(created["id"])

    assert "Virtual counter with appointments" in page
    assert in_language(g, ref, SCHEMA.name, "ca") == "Finestreta virtual amb cita prèvia"
    assert in_language(g, ref, SCHEMA.name, "en") == "Virtual counter with appointments"


def test_structured_data_escapes_markup_in_titles(app, project):
    as_admin("package_patch", id=project["project"]["id"], title="</script><script>alert(1)</script>")
    page = app.get(f"/project/{project['project']['name']}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page


def test_the_profile_reads_its_own_output_back(app, project):
    """Parsing a project's Turtle gives back its public fields (the harvester's input)."""
    created = helpers.call_action("package_show", id=project["project"]["id"])
    parser = RDFParser()
    parser.parse(app.get(f"/project/{created['name']}.ttl").get_data(as_text=True), _format="ttl")
    parsed = next(iter(parser.datasets()))

    # Every public field of the schema, the versions in other languages included; the bodies
    # and the replicated project are left as IRIs for the harvester to resolve (below).
    # ``private`` and ``publication_state`` are this site's visibility and editorial review, not
    # the record's: only published records are in RDF (the harvest source decides, issue 16).
    resolved_by_the_harvester = ("owner_org", "partner_bodies", "replicated_from", "private", "publication_state")
    special = {"cost": float, "technologies": sorted,
               "savings": lambda savings: [dict(s, amount=float(s["amount"])) for s in savings]}
    compared = [f["field_name"] for f in tk.h.scheming_get_dataset_schema("project")["dataset_fields"]
                if f["field_name"] not in resolved_by_the_harvester]
    assert {"title_translated", "notes_translated", "benefits_translated"} <= set(compared)
    for key in compared:
        if key == "contacts":
            assert parsed[key] == [{"name": "Marta Puig", "role": "Cap d'atenció ciutadana", "public": "yes"}]
            continue
        shape = special.get(key, lambda value: value)
        assert shape(parsed.get(key)) == shape(created.get(key)), key
    assert created["savings"][0]["method_translated"]["en"] == "Counter log, 2023 vs 2024"
    documentation = ("url", "name", "name_translated", "description", "description_translated", "resource_type")
    assert [{k: r.get(k) or None for k in documentation} for r in parsed["resources"]] == \
        [{k: r.get(k) or None for k in documentation} for r in created["resources"]]
    found = parsed["__digicanvis"]
    assert found["publisher"]["uri"] == str(uris.local_body(created["owner_org"]))
    assert found["replicated_from"] == {"uri": str(uris.project(project["original"]["id"])),
                                        "name": "finestreta-original"}


def parse_first(text: str, _format: str = "ttl") -> dict:
    parser = RDFParser()
    parser.parse(text, _format=_format)
    return next(iter(parser.datasets()))


def test_a_record_in_another_language_keeps_its_original_untagged(app, project):
    """``language: other``: the original is no version (a Catalan version beside it stays
    Catalan); RDF carries it untagged, and reading it back gives the same record."""
    created = as_admin("package_create", **factories.full_project(
        project["body"]["id"], name="guichet-virtuel", title="Guichet virtuel", language="other",
        notes="Démarches en ligne.", title_translated={"ca": "Finestreta virtual"}, contacts=[], resources=[],
        savings=[], replicated_from=""))
    assert created["title_translated"] == {"ca": "Finestreta virtual"}
    assert "notes_translated" not in created or not created["notes_translated"]

    g = rdf_of(app, "/project/guichet-virtuel.ttl")
    ref = uris.project(created["id"])
    assert texts(g, ref, DCT.title) == {Literal("Guichet virtuel"), Literal("Finestreta virtual", lang="ca")}
    assert g.value(ref, DCT.language) is None

    parsed = parse_first(app.get("/project/guichet-virtuel.ttl").get_data(as_text=True))
    assert (parsed["language"], parsed["title"], parsed["title_translated"], parsed["notes"]) == \
        ("other", "Guichet virtuel", {"ca": "Finestreta virtual"}, "Démarches en ligne.")
    assert "notes_translated" not in parsed


FOREIGN = """
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://data.example.org/dataset/appointments> a dcat:Dataset ;
    dct:title "Online appointments"@en , "Cita previa en línea"@es-ES , "Cita prèvia en línia"@ca ;
    dct:description "Book a slot online."@en , "Reserva en línea."@es-ES , "Reserva en línia."@ca ;
    %s .
"""


@pytest.mark.parametrize("default,declared,original", [
    ("ca", "", "ca"),  # no dct:language: the site's default language
    ("es", "", "es"),
    ("ca", "dct:language <http://publications.europa.eu/resource/authority/language/ENG>", "en"),
    ("ca", 'dct:language "es"', "es"),
    # Declared in a language it has no title in: the site's default.
    ("ca", "dct:language <http://publications.europa.eu/resource/authority/language/FRA>", "ca"),
])
def test_foreign_texts_in_several_languages(app, ckan_config, monkeypatch, default, declared, original):
    """The original is the record's dct:language (else the site's default); every version of
    each text is kept, by language (``es-ES`` is Spanish)."""
    monkeypatch.setitem(ckan_config, "ckan.locale_default", default)
    parsed = parse_first(FOREIGN % (declared or 'dct:identifier "appointments"'))

    titles = {"en": "Online appointments", "es": "Cita previa en línea", "ca": "Cita prèvia en línia"}
    assert parsed["language"] == original
    assert parsed["title"] == titles[original] and parsed["title_translated"] == titles
    assert parsed["notes_translated"] == {"en": "Book a slot online.", "es": "Reserva en línea.", "ca": "Reserva en línia."}
