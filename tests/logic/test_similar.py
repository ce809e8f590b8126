"""digicanvis_similar_projects: Solr MoreLikeThis, and who may ask."""

from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories as ckan_factories, helpers

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

TEXT = "Servei municipal per als veïns amb cita prèvia i seguiment en línia."


@pytest.fixture
def body():
    return factories.body_at("abrera")


@pytest.fixture
def catalogue(body):
    """A chatbot for citizen attention and three others more or less like it."""
    specs = {
        "xatbot": ("citizen_attention", ["chatbot", "WhatsApp"], "Xatbot que respon dubtes dels veïns."),
        "xatbot-germa": ("citizen_attention", ["chatbot"], "Assistent conversacional per a consultes."),
        "mateixa-area": ("citizen_attention", ["mobile app"], "Aplicació per comunicar incidències."),
        "res-a-veure": ("planning_management", ["GIS"], TEXT),
        "tambe-res": ("social_services", ["telecare"], TEXT),
    }
    for name, (area, technologies, notes) in specs.items():
        factories.project_of(body, name, area=area, technologies=technologies, notes=notes,
                             barriers="", benefits="")
    return specs


def similar(project="xatbot", user=None, **params):
    context = {"user": user, "ignore_auth": False} if user else {"ignore_auth": False}
    return helpers.call_action("digicanvis_similar_projects", context, id=project, **params)


def test_projects_sharing_area_and_technology_come_first(catalogue):
    names = [project["name"] for project in similar()]

    assert names[:2] == ["xatbot-germa", "mateixa-area"]
    assert "xatbot" not in names


def test_results_are_package_dicts_with_a_similarity(catalogue):
    first = similar(rows=1)

    assert len(first) == 1
    assert first[0]["area"] == "citizen_attention"
    assert first[0]["organization"]["name"] == "ajuntament-de-abrera"
    assert first[0]["similarity"] > 0


def test_private_projects_are_left_out_for_outsiders_and_shown_to_members(body, catalogue):
    editor = factories.editor_of(body["id"])
    helpers.call_action("project_review", {"user": ckan_factories.Sysadmin()["name"]}, id="xatbot-germa",
                        decision="return", comment="Cal revisar-lo.")  # off the public site (issue 16)

    outsider = ckan_factories.User()
    assert "xatbot-germa" not in [p["name"] for p in similar(user=outsider["name"])]
    assert "xatbot-germa" in [p["name"] for p in similar(user=editor["name"])]


def test_anyone_may_ask_about_a_public_project(catalogue):
    assert helpers.call_auth("digicanvis_similar_projects", {"user": None}, id="xatbot")


def test_only_readers_may_ask_about_a_private_project(body, catalogue):
    helpers.call_action("project_review", {"user": ckan_factories.Sysadmin()["name"]}, id="xatbot",
                        decision="return", comment="Cal revisar-lo.")  # off the public site (issue 16)
    editor = factories.editor_of(body["id"])

    with pytest.raises(tk.NotAuthorized):
        helpers.call_auth("digicanvis_similar_projects", {"user": None}, id="xatbot")
    with pytest.raises(tk.NotAuthorized):
        helpers.call_auth("digicanvis_similar_projects", {"user": ckan_factories.User()["name"]}, id="xatbot")
    assert helpers.call_auth("digicanvis_similar_projects", {"user": editor["name"]}, id="xatbot")


def test_rows_out_of_range_and_unknown_projects_are_refused(catalogue):
    with pytest.raises(tk.ValidationError) as error:
        similar(rows=0)
    assert "rows" in error.value.error_dict
    with pytest.raises(tk.ValidationError):
        similar(rows=21)
    with pytest.raises(tk.ObjectNotFound):
        similar(project="no-existeix")


def test_the_api_answers_over_http(app, catalogue):
    response = app.get("/api/3/action/digicanvis_similar_projects", query_string={"id": "xatbot", "rows": 2})

    assert [p["name"] for p in response.json["result"]] == ["xatbot-germa", "mateixa-area"]


def test_project_page_lists_similar_projects(app, catalogue):
    page = app.get("/project/xatbot").body

    similar_section = page[page.index('id="similar-projects"'):]
    assert similar_section.index("xatbot-germa") < similar_section.index("mateixa-area")
