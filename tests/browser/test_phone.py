"""Phones: no page scrolls sideways at 320 and 390 px, and a project's page shows the project
before its body's sidebar. Screenshots at 390 px in tests/output/screenshots/phone-*.png."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from ckan.tests import factories as ckan_factories, helpers

from tests import factories
from tests.browser.conftest import PASSWORD, SCREENSHOTS

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

Screenshot = Callable[[Page, str], Path]
WIDTHS = (320, 390)
# What sticks out, if anything: the widest elements past the right edge, for the message.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1 && getComputedStyle(el).position !== 'fixed';
  }).slice(0, 5).map(el => el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' ' + Math.round(el.getBoundingClientRect().right));
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


@pytest.fixture
def site() -> dict:
    girona = factories.body_at("girona", ine_code="17079")
    factories.project_of(girona, "xatbot-girona", title="Xatbot d'atenció ciutadana de l'Ajuntament de Girona",
                         contacts=[{"name": "Marta Puig", "role": "Cap TIC", "email": "marta@girona.example.cat",
                                    "phone": "", "public": "yes"}])
    user = ckan_factories.User(name="laia", fullname="Laia Roca", password=PASSWORD, image_url="")
    helpers.call_action("organization_member_create", {"ignore_auth": True}, id=girona["id"], username="laia", role="editor")
    topic = factories.forum_topic(user, title="Quin xatbot feu servir per a l'atenció ciutadana?")
    return {"user": user, "topic": topic}


def phone(browser: Browser, width: int) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 740}, locale="ca-ES", is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    context.set_default_timeout(10_000)
    return context.new_page()


def test_no_page_scrolls_sideways_and_the_project_comes_first(
    live_server: str, browser: Browser, site: dict, sign_in, screenshot: Screenshot
) -> None:
    pages = {
        "home": "/", "projects": "/project/", "project": "/project/xatbot-girona", "bodies": "/local-bodies/",
        "body": "/organization/ajuntament-de-girona", "forum": "/forum/", "topic": f"/forum/t/{site['topic']['id']}",
        "login": "/user/login", "register": "/user/register", "space": "/my-space/", "form": "/project/new",
        "requests": "/requests/",
    }
    too_wide = []
    for width in WIDTHS:
        page = phone(browser, width)
        sign_in(page, site["user"])
        for name, path in pages.items():
            page.goto(f"{live_server}{path}")
            page.wait_for_load_state("networkidle")
            measured = page.evaluate(OVERFLOW)
            if measured["scroll"] > measured["width"]:
                too_wide.append((width, name, measured))
            if width == 390:
                screenshot(page, f"phone-{name}")
                page.screenshot(path=str(SCREENSHOTS / f"phone-{name}-first-screen.png"))  # what one sees first
        page.goto(f"{live_server}/project/xatbot-girona")
        main = page.locator(".wrapper > .primary").bounding_box()
        aside = page.locator(".wrapper > .secondary").bounding_box()
        assert main["y"] < aside["y"], (width, main, aside)
        expect(page.locator(".wrapper > .primary h1")).to_be_in_viewport()
        page.context.close()
    if too_wide:
        pytest.fail("\n".join(f"{width} px, {name}: {measured}" for width, name, measured in too_wide))
