"""Datasets go through CKAN into the real Solr core and come back from package_search."""

from __future__ import annotations

import pytest

from ckan.tests import factories, helpers

from tests.factories import local_body
from ckan.lib.search import check_solr_schema_version, SearchError


pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def test_solr_schema_version_check_passes():
    # Raises SearchError when the core's schema is not CKAN's (or is too old).
    assert check_solr_schema_version() is True


def test_created_dataset_is_found_by_full_text():
    org = local_body()
    editor = factories.Sysadmin()
    helpers.call_action(
        "package_create",
        {"user": editor["name"]},
        name="xatbot-atencio",
        title="Xatbot d'atenció ciutadana",
        notes="Assistent virtual que respon consultes sobre el padró municipal",
        owner_org=org["id"],
    )
    factories.Dataset(owner_org=org["id"], notes="Plataforma de contractació")

    found = helpers.call_action("package_search", q="padró")

    assert found["count"] == 1
    assert found["results"][0]["name"] == "xatbot-atencio"


def test_search_counts_a_facet():
    girona, lleida = local_body(), local_body()
    factories.Dataset(owner_org=girona["id"], tags=[{"name": "chatbot"}])
    factories.Dataset(owner_org=girona["id"], tags=[{"name": "chatbot"}, {"name": "ia"}])
    factories.Dataset(owner_org=lleida["id"], tags=[{"name": "ia"}])

    result = helpers.call_action(
        "package_search", q="*:*", **{"facet.field": '["organization", "tags"]'}
    )

    orgs = {item["name"]: item["count"] for item in result["search_facets"]["organization"]["items"]}
    tags = {item["name"]: item["count"] for item in result["search_facets"]["tags"]["items"]}
    assert orgs == {girona["name"]: 2, lleida["name"]: 1}
    assert tags == {"chatbot": 2, "ia": 2}


def test_facet_filter_narrows_results():
    org = local_body()
    factories.Dataset(owner_org=org["id"], tags=[{"name": "blockchain"}])
    factories.Dataset(owner_org=org["id"], tags=[{"name": "robotica"}])

    result = helpers.call_action("package_search", fq="tags:blockchain")

    assert result["count"] == 1
    assert result["results"][0]["tags"][0]["name"] == "blockchain"


def test_malformed_query_is_a_search_error_not_a_crash():
    with pytest.raises(SearchError):
        helpers.call_action("package_search", q="title:(unbalanced")
