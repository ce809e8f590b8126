"""The demo catalogue loader: real records become project files, twice is once."""

from __future__ import annotations

import pytest

import ckan.cli.cli
from ckan.tests import helpers

from ckanext.digicanvis.logic import demo

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

BARCELONA = {"ine_code": "08019", "name": "ajuntament-de-barcelona", "title": "Ajuntament de Barcelona"}


@pytest.fixture
def records(monkeypatch):
    """Three records: a Catalan municipality's, a foreign city's, and one without a phase."""
    everything = demo.demo_records()
    picked = [
        next(r for r in everything if r["title"] == "Decidim Barcelona"),
        next(r for r in everything if r["local_body"] == "Stadt Wien"),
        next(r for r in everything if not r["phase"]),
    ]
    monkeypatch.setattr(demo, "demo_records", lambda: picked)
    return picked


def run(cli):
    result = cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "load-demo"])
    assert result.exit_code == 0, result.output
    return result.output


def test_every_demo_record_maps_onto_the_schema_choices():
    for record in demo.demo_records():
        wanted = demo.project_dict(record, "owner")
        assert wanted["area"] in demo_choices("area")
        assert wanted["transformation_type"] in demo_choices("transformation_type")
        assert wanted["phase"] in demo_choices("phase") | {None}
        assert all(res["url"].startswith(("http://", "https://")) for res in wanted["resources"])


def demo_choices(field: str) -> set[str]:
    from ckanext.digicanvis.helpers import digicanvis_project_field
    from ckanext.scheming.helpers import scheming_field_choices

    return {choice["value"] for choice in scheming_field_choices(digicanvis_project_field(field))}


def test_load_demo_creates_projects_bodies_and_documentation(cli, records):
    factories.local_body(**BARCELONA, comarca="Barcelonès", population=1702547)

    output = run(cli)

    assert "2 created, 0 updated, 0 unchanged, 1 skipped" in output
    decidim = helpers.call_action("package_show", id="decidim-barcelona")
    assert decidim["organization"]["name"] == "ajuntament-de-barcelona"
    assert decidim["area"] == "participation_open_government"
    assert {r["resource_type"] for r in decidim["resources"]} <= {"website", "article", "video", "source_code"}
    assert len(decidim["resources"]) == len(records[0]["sources"])
    wien = helpers.call_action("organization_show", id="stadt-wien")
    assert (wien["country"], wien["body_type"]) == ("AT", "foreign_local_government")
    assert wien["latitude"] == pytest.approx(48.2, abs=0.1)
    assert wien["longitude"] == pytest.approx(16.37, abs=0.1)


def test_second_load_changes_nothing(cli, records):
    factories.local_body(**BARCELONA)
    run(cli)
    before = {p["name"]: p["metadata_modified"] for p in helpers.call_action("package_search", rows=100)["results"]}

    output = run(cli)

    assert "0 created, 0 updated, 2 unchanged, 1 skipped; 0 local bodies created" in output
    after = {p["name"]: p["metadata_modified"] for p in helpers.call_action("package_search", rows=100)["results"]}
    assert after == before


def test_changed_record_updates_the_project_in_place(cli, records, monkeypatch):
    factories.local_body(**BARCELONA)
    run(cli)
    first = helpers.call_action("package_show", id="decidim-barcelona")
    edited = [dict(records[0], description="Nova descripció."), *records[1:]]
    monkeypatch.setattr(demo, "demo_records", lambda: edited)

    output = run(cli)

    assert "0 created, 1 updated" in output
    second = helpers.call_action("package_show", id="decidim-barcelona")
    assert (second["id"], second["notes"]) == (first["id"], "Nova descripció.")
