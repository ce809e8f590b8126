"""A real OpenID Connect provider for the single sign-on tests: oidc-provider-mock (PyPI),
served on 127.0.0.1 by werkzeug in a thread, with the settings ckanext-oidc-pkce needs."""

from __future__ import annotations

import configparser
import contextlib
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import oidc_provider_mock
from werkzeug.serving import make_server



def _free_port() -> int:
    with contextlib.closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# CKAN checks the plugin's settings when the plugins load, before any fixture runs: the
# provider's address is chosen once, here, and the tests' ckan_config marks use it.
ISSUER = f"http://127.0.0.1:{_free_port()}"


def plugins_with_sso() -> str:
    """test.ini's plugins plus oidc_pkce, after digicanvis_accounts (whose IOidcPkce
    implementation makes the users)."""
    plugins = configparser.ConfigParser(interpolation=None)
    plugins.read(Path(__file__).resolve().parents[1] / "test.ini")
    listed = plugins["app:main"]["ckan.plugins"].split()
    listed.insert(listed.index("digicanvis_accounts") + 1, "oidc_pkce")
    return " ".join(listed)


SETTINGS = {
    "ckan.plugins": plugins_with_sso(),
    "ckanext.oidc_pkce.base_url": ISSUER,
    "ckanext.oidc_pkce.client_id": "digicanvis-test",
    "ckanext.oidc_pkce.client_secret": "test-only-secret",
    "ckanext.oidc_pkce.auth_path": "/oauth2/authorize",
    "ckanext.oidc_pkce.token_path": "/oauth2/token",
    "ckanext.oidc_pkce.userinfo_path": "/userinfo",
    "ckanext.oidc_pkce.scope": "openid email profile",
    "ckanext.digicanvis.sso.body_claim": "local_body",
}


def with_sso(test: Any) -> Any:
    """Decorate a test: the SSO settings as ckan_config marks."""
    for key, value in SETTINGS.items():
        test = pytest.mark.ckan_config(key, value)(test)
    return test


@contextlib.contextmanager
def identity_provider(users: dict[str, dict[str, Any]]) -> Iterator[str]:
    """Serve the provider at ISSUER with these users (sub → claims); yield its URL."""
    app = oidc_provider_mock.app(user_claims=[oidc_provider_mock.User(sub=sub, claims=claims) for sub, claims in users.items()])
    server = make_server("127.0.0.1", int(ISSUER.rsplit(":", 1)[1]), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="oidc-provider", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)

