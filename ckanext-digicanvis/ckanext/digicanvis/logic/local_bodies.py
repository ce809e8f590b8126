"""The Catalan local bodies as organisation dicts of the ``local_body`` schema.

Built from the reference tables in ``ckanext-digicanvis/data/`` (provenance and licence in
``data/SOURCES.md``): every municipality's ajuntament, the comarcal councils (and the
Conselh Generau d'Aran) and the four diputacions. Pure functions: no CKAN calls, so the
loader (``ckan digicanvis load-local-bodies``) and the tests share them.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from slugify import slugify

MUNICIPALITIES_FILE = "municipalities_cat.csv"
COMARQUES_FILE = "comarques_cat.csv"

COUNTRY = "ES"
REGION = "Catalunya"
NAME_MAX_LENGTH = 100  # CKAN's limit for organisation names

PROVINCE_CAPITALS = {
    "Barcelona": "Barcelona",
    "Girona": "Girona",
    "Lleida": "Lleida",
    "Tarragona": "Tarragona",
}

# Comarca names as they read after a preposition: the table has the bare names, but
# Catalan writes most of them with their article ("Consell Comarcal del Bages").
COMARCA_WITH_ARTICLE = {
    "Alt Camp": "l'Alt Camp",
    "Alt Empordà": "l'Alt Empordà",
    "Alt Penedès": "l'Alt Penedès",
    "Alt Urgell": "l'Alt Urgell",
    "Alta Ribagorça": "l'Alta Ribagorça",
    "Anoia": "l'Anoia",
    "Aran": "Aran",
    "Bages": "el Bages",
    "Baix Camp": "el Baix Camp",
    "Baix Ebre": "el Baix Ebre",
    "Baix Empordà": "el Baix Empordà",
    "Baix Llobregat": "el Baix Llobregat",
    "Baix Penedès": "el Baix Penedès",
    "Barcelonès": "el Barcelonès",
    "Berguedà": "el Berguedà",
    "Cerdanya": "la Cerdanya",
    "Conca de Barberà": "la Conca de Barberà",
    "Garraf": "el Garraf",
    "Garrigues": "les Garrigues",
    "Garrotxa": "la Garrotxa",
    "Gironès": "el Gironès",
    "Lluçanès": "el Lluçanès",
    "Maresme": "el Maresme",
    "Moianès": "el Moianès",
    "Montsià": "el Montsià",
    "Noguera": "la Noguera",
    "Osona": "Osona",
    "Pallars Jussà": "el Pallars Jussà",
    "Pallars Sobirà": "el Pallars Sobirà",
    "Pla d'Urgell": "el Pla d'Urgell",
    "Pla de l'Estany": "el Pla de l'Estany",
    "Priorat": "el Priorat",
    "Ribera d'Ebre": "la Ribera d'Ebre",
    "Ripollès": "el Ripollès",
    "Segarra": "la Segarra",
    "Segrià": "el Segrià",
    "Selva": "la Selva",
    "Solsonès": "el Solsonès",
    "Tarragonès": "el Tarragonès",
    "Terra Alta": "la Terra Alta",
    "Urgell": "l'Urgell",
    "Vallès Occidental": "el Vallès Occidental",
    "Vallès Oriental": "el Vallès Oriental",
}

# Comarques whose government is not a "Consell Comarcal".
COMARCA_GOVERNMENT_TITLES = {
    # Aran is an "entitat territorial singular" (Llei 1/2015); its Conselh Generau
    # holds the powers a comarcal council has elsewhere.
    "Aran": "Conselh Generau d'Aran",
}

# Comarques with no council today, so no body is created for them:
# - Barcelonès: Llei 1/2019, del 15 de febrer, suppressed its comarcal council (its
#   municipalities are served by the Àrea Metropolitana de Barcelona).
# - Lluçanès: created in 2023 (Llei 2/2023); a transitional mancomunitat represents it
#   until its first council is formed after the 2027 municipal elections.
COMARQUES_WITHOUT_COUNCIL = frozenset({"Barcelonès", "Lluçanès"})

ARTICLE_CONTRACTIONS = (("els ", "dels "), ("el ", "del "))
VOWELS = "aeiouàèéíïòóúü"
# An initial "i" or "u" (with or without "h") that opens a rising diphthong is a
# semivowel, and "de" keeps its vowel before it ("de Iowa", "de Huelva", but "d'Uixó").
SEMIVOWEL_START = re.compile(r"^h?(i[aeouàèéòóú]|u[aeoàèéòó])", re.IGNORECASE)


@dataclass(frozen=True)
class Municipality:
    ine_code: str
    idescat_code: str
    name: str
    comarca: str
    province: str
    population: int
    population_year: int
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Comarca:
    name: str
    capitals: tuple[str, ...]  # Vallès Occidental has two joint capitals
    province: str  # the capital's province


def _data_rows(file_name: str) -> list[dict[str, str]]:
    source = resources.files("ckanext.digicanvis") / "data" / file_name
    with source.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def read_municipalities() -> list[Municipality]:
    """The 947 municipalities of ``data/municipalities_cat.csv``."""
    return [
        Municipality(
            ine_code=row["ine_code"],
            idescat_code=row["idescat_code"],
            name=row["name"],
            comarca=row["comarca"],
            province=row["province"],
            population=int(row["population"]),
            population_year=int(row["population_year"]),
            latitude=float(row["lat"]),
            longitude=float(row["lon"]),
        )
        for row in _data_rows(MUNICIPALITIES_FILE)
    ]


def read_comarques() -> list[Comarca]:
    """The 43 comarques (Aran included) of ``data/comarques_cat.csv``."""
    return [
        Comarca(
            name=row["name"],
            capitals=tuple(capital.strip() for capital in row["capital"].split("/")),
            province=row["province"],
        )
        for row in _data_rows(COMARQUES_FILE)
    ]


def with_de(name: str) -> str:
    """``name`` after the preposition "de", contracted as Catalan writes it.

    "el Prat" -> "del Prat", "els Hostalets" -> "dels Hostalets", "l'Escala" -> "de
    l'Escala", "la Seu" -> "de la Seu", "Abrera" -> "d'Abrera", "Horta" -> "d'Horta",
    "Vic" -> "de Vic". Only lowercase articles are articles: in "Les" (Aran) or
    "Es Bòrdes" the capitalised word is part of the name.
    """
    for article, contracted in ARTICLE_CONTRACTIONS:
        if name.startswith(article):
            return contracted + name[len(article) :]
    if _elides(name):
        return "d'" + name
    return "de " + name


def _elides(name: str) -> bool:
    """Does "de" lose its vowel before ``name``? Before a vowel or a silent h, except semivowels."""
    if SEMIVOWEL_START.match(name):
        return False
    first = name[1:2] if name[:1] in "hH" else name[:1]
    return first.lower() in VOWELS if first else False


def organisation_name(title: str) -> str:
    """The organisation's URL name: ASCII, lowercase, hyphens, at most 100 characters."""
    return slugify(title, max_length=NAME_MAX_LENGTH, replacements=[["’", "-"]])


def _body(title: str, body_type: str, **facts: Any) -> dict[str, Any]:
    return {
        "name": organisation_name(title),
        "title": title,
        "body_type": body_type,
        "country": COUNTRY,
        "region": REGION,
        **facts,
    }


def municipality_body(municipality: Municipality) -> dict[str, Any]:
    return _body(
        "Ajuntament " + with_de(municipality.name),
        "municipality",
        ine_code=municipality.ine_code,
        idescat_code=municipality.idescat_code,
        comarca=municipality.comarca,
        province=municipality.province,
        population=municipality.population,
        population_year=municipality.population_year,
        latitude=municipality.latitude,
        longitude=municipality.longitude,
    )


def comarca_government_title(comarca: str) -> str:
    if comarca in COMARCA_GOVERNMENT_TITLES:
        return COMARCA_GOVERNMENT_TITLES[comarca]
    return "Consell Comarcal " + with_de(COMARCA_WITH_ARTICLE.get(comarca, comarca))


def _by_name(municipalities: Iterable[Municipality]) -> dict[str, Municipality]:
    return {municipality.name: municipality for municipality in municipalities}


def _population_facts(members: list[Municipality]) -> dict[str, int]:
    """Sum of the members' populations, dated by the latest year among them."""
    return {
        "population": sum(member.population for member in members),
        "population_year": max(member.population_year for member in members),
    }


def _capital(name: str, municipalities_by_name: dict[str, Municipality], of: str) -> Municipality:
    try:
        return municipalities_by_name[name]
    except KeyError:
        raise ValueError(f"The capital of {of}, {name}, is not in {MUNICIPALITIES_FILE}") from None


def comarcal_council_bodies(comarques: list[Comarca], municipalities: list[Municipality]) -> list[dict[str, Any]]:
    """One body per comarca that has a council, located at its (first) capital."""
    municipalities_by_name = _by_name(municipalities)
    bodies = []
    for comarca in comarques:
        if comarca.name in COMARQUES_WITHOUT_COUNCIL:
            continue
        members = [m for m in municipalities if m.comarca == comarca.name]
        if not members:
            raise ValueError(f"No municipality of {MUNICIPALITIES_FILE} is in the comarca {comarca.name}")
        # Of joint capitals (Sabadell / Terrassa) the first listed stands for the comarca.
        capital = _capital(comarca.capitals[0], municipalities_by_name, comarca.name)
        bodies.append(
            _body(
                comarca_government_title(comarca.name),
                "comarcal_council",
                comarca=comarca.name,
                province=comarca.province,
                **_population_facts(members),
                latitude=capital.latitude,
                longitude=capital.longitude,
            )
        )
    return bodies


def provincial_council_bodies(municipalities: list[Municipality]) -> list[dict[str, Any]]:
    """One diputació per province present in the table, located at the capital city."""
    municipalities_by_name = _by_name(municipalities)
    bodies = []
    for province, capital_name in PROVINCE_CAPITALS.items():
        members = [m for m in municipalities if m.province == province]
        if not members:
            continue
        capital = _capital(capital_name, municipalities_by_name, f"the province of {province}")
        bodies.append(
            _body(
                "Diputació " + with_de(province),
                "provincial_council",
                province=province,
                **_population_facts(members),
                latitude=capital.latitude,
                longitude=capital.longitude,
            )
        )
    return bodies


def catalan_local_bodies() -> list[dict[str, Any]]:
    """Every Catalan local body of the reference tables, as organisation dicts.

    Names are checked to be unique: the loader matches the supra-municipal bodies by name.
    """
    municipalities = read_municipalities()
    bodies = [
        *(municipality_body(m) for m in municipalities),
        *comarcal_council_bodies(read_comarques(), municipalities),
        *provincial_council_bodies(municipalities),
    ]
    name_counts = Counter(body["name"] for body in bodies)
    duplicates = sorted(name for name, count in name_counts.items() if count > 1)
    if duplicates:
        raise ValueError(f"Two local bodies would share a URL name: {', '.join(duplicates)}")
    return bodies
