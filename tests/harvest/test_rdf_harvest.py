"""The RDF harvester (digicanvis_rdf) through ckanext-harvest's gather, fetch and import stages,
over real HTTP: the observatory's own catalogue harvested back (round trip), and foreign
DCAT-AP 3, DCAT-AP-ES and ADMS-AP catalogues (fixtures/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, RDF

import ckan.plugins.toolkit as tk
from ckan.plugins import get_plugin
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers
from ckanext.harvest import queue
from ckanext.harvest.model import HarvestJob, HarvestObject

from ckanext.digicanvis.harvest.rdf import DigicanvisRDFHarvester

from tests import factories
from tests.linked_data.conftest import demo, live_server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")
FIXTURES = Path(__file__).parent / "fixtures"
DEFAULTS = {"defaults": {"area": "services_procedures", "transformation_type": "service", "phase": "pilot"}}
STRICT = pytest.mark.ckan_config("ckanext.digicanvis.harvest.allow_private_addresses", "false")
# Fields compared as sets: RDF keywords and literals carry no order.
UNORDERED = ("technologies", "methodologies", "tools", "partner_bodies")
NUMBERS = ("cost",)
RESOURCE_FIELDS = ("url", "name", "name_translated", "description", "description_translated", "resource_type",
                   "format", "language")


def sysadmin_context() -> dict[str, Any]:
    return {"user": ckan_factories.Sysadmin()["name"]}


def create_source(url: str, owner_org: str, config: dict[str, Any] | None = None) -> dict[str, Any]:
    """A harvest source through the Action API, as an editor of the observatory would make it."""
    return helpers.call_action("harvest_source_create", sysadmin_context(), url=url, name=f"source-{abs(hash(url))}",
                               title="RDF source", source_type="digicanvis_rdf", owner_org=owner_org,
                               config=json.dumps(config) if config else "")


def run_job(source: dict[str, Any], between_stages=None) -> dict[str, Any]:
    """A job through ckanext-harvest's stages in this process (gather, then fetch and import of
    every object), as the gather and fetch consumers run them; returns the job report."""
    job_dict = helpers.call_action("harvest_job_create", sysadmin_context(), source_id=source["id"], run=False)
    job = HarvestJob.get(job_dict["id"])
    job.status = "Running"
    job.save()
    harvester = get_plugin("digicanvis_rdf_harvester")
    assert isinstance(harvester, DigicanvisRDFHarvester)
    object_ids = queue.gather_stage(harvester, job) or []
    if between_stages:
        between_stages()
    for object_id in object_ids:
        queue.fetch_and_import_stages(harvester, HarvestObject.get(object_id))
    helpers.call_action("harvest_jobs_run", {"ignore_auth": True}, source_id=source["id"])
    return helpers.call_action("harvest_job_report", sysadmin_context(), id=job.id)


def gather_messages(report: dict[str, Any]) -> list[str]:
    return [error["message"] for error in report["gather_errors"]]


def object_errors(report: dict[str, Any]) -> list[str]:
    return [error["message"] for item in report["object_errors"].values() for error in item["errors"]]


def public_fields(project: dict[str, Any]) -> dict[str, Any]:
    """A project as anyone may read it, by the schema's field names; empty values are one."""
    schema = tk.h.scheming_get_dataset_schema("project")
    shown: dict[str, Any] = {}
    for field in schema["dataset_fields"]:
        key = field["field_name"]
        value = project.get(key)
        if key == "owner_org":
            key, value = "local_body", project["organization"]["name"]
        elif key in UNORDERED:
            value = sorted(value or [])
        elif key in NUMBERS and value not in (None, ""):
            value = float(value)
        elif key == "savings":
            value = [{**saving, "amount": float(saving["amount"])} for saving in value or []]
        shown[key] = value if value not in (None, "", [], {}) else None
    shown["resources"] = [{key: resource.get(key) or None for key in RESOURCE_FIELDS}
                          for resource in project.get("resources", [])]
    return shown


def projects_as_anyone() -> dict[str, dict[str, Any]]:
    found = helpers.call_action("package_search", {"user": ""}, fq="+dataset_type:project", rows=1000)["results"]
    return {p["name"]: public_fields(factories.show_as("", p["name"])) for p in found}


def test_round_trip_of_the_demo_catalogue_over_http(app, demo, live_server, ckan_config):
    """Site A publishes the demo catalogue (in English, with Catalan and Spanish versions) and
    a full Catalan project and its replica (with Spanish and English versions); the RDF
    harvester reads /catalog.ttl over real HTTP, the projects are purged, and the import gives
    back every public field of every project, every version of its texts included (the
    schema's ``*_translated`` fields). Site B's IRIs differ from A's (another
    ckanext.dcat.base_uri), so bodies and the replicated project are matched as on a second
    site: by INE/DIR3 code or URL name and name, and by harvested IRI."""
    body = factories.local_body(name="ajuntament-d-abrera", title="Ajuntament d'Abrera")
    partner = factories.local_body(name="ajuntament-de-vic", title="Ajuntament de Vic", ine_code="08298",
                                   idescat_code="082981")
    context = sysadmin_context()
    original = helpers.call_action("package_create", context, **factories.translated_project(body["id"]))
    helpers.call_action("package_create", context, **factories.translated_project(
        body["id"], name="finestreta-replicada", title="Finestreta replicada", partner_bodies=[partner["name"]],
        replicated_from=original["name"], contacts=[{"name": "Anna Vila", "role": "Alcaldessa", "public": "yes",
                                                     "email": "anna@example.cat"}]))
    before = projects_as_anyone()
    assert len(before) == len(demo) + 2
    source = create_source(f"{live_server}/catalog.ttl", body["id"])

    def purge_site_a() -> None:
        for name in before:
            helpers.call_action("dataset_purge", context, id=name)
        ckan_config["ckanext.dcat.base_uri"] = "http://site-b.example"

    report = run_job(source, between_stages=purge_site_a)

    assert gather_messages(report) == [] and object_errors(report) == []
    after = projects_as_anyone()
    assert sorted(after) == sorted(before)
    for name, fields in before.items():
        differing = {key: (value, after[name].get(key)) for key, value in fields.items() if after[name].get(key) != value}
        assert differing == {}, f"{name}: {json.dumps(differing, ensure_ascii=False)}"
    # Nothing private crossed: the replica's public contact came without an address.
    assert "anna@example.cat" not in json.dumps(helpers.call_action("package_show", id="finestreta-replicada"))


def test_own_projects_coming_back_are_not_copied(app, live_server):
    """A site harvesting a catalogue that holds its own projects (here: its own catalogue; in
    life: another observatory that harvested it) recognises their IRIs and copies nothing."""
    body = factories.local_body(name="ajuntament-d-abrera", title="Ajuntament d'Abrera")
    helpers.call_action("package_create", sysadmin_context(), **factories.full_project(body["id"]))
    source = create_source(f"{live_server}/catalog.ttl", body["id"])

    report = run_job(source)

    assert object_errors(report) == [] and gather_messages(report) == []
    assert helpers.call_action("package_search", fq="+dataset_type:project")["count"] == 1


def test_harvested_projects_keep_their_iri_and_are_updated_not_duplicated(app, source_server):
    turtle = (FIXTURES / "council-dcat-ap-3.ttl").read_text()
    url = source_server.serve("/catalog.ttl", turtle, "text/turtle")
    source = create_source(url, factories.local_body(name="observatori", title="Observatori")["id"], DEFAULTS)
    run_job(source)
    counter = helpers.call_action("package_show", id="digital-counter-with-appointments")
    source_server.serve("/catalog.ttl", turtle.replace("Digital counter with appointments", "Digital counter 2.0"),
                        "text/turtle")

    run_job(source)

    assert helpers.call_action("package_search", fq="+dataset_type:project")["count"] == 2
    updated = helpers.call_action("package_show", id=counter["id"])
    assert updated["title"] == "Digital counter 2.0" and updated["name"] == counter["name"]
    # Published again under the IRI it came with, so its source recognises it.
    g = Graph().parse(data=app.get(f"/project/{counter['name']}.ttl").get_data(as_text=True), format="turtle")
    assert (URIRef("https://data.stad.gent/id/dataset/digital-counter"), RDF.type, DCAT.Dataset) in g


def test_a_council_dcat_ap_3_catalogue(source_server):
    url = source_server.serve("/catalog.ttl", (FIXTURES / "council-dcat-ap-3.ttl").read_bytes(), "text/turtle")
    owner = factories.local_body(name="observatori", title="Observatori")
    source = create_source(url, owner["id"], {**DEFAULTS, "local_body_type": "foreign_local_government", "country": "BE"})

    report = run_job(source)

    counter = helpers.call_action("package_show", id="digital-counter-with-appointments")
    assert counter["notes"].startswith("Residents book an appointment")
    assert counter["phase"] == "implemented"  # adms:status Completed
    assert counter["area"] == "services_procedures" and counter["transformation_type"] == "service"  # defaults
    assert counter["language"] == "en" and counter["start_year"] == 2020 and counter["end_year"] == 2022
    assert sorted(counter["technologies"]) == ["appointments", "chatbot", "electronic signature"]
    assert counter["resources"][0] == {**counter["resources"][0], "url": "https://stad.gent/en/digital-counter",
                                       "resource_type": "website"}
    assert "https://stad.gent/sites/default/files/digital-counter-report.pdf" in [r["url"] for r in counter["resources"]]
    assert counter["contacts"] == []  # an organisation's mailbox is not a contact person
    ghent = helpers.call_action("organization_show", id=counter["owner_org"])
    assert (ghent["title"], ghent["body_type"], ghent["country"], ghent["website"]) == \
        ("Stad Gent", "foreign_local_government", "BE", "https://stad.gent")
    parking = helpers.call_action("package_show", id="parking-sensors-in-the-city-centre")
    assert parking["phase"] == "pilot" and parking["owner_org"] == ghent["id"]  # the source's default phase
    assert sorted(parking["technologies"]) == ["Internet of Things (IoT)", "sensor network"]
    # The record without a title is listed with the reason, and nothing else failed.
    assert [message for message in object_errors(report)] == [
        "https://data.stad.gent/id/dataset/untitled-draft: not imported. The record has no title"]


def test_a_dcat_ap_es_catalogue_maps_the_dir3_publisher(source_server):
    url = source_server.serve("/catalog.rdf", (FIXTURES / "council-dcat-ap-es.rdf").read_bytes(), "application/rdf+xml")
    barcelona = factories.local_body(name="ajuntament-de-barcelona", title="Ajuntament de Barcelona",
                                     ine_code="08019", idescat_code="080193")
    source = create_source(url, factories.local_body(name="observatori", title="Observatori")["id"], DEFAULTS)

    report = run_job(source)

    assert object_errors(report) == [] and gather_messages(report) == []
    found = helpers.call_action("package_search", fq="+dataset_type:project")["results"]
    assert len(found) == 1
    project = helpers.call_action("package_show", id=found[0]["id"])
    assert project["owner_org"] == barcelona["id"]  # L01080193 → the council with INE 080193
    # The first dct:language it is written in is the original; the other titles are versions.
    assert project["title"] == "Cita previa en las oficinas de atención ciudadana" and project["language"] == "es"
    assert project["title_translated"] == {"es": "Cita previa en las oficinas de atención ciudadana",
                                           "ca": "Cita prèvia a les oficines d'atenció ciutadana",
                                           "en": "Appointments at the citizen help offices"}
    assert project["notes"].startswith("Reserva de cita previa") and \
        project["notes_translated"]["ca"].startswith("Reserva de cita prèvia")
    assert project["start_year"] == 2019 and project["phase"] == "pilot"
    assert {r["url"] for r in project["resources"]} == {
        "https://ajuntament.barcelona.cat/ciutadania/cita-previa",
        "https://opendata-ajuntament.barcelona.cat/data/dataset/cita-previa/resource/csv"}
    assert helpers.call_action("organization_list") == ["ajuntament-de-barcelona", "observatori"]


def test_joinup_adms_ap_solutions_without_their_releases(source_server):
    url = source_server.serve("/solutions.jsonld", (FIXTURES / "joinup-adms-ap.jsonld").read_bytes(),
                              "application/ld+json")
    barcelona = factories.local_body(name="ajuntament-de-barcelona", title="Ajuntament de Barcelona",
                                     ine_code="08019", idescat_code="080193")
    source = create_source(url, factories.local_body(name="observatori", title="Observatori")["id"], DEFAULTS)

    report = run_job(source)

    assert object_errors(report) == [] and gather_messages(report) == []
    titles = sorted(p["title"] for p in helpers.call_action("package_search", fq="+dataset_type:project")["results"])
    assert titles == ["Sentilo sensor platform", "e-TRAM: electronic procedures for small councils"]
    etram = helpers.call_action("package_show", id="e-tram-electronic-procedures-for-small-councils")
    assert etram["phase"] == "implemented"
    releases = {r["name"]: r["url"] for r in etram["resources"]}
    assert releases["e-TRAM 2.0"] == "https://www.aoc.cat/serveis-aoc/e-tram/documentacio-20.pdf"
    assert releases["e-TRAM 2.1"] == "https://www.aoc.cat/serveis-aoc/e-tram/documentacio-21.pdf"
    assert helpers.call_action("organization_show", id=etram["owner_org"])["title"] == \
        "Consorci Administració Oberta de Catalunya"
    sentilo = helpers.call_action("package_show", id="sentilo-sensor-platform")
    assert sentilo["owner_org"] == barcelona["id"] and sentilo["phase"] == "prototype"


def test_records_without_required_values_or_body_are_reported(source_server):
    url = source_server.serve("/catalog.ttl", (FIXTURES / "council-dcat-ap-3.ttl").read_bytes(), "text/turtle")
    source = create_source(url, factories.local_body(name="observatori", title="Observatori")["id"],
                           {"create_local_bodies": False, "defaults": {"area": "social_services"}})

    report = run_job(source)

    messages = object_errors(report)
    assert "Digital counter with appointments: not imported. The record has no transformation_type and the " \
           "source configuration gives no default" in messages
    assert helpers.call_action("package_search", fq="+dataset_type:project")["count"] == 0


def test_the_source_configuration_is_checked():
    owner = factories.local_body(name="observatori", title="Observatori")
    for config, words in (({"defaults": {"phase": "finished"}}, "Unknown phase"),
                          ({"defaults": {"local_body": "nowhere"}}, "Unknown local body"),
                          ({"local_body_type": "kingdom"}, "Unknown local body type")):
        with pytest.raises(tk.ValidationError, match=words):
            create_source("http://127.0.0.1:1/catalog.ttl", owner["id"], config)


@STRICT
def test_private_addresses_are_refused_before_any_request(source_server):
    url = source_server.serve("/catalog.ttl", (FIXTURES / "council-dcat-ap-3.ttl").read_bytes(), "text/turtle")
    source = create_source(url, factories.local_body(name="observatori", title="Observatori")["id"], DEFAULTS)

    report = run_job(source)

    assert source_server.hits == {}
    assert any("127.0.0.1" in error or "address" in error for error in gather_messages(report))


def test_a_local_file_is_not_a_source(tmp_path):
    secret = tmp_path / "catalog.ttl"
    secret.write_text((FIXTURES / "council-dcat-ap-3.ttl").read_text())
    source = create_source(str(secret), factories.local_body(name="observatori", title="Observatori")["id"], DEFAULTS)

    report = run_job(source)

    assert gather_messages(report) and helpers.call_action("package_search")["count"] == 0


def test_rdf_xml_with_entities_is_refused(source_server):
    xml = ('<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY secret SYSTEM "file:///etc/hostname">]>'
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/">'
           '<rdf:Description rdf:about="http://example.org/x"><dct:title>&secret;</dct:title></rdf:Description>'
           '</rdf:RDF>')
    url = source_server.serve("/catalog.rdf", xml, "application/rdf+xml")
    source = create_source(url, factories.local_body(name="observatori", title="Observatori")["id"], DEFAULTS)

    report = run_job(source)

    assert any("entity" in error.lower() for error in gather_messages(report))


def test_a_remote_jsonld_context_is_not_fetched_by_a_harvest(source_server):
    context = source_server.serve("/context.jsonld", b'{"@context": {"title": "http://purl.org/dc/terms/title"}}',
                                  "application/ld+json")
    document = json.dumps({"@context": context, "@id": "http://example.org/x",
                           "@type": "http://www.w3.org/ns/dcat#Dataset", "title": "X"})
    url = source_server.serve("/catalog.jsonld", document, "application/ld+json")
    source = create_source(url, factories.local_body(name="observatori", title="Observatori")["id"], DEFAULTS)

    report = run_job(source)

    assert source_server.hits.get("/context.jsonld", 0) == 0
    assert any("remote JSON-LD context" in error for error in gather_messages(report))
    assert helpers.call_action("package_search")["count"] == 0
