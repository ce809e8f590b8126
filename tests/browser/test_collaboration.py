"""Contacting a team and arranging a visit in headless Chromium, as two councils would."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from ckan.tests import factories as ckan_factories, helpers

from tests import factories
from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

Screenshot = Callable[[Page, str], Path]


@pytest.fixture
def world() -> dict:
    girona = factories.body_at("girona", ine_code="17079")
    tremp = factories.body_at("tremp", ine_code="25234")
    factories.project_of(girona, "xatbot-girona", title="Xatbot de Girona", contacts=[
        {"name": "Marta Puig", "role": "Cap TIC", "email": "marta@girona.example.cat", "phone": "", "public": "yes"}])
    people = {}
    for name, body in (("laia", tremp), ("host", girona)):
        people[name] = ckan_factories.User(name=name, fullname=name.title(), email=f"{name}@example.cat",
                                           password=PASSWORD, image_url="")
        helpers.call_action("organization_member_create", {"ignore_auth": True}, id=body["id"], username=name, role="admin")
    return people


def test_contact_and_a_visit_between_two_councils(
    live_server: str, page: Page, browser: Browser, sign_in, screenshot: Screenshot, world: dict, smtp_sink, run_jobs
) -> None:
    sign_in(page, world["laia"])
    page.goto(f"{live_server}/project/xatbot-girona")
    section = page.locator("#work-with-the-team")
    expect(section).not_to_contain_text("marta@girona.example.cat")
    section.locator(".digicanvis-contact-form summary").click()
    page.locator("#field-contact-message").fill("Hola, ens podeu explicar com el vau contractar?")
    section.locator(".digicanvis-contact-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()

    section = page.locator("#work-with-the-team")
    section.locator(".digicanvis-visit-form summary").click()
    page.locator("#field-visit-purpose").fill("Veure el xatbot en funcionament")
    page.locator("#field-visit-date-1").fill((datetime.date.today() + datetime.timedelta(days=15)).isoformat())
    page.locator("#field-visitors").fill("3")
    section.locator(".digicanvis-visit-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    screenshot(page, "project-work-with-the-team")

    run_jobs()
    assert {m["To"].addresses[0].addr_spec for m in smtp_sink} == {"marta@girona.example.cat"}
    assert any(m["Reply-To"] == "laia@example.cat" for m in smtp_sink)

    host = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ca-ES").new_page()
    host.context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/])"), lambda route: route.abort())
    sign_in(host, world["host"])
    host.goto(f"{live_server}/requests/")
    expect(host.locator(".digicanvis-contact-request")).to_contain_text("laia@example.cat")
    visit = host.locator(".digicanvis-visit-request")
    expect(visit).to_contain_text("Ajuntament de Tremp")
    visit.locator("button[value=accepted]").click()
    expect(host.locator(".digicanvis-visit-request")).to_have_attribute("data-status", "accepted")
    screenshot(host, "requests-host")
    host.context.close()

    page.goto(f"{live_server}/requests/")
    mine = page.locator(".digicanvis-visit-request")
    expect(mine).to_have_attribute("data-status", "accepted")
    expect(page.locator("body")).not_to_contain_text("marta@girona.example.cat")
