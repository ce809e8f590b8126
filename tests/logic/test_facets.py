"""Project search facets: counts from Solr, labels in the reader's language."""

from __future__ import annotations

import pytest

from ckan.tests import helpers

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
