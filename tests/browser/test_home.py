"""The home page and the login form, in headless Chromium against the live test app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ckan.tests import factories

pytestmark = pytest.mark.usefixtures("clean_db")


@pytest.fixture
def editorial_pages(app):
    """The site's pages as `ckan digicanvis load-pages` loads them (the about page is one)."""
    from ckanext.digicanvis.logic import editorial

    with app.flask_app.test_request_context():
        editorial.load_pages(editorial.editorial_pages())

Screenshot = Callable[[Page, str], Path]


def test_home_speaks_catalan_and_switches_to_english(
    live_server: str, page: Page, screenshot: Screenshot, editorial_pages: None
) -> None:
    page.goto(f"{live_server}/")

    expect(page.locator("html")).to_have_attribute("lang", "ca")
    expect(page.locator("footer")).to_contain_text("Un observatori gestionat per")
    # Matched by address and CKAN's own wording: the dataset and organization labels follow
    # the site's types, which the schemas may rename.
    nav = page.locator("#main-navigation-toggle .navbar-nav")
    expect(nav.locator("a[href='/local-bodies/']")).to_be_visible()
    expect(nav.get_by_role("link", name="Quant a l'observatori", exact=True)).to_have_attribute("href", "/pages/about")
    screenshot(page, "home-ca")

    # The footer's language selector is a select2 widget: choosing submits its form, which
    # posts to /util/redirect (with the CSRF token) and lands on /en/.
    page.locator("form.lang-select .select2-selection").click()
    page.get_by_role("option", name="English").click()
    page.wait_for_url(f"{live_server}/en/")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("footer")).to_contain_text("An observatory run by")
    # ckanext-pages keeps one menu for every language: the Catalan page (it links its es/en versions).
    expect(nav.get_by_role("link", name="Quant a l'observatori", exact=True)).to_be_visible()
    screenshot(page, "home-en")


def test_sysadmin_signs_in_through_the_login_form(
    live_server: str, page: Page, screenshot: Screenshot
) -> None:
    # No image_url: the factory's default points at the internet.
    admin = factories.Sysadmin(
        name="marta-admin", fullname="Marta Puig", password="Correct-horse-42", image_url=""
    )

    page.goto(f"{live_server}/user/login")
    page.locator("#field-login").fill(admin["name"])
    page.locator("#field-password").fill("Correct-horse-42")
    page.locator("form:has(#field-login) button[type=submit]").click()

    account = page.locator(".account-masthead .account.authed")
    expect(account.locator(".username")).to_have_text("Marta Puig")
    expect(account.locator(f"a[href='/user/{admin['name']}']")).to_be_visible()
    expect(account.locator("a[href='/ckan-admin/']")).to_be_visible()  # sysadmins only
    screenshot(page, "login")
