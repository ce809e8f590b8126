"""Who is calling an action: shared by the forum and the team requests."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import authz, model
from ckan.types import AuthResult


def user_of(context: dict[str, Any]) -> model.User | None:
    """The signed-in caller, or None (anonymous, or a site-internal call without a user)."""
    user = context.get("auth_user_obj")
    if user is not None and getattr(user, "id", None):
        return user
    name = context.get("user")
    return model.User.get(name) if name else None


def required_user(context: dict[str, Any]) -> model.User:
    """The caller of an action that needs an account."""
    user = user_of(context)
    if user is None:
        raise tk.NotAuthorized(tk._("Sign in to do this"))
    return user


def signed_in(context: dict[str, Any], refusal: str) -> AuthResult:
    """Auth answer for actions open to any account; ``refusal`` tells anonymous callers why not."""
    if user_of(context) is None:
        return {"success": False, "msg": refusal}
    return {"success": True}


def is_observatory_editor(user: model.User | None) -> bool:
    """Sysadmins and members of the editors' group (``ckanext.digicanvis.forum.editors_group``):
    they moderate the forum, answer what has no other recipient, and admit people to bodies
    that have no admin yet."""
    if user is None or not getattr(user, "id", None):
        return False
    if user.sysadmin:
        return True
    group = model.Group.get(tk.config["ckanext.digicanvis.forum.editors_group"])
    if group is None or group.is_organization:
        return False
    return authz.users_role_for_group_or_org(group.id, user.name) is not None


def observatory_editors() -> list[model.User]:
    """Every active observatory editor (members of the editors' group, then sysadmins other
    than the site's own account)."""
    editors: dict[str, model.User] = {}
    group = model.Group.get(tk.config["ckanext.digicanvis.forum.editors_group"])
    if group is not None and not group.is_organization:
        members = model.Session.query(model.User).join(model.Member, model.Member.table_id == model.User.id).filter(
            model.Member.group_id == group.id, model.Member.table_name == "user", model.Member.state == "active",
            model.User.state == "active")
        editors.update((user.id, user) for user in members)
    site_user = tk.config.get("ckan.site_id")
    for user in model.Session.query(model.User).filter_by(sysadmin=True, state="active"):
        if user.name != site_user:
            editors.setdefault(user.id, user)
    return list(editors.values())


def body_admins(organization_id: str) -> list[model.User]:
    """The body's own admins: active people with the admin role who are not sysadmins (the
    account that loaded the bodies is a sysadmin and admin of every one of them)."""
    return model.Session.query(model.User).join(model.Member, model.Member.table_id == model.User.id).filter(
        model.Member.group_id == organization_id, model.Member.table_name == "user", model.Member.state == "active",
        model.Member.capacity == "admin", model.User.state == "active", model.User.sysadmin.is_(False)).all()
