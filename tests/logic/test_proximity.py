"""Distance search and "similar size" through package_search, on real coordinates."""

from __future__ import annotations

import html

import pytest

from ckan.tests import helpers

from tests import factories
from tests.factories import PLACES, great_circle_km

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def bodies():
    """A project in each of six towns; Barcelona is the origin of most searches."""
    created = {}
    for place in PLACES:
        created[place] = factories.body_at(place, ine_code=f"0{len(created)}001")
        factories.project_of(created[place], f"projecte-{place}")
    return created


def search(**params):
    return helpers.call_action("package_search", rows=50, **params)


def where(place):
    return PLACES[place][1], PLACES[place][2]


def test_near_a_body_sorts_nearest_first_with_great_circle_distances(bodies):
    result = search(ext_near="Ajuntament de Barcelona")

    names = [project["name"] for project in result["results"]]
    distances = [project["distance_km"] for project in result["results"]]
    assert names[0] == "projecte-barcelona"
    assert distances == sorted(distances)
    assert len(names) == len(PLACES)
    for project in result["results"]:
        place = project["name"].removeprefix("projecte-")
        assert project["distance_km"] == pytest.approx(great_circle_km(where("barcelona"), where(place)), abs=1.0)


def test_near_accepts_the_body_name_and_a_point(bodies):
    by_name = search(ext_near="ajuntament-de-girona")
    by_point = search(ext_near="41.98315, 2.82487")

    assert by_name["results"][0]["name"] == by_point["results"][0]["name"] == "projecte-girona"
    assert [p["name"] for p in by_name["results"]] == [p["name"] for p in by_point["results"]]


def test_radius_keeps_only_projects_within_it(bodies):
    # Sabadell is 18.8 km from Barcelona, Abrera 27.3 km, Girona 85.8 km.
    result = search(ext_near="Ajuntament de Barcelona", ext_radius_km="30")

    assert [p["name"] for p in result["results"]] == ["projecte-barcelona", "projecte-sabadell", "projecte-abrera"]
    assert result["count"] == 3
    assert all(p["distance_km"] <= 30 for p in result["results"])


def test_distance_search_combines_with_facets_and_text(bodies):
    factories.project_of(bodies["girona"], "xatbot-girona", area="citizen_attention", notes="Un xatbot municipal.")

    result = search(ext_near="Ajuntament de Barcelona", fq='area:"citizen_attention"')

    assert [p["name"] for p in result["results"]] == ["xatbot-girona"]
    assert result["results"][0]["distance_km"] == pytest.approx(85.8, abs=1.0)


def test_a_project_whose_body_has_no_location_comes_last_without_distance(bodies):
    nowhere = factories.local_body(name="consell-sense-lloc", title="Consell sense lloc", latitude="", longitude="",
                                   ine_code="09999")
    factories.project_of(nowhere, "projecte-sense-lloc")

    result = search(ext_near="Ajuntament de Barcelona")

    assert result["results"][-1]["name"] == "projecte-sense-lloc"
    assert result["results"][-1]["distance_km"] is None


def test_requested_fields_get_the_distance_too(bodies):
    result = search(ext_near="Ajuntament de Lleida", fl="name")

    assert result["results"][0] == {"name": "projecte-lleida", "distance_km": 0.0}


def test_without_near_results_carry_no_distance(bodies):
    assert all("distance_km" not in p for p in search()["results"])


def test_similar_size_keeps_the_band_and_its_neighbours(bodies):
    # Tremp (5,875) and Abrera (13,014) are 5k-20k; the others 100k or more.
    result = search(ext_size_like="5k-20k")  # 1k-5k, 5k-20k and 20k-50k
    assert sorted(p["name"] for p in result["results"]) == ["projecte-abrera", "projecte-tremp"]

    big = search(ext_size_like="gt500k")  # 100k-500k and over 500k
    assert sorted(p["name"] for p in big["results"]) == [
        "projecte-barcelona", "projecte-girona", "projecte-lleida", "projecte-sabadell",
    ]


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"ext_near": "Vilanova de Enlloc"}, "ext_near", 'No local body is called "Vilanova de Enlloc".'),
    ({"ext_near": "41.4,999"}, "ext_near", "Coordinates must be a latitude between -90 and 90"),
    ({"ext_near": "41,4x,2"}, "ext_near", "Malformed coordinates"),
    ({"ext_near": "Ajuntament de Girona", "ext_radius_km": "-5"}, "ext_radius_km", "above 0 and up to 20000"),
    ({"ext_near": "Ajuntament de Girona", "ext_radius_km": "40000"}, "ext_radius_km", "above 0 and up to 20000"),
    ({"ext_near": "Ajuntament de Girona", "ext_radius_km": "lluny"}, "ext_radius_km", "above 0 and up to 20000"),
    ({"ext_radius_km": "10"}, "ext_near", "Choose a local body or a point"),
    ({"ext_size_like": "enorme"}, "ext_size_like", "Unknown population band"),
])
def test_bad_input_is_a_409_with_a_clear_message(app, bodies, params, field, message):
    response = app.get("/en/api/3/action/package_search", query_string=params, status=409)

    error = response.json["error"]
    assert error["__type"] == "Validation Error"
    assert message in error[field][0]
    assert "solr" not in response.body.lower()


def test_bad_input_message_is_translated(app, bodies):
    response = app.get("/api/3/action/package_search", query_string={"ext_near": "Enlloc"}, status=409)

    assert response.json["error"]["ext_near"] == ['Cap ens local no es diu "Enlloc".']


def test_search_page_shows_the_message_and_no_results(app, bodies):
    page = html.unescape(app.get("/en/project/", query_string={"ext_near": "Enlloc"}, status=200).body)

    assert 'No local body is called "Enlloc".' in page
    assert "projecte-barcelona" not in page


def test_search_page_lists_distances(app, bodies):
    page = app.get("/en/project/", query_string={"ext_near": "Ajuntament de Barcelona", "ext_radius_km": "30"}).body

    assert "3 projects found" in page
    assert page.index("projecte-barcelona") < page.index("projecte-sabadell") < page.index("projecte-abrera")
    assert "18.8 km away" in page
