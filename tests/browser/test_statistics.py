"""The statistics dashboard in headless Chromium: charts drawn from their tables, the coverage
map, a filter, a CSV download, and a phone screen."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

Screenshot = Callable[[Page, str], Path]


@pytest.fixture
def catalogue():
    abrera = factories.body_at("abrera")
    girona = factories.body_at("girona", ine_code="17079", comarca="Gironès", province="Girona")
    factories.project_of(abrera, "finestreta", area="services_procedures", technologies=["chatbot", "=1+1"])
    factories.project_of(abrera, "teleassistencia", area="social_services", start_year="2019")
    factories.project_of(girona, "padro", area="services_procedures", technologies=["chatbot"],
                         savings=[{"kind": "money", "amount": "2500", "unit": "EUR", "period": "year"}])


def test_a_reader_filters_the_dashboard_and_downloads_a_table(live_server: str, page: Page, screenshot: Screenshot, catalogue) -> None:
    page.goto(f"{live_server}/statistics/")

    expect(page.locator("h1")).to_have_text("L'observatori en xifres")
    expect(page.locator(".digicanvis-statistics-total")).to_have_attribute("data-total", "3")
    expect(page.locator("#stat-area [data-drawn]")).to_have_attribute("data-drawn", "2")
    expect(page.locator(".digicanvis-coverage-map")).to_have_attribute("data-municipalities", "947", timeout=20_000)
    area_rows = page.locator("#table-area tbody tr")
    expect(area_rows).to_have_count(2)
    expect(area_rows.first).to_contain_text("Serveis i tràmits")
    expect(area_rows.first.locator("td")).to_have_text("2")
    expect(page.locator("#table-savings")).to_contain_text("2.500")
    screenshot(page, "statistics-dashboard")

    page.locator("#filter-province").select_option("Girona")
    page.get_by_role("button", name="Aplica").click()
    page.wait_for_url(re.compile(r"province=Girona"))
    expect(page.locator(".digicanvis-statistics-total")).to_have_attribute("data-total", "1")
    expect(page.locator("#filter-comarca option")).to_contain_text(["Gironès"])
    expect(page.locator("#table-province tbody tr")).to_have_count(1)
    expect(page.locator(".digicanvis-coverage-map")).to_have_attribute("data-municipalities", "221", timeout=20_000)

    with page.expect_download() as download_info:
        page.locator("#stat-technologies a.digicanvis-csv").click()
    rows = list(csv.reader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows == [["Tecnologia", "Projectes"], ["chatbot", "1"]]

    whole = page.request.get(f"{live_server}/statistics/technologies.csv")  # the whole catalogue
    assert whole.status == 200 and "'=1+1" in whole.text()  # a formula stays text


def test_the_dashboard_on_a_phone(live_server: str, page: Page, screenshot: Screenshot, catalogue) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/forum/")
    site_width = page.evaluate("document.documentElement.scrollWidth")  # CKAN's own layout on a phone
    page.goto(f"{live_server}/statistics/?area=social_services")

    expect(page.locator(".digicanvis-statistics-total")).to_have_attribute("data-total", "1")
    expect(page.locator(".digicanvis-coverage-map")).to_have_attribute("data-municipalities", "947", timeout=20_000)
    # Wide tables scroll inside their box: the page is no wider than the site's other pages.
    assert page.evaluate("document.documentElement.scrollWidth") <= site_width
    screenshot(page, "statistics-phone")


def test_a_bad_filter_in_the_address_is_a_message(live_server: str, page: Page, catalogue) -> None:
    page.goto(f"{live_server}/statistics/?comarca=Bages&province=Girona")

    expect(page.locator(".alert-danger")).to_contain_text("Bages no és a la província de Girona")
    expect(page.locator("#table-area")).to_have_count(0)
