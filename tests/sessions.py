"""Signed-in browser sessions for the test client: cookies, as a person's browser has them.

CSRF and pages must be tested this way, not with API tokens: a request with an API token is
not the one a cross-site attacker can make.
"""

from __future__ import annotations

import re
from typing import Any

from ckan.tests import factories as ckan_factories

PASSWORD = "Correct-horse-42"
CSRF_FIELD = "_csrf_token"
CSRF_INPUT = re.compile(r'name="_csrf_token" value="([^"]+)"')


def person(**fields: Any) -> dict[str, Any]:
    """A user who can sign in with ``PASSWORD``."""
    return ckan_factories.User(password=PASSWORD, image_url="", **fields)


def csrf_token(client: Any, path: str) -> str:
    """The CSRF token a form on ``path`` carries for this client's session."""
    page = client.get(path)
    assert page.status_code == 200, f"GET {path}: {page.status_code}"
    found = CSRF_INPUT.search(page.body)
    assert found, f"no CSRF token in the forms of {path}"
    return found.group(1)


def sign_in(client: Any, user: dict[str, Any]) -> Any:
    """Sign ``client`` in through the login form, as a browser does; returns the client."""
    token = csrf_token(client, "/user/login")
    response = client.post("/user/login", data={"login": user["name"], "password": PASSWORD, CSRF_FIELD: token},
                           follow_redirects=False)
    assert response.status_code == 302, f"sign-in of {user['name']} failed: {response.status_code}"
    assert f'href="/user/{user["name"]}"' in client.get("/dashboard/datasets").body, "not signed in after the login form"
    return client
