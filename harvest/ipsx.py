"""IPS-X / Public Sector Tech Watch case tables (harvester type ``ipsx``).

The source is a CSV or XLSX file at a URL in the column layout of the EU's Innovative Public
Services Explorer (see ``tests/harvest/data/IPSX-README.md``). One row is one case; its
``id`` identifies it across versions of the file.

Source options (JSON): ``geoextent`` (default ``["Local", "Regional"]``: this is an
observatory of local bodies), ``countries`` (ISO codes or English names; default all),
``technologies`` (default all), plus ``withdraw_missing`` and ``publish``.

The mapping, column by column:

=========================================  =============================================
IPS-X                                      project file
=========================================  =============================================
name                                       title
description                                notes (plain text)
url                                        a documentation link of type "website"
lead_organisation_name + geocoverage       the leading local body: found (INE code for
(+ lead_organisation_category)             Catalan municipalities, URL name, title) or
                                           created with its country and, when its city is
                                           found offline (GeoNames), coordinates
status                                     phase (STATUS_TO_PHASE)
technology                                 technologies
start_date / end_date                      start_year / end_year
type (+ primary_sector)                    area and transformation type (TYPE_MAP, with
                                           SECTOR_AREA overriding the area for social
                                           protection and health services)
=========================================  =============================================
"""

from __future__ import annotations

import re
from typing import Any, Iterator
from urllib.parse import urlsplit

from requests.utils import requote_uri

import ckan.plugins.toolkit as tk

from ckanext.digicanvis.harvest import importer, tables
from ckanext.digicanvis.harvest.base import ConfigError, Gathered, Item, ProjectHarvester, Skipped, SourceError
from ckanext.digicanvis.harvest.fetch import N_
from ckanext.digicanvis.logic import body_finder, local_bodies
from ckanext.digicanvis.logic.body_finder import BodyFacts

COLUMNS = (
    "id", "name", "url", "description", "geoextent", "geocoverage", "geocoverage_codes",
    "lead_organisation_name", "lead_organisation_category", "start_date", "end_date",
    "primary_sector", "secondary_sector", "technology", "type", "status",
)
DEFAULT_GEOEXTENT = ["Local", "Regional"]

STATUS_TO_PHASE = {
    "pilot": "pilot",
    "implemented": "implemented",
    "in production": "implemented",
    "in development": "prototype",
    "planned": "prototype",
    "not in use anymore": "discontinued",
}

# IPS service type -> (area, transformation type). Services people use are "service",
# back-office work "process", ways of organising the administration itself "organisation".
TYPE_MAP = {
    "engagement management": ("citizen_attention", "service"),
    "service personalisation (various)": ("services_procedures", "service"),
    "service integration (various)": ("services_procedures", "service"),
    "certification and validation processes": ("services_procedures", "process"),
    "registration and data notarisation processes": ("services_procedures", "process"),
    "authentication of self-sovereign digital id services": ("services_procedures", "service"),
    "payments and international transactions": ("services_procedures", "service"),
    "procurement management": ("services_procedures", "process"),
    "supporting disintermediation": ("services_procedures", "service"),
    "managing copyright and ipr": ("services_procedures", "process"),
    "taking decisions on benefits": ("social_services", "process"),
    "governance and voting": ("participation_open_government", "service"),
    "management of auditing and logging": ("participation_open_government", "process"),
    "data sharing management": ("participation_open_government", "process"),
    "prediction and planning": ("planning_management", "process"),
    "predictive enforcement processes": ("planning_management", "process"),
    "information analysis processes": ("planning_management", "process"),
    "monitoring policy implementation": ("planning_management", "process"),
    "supporting inspection processes": ("planning_management", "process"),
    "smart recognition processes": ("planning_management", "process"),
    "financial management and support": ("planning_management", "process"),
    "tracking of goods and assets along the supply chain": ("planning_management", "process"),
    "internal primary processes": ("planning_management", "process"),
    "internal support processes": ("integral_transformation", "organisation"),
    "internal management processes": ("integral_transformation", "organisation"),
    "improving cybersecurity": ("integral_transformation", "organisation"),
}
# COFOG primary sectors whose services are the observatory's "social services" area.
SECTOR_AREA = {"social protection": "social_services", "health": "social_services"}
SECTOR_OVERRIDES = ("citizen_attention", "services_procedures")

# lead_organisation_category -> local body type (foreign bodies: see body_type()).
CATEGORY_BODY_TYPE = {
    "local government": "municipality",
    "regional government": "regional_government",
    "consortium": "consortium",
}
# "City of X", "Municipality of X", "X City Council", "Ajuntament de X" ...: the city is X.
MUNICIPAL_PREFIX = re.compile(
    r"^(?:the\s+)?(?:city\s+council|town\s+hall|city|municipality|town|council|ajuntament|ayuntamiento|"
    r"comune|gemeente|stadt|ville|kommune|municipio)\s+(?:of\s+|de\s+|d'|di\s+)?(?P<city>.+)$",
    re.IGNORECASE,
)
MUNICIPAL_SUFFIX = re.compile(
    r"^(?P<city>.+?)\s+(?:city\s+council|town\s+hall|municipality|munipality|kommune|city|council)$", re.IGNORECASE
)
BRACKETS = re.compile(r"\s*\(.*?\)\s*")
YEAR = re.compile(r"^\s*(\d{4})")
URL_SEPARATOR = re.compile(r"[;\n]+")


def municipal_city(name: str) -> str:
    """The city a council's name points at ("Municipality of Rotterdam" -> "Rotterdam")."""
    plain = BRACKETS.sub(" ", name).strip()
    for pattern in (MUNICIPAL_PREFIX, MUNICIPAL_SUFFIX):
        found = pattern.match(plain)
        if found:
            return found.group("city").strip()
    return plain


def web_addresses(text: str) -> list[str]:
    """The http(s) addresses of a ``url`` cell: several may be given (";" or new lines),
    with stray spaces (non-breaking ones too) around and inside them."""
    found = []
    for part in URL_SEPARATOR.split(text):
        link = requote_uri(part.strip(" \t\u00a0"))
        parts = urlsplit(link)
        if parts.scheme in ("http", "https") and parts.hostname:
            found.append(link)
    return found


def year(value: str) -> int | None:
    found = YEAR.match(value or "")
    return int(found.group(1)) if found else None


def country_code(row: dict[str, str]) -> str:
    return (row.get("geocoverage_codes") or "").split(",")[0].strip().upper()


def is_catalan(country: str, name: str, city: str) -> bool:
    if country != local_bodies.COUNTRY:
        return False
    lowered = name.casefold()
    return "catalu" in lowered or "catalan" in lowered or city.casefold() in body_finder.catalan_ine_codes()


def body_facts(row: dict[str, str]) -> BodyFacts:
    name = importer.plain_text(row.get("lead_organisation_name") or "")
    if not name:
        raise SourceError(N_("The case names no lead organisation, so it has no local body to belong to."))
    country = country_code(row)
    category = (row.get("lead_organisation_category") or "").strip().casefold()
    city = municipal_city(name)
    body_type = CATEGORY_BODY_TYPE.get(category, "other_local")
    catalan = is_catalan(country, name, city)
    facts: dict[str, Any] = {"country": country} if country else {}
    if catalan:
        facts["region"] = local_bodies.REGION
    if body_type == "municipality" and country != local_bodies.COUNTRY:
        body_type = "foreign_local_government"
    body = BodyFacts(title=name, body_type=body_type, facts=facts)
    if body_type in ("municipality", "foreign_local_government") and (
        body_finder.city(country, city) or (catalan and city.casefold() in body_finder.catalan_ine_codes())
    ):
        # Any way of naming the same council finds the same body.
        body.municipality = city
        body.name = local_bodies.organisation_name(f"{city} {country}")
    return body


def classification(row: dict[str, str]) -> tuple[str, str]:
    service_type = (row.get("type") or "").strip().casefold()
    if service_type not in TYPE_MAP:
        raise SourceError(N_("Unknown IPS service type \"{value}\": it has no area in the mapping table."), value=row.get("type") or "")
    area, transformation_type = TYPE_MAP[service_type]
    sector_area = SECTOR_AREA.get((row.get("primary_sector") or "").strip().casefold())
    if sector_area and area in SECTOR_OVERRIDES:
        area = sector_area
    return area, transformation_type


def project_for(row: dict[str, str]) -> importer.Draft:
    title = importer.plain_text(row.get("name") or "")
    if not title:
        raise SourceError(N_("The case has no name (it would be the project's title)."))
    status = (row.get("status") or "").strip()
    phase = STATUS_TO_PHASE.get(status.casefold())
    if phase is None:
        raise SourceError(N_("Unknown status \"{value}\": it maps to no phase."), value=status)
    area, transformation_type = classification(row)
    links = web_addresses(row.get("url") or "")
    documentation = [
        {"url": link, "name": (urlsplit(link).hostname or link).removeprefix("www."),
         "resource_type": "website" if position == 0 else "article"}
        for position, link in enumerate(links)
    ]
    url = links[0] if links else ""
    project = {
        "title": title,
        "notes": importer.plain_text(row.get("description") or "") or title,
        "phase": phase,
        "area": area,
        "transformation_type": transformation_type,
        "technologies": [tech.strip() for tech in (row.get("technology") or "").split(",") if tech.strip()],
        "start_year": year(row.get("start_date", "")),
        "end_year": year(row.get("end_date", "")),
        "language": "en",
        "resources": documentation,
    }
    if project["end_year"] and project["start_year"] and project["end_year"] < project["start_year"]:
        project["end_year"] = None  # the source contradicts itself; keep the start
    return importer.Draft(project={k: v for k, v in project.items() if v not in (None, "")},
                         body=body_facts(row), original_url=url)


def as_list(value: Any, option: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(tk._('"{option}" must be a list of texts').format(option=option))
    return value


class IpsxHarvester(ProjectHarvester):
    NAME = "ipsx"
    TITLE = N_("IPS-X / Public Sector Tech Watch")
    DESCRIPTION = N_("Cases of innovative public services from a CSV or XLSX file in the IPS-X layout")

    def check_options(self, options: dict[str, Any]) -> None:
        for option in ("geoextent", "countries", "technologies"):
            as_list(options.get(option), option)

    @staticmethod
    def keeps(row: dict[str, str], options: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        """Why the source options leave ``row`` out (msgid, params), or None."""
        extents = options.get("geoextent") or DEFAULT_GEOEXTENT
        if (row.get("geoextent") or "").strip() not in extents:
            return N_("Geographic extent \"{value}\" is not among {allowed}."), {
                "value": row.get("geoextent") or "", "allowed": ", ".join(extents)}
        countries = {value.casefold() for value in as_list(options.get("countries"), "countries")}
        if countries and not ({country_code(row).casefold(), (row.get("geocoverage") or "").strip().casefold()} & countries):
            return N_("Country \"{value}\" is not among {allowed}."), {
                "value": row.get("geocoverage") or "", "allowed": ", ".join(options["countries"])}
        technologies = {value.casefold() for value in as_list(options.get("technologies"), "technologies")}
        if technologies and (row.get("technology") or "").strip().casefold() not in technologies:
            return N_("Technology \"{value}\" is not among {allowed}."), {
                "value": row.get("technology") or "", "allowed": ", ".join(options["technologies"])}
        return None

    def gather(self, harvest_job: Any, options: dict[str, Any], known: dict[str, Any]) -> Iterator[Item]:
        for row_number, row in tables.rows_at(harvest_job.source.url):
                guid = (row.get("id") or "").strip()
                title = (row.get("name") or "").strip()[:200]
                if not guid:
                    yield Skipped("error", N_("The case has no id, so it cannot be followed from one harvest to the next."),
                                  title=title, row=row_number)
                    continue
                left_out = self.keeps(row, options)
                if left_out:
                    yield Skipped("filtered", left_out[0], left_out[1], guid=guid, title=title, row=row_number)
                    continue
                yield Gathered(guid, {column: row.get(column, "") for column in COLUMNS}, title=title, row=row_number)

    def draft(self, content: dict[str, Any], options: dict[str, Any]) -> importer.Draft:
        return project_for(content)
