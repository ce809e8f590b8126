"""``ckan digicanvis load-local-bodies``: the Catalan local bodies as organisations.

Creates the missing bodies and patches in place the ones whose facts changed, through
CKAN's actions as the site user. Matching: municipalities by ``ine_code`` (then by name),
the other bodies by their deterministic URL name. Only the fields the reference tables
own are compared and written, so what an editor adds (description, logo, website) stays.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import click

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context

from ckanext.digicanvis.logic.local_bodies import catalan_local_bodies

CREATED, UPDATED, UNCHANGED, DELETED, FAILED = "created", "updated", "unchanged", "deleted", "failed"


@dataclass(frozen=True)
class ExistingOrganisation:
    id: str
    state: str
    fields: dict[str, str]  # name, title and the schema's extra fields, as stored


def _existing_organisations() -> list[ExistingOrganisation]:
    """Every organisation, deleted ones included, read in one query.

    Read from the model rather than ``organization_show`` one by one: the loader compares
    ~1000 bodies and only needs the stored strings.
    """
    groups = model.Session.query(model.Group).filter(model.Group.is_organization.is_(True))
    return [
        ExistingOrganisation(
            id=group.id,
            state=group.state,
            fields={"name": group.name, "title": group.title or "", **(group.extras or {})},
        )
        for group in groups
    ]


class OrganisationIndex:
    """Finds the organisation a body corresponds to; active ones win over deleted ones."""

    def __init__(self, organisations: Iterable[ExistingOrganisation]) -> None:
        self.by_name: dict[str, ExistingOrganisation] = {}
        self.by_ine_code: dict[str, ExistingOrganisation] = {}
        for organisation in sorted(organisations, key=lambda o: o.state == model.State.ACTIVE):
            self.by_name[organisation.fields["name"]] = organisation
            if organisation.fields.get("ine_code"):
                self.by_ine_code[organisation.fields["ine_code"]] = organisation

    def match(self, body: dict[str, Any]) -> ExistingOrganisation | None:
        code = body.get("ine_code")
        if code and code in self.by_ine_code:
            return self.by_ine_code[code]
        by_name = self.by_name.get(body["name"])
        if by_name and code and by_name.fields.get("ine_code") not in (None, "", code):
            # The name belongs to another municipality: no match, so creating it fails
            # and is reported instead of overwriting that one.
            return None
        return by_name


def stored_form(value: Any) -> str:
    """How CKAN stores a value of a text column or extra (``unicode_safe``: ``str()``)."""
    return str(value)


def changed_fields(body: dict[str, Any], existing: ExistingOrganisation) -> dict[str, Any]:
    return {key: value for key, value in body.items() if existing.fields.get(key) != stored_form(value)}


def _action_context(site_user: str) -> Context:
    # A fresh context per call: actions leave objects in it.
    return {"user": site_user, "ignore_auth": True}


def load_body(body: dict[str, Any], index: OrganisationIndex, site_user: str) -> str:
    """Create, patch or leave alone one body; returns which of these happened."""
    existing = index.match(body)
    if existing is None:
        tk.get_action("organization_create")(_action_context(site_user), dict(body))
        return CREATED
    if existing.state != model.State.ACTIVE:
        # Someone deleted it on purpose; bringing it back is their call, not the loader's.
        return DELETED
    changes = changed_fields(body, existing)
    if not changes:
        return UNCHANGED
    tk.get_action("organization_patch")(_action_context(site_user), {"id": existing.id, **changes})
    return UPDATED


def _error_text(error: Exception) -> str:
    if isinstance(error, tk.ValidationError):
        return str(error.error_summary)
    return str(error)


def load_all(bodies: list[dict[str, Any]], site_user: str) -> tuple[Counter[str], list[str]]:
    """Load every body with a progress bar; one failure does not stop the others."""
    counts: Counter[str] = Counter()
    failures: list[str] = []
    index = OrganisationIndex(_existing_organisations())
    with click.progressbar(bodies, label="Local bodies", item_show_func=_title_of) as progress:
        for body in progress:
            try:
                counts[load_body(body, index, site_user)] += 1
            except (tk.ValidationError, tk.ObjectNotFound) as error:
                model.Session.rollback()
                counts[FAILED] += 1
                failures.append(f"{body['title']}: {_error_text(error)}")
    return counts, failures


@click.command("load-local-bodies", short_help="Create or update the Catalan local bodies (organisations)")
@click.pass_context
def load_local_bodies(ctx: click.Context) -> None:
    """Create or update in place every Catalan local body of the reference tables.

    Ajuntaments (matched by INE code), comarcal councils and diputacions (matched by URL
    name). A second run changes nothing. Organisations deleted by hand are left deleted.
    """
    started = time.monotonic()
    bodies = catalan_local_bodies()
    # Actions and validators need a request context (current user, translations).
    with ctx.meta["flask_app"].test_request_context():
        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
        counts, failures = load_all(bodies, site_user)
    for failure in failures:
        click.secho(failure, fg="red", err=True)
    summary = ", ".join(f"{counts[outcome]} {outcome}" for outcome in (CREATED, UPDATED, UNCHANGED))
    if counts[DELETED]:
        summary += f", {counts[DELETED]} left deleted"
    click.echo(f"Local bodies: {summary} ({time.monotonic() - started:.1f} s)")
    if failures:
        raise click.ClickException(f"{len(failures)} local bodies could not be saved")


def _title_of(body: dict[str, Any] | None) -> str | None:
    return body["title"] if body else None
