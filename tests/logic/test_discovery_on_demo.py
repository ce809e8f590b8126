"""Discovery on the demo catalogue (38 real projects from Catalonia and abroad)."""

from __future__ import annotations

import pytest

import ckan.cli.cli
from ckan.tests import helpers

from ckanext.digicanvis.logic.facets import project_facets

from tests.factories import great_circle_km

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def demo(cli):
    result = cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "load-demo"])
    assert result.exit_code == 0, result.output
    projects = helpers.call_action("package_search", rows=1000)["results"]
    assert len(projects) >= 30
    return projects


def body_point(project):
    body = helpers.call_action("organization_show", id=project["owner_org"], include_datasets=False)
    if not (body.get("latitude") and body.get("longitude")):
        return None
    return float(body["latitude"]), float(body["longitude"])


def test_every_facet_count_equals_the_count_of_matching_projects(demo):
    facets = list(project_facets())
    result = helpers.call_action("package_search", rows=0, **{"facet.field": facets, "facet.limit": -1})

    checked = 0
    for field in facets:
        for item in result["search_facets"][field]["items"]:
            assert not item["name"].startswith("["), (field, item)  # lists are counted per value
            matching = helpers.call_action("package_search", rows=0, fq=f'{field}:"{item["name"]}"')["count"]
            assert matching == item["count"], (field, item)
            checked += 1
    assert checked > 60
    technologies = {item["name"]: item["count"] for item in result["search_facets"]["facet_technologies"]["items"]}
    assert sum(technologies.values()) == sum(len(p["technologies"]) for p in demo)


def test_near_barcelona_is_ordered_by_great_circle_distance(demo):
    barcelona = (41.3874, 2.1686)  # a point near the town hall, not the body's own coordinates
    result = helpers.call_action("package_search", rows=1000, ext_near=f"{barcelona[0]},{barcelona[1]}")

    distances = [p["distance_km"] for p in result["results"] if p["distance_km"] is not None]
    assert distances == sorted(distances)
    assert len(result["results"]) == len(demo)
    for project in result["results"]:
        point = body_point(project)
        if point is None:
            assert project["distance_km"] is None
        else:
            assert project["distance_km"] == pytest.approx(great_circle_km(barcelona, point), abs=1.0)


def test_radius_keeps_exactly_the_projects_within_it(demo):
    origin = (41.3874, 2.1686)
    expected = {p["name"] for p in demo if (point := body_point(p)) and great_circle_km(origin, point) <= 50}

    result = helpers.call_action("package_search", rows=1000, ext_near="41.3874,2.1686", ext_radius_km=50)

    assert {p["name"] for p in result["results"]} == expected
    assert 0 < len(expected) < len(demo)


def test_similar_projects_share_area_or_technology_first(demo):
    decidim = helpers.call_action("package_show", id="decidim-barcelona")

    similar = helpers.call_action("digicanvis_similar_projects", id="decidim-barcelona", rows=3)

    first = similar[0]
    assert first["area"] == decidim["area"] or set(first["technologies"]) & set(decidim["technologies"])
    assert "decidim-barcelona" not in [p["name"] for p in similar]
