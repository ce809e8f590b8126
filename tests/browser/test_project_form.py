"""Documenting a project through the four-page form, as a council's editor would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ckan.tests import factories as ckan_factories

from ckanext.digicanvis.logic.validators import suggested_technologies

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

Screenshot = Callable[[Page, str], Path]
PASSWORD = "Correct-horse-42"


@pytest.fixture
def editor() -> dict:
    body = factories.local_body(name="ajuntament-de-vic", title="Ajuntament de Vic", ine_code="08298")
    user = ckan_factories.User(name="laia-editora", password=PASSWORD, image_url="")
    factories.editor_of(body["id"], user)
    return user


def sign_in(page: Page, base: str, name: str) -> None:
    page.goto(f"{base}/user/login")
    page.locator("#field-login").fill(name)
    page.locator("#field-password").fill(PASSWORD)
    page.locator("form:has(#field-login) button[type=submit]").click()
    page.wait_for_url("**/dashboard/**")


def next_page(page: Page) -> None:
    page.locator("form#dataset-edit button[name=save]").last.click()
    page.wait_for_load_state("networkidle")


def test_editor_documents_a_project_page_by_page(
    live_server: str, page: Page, screenshot: Screenshot, editor: dict
) -> None:
    sign_in(page, live_server, editor["name"])
    page.goto(f"{live_server}/project/new")
    expect(page.locator("form#dataset-edit input[name=_csrf_token]")).to_have_count(1)
    screenshot(page, "form-1-bodies")

    # Levels 1-2: title, leading body, a contact.
    page.locator("#field-title").fill("Registre electrònic d'entrada")
    page.locator("#field-organizations").select_option(label="Ajuntament de Vic")
    page.locator("#field-contacts-0-name").fill("Laia Prat")
    page.locator("#field-contacts-0-email").fill("laia.prat@example.cat")
    page.locator("#field-contacts-0-public").select_option("yes")
    next_page(page)

    # Level 3: the draft exists, the later levels are asked page by page.
    expect(page).to_have_url(f"{live_server}/project/new/registre-electronic-d-entrada/2")
    page.locator("#field-notes").fill("Registre d'entrada únic per a tots els serveis.")
    page.get_by_text("Afegir", exact=True).click()  # a first saving
    page.locator("#field-savings-0-kind").select_option("paper")
    page.locator("#field-savings-0-amount").fill("12000")
    page.locator("#field-savings-0-unit").fill("fulls")
    next_page(page)

    # Level 4, then level 5 and the classification.
    page.locator("#field-barriers").fill("Formació del personal.")
    suggestions = page.locator("datalist#digicanvis-technologies option")
    expect(suggestions).to_have_count(len(suggested_technologies()))
    technology = page.locator("input[name=technologies]").first
    expect(technology).to_have_attribute("list", "digicanvis-technologies")
    technology.fill("Electronic Signature")  # stored with the list's spelling
    next_page(page)
    page.locator("#field-phase").select_option("pilot")
    page.locator("#field-area").select_option("services_procedures")
    page.locator("#field-transformation_type").select_option("process")
    screenshot(page, "form-4-phase")
    next_page(page)

    # Level 6: a first documentation link, then finish.
    page.locator("#resource-link-button").click()
    page.locator("#field-resource-url").fill("https://www.vic.cat/registre")
    page.locator("#field-name").fill("Seu electrònica")
    page.locator("#field-resource_type").select_option("website")
    page.locator("button[name=save][value=go-metadata]").click()
    page.wait_for_load_state("networkidle")

    expect(page).to_have_url(f"{live_server}/project/registre-electronic-d-entrada")
    expect(page.locator("h1")).to_contain_text("Registre electrònic d'entrada")
    expect(page.locator(".digicanvis-badges")).to_contain_text("Prova pilot")
    expect(page.locator(".digicanvis-savings")).to_contain_text("Paper")
    expect(page.locator(".digicanvis-contacts")).to_contain_text("laia.prat@example.cat")  # a member sees it
    expect(page.locator(".digicanvis-documentation")).to_contain_text("Seu electrònica")
    expect(page.locator(".digicanvis-technologies")).to_have_text("electronic signature")
    screenshot(page, "form-done")
