"""The local bodies directory (/local-bodies): every body reachable, a page at a time, found
by name and filtered by type, comarca, province and country, with its number of projects.

CKAN's own organisation list counts at most ``ckan.group_and_organization_list_max`` (1000)
bodies, so the diputacions of Girona, Lleida and Tarragona and every foreign body fell off
its end; this one asks PostgreSQL directly.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func

from ckan import model

from ckanext.digicanvis.logic import pickers
from ckanext.digicanvis.logic.fields import PROJECT_TYPE

FILTERS = ("body_type", "comarca", "province", "country")
SORTS = ("title", "projects")


def _extra(key: str) -> Any:
    return model.Group.extras[key].astext


def _bodies() -> Any:
    return model.Session.query(model.Group).filter(
        model.Group.is_organization.is_(True), model.Group.state == "active", model.Group.type == "organization")


def _project_counts() -> Any:
    """Public, published projects per body (a subquery)."""
    return model.Session.query(model.Package.owner_org.label("owner_org"), func.count(model.Package.id).label("n")).filter(
        model.Package.type == PROJECT_TYPE, model.Package.state == "active", model.Package.private.is_(False)
    ).group_by(model.Package.owner_org).subquery()


def filtered(q: str, chosen: dict[str, str]) -> Any:
    query = _bodies()
    if q.strip():
        query = query.filter(pickers.words_match(q, model.Group.title, model.Group.name))
    for key in FILTERS:
        if chosen.get(key):
            query = query.filter(_extra(key) == chosen[key])
    return query


def page_of(q: str, chosen: dict[str, str], sort: str, page: int, per_page: int) -> tuple[int, list[dict[str, Any]]]:
    """(how many bodies match, the bodies of that page with their facts and project count)."""
    query = filtered(q, chosen)
    total = query.count()
    counts = _project_counts()
    rows = query.outerjoin(counts, counts.c.owner_org == model.Group.id).with_entities(
        model.Group, func.coalesce(counts.c.n, 0))
    order = [func.coalesce(counts.c.n, 0).desc(), model.Group.title] if sort == "projects" else [model.Group.title]
    found = []
    for group, projects in rows.order_by(*order).offset((page - 1) * per_page).limit(per_page):
        facts = group.extras or {}
        found.append({"name": group.name, "title": group.title, "projects": projects,
                      **{key: facts.get(key, "") for key in FILTERS + ("population",)}})
    return total, found


def choices(chosen: dict[str, str]) -> dict[str, list[tuple[str, int]]]:
    """Each filter's values with how many bodies have them, given the other filters chosen."""
    options = {}
    for key in FILTERS:
        others = {k: v for k, v in chosen.items() if k != key}
        column = _extra(key)
        rows = filtered("", others).with_entities(column, func.count(model.Group.id)).filter(
            column.isnot(None), column != "").group_by(column).order_by(column)
        options[key] = [(value, count) for value, count in rows]
    return options
