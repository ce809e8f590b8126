"""Needs in headless Chromium: a small council's clerk posts a need (a wrong value first),
sees the suggested projects, contacts a team in one click, and marks the need solved."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ckan import model
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from ckanext.digicanvis.model.needs import Need

from tests import factories
from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

Screenshot = Callable[[Page, str], Path]


@pytest.fixture
def council():
    small = factories.local_body(name="ajuntament-de-tremp", title="Ajuntament de Tremp", ine_code="25223",
                                 comarca="Pallars Jussà", province="Lleida", population=5875, latitude=42.16703, longitude=0.89487)
    clerk = factories.editor_of(small["id"], ckan_factories.User(name="clerk", fullname="Núria Clerk", password=PASSWORD, image_url=""))
    city = factories.body_at("sabadell", ine_code="08187", comarca="Vallès Occidental")
    factories.project_of(city, "teleassistencia-sabadell", title="Teleassistència a domicili",
                         notes="Alarma de teleassistència per a persones grans que viuen soles, amb seguiment a casa.",
                         area="social_services")
    factories.project_of(city, "xatbot", title="Xatbot municipal", notes="Xatbot del padró.", area="citizen_attention")
    return {"clerk": clerk}


def test_a_clerk_posts_a_need_and_follows_it_to_a_team(live_server: str, page: Page, sign_in, screenshot: Screenshot, council) -> None:
    sign_in(page, council["clerk"])
    page.goto(f"{live_server}/forum/")
    page.locator("a.digicanvis-post-need").click()
    expect(page.locator("h1")).to_have_text("Publiqueu una necessitat")

    page.locator("#field-title").fill("Teleassistència per a la gent gran que viu sola")
    page.locator("#field-description").fill("Volem una alarma de teleassistència per a les persones grans que viuen soles.")
    page.locator("#field-area").select_option("social_services")
    page.locator("#field-technologies").fill(", ".join(f"eina {n}" for n in range(11)))  # one too many
    page.get_by_role("button", name="Publica la necessitat").click()
    expect(page.locator(".error-explanation, .form-errors, .alert-error")).to_contain_text("Com a màxim 10 tecnologies")
    expect(page.locator("#field-title")).to_have_value("Teleassistència per a la gent gran que viu sola")
    assert model.Session.query(Need).count() == 0

    page.locator("#field-technologies").fill("telecare devices")
    page.locator("#field-budget").select_option("10k-50k")
    page.get_by_role("button", name="Publica la necessitat").click()
    page.wait_for_url(re.compile(r"/forum/t/"))
    need_url = page.url
    suggestions = page.locator(".digicanvis-need-suggestion")
    expect(suggestions.first).to_contain_text("Teleassistència a domicili")
    expect(page.locator(".digicanvis-need-facts")).to_contain_text("Ajuntament de Tremp")
    expect(page.locator(".digicanvis-need-facts")).to_contain_text("De 10.000 a 50.000 EUR")
    screenshot(page, "need-posted")

    # A post without the form's token, from the signed-in session, changes nothing.
    status = page.evaluate("""async (url) => (await fetch(url + '/solve', {method: 'POST', credentials: 'same-origin',
        headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'project=xatbot'})).status""",
                           need_url.replace("/forum/t/", "/forum/needs/"))
    assert status == 400
    model.Session.expire_all()
    assert model.Session.query(Need).one().solved_at is None

    suggestions.first.locator("a.digicanvis-contact-team").click()
    page.wait_for_url(re.compile(r"/project/teleassistencia-sabadell"))
    message = page.locator("#field-contact-message")
    expect(message).to_be_visible()
    expect(message).to_have_value(re.compile(r"Teleassistència per a la gent gran que viu sola.*/forum/t/", re.S))
    screenshot(page, "need-contact-the-team")

    page.goto(need_url)
    page.locator(".digicanvis-need-solve summary").click()
    page.locator("#field-solve-project").select_option("teleassistencia-sabadell")
    page.locator(".digicanvis-need-solve button[type=submit]").click()
    expect(page.locator(".digicanvis-need-solved")).to_contain_text("Teleassistència a domicili")
    page.goto(f"{live_server}/project/teleassistencia-sabadell")
    expect(page.locator(".digicanvis-helped")).to_have_text("Ha ajudat 1 ens local")
    assert helpers.call_action("need_list", state="solved")["count"] == 1
