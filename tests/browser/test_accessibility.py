"""WCAG 2.1 A/AA on the pages people use, checked by axe-core in headless Chromium, in Catalan.

axe-core is pinned in package.json (a devDependency: `npm ci` in scripts/install.sh puts it in
node_modules); the test injects it from there, so nothing is fetched while the tests run and
the site never serves it. Each test walks its pages on one catalogue and reports every
violation (rule, page, element) at once, so one run shows the whole debt.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from tests import factories
from tests.browser.conftest import NOT_LOCAL, PASSWORD
from tests.harvest.conftest import create_source

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
    return axe_here(page)


def axe_here(page: Page) -> list[Violation]:
    """axe's WCAG 2.1 AA violations on the page as it is now."""
    page.wait_for_load_state("networkidle")
    # Evaluated through the DevTools protocol: the site's Content-Security-Policy (no inline
    # scripts) rightly refuses a <script> tag of it.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(RUN_AXE, WCAG_21_AA)


def check_pages(page: Page, base_url: str, paths: list[str],
                after: dict[str, Callable[[], None]] | None = None) -> dict[str, int]:
    """axe on every path, then on each page ``after`` brings the browser to (a form sent with
    errors); fails listing every violation by page, rule and element."""
    found = {path: axe_violations(page, base_url + path) for path in paths}
    for name, go_there in (after or {}).items():
        go_there()
        found[name] = axe_here(page)
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
    the editorial pages; and what the signed-in pages list: a draft waiting for review, a
    flagged post, a need, a request to join, a harvest source."""
    from ckanext.digicanvis.logic import editorial

    with app.flask_app.test_request_context():
        editorial.load_pages(editorial.editorial_pages())
    abrera = factories.body_at("abrera")
    girona = factories.body_at("girona", ine_code="17079", comarca="Gironès", province="Girona")
    # Every field filled in, so the project page shows every section.
    project = helpers.call_action("package_create", {"user": ckan_factories.Sysadmin()["name"]},
                                  **factories.full_project(abrera["id"]))
    factories.project_of(abrera, "teleassistencia", title="Teleassistència mòbil", area="social_services")
    factories.project_of(girona, "padro-en-linia", title="Padró en línia", area="services_procedures",
                         replicated_from=project["name"])
    editor = factories.editor_of(abrera["id"], ckan_factories.User(
        name="anna-abrera", fullname="Anna Serra", password=PASSWORD, image_url=""))
    topic = factories.forum_topic(editor, title="Quin xatbot feu servir?")
    reply = factories.forum_reply(editor, topic["id"], "Nosaltres fem servir un xatbot propi.")
    sysadmin = ckan_factories.Sysadmin(name="admin-observatori", fullname="Administració", password=PASSWORD,
                                       image_url="")
    newcomer = ckan_factories.User(name="nou-usuari", fullname="Pau Nou", password=PASSWORD, image_url="")
    as_editor = {"user": editor["name"], "ignore_auth": False}
    draft = helpers.call_action("package_create", as_editor, **factories.full_project(
        abrera["id"], name="registre-digital", title="Registre digital"))
    helpers.call_action("project_submit_for_review", as_editor, id=draft["id"])
    helpers.call_action("forum_post_flag", {"user": newcomer["name"]}, id=reply["id"], reason="Fora de lloc")
    helpers.call_action("need_create", as_editor, body=abrera["name"], area="social_services",
                        title="Teleassistència per a la gent gran que viu sola",
                        description="Volem una alarma de teleassistència per a les persones grans que viuen soles.")
    helpers.call_action("membership_request_create", {"user": newcomer["name"], "ignore_auth": False},
                        organization=abrera["title"])
    source = create_source("http://127.0.0.1:9/projects.jsonld", "digicanvis", name="font-de-prova")
    return {"body": abrera, "project": project, "topic": topic, "editor": editor, "sysadmin": sysadmin,
            "newcomer": newcomer, "source": source}


def project_pages(project: str) -> list[str]:
    """The project page's every tab."""
    return [f"/project/{project}", f"/project/{project}/discussion", f"/dataset/activity/{project}",
            f"/project/{project}/spread"]


def test_public_pages_in_catalan_have_no_wcag_violations(live_server: str, page: Page, catalogue) -> None:
    check_pages(page, live_server, [
        "/",
        "/project/",
        "/project/?area=services_procedures",
        "/project/?ext_near=Girona&ext_radius_km=100",  # distance search, with the map
        *project_pages(catalogue["project"]["name"]),
        "/local-bodies/",
        f"/organization/{catalogue['body']['name']}",
        "/organization/",  # CKAN's index of bodies: the directory here
        f"/organization/about/{catalogue['body']['name']}",
        "/forum/",
        f"/forum/c/{catalogue['topic']['category']}",
        f"/forum/t/{catalogue['topic']['id']}",
        "/forum/search?q=xatbot",
        "/forum/needs/",
        "/blog",
        "/blog/welcome",
        "/pages/about",
        "/pages/faq",
        "/pages/accessibility",
        "/harvest/",
        f"/harvest/{catalogue['source']['name']}",
        "/user/login",
        "/user/register",
        "/statistics/",
    ])


def test_main_pages_in_spanish_and_english_have_no_wcag_violations(
    live_server: str, page: Page, catalogue
) -> None:
    main = ["/", "/project/", f"/project/{catalogue['project']['name']}", "/local-bodies/",
            f"/organization/{catalogue['body']['name']}", f"/forum/t/{catalogue['topic']['id']}",
            "/statistics/", "/user/login"]
    check_pages(page, live_server, [f"/{lang}{path}" for lang in ("es", "en") for path in main]
                + ["/pages/accessibility-es", "/pages/accessibility-en"])


def test_a_body_editors_pages_have_no_wcag_violations(
    live_server: str, page: Page, catalogue, sign_in: Callable[[Page, dict[str, Any]], None]
) -> None:
    project = catalogue["project"]["name"]
    sign_in(page, catalogue["editor"])
    check_pages(page, live_server, [
        "/project/new",
        *[f"/project/edit/{project}/{step}" for step in (1, 2, 3, 4)],
        f"/project/{project}/resource/new",
        *project_pages(project),  # as a member: contacts, the forms to the team
        f"/project/{project}/confirm",
        "/my-space/",
        "/dashboard/",
        "/dashboard/datasets",
        f"/user/{catalogue['editor']['name']}",
        "/forum/notifications",
        "/forum/new",
        "/forum/needs/new",
        "/requests/",
    ], after={"the form's step 3 with a wrong value": lambda: wrong_value_on_step_3(page, live_server, project)})


def wrong_value_on_step_3(page: Page, base_url: str, project: str) -> None:
    """Step 3 (description, value and savings) sent with a negative cost: shown again with the error."""
    page.goto(f"{base_url}/project/edit/{project}/2")
    expect(page.locator(".digicanvis-step-now")).to_contain_text("3.")
    page.locator("#field-cost").fill("-5")
    page.locator("form#dataset-edit button[name=save]").last.click()
    expect(page.locator(".error-explanation")).to_be_visible()


def test_a_newcomers_pages_have_no_wcag_violations(
    live_server: str, page: Page, catalogue, sign_in: Callable[[Page, dict[str, Any]], None]
) -> None:
    """Someone signed in who belongs to no body yet: where they ask to join."""
    sign_in(page, catalogue["newcomer"])
    check_pages(page, live_server, ["/user/join", "/my-space/"])


def test_a_sysadmins_pages_have_no_wcag_violations(
    live_server: str, page: Page, catalogue, sign_in: Callable[[Page, dict[str, Any]], None]
) -> None:
    sign_in(page, catalogue["sysadmin"])
    check_pages(page, live_server, [
        "/review",
        "/forum/moderation",
        "/forum/needs/settings",
        "/harvest/",
        "/harvest/new",
        f"/harvest/{catalogue['source']['name']}",
        "/harvest/spreadsheet/import",
        "/user/",  # CKAN's list of people
        "/organization/",
        f"/organization/members/{catalogue['body']['name']}",
        "/ckan-admin/",
        "/ckan-admin/mail/",
        "/my-space/",  # with the request to join a body
        "/pages",  # editing the editorial pages and news (ckanext-pages)
        "/pages_edit/about",
        "/blog_edit/welcome",
        f"/project/{catalogue['project']['name']}",
    ], after={"a spreadsheet import's progress": lambda: spreadsheet_uploaded(page, live_server)})


def spreadsheet_uploaded(page: Page, base_url: str) -> None:
    """Upload a (empty) inventory: the import's progress page, waiting for its turn."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Títol"])
    data = io.BytesIO()
    workbook.save(data)
    page.goto(f"{base_url}/harvest/spreadsheet/import")
    page.locator("#import-upload").set_input_files(
        files=[{"name": "inventari.xlsx", "mimeType": XLSX, "buffer": data.getvalue()}])
    page.locator("form:has(#import-upload) button[type=submit]").click()
    expect(page.locator(".digicanvis-import-status")).to_be_visible()


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


# Keyboard only (2.1.1, 2.1.2, 2.4.3, 2.4.7): the journeys below press Tab, Shift+Tab, Enter
# and Space, and type text into fields; never a click. Every stop must show a focus ring.
def tab_to(page: Page, target: Locator, key: str = "Tab", limit: int = 250) -> int:
    """Press ``key`` until ``target`` has the focus; fails when it never does (a trap, or
    unreachable), or when a stop on the way shows no focus ring. Returns the presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        assert focus_ring(page), f"no visible focus at {focused(page)}"
        if target.evaluate("element => element === document.activeElement"):
            return presses
    pytest.fail(f"{key} x{limit} never reached {target}; focus ends at {focused(page)}", pytrace=False)


def focused(page: Page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.outerHTML.slice(0, 200) : 'nothing'")


def test_search_filter_and_open_a_project_with_the_keyboard(live_server: str, page: Page, catalogue) -> None:
    page.goto(f"{live_server}/project/")
    facet = page.locator("nav.digicanvis-facet a, .nav-facet a", has_text="Serveis i tràmits").first
    tab_to(page, facet)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"area=services_procedures"))
    expect(page.locator("#search-results-list .dataset-item")).to_have_count(2)

    result = page.locator("#search-results-list .dataset-heading a", has_text="Padró en línia")
    tab_to(page, result)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server}/project/padro-en-linia")
    expect(page.locator("h1")).to_contain_text("Padró en línia")
    page.wait_for_load_state("networkidle")

    # No trap anywhere on the project page: Tab reaches the footer, Shift+Tab the skip link.
    tab_to(page, page.locator("footer a[href*='/pages/accessibility']"))
    tab_to(page, page.locator(".skip-link, a[href='#content']").first, key="Shift+Tab")


def test_contact_the_team_with_the_keyboard(
    live_server: str, page: Page, catalogue, sign_in: Callable[[Page, dict[str, Any]], None]
) -> None:
    girona = factories.editor_of(factories.body_at("tremp")["id"], ckan_factories.User(
        name="joan-tremp", password=PASSWORD, image_url=""))
    sign_in(page, girona)
    page.goto(f"{live_server}/project/{catalogue['project']['name']}")
    tab_to(page, page.locator(".digicanvis-contact-form summary"))
    page.keyboard.press("Space")  # opens the form
    expect(page.locator("#field-contact-message")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.locator("#field-contact-message")).to_be_focused()
    page.keyboard.type("Ens podeu explicar com ho vau fer?")
    tab_to(page, page.locator(".digicanvis-contact-form button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_be_visible()


def test_reply_in_the_forum_with_the_keyboard(
    live_server: str, page: Page, catalogue, sign_in: Callable[[Page, dict[str, Any]], None]
) -> None:
    sign_in(page, catalogue["newcomer"])
    page.goto(f"{live_server}/forum/")
    tab_to(page, page.locator("a", has_text="Quin xatbot feu servir?").first)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/forum/t/"))
    page.wait_for_load_state("networkidle")  # its stylesheets too, before the focus is looked at
    tab_to(page, page.locator("#field-body"))
    page.keyboard.type("Nosaltres també el fem servir.")
    page.keyboard.press("Tab")
    expect(page.locator("#reply-form button[type=submit]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".digicanvis-post", has_text="Nosaltres també el fem servir.")).to_be_visible()


def test_each_map_has_a_list_of_the_same_places_for_keyboard_and_screen_readers(
    live_server: str, page: Page, catalogue
) -> None:
    """The map is a supplementary view (1.1.1, 2.1.1): a note before it, which the map names
    as its description, links to a list of the same projects as links."""
    maps = {
        "/project/": "#search-results-list .dataset-heading a",
        f"/organization/{catalogue['body']['name']}": "#search-results-list .dataset-heading a",
        f"/project/{catalogue['project']['name']}/spread": "#spread-list a",
    }
    for path, list_links in maps.items():
        page.goto(live_server + path)
        shown = page.locator(".digicanvis-map[data-markers]")
        expect(shown).to_have_count(1)
        note = page.locator("#" + shown.get_attribute("aria-describedby"))
        places = page.evaluate("""async url => (await (await fetch(url)).json()).features
                                    .map(f => new URL(f.properties.url, location.href).pathname)""",
                               shown.get_attribute("data-module-source"))
        assert places, f"{path}: the map shows no project"

        link = note.locator("a")
        target = link.evaluate("link => link.href")
        tab_to(page, link)  # before the map, in the keyboard's order
        page.keyboard.press("Enter")
        page.wait_for_url(target)
        page.wait_for_load_state("networkidle")
        listed = page.locator(list_links).evaluate_all("links => links.map(a => new URL(a.href).pathname)")
        assert set(places) <= set(listed), f"{path}: on the map but not in the list: {set(places) - set(listed)}"

    # The statistics' coverage map draws the table of municipalities under it.
    page.goto(f"{live_server}/statistics/")
    note = page.locator("#" + page.locator(".digicanvis-coverage-map").get_attribute("aria-describedby"))
    tab_to(page, note.locator("a"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#stat-coverage$"))
    expect(page.locator("#stat-coverage table")).to_be_attached()


# 1.4.10 Reflow and 1.4.4 Resize text: a phone 320 CSS px wide, and a 1280 px window at 200%
# zoom (640 CSS px). Nothing may need horizontal scrolling, and the menu must open.
VIEWPORTS = {"320px": ({"width": 320, "height": 640}, 1), "zoom200": ({"width": 640, "height": 450}, 2)}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_narrow_screens_and_200_percent_zoom_need_no_horizontal_scrolling(
    live_server: str, browser: Browser, catalogue, sign_in, viewport: str, tmp_path: Path
) -> None:
    size, scale = VIEWPORTS[viewport]
    context = browser.new_context(viewport=size, device_scale_factor=scale, locale="ca-ES")
    context.set_default_timeout(10_000)
    context.route(NOT_LOCAL, lambda route: route.abort())
    page = context.new_page()
    pages = {"home": "/", "search": "/project/", "project": f"/project/{catalogue['project']['name']}",
             "forum": f"/forum/t/{catalogue['topic']['id']}", "forum-index": "/forum/", "form": "/project/new"}
    too_wide = {}
    try:
        for name, path in pages.items():
            if name == "form":
                sign_in(page, catalogue["editor"])
            page.goto(live_server + path)
            page.wait_for_load_state("networkidle")
            shot = tmp_path / f"{viewport}-{name}.png"
            page.screenshot(path=str(shot), full_page=True)
            print("screenshot:", shot)
            widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if widths[0] > widths[1] + 1:
                too_wide[name] = widths
            # A table cut off inside its card does not widen the page, but hides its columns (one
            # in a scrolling box, allowed for data tables, is not cut off).
            cut = page.evaluate("[...document.querySelectorAll('table')].filter(t => t.offsetParent && "
                                "!t.closest('.table-responsive') && "
                                "t.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length")
            if cut:
                too_wide[f"{name}: tables cut off"] = cut
            menu_works(page)
    finally:
        context.close()
    assert not too_wide, f"horizontal scrolling at {viewport} (scrollWidth, clientWidth): {too_wide}"


def menu_works(page: Page) -> None:
    """The main menu's links are on screen, at once or behind the menu button (by keyboard)."""
    projects = page.locator(".masthead nav a", has_text="Projectes").first
    if not projects.is_visible():
        toggle = page.locator(".masthead .navbar-toggler")
        expect(toggle).to_be_visible()
        toggle.focus()
        page.keyboard.press("Enter")
    expect(projects).to_be_visible()
    expect(projects).to_be_in_viewport()
    box = projects.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"] + 1


def test_ckans_list_of_people_has_named_pager_arrows(
    live_server: str, page: Page, catalogue, sign_in: Callable[[Page, dict[str, Any]], None]
) -> None:
    """CKAN's list of people pages with arrows that say where they go (2.4.4). (CKAN's index
    of organisations is the local bodies' directory here, with the same pager.)"""
    sign_in(page, catalogue["sysadmin"])
    check_pages(page, live_server, ["/user/?limit=1&page=2"])
    pager = page.locator(".pagination")
    expect(pager.get_by_role("link", name="Pàgina anterior")).to_have_count(1)
    expect(pager.get_by_role("link", name="Pàgina següent")).to_have_count(1)


# 1.1.1: an icon either repeats text beside it (then it is hidden from screen readers) or says
# what it means itself. A bare icon read as nothing, or as a private-use glyph, fails.
ICONS_WITHOUT_TEXT = """() => [...document.querySelectorAll('i[class*="fa-"], svg, img')].filter(icon => {
  if (icon.closest('[aria-hidden="true"]') || icon.closest('.leaflet-container')) return false;
  if (icon.tagName === 'IMG') return !icon.hasAttribute('alt');
  if ((icon.getAttribute('aria-label') || icon.getAttribute('title') || '').trim()) return false;
  const holder = icon.closest('a, button, label, summary, li, p, span, td, th, h1, h2, h3, div');
  const text = holder ? (holder.innerText || '').trim() : '';
  const named = holder && (holder.getAttribute('aria-label') || holder.getAttribute('title'));
  return !icon.getAttribute('aria-hidden') && !text && !named;
}).map(icon => icon.outerHTML.slice(0, 160))"""


def test_every_icon_that_means_something_has_a_text_alternative(
    live_server: str, page: Page, catalogue, sign_in: Callable[[Page, dict[str, Any]], None]
) -> None:
    project = catalogue["project"]["name"]
    bare = {}
    for role, paths in ((None, ["/", "/project/", f"/project/{project}", f"/organization/{catalogue['body']['name']}",
                                f"/forum/t/{catalogue['topic']['id']}", "/statistics/"]),
                        (catalogue["sysadmin"], ["/", f"/project/{project}", "/my-space/", "/forum/notifications",
                                                 "/user/", "/harvest/", "/review"])):
        if role:
            sign_in(page, role)
        for path in paths:
            page.goto(live_server + path)
            page.wait_for_load_state("networkidle")
            found = page.evaluate(ICONS_WITHOUT_TEXT)
            if found:
                bare[f"{'signed in' if role else 'signed out'} {path}"] = found
    assert not bare, "icons with no text alternative:\n" + "\n".join(f"{k}: {v}" for k, v in bare.items())
    # and the check sees a bare icon when there is one
    page.set_content('<p><i class="fa fa-lock"></i></p><p><i class="fa fa-lock" aria-hidden="true"></i> Privat</p>')
    assert len(page.evaluate(ICONS_WITHOUT_TEXT)) == 1
