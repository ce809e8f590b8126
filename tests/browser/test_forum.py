"""The forum in headless Chromium: a question answered between two councils, a report that
an editor acts on, a project's discussion tab, search."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from ckan.tests import factories as ckan_factories

from tests import factories
from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

Screenshot = Callable[[Page, str], Path]


@pytest.fixture
def people() -> dict:
    return {
        name: ckan_factories.User(name=name, fullname=full, password=PASSWORD, image_url="")
        for name, full in (("anna", "Anna Vidal"), ("pere", "Pere Soler"))
    }


def second_page(browser: Browser) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ca-ES")
    context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/])"), lambda route: route.abort())
    return context.new_page()


def test_two_councils_hold_a_question_with_an_accepted_answer(
    live_server: str, page: Page, browser: Browser, sign_in, screenshot: Screenshot, people: dict
) -> None:
    sign_in(page, people["anna"])
    page.goto(f"{live_server}/forum/new")
    page.locator("#field-title").fill("Com gestioneu la cita prèvia?")
    page.locator("#field-category").select_option("citizen_attention")
    page.locator("input[name=kind][value=question]").check()
    page.locator("#field-body").fill("Som un ajuntament de 800 habitants. <script>document.title='hacked'</script>")
    page.locator("#field-tags").fill("cita prèvia, atenció")
    page.get_by_role("button", name="Publica").click()
    page.wait_for_url(re.compile(r"/forum/t/"))
    topic_url = page.url
    expect(page.locator("h1")).to_contain_text("Com gestioneu la cita prèvia?")
    assert page.title() != "hacked"

    other = second_page(browser)
    sign_in(other, people["pere"])
    other.goto(topic_url)
    other.locator("#field-body").fill("Nosaltres fem servir l'agenda del Consorci AOC.")
    other.get_by_role("button", name="Publica").click()
    expect(other.locator(".digicanvis-post")).to_have_count(2)
    other.context.close()

    page.reload()
    page.locator(".digicanvis-post").nth(1).locator("button.digicanvis-accept").click()
    answer = page.locator(".digicanvis-post").nth(1)
    expect(answer.locator(".digicanvis-answer")).to_be_visible()
    expect(answer).to_contain_text("agenda del Consorci AOC")
    expect(page.locator("h1 .badge")).to_have_class(re.compile("bg-success"))  # answered
    screenshot(page, "forum-question-answered")


def test_a_reported_reply_hidden_by_an_editor_leaves_a_readable_topic_and_its_author_is_told(
    live_server: str, page: Page, browser: Browser, sign_in, screenshot: Screenshot, people: dict
) -> None:
    topic = factories.forum_topic(people["anna"], kind="discussion", title="Manteniment de webs municipals")
    factories.forum_reply(people["pere"], topic["id"], "Compreu rellotges barats a example.com!")
    editor = factories.forum_editor(ckan_factories.User(name="editora", password=PASSWORD, image_url=""))

    sign_in(page, people["anna"])
    page.goto(f"{live_server}/forum/t/{topic['id']}")
    spam = page.locator(".digicanvis-post", has_text="rellotges")
    spam.locator(".digicanvis-flag summary").click()
    spam.locator("input[name=reason]").fill("Publicitat")
    spam.get_by_role("button", name=re.compile("Envia")).click()
    expect(page.locator(".alert-success")).to_be_visible()

    moderator = second_page(browser)
    sign_in(moderator, editor)
    moderator.goto(f"{live_server}/forum/moderation")
    flagged = moderator.locator(".digicanvis-flagged")
    expect(flagged).to_contain_text("Publicitat")
    screenshot(moderator, "forum-moderation-queue")
    flagged.locator(".digicanvis-moderate-hide summary").click()
    flagged.locator(".digicanvis-moderate-hide input[name=reason]").fill("Correu brossa")
    flagged.locator(".digicanvis-moderate-hide button[type=submit]").click()
    expect(moderator.locator(".digicanvis-moderation-log")).to_contain_text("Correu brossa")
    moderator.context.close()

    anonymous = second_page(browser)
    anonymous.goto(f"{live_server}/forum/t/{topic['id']}")
    expect(anonymous.locator("h1")).to_contain_text("Manteniment de webs municipals")
    expect(anonymous.locator(".digicanvis-post")).to_have_count(2)  # the opening post and a placeholder
    expect(anonymous.locator(".digicanvis-post-hidden")).to_have_count(1)
    expect(anonymous.locator("body")).not_to_contain_text("rellotges")
    screenshot(anonymous, "forum-hidden-reply-placeholder")
    anonymous.context.close()

    author = second_page(browser)
    sign_in(author, people["pere"])
    author.goto(f"{live_server}/my-space/")
    expect(author.locator(".digicanvis-unread")).to_have_text("1")
    expect(author.locator("#notifications")).to_contain_text("Manteniment de webs municipals")
    author.context.close()


def test_project_discussion_tab_and_forum_search(
    live_server: str, page: Page, sign_in, screenshot: Screenshot, people: dict
) -> None:
    body = factories.body_at("girona")
    factories.project_of(body, "xatbot-girona", title="Xatbot de Girona")

    sign_in(page, people["pere"])
    page.goto(f"{live_server}/project/xatbot-girona")
    page.locator("a[href='/project/xatbot-girona/discussion']").click()
    page.locator("#field-body").fill("Quin proveïdor de missatgeria fèieu servir?")
    page.get_by_role("button", name="Publica").click()
    expect(page.locator(".digicanvis-post")).to_contain_text("proveïdor de missatgeria")
    screenshot(page, "project-discussion")

    page.goto(f"{live_server}/forum/search?q=missatgeria")
    result = page.locator(".digicanvis-forum-results li a").first
    expect(result).to_have_text("Xatbot de Girona")
    result.click()
    expect(page).to_have_url(re.compile(r"/project/xatbot-girona/discussion"))
