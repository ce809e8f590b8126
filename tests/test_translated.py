"""Project texts in Catalan, Spanish and English: *_translated in and out of the API, the
original kept in the plain fields, bad versions refused, pages in the reader's language."""

from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def body():
    return factories.local_body()


@pytest.fixture
def editor(body):
    return factories.editor_of(body["id"])


def create(user, body, **fields):
    return helpers.call_action("package_create", {"user": user["name"]}, **factories.full_project(body["id"], **fields))


def test_versions_in_and_out_with_the_original_in_the_plain_fields(editor, body):
    project = create(editor, body, language="ca",
                     title_translated={"es": "Ventanilla virtual con cita previa", "en": "Virtual desk with appointments"},
                     notes_translated='{"en": "Online procedures with appointments."}',
                     resources=[{"url": "https://example.cat/a", "name": "Article", "resource_type": "article",
                                 "name_translated": {"en": "Article (English)"}}],
                     savings=[{"kind": "paper", "amount": "3", "method": "Fulls comptats",
                               "method_translated": {"es": "Hojas contadas"}}])
    shown = helpers.call_action("package_show", id=project["id"])
    assert shown["title"] == "Finestreta virtual amb cita prèvia"
    assert shown["title_translated"] == {"ca": "Finestreta virtual amb cita prèvia",
                                         "es": "Ventanilla virtual con cita previa",
                                         "en": "Virtual desk with appointments"}
    assert shown["notes_translated"]["en"] == "Online procedures with appointments."
    assert shown["notes_translated"]["ca"] == shown["notes"]
    assert shown["resources"][0]["name_translated"] == {"ca": "Article", "en": "Article (English)"}
    assert shown["savings"][0]["method_translated"] == {"ca": "Fulls comptats", "es": "Hojas contadas"}


def test_only_versions_fill_the_plain_field_from_the_original_language(editor, body):
    data = factories.full_project(body["id"], language="es",
                                  title_translated={"es": "Cita previa", "ca": "Cita prèvia"})
    data.pop("title")
    project = helpers.call_action("package_create", {"user": editor["name"]}, **data)
    assert project["title"] == "Cita previa"


def test_editing_the_original_updates_its_version(editor, body):
    project = create(editor, body, title_translated={"en": "Virtual desk"})
    helpers.call_action("package_patch", {"user": editor["name"]}, id=project["id"], title="Finestreta nova")
    shown = helpers.call_action("package_show", id=project["id"])
    assert shown["title_translated"] == {"ca": "Finestreta nova", "en": "Virtual desk"}


@pytest.mark.parametrize("versions, message", [
    ({"fr": "Guichet"}, "Unknown language fr"),
    ({"es": ["not", "text"]}, "Each version must be text"),
    ("not json", "Give the versions as"),
    (["ca", "es"], "Give the versions as"),
])
def test_bad_versions_are_refused_and_nothing_is_stored(editor, body, versions, message):
    with pytest.raises(tk.ValidationError) as error:
        create(editor, body, title_translated=versions)
    assert message in str(error.value.error_dict["title_translated"])
    assert helpers.call_action("package_search", include_private=True)["count"] == 0


def test_bad_versions_get_the_error_in_the_readers_language(app, editor, body):
    token = helpers.call_action("api_token_create", user=editor["name"], name="t")["token"]
    data = factories.full_project(body["id"], title_translated={"fr": "Guichet"})
    response = app.post("/es/api/3/action/package_create", json=data, headers={"Authorization": token}, status=409)
    assert "Idioma desconocido fr" in response.json["error"]["title_translated"][0]


def test_the_form_tabs_post_one_input_per_language(app, editor, body):
    """What the form's tabs send: <field>_translated-<lang> inputs beside the original."""
    data = factories.full_project(body["id"], **{"title_translated-es": "Ventanilla", "title_translated-en": ""})
    project = helpers.call_action("package_create", {"user": editor["name"]}, **data)
    assert project["title_translated"] == {"ca": "Finestreta virtual amb cita prèvia", "es": "Ventanilla"}
    assert "title_translated-es" not in project


def test_the_page_shows_the_readers_language_and_notes_a_fallback(app, editor, body):
    create(editor, body, language="ca", title_translated={"es": "Ventanilla virtual con cita previa"},
           notes_translated={"es": "Trámites en línea con cita previa."})
    es_page = app.get("/es/project/finestreta-virtual").body
    assert "Ventanilla virtual con cita previa" in es_page
    assert "Trámites en línea con cita previa." in es_page
    assert 'lang="es"' in es_page
    # value, barriers, benefits exist only in Catalan: shown in Catalan with a note
    assert "Menys desplaçaments i esperes." in es_page
    assert "digicanvis-language-note" in es_page and "catalán" in es_page.lower()
    en_page = app.get("/en/project/finestreta-virtual").body
    assert "Finestreta virtual amb cita prèvia" in en_page  # no English title: the original
    ca_page = app.get("/project/finestreta-virtual").body
    assert "digicanvis-language-note" not in ca_page


def test_the_home_pages_latest_projects_are_in_the_readers_language(app, body):
    factories.project_of(body, "finestreta-virtual", title="Finestreta virtual amb cita prèvia", language="ca",
                         title_translated={"es": "Ventanilla virtual con cita previa"})

    def latest(path: str) -> str:
        page = app.get(path).body
        return page[page.index('id="home-latest"'):].split("</section>")[0]

    assert "Ventanilla virtual con cita previa" in latest("/es/")
    assert "Finestreta virtual amb cita prèvia" not in latest("/es/")
    assert "Finestreta virtual amb cita prèvia" in latest("/")
    assert "Finestreta virtual amb cita prèvia" in latest("/en/")  # no English version: the original


def test_the_edit_form_has_tabs_for_the_other_languages(app, editor, body):
    create(editor, body, language="ca", title_translated={"en": "Virtual desk"})
    page = app.get("/project/edit/finestreta-virtual", headers={"Authorization": helpers.call_action(
        "api_token_create", user=editor["name"], name="f")["token"]}).body
    assert 'name="title_translated-es"' in page and 'name="title_translated-en"' in page
    assert 'name="title_translated-ca"' not in page  # the original is the title field itself
    assert 'value="Virtual desk"' in page


def test_search_page_messages_are_in_the_readers_language(app, editor, body):
    create(editor, body)
    assert "No s&#39;han trobat projectes per a" in app.get("/project/", params={"q": "zzzqqq"}).body or \
        "No s'han trobat projectes per a" in app.get("/project/", params={"q": "zzzqqq"}).body
    assert "No se han encontrado proyectos para" in app.get("/es/project/", params={"q": "zzzqqq"}).body
    page = app.get("/project/", params={"q": "finestrta"}).body
    assert "finestreta" in page.lower() and "digicanvis-spelling" in page
