"""Each page speaks its reader's language: English that CKAN and its extensions leave on Catalan
and Spanish pages, and Catalan or Spanish on English ones, is caught here.

Two nets: the strings of ``KNOWN_LEAKS`` (each was seen on a page of the observatory, issue
17; the list grows as leaks are found), and every text a reader meets on a page (text nodes,
titles, labels, placeholders, alternatives, button values) compared with the compiled
catalogues that serve the page (CKAN's, the extensions', ours, merged in the site's order): a
text equal to an English msgid whose translation in the page's language differs is a string
nobody translated for this page. Dates follow each language's own order ("1 de desembre de
2026").
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


# ---------------------------------------------------------------- every page, every language

LANGUAGES = {"ca": "", "es": "/es", "en": "/en"}
ENGLISH_LEAKS = KNOWN_LEAKS + ("Datasets", "Organizations", "Search", "Log in", "Register", "Page not found")
CATALAN_LEAKS = ("projectes trobats", "Ens locals", "Inicia la sessió", "Cerca projectes", "Notícies",
                 "Declaració d'accessibilitat", "El meu espai", "Estadístiques", "Fòrum")
SPANISH_LEAKS = ("proyectos encontrados", "Entes locales", "Iniciar sesión", "Buscar proyectos", "Noticias",
                 "Declaración de accesibilidad", "Mi espacio", "Estadísticas", "Foro")
LEAKS_BY_LANGUAGE = {"ca": ENGLISH_LEAKS + SPANISH_LEAKS, "es": ENGLISH_LEAKS + CATALAN_LEAKS,
                     "en": CATALAN_LEAKS + SPANISH_LEAKS}
# Texts of a page that equal an English msgid and are right as they are: words the language
# shares with English in another sense, names, and what people typed.
NOT_LEAKS = {
    "ca": {"Data", "Blog", "Total", "Local", "General", "Social", "Error", "Email", "Web", "Online", "Wiki", "Editor"},
    "es": {"Blog", "Total", "Local", "General", "Social", "Error", "Email", "Web", "Online", "Wiki", "Editor"},
    "en": set(),
}
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-module-content")
LETTER = re.compile(r"[^\W\d_]")
PLACEHOLDER = re.compile(r"\{\w*\}|%\(\w+\)[sd]|%[sd]")
# Placeholders that stand for a number match only a number ("12 projects", not "Document your projects").
NUMBER_PLACEHOLDER = re.compile(r"\{(n|number|count|num|total|days|hours|months|km|max|min)\}|%\((n|num|number|count)\)[sd]|%d")


def _catalogue_files(flask_app, language: str) -> list[str]:
    """The compiled catalogues that serve ``language``, in the order Flask-Babel merges them
    (a later one overrides an earlier one)."""
    import os

    directories = flask_app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")
    domains = flask_app.config["BABEL_DOMAIN"].split(";")
    found = []
    for directory, domain in zip(directories, domains):
        path = os.path.join(directory, language, "LC_MESSAGES", f"{domain}.mo")
        if os.path.exists(path):
            found.append(path)
    return found


class Catalogue:
    """The English msgids whose translation in one language differs: whole texts, and
    patterns for those with placeholders ("{number} projects found")."""

    def __init__(self, flask_app, language: str) -> None:
        from babel.messages.mofile import read_mo

        merged: dict[str, str] = {}
        for path in _catalogue_files(flask_app, language):
            with open(path, "rb") as compiled:
                for message in read_mo(compiled):
                    if not message.id or not message.string:
                        continue
                    ids = tuple(message.id) if isinstance(message.id, (tuple, list)) else (message.id,)
                    strings = tuple(message.string) if isinstance(message.string, (tuple, list)) else (message.string,)
                    for position, msgid in enumerate(ids):
                        translation = strings[min(position, len(strings) - 1)]
                        if translation:
                            merged[msgid] = translation
        self.changed = {msgid: text for msgid, text in merged.items()
                        if " ".join(msgid.split()) != " ".join(text.split()) and LETTER.search(msgid)}
        self.whole = {" ".join(msgid.split()): msgid for msgid in self.changed if not PLACEHOLDER.search(msgid)}
        self.patterns = [(re.compile(self._pattern(msgid)), msgid) for msgid in self.changed
                         if PLACEHOLDER.search(msgid) and len(LETTER.findall(PLACEHOLDER.sub("", msgid))) >= 8]

    @staticmethod
    def _pattern(msgid: str) -> str:
        text, pattern, last = " ".join(msgid.split()), "^", 0
        for found in PLACEHOLDER.finditer(text):
            pattern += re.escape(text[last:found.start()])
            pattern += r"[\d.,\u00a0 ]+?" if NUMBER_PLACEHOLDER.fullmatch(found.group()) else ".+?"
            last = found.end()
        return pattern + re.escape(text[last:]) + "$"

    def untranslated(self, text: str) -> str | None:
        if text in self.whole:
            return self.whole[text]
        return next((msgid for pattern, msgid in self.patterns if pattern.match(text)), None)


def read_texts(html: str) -> list[str]:
    """Every text a reader meets on the page, one by one (whitespace folded)."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    texts = [" ".join(node.split()) for node in soup.find_all(string=True)]
    for tag in soup.find_all(True):
        texts.extend(" ".join(str(tag.get(name)).split()) for name in READ_ATTRIBUTES if tag.get(name))
        # A button's value is read where it is its label: <input type="submit" value="Desa">
        # (a <button>'s value is data sent with the form, its label is its content).
        if tag.name == "input" and tag.get("type") in ("submit", "button", "reset") and tag.get("value"):
            texts.append(" ".join(str(tag["value"]).split()))
    return [text for text in texts if text and LETTER.search(text)]


def language_leaks(html: str, language: str, catalogue: Catalogue) -> list[str]:
    """Strings of other languages on a page in ``language``: known leaks, and texts left as
    an English msgid that has a translation here."""
    text = page_text(html)
    found = [f"known: {leak!r}" for leak in LEAKS_BY_LANGUAGE[language] if leak in text]
    if language != "en":
        found += [f"English date order: {date!r}" for date in ENGLISH_DATE_ORDER.findall(text)]
    for node in dict.fromkeys(read_texts(html)):
        if node in NOT_LEAKS[language]:
            continue
        msgid = catalogue.untranslated(node)
        if msgid is not None:
            found.append(f"{node!r} is msgid {msgid!r} (should be {catalogue.changed[msgid]!r})")
    return found


@pytest.fixture
def world(app, catalogue):
    """Everything the pages below show: a body with projects (one full, one draft), its editor
    and admin, a sysadmin, a forum topic with a reply, a need, a contact and a visit request,
    a harvest source, a project waiting for review."""
    from ckanext.digicanvis.logic import editorial
    from tests import sessions

    with app.flask_app.test_request_context():
        editorial.load_pages(editorial.editorial_pages())
    editor = sessions.person(name="editora-abrera", fullname="Laia Editora")
    factories.editor_of(catalogue["body"]["id"], editor)
    admin = sessions.person(name="admin-abrera")
    helpers.call_action("organization_member_create", {"ignore_auth": True}, id=catalogue["body"]["id"],
                        username=admin["name"], role="admin")
    sysadmin = sessions.person(name="sysadmin-observatori", sysadmin=True)
    factories.forum_reply(editor, catalogue["topic"]["id"], "Nosaltres en fem servir un de codi obert.")
    helpers.call_action("package_create", {"user": editor["name"], "ignore_auth": False},
                        **factories.full_project(catalogue["body"]["id"], name="esborrany-abrera", state="draft",
                                                 title="Esborrany d'Abrera", contacts=[]))
    tremp = factories.body_at("tremp")
    visitor = factories.editor_of(tremp["id"], sessions.person(name="visitant-tremp"))
    helpers.call_action("contact_request_create", {"user": visitor["name"]}, project="finestreta-virtual",
                        message="Ens podríeu explicar com vau fer la cita prèvia?")
    helpers.call_action("visit_request_create", {"user": visitor["name"]}, project="finestreta-virtual",
                        visiting_body=tremp["id"], purpose="Conèixer la finestreta.", dates=["2026-12-01"], visitors=3)
    try:
        helpers.call_action("project_submit_for_review", {"user": editor["name"]}, id="teleassistencia")
    except Exception:  # noqa: BLE001 (already published by its creator: the queue is then empty)
        pass
    return {**catalogue, "editor": editor, "admin": admin, "sysadmin": sysadmin, "visitor": visitor}


def public_pages(world) -> list[str]:
    return [
        "/", "/project/", "/project/?area=services_procedures", "/project/?q=finestreta",
        "/project/?ext_near=Ajuntament+de+Tremp&ext_radius_km=100",
        "/project/finestreta-virtual", "/project/finestreta-virtual/discussion",
        "/dataset/activity/finestreta-virtual",
        "/local-bodies/", "/organization/ajuntament-de-abrera",
        "/forum/", f"/forum/c/{world['topic']['category']}", f"/forum/t/{world['topic']['id']}",
        "/forum/search?q=xatbot", "/forum/needs/",
        "/blog", "/blog/{welcome}", "/pages", "/pages/{about}", "/pages/{accessibility}", "/pages/{faq}",
        "/harvest/", "/statistics/",
        "/user/login", "/user/register",
    ]


def editor_pages(world) -> list[str]:
    return [
        "/my-space/", "/forum/notifications", "/forum/new", "/requests/", "/dashboard/datasets",
        "/project/new", "/project/new/esborrany-abrera/2", "/project/new/esborrany-abrera/3",
        "/project/new/esborrany-abrera/4", "/project/edit/finestreta-virtual",
        f"/user/{world['editor']['name']}", f"/user/edit/{world['editor']['name']}",
        "/project/finestreta-virtual/confirm",
    ]


def sysadmin_pages(world) -> list[str]:
    return ["/review", "/forum/moderation", "/ckan-admin/", "/ckan-admin/mail/", "/harvest/new",
            "/ckan-admin/config", "/user/", "/harvest/spreadsheet/import"]


ROLES = {"anonymous": public_pages, "editor": editor_pages, "sysadmin": sysadmin_pages}


def _with_errors(browser, prefix: str) -> str:
    """The project form's first step sent without a title: the page with its errors."""
    from tests.sessions import CSRF_FIELD, csrf_token

    token = csrf_token(browser, f"{prefix}/project/new")
    response = browser.post(f"{prefix}/project/new", data={"title": "", "name": "", "notes": "", CSRF_FIELD: token,
                                                           "save": "continue"})
    assert response.status_code == 200, response.status_code
    return response.body


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_speaks_only_its_readers_language(make_app, world, role: str) -> None:
    from tests.sessions import sign_in

    browser = make_app()
    if role != "anonymous":
        sign_in(browser, world[role])
    found: dict[str, list[str]] = {}
    rendered = 0
    for language, prefix in LANGUAGES.items():
        catalogue = Catalogue(browser.flask_app, language)
        for path in ROLES[role](world):
            # Each editorial page is written once per language: about, about-es, about-en.
            path = path.format(**{base: base + ("" if language == "ca" else f"-{language}")
                                  for base in ("about", "accessibility", "faq", "welcome")})
            response = browser.get(prefix + path)
            assert response.status_code == 200, f"{prefix}{path}: {response.status_code}"
            rendered += 1
            if leaks_here := language_leaks(response.body, language, catalogue):
                found[f"{language} {path}"] = leaks_here
        if role == "editor":
            rendered += 1
            if leaks_here := language_leaks(_with_errors(browser, prefix), language, catalogue):
                found[f"{language} /project/new (errors)"] = leaks_here
    print(f"{role}: {rendered} pages rendered")
    assert not found, "\n".join(f"{page}: {leak}" for page, leaks_here in found.items() for leak in leaks_here)
