"""bench/generate.py's bulk path stores and indexes what package_create does.

The same synthetic projects (same seed) are created once through the API and once in bulk
(with other names); after indexing, ``package_show`` and the Solr documents must agree in
everything but the identifiers and times.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from ckan.lib import search
from ckan.lib.search.common import make_connection
from ckan.tests import helpers

from bench import generate, synthetic
from tests.factories import local_body

VOLATILE = {"id", "name", "metadata_created", "metadata_modified", "package_id", "created", "revision_id",
            "index_id", "_version_", "indexed_ts", "name_ngram", "validated_data_dict", "data_dict", "urls", "res_url", "url"}


def bodies() -> list[synthetic.Body]:
    made = [local_body(name=f"ens-{n}", title=f"Ajuntament de Poble {n}", ine_code=f"0800{n}", population=1000 * (n + 1))
            for n in range(3)]
    return [synthetic.Body(body["id"], body["name"], body["title"], 1.0) for body in made]


def same_projects(seed: int, places: list[synthetic.Body], count: int, prefix: str) -> list[dict[str, Any]]:
    # replicated_from names an earlier project of the same run: renamed with it.
    rng = random.Random(seed)
    shape = synthetic.DemoShape.load()
    result = []
    for number in range(count):
        data = synthetic.project(rng, shape, number, places[number % len(places)], places, [p["name"] for p in result])
        data["name"] = f"{prefix}-{number}"
        result.append(data)
    for data in result:
        if data.get("replicated_from"):
            data["replicated_from"] = f"{prefix}-{data['replicated_from'].rsplit('-', 1)[-1]}" if data["replicated_from"].startswith(prefix) else data["replicated_from"]
    return result


def without_volatile(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_volatile(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [without_volatile(v) for v in value]
    return value


def solr_doc(package_id: str) -> dict[str, Any]:
    docs = make_connection().search(q=f'id:"{package_id}"', fl="*").docs
    assert len(docs) == 1
    doc = docs[0]
    return {key: value for key, value in doc.items() if key not in VOLATILE and not key.startswith("res_")} | {
        "res_type": doc.get("res_type"), "res_name": doc.get("res_name")}


@pytest.mark.usefixtures("clean_db", "clean_index", "with_request_context")
def test_the_bulk_load_stores_and_indexes_what_the_api_does():
    places = bodies()
    via_api = same_projects(7, places, 12, "api")
    in_bulk = same_projects(7, places, 12, "bulk")
    # Every kind of field is exercised by 12 projects of seed 7.
    assert any(p.get("savings") for p in via_api) and any(p.get("partner_bodies") for p in via_api)
    assert any(p.get("end_year") for p in via_api) and any(len(p["contacts"]) == 2 for p in via_api)

    api_ids = generate.create_via_api(via_api)
    bulk_ids = generate.create_in_bulk(in_bulk)
    for package_id in bulk_ids:
        search.rebuild(package_id)

    for api_id, bulk_id in zip(api_ids, bulk_ids):
        shown_api = helpers.call_action("package_show", id=api_id)
        shown_bulk = helpers.call_action("package_show", id=bulk_id)
        if shown_api.get("replicated_from"):
            shown_api["replicated_from"] = shown_api["replicated_from"].replace("api-", "bulk-")
        differing = {key for key in (set(shown_api) | set(shown_bulk)) - VOLATILE
                     if without_volatile(shown_api.get(key)) != without_volatile(shown_bulk.get(key))}
        assert not differing, "\n".join(f"{key}:\n  api  {without_volatile(shown_api.get(key))}\n  bulk {without_volatile(shown_bulk.get(key))}" for key in differing)
        doc_api, doc_bulk = solr_doc(api_id), solr_doc(bulk_id)
        doc_api["replicated_from"] = (doc_api.get("replicated_from") or "").replace("api-", "bulk-") or None
        doc_bulk["replicated_from"] = doc_bulk.get("replicated_from") or None
        assert doc_bulk == doc_api
        assert json.loads(json.dumps(doc_bulk))  # plain data, nothing lazily computed
