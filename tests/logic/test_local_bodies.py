"""The Catalan local bodies built from the reference tables (pure functions, no database)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from ckanext.digicanvis.logic import local_bodies

CKAN_NAME = re.compile(r"^[a-z0-9_-]{2,100}$")


@pytest.fixture(scope="module")
def bodies() -> list[dict]:
    return local_bodies.catalan_local_bodies()


@pytest.fixture(scope="module")
def by_name(bodies) -> dict[str, dict]:
    return {body["name"]: body for body in bodies}


# One test per table rather than parametrised cases: every test of this suite reloads the
# site's plugins (tests/conftest.py), which costs more than these pure functions.
CONTRACTIONS = {
    "Abrera": "d'Abrera",
    "Òdena": "d'Òdena",
    "Isòvol": "d'Isòvol",
    "Ullastrell": "d'Ullastrell",
    "Horta de Sant Joan": "d'Horta de Sant Joan",
    "Hostalric": "d'Hostalric",
    "l'Hospitalet de Llobregat": "de l'Hospitalet de Llobregat",
    "el Prat de Llobregat": "del Prat de Llobregat",
    "els Hostalets de Pierola": "dels Hostalets de Pierola",
    "la Seu d'Urgell": "de la Seu d'Urgell",
    "les Borges Blanques": "de les Borges Blanques",
    "Vic": "de Vic",
    "Sant Cugat del Vallès": "de Sant Cugat del Vallès",
    # Aranese names: the capitalised word is part of the name, not a Catalan article.
    "Les": "de Les",
    "Es Bòrdes": "d'Es Bòrdes",
    # A word-initial semivowel keeps "de"; a vocalic u does not.
    "Iowa": "de Iowa",
    "Huelva": "de Huelva",
    "Uixó": "d'Uixó",
    # Words that merely start like an article are not contracted.
    "Elx": "d'Elx",
    "Elsa": "d'Elsa",
    "Lleida": "de Lleida",
}

SLUGS = {
    "Ajuntament de l'Hospitalet de Llobregat": "ajuntament-de-l-hospitalet-de-llobregat",
    "Ajuntament d'Es Bòrdes": "ajuntament-d-es-bordes",
    "Diputació de Girona": "diputacio-de-girona",
    "Ajuntament de Castell d'Aro, Platja d'Aro i s'Agaró": "ajuntament-de-castell-d-aro-platja-d-aro-i-s-agaro",
    "Ajuntament de l’Escala": "ajuntament-de-l-escala",
}


def test_with_de_contracts_as_catalan_writes():
    assert {name: local_bodies.with_de(name) for name in CONTRACTIONS} == CONTRACTIONS


def test_organisation_name_is_an_ascii_slug_of_the_title():
    assert {title: local_bodies.organisation_name(title) for title in SLUGS} == SLUGS


def test_organisation_name_fits_ckan(bodies):
    assert all(CKAN_NAME.match(body["name"]) for body in bodies)
    assert len(local_bodies.organisation_name("Ajuntament " + "de Vilanova " * 20)) <= 100


def test_counts_of_each_kind_of_body(bodies):
    # 947 ajuntaments; 43 comarques less Barcelonès and Lluçanès (no council); 4 diputacions.
    assert Counter(body["body_type"] for body in bodies) == {
        "municipality": 947,
        "comarcal_council": 41,
        "provincial_council": 4,
    }
    assert len({body["name"] for body in bodies}) == len(bodies)


def test_municipality_titles_and_facts(by_name):
    hospitalet = by_name["ajuntament-de-l-hospitalet-de-llobregat"]
    assert hospitalet == {
        "name": "ajuntament-de-l-hospitalet-de-llobregat",
        "title": "Ajuntament de l'Hospitalet de Llobregat",
        "body_type": "municipality",
        "country": "ES",
        "region": "Catalunya",
        "ine_code": "08101",
        "idescat_code": "081017",
        "comarca": "Barcelonès",
        "province": "Barcelona",
        "population": 279993,
        "population_year": 2024,
        "latitude": hospitalet["latitude"],
        "longitude": hospitalet["longitude"],
    }
    assert 41.3 < hospitalet["latitude"] < 41.4 and 2.0 < hospitalet["longitude"] < 2.2
    assert by_name["ajuntament-d-abrera"]["title"] == "Ajuntament d'Abrera"
    assert by_name["ajuntament-del-prat-de-llobregat"]["title"] == "Ajuntament del Prat de Llobregat"
    assert by_name["ajuntament-dels-hostalets-de-pierola"]["title"] == "Ajuntament dels Hostalets de Pierola"
    assert by_name["ajuntament-de-la-seu-d-urgell"]["title"] == "Ajuntament de la Seu d'Urgell"


def test_comarcal_councils(by_name, bodies):
    titles = {body["title"] for body in bodies if body["body_type"] == "comarcal_council"}
    assert {"Consell Comarcal del Bages", "Consell Comarcal de l'Alt Camp", "Consell Comarcal d'Osona",
            "Consell Comarcal de les Garrigues", "Consell Comarcal de la Selva",
            "Consell Comarcal del Pla de l'Estany", "Conselh Generau d'Aran"} <= titles
    assert not any("Barcelonès" in title or "Lluçanès" in title for title in titles)

    aran = by_name["conselh-generau-d-aran"]
    vielha = by_name["ajuntament-de-vielha-e-mijaran"]
    assert (aran["latitude"], aran["longitude"]) == (vielha["latitude"], vielha["longitude"])
    assert aran["population"] == sum(b["population"] for b in bodies
                                     if b["body_type"] == "municipality" and b["comarca"] == "Aran")
    assert aran["comarca"] == "Aran" and aran["province"] == "Lleida" and "ine_code" not in aran

    # Joint capitals "Sabadell / Terrassa": the first one locates the council.
    valles = by_name["consell-comarcal-del-valles-occidental"]
    assert valles["latitude"] == by_name["ajuntament-de-sabadell"]["latitude"]


def test_diputacions_sum_their_province(by_name):
    populations = {
        province: by_name[f"diputacio-de-{province.lower()}"]["population"]
        for province in ("Barcelona", "Girona", "Lleida", "Tarragona")
    }
    # Province totals of Idescat's Padró 2024 (see data/SOURCES.md).
    assert populations == {"Barcelona": 5899063, "Girona": 822952, "Lleida": 451197, "Tarragona": 861531}
    girona = by_name["diputacio-de-girona"]
    assert girona["title"] == "Diputació de Girona"
    assert girona["body_type"] == "provincial_council"
    assert girona["latitude"] == by_name["ajuntament-de-girona"]["latitude"]
    assert "comarca" not in girona


def test_a_missing_capital_is_reported(monkeypatch):
    manlleu_only = [m for m in local_bodies.read_municipalities() if m.name == "Manlleu"]
    osona_only = [c for c in local_bodies.read_comarques() if c.name == "Osona"]
    monkeypatch.setattr(local_bodies, "read_municipalities", lambda: manlleu_only)
    monkeypatch.setattr(local_bodies, "read_comarques", lambda: osona_only)
    with pytest.raises(ValueError, match="Vic"):
        local_bodies.catalan_local_bodies()
