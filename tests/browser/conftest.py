"""Browser fixtures: the CKAN test app over real HTTP, driven by headless Chromium.

Playwright (pinned in dev-requirements.txt) drives Debian's ``/usr/bin/chromium``, which
``scripts/install.sh`` installs; Playwright's own browser download is never used.
Screenshots go to ``tests/output/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from werkzeug.serving import make_server

from ckan.types import FixtureCkanConfig, FixtureMakeApp

CHROMIUM = Path("/usr/bin/chromium")
# Playwright adds --headless and --no-sandbox and gives every launch a fresh temporary
# user-data dir; these keep Chromium off the network and quiet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "output" / "screenshots"
# Anything but the live server (CDNs, Gravatar, a factory's image_url) is refused at once:
# the tests never depend on the internet, nor wait for it.
NOT_LOCAL = re.compile(r"^(?!https?://127\.0\.0\.1[:/])")


@pytest.fixture
def live_server(make_app: FixtureMakeApp, ckan_config: FixtureCkanConfig) -> Iterator[str]:
    """Serve the CKAN test app at a free port of 127.0.0.1 while the test runs; yield its URL.

    The server runs in a thread of the test process, so it sees what ``clean_db`` and the
    factories do. ``ckan.site_url`` becomes the server's URL for the test (``ckan_config``
    restores it), because CKAN builds its redirects from it.
    """
    server = make_server("127.0.0.1", 0, app=_not_ready, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    ckan_config["ckan.site_url"] = base_url
    # The app reads site_url when it is made, so it comes after the port is known.
    server.app = make_app().app  # the whole WSGI stack, as `ckan run` serves it
    thread = threading.Thread(target=server.serve_forever, name="ckan-live-server", daemon=True)
    thread.start()
    try:
        yield base_url
    finally:
        server.shutdown()  # ends serve_forever; request threads are daemons
        server.server_close()
        thread.join(timeout=10)


def _not_ready(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    """Placeholder app between binding the port and making the CKAN app."""
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"not ready"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session: starting it is the slow part."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium package. "
            "`make test` installs it (scripts/install.sh); its absence means a broken install.",
            pytrace=False,
        )
    for stale in SCREENSHOTS.glob("failed-*.png"):  # from an earlier run
        stale.unlink()
    playwright: Playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def browser_locale() -> str:
    """The browser's language; Catalan as the site's. Parametrize it to change it."""
    return "ca-ES"


@pytest.fixture
def page(browser: Browser, browser_locale: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh context (no cookies) and page per test; a failed test leaves a screenshot."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=browser_locale)
    context.set_default_timeout(10_000)  # fail in seconds, not Playwright's 30
    context.route(NOT_LOCAL, lambda route: route.abort())
    page = context.new_page()
    yield page
    report = request.node.stash.get(_CALL_REPORT, None)
    if report is not None and report.failed:
        with contextlib.suppress(PlaywrightError):  # best effort: the page may be broken
            screenshot(page, f"failed-{request.node.name}")
    context.close()


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as tests/output/screenshots/<name>.png; return its path.

    Waits until the network is idle first, so CKAN's JavaScript modules (select2 widgets,
    which start after an /api/i18n request) are drawn as a person would see them.
    """
    page.wait_for_load_state("networkidle")
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9._-]+', '_', name)}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(name="screenshot")
def screenshot_fixture() -> Callable[[Page, str], Path]:
    """``screenshot(page, name)`` for tests, without importing from a conftest."""
    return screenshot


_CALL_REPORT = pytest.StashKey[pytest.TestReport]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep the test's own outcome where the ``page`` fixture can read it at teardown."""
    report = yield
    if report.when == "call":
        item.stash[_CALL_REPORT] = report
    return report


PASSWORD = "Correct-horse-42"


@pytest.fixture
def sign_in(live_server: str) -> Callable[[Page, dict[str, Any]], None]:
    """``sign_in(page, user)`` through the login form; users need ``password=PASSWORD``."""
    def sign_in(page: Page, user: dict[str, Any]) -> None:
        page.goto(f"{live_server}/user/login")
        page.locator("#field-login").fill(user["name"])
        page.locator("#field-password").fill(PASSWORD)
        page.locator("form:has(#field-login) button[type=submit]").click()
        page.locator(".account-masthead .account.authed").wait_for()
    return sign_in
