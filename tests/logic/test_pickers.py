"""Choosing by name: suggestions match any word, accents and case ignored; forms and the API
accept names, ids or titles and say which typed text they could not find."""

from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories as ckan_factories, helpers

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def suggest(kind, q, user=None, **data):
    return helpers.call_action("digicanvis_autocomplete", {"user": user["name"] if user else "", "ignore_auth": False},
                               kind=kind, q=q, **data)


@pytest.fixture
def bodies():
    return {
        "manlleu": factories.local_body(name="ajuntament-de-manlleu", title="Ajuntament de Manlleu", ine_code="08112"),
        "llucanes": factories.local_body(name="ajuntament-de-prats-de-llucanes", title="Ajuntament de Prats de Lluçanès", ine_code="08171"),
        "sort": factories.local_body(name="ajuntament-de-sort", title="Ajuntament de Sort", ine_code="25209"),
        "dipgi": factories.local_body(name="diputacio-de-girona", title="Diputació de Girona", body_type="provincial_council", ine_code=""),
        "girona": factories.local_body(name="ajuntament-de-girona", title="Ajuntament de Girona", ine_code="17079"),
    }


def test_bodies_are_suggested_by_any_word_without_accents_or_case(bodies):
    assert [b["name"] for b in suggest("local_body", "LLUCANES")] == ["ajuntament-de-prats-de-llucanes"]
    assert [b["name"] for b in suggest("local_body", "prats lluçanès")] == ["ajuntament-de-prats-de-llucanes"]
    assert [b["title"] for b in suggest("local_body", "girona")] == ["Ajuntament de Girona", "Diputació de Girona"]
    assert suggest("local_body", "diputacio")[0]["name"] == "diputacio-de-girona"
    assert suggest("local_body", "100%_") == []  # LIKE wildcards are text


def test_projects_are_suggested_by_any_word_of_the_title_and_private_ones_only_to_members(bodies):
    factories.project_of(bodies["girona"], "teleassistencia-girona", title="Servei de teleassistència municipal")
    factories.project_of(bodies["manlleu"], "intern-manlleu", title="Teleassistència interna", private=True)
    assert [p["name"] for p in suggest("project", "teleassist")] == ["teleassistencia-girona"]
    assert [p["name"] for p in suggest("project", "MUNICIPAL teleasistencia".replace("asis", "assis"))] == ["teleassistencia-girona"]
    member = factories.editor_of(bodies["manlleu"]["id"])
    assert sorted(p["name"] for p in suggest("project", "teleassist", member)) == ["intern-manlleu", "teleassistencia-girona"]
    assert suggest("project", "girona")[0]["detail"] == "Ajuntament de Girona"


def test_people_are_suggested_only_to_signed_in_callers(bodies):
    ckan_factories.User(name="laia", fullname="Laia Roca Puigdomènech")
    with pytest.raises(tk.NotAuthorized):
        suggest("user", "laia")
    assert [u["name"] for u in suggest("user", "puigdomenech", ckan_factories.User())] == ["laia"]


def test_bad_picker_requests_are_refused(bodies):
    with pytest.raises(tk.ValidationError):
        suggest("organization", "x")
    with pytest.raises(tk.ValidationError):
        suggest("local_body", "x", limit=500)


def test_partner_bodies_and_replicated_projects_are_accepted_by_title_and_stored_by_name(bodies):
    origin = factories.project_of(bodies["girona"], "teleassistencia-girona", title="Servei de teleassistència municipal")
    made = factories.project_of(bodies["manlleu"], "teleassistencia-manlleu", title="Teleassistència a Manlleu",
                                partner_bodies=["Ajuntament de Sort", "ajuntament de prats de llucanes", bodies["girona"]["id"]],
                                replicated_from="servei de teleassistencia municipal")
    assert made["partner_bodies"] == ["ajuntament-de-sort", "ajuntament-de-prats-de-llucanes", "ajuntament-de-girona"]
    assert made["replicated_from"] == origin["name"]


def test_unknown_names_are_named_in_the_error(bodies):
    with pytest.raises(tk.ValidationError) as partners:
        factories.project_of(bodies["manlleu"], "p1", partner_bodies=["Ajuntament de Manlleu", "Ajuntament de Narnia"])
    assert "Ajuntament de Narnia" in str(partners.value.error_dict["partner_bodies"])
    assert "Manlleu" not in str(partners.value.error_dict["partner_bodies"])
    with pytest.raises(tk.ValidationError) as replica:
        factories.project_of(bodies["manlleu"], "p2", replicated_from="Un projecte que no existeix")
    assert "Un projecte que no existeix" in str(replica.value.error_dict["replicated_from"])


def test_two_projects_with_one_title_ask_to_choose(bodies):
    factories.project_of(bodies["girona"], "xatbot-girona", title="Xatbot municipal")
    factories.project_of(bodies["sort"], "xatbot-sort", title="Xatbot municipal")
    with pytest.raises(tk.ValidationError) as ambiguous:
        factories.project_of(bodies["manlleu"], "p3", replicated_from="Xatbot municipal")
    message = str(ambiguous.value.error_dict["replicated_from"])
    assert "Ajuntament de Girona" in message and "Ajuntament de Sort" in message
    assert factories.project_of(bodies["manlleu"], "p4", replicated_from="xatbot-sort")["replicated_from"] == "xatbot-sort"


def test_the_forum_takes_a_project_by_title_and_names_an_unknown_one(bodies):
    factories.project_of(bodies["girona"], "teleassistencia-girona", title="Servei de teleassistència municipal")
    author = ckan_factories.User()
    topic = factories.forum_topic(author, projects=["Servei de teleassistencia municipal"])
    assert [p["name"] for p in topic["projects"]] == ["teleassistencia-girona"]
    with pytest.raises(tk.ValidationError) as unknown:
        factories.forum_topic(author, projects=["teleassist"])
    assert "teleassist" in str(unknown.value.error_dict)


def test_a_place_name_picks_its_body_for_distance_search(bodies):
    found = helpers.call_action("package_search", ext_near="Sort")
    assert found["count"] == 0  # no projects, but no "no local body is called Sort" either
    found = helpers.call_action("package_search", ext_near="girona")  # the municipality before the diputació
    with pytest.raises(tk.ValidationError):
        helpers.call_action("package_search", ext_near="Narnia")
    assert helpers.call_action("package_search", ext_near="25209")["count"] == 0  # an INE code


def test_a_body_named_with_pattern_characters_is_looked_up_literally(bodies):
    """Issue 10 (bad input): a name ending in a backslash was an SQL error (a 500), and "%"
    matched the places of every body."""
    from ckanext.digicanvis.logic.pickers import find_local_body

    for text in ("\\", "Girona\\", "%", "de %", "_ort"):
        assert find_local_body(text) is None, text
    assert find_local_body("sort").name == "ajuntament-de-sort"
    user = ckan_factories.User()
    with pytest.raises(tk.ValidationError):
        helpers.call_action("membership_request_create", {"user": user["name"], "ignore_auth": False}, organization="\\")
