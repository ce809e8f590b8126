"""Who is calling an action: shared by the forum and the team requests."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
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
