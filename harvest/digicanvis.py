"""Another DigiCanvis Observatory, or any CKAN site (harvester type ``digicanvis``).

Reuses ckanext-harvest's ``CKANHarvester`` where it fits: its option checks (``api_version``,
organisation filters, ``force_all``...), its Action API paths, ``last_error_free_job``; and
replaces what does not: every request goes through :mod:`fetch` (its ``_get_content`` had no
timeout, no size cap, no address check), search results are streamed page by page instead
of being collected whole, and records become projects through :mod:`importer`.

After a first complete harvest only records modified since the last error-free job are
fetched whole; the others are listed by id (to find the ones gone from the source).

Projects of another DigiCanvis site carry every public field of the project file (every
field of our schema, so the ``*_translated`` language versions too once the schema has
them); contacts travel as name and role of public contacts only. Plain CKAN datasets map
title, notes, tags (technologies), organisation (local body) and resources (documentation),
with the classification from the source's ``"defaults"``.
"""

from __future__ import annotations

import datetime
import json
from typing import Any, Iterator
from urllib.parse import urlencode

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.harvest.harvesters.ckanharvester import CKANHarvester, ContentFetchError

from ckanext.digicanvis.harvest import fetch, importer
from ckanext.digicanvis.harvest.base import ConfigError, Gathered, Item, ProjectHarvester, SourceError, Unchanged
from ckanext.digicanvis.harvest.fetch import N_
from ckanext.digicanvis.harvest.records import WITHDRAWN
from ckanext.digicanvis.logic import body_finder
from ckanext.digicanvis.logic.body_finder import BodyFacts
from ckanext.digicanvis.logic.fields import PROJECT_TYPE

PAGE = 100
ID_PAGE = 1000
CLASSIFICATION = ("area", "transformation_type", "phase")
DEFAULT_KEYS = (*CLASSIFICATION, "maturity_level", "language", "body_type", "country", "region")
# Project fields set here, not copied: who owns it, its URL name, people, links to other records.
NOT_COPIED = {"owner_org", "name", "contacts", "replicated_from", "partner_bodies", "id", "type"}
RESOURCE_FIELDS = ("url", "name", "resource_type", "description", "language")


def project_fields() -> list[str]:
    schema = tk.h.scheming_get_dataset_schema(PROJECT_TYPE)
    return [field["field_name"] for field in schema["dataset_fields"]]


def choices(field_name: str) -> list[str]:
    from ckanext.digicanvis.logic.fields import project_field

    return [choice["value"] for choice in tk.h.scheming_field_choices(project_field(field_name)) or []]


def existing_project(name: str) -> bool:
    package = model.Package.get(name) if name else None
    return package is not None and package.type == PROJECT_TYPE and package.state == model.State.ACTIVE


def existing_body(name: str) -> bool:
    group = model.Group.get(name) if name else None
    return group is not None and group.is_organization and group.state == model.State.ACTIVE


def public_contacts(contacts: Any) -> list[dict[str, str]]:
    """Only names and roles of public contacts ever travel; never an e-mail or a phone."""
    if not isinstance(contacts, list):
        return []
    return [
        {"name": str(contact.get("name") or ""), "role": str(contact.get("role") or ""), "public": "yes"}
        for contact in contacts
        if isinstance(contact, dict) and contact.get("public") == "yes" and contact.get("name")
    ]


def documentation(resources: Any, plain_dataset: bool) -> list[dict[str, Any]]:
    kept = []
    for resource in resources if isinstance(resources, list) else []:
        if not isinstance(resource, dict) or not str(resource.get("url") or "").startswith(("http://", "https://")):
            continue
        item = {key: resource[key] for key in RESOURCE_FIELDS if resource.get(key)}
        item.setdefault("name", resource.get("url"))
        if plain_dataset or item.get("resource_type") not in choices_of_resource_type():
            item["resource_type"] = "dataset" if plain_dataset else "other"
        kept.append(item)
    return kept


def choices_of_resource_type() -> list[str]:
    from ckanext.digicanvis.logic.fields import project_field

    return [choice["value"] for choice in tk.h.scheming_field_choices(project_field("resource_type", resource=True)) or []]


class DigicanvisHarvester(ProjectHarvester, CKANHarvester):
    NAME = "digicanvis"
    TITLE = N_("DigiCanvis / CKAN")
    DESCRIPTION = N_("Projects of another DigiCanvis Observatory, or datasets of any CKAN site, through its Action API")

    # -------------------------------------------------- options

    def check_options(self, options: dict[str, Any]) -> None:
        try:
            CKANHarvester.validate_config(self, json.dumps(options))
        except ValueError as error:
            raise ConfigError(str(error)) from error
        defaults = options.get("defaults", {})
        if not isinstance(defaults, dict):
            raise ConfigError(tk._('"defaults" must be an object, e.g. {example}').format(
                example='{"area": "services_procedures", "phase": "implemented", "transformation_type": "service"}'))
        for key, value in defaults.items():
            if key not in DEFAULT_KEYS:
                raise ConfigError(tk._('Unknown default "{key}"; known: {known}').format(key=key, known=", ".join(DEFAULT_KEYS)))
            if key in (*CLASSIFICATION, "maturity_level") and value not in choices(key):
                raise ConfigError(tk._('Default {key} "{value}" is not one of: {choices}').format(
                    key=key, value=value, choices=", ".join(choices(key))))

    # -------------------------------------------------- reading the remote site

    def _get_content(self, url: str) -> str:
        """CKANHarvester's request, through the safe fetcher (same headers)."""
        headers = {}
        config = self.config or {}
        if config.get("api_key"):
            headers["Authorization"] = str(config["api_key"])
        try:
            return fetch.fetch(url, headers=headers).body.decode("utf-8")
        except fetch.FetchError as error:
            raise ContentFetchError(str(error)) from error
        except UnicodeDecodeError as error:
            raise ContentFetchError(f"{url}: not UTF-8 ({error})") from error

    def _action(self, base_url: str, action: str, params: dict[str, Any]) -> Any:
        url = f"{base_url}{self._get_action_api_offset()}/{action}?{urlencode(params)}"
        try:
            body = fetch.fetch(url, headers=self._headers()).body
        except fetch.FetchError as error:
            raise SourceError(error.message, **error.params) from error
        try:
            answer = json.loads(body)
        except ValueError as error:
            raise SourceError(N_("{url} did not answer with JSON: is it a CKAN site?"), url=url) from error
        if not isinstance(answer, dict) or not answer.get("success") or "result" not in answer:
            raise SourceError(N_("{url} did not answer like CKAN's Action API."), url=url)
        return answer["result"]

    def _headers(self) -> dict[str, str]:
        api_key = (self.config or {}).get("api_key")
        return {"Authorization": str(api_key)} if api_key else {}

    def _search(self, base_url: str, fq_terms: list[str], rows: int, fields: str | None = None) -> Iterator[dict[str, Any]]:
        """Every dataset of a search, page by page (sorted by id, as CKANHarvester does)."""
        params: dict[str, Any] = {"rows": rows, "start": 0, "sort": "id asc", "fq": " ".join(fq_terms)}
        if fields:
            params["fl"] = fields
        seen: set[str] = set()
        while True:
            result = self._action(base_url, "package_search", params)
            page = result.get("results") if isinstance(result, dict) else None
            if not isinstance(page, list):
                raise SourceError(N_("The search of {url} gave no list of results."), url=base_url)
            fresh = [item for item in page if isinstance(item, dict) and item.get("id") and item["id"] not in seen]
            if page and not fresh:
                raise SourceError(N_("The paging of {url} does not seem to work."), url=base_url)
            for item in fresh:
                seen.add(item["id"])
                yield item
            if len(page) < rows:
                return
            params["start"] += rows

    def _filters(self) -> list[str]:
        config = self.config or {}
        terms = ["-dataset_type:harvest"]
        include, exclude = config.get("organizations_filter_include", []), config.get("organizations_filter_exclude", [])
        if include:
            terms.append("(" + " OR ".join(f"organization:{name}" for name in include) + ")")
        terms.extend(f"-organization:{name}" for name in exclude)
        return terms

    def gather(self, harvest_job: Any, options: dict[str, Any], known: dict[str, Any]) -> Iterator[Item]:
        source = harvest_job.source
        self._set_config(source.config)
        base_url = source.url.rstrip("/")
        organisations: dict[str, dict[str, Any]] = {}
        since = self._changes_since(harvest_job, options)
        if since is None:
            for dataset in self._search(base_url, self._filters(), PAGE):
                yield self._gathered(base_url, dataset, organisations)
            return
        changed: set[str] = set()
        for dataset in self._search(base_url, [*self._filters(), f"metadata_modified:[{since}Z TO *]"], PAGE):
            changed.add(dataset["id"])
            yield self._gathered(base_url, dataset, organisations)
        for listed in self._search(base_url, self._filters(), ID_PAGE, fields="id"):
            guid = listed["id"]
            if guid in changed:
                continue
            if guid in known and known[guid][1] != WITHDRAWN:
                yield Unchanged(guid)
            else:  # never imported well, or withdrawn and back: fetch it whole
                dataset = self._action(base_url, "package_show", {"id": guid})
                yield self._gathered(base_url, dataset, organisations)

    def _changes_since(self, harvest_job: Any, options: dict[str, Any]) -> str | None:
        """The time to ask for changes from (an hour before the last error-free job), or
        None for everything (first harvest, ``force_all``)."""
        if options.get("force_all"):
            return None
        last = self.last_error_free_job(harvest_job)
        if last is None or last.gather_started is None:
            return None
        return (last.gather_started - datetime.timedelta(hours=1)).isoformat()

    def _gathered(self, base_url: str, dataset: dict[str, Any], organisations: dict[str, dict[str, Any]]) -> Gathered:
        organisation = dataset.get("organization") or {}
        name = organisation.get("name") if isinstance(organisation, dict) else None
        if name and name not in organisations:
            try:
                organisations[name] = self._action(base_url, "organization_show", {"id": name, "include_datasets": False})
            except SourceError:
                organisations[name] = organisation  # the summary in the dataset will do
        content = {"dataset": dataset, "organization": organisations.get(name or "", {}), "site": base_url}
        return Gathered(str(dataset["id"]), content, title=str(dataset.get("title") or dataset.get("name") or ""))

    # -------------------------------------------------- mapping

    def draft(self, content: dict[str, Any], options: dict[str, Any]) -> importer.Draft:
        dataset, organisation = content.get("dataset") or {}, content.get("organization") or {}
        if not isinstance(dataset, dict) or not dataset.get("title"):
            raise SourceError(N_("The record has no title."))
        defaults = options.get("defaults") or {}
        is_project = dataset.get("type") == PROJECT_TYPE
        project = self._project_fields(dataset) if is_project else self._dataset_fields(dataset)
        for key in (*CLASSIFICATION, "maturity_level", "language"):
            if not project.get(key) and defaults.get(key):
                project[key] = defaults[key]
        site = content.get("site", "")
        path = "project" if is_project else "dataset"
        return importer.Draft(project=project, body=self._body(organisation, defaults),
                              original_url=f"{site}/{path}/{dataset.get('name') or dataset.get('id')}")

    @staticmethod
    def _project_fields(dataset: dict[str, Any]) -> dict[str, Any]:
        project = {key: dataset[key] for key in project_fields() if key not in NOT_COPIED and dataset.get(key) not in (None, "", [])}
        project["name"] = dataset.get("name", "")
        project["contacts"] = public_contacts(dataset.get("contacts"))
        if existing_project(dataset.get("replicated_from", "")):
            project["replicated_from"] = dataset["replicated_from"]
        partners = dataset.get("partner_bodies") or []
        project["partner_bodies"] = [body for body in partners if isinstance(body, str) and existing_body(body)]
        project["resources"] = documentation(dataset.get("resources"), plain_dataset=False)
        return project

    @staticmethod
    def _dataset_fields(dataset: dict[str, Any]) -> dict[str, Any]:
        tags = [tag.get("display_name") or tag.get("name") for tag in dataset.get("tags") or [] if isinstance(tag, dict)]
        return {
            "name": dataset.get("name", ""),
            "title": dataset.get("title"),
            "notes": dataset.get("notes") or dataset.get("title"),
            "technologies": [tag for tag in tags if tag],
            "resources": documentation(dataset.get("resources"), plain_dataset=True),
        }

    @staticmethod
    def _body(organisation: dict[str, Any], defaults: dict[str, Any]) -> BodyFacts:
        if not organisation.get("name"):
            raise SourceError(N_("The record belongs to no organisation, so it has no local body."))
        facts = {key: organisation[key] for key in body_finder.BODY_FACTS if organisation.get(key) not in (None, "")}
        for key in ("country", "region"):
            if not facts.get(key) and defaults.get(key):
                facts[key] = defaults[key]
        return BodyFacts(
            title=organisation.get("title") or organisation["name"],
            body_type=organisation.get("body_type") or defaults.get("body_type") or "other_local",
            name=organisation["name"],
            facts=facts,
        )
