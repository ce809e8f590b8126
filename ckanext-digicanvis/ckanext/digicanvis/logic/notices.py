"""Notices about projects to the people who document them (shared by the editorial review
and the fresh-records reminders): in the site ("El meu espai", the header's badge) and by
e-mail through the queued mailer. Only people who may read the project are told, and a
notice about a project someone can no longer read is neither listed nor counted."""

from __future__ import annotations

from typing import Any, Callable

from sqlalchemy import or_

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.digicanvis.logic import mail, people
from ckanext.digicanvis.logic.fields import PROJECT_TYPE
from ckanext.digicanvis.model.forum import now
from ckanext.digicanvis.model.notices import ProjectNotice

PUBLISHED, RETURNED, NEEDS_UPDATE = "published", "returned", "needs_update"
KINDS = (PUBLISHED, RETURNED, NEEDS_UPDATE)


def may_read(user: model.User, package_id: str) -> bool:
    try:
        tk.check_access("package_show", {"user": user.name, "auth_user_obj": user}, {"id": package_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def body_of(package: model.Package) -> model.Group | None:
    return model.Session.get(model.Group, package.owner_org) if package.owner_org else None


def body_recipients(package: model.Package, actor: model.User | None = None) -> list[model.User]:
    """The project's body's editors and admins who may read it, the actor excepted."""
    if not package.owner_org:
        return []
    return [user for user in people.body_editors(package.owner_org)
            if (actor is None or user.id != actor.id) and may_read(user, package.id)]


def add(users: list[model.User], package: model.Package, kind: str, actor: model.User | None = None,
        note: str = "") -> None:
    """In-site notices (in the caller's transaction)."""
    for user in users:
        model.Session.add(ProjectNotice(user_id=user.id, package_id=package.id, kind=kind,
                                        actor_id=actor.id if actor else None, note=note or ""))


def email(users: list[model.User], write: Callable[[], tuple[str, str]]) -> int:
    """E-mail each user ``write``'s subject and body, written in their language."""
    return mail.queue_letter(users, write)


def line(kind: str, title: str) -> str:
    """One line saying what happened, in the current language."""
    if kind == PUBLISHED:
        return tk._('"{title}" is published').format(title=title)
    if kind == RETURNED:
        return tk._('The editors returned "{title}" with comments').format(title=title)
    return tk._('"{title}" needs an update').format(title=title)


def project_url(package: model.Package, external: bool = True) -> str:
    return tk.url_for(f"{PROJECT_TYPE}.read", id=package.name, _external=external)


def person(user_id: str | None) -> dict[str, str] | None:
    user = model.Session.get(model.User, user_id) if user_id else None
    return {"name": user.name, "display_name": user.display_name} if user else None


def notice_dict(notice: ProjectNotice, package: model.Package) -> dict[str, Any]:
    return {
        "id": notice.id,
        "kind": notice.kind,
        "project": {"name": package.name, "title": package.title},
        "text": line(notice.kind, package.title or package.name),
        "note": notice.note,
        "actor": person(notice.actor_id),
        "url": project_url(package, external=False),
        "created": notice.created.isoformat(),
        "read": notice.read_at is not None,
    }


def readable(user: model.User) -> Any:
    """The person's notices, with their projects, about projects they may still read (SQL:
    public ones, those of their bodies; sysadmins and observatory editors, who read more,
    are checked one by one when listed)."""
    query = model.Session.query(ProjectNotice, model.Package).join(
        model.Package, model.Package.id == ProjectNotice.package_id).filter(
        ProjectNotice.user_id == user.id, model.Package.state != "deleted")
    if people.is_observatory_editor(user):  # sysadmins included
        return query
    bodies = [group.id for group in user.get_groups("organization")]
    return query.filter(or_(model.Package.private.is_(False), model.Package.owner_org.in_(bodies or [""])))


def listing(user: model.User, unread_only: bool = False, limit: int = 50) -> dict[str, Any]:
    query = readable(user)
    unread = query.filter(ProjectNotice.read_at.is_(None))
    shown = (unread if unread_only else query).order_by(ProjectNotice.created.desc(), ProjectNotice.id.desc())
    return {"unread": unread.count(),
            "results": [notice_dict(notice, package) for notice, package in shown.limit(limit)
                        if may_read(user, package.id)]}


def unread_count(user: model.User) -> int:
    return readable(user).filter(ProjectNotice.read_at.is_(None)).count()


def mark_read(user: model.User, ids: list[int] | None = None) -> int:
    query = model.Session.query(ProjectNotice).filter(ProjectNotice.user_id == user.id, ProjectNotice.read_at.is_(None))
    if ids:
        query = query.filter(ProjectNotice.id.in_(ids))
    marked = query.update({"read_at": now()}, synchronize_session=False)
    model.Session.commit()
    return marked
