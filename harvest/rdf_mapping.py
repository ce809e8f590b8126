"""What a harvested RDF record becomes on this site: the part of the RDF harvester that must
know the site (its local bodies, its projects, the source's defaults).

The ``digicanvis`` profile (profiles/digicanvis.py) reads the graph into a project dict and
leaves under ``__digicanvis`` what it cannot decide alone: the publisher and partners as
agents (IRI, URL name, name, INE/DIR3 codes, homepage), the project it replicates, the
landing page. :func:`to_project` resolves those here, fills what the record lacks from the
source's configuration, and says why when a record cannot become a project.
"""

from __future__ import annotations

import json
import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.munge import munge_title_to_name

from ckanext.digicanvis.lod import uris
from ckanext.digicanvis.logic import vocabularies
from ckanext.digicanvis.logic.fields import PROJECT_TYPE

REQUIRED_CHOICES = {"area": "area", "transformation_type": "transformation_type", "phase": "phase"}
CONFIG_KEYS = ("defaults", "create_local_bodies", "local_body_type", "country", "rdf_format")
BODY_TYPES = ("municipality", "comarcal_council", "provincial_council", "consortium", "association",
              "other_local", "regional_government", "foreign_local_government")
DIR3_COUNCIL = re.compile(r"^L01(\d{6})$")
INE_CODE = re.compile(r"^\d{5}$")


class Unmappable(Exception):
    """The record cannot become a project; the message (translated) says why, for the job report."""


def validate_config(config: dict[str, Any]) -> dict[str, Any]:
    """The DigiCanvis keys of a source's configuration; ValueError (translated) when one is wrong.

    ``defaults``: ``area``, ``transformation_type``, ``phase`` codes and ``local_body`` (a body's
    URL name) for records that lack them; ``create_local_bodies`` (default true): a publisher
    no body matches becomes a new local body of type ``local_body_type`` (default
    ``other_local``) in ``country`` (ISO code).
    """
    defaults = config.get("defaults", {})
    if not isinstance(defaults, dict):
        raise ValueError(tk._("defaults must be an object"))
    for key, scheme_name in REQUIRED_CHOICES.items():
        if key in defaults and not vocabularies.scheme(scheme_name).concept(defaults[key]):
            raise ValueError(tk._("Unknown {field}: {value}").format(field=key, value=defaults[key]))
    body = defaults.get("local_body")
    if body and not _organization(body):
        raise ValueError(tk._("Unknown local body: {names}").format(names=body))
    if config.get("local_body_type", "other_local") not in BODY_TYPES:
        raise ValueError(tk._("Unknown local body type: {value}").format(value=config["local_body_type"]))
    if not isinstance(config.get("create_local_bodies", True), bool):
        raise ValueError(tk._("create_local_bodies must be true or false"))
    return config


def source_config(harvest_object: Any) -> dict[str, Any]:
    raw = harvest_object.source.config if harvest_object.source else harvest_object.job.source.config
    return json.loads(raw) if raw else {}


def to_project(dataset: dict[str, Any], config: dict[str, Any], source_owner: str | None) -> dict[str, Any]:
    """The project dict to create or update, or Unmappable with the reason."""
    found = dataset.pop("__digicanvis", {}) or {}
    if not (dataset.get("title") or "").strip():
        raise Unmappable(tk._("The record has no title"))
    defaults = config.get("defaults", {})
    missing = [key for key in REQUIRED_CHOICES if not dataset.get(key) and not defaults.get(key)]
    if missing:
        raise Unmappable(tk._("The record has no {fields} and the source configuration gives no default").format(
            fields=", ".join(missing)))
    for key in REQUIRED_CHOICES:
        if not dataset.get(key):
            dataset[key] = defaults[key]
    owner = resolve_body(found.get("publisher"), config) or _organization(defaults.get("local_body")) \
        or _organization(source_owner)
    if owner is None:
        raise Unmappable(tk._("No local body matches the publisher and the source names none"))
    dataset["owner_org"] = owner.id
    partners = [resolve_body(agent, config, create=False) for agent in found.get("partners", [])]
    dataset["partner_bodies"] = sorted({body.name for body in partners if body is not None and body.id != owner.id})
    dataset["replicated_from"] = local_project_name(found.get("replicated_from"))
    if not found.get("digicanvis_record") and found.get("landing_page"):
        _add_website(dataset, found["landing_page"])
    dataset["type"] = PROJECT_TYPE
    if model.Package.get(dataset.get("name") or "") is not None:
        # Taken here (another project, or this one: an update keeps its own name anyway).
        from ckanext.harvest.harvesters.base import HarvesterBase

        dataset["name"] = HarvesterBase._gen_new_name(dataset["title"])
    return dataset


def _add_website(dataset: dict[str, Any], url: str) -> None:
    """A foreign record's landing page becomes the project's website link (level 6)."""
    resources = dataset.setdefault("resources", [])
    if url.startswith(("http://", "https://")) and all(r.get("url") != url for r in resources):
        resources.insert(0, {"url": url, "name": tk._("Project website"), "resource_type": "website"})


def _organization(id_or_name: str | None) -> model.Group | None:
    group = model.Group.get(id_or_name) if id_or_name else None
    return group if group is not None and group.is_organization and group.state == "active" else None


def _by_extra(key: str, value: str) -> model.Group | None:
    return (model.Session.query(model.Group)
            .filter(model.Group.is_organization.is_(True), model.Group.state == "active",
                    model.Group.extras[key].astext == value)
            .first())


def resolve_body(agent: dict[str, Any] | None, config: dict[str, Any], create: bool = True) -> model.Group | None:
    """The local body an agent is: this site's own IRI, an INE or DIR3 code, the same URL name
    and name, or the same name; else a new body when the source allows it."""
    if not agent:
        return None
    own = f"{uris.base()}/organization/"
    if agent["uri"].startswith(own):
        body = _organization(agent["uri"][len(own):])
        if body is not None:
            return body
    for code in agent.get("codes", []):
        council = DIR3_COUNCIL.match(code)
        body = _by_extra("idescat_code", council.group(1)) if council else (
            _by_extra("ine_code", code) if INE_CODE.match(code) else None)
        if body is not None:
            return body
    name = (agent.get("name") or "").strip()
    nick = _organization(agent.get("nick"))
    if nick is not None and nick.title.casefold() == name.casefold():
        return nick
    if name:
        same_name = (model.Session.query(model.Group)
                     .filter(model.Group.is_organization.is_(True), model.Group.state == "active",
                             model.Group.title.ilike(name.replace("%", r"\%").replace("_", r"\_")))
                     .first())
        if same_name is not None:
            return same_name
    if create and name and config.get("create_local_bodies", True):
        return _create_body(agent, config)
    return None


def _create_body(agent: dict[str, Any], config: dict[str, Any]) -> model.Group:
    council = next((DIR3_COUNCIL.match(code) for code in agent.get("codes", []) if DIR3_COUNCIL.match(code)), None)
    body = {
        "name": _free_body_name(agent["name"]),
        "title": agent["name"],
        "body_type": "municipality" if council else config.get("local_body_type", "other_local"),
    }
    if council:
        body.update(idescat_code=council.group(1), ine_code=council.group(1)[:5], country="ES")
    elif config.get("country"):
        body["country"] = config["country"]
    if (agent.get("homepage") or "").startswith(("http://", "https://")):
        body["website"] = agent["homepage"]
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    created = tk.get_action("organization_create")({"user": site_user["name"], "ignore_auth": True}, body)
    return model.Group.get(created["id"])


def _free_body_name(title: str) -> str:
    base = munge_title_to_name(title)[:90] or "local-body"
    name, number = base, 1
    while model.Group.get(name) is not None:
        number += 1
        name = f"{base}-{number}"
    return name


def local_project_name(original: dict[str, Any] | None) -> str:
    """This site's name of the project a record replicates: this site's own IRI, or a project
    harvested from that IRI; empty when it is not here (yet: see :func:`link_waiting_replicas`)."""
    if not original:
        return ""
    own = f"{uris.base()}/{PROJECT_TYPE}/"
    package = model.Package.get(original["uri"][len(own):]) if original["uri"].startswith(own) else None
    package = package or harvested_package(original["uri"])
    return package.name if package is not None and package.state == "active" else ""


def harvested_package(guid: str) -> model.Package | None:
    from ckanext.harvest.model import HarvestObject

    found = (model.Session.query(HarvestObject.package_id)
             .filter(HarvestObject.guid == guid, HarvestObject.current.is_(True))
             .first())
    return model.Package.get(found[0]) if found and found[0] else None


def link_waiting_replicas(original_guid: str, original_name: str, source_id: str) -> list[str]:
    """Projects harvested earlier from the same source that replicate the one just imported
    (their record named its IRI, then unknown here) get their ``replicated_from`` now."""
    from ckanext.harvest.model import HarvestObject

    linked = []
    rows = (model.Session.query(HarvestObject)
            .filter(HarvestObject.harvest_source_id == source_id, HarvestObject.current.is_(True),
                    HarvestObject.content.contains(original_guid)))
    for row in rows:
        record = json.loads(row.content or "{}")
        wanted = ((record.get("__digicanvis") or {}).get("replicated_from") or {}).get("uri")
        package = model.Package.get(row.package_id) if row.package_id else None
        if wanted != original_guid or package is None or package.extras.get("replicated_from"):
            continue
        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        tk.get_action("package_patch")({"user": site_user["name"], "ignore_auth": True},
                                       {"id": package.id, "replicated_from": original_name})
        linked.append(package.name)
    return linked
