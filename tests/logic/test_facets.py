"""Project search facets: counts from Solr, labels in the reader's language."""

from __future__ import annotations

import pytest

from ckan.lib.search.common import make_connection
from ckan.tests import factories as ckan_factories, helpers

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def projects():
    body = factories.local_body()
    editor = factories.editor_of(body["id"])
    specs = [
        ("xatbot", "citizen_attention", ["chatbot", "artificial intelligence", "open data"]),
        ("teleassistencia", "social_services", ["telecare", "chatbot"]),
        ("pressupostos", "participation_open_government", ["Decidim"]),
    ]
    for name, area, technologies in specs:
        helpers.call_action(
            "package_create", {"user": editor["name"]},
            **factories.full_project(body["id"], name=name, area=area, technologies=technologies, contacts=[]),
        )
    return specs


def facet_counts(result, field):
    return {item["name"]: item["count"] for item in result["search_facets"][field]["items"]}


def test_list_facet_counts_each_technology_once_per_project(projects):
    result = helpers.call_action("package_search", q="*:*", **{"facet.field": '["facet_technologies", "area"]'})

    assert facet_counts(result, "facet_technologies") == {
        "chatbot": 2, "artificial intelligence": 1, "open data": 1, "telecare": 1, "Decidim": 1,
    }
    assert facet_counts(result, "area") == {
        "citizen_attention": 1, "social_services": 1, "participation_open_government": 1,
    }


def test_filtering_by_a_technology(projects):
    result = helpers.call_action("package_search", fq='facet_technologies:"chatbot"')
    assert sorted(p["name"] for p in result["results"]) == ["teleassistencia", "xatbot"]


@pytest.mark.parametrize(("prefix", "title", "label"), [
    ("", "Àmbit", "Serveis socials"),
    ("/es", "Ámbito", "Servicios sociales"),
    ("/en", "Area", "Social services"),
])
def test_search_page_shows_translated_facets(app, projects, prefix, title, label):
    page = app.get(f"{prefix}/project/").body
    assert title in page
    assert label in page
    assert "social_services" not in page.replace('area=social_services', '')


@pytest.fixture
def bodies_and_projects():
    vic = factories.local_body(name="ajuntament-de-vic", ine_code="08298", comarca="Osona",
                               population=48851, latitude=41.9304, longitude=2.2546)
    wien = factories.local_body(name="stadt-wien", body_type="foreign_local_government", region="Wien",
                                country="AT", comarca="", province="", ine_code="", idescat_code="",
                                population=1982097, latitude=48.2085, longitude=16.3721)
    admin = ckan_factories.Sysadmin()
    for name, body in (("vic-1", vic), ("vic-2", vic), ("wien-1", wien)):
        helpers.call_action("package_create", {"user": admin["name"]},
                            **factories.full_project(body["id"], name=name, contacts=[]))
    return vic, wien


def test_body_facts_are_indexed_with_the_project(bodies_and_projects):
    fields = '["proximity", "population_band", "comarca", "country"]'
    result = helpers.call_action("package_search", **{"facet.field": fields})

    assert facet_counts(result, "proximity") == {"km0": 2, "foreign": 1}
    assert facet_counts(result, "population_band") == {"20k-50k": 2, "gt500k": 1}
    assert facet_counts(result, "comarca") == {"Osona": 2}
    assert facet_counts(result, "country") == {"ES": 2, "AT": 1}


def test_project_location_is_the_body_location(bodies_and_projects):
    # Straight to Solr: package_search takes no local parameters (ext_near comes with issue 4).
    near_vic = make_connection().search("*:*", fq="{!geofilt sfield=project_location pt=41.93,2.25 d=10}", fl="name")
    assert sorted(doc["name"] for doc in near_vic) == ["vic-1", "vic-2"]


def test_projects_follow_their_body_when_it_changes(bodies_and_projects):
    vic, _wien = bodies_and_projects
    admin = ckan_factories.Sysadmin()

    helpers.call_action("organization_patch", {"user": admin["name"]}, id=vic["id"], population=52000)

    result = helpers.call_action("package_search", **{"facet.field": '["population_band"]'})
    assert facet_counts(result, "population_band") == {"50k-100k": 2, "gt500k": 1}


def test_proximity_labels_are_translated(app, bodies_and_projects):
    page = app.get("/project/").body
    assert "Km0: ens locals catalans" in page and "Altres llocs" in page
