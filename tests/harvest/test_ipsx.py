"""The ``ipsx`` harvester end to end: a real HTTP server on 127.0.0.1 serves IPS-X case
tables, jobs run through the real Redis queues and consumer processes."""

from __future__ import annotations

import csv
import io
import os

import pytest

from ckan import model
from ckan.tests import helpers
from ckanext.activity.model import Activity

from ckanext.digicanvis.harvest import ipsx

from .conftest import create_source, job_report, run_job

DATA = os.path.join(os.path.dirname(__file__), "data", "ipsx_cases.csv")
pytestmark = pytest.mark.usefixtures("clean_db", "clean_index", "harvest_consumers")


def ipsx_rows() -> list[dict[str, str]]:
    with open(DATA, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def as_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def catalan_subset() -> list[dict[str, str]]:
    """The Spanish local and regional cases, two national ones, one without a lead body."""
    rows = ipsx_rows()
    spanish = [row for row in rows if row["geocoverage_codes"] == "ES" and row["geoextent"] in ("Local", "Regional")]
    national = [row for row in rows if row["geoextent"] == "National"][:2]
    return spanish + national


def search(**params):
    model.Session.remove()
    return helpers.call_action("package_search", include_private=True, rows=1000, **params)


def load_barcelona() -> str:
    """The Catalan body the cases of Barcelona must land on (as load-local-bodies makes it)."""
    from ckan.tests import factories

    body = factories.Organization(name="ajuntament-de-barcelona", title="Ajuntament de Barcelona",
                                  body_type="municipality", ine_code="08019", country="ES", region="Catalunya",
                                  province="Barcelona", latitude=41.3874, longitude=2.1686, population=1702547)
    return body["id"]


def test_ipsx_cases_become_projects_and_a_second_run_changes_nothing(source_server):
    barcelona = load_barcelona()
    rows = catalan_subset()
    url = source_server.serve("/cases.csv", as_csv(rows), "text/csv; charset=utf-8")
    source = create_source(url, "ipsx", name="ipsx-es")

    job = run_job(source["id"])
    report = job_report(job["id"])

    local = [row for row in rows if row["geoextent"] in ("Local", "Regional")]
    assert report["counts"]["filtered"] == 2, report["lines"]
    assert report["counts"]["error"] == 0, [(l["text"], l["field_errors"]) for l in report["lines"] if l["outcome"] == "error"][:5]
    assert report["counts"]["new"] + report["counts"]["duplicate"] + report["counts"]["error"] == len(local)
    assert report["counts"]["error"] == 0, report["lines"]
    projects = search(fq="+dataset_type:project")
    assert projects["count"] == report["counts"]["new"]

    # Found by the observatory's ways in: the Barcelona cases are Km0, on the map, near Barcelona.
    of_barcelona = search(fq=f"+dataset_type:project +owner_org:{barcelona}")
    assert of_barcelona["count"] >= 4
    assert search(fq="+dataset_type:project +proximity:km0")["count"] >= of_barcelona["count"]
    assert search(fq="+dataset_type:project +country:ES")["count"] == projects["count"]
    near = search(fq="+dataset_type:project", extras={"ext_near": "41.39,2.17", "ext_radius_km": "20"})
    assert near["count"] >= of_barcelona["count"]
    fuengirola = [p for p in projects["results"] if p["title"].startswith("Fuengirola")][0]
    assert fuengirola["organization"]["title"] == "Municipality of Fuengirola"
    assert fuengirola["phase"] and fuengirola["area"] and fuengirola["transformation_type"]

    # Provenance, in the API.
    shown = helpers.call_action("package_show", id=fuengirola["id"])
    origin = shown["harvest_provenance"]
    assert origin["source_title"] == "Source ipsx-es"
    assert origin["original_url"].startswith("http")
    assert origin["first_harvested"] and origin["last_harvested"]

    project_ids = [p["id"] for p in projects["results"]]
    activities_before = project_activities(project_ids)
    versions_before = solr_versions()
    second = job_report(run_job(source["id"])["id"])
    assert second["counts"]["unchanged"] == len(local)
    assert second["counts"]["new"] == second["counts"]["updated"] == 0
    assert project_activities(project_ids) == activities_before
    assert solr_versions() == versions_before  # nothing reindexed


def project_activities(ids: list[str]) -> int:
    model.Session.remove()
    return model.Session.query(Activity).filter(Activity.object_id.in_(ids)).count()


def solr_versions() -> dict[str, int]:
    """Each project's Solr document version: it changes whenever the project is reindexed."""
    from ckan.lib.search.common import make_connection

    results = make_connection().search("dataset_type:project", fl="id,indexed_ts", rows=10000)
    return {doc["id"]: doc["indexed_ts"] for doc in results.docs}


def test_municipal_names_point_at_their_city():
    assert ipsx.municipal_city("Municipality of Rotterdam") == "Rotterdam"
    assert ipsx.municipal_city("Barcelona City Council") == "Barcelona"
    assert ipsx.municipal_city("City Council of Sant Feliu de Llobregat") == "Sant Feliu de Llobregat"
    assert ipsx.municipal_city("Ajuntament de Valls (Valls City Council)") == "Valls"
    assert ipsx.municipal_city("Nacka municipality") == "Nacka"


def test_the_whole_ipsx_file_imports_with_every_row_accounted_for(source_server, capsys):
    """All 853 real cases: each becomes a project, a duplicate link, or is filtered out or
    refused with its reason (numbers printed for the closing note)."""
    load_barcelona()
    with open(DATA, "rb") as file:
        url = source_server.serve("/ipsx_cases.csv", file.read(), "text/csv")
    source = create_source(url, "ipsx", name="ipsx-all")

    report = job_report(run_job(source["id"], timeout=900)["id"])

    counts = report["counts"]
    print_for_the_closing_note(report, capsys)
    assert sum(counts.values()) == 853
    rows = ipsx_rows()
    kept = [row for row in rows if row["geoextent"] in ("Local", "Regional")]
    assert counts["filtered"] == len(rows) - len(kept) == 542
    assert counts["new"] + counts["duplicate"] + counts["error"] == len(kept)
    assert counts["new"] >= 290
    assert search(fq="+dataset_type:project")["count"] == counts["new"]


def print_for_the_closing_note(report: dict, capsys) -> None:
    counts = report["counts"]
    reasons: dict[str, int] = {}
    for line in report["lines"]:
        if line["outcome"] in ("filtered", "error"):
            reason = line["text"].split(":")[0] if line["outcome"] == "error" else line["text"].split(" is not")[0]
            reasons[f"{line['outcome']}: {reason}"] = reasons.get(f"{line['outcome']}: {reason}", 0) + 1
    with capsys.disabled():
        print(f"\nIPS-X 853 rows: {counts}")
        for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
            print(f"  {count:4d}  {reason}")
        for line in report["lines"]:
            if line["outcome"] in ("duplicate", "error"):
                print(f"  row {line['row']} {line['outcome']}: {line['title']}: {line['text']} {line['field_errors']}")
