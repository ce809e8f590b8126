"""Fresh records (plugin ``digicanvis_freshness``).

- A project is *verified* when it is created, edited or confirmed unchanged by its body
  ("Verificat el ..."); after ``ckanext.digicanvis.freshness.months`` (12) without either it
  *needs an update* (a badge on its page and in search).
- The search index carries the verification date and a multi-valued facet
  (``updated_last_year``, ``needs_update``). Time moves on without anybody writing, so the
  daily job reindexes the projects whose facet values went out of date.
- The daily job (``ckan digicanvis freshness-reminders``; ``make run``'s scheduler) e-mails
  each body's editors once a year with all their published projects, and whenever a project
  newly needs an update, with a signed one-click link per project that opens a confirmation
  page (the change itself is a POST with CSRF token: a GET changes nothing).
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from flask import has_request_context
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import search
from ckan.lib.search.common import make_connection
from ckan.lib.search.query import solr_literal

from ckanext.digicanvis.logic import mail, notices, people
from ckanext.digicanvis.logic.fields import PROJECT_TYPE
from ckanext.digicanvis.logic.publication import FIELD as PUBLICATION_FIELD
from ckanext.digicanvis.logic.publication import PUBLISHED
from ckanext.digicanvis.model.forum import now
from ckanext.digicanvis.model.freshness import BodyReminder, ProjectFreshness

log = logging.getLogger(__name__)

STATUS = "freshness"  # the key of package_show's answer
FACET = "facet_freshness"
RECENT, NEEDS_UPDATE = "updated_last_year", "needs_update"
INDEXED_DATE = "verified_date"
CONFIRM_SALT = "digicanvis-project-confirm"
YEAR = relativedelta(years=1)


def months() -> int:
    return int(tk.config["ckanext.digicanvis.freshness.months"])


def stale_before(at: datetime.datetime) -> datetime.datetime:
    """Projects verified before this moment need an update."""
    return at - relativedelta(months=months())


# ---------------------------------------------------------------- verification


def row(package_id: str) -> ProjectFreshness | None:
    return model.Session.get(ProjectFreshness, package_id)


def verified_at(package: model.Package) -> datetime.datetime:
    found = row(package.id)
    return found.verified_at if found else (package.metadata_modified or package.metadata_created or now())


def needs_update(verified: datetime.datetime, at: datetime.datetime | None = None) -> bool:
    return verified < stale_before(at or now())


def facet_values(verified: datetime.datetime, at: datetime.datetime | None = None) -> list[str]:
    at = at or now()
    values = [RECENT] if verified >= at - YEAR else []
    return values + ([NEEDS_UPDATE] if needs_update(verified, at) else [])


def facet_labels() -> dict[str, str]:
    return {RECENT: tk._("Updated in the last year"), NEEDS_UPDATE: tk._("Needs update")}


def label_facet(search_facets: dict[str, Any]) -> None:
    """The freshness facet's items in the reader's language (only inside a request)."""
    if not has_request_context():
        return
    labels = facet_labels()
    for item in search_facets.get(FACET, {}).get("items", []):
        item["display_name"] = labels.get(item["name"], item["name"])


def status(package: model.Package, at: datetime.datetime | None = None) -> dict[str, Any]:
    """What the project page and the API say (key ``freshness``)."""
    verified = verified_at(package)
    found = row(package.id)
    return {
        "verified": verified.isoformat(),
        "confirmed": found.confirmed.isoformat() if found and found.confirmed else None,
        "needs_update": needs_update(verified, at),
        "needs_update_from": (verified + relativedelta(months=months())).date().isoformat(),
    }


def touch(package_id: str, user_id: str | None, confirmed: bool = False) -> ProjectFreshness:
    """The body edited or confirmed the record just now (in the caller's transaction)."""
    found = row(package_id)
    if found is None:
        found = ProjectFreshness(package_id=package_id)
        model.Session.add(found)
    found.verified_at = now()
    found.verified_by = user_id
    found.stale_reminded_at = None
    if confirmed:
        found.confirmed = found.verified_at
    return found


def confirm(package: model.Package, user: model.User) -> dict[str, Any]:
    touch(package.id, user.id, confirmed=True)
    model.Session.commit()
    search.rebuild(package.id)
    return status(package)


def index_fields(package_id: str) -> dict[str, Any]:
    package = model.Session.get(model.Package, package_id)
    if package is None:
        return {}
    verified = verified_at(package)
    return {INDEXED_DATE: verified.strftime("%Y-%m-%dT%H:%M:%SZ"), FACET: facet_values(verified)}


# ---------------------------------------------------------------- the index as time goes by


def _solr_time(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def outdated_in_index(at: datetime.datetime) -> list[str]:
    """Ids of projects whose indexed freshness values no longer hold at ``at``."""
    base = [f"+site_id:{solr_literal(tk.config['ckan.site_id'])}", f"+dataset_type:{PROJECT_TYPE}", "+state:active"]
    queries = [
        f"+{FACET}:{RECENT} +{INDEXED_DATE}:[* TO {_solr_time(at - YEAR)}}}",
        f"-{FACET}:{NEEDS_UPDATE} +{INDEXED_DATE}:[* TO {_solr_time(stale_before(at))}}}",
    ]
    found: set[str] = set()
    connection = make_connection(decode_dates=False)
    for query in queries:
        start = 0
        while True:
            response = connection.search("*:*", fq=[*base, query], fl="id", rows=500, start=start)
            found.update(doc["id"] for doc in response.docs)
            start += 500
            if start >= response.hits:
                break
    return sorted(found)


def refresh_index(at: datetime.datetime | None = None) -> int:
    outdated = outdated_in_index(at or now())
    for package_id in outdated:
        search.rebuild(package_id, defer_commit=True)
    if outdated:
        search.commit()
    return len(outdated)


# ---------------------------------------------------------------- one-click confirmation


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(tk.config["SECRET_KEY"], salt=CONFIRM_SALT)


def confirm_token(user: model.User, package: model.Package) -> str:
    return _serializer().dumps({"u": user.id, "p": package.id})


class LinkInvalid(Exception):
    pass


class LinkExpired(LinkInvalid):
    pass


def read_token(token: str, package: model.Package) -> model.User:
    """The person a confirmation link was made for, if it is genuine, recent and about this project."""
    try:
        data = _serializer().loads(token, max_age=int(tk.config["ckanext.digicanvis.freshness.link_days"]) * 86400)
    except SignatureExpired:
        raise LinkExpired() from None
    except BadSignature:
        raise LinkInvalid() from None
    user = model.Session.get(model.User, data.get("u") or "")
    if data.get("p") != package.id or user is None or user.state != "active":
        raise LinkInvalid()
    return user


def confirm_url(user: model.User, package: model.Package) -> str:
    return tk.url_for("digicanvis_freshness.confirm", id=package.name, token=confirm_token(user, package),
                      _external=True)


# ---------------------------------------------------------------- reminders


@dataclass
class BodyDue:
    """What one body's editors are reminded of."""

    body: model.Group
    yearly: bool = False
    stale: list[model.Package] = field(default_factory=list)  # newly needing an update
    projects: list[model.Package] = field(default_factory=list)  # every published project (yearly)


@dataclass
class Report:
    bodies: int = 0
    emails: int = 0
    stale_projects: int = 0
    unreachable_bodies: list[str] = field(default_factory=list)
    reindexed: int = 0


def published_projects() -> Any:
    return model.Session.query(model.Package).filter(
        model.Package.type == PROJECT_TYPE, model.Package.state == "active", model.Package.private.is_(False),
        model.Package.extras[PUBLICATION_FIELD].astext == PUBLISHED, model.Package.owner_org.isnot(None))


def due(at: datetime.datetime) -> list[BodyDue]:
    by_body: dict[str, BodyDue] = {}

    def entry(package: model.Package) -> BodyDue:
        if package.owner_org not in by_body:
            by_body[package.owner_org] = BodyDue(body=model.Session.get(model.Group, package.owner_org))
        return by_body[package.owner_org]

    projects: dict[str, list[model.Package]] = defaultdict(list)
    for package in published_projects().order_by(model.Package.title):
        projects[package.owner_org].append(package)
        found = row(package.id)
        if needs_update(verified_at(package), at) and (found is None or found.stale_reminded_at is None):
            entry(package).stale.append(package)
    for body_id, listed in projects.items():
        reminder = model.Session.get(BodyReminder, body_id)
        last = reminder.reminded_at if reminder else min(p.metadata_created or at for p in listed)
        if last <= at - YEAR:
            body_due = entry(listed[0])
            body_due.yearly = True
            body_due.projects = listed
    return [body_due for body_due in by_body.values() if body_due.body is not None]


def _project_lines(user: model.User, packages: list[model.Package], at: datetime.datetime) -> list[str]:
    lines = []
    for package in packages:
        verified = verified_at(package)
        state = (tk._("needs an update: last verified on {date}") if needs_update(verified, at)
                 else tk._("last verified on {date}")).format(date=tk.h.render_datetime(verified))
        lines.append(f"* {package.title} ({state})\n  " + tk._("Still correct? Confirm it with one click: {url}").format(
            url=confirm_url(user, package)) + "\n  " + tk._("Update it: {url}").format(
            url=tk.url_for(f"{PROJECT_TYPE}.edit", id=package.name, _external=True)))
    return lines


def reminder_email(user: model.User, body_due: BodyDue, at: datetime.datetime) -> tuple[str, str]:
    def write() -> tuple[str, str]:
        parts = []
        if body_due.stale:
            parts.append(tk._("These projects of {body} have not been confirmed or edited for {months} months "
                              "and now show \"needs update\" to every reader:").format(
                body=body_due.body.title, months=months()))
            parts.extend(_project_lines(user, body_due.stale, at))
        others = [package for package in body_due.projects if package not in body_due.stale]
        if others:
            parts.append(tk._("Once a year we ask every local body to look over its projects. These are the "
                              "published projects of {body}:").format(body=body_due.body.title))
            parts.extend(_project_lines(user, others, at))
        subject = (tk._("{n} projects of {body} need an update").format(n=len(body_due.stale), body=body_due.body.title)
                   if body_due.stale else tk._("Are the projects of {body} still up to date?").format(body=body_due.body.title))
        footer = tk._("Each link works for {days} days and only for you. If you no longer document the projects "
                      "of {body}, tell its administrators.").format(
            days=tk.config["ckanext.digicanvis.freshness.link_days"], body=body_due.body.title)
        return mail.site_subject(subject), "\n\n".join(parts) + f"\n\n-- \n{footer}\n"
    return mail.in_language_of(user, write)


def send_reminders(at: datetime.datetime | None = None) -> Report:
    """E-mail each body's editors what is due; then reindex what time made out of date."""
    at = at or now()
    report = Report()
    for body_due in due(at):
        listed = body_due.stale + [p for p in body_due.projects if p not in body_due.stale]
        recipients = [user for user in people.body_editors(body_due.body.id) if user.email]
        sent = 0
        for user in recipients:
            readable = [package for package in listed if notices.may_read(user, package.id)]
            if not readable:
                continue
            mine = BodyDue(body=body_due.body, yearly=body_due.yearly,
                           stale=[p for p in body_due.stale if p in readable],
                           projects=[p for p in body_due.projects if p in readable])
            mail.queue_email(user.display_name, user.email, *reminder_email(user, mine, at))
            for package in mine.stale:
                notices.add([user], package, notices.NEEDS_UPDATE)
            sent += 1
        if not sent:
            # Nobody to tell: left due, so that whoever joins the body later is reminded.
            report.unreachable_bodies.append(body_due.body.name)
            continue
        for package in body_due.stale:
            touched = row(package.id) or ProjectFreshness(package_id=package.id, verified_at=verified_at(package))
            touched.stale_reminded_at = at
            model.Session.add(touched)
        if body_due.yearly:
            reminder = model.Session.get(BodyReminder, body_due.body.id) or BodyReminder(organization_id=body_due.body.id)
            reminder.reminded_at = at
            model.Session.add(reminder)
        model.Session.commit()
        report.bodies += 1
        report.emails += sent
        report.stale_projects += len(body_due.stale)
    report.reindexed = refresh_index(at)
    return report
