"""A new person's whole journey in headless Chromium, mistakes included: register, confirm
the e-mail from the mail sink, ask to join a council, get admitted by an editor, document a
project step by step (a wrong value on each step), find it in "El meu espai", link a partner
body and a replicated project by name, and write to a team nobody can be reached for."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from ckan import model
from ckan.tests import factories as ckan_factories, helpers

from tests import factories
from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

Screenshot = Callable[[Page, str], Path]
LINK = re.compile(r"https?://\S+/user/confirm/\S+")


@pytest.fixture
def world() -> dict:
    girona = factories.body_at("girona", ine_code="17079")
    factories.body_at("tremp", ine_code="25234")
    factories.local_body(name="ajuntament-de-sort", title="Ajuntament de Sort", ine_code="25209")
    factories.project_of(girona, "teleassistencia-girona", title="Servei de teleassistència municipal")
    factories.project_of(girona, "xatbot-girona", title="Xatbot de Girona", contacts=[])  # nobody to write to
    editor = factories.forum_editor(ckan_factories.User(name="editora", fullname="Editora AOC", email="editora@aoc.example.cat",
                                                        password=PASSWORD, image_url=""))
    admin = ckan_factories.Sysadmin(name="admin-aoc", password=PASSWORD, image_url="")
    return {"editor": editor, "admin": admin}


def second_page(browser: Browser) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ca-ES")
    context.set_default_timeout(10_000)
    context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/])"), lambda route: route.abort())
    return context.new_page()


def pick(page: Page, field, typed: str, choice: str) -> None:
    """Type into a picker, wait for the suggestion, choose it with the keyboard."""
    field.fill("")
    field.press_sequentially(typed, delay=30)
    option = page.locator(".digicanvis-picker-option", has_text=choice).first
    expect(option).to_be_visible(timeout=15_000)  # an API call: slow on a loaded machine (speed: bench/)
    while "active" not in (option.get_attribute("class") or ""):
        field.press("ArrowDown")
    field.press("Enter")
    expect(field).to_have_value(choice)


def next_step(page: Page) -> None:
    page.locator("form#dataset-edit button[name=save]:not([value])").last.click()
    page.wait_for_load_state("networkidle")


def errors_of(page: Page):
    return page.locator(".error-explanation, .alert-error, .error-block, .invalid-feedback")


def test_a_new_person_joins_a_council_and_documents_a_project(
    live_server: str, page: Page, browser: Browser, world: dict, mail_sink: Path, run_jobs, sign_in,
    screenshot: Screenshot,
) -> None:
    # Register: the account waits for the e-mail to be confirmed.
    page.goto(f"{live_server}/user/register")
    page.locator("#field-username").fill("laia-tremp")
    page.locator("#field-fullname").fill("Laia Roca")
    page.locator("#field-email").fill("laia@tremp.example.cat")
    page.locator("#field-password").fill(PASSWORD)
    page.locator("#field-confirm-password").fill(PASSWORD)
    page.locator("form button[name=save]").click()
    expect(page.locator(".alert-success")).to_contain_text("laia@tremp.example.cat")
    assert model.User.get("laia-tremp").state == "pending"

    # The link comes through the mail sink; a sysadmin can read it on the mail page.
    run_jobs()
    admin = second_page(browser)
    sign_in(admin, world["admin"])
    admin.goto(f"{live_server}/ckan-admin/mail")
    message = admin.locator(".digicanvis-sink-message").first
    expect(message).to_contain_text("laia@tremp.example.cat")
    message.locator("summary").click()
    link = LINK.search(message.locator("pre").inner_text()).group(0)
    screenshot(admin, "mail-sink-page")
    admin.context.close()

    page.goto(link)
    expect(page).to_have_url(re.compile(r"/user/join$"))
    expect(page.locator(".alert-success")).to_be_visible()

    # Ask to join Tremp, chosen by name; a typo first.
    page.locator("#field-organization").fill("Ajuntament de Trempp")
    page.locator(".digicanvis-join-form button[type=submit]").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Ajuntament de Trempp")
    pick(page, page.locator("#field-organization"), "tremp", "Ajuntament de Tremp")
    page.locator("#field-message").fill("Sóc la tècnica TIC de l'ajuntament.")
    screenshot(page, "join-a-body")
    page.locator(".digicanvis-join-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/my-space/$"))
    expect(page.locator(".alert-success")).to_contain_text("Ajuntament de Tremp")

    # An observatory editor admits her (Tremp has no admin yet): she becomes its admin.
    run_jobs()
    editor = second_page(browser)
    sign_in(editor, world["editor"])
    editor.goto(f"{live_server}/my-space/")
    expect(editor.locator(".digicanvis-space-link .digicanvis-unread")).to_have_text("1")
    request = editor.locator("#join-requests .card", has_text="Laia Roca")
    expect(request).to_contain_text("Sóc la tècnica TIC")
    request.locator("input[name=note]").fill("Benvinguda!")
    request.locator("button[value=approve]").click()
    expect(editor.locator(".alert-success")).to_contain_text("Laia Roca")
    editor.context.close()

    page.goto(f"{live_server}/my-space/")
    expect(page.locator("#bodies")).to_contain_text("Ajuntament de Tremp")
    screenshot(page, "my-space-member")

    # Step 1: no title and a broken e-mail: errors on step 1, what was typed is kept.
    page.goto(f"{live_server}/project/new")
    pick(page, page.locator("input[name=partner_bodies]").first, "sort", "Ajuntament de Sort")
    page.locator("#field-contacts-0-name").fill("Laia Roca")
    page.locator("#field-contacts-0-email").fill("laia@")
    next_step(page)
    expect(page).to_have_url(f"{live_server}/project/new")
    expect(errors_of(page).first).to_be_visible()
    expect(page.locator("#field-contacts-0-name")).to_have_value("Laia Roca")
    expect(page.locator("input[name=partner_bodies]").first).to_have_value("Ajuntament de Sort")
    page.locator("#field-title").fill("Finestreta única de Tremp")
    page.locator("#field-contacts-0-email").fill("laia@tremp.example.cat")
    next_step(page)
    expect(page).to_have_url(f"{live_server}/project/new/finestreta-unica-de-tremp/2")

    # Step 2: no description and a negative saving: errors on step 2, not an empty step 1.
    page.get_by_text("Afegir", exact=True).click()
    page.locator("#field-savings-0-kind").select_option("paper")
    page.locator("#field-savings-0-amount").fill("-5")
    page.locator("#field-savings-0-unit").fill("fulls")
    next_step(page)
    expect(errors_of(page).first).to_be_visible()
    expect(page.locator("#field-savings-0-unit")).to_have_value("fulls")
    expect(page.locator("form#dataset-edit")).to_have_attribute("action", "/project/new/finestreta-unica-de-tremp/2")
    screenshot(page, "form-step-2-error")
    page.locator("#field-notes").fill("Un sol punt d'atenció presencial i en línia per a tots els tràmits.")
    page.locator("#field-savings-0-amount").fill("12000")
    next_step(page)
    expect(page).to_have_url(f"{live_server}/project/new/finestreta-unica-de-tremp/3")

    # Step 3: save and continue later; the draft waits in "El meu espai", private.
    page.locator("#field-barriers").fill("Formació del personal.")
    page.locator("button[value=continue-later]").click()
    expect(page).to_have_url(re.compile(r"/my-space/#drafts$"))
    draft = page.locator(".digicanvis-drafts li", has_text="Finestreta única de Tremp")
    expect(draft).to_be_visible()
    anonymous = second_page(browser)
    assert anonymous.goto(f"{live_server}/project/finestreta-unica-de-tremp").status == 404
    anonymous.context.close()
    draft.locator(".digicanvis-continue-draft").click()
    expect(page.locator("#field-title")).to_have_value("Finestreta única de Tremp")
    next_step(page)
    next_step(page)
    expect(page.locator("#field-barriers")).to_have_value("Formació del personal.")
    next_step(page)

    # Step 4: a project that does not exist and an end before the start.
    expect(page).to_have_url(f"{live_server}/project/new/finestreta-unica-de-tremp/4")
    page.locator("#field-phase").select_option("implemented")
    page.locator("#field-area").select_option("services_procedures")
    page.locator("#field-transformation_type").select_option("process")
    page.locator("#field-start_year").fill("2022")
    page.locator("#field-end_year").fill("2020")
    page.locator("#field-replicated_from").fill("Projecte inexistent")
    next_step(page)
    expect(page).to_have_url(f"{live_server}/project/new/finestreta-unica-de-tremp/4")
    expect(page.locator("body")).to_contain_text("Projecte inexistent")
    expect(page.locator("#field-start_year")).to_have_value("2022")
    screenshot(page, "form-step-4-error")
    page.locator("#field-end_year").fill("2024")
    pick(page, page.locator("#field-replicated_from"), "teleassist", "Servei de teleassistència municipal")
    next_step(page)

    # Step 5, documentation: not an address (the browser stops it), then an address no browser
    # can open from a web page (the site refuses it, keeping the title), then a good one.
    expect(page).to_have_url(re.compile(r"/project/finestreta-unica-de-tremp/resource/new$"))
    page.locator("#resource-link-button").click()
    page.locator("#field-resource-url").fill("no és una adreça")
    page.locator("#field-name").fill("Seu electrònica")
    page.locator("button[name=save][value=go-metadata]").click()
    assert page.locator("#field-resource-url").evaluate("input => !input.validity.valid")
    page.locator("#field-resource-url").fill("ftp://tremp.cat/seu")
    page.locator("button[name=save][value=go-metadata]").click()
    expect(errors_of(page).first).to_be_visible()
    expect(page.locator("#field-name")).to_have_value("Seu electrònica")
    screenshot(page, "form-step-5-error")
    page.locator("#field-resource-url").fill("https://www.tremp.cat/seu")
    page.locator("button[name=save][value=go-metadata]").click()
    expect(page).to_have_url(f"{live_server}/project/finestreta-unica-de-tremp")
    expect(page.locator("h1")).to_contain_text("Finestreta única de Tremp")
    expect(page.locator("body")).to_contain_text("Servei de teleassistència municipal")  # lineage, by name
    stored = model.Package.get("finestreta-unica-de-tremp")
    assert (stored.state, stored.private, stored.extras["publication_state"]) == ("active", True, "draft")
    assert stored.extras["partner_bodies"] and "ajuntament-de-sort" in stored.extras["partner_bodies"]

    # A finished draft goes to the observatory's editors (issue 16), who publish it.
    page.locator("#review").get_by_role("button", name="Envia a revisió").click()
    expect(page.locator(".alert-success")).to_contain_text("Enviat a revisió")
    model.Session.expire_all()  # the project was read above, before the site changed it
    helpers.call_action("project_review", {"user": world["editor"]["name"], "ignore_auth": False},
                        id="finestreta-unica-de-tremp", decision="publish")

    # Published and public; listed in "El meu espai".
    anonymous = second_page(browser)
    assert anonymous.goto(f"{live_server}/project/finestreta-unica-de-tremp").status == 200
    anonymous.context.close()
    page.goto(f"{live_server}/my-space/")
    expect(page.locator(".digicanvis-my-projects")).to_contain_text("Finestreta única de Tremp")
    expect(page.locator(".digicanvis-drafts")).to_have_count(0)

    # Write to a team nobody can be reached for: the editors will answer, and she is told so.
    page.goto(f"{live_server}/project/xatbot-girona")
    section = page.locator("#work-with-the-team")
    section.locator(".digicanvis-contact-form summary").click()
    page.locator("#field-contact-message").fill("Hola! Com vau triar el proveïdor del xatbot?")
    section.locator(".digicanvis-contact-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("Ajuntament de Girona")
    screenshot(page, "contact-without-contacts")
    run_jobs()
    assert any("editora@aoc.example.cat" in (path.read_text(errors="replace"))
               for path in mail_sink.glob("new/*")), "the editors got the message"
