"""Security checks that need a real browser: user text on maps stays text (issue 10, defect 1)."""

from __future__ import annotations

import io
import re

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


# The Content-Security-Policy in a real browser: every page works under it ------------------

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
});
"""


@pytest.fixture
def site() -> dict:
    """A little of everything the pages show: a body, a project with an uploaded document
    (with a text view, which fetches it: same origin), a discussion and a forum topic with a reply, a plain dataset, the
    editorial pages, a sysadmin with an API token."""
    from werkzeug.datastructures import FileStorage

    from ckan.tests import factories as ckan_factories, helpers

    from ckanext.digicanvis.logic import editorial
    from tests.browser.conftest import PASSWORD

    admin = ckan_factories.Sysadmin(name="admin", password=PASSWORD, image_url="")
    body = factories.body_at("girona")
    project = factories.project_of(body, "xatbot-girona", title="Xatbot de Girona")
    document = helpers.call_action("resource_create", {"user": admin["name"]}, package_id=project["id"], url="notes.txt",
                                   upload=FileStorage(io.BytesIO(b"Notes de la visita."), filename="notes.txt"),
                                   name="Notes", format="TXT", resource_type="article")
    view = helpers.call_action("resource_view_create", {"user": admin["name"]}, resource_id=document["id"],
                               view_type="text_view", title="Text")
    topic = factories.forum_topic(admin, title="Xatbots municipals")
    factories.forum_reply(ckan_factories.User(), topic["id"], "Nosaltres en fem servir un.")
    helpers.call_action("forum_post_create", {"user": admin["name"]}, project=project["id"], body="Benvinguts.")
    helpers.call_action("package_create", {"user": admin["name"]}, type="dataset", name="pressupost",
                        title="Pressupost", owner_org=body["id"])
    helpers.call_action("api_token_create", user=admin["name"], name="script")
    editorial.load_pages(editorial.editorial_pages())
    return {"admin": admin, "body": body, "topic": topic, "document": document, "view": view}


def visit(page: Page, url: str) -> list[str]:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    assert "script-src 'self'" in (response.headers.get("content-security-policy") or ""), url
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__csp")


def test_every_page_works_under_the_content_security_policy(live_server: str, page: Page, sign_in, site: dict) -> None:
    page.context.add_init_script(RECORD_VIOLATIONS)
    anonymous = ["/", "/project/", "/project/xatbot-girona", "/organization/", f"/organization/{site['body']['name']}",
                 "/forum/", f"/forum/t/{site['topic']['id']}", "/project/xatbot-girona/discussion",
                 "/project/xatbot-girona/spread", "/dataset/pressupost", "/pages/about", "/user/login"]
    signed_in = ["/project/new", "/project/xatbot-girona/resource/new", "/project/edit/xatbot-girona",
                 "/forum/new", "/forum/notifications", "/forum/moderation", "/requests/", "/user/admin",
                 "/user/admin/api-tokens", "/dashboard/datasets", "/ckan-admin/", "/harvest/",
                 f"/project/xatbot-girona/resource/{site['document']['id']}/view/{site['view']['id']}"]

    violations = {path: visit(page, live_server + path) for path in anonymous}
    sign_in(page, site["admin"])
    violations |= {path: visit(page, live_server + path) for path in signed_in}

    assert {path: found for path, found in violations.items() if found} == {}


def test_cores_resource_form_buttons_and_our_reply_links_run_under_the_policy(
    live_server: str, page: Page, sign_in, site: dict
) -> None:
    """CKAN's inline handlers run by hash; the forum's reply links are a module."""
    page.context.add_init_script(RECORD_VIOLATIONS)
    sign_in(page, site["admin"])

    visit(page, f"{live_server}/project/xatbot-girona/resource/new")
    page.locator("#resource-link-button").click()
    expect(page.locator("#field-resource-url")).to_be_focused()
    assert page.evaluate("document.getElementById('resource-url-link').checked")

    visit(page, f"{live_server}/forum/t/{site['topic']['id']}")
    reply = page.locator(".digicanvis-post").nth(1)
    reply.locator("a.digicanvis-quote").click()
    expect(page.locator("#field-quote")).to_have_value(reply.get_attribute("id").removeprefix("post-"))
    page.locator(".digicanvis-post").first.locator("a.digicanvis-reply-to").click()
    expect(page.locator("#field-quote")).to_have_value("")
    assert page.evaluate("window.__csp") == []


def test_the_pages_of_accounts_statistics_and_needs_work_under_the_policy(
    live_server: str, page: Page, sign_in, site: dict
) -> None:
    """Issues 13 and 16's pages under the policy: the dashboard's Chart.js charts and coverage
    map draw, the pickers (picker.js) answer, El meu espai, joining a body, the needs pages and
    the site's mail; no violation on any of them."""
    from ckan.tests import factories as ckan_factories, helpers

    from tests.browser.conftest import PASSWORD

    clerk = factories.editor_of(site["body"]["id"], ckan_factories.User(name="clerk", password=PASSWORD))
    need = helpers.call_action("need_create", {"user": clerk["name"]}, body=site["body"]["name"], area="citizen_attention",
                               title="Cita prèvia", description="Com organitzeu la cita prèvia?")
    page.context.add_init_script(RECORD_VIOLATIONS)

    violations = {path: visit(page, live_server + path) for path in
                  ["/statistics/", "/forum/needs/", f"/forum/t/{need['id']}", "/local-bodies/", "/user/register"]}
    visit(page, f"{live_server}/statistics/")
    expect(page.locator("#stat-area [data-drawn]")).to_have_attribute("data-drawn", re.compile(r"^[1-9]"))  # Chart.js drew
    expect(page.locator(".digicanvis-coverage-map")).to_have_attribute("data-municipalities", "947", timeout=20_000)
    violations["/statistics/ (drawn)"] = page.evaluate("window.__csp")

    sign_in(page, clerk)
    for path in ["/my-space/", "/forum/needs/new", "/forum/needs/settings", "/user/join", "/forum/new"]:
        violations[path] = visit(page, live_server + path)
    page.locator("input[data-digicanvis-picker=project]").first.press_sequentially("Xatbot")
    expect(page.locator(".digicanvis-picker-list [role=option]").first).to_contain_text("Xatbot de Girona")
    violations["/forum/new (picker)"] = page.evaluate("window.__csp")
    page.context.clear_cookies()
    sign_in(page, site["admin"])
    violations["/ckan-admin/mail/"] = visit(page, f"{live_server}/ckan-admin/mail/")

    assert {path: found for path, found in violations.items() if found} == {}
