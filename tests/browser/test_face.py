"""The observatory's face in Chromium: its logo in the header, its icons, and the demo forum a
newcomer finds (screenshots in tests/output/screenshots), without WCAG 2.1 AA violations."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

import ckan.cli.cli
from ckan import model

from ckanext.digicanvis.model.forum import ForumTopic

from tests import factories
from tests.browser.conftest import NOT_LOCAL
from tests.browser.test_accessibility import check_pages

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

QUESTION = "Xatbot per a un ajuntament de 20.000 habitants: per on començar?"


@pytest.fixture
def demo_forum(cli, monkeypatch) -> dict[str, str]:
    factories.demo_forum_projects(cli, monkeypatch)
    result = cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "load-demo-forum"])
    assert result.exit_code == 0, result.output
    question = model.Session.query(ForumTopic).filter_by(title=QUESTION).one()
    return {"question": question.id, "category": "citizen_attention"}


def test_newcomer_sees_the_logo_and_a_lived_in_forum(live_server: str, page: Page, demo_forum, screenshot) -> None:
    page.goto(f"{live_server}/forum/")
    logo = page.get_by_role("link", name="Observatori DigiCanvis", exact=True)
    expect(logo).to_be_visible()
    assert page.evaluate("document.querySelector('header .logo img').naturalWidth") > 0
    favicon = page.request.get(live_server + page.locator("link[rel=icon][type='image/svg+xml']").get_attribute("href"))
    assert favicon.ok and b"<svg" in favicon.body()
    for title in (QUESTION, "Licitació electrònica en un municipi petit sense personal de contractació"):
        expect(page.get_by_role("link", name=title)).to_be_visible()
    screenshot(page, "demo-forum-index")

    page.get_by_role("link", name=QUESTION).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(QUESTION)
    expect(page.get_by_text("només amb el padró").first).to_be_visible()
    screenshot(page, "demo-forum-question")

    page.goto(f"{live_server}/project/xatbot-municipal-web-telegram-i-whatsapp/discussion")
    expect(page.get_by_text("nou de cada deu").first).to_be_visible()
    screenshot(page, "demo-forum-project-discussion")

    # On a phone (320 px) the logo fits beside the menu button and nothing is wider than the screen.
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server}/forum/")
    box = page.locator("header .logo img").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, "demo-forum-index-320px")


@pytest.fixture
def axe_page(browser: Browser) -> Iterator[Page]:
    """A page where axe can be injected: the site's Content-Security-Policy refuses the inline
    script Playwright's add_script_tag writes (issue 10), so this context bypasses it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ca-ES", bypass_csp=True)
    context.route(NOT_LOCAL, lambda route: route.abort())
    yield context.new_page()
    context.close()


def test_demo_forum_pages_have_no_wcag_violations(live_server: str, axe_page: Page, demo_forum) -> None:
    check_pages(axe_page, live_server, [
        "/forum/",
        f"/forum/c/{demo_forum['category']}",
        f"/forum/t/{demo_forum['question']}",
        "/project/xatbot-municipal-web-telegram-i-whatsapp/discussion",
    ])
