"""Security checks that need a real browser: user text on maps stays text (issue 10, defect 1)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

# Markup a title may hold: shown as text it is harmless; parsed as HTML it runs.
HOSTILE = '<img src=x onerror="window.__xss=(window.__xss||0)+1;alert(1)">'


def watch_for_script(page: Page) -> list[str]:
    """Alerts the page opens (there must be none)."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


def hover_pin(page: Page) -> None:
    page.locator(".digicanvis-map[data-markers]").wait_for()
    # The project's own marker may sit on the pin: send the hover to the pin itself.
    page.locator(".digicanvis-map path.leaflet-interactive").dispatch_event("mouseover")


def assert_tooltip_is_text(page: Page, text: str, dialogs: list[str]) -> None:
    tooltip = page.locator(".leaflet-tooltip")
    expect(tooltip).to_have_text(text)
    expect(tooltip.locator("img")).to_have_count(0)
    assert page.evaluate("window.__xss") is None
    assert dialogs == []


def test_a_local_body_title_with_markup_is_a_text_tooltip_on_its_map(live_server: str, page: Page) -> None:
    body = factories.body_at("sabadell", title=HOSTILE)
    dialogs = watch_for_script(page)

    page.goto(f"{live_server}/organization/{body['name']}")
    hover_pin(page)

    assert_tooltip_is_text(page, HOSTILE, dialogs)


def test_a_project_title_with_markup_is_a_text_tooltip_on_its_spread_map(live_server: str, page: Page) -> None:
    body = factories.body_at("girona")
    factories.project_of(body, "projecte-hostil", title=HOSTILE)
    dialogs = watch_for_script(page)

    page.goto(f"{live_server}/project/projecte-hostil/spread")
    hover_pin(page)

    assert_tooltip_is_text(page, HOSTILE, dialogs)
