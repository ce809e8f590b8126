"""The Solr core is Solr 9 with CKAN's schema plus the observatory's fields."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests

import ckan.plugins.toolkit as tk
from ckan.lib.search.common import make_connection

from tests.factories import great_circle_km

pytestmark = pytest.mark.usefixtures("clean_index")

# Local bodies with real coordinates: Barcelona, Sabadell (about 20 km), Girona (about 85 km).
PLACES = {
    "barcelona": (41.3874, 2.1686),
    "sabadell": (41.5433, 2.1094),
    "girona": (41.9794, 2.8214),
}


def solr_base() -> str:
    url = urlsplit(tk.config["solr_url"])
    return f"{url.scheme}://{url.netloc}/solr"


def core_url() -> str:
    return tk.config["solr_url"].rstrip("/")


def index_places() -> None:
    site_id = tk.config["ckan.site_id"]
    docs = [
        {
            "index_id": f"{site_id}-{name}",
            "id": name,
            "site_id": site_id,
            "entity_type": "package",
            "project_location": f"{lat},{lon}",
            "facet_technologies": ["chatbot", "open data"] if name != "girona" else ["chatbot"],
        }
        for name, (lat, lon) in PLACES.items()
    ]
    make_connection().add(docs, commit=True)


def test_solr_runs_lucene_9():
    info = requests.get(f"{solr_base()}/admin/info/system", params={"wt": "json"}, timeout=10).json()
    assert info["lucene"]["solr-spec-version"] == "9.10.1"
    assert info["lucene"]["lucene-spec-version"].startswith("9.")


def test_core_uses_ckan_schema():
    schema = requests.get(f"{core_url()}/schema", params={"wt": "json"}, timeout=10).json()["schema"]
    assert schema["name"] == "ckan-2.12"
    assert schema["version"] == 1.6


def test_extra_fields_exist():
    fields = requests.get(f"{core_url()}/schema/fields/project_location", timeout=10).json()
    assert fields["field"]["type"] == "location"
    types = requests.get(f"{core_url()}/schema/fieldtypes/location", timeout=10).json()
    assert types["fieldType"]["class"] == "solr.LatLonPointSpatialField"
    dynamic = requests.get(f"{core_url()}/schema/dynamicfields/facet_*", timeout=10).json()
    assert dynamic["dynamicField"]["multiValued"] is True


def test_geo_filter_keeps_places_within_the_radius():
    index_places()

    hits = make_connection().search(
        "*:*",
        fq="{!geofilt sfield=project_location pt=41.3874,2.1686 d=30}",
        fl="id",
    )

    assert sorted(doc["id"] for doc in hits) == ["barcelona", "sabadell"]


def test_geodist_sorts_nearest_first_and_agrees_with_great_circle():
    index_places()

    hits = make_connection().search(
        "*:*",
        sfield="project_location",
        pt="41.3874,2.1686",
        sort="geodist() asc",
        fl="id,distance:geodist()",
    )

    ids = [doc["id"] for doc in hits]
    assert ids == ["barcelona", "sabadell", "girona"]
    for doc in hits:
        expected = great_circle_km(PLACES["barcelona"], PLACES[doc["id"]])
        assert doc["distance"] == pytest.approx(expected, abs=1.0)


def test_list_facet_counts_each_value():
    index_places()

    hits = make_connection().search("*:*", **{"facet": "true", "facet.field": "facet_technologies", "rows": 0})

    counts = hits.facets["facet_fields"]["facet_technologies"]
    assert dict(zip(counts[::2], counts[1::2])) == {"chatbot": 3, "open data": 2}
