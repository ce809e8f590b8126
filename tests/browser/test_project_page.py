"""A project file page in headless Chromium: the six levels in order, no personal data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ckan.tests import helpers

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

Screenshot = Callable[[Page, str], Path]
LEVELS_CA = [
    "Ens locals i contactes",
    "Descripció, valor i estalvis",
    "Anàlisi",
    "Fase",
    "Documentació i difusió",
]


@pytest.fixture
def project() -> dict:
    body = factories.local_body(name="ajuntament-d-abrera", title="Ajuntament d'Abrera")
    editor = factories.editor_of(body["id"])
    return helpers.call_action("package_create", {"user": editor["name"]}, **factories.full_project(body["id"]))


def test_project_page_shows_the_six_levels_in_order(
    live_server: str, page: Page, screenshot: Screenshot, project: dict
) -> None:
    page.goto(f"{live_server}/project/{project['name']}")

    expect(page.locator("h1")).to_contain_text("Finestreta virtual amb cita prèvia")
    tabs = page.locator(".page-header .nav-tabs, .content_action ~ ul.nav, ul.nav-tabs").first
    expect(tabs).to_contain_text("Fitxa del projecte")
    expect(tabs).not_to_contain_text("Grups")
    headings = page.locator("section.digicanvis-level > h2").all_inner_texts()
    assert [h.strip() for h in headings] == LEVELS_CA
    body_card = page.locator(".digicanvis-body-card")
    expect(body_card).to_contain_text("Ajuntament d'Abrera")
    expect(body_card).to_contain_text("Baix Llobregat")
    expect(body_card).to_contain_text("13.014")
    expect(page.locator(".digicanvis-contacts")).to_contain_text("Marta Puig")
    expect(page.locator(".digicanvis-savings")).to_contain_text("Temps del personal")
    expect(page.locator(".digicanvis-badges")).to_contain_text("Implantat")
    expect(page.locator(".digicanvis-documentation iframe")).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    content = page.content()
    for private in ("marta.puig@example.cat", "Jordi Soler", "938 000 000"):
        assert private not in content
    screenshot(page, "project-ca")


def test_project_page_in_spanish(live_server: str, page: Page, screenshot: Screenshot, project: dict) -> None:
    page.goto(f"{live_server}/es/project/{project['name']}")

    headings = [h.strip() for h in page.locator("section.digicanvis-level > h2").all_inner_texts()]
    assert headings[0] == "Entes locales y contactos"
    expect(page.locator(".digicanvis-badges")).to_contain_text("Implantado")
    screenshot(page, "project-es")


def test_a_demo_project_renders_the_six_levels(
    live_server: str, page: Page, screenshot: Screenshot, cli, monkeypatch
) -> None:
    import ckan.cli.cli

    from ckanext.digicanvis.logic import demo

    decidim = next(r for r in demo.demo_records() if r["title"] == "Decidim Barcelona")
    monkeypatch.setattr(demo, "demo_records", lambda: [decidim])
    factories.local_body(name="ajuntament-de-barcelona", title="Ajuntament de Barcelona", ine_code="08019",
                         comarca="Barcelonès", population=1702547)
    assert cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "load-demo"]).exit_code == 0

    page.goto(f"{live_server}/project/decidim-barcelona")

    headings = [h.strip() for h in page.locator("section.digicanvis-level > h2").all_inner_texts()]
    assert headings == LEVELS_CA
    expect(page.locator(".digicanvis-body-card")).to_contain_text("Barcelonès")
    expect(page.locator(".digicanvis-documentation li")).to_have_count(len(decidim["sources"]))
    screenshot(page, "demo-decidim-barcelona")
