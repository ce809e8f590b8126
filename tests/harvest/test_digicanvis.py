"""The ``digicanvis`` harvester end to end: another observatory (a CKAN Action API served on
127.0.0.1) harvested through the real Redis queues and consumer processes."""

from __future__ import annotations

import pytest

from ckan import model
from ckan.tests import factories, helpers

from ckanext.activity.model import Activity
from ckanext.digicanvis.model import ProjectContact

from .conftest import create_source, job_report, run_job, sysadmin_context
from .fake_ckan import FakeCkan

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index", "harvest_consumers")


@pytest.fixture
def remote(source_server):
    site = FakeCkan(source_server)
    site.organization("ajuntament-de-girona", "Ajuntament de Girona", body_type="municipality", ine_code="17079",
                      country="ES", region="Catalunya")
    site.organization("ajuntament-de-rubi", "Ajuntament de Rubí", body_type="municipality", ine_code="08184",
                      country="ES", region="Catalunya", latitude=41.4933, longitude=2.0325, population=79000,
                      website="https://www.rubi.cat")
    site.organization("open-data-portal", "Open Data Portal")
    return site


def projects() -> dict[str, dict]:
    model.Session.remove()
    found = helpers.call_action("package_search", fq="+dataset_type:project", rows=1000, include_private=True)
    return {project["title"]: project for project in found["results"]}


def test_projects_of_another_observatory_arrive_with_their_fields_and_only_public_contact_names(remote):
    girona = factories.Organization(name="girona", title="Ajuntament de Girona", body_type="municipality",
                                    ine_code="17079", country="ES", region="Catalunya")
    original = factories.Dataset(type="project", owner_org=girona["id"], name="padro-digital", title="Padró digital",
                                 notes="x", area="services_procedures", phase="implemented", transformation_type="service")
    remote_assistant = remote.project(
        "Assistent virtual de tràmits", "ajuntament-de-girona",
        maturity_level="proactive", barriers="Poca adopció inicial", benefits="Menys cues", start_year=2021,
        technologies=["chatbot", "IA"], replicated_from="padro-digital", partner_bodies=["girona", "unknown-body"],
        contacts=[
            {"name": "Anna Puig", "role": "Cap de projecte", "public": "yes"},
            {"name": "Secret Person", "role": "Tècnic", "public": "no"},
        ],
        resources=[{"url": "https://www.girona.cat/assistent", "name": "Web", "resource_type": "website"}],
    )
    remote.project("Sensors de soroll", "ajuntament-de-rubi", area="planning_management", phase="pilot",
                   replicated_from="not-here")
    remote.datasets["plain"] = {
        "id": "plain", "type": "dataset", "name": "bicing-stations", "title": "Bicing stations", "notes": "Stations",
        "tags": [{"name": "mobility"}, {"name": "open data"}], "metadata_modified": "2024-01-01T00:00:00",
        "organization": {"name": "open-data-portal", "title": "Open Data Portal"},
        "resources": [{"url": "https://example.org/stations.csv", "format": "CSV", "name": "Stations"}],
    }
    source = create_source(remote.url, "digicanvis", name="remote-observatory", config={
        "defaults": {"area": "participation_open_government", "phase": "implemented", "transformation_type": "service",
                     "country": "ES"}})

    report = job_report(run_job(source["id"])["id"])

    assert report["counts"]["new"] == 3, report["lines"]
    assert report["counts"]["error"] == 0
    found = projects()
    assistant = helpers.call_action("package_show", id=found["Assistent virtual de tràmits"]["id"])
    assert assistant["organization"]["name"] == "girona"  # matched by INE code, not created again
    assert assistant["maturity_level"] == "proactive" and assistant["start_year"] == 2021
    assert assistant["barriers"] == "Poca adopció inicial" and assistant["technologies"] == ["chatbot", "IA"]
    assert assistant["replicated_from"] == original["name"]
    assert assistant["partner_bodies"] == ["girona"]
    assert assistant["resources"][0]["url"] == "https://www.girona.cat/assistent"
    stored = model.Session.query(ProjectContact).filter_by(package_id=assistant["id"]).all()
    assert [(c.name, c.role, c.email, c.phone) for c in stored] == [("Anna Puig", "Cap de projecte", None, None)]
    assert assistant["harvest_provenance"]["original_url"] == f"{remote.url}/project/{remote_assistant['name']}"

    noise = helpers.call_action("package_show", id=found["Sensors de soroll"]["id"])
    rubi = helpers.call_action("organization_show", id=noise["owner_org"])
    assert (rubi["title"], rubi["ine_code"], rubi["website"]) == ("Ajuntament de Rubí", "08184", "https://www.rubi.cat")
    assert float(rubi["latitude"]) == pytest.approx(41.4933)
    assert not noise.get("replicated_from")

    plain = helpers.call_action("package_show", id=found["Bicing stations"]["id"])
    assert plain["technologies"] == ["mobility", "open data"]
    assert (plain["area"], plain["phase"]) == ("participation_open_government", "implemented")
    assert plain["resources"][0]["resource_type"] == "dataset"


def test_second_run_changes_nothing_then_changes_and_removals_follow_the_source(remote, app):
    kept = remote.project("Seu electrònica", "ajuntament-de-girona")
    gone = remote.project("Cita prèvia", "ajuntament-de-girona")
    source = create_source(remote.url, "digicanvis", name="remote")
    first = job_report(run_job(source["id"])["id"])
    assert first["counts"]["new"] == 2

    ids = [project["id"] for project in projects().values()]
    activities = model.Session.query(Activity).filter(Activity.object_id.in_(ids)).count()
    second = job_report(run_job(source["id"])["id"])
    assert second["counts"]["unchanged"] == 2 and second["counts"]["new"] == second["counts"]["updated"] == 0
    model.Session.remove()
    assert model.Session.query(Activity).filter(Activity.object_id.in_(ids)).count() == activities

    remote.change(kept["id"], title="Seu electrònica 2.0")
    del remote.datasets[gone["id"]]
    third = job_report(run_job(source["id"])["id"])
    assert (third["counts"]["updated"], third["counts"]["withdrawn"]) == (1, 1), third["lines"]
    found = projects()
    assert list(found) == ["Seu electrònica 2.0"]
    withdrawn = model.Package.get(gone["name"])
    assert withdrawn.state == "deleted"
    sysadmin = factories.Sysadmin()
    page = app.get(f"/en/project/{withdrawn.name}", headers={"Authorization": factories.APIToken(user=sysadmin["name"])["token"]})
    assert "the record is no longer in its source" in page.body

    # Back in the source: back on the site.
    remote.datasets[gone["id"]] = {**gone}
    fourth = job_report(run_job(source["id"])["id"])
    assert fourth["counts"]["updated"] == 1
    assert model.Package.get(gone["name"]).state == "active"


def test_same_project_from_two_sources_is_linked_not_created_twice(remote, source_server):
    remote.project("Plataforma de participació ciutadana", "ajuntament-de-girona")
    first = create_source(remote.url, "digicanvis", name="first")
    assert job_report(run_job(first["id"])["id"])["counts"]["new"] == 1

    other = FakeCkan(type(source_server)())
    other.server.thread.start()
    try:
        other.organization("girona", "Ajuntament de Girona", ine_code="17079", body_type="municipality", country="ES")
        other.project("Plataforma de participació ciutadana.", "girona", name="participacio")
        second = create_source(other.url, "digicanvis", name="second")
        report = job_report(run_job(second["id"])["id"])
    finally:
        other.server.httpd.shutdown()
        other.server.httpd.server_close()

    assert report["counts"]["duplicate"] == 1 and report["counts"]["new"] == 0
    line = [line for line in report["lines"] if line["outcome"] == "duplicate"][0]
    assert "Plataforma de participació ciutadana" in line["text"] and "Source first" in line["text"]
    found = projects()
    assert len(found) == 1
    origin = helpers.call_action("package_show", id=list(found.values())[0]["id"])["harvest_provenance"]
    assert origin["source_title"] == "Source first"
    assert [other["source_title"] for other in origin["also_in"]] == ["Source second"]


def test_source_addresses_are_checked_when_saved():
    with pytest.raises(helpers.logic.ValidationError) as refused:
        create_source("http://169.254.169.254/latest/meta-data/", "digicanvis", name="metadata")
    assert "cloud metadata" in str(refused.value.error_dict["url"])
    with pytest.raises(helpers.logic.ValidationError):
        create_source("file:///etc/passwd", "ipsx", name="local-file")


@pytest.mark.ckan_config("ckanext.digicanvis.harvest.allow_private_addresses", "false")
def test_loopback_sources_are_refused_by_default():
    with pytest.raises(helpers.logic.ValidationError) as refused:
        create_source("http://127.0.0.1:5000/", "digicanvis", name="loopback")
    assert "loopback" in str(refused.value.error_dict["url"])


def test_bad_options_are_refused_with_a_clear_message(remote):
    with pytest.raises(helpers.logic.ValidationError) as refused:
        create_source(remote.url, "digicanvis", name="bad", config={"defaults": {"area": "space"}})
    assert "space" in str(refused.value.error_dict)
    with pytest.raises(helpers.logic.ValidationError):
        create_source(remote.url, "digicanvis", name="bad2", config={"withdraw_missing": "sometimes"})


def test_every_language_version_of_a_project_travels(remote):
    """Issue 14's ``*_translated`` fields are fields of our schema: they arrive as they are."""
    remote.project(
        "Cita prèvia", "ajuntament-de-girona", language="ca", notes="Demanar hora",
        title_translated={"ca": "Cita prèvia", "es": "Cita previa", "en": "Appointments"},
        notes_translated={"ca": "Demanar hora", "es": "Pedir hora", "en": "<b>Book</b> a slot"},
    )
    source = create_source(remote.url, "digicanvis", name="languages")
    assert job_report(run_job(source["id"])["id"])["counts"]["new"] == 1

    shown = helpers.call_action("package_show", id=list(projects().values())[0]["id"])
    assert shown["title_translated"] == {"ca": "Cita prèvia", "es": "Cita previa", "en": "Appointments"}
    assert shown["notes_translated"] == {"ca": "Demanar hora", "es": "Pedir hora", "en": "Book a slot"}
