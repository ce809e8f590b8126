"""Finding projects in headless Chromium: maps with markers (no tiles: offline), distance
search, "similar size", and facets that update the map."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

Screenshot = Callable[[Page, str], Path]


@pytest.fixture
def catalogue() -> dict:
    """Four towns, five projects: two in Barcelona, one each in Sabadell, Girona and Tremp."""
    bodies = {place: factories.body_at(place, ine_code=f"0{i}001")
              for i, place in enumerate(("barcelona", "sabadell", "girona", "tremp"))}
    factories.project_of(bodies["barcelona"], "xatbot-bcn", title="Xatbot de Barcelona", area="citizen_attention")
    factories.project_of(bodies["barcelona"], "dades-bcn", title="Dades obertes de Barcelona", area="participation_open_government")
    factories.project_of(bodies["sabadell"], "xatbot-sabadell", title="Xatbot de Sabadell", area="citizen_attention")
    factories.project_of(bodies["girona"], "sensors-girona", title="Sensors de Girona", area="planning_management")
    factories.project_of(bodies["tremp"], "tramits-tremp", title="Tràmits de Tremp", area="services_procedures")
    return bodies


def map_markers(page: Page, selector: str = ".digicanvis-map") -> int:
    found = page.locator(f"{selector}[data-markers]")
    expect(found).to_have_count(1)
    return int(found.get_attribute("data-markers"))


def test_search_page_map_shows_a_marker_per_project_with_a_popup(
    live_server: str, page: Page, screenshot: Screenshot, catalogue: dict
) -> None:
    page.goto(f"{live_server}/project/")

    assert map_markers(page) == 5
    # Barcelona's two projects share a point, so at least they are clustered; clusters and
    # single markers together stand for the five projects.
    clusters = page.locator(".digicanvis-map .marker-cluster")
    expect(clusters.first).to_be_visible()
    clustered = sum(int(text) for text in clusters.all_inner_texts())
    assert clustered >= 2
    assert clustered + page.locator(".digicanvis-map .digicanvis-marker").count() == 5
    screenshot(page, "search-map")

    page.locator(".digicanvis-map .digicanvis-marker[title='Sensors de Girona']").click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.get_by_role("link", name="Sensors de Girona")).to_have_attribute("href", "/project/sensors-girona")
    expect(popup).to_contain_text("Ajuntament de Girona")
    expect(popup).to_contain_text("Planificació i gestió pública")
    screenshot(page, "search-map-popup")


def test_a_facet_click_updates_list_and_map(live_server: str, page: Page, catalogue: dict) -> None:
    page.goto(f"{live_server}/project/")
    assert map_markers(page) == 5

    page.locator("a[hx-boost][href*='area=citizen_attention']").click()

    expect(page.locator(".dataset-item")).to_have_count(2)
    expect(page.locator(".digicanvis-map[data-markers='2']")).to_have_count(1)


def test_near_a_body_lists_nearest_first_with_distances_and_offers_similar_size(
    live_server: str, page: Page, screenshot: Screenshot, catalogue: dict
) -> None:
    page.goto(f"{live_server}/project/?ext_near=Ajuntament+de+Sabadell&ext_radius_km=50")

    titles = page.locator(".dataset-item .dataset-heading a")
    # Barcelona's two are equally far: the latest changed first.
    expect(titles).to_have_text(["Xatbot de Sabadell", "Dades obertes de Barcelona", "Xatbot de Barcelona"])
    expect(page.locator(".dataset-item .digicanvis-distance").first).to_have_text("a 0,0 km")
    expect(page.locator(".dataset-item .digicanvis-distance").nth(1)).to_have_text("a 18,8 km")
    expect(page.locator("#field-order-by")).to_have_value("distance asc")
    assert map_markers(page) == 3
    screenshot(page, "search-near-sabadell")

    # Sabadell has 222,360 inhabitants: 100k-500k, with 50k-100k and over 500k beside it.
    page.locator("a.digicanvis-similar-size").click()
    page.wait_for_url(re.compile(r"ext_size_like=100k-500k"))
    expect(titles).to_have_count(3)
    expect(page.locator(".digicanvis-size .pill")).to_contain_text("De 100.000 a 500.000")


def test_unknown_place_shows_a_message_not_an_error_page(live_server: str, page: Page, catalogue: dict) -> None:
    page.goto(f"{live_server}/project/?ext_near=Vilanova+d%27Enlloc")

    expect(page.locator(".digicanvis-search-error")).to_have_text('Cap ens local no es diu "Vilanova d\'Enlloc".')
    expect(page.locator(".dataset-item")).to_have_count(0)


def test_home_page_offers_areas_proximity_latest_and_a_map(
    live_server: str, page: Page, screenshot: Screenshot, catalogue: dict
) -> None:
    page.goto(f"{live_server}/")

    assert map_markers(page) == 5
    expect(page.locator(".digicanvis-area")).to_have_count(6)
    expect(page.locator(".digicanvis-home__latest li")).to_have_count(5)
    screenshot(page, "home-discovery")

    page.locator(".digicanvis-area", has_text="Primera línia d'atenció ciutadana").click()
    page.wait_for_url(re.compile(r"/project/\?area=citizen_attention$"))
    expect(page.locator(".dataset-item")).to_have_count(2)


def test_local_body_page_pins_the_body_and_lists_neighbours(
    live_server: str, page: Page, screenshot: Screenshot, catalogue: dict
) -> None:
    page.goto(f"{live_server}/organization/ajuntament-de-sabadell")

    assert map_markers(page) == 3  # its own project and Barcelona's two, within 50 km
    expect(page.locator(".digicanvis-map path.leaflet-interactive")).to_have_count(1)  # the pin
    expect(page.locator(".digicanvis-nearby li")).to_have_count(2)
    screenshot(page, "local-body-sabadell")


def test_the_near_picker_searches_when_a_body_is_chosen_and_initialises_once(
    live_server: str, page: Page, screenshot: Screenshot, catalogue: dict
) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server}/project/")

    # A facet click swaps the results in (htmx): the map and the picker stay single.
    page.locator("a[hx-boost][href*='area=citizen_attention']").click()
    expect(page.locator(".dataset-item")).to_have_count(2)
    expect(page.locator("#field-near")).to_have_count(1)

    # Choosing a suggestion with the keyboard runs the distance search at once.
    near = page.locator("#field-near")
    near.press_sequentially("sabad", delay=30)
    option = page.locator(".digicanvis-picker-option", has_text="Ajuntament de Sabadell")
    expect(option).to_be_visible()
    screenshot(page, "near-picker-suggestions")
    near.press("ArrowDown")
    near.press("Enter")
    page.wait_for_url(re.compile(r"ext_near=Ajuntament(\+|%20)de(\+|%20)Sabadell"))
    expect(page.locator(".dataset-item .digicanvis-distance").first).to_have_text("a 0,0 km")

    # A place's name typed and sent with Enter finds its council ("Tremp" → Ajuntament de Tremp).
    page.locator("#field-near").fill("Tremp")
    page.locator("#field-near").press("Escape")
    page.locator("#field-near").press("Enter")
    page.wait_for_url(re.compile(r"ext_near=Tremp"))
    expect(page.locator(".digicanvis-search-error")).to_have_count(0)
    # (the area chosen earlier still applies: the nearest citizen-attention project, ~120 km)
    expect(page.locator(".dataset-item .digicanvis-distance").first).to_have_text(re.compile(r"^a 1\d\d,\d km$"))
    expect(page.locator(".digicanvis-map")).to_have_count(1)
    assert not [error for error in errors if "already initialized" in error or "Uncaught" in error], errors
