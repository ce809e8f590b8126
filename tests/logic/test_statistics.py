"""The statistics dashboard: savings and coverage as indexed, the numbers from Solr and SQL,
filters, visibility, the CSV downloads, and the dashboard against package_search on the demo."""

from __future__ import annotations

import csv
import io

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from ckanext.digicanvis.logic import coverage, savings, statistics
from ckanext.digicanvis.model.collaboration import CollaborationInterest

from tests import factories

# ------------------------------------------------------------------ savings, without CKAN


@pytest.mark.parametrize(
    ("saving", "expected"),
    [
        ({"kind": "money", "amount": "1000", "unit": "€", "period": "year"}, ("money__eur__year", 1000.0)),
        ({"kind": "money", "amount": "100", "unit": "Euros", "period": "month"}, ("money__eur__year", 1200.0)),
        ({"kind": "staff_time", "amount": "120", "unit": "hores", "period": "month"}, ("staff_time__hours__year", 1440.0)),
        ({"kind": "processing_time", "amount": "3", "unit": "dies", "period": ""}, ("processing_time__days__unstated", 3.0)),
        ({"kind": "paper", "amount": "5000", "unit": "Fulls", "period": "once"}, ("paper__sheets__once", 5000.0)),
        ({"kind": "energy", "amount": "2", "unit": "tones CO₂", "period": "year"}, ("energy__tones_co2__year", 2.0)),
        ({"kind": "other", "amount": "7"}, ("other__none__unstated", 7.0)),
    ],
)
def test_a_saving_gets_a_key_that_only_comparable_figures_share(saving, expected):
    assert savings.key_of(saving) == expected


@pytest.mark.parametrize("saving", [{"kind": "money", "amount": "lots"}, {"kind": "", "amount": "3"},
                                    {"kind": "money", "amount": "-3"}, {"kind": "x y", "amount": "3"}])
def test_savings_that_cannot_be_counted_are_left_out(saving):
    assert savings.key_of(saving) is None


def test_a_projects_savings_of_one_key_are_added_up():
    fields = savings.index_fields([
        {"kind": "money", "amount": "1000", "unit": "EUR", "period": "year"},
        {"kind": "money", "amount": "50", "unit": "eur", "period": "month"},
        {"kind": "staff_time", "amount": "10", "unit": "h", "period": "year"},
    ])
    assert fields == {"saving_money__eur__year": 1600.0, "saving_staff_time__hours__year": 10.0,
                      savings.KEY_FIELD: ["money__eur__year", "staff_time__hours__year"]}


# ------------------------------------------------------------------ coverage rule, without CKAN


def test_a_municipality_covers_itself_and_its_partner_municipalities():
    owner = {"body_type": "municipality", "ine_code": "08001"}
    partners = [{"body_type": "municipality", "ine_code": "08002"}, {"body_type": "consortium"}]
    assert coverage.covered(owner, partners) == {coverage.OWN_FIELD: ["08001", "08002"]}


def test_a_comarcal_council_covers_its_comarca_unless_it_names_partners():
    council = {"body_type": "comarcal_council", "comarca": "Lluçanès"}
    whole = coverage.covered(council, [])
    assert len(whole[coverage.ON_BEHALF_FIELD]) == 8  # the eight municipalities of the Lluçanès
    named = coverage.covered(council, [{"body_type": "municipality", "ine_code": "08004"}])
    assert named == {coverage.OWN_FIELD: ["08004"]}


def test_a_diputacio_covers_its_province_and_a_consortium_no_municipality():
    assert len(coverage.covered({"body_type": "provincial_council", "province": "Girona"}, [])[coverage.ON_BEHALF_FIELD]) == 221
    assert coverage.covered({"body_type": "consortium"}, []) == {}


# ------------------------------------------------------------------ with CKAN, Solr and PostgreSQL


def stats(**filters):
    return helpers.call_action("digicanvis_statistics", {"user": "", "ignore_auth": False}, **filters)


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestDashboard:
    def test_savings_are_summed_by_kind_unit_and_period_with_their_projects(self):
        body = factories.body_at("abrera")
        factories.project_of(body, "one", savings=[
            {"kind": "money", "amount": "1000", "unit": "EUR", "period": "year"},
            {"kind": "staff_time", "amount": "10", "unit": "hores", "period": "month"}])
        factories.project_of(body, "two", savings=[{"kind": "money", "amount": "500", "unit": "€", "period": "year"}])
        factories.project_of(body, "three", savings=[{"kind": "money", "amount": "9", "unit": "EUR", "period": "once"}])
        factories.project_of(body, "hidden", private=True, savings=[{"kind": "money", "amount": "777", "unit": "EUR", "period": "year"}])

        rows = {row["key"]: (row["total"], row["projects"]) for row in stats()["savings"]}

        assert rows == {"money__eur__year": (1500.0, 2), "staff_time__hours__year": (120.0, 1), "money__eur__once": (9.0, 1)}

    def test_counts_leave_private_projects_out_and_follow_the_filters(self):
        abrera = factories.body_at("abrera")
        girona = factories.body_at("girona", ine_code="17079", comarca="Gironès", province="Girona")
        factories.project_of(abrera, "a1", area="social_services")
        factories.project_of(abrera, "a2", area="services_procedures")
        factories.project_of(girona, "g1", area="social_services")
        factories.project_of(girona, "g2", area="social_services", private=True)

        whole = stats()
        assert whole["total"] == 3
        assert {item["name"]: item["count"] for item in whole["counts"]["province"]} == {"Barcelona": 2, "Girona": 1}
        assert stats(province="Girona")["total"] == 1
        assert stats(area="social_services")["total"] == 2
        assert stats(comarca="Baix Llobregat", area="services_procedures")["total"] == 1

    def test_the_map_counts_own_projects_and_those_on_a_municipalitys_behalf(self):
        abrera = factories.body_at("abrera")
        diputacio = factories.local_body(name="diputacio-de-girona", title="Diputació de Girona", body_type="provincial_council",
                                         province="Girona", comarca="", ine_code="", idescat_code="", population=822952)
        factories.project_of(abrera, "own")
        factories.project_of(diputacio, "province-wide")

        summary = stats()["coverage"]
        towns = {town["ine_code"]: town for town in summary["municipalities"]}
        assert (towns["08001"]["own"], towns["08001"]["on_behalf"]) == (1, 0)
        assert (towns["17079"]["own"], towns["17079"]["on_behalf"]) == (0, 1)
        assert summary["covered"] == 1 + 221 and summary["covered_own"] == 1
        without = {entry["name"]: entry for entry in summary["comarques_without"]}
        assert "Baix Llobregat" not in without
        assert without["Gironès"]["reached_on_behalf"] == without["Gironès"]["municipalities"] == 27
        assert without["Segrià"]["reached_on_behalf"] == 0

    def test_editing_a_project_moves_it_on_the_map(self):
        abrera = factories.body_at("abrera")
        project = factories.project_of(abrera, "moving")
        partner = factories.local_body(name="ajuntament-d-alella", title="Ajuntament d'Alella", ine_code="08003")
        helpers.call_action("package_patch", {"user": ckan_factories.Sysadmin()["name"]}, id=project["id"], partner_bodies=[partner["name"]])

        towns = {town["ine_code"]: town["own"] for town in stats()["coverage"]["municipalities"]}

        assert towns["08001"] == towns["08003"] == 1

    def test_bad_filters_are_refused_with_a_message(self):
        with pytest.raises(tk.ValidationError) as error:
            stats(province="Madrid")
        assert "province" in error.value.error_dict
        with pytest.raises(tk.ValidationError) as error:
            stats(province="Girona", comarca="Bages")
        assert "comarca" in error.value.error_dict
        with pytest.raises(tk.ValidationError):
            stats(area="everything")

    def test_activity_is_counted_per_month_for_public_projects_only(self):
        body = factories.body_at("abrera")
        public = factories.project_of(body, "open-project", area="social_services")
        private = factories.project_of(body, "closed-project", private=True)
        user = ckan_factories.User()
        from ckan import model

        for package in (public, private):
            model.Session.add(CollaborationInterest(package_id=package["id"], organization_id=body["id"], user_id=user["id"], kind="replicate"))
        model.Session.commit()
        factories.forum_topic(user, category="social_services")
        factories.forum_topic(user, category="general", title="Una altra cosa")

        activity = stats()["activity"]
        assert len(activity["months"]) == statistics.MONTHS
        assert activity["series"]["replicate"][-1] == 1
        assert activity["series"]["forum_topics"][-1] == 2
        assert activity["series"]["forum_posts"][-1] == 2
        assert stats(area="social_services")["activity"]["series"]["forum_topics"][-1] == 1
        assert stats(area="participation_open_government")["activity"]["series"]["replicate"][-1] == 0

    def test_anyone_may_read_the_statistics(self):
        assert helpers.call_auth("digicanvis_statistics", {"user": "", "auth_user_obj": None}) is True


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestPages:
    def test_the_page_shows_every_table_with_its_csv(self, app):
        factories.project_of(factories.body_at("abrera"), "shown", technologies=["chatbot"])

        page = app.get("/statistics/")

        assert page.status_code == 200
        for table in ("area", "phase", "province", "comarca", "start_year", "technologies", "coverage", "comarques_without", "activity"):
            assert f'id="table-{table}"' in page.body, table
            assert f"/statistics/{table}.csv" in page.body
        assert 'data-module="digicanvis-chart"' in page.body
        assert "catalonia-municipalities.topo.json" in page.body

    def test_a_bad_filter_is_a_message_on_the_page_and_a_400_for_a_download(self, app):
        page = app.get("/statistics/?province=Atlantis")
        assert page.status_code == 200
        assert "Atlantis" in page.body and 'id="table-area"' not in page.body
        assert app.get("/statistics/area.csv?province=Atlantis").status_code == 400
        assert app.get("/statistics/nothing.csv").status_code == 404
        assert app.get("/statistics/coverage.json?area=nope").status_code == 400

    def test_csv_cells_cannot_run_as_formulas(self, app):
        factories.project_of(factories.body_at("abrera"), "formula", technologies=["=HYPERLINK(\"http://evil\")", "+1", "@sum", "-2", "chatbot"])

        response = app.get("/statistics/technologies.csv")

        assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.body.lstrip("\ufeff"))))
        names = {row[0] for row in rows[1:]}
        assert names == {"'=HYPERLINK(\"http://evil\")", "'+1", "'@sum", "'-2", "chatbot"}
        assert rows[0] == ["Tecnologia", "Projectes"]

    def test_the_coverage_json_has_every_municipality_of_the_filter(self, app):
        data = app.get("/statistics/coverage.json?comarca=Lluçanès").json
        assert len(data["municipalities"]) == 8
        assert data["municipalities"]["08004"]["name"] == "Alpens"


# ------------------------------------------------------------------ the demo catalogue


@pytest.fixture
def demo(cli):
    factories.demo_with_catalan_bodies(cli)


def facet_counts(fq: str, field: str) -> dict[str, int]:
    result = helpers.call_action("package_search", {"user": "", "ignore_auth": False}, fq=fq, rows=0,
                                 **{"facet.field": [field], "facet.limit": -1})
    return {item["name"]: item["count"] for item in result["search_facets"][field]["items"]}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_dashboard_counts_equal_the_facet_counts_of_the_search(demo):
    for filters in ({}, {"province": "Barcelona"}, {"comarca": "Baix Llobregat"}, {"area": "social_services"}):
        check_against_search(filters)


def check_against_search(filters: dict[str, str]) -> None:
    numbers = stats(**filters)
    fq = " ".join(f'+{name}:"{value}"' for name, value in filters.items()) + " +dataset_type:project"
    search = helpers.call_action("package_search", {"user": "", "ignore_auth": False}, fq=fq, rows=0)

    assert numbers["total"] == search["count"] > 0, filters
    for field in statistics.COUNTED:
        assert {item["name"]: item["count"] for item in numbers["counts"][field]} == facet_counts(fq, field), (filters, field)
    assert {item["name"]: item["count"] for item in numbers["started_per_year"] if item["count"]} == facet_counts(fq, "start_year")
    technologies = facet_counts(fq, "facet_technologies")
    assert all(technologies[item["name"]] == item["count"] for item in numbers["technologies"])
    assert numbers["technologies_distinct"] == len(technologies)
    own = facet_counts(fq, coverage.OWN_FIELD)
    on_behalf = facet_counts(fq, coverage.ON_BEHALF_FIELD)
    for town in numbers["coverage"]["municipalities"]:
        assert (town["own"], town["on_behalf"]) == (own.get(town["ine_code"], 0), on_behalf.get(town["ine_code"], 0))
