"""``ckan digicanvis load-pages``: the editorial pages and news in ckanext-pages, as the site shows them.

The rendering tests need ``ckanext.pages.editor`` unset (test.ini, config/ckan.ini): with any
value, ckanext-pages 0.7.8 writes a page's stored text into the page as HTML, unrendered and
unsanitised. Tests that render pages load them in-process, not with the ``cli`` fixture where
they can: the command reads test.ini again, which undoes ``ckan_config`` marks.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from bs4 import BeautifulSoup
from werkzeug.exceptions import Unauthorized

import ckan.cli.cli
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.digicanvis.logic import editorial

pytestmark = pytest.mark.usefixtures("clean_db")

SUMMARY = re.compile(r"pages: (\d+) created, (\d+) updated, (\d+) unchanged")
OPERATOR = {"name": "Consorci Administració Oberta de Catalunya (AOC)", "url": "https://www.aoc.cat"}
PAGES = editorial.editorial_pages(OPERATOR)
NAMES = {page.name for page in PAGES}
# A Markdown link to a page of the site, relative to the page it is in: "about-es", "../blog".
RELATIVE_LINK = re.compile(r"\]\((?!https?://)([^)]*)\)")


def run(cli, *args: str) -> str:
    result = cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "load-pages", *args])
    assert result.exit_code == 0, result.output
    return result.output


def load(cli) -> tuple[int, int, int]:
    """Run the command; (created, updated, unchanged) from its summary line."""
    created, updated, unchanged = SUMMARY.search(run(cli)).groups()
    return int(created), int(updated), int(unchanged)


def show(name: str) -> dict[str, Any]:
    return helpers.call_action("ckanext_pages_show", page=name, org_id=None)


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.body, "html.parser")


def sysadmin_context() -> dict[str, Any]:
    # ckanext-pages records who wrote a page: a real user, not call_action's default.
    return {"user": factories.Sysadmin()["name"]}


def test_every_page_is_in_catalan_spanish_and_english_and_links_to_pages_that_exist():
    bases = {page.name.removesuffix(f"-{page.language}") for page in PAGES}
    assert bases == {"about", "document-a-project", "faq", "accessibility", "welcome", "document-your-project"}
    assert {page.name for page in PAGES} == {
        name for base in bases for name in (base, f"{base}-es", f"{base}-en")
    }
    assert {page.page_type for page in PAGES if page.name.startswith(("welcome", "document-your-project"))} == {"blog"}
    for page in PAGES:
        assert "<" not in page.content, f"{page.name}: raw HTML"
        assert "{" not in page.content, f"{page.name}: a placeholder left"
        assert page.title and page.content
        folder = "blog" if page.page_type == "blog" else "pages"
        for target in RELATIVE_LINK.findall(page.content):
            path = target.removeprefix("../") if target.startswith("../") else f"{folder}/{target}"
            section, _, name = path.partition("/")
            if section in ("pages", "blog") and name:
                assert name in NAMES, f"{page.name} links to a missing page: {target}"
            else:
                assert section in ("project", "forum", "blog", "requests"), f"{page.name}: {target}"
    # The menu is the same for every reader: the Catalan pages only.
    assert {page.name for page in PAGES if page.order} == {"about", "document-a-project"}


def test_load_creates_every_page_and_a_second_run_changes_nothing(cli):
    assert load(cli) == (18, 0, 0)

    stored = {name: show(name) for name in NAMES}
    assert all(page is not None and page["private"] is False for page in stored.values())
    assert stored["about"]["title"] == "Quant a l'observatori"
    assert stored["about-es"]["title"] == "Sobre el observatorio"
    assert stored["about-en"]["title"] == "About the observatory"
    assert stored["welcome"]["page_type"] == "blog"
    assert stored["welcome"]["publish_date"].startswith("2026-11-26")
    assert stored["about"]["content"].startswith("**Català** · [Castellano](about-es) · [English](about-en)\n")
    # News: at the bottom, since the news list shows the start of each item.
    assert stored["welcome-es"]["content"].endswith("\n[Català](welcome) · **Castellano** · [English](welcome-en)")

    assert load(cli) == (0, 0, 18)

    # Nothing written: no new revision, same modification time.
    assert {name: show(name) for name in NAMES} == stored


def test_the_operator_comes_from_the_site_configuration(with_request_context):
    editorial.load_pages(editorial.editorial_pages(OPERATOR))
    assert "[Consorci Administració Oberta de Catalunya (AOC)](https://www.aoc.cat)" in show("about")["content"]

    other = {"name": "Diputació de Proves", "url": "https://example.org"}
    report = editorial.load_pages(editorial.editorial_pages(other))

    # The about page, the FAQ and the accessibility statement name the operator, in three languages each.
    assert sorted(report.updated) == ["about", "about-en", "about-es", "accessibility", "accessibility-en",
                                      "accessibility-es", "faq", "faq-en", "faq-es"]
    assert len(report.unchanged) == 9
    assert "[Diputació de Proves](https://example.org)" in show("faq-en")["content"]


@pytest.mark.ckan_config("ckanext.digicanvis.operator.name", "Consorci de Proves")
@pytest.mark.ckan_config("ckanext.digicanvis.operator.url", "https://proves.example.org")
def test_the_default_operator_is_the_configured_one():
    about = next(page for page in editorial.editorial_pages() if page.name == "about")
    assert "[Consorci de Proves](https://proves.example.org)" in about.content


def test_a_page_edited_on_the_site_is_kept_unless_forced(cli):
    load(cli)
    edited = {**show("faq"), "page": "faq", "content": "Text revisat per l'equip."}
    helpers.call_action("ckanext_pages_update", context=sysadmin_context(), **edited)

    output = run(cli)

    assert "pages: 0 created, 0 updated, 17 unchanged, 1 kept (edited on the site)" in output
    assert "kept: faq" in output
    assert show("faq")["content"] == "Text revisat per l'equip."

    assert "pages: 0 created, 1 updated, 17 unchanged" in run(cli, "--force")
    assert show("faq")["content"].startswith("**Català**")


def test_pages_render_in_catalan_with_their_heading(app, cli):
    load(cli)

    for path, heading in (
        ("/pages/about", "Quant a l'observatori"),
        ("/pages/document-a-project", "Com documentar un projecte"),
        ("/pages/faq", "Preguntes freqüents"),
        ("/pages/about-es", "Sobre el observatorio"),
        ("/en/pages/about-en", "About the observatory"),
    ):
        page = soup(app.get(path))
        assert page.select_one("h1.page-heading").get_text(strip=True) == heading, path
    # The Catalan pages in the menu; their translations are reached from each page.
    menu = {a["href"]: a.get_text(strip=True) for a in soup(app.get("/pages/faq")).select("header nav a, .masthead nav a")}
    assert menu.get("/pages/about") == "Quant a l'observatori"
    assert menu.get("/pages/document-a-project") == "Com documentar un projecte"
    assert "/pages/about-es" not in menu


def test_page_markdown_is_rendered(app):
    with app.flask_app.test_request_context():
        editorial.load_pages(PAGES)

    content = soup(app.get("/pages/about")).select_one(".ckanext-pages-content")

    # `ckanext.pages.editor` must be unset: with any value ckanext-pages 0.7.8 outputs the
    # stored text as HTML as it is, so markdown shows as plain text.
    assert content is not None
    assert "Per a qui és" in [h2.get_text(strip=True) for h2 in content.find_all("h2")]
    links = {a.get_text(strip=True): a["href"] for a in content.find_all("a")}
    assert links["Castellano"] == "about-es"
    assert links["Consorci Administració Oberta de Catalunya (AOC)"] == "https://www.aoc.cat"
    assert "**" not in content.get_text()
    news = soup(app.get("/es/blog/welcome-es")).select_one("section.module-content")
    assert {a.get_text(strip=True): a["href"] for a in news.find_all("a")}["Català"] == "welcome"
    assert news.find("hr") is not None


def test_raw_html_in_a_page_body_is_not_a_live_tag(app):
    # Only sysadmins write pages, but a pasted snippet must not run in every reader's browser.
    helpers.call_action(
        "ckanext_pages_update", context=sysadmin_context(), page="proves", name="proves", title="Proves",
        content="Hola **món**\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>",
        private=False, org_id=None,
    )

    body = app.get("/pages/proves").body

    assert "<script>alert" not in body
    assert "onerror" not in body


def test_anonymous_users_cannot_create_or_update_pages(app, cli):
    load(cli)
    before = show("about")
    change = {"page": "about", "name": "about", "title": "Pirata", "content": "Pirata", "org_id": None}
    new_page = {**change, "page": "new-page", "name": "new-page"}
    user = factories.User()

    with app.flask_app.test_request_context():
        for name in ("", user["name"]):  # anonymous, then signed in but not a sysadmin
            with pytest.raises(tk.NotAuthorized):
                tk.check_access("ckanext_pages_update", {"user": name}, change)
            # ckanext-pages turns the refusal into abort(401) instead of raising NotAuthorized.
            for data in (change, new_page):
                with pytest.raises((tk.NotAuthorized, Unauthorized)):
                    tk.get_action("ckanext_pages_update")({"user": name}, dict(data))
    token = helpers.call_action("api_token_create", user=user["name"], name="test")["token"]
    for headers in ({}, {"Authorization": token}):
        for data in (change, new_page):
            response = app.post("/api/3/action/ckanext_pages_update", json=data, headers=headers)
            # The same abort(401) inside the action reaches the API as a 500.
            assert response.status_code in (401, 403, 500) and response.json["success"] is False
        for form in ("/pages_edit/about", "/pages_edit/", "/blog_edit/"):
            assert app.get(form, headers=headers, follow_redirects=False).status_code in (401, 403), form

    assert show("about") == before
    assert show("new-page") is None


def test_the_news_list_shows_the_news_items(app, cli):
    load(cli)

    items = soup(app.get("/blog")).select(".fair3r-dataset-title")

    titles = [item.get_text(strip=True) for item in items]
    assert "Obre l'Observatori DigiCanvis" in titles
    assert "Documenteu els vostres projectes" in titles
    assert len(titles) == 2  # the two news items, in the reader's language only; no pages
    english = [item.get_text(strip=True) for item in soup(app.get("/en/blog")).select(".fair3r-dataset-title")]
    assert len(english) == 2 and "Obre l'Observatori DigiCanvis" not in english
    news = soup(app.get("/blog/welcome"))
    assert news.select_one("h1.page-heading").get_text(strip=True) == "Obre l'Observatori DigiCanvis"
