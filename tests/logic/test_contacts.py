"""Contact persons: email and phone reach only members of the owning body and sysadmins."""

from __future__ import annotations

import json

import pytest

from ckan import model
from ckan.lib.search.common import make_connection
from ckan.tests import factories as ckan_factories, helpers

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

PRIVATE_BITS = ("marta.puig@example.cat", "938 000 000", "jordi.soler@example.cat", "938 111 111", "Jordi Soler")


@pytest.fixture
def project():
    body = factories.local_body()
    editor = factories.editor_of(body["id"])
    created = helpers.call_action("package_create", {"user": editor["name"]}, **factories.full_project(body["id"]))
    return {"body": body, "editor": editor, "project": created}


def assert_no_private_bits(text: str) -> None:
    for bit in PRIVATE_BITS:
        assert bit not in text, bit


def test_member_sees_every_contact_with_details(project):
    shown = factories.show_as(project["editor"]["name"], project["project"]["id"])
    assert [c["email"] for c in shown["contacts"]] == ["marta.puig@example.cat", "jordi.soler@example.cat"]
    assert shown["contacts"][1]["phone"] == "938 111 111"


def test_sysadmin_sees_details(project):
    admin = ckan_factories.Sysadmin()
    shown = factories.show_as(admin["name"], project["project"]["id"])
    assert len(shown["contacts"]) == 2 and shown["contacts"][0]["email"]


@pytest.mark.parametrize("reader", ["anonymous", "outsider"])
def test_others_see_public_contacts_by_name_and_role_only(project, reader):
    user = "" if reader == "anonymous" else ckan_factories.User()["name"]
    shown = factories.show_as(user, project["project"]["id"])
    assert shown["contacts"] == [{"name": "Marta Puig", "role": "Cap d'atenció ciutadana", "public": "yes"}]


def test_anonymous_api_search_and_page_reveal_nothing(app, project):
    name = project["project"]["name"]
    assert_no_private_bits(app.get(f"/api/3/action/package_show?id={name}").body)
    assert_no_private_bits(app.get("/api/3/action/package_search?q=*:*").body)
    assert_no_private_bits(app.get("/api/3/action/current_package_list_with_resources").body)
    page = app.get(f"/project/{name}").body
    assert "Marta Puig" in page
    assert_no_private_bits(page)


def test_solr_stored_document_holds_no_private_bits(project):
    docs = make_connection().search(f"id:{project['project']['id']}", fl="*")
    assert len(docs) == 1
    assert_no_private_bits(json.dumps(docs.docs[0], default=str, ensure_ascii=False))


def test_public_contacts_are_found_by_name_in_search_results(project):
    # The indexer filters the already-public view again: that must not empty it.
    result = helpers.call_action("package_search", q="Marta Puig")

    assert [p["name"] for p in result["results"]] == [project["project"]["name"]]
    assert [c["name"] for c in result["results"][0]["contacts"]] == ["Marta Puig"]
    assert helpers.call_action("package_search", q="Jordi Soler")["count"] == 0


def test_activity_stream_holds_no_private_bits(app, project):
    helpers.call_action(
        "package_patch", {"user": project["editor"]["name"]}, id=project["project"]["id"], title="Nou títol"
    )
    activities = helpers.call_action("package_activity_list", {"user": ""}, id=project["project"]["id"])
    assert len(activities) == 2
    stored = model.Session.execute(model.meta.metadata.tables["activity"].select()).fetchall()
    assert_no_private_bits(json.dumps([dict(row._mapping) for row in stored], default=str, ensure_ascii=False))
    assert_no_private_bits(app.get(f"/project/activity/{project['project']['name']}").body)


def test_patching_another_field_keeps_contacts(project):
    editor = project["editor"]["name"]
    helpers.call_action("package_patch", {"user": editor}, id=project["project"]["id"], phase="pilot")
    helpers.call_action(
        "resource_create", {"user": editor}, package_id=project["project"]["id"],
        url="https://example.cat/demo", name="Demo", resource_type="demo",
    )
    shown = factories.show_as(editor, project["project"]["id"])
    assert [c["email"] for c in shown["contacts"]] == ["marta.puig@example.cat", "jordi.soler@example.cat"]


def test_member_sees_details_on_the_page(app, project):
    page = app.get(f"/project/{project['project']['name']}", extra_environ={"REMOTE_USER": ""},
                   headers={"Authorization": helpers.call_action(
                       "api_token_create", {"user": project["editor"]["name"]},
                       user=project["editor"]["name"], name="t")["token"]})
    assert "marta.puig@example.cat" in page.body
    assert "Jordi Soler" in page.body


def test_purging_the_project_removes_its_contacts(project):
    admin = ckan_factories.Sysadmin()
    helpers.call_action("dataset_purge", {"user": admin["name"]}, id=project["project"]["id"])
    from ckanext.digicanvis.model import ProjectContact

    assert model.Session.query(ProjectContact).count() == 0


def revise_as(app, user: dict, project_id: str, position: int, guess: str):
    """package_revise by someone who may read the project but not change it, matching a guess."""
    token = helpers.call_action("api_token_create", user=user["name"], name="probe")["token"]
    return app.post("/api/3/action/package_revise", headers={"Authorization": token},
                    json={"match__id": project_id, f"match__contacts__{position}__email": guess, "update__notes": "x"})


def test_package_revise_does_not_confirm_a_guessed_private_address(app, project):
    """``package_revise`` reads the project with ``for_update`` before checking who calls: that
    flag must not show the caller addresses it may not read (issue 10, defect 3)."""
    outsider = ckan_factories.User()
    for position, address in ((0, "marta.puig@example.cat"), (1, "jordi.soler@example.cat")):
        right = revise_as(app, outsider, project["project"]["id"], position, address)
        wrong = revise_as(app, outsider, project["project"]["id"], position, "someone.else@example.cat")

        # The same refusal whatever the guess: the outsider's read holds no address to compare.
        assert right.status_code == wrong.status_code, (right.body, wrong.body)
        assert right.status_code in (400, 409)
        assert right.json["error"]["__type"] == wrong.json["error"]["__type"]
    assert factories.show_as(project["editor"]["name"], project["project"]["id"])["notes"] != "x"


def test_package_revise_by_an_editor_keeps_every_contact(app, project):
    token = helpers.call_action("api_token_create", user=project["editor"]["name"], name="t")["token"]
    response = app.post("/api/3/action/package_revise", headers={"Authorization": token},
                        json={"match__id": project["project"]["id"],
                              "match__contacts__1__email": "jordi.soler@example.cat", "update__notes": "Nou text."})

    assert response.status_code == 200
    shown = factories.show_as(project["editor"]["name"], project["project"]["id"])
    assert shown["notes"] == "Nou text."
    assert [c["email"] for c in shown["contacts"]] == ["marta.puig@example.cat", "jordi.soler@example.cat"]
