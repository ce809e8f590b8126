"""The editorial review in headless Chromium, as a council clerk and an observatory editor live
it: the clerk submits a draft, the editor returns it with a comment (after trying without
one), the clerk reads the comment, corrects the project and submits it again, the editor
publishes it, and the public finally sees it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from ckan.tests import factories as ckan_factories, helpers

from tests import factories
from tests.browser.conftest import NOT_LOCAL, PASSWORD

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

Screenshot = Callable[[Page, str], Path]
PROJECT = "registre-digital"
COMMENT = "Afegiu com heu mesurat els estalvis."


@pytest.fixture
def people() -> dict:
    girona = factories.body_at("girona")
    clerk = ckan_factories.User(name="marta-clerk", fullname="Marta Puig", email="marta@girona.example.cat",
                                password=PASSWORD, image_url="")
    factories.editor_of(girona["id"], clerk)
    editor = factories.forum_editor(ckan_factories.User(name="jordi-aoc", fullname="Jordi de l'AOC",
                                                        password=PASSWORD, image_url=""))
    helpers.call_action("package_create", {"user": clerk["name"], "ignore_auth": False},
                        **factories.full_project(girona["id"], name=PROJECT, title="Registre digital"))
    return {"clerk": clerk, "editor": editor}


def second_person(browser: Browser) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ca-ES")
    context.set_default_timeout(10_000)
    context.route(NOT_LOCAL, lambda route: route.abort())
    return context.new_page()


def test_submit_return_fix_resubmit_publish(
    live_server: str, page: Page, browser: Browser, sign_in, screenshot: Screenshot, people: dict, smtp_sink, run_jobs
) -> None:
    project_url = f"{live_server}/project/{PROJECT}"
    assert page.goto(project_url).status == 404  # the public does not see a draft

    # The clerk submits the draft from its page.
    sign_in(page, people["clerk"])
    page.goto(project_url)
    panel = page.locator("#review")
    expect(panel.locator(".digicanvis-publication-state")).to_have_text("Esborrany")
    panel.locator("#review-note").fill("Ja el tenim a punt.")
    screenshot(page, "review-1-clerk-draft")
    panel.get_by_role("button", name="Envia a revisió").click()
    expect(page.locator(".alert-success")).to_contain_text("Enviat a revisió")
    expect(page.locator("#review .digicanvis-publication-state")).to_have_text("En revisió")

    # The editor finds it in the queue, tries to return it without a comment, then with one.
    editor = second_person(browser)
    sign_in(editor, people["editor"])
    expect(editor.locator(".digicanvis-review-link")).to_contain_text("1")
    editor.locator(".digicanvis-review-link").click()
    item = editor.locator(f'.digicanvis-review-item[data-project="{PROJECT}"]')
    expect(item).to_contain_text("Ja el tenim a punt.")
    screenshot(editor, "review-2-queue")
    item.get_by_role("button", name="Retorna amb comentari").click()
    expect(editor.locator(".alert-danger, .alert-error")).to_contain_text("comentari")
    item = editor.locator(f'.digicanvis-review-item[data-project="{PROJECT}"]')
    item.locator("textarea[name=comment]").fill(COMMENT)
    item.get_by_role("button", name="Retorna amb comentari").click()
    expect(editor.locator(".alert-success")).to_contain_text("Retornat")
    expect(editor.locator(".digicanvis-review-empty")).to_be_visible()

    run_jobs()
    (told,) = [m for m in smtp_sink if m["To"].addresses[0].addr_spec == "marta@girona.example.cat"]
    assert COMMENT in told.get_content()

    # The clerk reads the comment on the page, corrects the project and submits it again.
    page.goto(project_url)
    panel = page.locator("#review")
    expect(panel.locator(".digicanvis-publication-state")).to_have_text("Retornat")
    expect(panel).to_contain_text(COMMENT)
    expect(panel).to_contain_text("Jordi de l'AOC")
    screenshot(page, "review-3-clerk-returned")
    page.goto(f"{live_server}/project/edit/{PROJECT}/2")
    page.locator("#field-notes").fill("Registre d'entrada únic. Estalvi mesurat: 12.000 fulls l'any.")
    page.locator("form#dataset-edit button[name=save]").last.click()
    page.goto(project_url)
    expect(page.locator("body")).to_contain_text("12.000 fulls")
    expect(page.locator("#review .digicanvis-publication-state")).to_have_text("Retornat")
    page.locator("#review").get_by_role("button", name="Torna a enviar a revisió").click()
    expect(page.locator(".alert-success")).to_contain_text("Enviat a revisió")

    # The editor publishes from the project page itself.
    editor.goto(project_url)
    editor.locator("#review").get_by_role("button", name="Publica").click()
    expect(editor.locator(".alert-success")).to_contain_text("Publicat")
    expect(editor.locator("#review")).to_have_count(0)  # nothing left to decide
    screenshot(editor, "review-4-published")
    editor.context.close()

    public = second_person(browser)
    assert public.goto(project_url).status == 200
    expect(public.locator("h1")).to_contain_text("Registre digital")
    expect(public.locator("#review")).to_have_count(0)
    public.goto(f"{live_server}/project/?q=registre")
    expect(public.locator("body")).to_contain_text("Registre digital")
    public.context.close()

    page.goto(f"{live_server}/dataset/activity/{PROJECT}")
    history = page.locator("#review-history")
    expect(history).to_contain_text(COMMENT)
    assert re.findall(r"Enviat a revisió|Retornat amb comentaris|Publicat", history.inner_text())[:4] \
        == ["Publicat", "Enviat a revisió", "Retornat amb comentaris", "Enviat a revisió"]  # newest first
