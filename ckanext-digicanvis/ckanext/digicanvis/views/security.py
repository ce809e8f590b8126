"""Site-wide request and response rules, for CKAN's pages and ours alike.

CSRF: CKAN 2.12.0 exempts a view from CSRF protection for the life of the process as soon as
one request reaches it with an ``Authorization`` header or anonymously (``ckan_before_request``
calls ``csrf.exempt(view)``); after that a signed-in browser's post without a token is
processed. Here every state-changing request needs a valid token, whatever came before,
unless it carries a valid API token (a page on another site cannot send that header) or is an
anonymous call of the API (nothing to forge: anyone may make it directly).

Headers: a Content-Security-Policy as strict as CKAN's templates allow (see
``content_security_policy``), no MIME sniffing, no framing by other sites, a referrer that
stops at our origin, and HSTS when the site is served over https.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, g, request
from flask_wtf.csrf import CSRFError

import ckan.plugins.toolkit as tk
from ckan.common import current_user

security = Blueprint("digicanvis_security", __name__)

# CKAN 2.12.0's own templates still carry inline event handlers: the resource form's
# Upload / Link / Remove buttons (package/snippets/resource_upload_field.html) and the API
# token list's checkboxes (user/snippets/api_token_list.html, api_token_create_form.html).
# Each is allowed by the hash of its exact text ('unsafe-hashes'), never by 'unsafe-inline':
# injected markup still runs nothing. tests/security/test_headers.py fails, naming the hash,
# when a page carries a handler that is not listed here (e.g. after a CKAN upgrade).
CORE_EVENT_HANDLERS = (
    "'sha256-FpdWAiA3RBpWuddjFnLcugxP42R6qjqK+gdZjxtwOv4='",  # resource form: Upload
    "'sha256-F6LaVvkpYli724gUpw3eUsTe6Z+buGZAsXZSXh5E58U='",  # resource form: Link
    "'sha256-Z/m4LROcm/+b7adlxILx/HCly4VB4OqflMrYBAq48dI='",  # resource form: Remove (file)
    "'sha256-unVzTsKuavdHA12GppEm/hbjTT3zhyL+xbRDzK9UnXw='",  # resource form: Remove (link)
    "'sha256-zvptZW5rX9uRlqMnxEvQ6iVm0wLi7xPmIcqW2y1JvZc='",  # resource form: Clear Upload
    "'sha256-ZrVI5vUZG/f325B6NP6JIyXK7PKkA2jqxWw2C6+RnuI='",  # API tokens: revoke checkboxes
)
VIDEO_PLAYERS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")


def authenticated_by_api_token() -> bool:
    """CKAN sets ``login_via_auth_header`` for API-token callers and for anonymous ones."""
    return bool(g.get("login_via_auth_header")) and current_user.is_authenticated


def anonymous_api_call() -> bool:
    return not current_user.is_authenticated and request.blueprint == "api"


@security.before_app_request
def require_csrf_token() -> Any:
    if not current_app.config.get("WTF_CSRF_ENABLED") or request.method not in current_app.config["WTF_CSRF_METHODS"]:
        return None
    if authenticated_by_api_token() or anonymous_api_call():
        return None
    # Ignores CKAN's lasting exemptions; refuses (400) without a valid token.
    try:
        current_app.extensions["csrf"].protect()
    except CSRFError:
        return tk.abort(400, tk._("The form has expired or was not sent from this site. Reload the page and try again."))
    return None


def csp_nonce() -> str:
    """This response's nonce; an inline script must carry it (template helper digicanvis_csp_nonce)."""
    if "digicanvis_csp_nonce" not in g:
        g.digicanvis_csp_nonce = secrets.token_urlsafe(18)
    return g.digicanvis_csp_nonce


def origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def content_security_policy(nonce: str) -> str:
    """Scripts only from the site itself, our inline scripts by nonce, CKAN's inline handlers
    by hash. Styles may be inline: CKAN's templates use style attributes and <style> blocks
    (the custom CSS setting, scheming's checkbox lists, ckanext-pages' organisation tabs).
    Images from anywhere on https (organisation logos, resource images, map tiles), videos
    only from the two embedded players."""
    tiles = origin(tk.config.get("ckanext.digicanvis.map.tile_url") or "")
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", f"'nonce-{nonce}'", "'unsafe-hashes'", *CORE_EVENT_HANDLERS],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "https:", *([tiles] if tiles and tiles.startswith("http:") else [])],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *VIDEO_PLAYERS],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def site_is_https() -> bool:
    return str(tk.config.get("ckan.site_url") or "").startswith("https://")


@security.after_app_request
def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_security_policy(csp_nonce()))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)")
    if site_is_https():
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response
