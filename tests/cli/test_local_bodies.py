"""``ckan digicanvis load-local-bodies`` through CKAN, against the real database.

One test loads the whole table (992 bodies, twice); the others load a small slice of it
(Aran and the city of Lleida) by replacing the table readers, to stay quick.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from bs4 import BeautifulSoup

import ckan.cli.cli
from ckan import model
from ckan.tests import factories, helpers
from ckanext.activity.model import Activity

from ckanext.digicanvis.logic import directory, local_bodies

from tests import factories as tests_factories

SUMMARY = re.compile(r"(\d+) created, (\d+) updated, (\d+) unchanged")
ALL_MUNICIPALITIES = local_bodies.read_municipalities()
ALL_COMARQUES = local_bodies.read_comarques()
VIELHA = "ajuntament-de-vielha-e-mijaran"


def load(cli) -> tuple[int, int, int]:
    """Run the command; (created, updated, unchanged) from its summary line."""
    result = cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "load-local-bodies"])
    assert result.exit_code == 0, result.output
    created, updated, unchanged = SUMMARY.search(result.output).groups()
    return int(created), int(updated), int(unchanged)


def all_organisations() -> dict[str, dict[str, Any]]:
    """Every active organisation as ``organization_list`` shows it, by id (pages of 25)."""
    organisations: dict[str, dict[str, Any]] = {}
    while page := helpers.call_action(
        "organization_list", all_fields=True, include_extras=True, limit=25, offset=len(organisations)
    ):
        organisations.update((organisation["id"], organisation) for organisation in page)
    return organisations


def show(name: str) -> dict[str, Any]:
    return helpers.call_action("organization_show", id=name)


def activity_count() -> int:
    return model.Session.query(Activity).count()


def use_table(monkeypatch, municipalities, comarques) -> None:
    monkeypatch.setattr(local_bodies, "read_municipalities", lambda: list(municipalities))
    monkeypatch.setattr(local_bodies, "read_comarques", lambda: list(comarques))


@pytest.fixture
def aran_and_lleida(monkeypatch) -> list[local_bodies.Municipality]:
    """A slice of the table: Aran's 9 municipalities and Lleida (capital of the diputació).

    It yields 12 bodies: 10 ajuntaments, the Conselh Generau d'Aran, the Diputació de Lleida.
    """
    municipalities = [m for m in ALL_MUNICIPALITIES if m.comarca == "Aran" or m.name == "Lleida"]
    use_table(monkeypatch, municipalities, [c for c in ALL_COMARQUES if c.name == "Aran"])
    return municipalities


@pytest.mark.usefixtures("clean_db")
def test_loads_every_local_body_and_a_second_run_changes_nothing(cli, app):
    expected = local_bodies.catalan_local_bodies()
    assert len(expected) == 947 + 41 + 4

    assert load(cli) == (992, 0, 0)

    names = helpers.call_action("organization_list", limit=1000)
    assert sorted(names) == sorted(body["name"] for body in expected)
    hospitalet = show("ajuntament-de-l-hospitalet-de-llobregat")
    assert hospitalet["title"] == "Ajuntament de l'Hospitalet de Llobregat"
    assert hospitalet["body_type"] == "municipality"
    assert (hospitalet["ine_code"], hospitalet["idescat_code"]) == ("08101", "081017")
    assert (int(hospitalet["population"]), int(hospitalet["population_year"])) == (279993, 2024)
    assert (hospitalet["comarca"], hospitalet["province"]) == ("Barcelonès", "Barcelona")
    assert (hospitalet["country"], hospitalet["region"]) == ("ES", "Catalunya")
    assert float(hospitalet["latitude"]) == pytest.approx(41.36, abs=0.02)
    assert float(hospitalet["longitude"]) == pytest.approx(2.10, abs=0.03)
    assert int(show("diputacio-de-barcelona")["population"]) == 5899063
    assert show("conselh-generau-d-aran")["body_type"] == "comarcal_council"

    before, activities_before = all_organisations(), activity_count()
    samples_before = [show(name) for name in ("ajuntament-d-abrera", "consell-comarcal-del-bages", "diputacio-de-lleida")]

    assert load(cli) == (0, 0, 992)

    assert all_organisations() == before
    assert activity_count() == activities_before
    assert [show(name) for name in ("ajuntament-d-abrera", "consell-comarcal-del-bages", "diputacio-de-lleida")] == samples_before

    every_body_is_reachable_from_the_directory(app, expected)


def every_body_is_reachable_from_the_directory(app, expected) -> None:
    """Past CKAN's 1,000: with 14 bodies abroad the directory lists 1,006, page by page,
    and its filters find the diputacions of Girona, Lleida and Tarragona (issue 13)."""
    for index in range(14):
        tests_factories.local_body(name=f"commune-{index:02d}", title=f"Commune de Test {index:02d}", ine_code="",
                                   idescat_code="", body_type="foreign_local_government", country="FR", comarca="",
                                   province="", region="Occitanie")
    seen, number = [], 1
    while True:
        total, bodies = directory.page_of("", {}, "title", number, 100)
        if not bodies:
            break
        seen += [body["name"] for body in bodies]
        number += 1
    assert total == len(seen) == len(set(seen)) == 992 + 14
    assert set(seen) >= {body["name"] for body in expected}

    last_page = app.get("/local-bodies/?page=41").body  # 25 a page
    assert "1.006" in last_page
    assert BeautifulSoup(last_page, "html.parser").select(".digicanvis-directory-list li a")[-1].get_text() == sorted(
        [body["title"] for body in expected] + [f"Commune de Test {i:02d}" for i in range(14)])[-1]
    for province in ("Girona", "Lleida", "Tarragona"):
        found = app.get(f"/local-bodies/?province={province}&body_type=provincial_council").body
        assert f"Diputació de {province}" in found
    abroad = app.get("/local-bodies/?country=FR").body
    assert "14 ens locals" in abroad
    assert app.get("/organization/", follow_redirects=False).headers["Location"].endswith("/local-bodies/")


@pytest.mark.usefixtures("clean_db")
def test_a_changed_population_updates_the_body_in_place(cli, monkeypatch, aran_and_lleida):
    assert load(cli) == (12, 0, 0)
    before = {name: show(name) for name in (VIELHA, "conselh-generau-d-aran", "diputacio-de-lleida", "ajuntament-de-les")}

    grown = [dataclasses.replace(m, population=m.population + 100) if m.name == "Vielha e Mijaran" else m
             for m in aran_and_lleida]
    use_table(monkeypatch, grown, [c for c in ALL_COMARQUES if c.name == "Aran"])

    # The ajuntament, and the sums of its comarca and province.
    assert load(cli) == (0, 3, 9)
    after = {name: show(name) for name in before}
    assert {name: organisation["id"] for name, organisation in after.items()} == {
        name: organisation["id"] for name, organisation in before.items()
    }
    for name in (VIELHA, "conselh-generau-d-aran", "diputacio-de-lleida"):
        assert int(after[name]["population"]) == int(before[name]["population"]) + 100
    assert after["ajuntament-de-les"] == before["ajuntament-de-les"]
    assert len(helpers.call_action("organization_list")) == 12


def as_sysadmin() -> dict[str, Any]:
    """An action context of a real user: the activity plugin records who changed what."""
    return {"user": factories.Sysadmin()["name"]}


@pytest.mark.usefixtures("clean_db")
def test_matches_municipalities_by_ine_code_and_keeps_what_editors_added(cli, aran_and_lleida):
    # Created by hand before the loader ran, under another URL name.
    vielha = helpers.call_action(
        "organization_create", context=as_sysadmin(),
        name="vielha", title="Vielha", body_type="municipality", ine_code="25243",
        website="https://www.vielha-mijaran.org", description="Cap de l'Aran",
    )

    assert load(cli) == (11, 1, 0)

    loaded = show(VIELHA)
    assert loaded["id"] == vielha["id"]
    assert loaded["title"] == "Ajuntament de Vielha e Mijaran"
    assert loaded["comarca"] == "Aran"
    assert (loaded["website"], loaded["description"]) == ("https://www.vielha-mijaran.org", "Cap de l'Aran")
    assert load(cli) == (0, 0, 12)


@pytest.mark.usefixtures("clean_db")
def test_leaves_deleted_bodies_deleted(cli, aran_and_lleida):
    load(cli)
    helpers.call_action("organization_delete", context=as_sysadmin(), id="conselh-generau-d-aran")

    result = cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "load-local-bodies"])

    assert result.exit_code == 0, result.output
    assert "0 created, 0 updated, 11 unchanged, 1 left deleted" in result.output
    assert "conselh-generau-d-aran" not in helpers.call_action("organization_list")


def facts(page_html: str) -> dict[str, str]:
    """The local body's facts in the sidebar: {label: value}."""
    facts_list = BeautifulSoup(page_html, "html.parser").select_one("dl.digicanvis-local-body")
    assert facts_list is not None
    labels = [dt.get_text(" ", strip=True) for dt in facts_list.find_all("dt")]
    values = [dd.get_text(" ", strip=True) for dd in facts_list.find_all("dd")]
    return dict(zip(labels, values))


@pytest.mark.usefixtures("clean_db", "aran_and_lleida")
def test_organisation_pages_show_the_body_facts_in_each_language(app, cli):
    load(cli)
    helpers.call_action("organization_patch", context=as_sysadmin(), id="diputacio-de-lleida",
                        website="https://www.diputaciolleida.cat")
    coordinates = "42.70191, 0.79513"

    assert facts(app.get(f"/organization/{VIELHA}").body) == {
        "Tipus d'ens": "Ajuntament", "Comarca": "Aran", "Província": "Lleida",
        "Població": "5.832 habitants (2024)", "Coordenades (latitud, longitud)": coordinates,
    }
    assert facts(app.get(f"/es/organization/{VIELHA}").body) == {
        "Tipo de ente": "Ayuntamiento", "Comarca": "Aran", "Provincia": "Lleida",
        "Población": "5.832 habitantes (2024)", "Coordenadas (latitud, longitud)": coordinates,
    }
    assert facts(app.get(f"/en/organization/{VIELHA}").body) == {
        "Type of body": "Municipality", "Comarca": "Aran", "Province": "Lleida",
        "Population": "5,832 inhabitants (2024)", "Coordinates (latitude, longitude)": coordinates,
    }

    diputacio = facts(app.get("/en/organization/diputacio-de-lleida").body)
    assert diputacio["Type of body"] == "Provincial council"
    assert diputacio["Website"] == "https://www.diputaciolleida.cat"
    assert "Comarca" not in diputacio
    assert facts(app.get("/organization/conselh-generau-d-aran").body)["Tipus d'ens"] == "Consell comarcal"


@pytest.mark.usefixtures("clean_db")
def test_a_body_that_cannot_be_saved_is_reported_and_the_others_load(cli, aran_and_lleida):
    # Another municipality (Barcelona's INE code) already holds the URL name of Les.
    helpers.call_action("organization_create", context=as_sysadmin(), name="ajuntament-de-les",
                        title="Ajuntament de Les (duplicate)", body_type="municipality", ine_code="08019")

    result = cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "load-local-bodies"])

    assert result.exit_code == 1
    assert "11 created, 0 updated, 0 unchanged" in result.output
    assert "Ajuntament de Les:" in result.output
    assert show("ajuntament-de-les")["ine_code"] == "08019"
