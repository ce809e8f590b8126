"""Catalan pages speak Catalan: English that CKAN and its extensions leave on them is caught here.

Each string below was seen on a Catalan page of the observatory (issue 17); the list grows as
leaks are found. Dates follow each language's own order ("1 de desembre de 2026").
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

KNOWN_LEAKS = (
    "projects found",
    "project found",
    "Navigate to dataset",
    "Navigate to Home",
    "Search datasets by",
    "Filter by",
    "Skip to main content",
    "Harvest sources",
    "Harvest Sources",
    "Search harvest sources",
    "Blog Articles",
    "Show More",
)
# CKAN's "MMMM d, YYYY" in Catalan: "de desembre 1, 2026".
ENGLISH_DATE_ORDER = re.compile(r"\bde \w+ \d{1,2}, \d{4}")


def page_text(html: str) -> str:
    """What a reader meets: the visible text plus titles, labels and alternatives."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    attributes = [value for tag in soup.find_all(True) for name in ("aria-label", "title", "alt", "placeholder")
                  if (value := tag.get(name))]
    return " ".join([soup.get_text(" "), *attributes])


def leaks(html: str) -> list[str]:
    text = page_text(html)
    return [leak for leak in KNOWN_LEAKS if leak in text] + ENGLISH_DATE_ORDER.findall(text)


@pytest.fixture
def catalogue():
    abrera = factories.body_at("abrera")
    project = factories.project_of(abrera, "finestreta-virtual", title="Finestreta virtual")
    factories.project_of(abrera, "teleassistencia", title="Teleassistència", area="social_services")
    author = ckan_factories.User(name="anna-abrera")
    topic = factories.forum_topic(author, title="Quin xatbot feu servir?")
    return {"body": abrera, "project": project, "topic": topic, "author": author}


@pytest.mark.parametrize("path", [
    "/",
    "/project/",
    "/project/?area=services_procedures",
    "/project/?q=finestreta",
    "/project/finestreta-virtual",
    "/organization/ajuntament-de-abrera",
    "/local-bodies/",
    "/forum/",
    "/harvest/",
    "/blog",
])
def test_catalan_pages_have_no_known_english(app, catalogue, path: str) -> None:
    response = app.get(path)
    assert response.status_code == 200
    assert leaks(response.body) == []


def test_a_project_page_is_titled_in_catalan(app, catalogue) -> None:
    title = BeautifulSoup(app.get("/project/finestreta-virtual").body, "html.parser").title.get_text()
    assert title.startswith("Finestreta virtual - Projectes - "), title


def test_the_news_list_is_headed_in_each_language(app, catalogue) -> None:
    for prefix, heading in (("", "Notícies"), ("/es", "Noticias"), ("/en", "News")):
        page = BeautifulSoup(app.get(f"{prefix}/blog").body, "html.parser")
        assert page.select_one("h1.page-list-header").get_text(strip=True) == heading


@pytest.mark.parametrize(("prefix", "long_date"), [
    ("", r"\b\d{1,2} (de |d’)\w+ de \d{4}, \d{1,2}:\d{2}"),  # 1 de desembre de 2026, 9:30
    ("/es", r"\b\d{1,2} de \w+ de \d{4}, \d{1,2}:\d{2}"),
    ("/en", r"\b[A-Z][a-z]+ \d{1,2}, \d{4}, \d{1,2}:\d{2}"),
])
def test_a_forum_topic_dates_its_posts_in_each_languages_order(app, catalogue, prefix: str, long_date: str) -> None:
    response = app.get(f"{prefix}/forum/t/{catalogue['topic']['id']}")
    assert re.search(long_date, page_text(response.body))
    assert not ENGLISH_DATE_ORDER.search(page_text(response.body))


@pytest.mark.parametrize("path", ["/my-space/", "/forum/notifications", "/project/new"])
def test_a_signed_in_editors_pages_have_no_known_english(app, catalogue, path: str) -> None:
    factories.editor_of(catalogue["body"]["id"], catalogue["author"])
    token = helpers.call_action("api_token_create", {"ignore_auth": True}, user="anna-abrera", name="t")["token"]
    response = app.get(path, headers={"Authorization": token})
    assert response.status_code == 200
    assert leaks(response.body) == []


def test_every_footer_links_the_accessibility_statement_in_the_readers_language(app) -> None:
    from ckanext.digicanvis.logic import editorial

    with app.flask_app.test_request_context():
        editorial.load_pages(editorial.editorial_pages())
    for prefix, name, title in (("", "accessibility", "Declaració d'accessibilitat"),
                                ("/es", "accessibility-es", "Declaración de accesibilidad"),
                                ("/en", "accessibility-en", "Accessibility statement")):
        link = BeautifulSoup(app.get(f"{prefix}/forum/").body, "html.parser").select_one(
            ".digicanvis-accessibility-statement a")
        assert link["href"] == f"{prefix}/pages/{name}"
        statement = page_text(app.get(link["href"]).body)
        assert title in statement and "1112/2018" in statement
        assert "https://www.aoc.cat" in statement  # the complaints contact (the operator's, by default)
