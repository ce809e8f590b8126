"""Which Catalan municipalities a project covers, for the coverage map of the dashboard.

The rule (README, "Statistics"):

- a project covers **its own** municipality when the municipality's ajuntament leads it or
  takes part in it (a partner body);
- a project of a **comarcal council** or a **diputació** covers, **on their behalf**, the
  municipalities it names as partners; when it names none, every municipality of its
  comarca or province (these councils exist to serve their municipalities, and a
  province-wide service such as telecare reaches them all);
- consortia and other bodies with no territory in our tables (the AOC, Localret) cover no
  municipality on the map: the dashboard counts them apart, as Catalonia-wide projects.

Municipalities are named by INE code in two multi-valued index fields, so a single Solr
facet gives every municipality's count, however many projects there are.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from typing import Any, Iterable

from ckan import model

from ckanext.digicanvis.logic import local_bodies

OWN_FIELD = "facet_coverage_own"
ON_BEHALF_FIELD = "facet_coverage_on_behalf"
TERRITORIAL = {"comarcal_council": "comarca", "provincial_council": "province"}


@cache
def municipalities_by(attribute: str) -> dict[str, tuple[str, ...]]:
    """Comarca or province -> INE codes of its municipalities."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for municipality in municipalities():
        grouped[getattr(municipality, attribute)].append(municipality.ine_code)
    return {name: tuple(codes) for name, codes in grouped.items()}


def bodies_facts(ids_or_names: Iterable[str]) -> list[dict[str, str]]:
    wanted = [value for value in ids_or_names if value]
    if not wanted:
        return []
    rows = model.Session.query(model.Group.extras).filter(
        model.Group.is_organization.is_(True), model.Group.state == model.State.ACTIVE,
        (model.Group.id.in_(wanted)) | (model.Group.name.in_(wanted)),
    )
    return [extras or {} for (extras,) in rows]


def covered(owner: dict[str, str] | None, partners: list[dict[str, str]]) -> dict[str, list[str]]:
    """INE codes a project covers itself and on behalf of its municipalities."""
    own = {body["ine_code"] for body in [owner or {}, *partners]
           if body.get("body_type") == "municipality" and body.get("ine_code")}
    on_behalf: set[str] = set()
    territory = TERRITORIAL.get((owner or {}).get("body_type", ""))
    if territory and not any(body.get("body_type") == "municipality" for body in partners):
        on_behalf = set(municipalities_by(territory).get((owner or {}).get(territory, ""), ()))
    fields: dict[str, list[str]] = {}
    if own:
        fields[OWN_FIELD] = sorted(own)
    if on_behalf - own:
        fields[ON_BEHALF_FIELD] = sorted(on_behalf - own)
    return fields


def index_fields(owner_org: str | None, partner_bodies: list[str]) -> dict[str, list[str]]:
    owner = next(iter(bodies_facts([owner_org] if owner_org else [])), None)
    return covered(owner, bodies_facts(partner_bodies))


@cache
def municipalities() -> tuple[local_bodies.Municipality, ...]:
    """The municipalities' table, read once per process (it changes with a release, not at run time)."""
    return tuple(local_bodies.read_municipalities())


@cache
def comarca_provinces() -> dict[str, str]:
    """Comarca -> the province of its capital."""
    return {comarca.name: comarca.province for comarca in local_bodies.read_comarques()}


def municipality_table() -> list[dict[str, Any]]:
    """Every municipality: INE code, name, comarca, province, population, coordinates."""
    return [
        {"ine_code": town.ine_code, "name": town.name, "comarca": town.comarca, "province": town.province,
         "population": town.population, "latitude": town.latitude, "longitude": town.longitude}
        for town in municipalities()
    ]
