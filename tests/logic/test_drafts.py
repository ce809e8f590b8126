"""Drafts: private until published, public once published through the form, discarded for
good on request by whoever may edit them."""

from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories as ckan_factories, helpers

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def vic():
    return factories.local_body(name="ajuntament-de-vic", title="Ajuntament de Vic", ine_code="08298")


def draft_of(body, editor, name="registre"):
    return helpers.call_action("package_create", {"user": editor["name"], "ignore_auth": False},
                               **factories.full_project(body["id"], name=name, state="draft"))


def test_a_draft_is_private_and_publishing_it_makes_it_public(vic):
    editor = factories.editor_of(vic["id"])
    draft = draft_of(vic, editor)
    assert draft["private"] is True
    published = helpers.call_action("package_patch", {"user": editor["name"], "ignore_auth": False},
                                    id=draft["id"], state="active")
    assert published["private"] is False
    assert helpers.call_action("package_search", q="name:registre")["count"] == 1


def test_the_api_keeps_a_private_flag_on_a_published_project(vic):
    made = factories.project_of(vic, "intern", private=True)
    assert made["private"] is True
    assert factories.project_of(vic, "obert")["private"] is False


def test_whoever_may_edit_a_draft_may_discard_it_and_its_address_is_free_again(vic):
    editor = factories.editor_of(vic["id"])
    draft = draft_of(vic, editor)
    for someone in (ckan_factories.User(), factories.editor_of(factories.local_body(name="altre", ine_code="08001")["id"]), None):
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("project_draft_discard", {"user": someone["name"] if someone else "", "ignore_auth": False},
                                id=draft["id"])
    colleague = factories.editor_of(vic["id"])
    helpers.call_action("project_draft_discard", {"user": colleague["name"], "ignore_auth": False}, id=draft["name"])
    assert model.Package.get(draft["id"]) is None
    assert draft_of(vic, editor)["name"] == "registre"


def test_a_published_project_is_not_discarded(vic):
    made = factories.project_of(vic, "publicat")
    with pytest.raises(tk.ValidationError):
        helpers.call_action("project_draft_discard", {"user": ckan_factories.Sysadmin()["name"], "ignore_auth": False},
                            id=made["id"])
    with pytest.raises(tk.ObjectNotFound):
        helpers.call_action("project_draft_discard", {"user": ckan_factories.Sysadmin()["name"]}, id="no-such-project")


def test_a_drafts_page_is_not_an_error(app, vic):
    editor = factories.editor_of(vic["id"])
    draft_of(vic, editor)
    token = helpers.call_action("api_token_create", {"ignore_auth": True}, user=editor["name"], name="t")["token"]
    page = app.get("/project/registre", headers={"Authorization": token})
    assert page.status_code == 200 and "digicanvis-work-with" in page.body
