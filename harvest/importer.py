"""Turning one source record into a project: what every harvester and the spreadsheet import
share once a record has been read and mapped (a :class:`Draft`).

- Text is reduced to plain text (HTML dropped, ``<script>`` with its content) and capped.
- The project is validated against the project schema *before* anything is written, so an
  invalid record creates nothing, not even its local body.
- A record already imported with the same mapped content is left alone: no write, no
  activity, no reindex. A changed one updates its project (local edits are overwritten).
- A new record whose body already has a project with a near-identical title does not create
  a second one: it is linked to the first as a duplicate and the report says so.
- A record gone from its source is withdrawn: its project is deleted (out of search and
  public pages) unless another source still lists it; it comes back if the record does.
"""

from __future__ import annotations

import dataclasses
import difflib
import html
import re
from typing import Any
from urllib.parse import urlsplit

import nh3
from slugify import slugify

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import plugins as lib_plugins
from ckan.lib import search

from ckanext.digicanvis.harvest import records
from ckanext.digicanvis.harvest.fetch import N_
from ckanext.digicanvis.harvest.records import ACTIVE, DUPLICATE, WITHDRAWN
from ckanext.digicanvis.logic import body_finder
from ckanext.digicanvis.logic.body_finder import BodyFacts
from ckanext.digicanvis.logic.fields import PROJECT_TYPE
from ckanext.digicanvis.model.forum import now

MAX_TEXT = 100_000  # characters of one text field
DUPLICATE_SIMILARITY = 0.9  # of the titles' slugs, difflib ratio
NAME_LENGTH = 100
DIGITS = re.compile(r"\d+")
# How harvested projects are published. Issue 16 (editorial workflow) will add a review
# queue; the source option "publish" is read here and only here (publication_policy).
PUBLISH_DIRECT = "direct"
PUBLISH_POLICIES = (PUBLISH_DIRECT,)


@dataclasses.dataclass
class Source:
    """Where records come from: a harvest source, or the spreadsheet import."""

    id: str
    title: str
    publish: str = PUBLISH_DIRECT


@dataclasses.dataclass
class Draft:
    """A source record mapped to the project file (no ``owner_org``: see ``body``)."""

    project: dict[str, Any]
    body: BodyFacts
    original_url: str = ""

    def __post_init__(self) -> None:
        # The project page links it: a web address or nothing, whatever the source says.
        if urlsplit(self.original_url.strip()).scheme.lower() not in ("http", "https"):
            self.original_url = ""


@dataclasses.dataclass
class Result:
    kind: str  # new, updated, unchanged, duplicate, withdrawn, error
    package_id: str | None = None
    message: str | None = None
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.kind == "error"


def publication_policy(source_config: dict[str, Any]) -> str:
    """How the projects of a source are published (the seam for the review workflow)."""
    return source_config.get("publish") or PUBLISH_DIRECT


def site_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True, "model": model, "session": model.Session}


# ---------------------------------------------------------------- cleaning and checking


def plain_text(value: str) -> str:
    """Text without HTML: tags dropped (scripts and styles with their content), entities decoded."""
    if "<" not in value and "&" not in value:
        return value.strip()
    return html.unescape(nh3.clean(value, tags=set())).strip()


def cleaned(value: Any) -> Any:
    """Every string inside ``value`` as plain text."""
    if isinstance(value, str):
        return plain_text(value)
    if isinstance(value, list):
        return [cleaned(item) for item in value]
    if isinstance(value, dict):
        return {key: cleaned(item) for key, item in value.items()}
    return value


def too_long(value: Any, path: str = "") -> str | None:
    """The first field whose text is longer than MAX_TEXT, if any."""
    if isinstance(value, str):
        return path if len(value) > MAX_TEXT else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = too_long(item, f"{path}.{key}" if path else str(key))
        if found:
            return found
    return None


def field_errors(error_dict: dict[str, Any]) -> dict[str, list[str]]:
    """CKAN's nested validation errors as {field: [messages]} (resources as resources.N.field)."""
    flat: dict[str, list[str]] = {}
    for field, errors in error_dict.items():
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            for position, nested in enumerate(errors):
                for sub, messages in field_errors(nested).items():
                    flat[f"{field}.{position}.{sub}"] = messages
        elif isinstance(errors, dict):
            for sub, messages in field_errors(errors).items():
                flat[f"{field}.{sub}"] = messages
        elif errors:
            flat[field] = [str(message) for message in (errors if isinstance(errors, list) else [errors])]
    return flat


def invalid(errors: dict[str, list[str]]) -> Result:
    return Result("error", message=N_("The record is not a valid project."), params={"fields": errors})


def validate(package_dict: dict[str, Any], owner_exists: bool) -> dict[str, list[str]]:
    """The project schema's errors for ``package_dict``, writing nothing.

    When its body does not exist yet (it would be created), the owner is not checked."""
    plugin = lib_plugins.lookup_package_plugin(PROJECT_TYPE)
    schema = plugin.update_package_schema() if package_dict.get("id") else plugin.create_package_schema()
    _data, errors = lib_plugins.plugin_validate(plugin, site_context(), dict(package_dict), schema,
                                                "package_update" if package_dict.get("id") else "package_create")
    if not owner_exists:
        errors.pop("owner_org", None)
    return field_errors(errors)


# ---------------------------------------------------------------- duplicates


def normal_title(title: str) -> str:
    return slugify(title or "", separator=" ")


def near_identical(title: str, other: str) -> bool:
    """Same words give or take a typo, an accent or punctuation; never different numbers
    ("Fase 1" and "Fase 2" are two projects)."""
    first, second = normal_title(title), normal_title(other)
    if DIGITS.findall(first) != DIGITS.findall(second):
        return False
    return difflib.SequenceMatcher(None, first, second).ratio() >= DUPLICATE_SIMILARITY


def find_duplicate(owner: str, title: str, other_than: set[str]) -> model.Package | None:
    """An active project of the same body whose title is near-identical."""
    organisation = model.Group.get(owner)
    if organisation is None:
        return None
    candidates = model.Session.query(model.Package.id, model.Package.title).filter(
        model.Package.owner_org == organisation.id,
        model.Package.type == PROJECT_TYPE,
        model.Package.state == model.State.ACTIVE,
    )
    for package_id, package_title in candidates:
        if package_id not in other_than and near_identical(title, package_title):
            return model.Package.get(package_id)
    return None


# ---------------------------------------------------------------- importing


def unique_name(wanted: str, title: str) -> str:
    from ckanext.harvest.harvesters.base import HarvesterBase

    base = slugify(wanted or title, max_length=NAME_LENGTH) or "project"
    return HarvesterBase._ensure_name_is_unique(base)


def _package_of(record: records.HarvestRecord | None) -> model.Package | None:
    if record is None or not record.package_id:
        return None
    return model.Package.get(record.package_id)


def _existing_by_name(name: str) -> model.Package | None:
    if not name:
        return None
    package = model.Package.get(name)
    return package if package is not None and package.type == PROJECT_TYPE else None


def import_draft(
    draft: Draft,
    source: Source,
    guid: str,
    content_hash: str | None = None,
    *,
    match_name: bool = False,
    dry_run: bool = False,
) -> Result:
    """Create, update or leave alone the project of one source record.

    ``match_name``: a record not seen before updates the project of the same ``name`` if
    there is one (the spreadsheet import). ``dry_run``: decide and validate, write nothing.
    """
    project = cleaned(draft.project)
    field = too_long(project)
    if field:
        return invalid({field: [N_("Longer than the limit of characters for one field.")]})
    project_hash = records.fingerprint({"project": project, "body": dataclasses.asdict(draft.body)})
    record = records.get(source.id, guid)
    package = _package_of(record)
    if package is None and match_name:
        package = _existing_by_name(project.get("name", ""))

    if record is not None and package is not None and record.project_hash == project_hash and (
        record.status == DUPLICATE or (record.status == ACTIVE and package.state == model.State.ACTIVE)
    ):
        if not dry_run:
            records.upsert(source.id, source.title, guid, content_hash=content_hash)
            model.repo.commit()
        return Result("unchanged", package.id)

    owner = body_finder.find(draft.body)
    package_dict = {**project, "type": PROJECT_TYPE, "owner_org": owner or draft.body.url_name()}
    if record is not None and record.status == DUPLICATE and package is not None:
        # A duplicate stays a link; only its fingerprint follows the source.
        if not dry_run:
            records.upsert(source.id, source.title, guid, content_hash=content_hash, project_hash=project_hash,
                           original_url=draft.original_url, title=project.get("title"))
            model.repo.commit()
        return Result("unchanged", package.id)
    if package is not None:
        package_dict.update(id=package.id, name=package.name, state=model.State.ACTIVE)
    else:
        package_dict["name"] = unique_name(project.get("name", ""), project.get("title", ""))
    errors = validate(package_dict, owner_exists=owner is not None)
    if errors:
        return invalid(errors)

    if package is None and owner is not None:
        twin = find_duplicate(owner, project.get("title", ""), other_than=set())
        if twin is not None:
            return _link_duplicate(twin, draft, source, guid, content_hash, project_hash, dry_run)
    if dry_run:
        return Result("updated" if package is not None else "new", package.id if package else None)

    context = site_context()
    if owner is None:
        owner, _created = body_finder.find_or_create(draft.body, context)
        package_dict["owner_org"] = owner
    package_dict = apply_publication(package_dict, source.publish)
    # One transaction for the project and its provenance; indexed once it is committed,
    # without a hard Solr commit per project (Solr's soft commit shows it within a second).
    write_context = {**context, "defer_commit": True, "return_id_only": True}
    if package is not None:
        tk.get_action("package_update")(write_context, package_dict)
        package_id, kind = package.id, "updated"
    else:
        package_id, kind = tk.get_action("package_create")(write_context, package_dict), "new"
    records.upsert(source.id, source.title, guid, package_id=package_id, status=ACTIVE, withdrawn_at=None,
                   content_hash=content_hash, project_hash=project_hash, original_url=draft.original_url,
                   title=project.get("title"))
    model.repo.commit()
    # package_ids, not package_id: only that form passes defer_commit on (CKAN 2.12).
    search.rebuild(package_ids=[package_id], defer_commit=True)
    return Result(kind, package_id)


def apply_publication(package_dict: dict[str, Any], policy: str) -> dict[str, Any]:
    """Direct publication: the project is public at once (the only policy until issue 16)."""
    return package_dict


def _link_duplicate(
    twin: model.Package, draft: Draft, source: Source, guid: str, content_hash: str | None, project_hash: str,
    dry_run: bool,
) -> Result:
    first = records.of_package(twin.id)
    origin = first[0].source_title if first else tk._("this observatory")
    if not dry_run:
        records.upsert(source.id, source.title, guid, package_id=twin.id, status=DUPLICATE,
                       content_hash=content_hash, project_hash=project_hash,
                       original_url=draft.original_url, title=draft.project.get("title"))
        model.repo.commit()
    return Result(
        "duplicate",
        twin.id,
        message=N_("Same project as \"{title}\" ({origin}): linked to it, not created again."),
        params={"title": twin.title, "name": twin.name, "origin": origin},
    )


def withdraw(source: Source, guid: str) -> Result:
    """The record left its source: withdraw its project, unless another source lists it."""
    record = records.get(source.id, guid)
    if record is None or record.status == WITHDRAWN:
        return Result("unchanged")
    package_id = record.package_id
    was_origin = record.status == ACTIVE
    record.status = WITHDRAWN
    record.withdrawn_at = now()
    if was_origin and package_id:
        heir = next((other for other in records.of_package(package_id) if other.status == DUPLICATE), None)
        if heir is not None:
            heir.status = ACTIVE  # still in another source: that one carries it from now on
        else:
            model.repo.commit()
            package = model.Package.get(package_id)
            if package is not None and package.state == model.State.ACTIVE:
                tk.get_action("package_delete")(site_context(), {"id": package_id})
    model.repo.commit()
    return Result("withdrawn", package_id)
