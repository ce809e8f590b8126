"""Link previews (Open Graph, Twitter card) read from the pages' HTML: a shared project link
shows its title in the reader's language, its body and area; nothing leaks of a project the
reader may not see; the logo and favicons are the observatory's."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from tests import factories
from tests.sessions import person, sign_in

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

SITE = "http://test.ckan.net"
HOSTILE_TITLE = 'Cita "prèvia" <script>alert(1)</script> & més'


def tags(html: str) -> dict[str, list[str]]:
    """property or name -> every content given for it."""
    found: dict[str, list[str]] = {}
    for meta in BeautifulSoup(html, "html.parser").find_all("meta"):
        key = meta.get("property") or meta.get("name")
        if key and (key.startswith(("og:", "twitter:")) or key == "description"):
            found.setdefault(key, []).append(meta.get("content"))
    return found


def one(found: dict[str, list[str]], key: str) -> str:
    assert len(found.get(key, [])) == 1, f"{key}: {found.get(key)}"
    return found[key][0]


@pytest.fixture
def project():
    body = factories.body_at("abrera")
    return factories.project_of(body, "finestreta-virtual", **{
        "title": "Finestreta virtual",
        "title_translated": {"es": "Ventanilla virtual", "en": "Virtual one-stop shop"},
        "notes": "Tràmits en línia amb **cita prèvia** per a tot el municipi.",
        "notes_translated": {"es": "Trámites en línea con **cita previa**.", "en": "Online procedures by **appointment**."},
        "language": "ca",
    })


def test_project_preview_in_each_language(app, project) -> None:
    catalan = tags(app.get("/project/finestreta-virtual").body)
    assert one(catalan, "og:title") == "Finestreta virtual"
    assert one(catalan, "og:description") == (
        "Ajuntament d'Abrera · Serveis i tràmits. Tràmits en línia amb cita prèvia per a tot el municipi.")
    assert one(catalan, "og:url") == f"{SITE}/project/finestreta-virtual"
    assert one(catalan, "og:type") == "article"
    assert one(catalan, "og:locale") == "ca_ES"
    assert sorted(catalan["og:locale:alternate"]) == ["en_GB", "es_ES"]
    assert one(catalan, "og:site_name") == "Observatori DigiCanvis"
    assert one(catalan, "og:image") == f"{SITE}/digicanvis/social-preview.png"
    assert one(catalan, "twitter:card") == "summary_large_image"
    assert one(catalan, "og:image:alt") == "Observatori DigiCanvis"
    assert one(catalan, "twitter:title") == "Finestreta virtual"

    spanish = tags(app.get("/es/project/finestreta-virtual").body)
    assert one(spanish, "og:title") == "Ventanilla virtual"
    assert one(spanish, "og:description").startswith("Ajuntament d'Abrera · Servicios y trámites. Trámites en línea")
    assert one(spanish, "og:url") == f"{SITE}/es/project/finestreta-virtual"
    assert one(spanish, "og:locale") == "es_ES"
    assert one(spanish, "og:site_name") == "Observatorio DigiCanvis"

    english = tags(app.get("/en/project/finestreta-virtual").body)
    assert one(english, "og:title") == "Virtual one-stop shop"
    assert one(english, "og:locale") == "en_GB"

    # A documentation page previews as its project.
    resource = project["resources"][0]["id"]
    documentation = tags(app.get(f"/project/finestreta-virtual/resource/{resource}").body)
    assert one(documentation, "og:title") == "Finestreta virtual"
    assert one(documentation, "og:url") == f"{SITE}/project/finestreta-virtual"


def test_project_picture_is_the_preview_image(app) -> None:
    body = factories.body_at("abrera")
    factories.project_of(body, "amb-foto", title="Amb foto", resources=[
        {"url": "https://www.example.cat/docs/informe.pdf", "name": "Informe", "resource_type": "document"},
        {"url": "https://www.example.cat/fotos/taulell.JPG", "name": "El taulell", "resource_type": "demo"},
    ])
    found = tags(app.get("/project/amb-foto").body)
    assert one(found, "og:image") == "https://www.example.cat/fotos/taulell.JPG"
    assert one(found, "og:image:alt") == "Amb foto"
    assert one(found, "twitter:image") == "https://www.example.cat/fotos/taulell.JPG"


def test_titles_with_quotes_and_markup_are_escaped(app) -> None:
    body = factories.body_at("abrera")
    factories.project_of(body, "cita-previa", title=HOSTILE_TITLE, notes='Un "resum" amb <b>etiquetes</b> & signes.')
    html = app.get("/project/cita-previa").body
    assert "<script>alert(1)</script>" not in html
    found = tags(html)
    # The parser gives back exactly the text: every quote and bracket was escaped in the attribute.
    assert one(found, "og:title") == HOSTILE_TITLE
    assert one(found, "twitter:title") == HOSTILE_TITLE
    assert 'Un "resum" amb etiquetes & signes.' in one(found, "og:description")
    assert 'content="Cita &#34;prèvia&#34; &lt;script&gt;alert(1)&lt;/script&gt; &amp; més"' in html


def test_unpublished_and_private_projects_leak_nothing(app) -> None:
    body = factories.body_at("abrera")
    editor = person()
    factories.editor_of(body["id"], editor)
    # A body editor's new project is a draft (unpublished); a sysadmin's private one too.
    helpers.call_action("package_create", {"user": editor["name"], "ignore_auth": False}, **factories.full_project(
        body["id"], name="esborrany-secret", title="Esborrany secret", contacts=[]))
    factories.project_of(body, "privat-secret", title="Projecte privat secret", private=True)
    stranger = sign_in(app.test_client(use_cookies=True), person())
    for client in (app, stranger):
        for name in ("esborrany-secret", "privat-secret"):
            response = client.get(f"/project/{name}")
            assert response.status_code == 404
            assert "secret" not in " ".join(sum(tags(response.body).values(), [])).lower()
            assert "Esborrany secret" not in response.body and "Projecte privat secret" not in response.body
            assert one(tags(response.body), "og:url") == f"{SITE}/"
    # Its own body sees it, with its preview.
    member = sign_in(app.test_client(use_cookies=True), editor)
    assert one(tags(member.get("/project/esborrany-secret").body), "og:title") == "Esborrany secret"


def test_site_body_and_forum_previews(app, project) -> None:
    home = tags(app.get("/").body)
    assert one(home, "og:title") == "Observatori DigiCanvis"
    assert one(home, "og:url") == f"{SITE}/"
    assert one(home, "og:type") == "website"
    assert one(home, "og:description")

    body = tags(app.get("/organization/ajuntament-de-abrera").body)
    assert one(body, "og:title") == "Ajuntament d'Abrera"
    assert one(body, "og:url") == f"{SITE}/organization/ajuntament-de-abrera"

    author = ckan_factories.User()
    topic = factories.forum_topic(author, title='Quin "xatbot" feu servir?', body="Busquem un **xatbot** per a l'OAC.")
    forum = tags(app.get(f"/forum/t/{topic['id']}").body)
    assert one(forum, "og:title") == 'Quin "xatbot" feu servir?'
    assert one(forum, "og:description") == "Primera línia d'atenció ciutadana. Busquem un xatbot per a l'OAC."
    assert one(forum, "og:url") == f"{SITE}/forum/t/{topic['id']}"


def test_logo_and_favicons_are_the_observatorys(app) -> None:
    soup = BeautifulSoup(app.get("/").body, "html.parser")
    logo = soup.select_one("header .logo img")
    assert logo["src"] == "/digicanvis/logo.svg" and logo["alt"] == "Observatori DigiCanvis"
    assert soup.select_one("header .logo")["href"] == "/"
    icons = {link["href"] for link in soup.find_all("link", rel="icon")}
    assert icons == {"/digicanvis/favicon.svg", "/digicanvis/favicon.png"}
    assert "ckan" not in " ".join(icons) + logo["src"]
    english = BeautifulSoup(app.get("/en/").body, "html.parser")
    assert english.select_one("header .logo img")["alt"] == "DigiCanvis Observatory"
    for path, kind in (("/digicanvis/logo.svg", "image/svg+xml"), ("/digicanvis/favicon.svg", "image/svg+xml"),
                       ("/digicanvis/favicon.png", "image/png"), ("/favicon.ico", "image/vnd.microsoft.icon"),
                       ("/digicanvis/social-preview.png", "image/png")):
        response = app.get(path)
        assert response.status_code == 200 and response.headers["Content-Type"].startswith(kind), path
