"""Security headers on every response, the Content-Security-Policy's inline allowances, and
the session cookies (issue 10, "Security headers")."""

from __future__ import annotations

import base64
import hashlib
import io
import re

import pytest
from bs4 import BeautifulSoup
from werkzeug.datastructures import FileStorage

from ckan.tests import factories as ckan_factories, helpers

from ckanext.digicanvis.views.security import CORE_EVENT_HANDLERS

from tests import factories
from tests.sessions import CSRF_FIELD, PASSWORD, person, sign_in

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "SAMEORIGIN",
}


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {name: sources for name, *sources in (part.split() for part in header.split(";"))}


@pytest.fixture
def site() -> dict:
    body = factories.local_body()
    editor = factories.editor_of(body["id"], person())
    project = factories.project_of(body, "xatbot", title="Xatbot")
    upload = helpers.call_action("resource_create", {"user": ckan_factories.Sysadmin()["name"]}, package_id=project["id"],
                                 url="a.txt", upload=FileStorage(io.BytesIO(b"hola"), filename="a.txt"),
                                 name="Document", resource_type="article")
    topic = factories.forum_topic(editor)
    factories.forum_reply(ckan_factories.User(), topic["id"], "Resposta.")
    return {"editor": editor, "project": project, "upload": upload, "topic": topic}


RESPONSES = [
    ("/", 200), ("/project/", 200), ("/project/xatbot", 200), ("/forum/", 200), ("/api/3/action/status_show", 200),
    ("/project/no-such-project", 404), ("/api/3/action/package_show?id=nope", 404), ("/base/images/ckan-logo.png", 200),
]


def test_every_response_carries_the_security_headers(app, site):
    for path, status in RESPONSES:
        response = app.get(path)

        assert response.status_code == status, path
        for name, value in EXPECTED.items():
            assert response.headers.get(name) == value, (path, name)
        directives = policy(response)
        assert directives["default-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'self'"]
        assert directives["base-uri"] == ["'self'"] and directives["form-action"] == ["'self'"]
        assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
        assert "Strict-Transport-Security" not in response.headers  # the test site is http


def handler_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_inline_script_on_pages_is_only_cores_hashed_handlers_or_nonced(app, site):
    """Our templates carry no inline handler; CKAN's are allowed one by one. A handler whose
    hash is missing (a CKAN upgrade changed one) fails here, with its hash to add."""
    sign_in(app, site["editor"])
    helpers.call_action("api_token_create", user=site["editor"]["name"], name="t")
    pages = ["/", "/project/xatbot", "/project/xatbot/resource/new", f"/project/xatbot/resource/{site['upload']['id']}/edit",
             "/project/edit/xatbot", f"/forum/t/{site['topic']['id']}", "/project/xatbot/discussion", "/forum/new",
             "/forum/notifications", "/requests/", f"/user/{site['editor']['name']}/api-tokens", "/organization/"]
    unknown, unnonced = {}, {}
    for path in pages:
        response = app.get(path)
        assert response.status_code == 200, path
        nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
        soup = BeautifulSoup(response.body, "html.parser")
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                if name.startswith("on") and handler_hash(value) not in CORE_EVENT_HANDLERS:
                    unknown[handler_hash(value)] = (path, name, value)
        for script in soup.find_all("script", src=False):
            if script.get("type") not in ("application/ld+json",) and script.get("nonce") != nonce:
                unnonced[path] = str(script)[:200]

    assert unknown == {}
    assert unnonced == {}


def login(client, user, remember: bool, base_url: str = "http://test.ckan.net"):
    form = client.get("/user/login", base_url=base_url).body
    data = {"login": user["name"], "password": PASSWORD, CSRF_FIELD: re.search(r'name="_csrf_token" value="([^"]+)"', form).group(1)}
    if remember:
        data["remember"] = "63072000"
    # Over https, Flask-WTF also wants a same-origin Referer.
    response = client.post("/user/login", data=data, base_url=base_url, headers={"Referer": f"{base_url}/user/login"},
                           follow_redirects=False)
    assert response.status_code == 302
    return {cookie.split("=", 1)[0]: cookie for cookie in response.headers.getlist("Set-Cookie")}


def attributes(cookie: str) -> set[str]:
    return {part.strip().split("=")[0].lower() + ("=" + part.split("=")[1].strip().lower() if "samesite" in part.lower() else "")
            for part in cookie.split(";")[1:]}


def test_session_and_remember_cookies_are_httponly_and_samesite_lax(app):
    cookies = login(app, person(), remember=True)

    for name in ("ckan", "remember_token"):
        assert {"httponly", "samesite=lax"} <= attributes(cookies[name]), cookies[name]
        assert "secure" not in attributes(cookies[name])  # an http site: the browser would drop it


@pytest.mark.ckan_config("ckan.site_url", "https://observatori.example.cat")
def test_cookies_are_secure_and_hsts_is_sent_when_the_site_is_https(make_app):
    client = make_app()
    cookies = login(client, person(), remember=True, base_url="https://observatori.example.cat")

    for name in ("ckan", "remember_token"):
        assert {"httponly", "secure", "samesite=lax"} <= attributes(cookies[name]), cookies[name]
    assert client.get("/", base_url="https://observatori.example.cat").headers["Strict-Transport-Security"] == "max-age=31536000"
