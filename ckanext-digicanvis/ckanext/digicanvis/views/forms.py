"""What the observatory's own form views share: the CSRF token checked by the view itself
(CKAN 2.12.0 exempts a view from its own check for the life of the process once any request
to it carries an API token), and going back only to a path of this site."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_wtf.csrf import validate_csrf
from wtforms.validators import ValidationError as TokenError

import ckan.plugins.toolkit as tk


def require_csrf_token() -> Any:
    """A blueprint's ``before_request``: a POST without this site's valid token is refused."""
    if tk.request.method != "POST" or not current_app.config.get("WTF_CSRF_ENABLED", True):
        return None
    try:
        validate_csrf(tk.request.form.get(current_app.config["WTF_CSRF_FIELD_NAME"]))
    except TokenError:
        return tk.abort(400, tk._("The form has expired or was not sent from this site. Reload the page and try again."))
    return None


def local_path(value: str | None, default: str) -> str:
    """``value`` when it is a path on this site (``/...``, not ``//host``), else ``default``."""
    value = (value or "").strip()
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default
