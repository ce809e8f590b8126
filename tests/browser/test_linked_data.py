"""A researcher finds a project's linked data and the vocabularies, in headless Chromium."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from rdflib import Graph

from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")
Screenshot = Callable[[Page, str], Path]


def test_from_a_project_to_its_turtle_and_the_vocabularies(live_server: str, page: Page, screenshot: Screenshot):
    body = factories.local_body(name="ajuntament-d-abrera", title="Ajuntament d'Abrera")
    helpers.call_action("package_create", {"user": ckan_factories.Sysadmin()["name"]},
                        **factories.full_project(body["id"]))

    page.goto(f"{live_server}/project/finestreta-virtual")
    line = page.locator(".digicanvis-linked-data")
    expect(line).to_contain_text("Aquest projecte com a dades obertes enllaçades")
    turtle = page.request.get(live_server + line.get_by_role("link", name="Turtle").get_attribute("href"))
    assert turtle.ok and turtle.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=turtle.text(), format="turtle")) > 50

    line.get_by_role("link", name="Vocabularis").click()
    expect(page.get_by_role("heading", name="Vocabularis", exact=True)).to_be_visible()
    page.get_by_role("link", name="Àmbits de projecte").click()
    expect(page.locator("tr#social_services")).to_contain_text("Serveis socials")
    expect(page.locator("tr#social_services")).to_contain_text("EU data theme SOCI")
    screenshot(page, "vocabulary-area-ca")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/es/vocab/phase")
    expect(page.locator("tr#pilot")).to_contain_text("Prueba piloto")
    expect(page.locator("tr#pilot")).to_contain_text("IPS-X pilot")
    # The table scrolls in its box: the page is no wider than CKAN's own pages on a phone
    # (their layout is 396 px wide at 390).
    vocabulary_width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "vocabulary-phase-es-phone")
    page.goto(f"{live_server}/es/project/")
    assert vocabulary_width <= page.evaluate("document.documentElement.scrollWidth")
