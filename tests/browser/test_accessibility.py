"""WCAG 2.1 A/AA on the pages people use, checked by axe-core in headless Chromium, in Catalan.

axe-core is pinned in package.json (a devDependency: `npm ci` in scripts/install.sh puts it in
node_modules); the test injects it from there, so nothing is fetched while the tests run and
the site never serves it. Each test walks its pages on one catalogue and reports every
violation (rule, page, element) at once, so one run shows the whole debt.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from tests import factories
from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe reports one result per rule, with the elements that fail it.
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => ({id: v.id, impact: v.impact,
                                      targets: v.nodes.map(n => n.target.join(' '))}));
}"""

Violation = dict[str, Any]


def axe_violations(page: Page, url: str) -> list[Violation]:
    """Open ``url`` as a person would (scripts done) and return axe's WCAG 2.1 AA violations."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: `make test` installs it (npm ci in scripts/install.sh).", pytrace=False)
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    page.wait_for_load_state("networkidle")
    # Evaluated by the browser's debugging protocol, which the site's CSP does not govern (a
    # script tag would be refused like any injected script: the page keeps its real policy).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(RUN_AXE, WCAG_21_AA)


def check_pages(page: Page, base_url: str, paths: list[str]) -> dict[str, int]:
    """axe on every path; fails listing every violation by page, rule and element."""
    found = {path: axe_violations(page, base_url + path) for path in paths}
    counts = {path: sum(len(v["targets"]) for v in violations) for path, violations in found.items()}
    print("axe violations (elements) per page:", counts)
    report = [
        f"{path}: {violation['id']} ({violation['impact']}) at {target}"
        for path, violations in found.items() for violation in violations for target in violation["targets"]
    ]
    assert not report, f"{len(report)} WCAG 2.1 AA violations:\n" + "\n".join(report)
    return counts


@pytest.fixture
def catalogue(app) -> dict[str, Any]:
    """Two councils, three projects (so facets have counts), a forum question with a reply,
    the editorial pages."""
    from ckanext.digicanvis.logic import editorial

    with app.flask_app.test_request_context():
        editorial.load_pages(editorial.editorial_pages())
    abrera = factories.body_at("abrera")
    girona = factories.body_at("girona", ine_code="17079", comarca="Gironès", province="Girona")
    # Every field filled in, so the project page shows every section.
    project = helpers.call_action("package_create", {"user": ckan_factories.Sysadmin()["name"]},
                                  **factories.full_project(abrera["id"]))
    factories.project_of(abrera, "teleassistencia", title="Teleassistència mòbil", area="social_services")
    factories.project_of(girona, "padro-en-linia", title="Padró en línia", area="services_procedures")
    editor = factories.editor_of(abrera["id"], ckan_factories.User(
        name="anna-abrera", fullname="Anna Serra", password=PASSWORD, image_url=""))
    topic = factories.forum_topic(editor, title="Quin xatbot feu servir?")
    factories.forum_reply(editor, topic["id"], "Nosaltres fem servir un xatbot propi.")
    return {"body": abrera, "project": project, "topic": topic, "editor": editor}


def test_public_pages_in_catalan_have_no_wcag_violations(live_server: str, page: Page, catalogue) -> None:
    check_pages(page, live_server, [
        "/",
        "/project/",
        "/project/?area=services_procedures",
        f"/project/{catalogue['project']['name']}",
        "/local-bodies/",
        f"/organization/{catalogue['body']['name']}",
        "/forum/",
        f"/forum/c/{catalogue['topic']['category']}",
        f"/forum/t/{catalogue['topic']['id']}",
        "/user/login",
        "/user/register",
        "/statistics/",
        "/pages/accessibility",
    ])


def test_a_body_editors_pages_have_no_wcag_violations(
    live_server: str, page: Page, catalogue, sign_in: Callable[[Page, dict[str, Any]], None]
) -> None:
    sign_in(page, catalogue["editor"])
    check_pages(page, live_server, [
        "/project/new",
        "/my-space/",
        "/forum/notifications",
    ])


def test_the_keyboard_skips_to_the_content_with_focus_always_visible(
    live_server: str, page: Page, catalogue, screenshot
) -> None:
    page.goto(f"{live_server}/project/")

    page.keyboard.press("Tab")  # the first stop: the skip link, shown when focused
    skip = page.locator(":focus")
    expect(skip).to_have_text("Salta al contingut principal")
    expect(skip).to_be_in_viewport()
    assert focus_ring(page)
    screenshot(page, "keyboard-skip-link")

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#content$"))
    page.keyboard.press("Tab")  # the next stop is in the content, past the header's links
    assert page.evaluate("document.getElementById('content').contains(document.activeElement)")
    for _ in range(5):  # and every stop shows where it is
        assert focus_ring(page), page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
        page.keyboard.press("Tab")


def focus_ring(page: Page) -> bool:
    """The focused element draws an outline at least 2 px wide."""
    return page.evaluate("""() => {
      const style = getComputedStyle(document.activeElement);
      return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    }""")
