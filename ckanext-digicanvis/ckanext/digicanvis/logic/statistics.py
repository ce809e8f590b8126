"""The statistics dashboard's numbers.

Project counts come from Solr in two requests, whatever the size of the catalogue: one
JSON-facet request (terms facets for the classification, the years, the technologies, the
savings keys and the municipalities covered) and, when savings are reported, one more that
sums each savings key. Activity per month (visits, replication and collaboration interest,
forum) comes from the observatory's tables, grouped by month in SQL.

Every number is what the public may see: the projects an anonymous ``package_search``
returns (public, active, with the other plugins' search filters applied through their
``before_dataset_search`` hooks), and activity on those projects and on public forum topics.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from flask import has_request_context
from sqlalchemy import func, literal, or_, union_all

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.search.common import make_connection

from ckanext.digicanvis.logic import coverage, savings
from ckanext.digicanvis.logic.facets import CHOICE_FACETS
from ckanext.digicanvis.logic.fields import PROJECT_TYPE, choice_label, choice_values, project_field
from ckanext.digicanvis.logic.public_projects import public_filters
from ckanext.digicanvis.model.collaboration import CollaborationInterest, VisitReport, VisitRequest
from ckanext.digicanvis.model.forum import ForumCategory, ForumPost, ForumTopic

FILTERS = ("province", "comarca", "area")
COUNTED = (*CHOICE_FACETS, "province", "comarca")
MONTHS = 24
ACTIVITY_SERIES = ("visit_requests", "visit_reports", "replicate", "collaborate", "forum_topics", "forum_posts")


# ------------------------------------------------------------------ filters


def filter_choices() -> dict[str, list[str]]:
    municipalities = coverage.municipalities()
    return {
        "province": sorted({town.province for town in municipalities}),
        "comarca": sorted({town.comarca for town in municipalities}),
        "area": choice_values("area"),
    }


def checked_filters(data_dict: dict[str, Any]) -> dict[str, str]:
    """The dashboard's filters, each a known province, comarca or area (else ValidationError)."""
    choices = filter_choices()
    chosen: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for name in FILTERS:
        value = data_dict.get(name)
        if value is None:
            continue
        if not isinstance(value, str):  # 0, false and [] are refused, not read as "no filter"
            errors[name] = [tk._("Must be a text")]
            continue
        value = value.strip()
        if not value:
            continue
        if value not in choices[name]:
            errors[name] = [tk._("Unknown value: {value}").format(value=value)]
        chosen[name] = value
    if errors:
        raise tk.ValidationError(errors)
    if chosen.get("comarca") and chosen.get("province"):
        if chosen["comarca"] not in comarques_of(chosen["province"]):
            raise tk.ValidationError({"comarca": [tk._("{comarca} is not in the province of {province}").format(**chosen)]})
    return chosen


def comarques_of(province: str | None) -> list[str]:
    return sorted({town.comarca for town in coverage.municipalities() if not province or town.province == province})


# ------------------------------------------------------------------ Solr


def terms(field: str, limit: int = -1) -> dict[str, Any]:
    # "dv": per-document values (Solr uninverts fields without docValues once and caches
    # them); the default method recounted the municipality lists on every request, 10x slower
    # at 100,000 projects (bench/dashboard.py).
    return {"type": "terms", "field": field, "limit": limit, "mincount": 1, "numBuckets": True, "method": "dv"}


def solr_facets(filters: list[str], facets: dict[str, Any]) -> dict[str, Any]:
    response = make_connection(decode_dates=False).search(
        "*:*", fq=filters, rows=0, **{"json.facet": json.dumps(facets)}
    )
    return response.raw_response.get("facets", {})


def buckets(facets: dict[str, Any], name: str) -> list[tuple[str, int]]:
    return [(str(bucket["val"]), bucket["count"]) for bucket in facets.get(name, {}).get("buckets", [])]


def facet_request(top_technologies: int) -> dict[str, Any]:
    """The dashboard's JSON-facet request: every count in one Solr request."""
    wanted: dict[str, Any] = {name: terms(name) for name in COUNTED}
    wanted.update(
        start_year=terms("start_year"),
        technologies=terms("facet_technologies", top_technologies),
        savings=terms(savings.KEY_FIELD),
        own=terms(coverage.OWN_FIELD),
        on_behalf=terms(coverage.ON_BEHALF_FIELD),
        catalonia_wide={"type": "query", "q": "proximity:km0 -{}:[* TO *] -{}:[* TO *]".format(
            coverage.OWN_FIELD, coverage.ON_BEHALF_FIELD)},
    )
    return wanted


def project_facets(filters: list[str]) -> dict[str, Any]:
    return solr_facets(filters, facet_request(tk.config["ckanext.digicanvis.statistics.top_technologies"]))


def savings_request(keys: list[str]) -> dict[str, str]:
    return {f"k{i}": f"sum({savings.FIELD_PREFIX}{key})" for i, key in enumerate(keys)}


def savings_totals(filters: list[str], keys: list[str]) -> dict[str, float]:
    if not keys:
        return {}
    sums = solr_facets(filters, savings_request(keys))
    return {key: float(sums.get(f"k{i}") or 0) for i, key in enumerate(keys)}


# ------------------------------------------------------------------ labels


def labelled(field: str, counts: list[tuple[str, int]]) -> list[dict[str, Any]]:
    # Choice labels are in the request's language; without a request (jobs, commands), the values.
    translated = field in CHOICE_FACETS and has_request_context()
    label = (lambda value: choice_label(field, value)) if translated else str
    return [{"name": name, "label": label(name), "count": count} for name, count in counts]


def saving_labels() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    field = project_field("savings")
    subfields = {sub["field_name"]: sub for sub in field.get("repeating_subfields", [])}
    kinds = {choice["value"]: tk.h.scheming_language_text(choice["label"]) if has_request_context() else choice["value"]
             for choice in tk.h.scheming_field_choices(subfields["kind"]) or []}
    units = {"eur": "EUR", "hours": tk._("hours"), "days": tk._("days"), "sheets": tk._("sheets"),
             "kwh": "kWh", savings.NO_UNIT: tk._("(unit not stated)")}
    periods = {"year": tk._("per year"), "once": tk._("once"), savings.NO_PERIOD: tk._("(period not stated)")}
    return kinds, units, periods


def savings_rows(filters: list[str], counts: list[tuple[str, int]]) -> list[dict[str, Any]]:
    totals = savings_totals(filters, [key for key, _count in counts])
    kinds, units, periods = saving_labels()
    rows = []
    for key, projects in counts:
        kind, unit, period = savings.split_key(key)
        rows.append({
            "key": key, "kind": kind, "kind_label": kinds.get(kind, kind), "unit": unit,
            "unit_label": units.get(unit, unit.replace("_", " ")), "period": period,
            "period_label": periods.get(period, period), "total": totals.get(key, 0.0), "projects": projects,
        })
    return sorted(rows, key=lambda row: (row["kind_label"], row["unit_label"], row["period"]))


def coverage_summary(facets: dict[str, Any], chosen: dict[str, str]) -> dict[str, Any]:
    own = dict(buckets(facets, "own"))
    on_behalf = dict(buckets(facets, "on_behalf"))
    by_comarca = dict(buckets(facets, "comarca"))
    towns = [town for town in coverage.municipality_table()
             if town["province"] == chosen.get("province", town["province"])
             and town["comarca"] == chosen.get("comarca", town["comarca"])]
    for town in towns:
        town["own"] = own.get(town["ine_code"], 0)
        town["on_behalf"] = on_behalf.get(town["ine_code"], 0)
        town["projects"] = town["own"] + town["on_behalf"]
    province_of = coverage.comarca_provinces()
    comarques: dict[str, dict[str, Any]] = {}
    for town in towns:
        entry = comarques.setdefault(town["comarca"], {"name": town["comarca"], "province": province_of.get(town["comarca"], town["province"]),
                                                      "municipalities": 0, "with_own": 0, "reached_on_behalf": 0})
        entry["municipalities"] += 1
        entry["with_own"] += bool(town["own"])
        entry["reached_on_behalf"] += bool(town["on_behalf"] and not town["own"])
    without = [entry for name, entry in sorted(comarques.items())
               if not by_comarca.get(name) and not entry["with_own"]]
    return {
        "municipalities": towns,
        "municipality_count": len(towns),
        "covered": sum(1 for town in towns if town["projects"]),
        "covered_own": sum(1 for town in towns if town["own"]),
        "catalonia_wide": facets.get("catalonia_wide", {}).get("count", 0),
        "comarques_without": without,
        "comarca_count": len(comarques),
    }


# ------------------------------------------------------------------ activity (SQL)


def month_starts(count: int, today: datetime.date | None = None) -> list[datetime.date]:
    today = today or datetime.date.today()
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def public_projects(chosen: dict[str, str]) -> Any:
    """Ids of the public, active projects matching the dashboard's filters (a subquery)."""
    query = model.Session.query(model.Package.id).filter(
        model.Package.type == PROJECT_TYPE, model.Package.state == model.State.ACTIVE,
        model.Package.private.is_(False))
    if chosen.get("area"):
        query = query.filter(model.Package.extras["area"].astext == chosen["area"])
    territory = {name: chosen[name] for name in ("province", "comarca") if chosen.get(name)}
    if territory:
        query = query.join(model.Group, model.Group.id == model.Package.owner_org)
        for name, value in territory.items():
            query = query.filter(model.Group.extras[name].astext == value)
    return query.subquery()


def per_month(name: str, column: Any, query: Any, since: datetime.date) -> Any:
    """(series name, month, count) rows of one kind of event since ``since``."""
    month = func.date_trunc("month", column)
    return query.filter(column >= since).with_entities(literal(name).label("series"), month.label("month"),
                                                       func.count().label("count")).group_by(month)


def activity(chosen: dict[str, str], months: int = MONTHS) -> dict[str, Any]:
    """Counts per month over the last ``months`` months, oldest first (one SQL query)."""
    starts = month_starts(months)
    since = starts[0]
    session = model.Session
    projects = session.query(public_projects(chosen).c.id)
    interest = session.query(CollaborationInterest).filter(CollaborationInterest.package_id.in_(projects))
    topics = public_topics(chosen.get("area"))
    parts = [
        per_month("visit_requests", VisitRequest.created, session.query(VisitRequest).filter(VisitRequest.package_id.in_(projects)), since),
        per_month("visit_reports", VisitReport.created, session.query(VisitReport).filter(VisitReport.package_id.in_(projects)), since),
        per_month("replicate", CollaborationInterest.created, interest.filter(CollaborationInterest.kind == "replicate"), since),
        per_month("collaborate", CollaborationInterest.created, interest.filter(CollaborationInterest.kind == "collaborate"), since),
        per_month("forum_topics", ForumTopic.created, topics, since),
        per_month("forum_posts", ForumPost.created, topics.join(ForumPost, ForumPost.topic_id == ForumTopic.id).filter(
            ForumPost.state == "active"), since),
    ]
    counts: dict[str, dict[datetime.date, int]] = {name: {} for name in ACTIVITY_SERIES}
    for name, moment, count in session.execute(union_all(*(part.statement for part in parts))):
        counts[name][moment.date()] = count
    return {
        "months": [start.isoformat()[:7] for start in starts],
        "series": {name: [by_month.get(start, 0) for start in starts] for name, by_month in counts.items()},
    }


def public_topics(area: str | None) -> Any:
    """Forum topics anyone may read: active, not the discussion of a private project."""
    query = model.Session.query(ForumTopic).outerjoin(model.Package, model.Package.id == ForumTopic.discussion_of).filter(
        ForumTopic.state == "active",
        or_(ForumTopic.discussion_of.is_(None), model.Package.private.is_(False)))
    if area:
        query = query.join(ForumCategory, ForumCategory.id == ForumTopic.category_id).filter(ForumCategory.name == area)
    return query


# ------------------------------------------------------------------ the dashboard


def years_with_gaps(counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Every year from the first to the last, those with no project at 0."""
    by_year = {int(year): count for year, count in counts if year.isdigit()}
    if not by_year:
        return []
    return [(str(year), by_year.get(year, 0)) for year in range(min(by_year), max(by_year) + 1)]


def coverage_numbers(chosen: dict[str, str]) -> dict[str, Any]:
    """The coverage map's part of the dashboard alone."""
    return coverage_summary(project_facets(public_filters(chosen)), chosen)


def dashboard(chosen: dict[str, str]) -> dict[str, Any]:
    filters = public_filters(chosen)
    facets = project_facets(filters)
    by_year = years_with_gaps(buckets(facets, "start_year"))
    return {
        "filters": chosen,
        "total": facets.get("count", 0),
        "counts": {field: labelled(field, buckets(facets, field)) for field in COUNTED},
        "started_per_year": [{"name": year, "label": year, "count": count} for year, count in by_year],
        "technologies": labelled("facet_technologies", buckets(facets, "technologies")),
        "technologies_distinct": facets.get("technologies", {}).get("numBuckets", 0),
        "savings": savings_rows(filters, buckets(facets, "savings")),
        "coverage": coverage_summary(facets, chosen),
        "activity": activity(chosen),
    }

