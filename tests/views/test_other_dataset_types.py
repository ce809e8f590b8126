"""Datasets that are not projects (CKAN's plain ``dataset`` type, kept for ckanext-dcat and generic
harvests) render as CKAN renders them, without the project file's blocks (issue 10, defect 7)."""

from __future__ import annotations

import pytest

from ckan.tests import factories as ckan_factories, helpers

from tests import factories
from tests.sessions import person, sign_in

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def plain_dataset() -> dict:
    body = factories.local_body()
    return helpers.call_action(
        "package_create", {"user": ckan_factories.Sysadmin()["name"]},
        type="dataset", name="pressupost-2024", title="Pressupost 2024", notes="Dades del pressupost.",
        owner_org=body["id"],
    )


def test_a_plain_dataset_page_renders_without_project_blocks(app, plain_dataset):
    response = app.get(f"/dataset/{plain_dataset['name']}")

    assert response.status_code == 200
    assert "Pressupost 2024" in response.body
    assert 'id="work-with-the-team"' not in response.body
    assert 'id="level-bodies"' not in response.body


def test_a_plain_dataset_page_renders_for_a_signed_in_member(app, plain_dataset):
    user = factories.editor_of(plain_dataset["owner_org"], person())
    sign_in(app, user)

    response = app.get(f"/dataset/{plain_dataset['name']}")

    assert response.status_code == 200
    assert 'id="work-with-the-team"' not in response.body
