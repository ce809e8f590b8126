"""Choosing local bodies, projects and people by name: what the forms' pickers suggest and
what the API and the forms accept (a name, an id, or the title as people write it).

Matching ignores case and accents (PostgreSQL ``unaccent``, created by the migration) and
wants every typed word somewhere in the title or name, so "manlleu" finds "Ajuntament de
Manlleu" and "teleassist" finds "Servei de teleassistència".
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import and_, case, func, or_

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.digicanvis.logic.fields import PROJECT_TYPE

KINDS = ("local_body", "project", "user")
MAX_SUGGESTIONS = 20
INE_CODE = re.compile(r"^\d{5}$")
WORD = re.compile(r"[\w'·-]+", re.UNICODE)


def fold(column: Any) -> Any:
    """SQL: lower case, accents removed."""
    return func.unaccent(func.lower(column))


def folded(text: str) -> Any:
    return func.unaccent(func.lower(text))


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def folded_like(column: Any, before: str, text: str, after: str) -> Any:
    """SQL: the folded ``column`` is ``before`` + the folded ``text`` + ``after``, the text taken
    literally (its ``%``, ``_`` and ``\\`` are no pattern; a trailing ``\\`` was an SQL error)."""
    return fold(column).like(func.concat(before, folded(_escape_like(text)), after), escape="\\")


def words_match(text: str, *columns: Any) -> Any:
    """SQL: every word of ``text`` appears in one of ``columns``."""
    words = WORD.findall(text) or [text.strip()]
    return and_(*[
        or_(*[folded_like(column, "%", word, "%") for column in columns])
        for word in words
    ])


# ------------------------------------------------------------------ local bodies


def _bodies() -> Any:
    return model.Session.query(model.Group).filter(
        model.Group.is_organization.is_(True), model.Group.state == model.State.ACTIVE)


def search_local_bodies(text: str, limit: int = 10) -> list[model.Group]:
    """Bodies whose title or name holds every typed word; titles that start with the text,
    or end with it (the place: "Sort" → "Ajuntament de Sort"), first; a place's council before
    its other bodies."""
    wanted = text.strip()
    if not wanted:
        return []
    title = fold(model.Group.title)
    rank = case(
        (title == folded(wanted), 0),
        (folded_like(model.Group.title, "% ", wanted, ""), 1),
        (folded_like(model.Group.title, "", wanted, "%"), 2),
        else_=3,
    )
    council_first = case((model.Group.extras["body_type"].astext == "municipality", 0), else_=1)
    return (_bodies().filter(words_match(wanted, model.Group.title, model.Group.name))
            .order_by(rank, council_first, func.length(model.Group.title), model.Group.title).limit(limit).all())


def find_local_body(text: str) -> model.Group | None:
    """The one body meant by ``text``: its name, id or INE code, its title, or the place it is
    named after when that is not ambiguous (a municipality before other bodies of the same place)."""
    wanted = (text or "").strip()
    if not wanted:
        return None
    exact = _bodies().filter(or_(model.Group.name == wanted.lower(), model.Group.id == wanted)).first()
    if exact is not None:
        return exact
    if INE_CODE.match(wanted):
        return _bodies().filter(model.Group.extras["ine_code"].astext == wanted).first()
    titled = _bodies().filter(fold(model.Group.title) == folded(wanted)).all()
    if len(titled) == 1:
        return titled[0]
    place = _bodies().filter(or_(folded_like(model.Group.title, "% ", wanted, ""),
                                 folded_like(model.Group.title, "%'", wanted, ""))).all()
    municipalities = [body for body in place if (body.extras or {}).get("body_type") == "municipality"]
    if len(municipalities) == 1:
        return municipalities[0]
    return place[0] if len(place) == 1 else None


def local_body_names(values: list[str]) -> tuple[list[str], list[str]]:
    """(names of the bodies found, texts that matched none)."""
    names, unknown = [], []
    for value in values:
        body = find_local_body(value)
        if body is None:
            unknown.append(value)
        elif body.name not in names:
            names.append(body.name)
    return names, unknown


# ------------------------------------------------------------------ projects


def _readable_projects(user: model.User | None) -> Any:
    query = model.Session.query(model.Package).filter(model.Package.type == PROJECT_TYPE,
                                                      model.Package.state == "active")
    if user is not None and user.sysadmin:
        return query
    bodies = [group.id for group in user.get_groups("organization")] if user is not None else []
    return query.filter(or_(model.Package.private.is_(False), model.Package.owner_org.in_(bodies or [""])))


def search_projects(user: model.User | None, text: str, limit: int = 10) -> list[model.Package]:
    wanted = text.strip()
    if not wanted:
        return []
    title = fold(model.Package.title)
    rank = case((title == folded(wanted), 0), (folded_like(model.Package.title, "", wanted, "%"), 1), else_=2)
    return (_readable_projects(user).filter(words_match(wanted, model.Package.title, model.Package.name))
            .order_by(rank, func.length(model.Package.title), model.Package.title).limit(limit).all())


def find_project(user: model.User | None, text: str) -> model.Package | None:
    """The project meant by ``text`` (name, id or title) among those ``user`` may read.
    ValidationError when several readable projects share that title."""
    wanted = (text or "").strip()
    if not wanted:
        return None
    readable = _readable_projects(user)
    exact = readable.filter(or_(model.Package.name == wanted.lower(), model.Package.id == wanted)).first()
    if exact is not None:
        return exact
    titled = readable.filter(fold(model.Package.title) == folded(wanted)).all()
    if len(titled) > 1:
        bodies = ", ".join(sorted({_body_title(package) for package in titled}))
        raise tk.Invalid(tk._('Several projects are called "{title}" ({bodies}): choose one from the list.').format(
            title=wanted, bodies=bodies))
    return titled[0] if titled else None


def _body_title(package: model.Package) -> str:
    body = model.Session.get(model.Group, package.owner_org) if package.owner_org else None
    return body.title if body is not None else ""


# ------------------------------------------------------------------ people


def search_users(text: str, limit: int = 10) -> list[model.User]:
    wanted = text.strip()
    if not wanted:
        return []
    return (model.Session.query(model.User).filter(model.User.state == "active",
                                                   words_match(wanted, model.User.fullname, model.User.name))
            .order_by(func.length(func.coalesce(model.User.fullname, model.User.name))).limit(limit).all())


# ------------------------------------------------------------------ suggestions


def suggestions(kind: str, text: str, user: model.User | None, limit: int) -> list[dict[str, str]]:
    """What a picker lists: ``name`` (the value stored), ``title`` (what people read) and a
    ``detail`` line (a project's body, a body's comarca or country)."""
    if kind == "local_body":
        return [{"name": body.name, "title": body.title, "detail": _place_of(body)}
                for body in search_local_bodies(text, limit)]
    if kind == "project":
        return [{"name": package.name, "title": package.title, "detail": _body_title(package)}
                for package in search_projects(user, text, limit)]
    return [{"name": person.name, "title": person.display_name, "detail": person.name}
            for person in search_users(text, limit)]


def _place_of(body: model.Group) -> str:
    facts = body.extras or {}
    return facts.get("comarca") or facts.get("region") or facts.get("country") or ""


def title_of(kind: str, value: str) -> str:
    """What a picker shows for a stored value (a name): the title, or the value itself."""
    if not value:
        return ""
    if kind == "local_body":
        found: Any = model.Group.get(value)
    elif kind == "project":
        found = model.Package.get(value)
    else:
        found = model.User.get(value)
    if found is None:
        return value
    return found.display_name if kind == "user" else found.title
