"""Hostile harvest sources, each served by a real HTTP server on 127.0.0.1 and harvested
through the real queues and consumers: every one ends as a job error with a clear message,
nothing in the catalogue changes, the consumers keep running and the next job works."""

from __future__ import annotations

import io
import zipfile

import pytest
from bs4 import BeautifulSoup

from ckan import model
from ckan.tests import factories, helpers

from .conftest import create_source, job_report, run_job

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index", "harvest_consumers")

HEADER = "id,name,description,geoextent,geocoverage,geocoverage_codes,lead_organisation_name,lead_organisation_category,start_date,end_date,primary_sector,technology,type,status,url\n"
GOOD_ROW = "1,Xatbot municipal,Respon preguntes,Local,Spain,ES,Ajuntament de Vic,Local Government,2021,,General public services,Artificial intelligence,Engagement management,Implemented,https://www.vic.cat\n"


def xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def replace_member(workbook: bytes, member: str, content: bytes) -> bytes:
    """The same workbook with one part replaced (a bomb, an entity expansion...)."""
    source, out = zipfile.ZipFile(io.BytesIO(workbook)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, content if item.filename == member else source.read(item.filename))
    return out.getvalue()


def entity_bomb() -> bytes:
    lol = "".join(f'<!ENTITY lol{i} "{"&lol%d;" % (i - 1) * 10}">' for i in range(1, 10))
    shared = (f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY lol0 "lol">{lol}]>'
              '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
              '<si><t>&lol9;</t></si></sst>').encode()
    base = xlsx([["id", "name"], ["1", "text"]])
    return replace_member(base, "xl/sharedStrings.xml", shared) if "xl/sharedStrings.xml" in zipfile.ZipFile(io.BytesIO(base)).namelist() else replace_member(base, "xl/workbook.xml", shared)


def zip_bomb() -> bytes:
    sheet = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
    return replace_member(xlsx([["id"]]), "xl/worksheets/sheet1.xml", sheet[:-len(b"</worksheet>")] + b" " * 200_000_000 + b"</worksheet>")


HOSTILE = {
    "redirect to cloud metadata": (lambda s: s.redirect("/cases.csv", "http://169.254.169.254/latest/meta-data/"), "cloud metadata"),
    "endless body": (lambda s: s.endless("/cases.csv"), "size cap"),
    "one byte a second": (lambda s: s.trickle("/cases.csv"), "took longer than 5 seconds"),
    "XML entity bomb in a workbook": (lambda s: s.serve("/cases.xlsx", entity_bomb()), "not a valid XLSX"),
    "zip bomb workbook": (lambda s: s.serve("/cases.xlsx", zip_bomb()), "zip bomb"),
    "a row of a million columns": (lambda s: s.serve("/cases.csv", HEADER + "," * 1_000_000 + "\n", "text/csv"), "columns"),
    "invalid UTF-8": (lambda s: s.serve("/cases.csv", (HEADER + GOOD_ROW).encode() + b"2,Caf\xe9 \xff\xfe,x\n", "text/csv; charset=utf-8"), "not valid utf-8"),
    "404": (lambda s: s.serve("/cases.csv", "gone", status=404), "HTTP 404"),
    "500": (lambda s: s.serve("/cases.csv", "boom", status=500), "HTTP 500"),
}


def project_count() -> int:
    model.Session.remove()
    return helpers.call_action("package_search", fq="+dataset_type:project", include_private=True)["count"]


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_source_ends_as_a_job_error_and_the_next_job_works(source_server, harvest_consumers, case):
    serve, expected = HOSTILE[case]
    serve(source_server)
    path = "/cases.xlsx" if "workbook" in case else "/cases.csv"
    hostile = create_source(source_server.url(path), "ipsx", name="hostile")

    report = job_report(run_job(hostile["id"])["id"])

    errors = [line for line in report["lines"] if line["outcome"] == "error"]
    assert report["counts"]["error"] == 1 and errors, report
    assert expected.casefold() in errors[0]["text"].casefold(), errors[0]["text"]
    assert report["counts"]["new"] == report["counts"]["updated"] == 0
    assert project_count() == 0
    assert harvest_consumers.alive()

    good = create_source(source_server.serve("/good.csv", HEADER + GOOD_ROW, "text/csv"), "ipsx", name="good")
    assert job_report(run_job(good["id"])["id"])["counts"]["new"] == 1
    assert project_count() == 1


def test_a_script_title_is_refused_and_the_other_rows_import(source_server):
    rows = HEADER + GOOD_ROW + GOOD_ROW.replace("1,Xatbot municipal", "2,<script>alert(1)</script>")
    source = create_source(source_server.serve("/cases.csv", rows, "text/csv"), "ipsx", name="script")

    report = job_report(run_job(source["id"])["id"])

    assert (report["counts"]["new"], report["counts"]["error"]) == (1, 1), report["lines"]
    error = [line for line in report["lines"] if line["outcome"] == "error"][0]
    assert error["row"] == 3 and "no name" in error["text"]
    assert project_count() == 1


def test_html_in_text_fields_becomes_plain_text(source_server):
    row = GOOD_ROW.replace("Respon preguntes", '"<p>Respon <b>preguntes</b><script>steal()</script> &amp; tràmits</p>"')
    source = create_source(source_server.serve("/cases.csv", HEADER + row, "text/csv"), "ipsx", name="html")
    run_job(source["id"])
    project = helpers.call_action("package_search", fq="+dataset_type:project")["results"][0]
    assert project["notes"] == "Respon preguntes & tràmits"


REPORT_PAGE = {  # heading, label of the new ones, the refused row's message
    "ca": ("Què ha fet aquesta tasca", "Nous", "El cas no té nom"),
    "es": ("Qué ha hecho esta tarea", "Nuevos", "El caso no tiene nombre"),
    "en": ("What this job did", "New", "The case has no name"),
}


def test_the_job_report_page_counts_and_shows_each_error_with_its_row_in_three_languages(app, source_server):
    rows = HEADER + GOOD_ROW + GOOD_ROW.replace("1,Xatbot municipal", "2,<script>alert(1)</script>")
    source = create_source(source_server.serve("/cases.csv", rows, "text/csv"), "ipsx", name="report-page")
    job = run_job(source["id"])
    admin = {"Authorization": factories.APIToken(user=factories.Sysadmin()["name"])["token"]}

    for lang, (heading, new_label, message) in REPORT_PAGE.items():
        response = app.get(f"/{lang}/harvest/{source['name']}/job/{job['id']}", headers=admin)
        assert response.status_code == 200
        assert "<script>alert(1)" not in response.body
        page = BeautifulSoup(response.body, "html.parser")
        report = page.select_one(".digicanvis-job-report")
        assert report.h2.get_text(strip=True) == heading
        counts = dict(zip([th.get_text(strip=True) for th in report.select(".digicanvis-harvest-counts th")],
                          [td.get_text(strip=True) for td in report.select(".digicanvis-harvest-counts td")]))
        assert counts[new_label] == "1"
        error = report.select_one(".digicanvis-line-error").find_all("td")
        assert error[0].get_text(strip=True) == "3"
        assert message in error[3].get_text()
    assert app.get(f"/ca/harvest/{source['name']}/job/{job['id']}", status=403).status_code == 403
    listing = app.get("/ca/harvest", headers=admin)
    assert "Fonts de recol·lecció" in listing.body and "Source report-page" in listing.body
    form = BeautifulSoup(app.get(f"/ca/harvest/edit/{source['name']}", headers=admin).body, "html.parser")
    assert form.select_one(".harvest-types legend").get_text(strip=True) == "Tipus de font"
    # After a job, package_show no longer says the type: the form still keeps it.
    assert form.select_one("#source-type-ipsx").has_attr("checked")
    assert form.find("label", attrs={"for": "source-type-ckan"}).get_text(strip=True) == "CKAN"
    assert "Recull instàncies CKAN remotes" in form.select_one(".harvest-types").get_text()
    assert form.select_one("#source-new button[type=submit]").get_text(strip=True) == "Desa"
    assert form.find("a", href=f"/ca/harvest/delete/{source['name']}")

    # The imported project says where it comes from, to anyone.
    project = helpers.call_action("package_search", fq="+dataset_type:project")["results"][0]
    page = BeautifulSoup(app.get(f"/ca/project/{project['name']}").body, "html.parser")
    origin = page.select_one(".digicanvis-provenance")
    assert origin.h2.get_text(strip=True) == "D'on ve"
    assert origin.select_one(f"a[href='/ca/harvest/{source['name']}']") or origin.find("a", string="Source report-page")
    assert origin.find("a", href="https://www.vic.cat")
    assert "Primera recol·lecció" in origin.get_text()
