"""In Chromium: an observatory editor imports a council's inventory from the upload page (a
file with a wrong value is refused row by row, then imported skipping that row); the IT lead
adds a harvest source on a phone (a metadata address refused, then a real one) and reads the
job report through the real queues."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from ckan import model
from ckan.tests import factories as ckan_factories

from tests.browser.conftest import PASSWORD
from tests.harvest.conftest import harvest_consumers, run_job, source_server  # noqa: F401 (fixtures)
from tests.harvest.test_hostile_sources import GOOD_ROW, HEADER
from tests.harvest.test_spreadsheet import ROWS, filled

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def editor() -> dict:
    """A member of the observatory's editors' group (not a sysadmin)."""
    user = ckan_factories.User(name="editora", fullname="Editora de l'Observatori", password=PASSWORD, image_url="")
    ckan_factories.Group(name="observatory-editors", users=[{"name": user["name"], "capacity": "member"}])
    ckan_factories.Organization(name="ajuntament-de-vic", title="Ajuntament de Vic", body_type="municipality",
                                ine_code="08298", country="ES", region="Catalunya")
    return user


def test_an_editor_imports_an_inventory_after_seeing_its_errors(live_server: str, page: Page, sign_in, screenshot,
                                                                 editor: dict, run_jobs, tmp_path) -> None:
    sign_in(page, editor)
    page.goto(f"{live_server}/ca/harvest/spreadsheet/import")
    with page.expect_download() as download:
        page.get_by_role("link", name="Descarrega la plantilla (XLSX)").click()
    template = tmp_path / "plantilla.xlsx"
    download.value.save_as(template)
    from openpyxl import load_workbook

    headers = [cell.value for cell in load_workbook(template).worksheets[0][1]]
    wrong = dict(ROWS[1], phase="Acabat")
    upload = tmp_path / "inventari.xlsx"
    upload.write_bytes(filled(headers, [ROWS[0], wrong]))

    page.locator("#import-upload").set_input_files(str(upload))
    page.get_by_role("button", name="Importa").click()
    expect(page.locator(".digicanvis-import-status")).to_contain_text("Esperant el torn")
    assert run_jobs() == 1
    # The page follows the import by itself, without reloading (no meta refresh: WCAG 2.2.1).
    expect(page.locator(".digicanvis-import-status")).to_contain_text("No s'ha importat res")
    error_row = page.locator("tr.digicanvis-line-error")
    expect(error_row).to_contain_text("Fase")
    expect(error_row.locator("td").first).to_have_text("3")
    screenshot(page, "harvest-import-refused")
    model.Session.remove()
    assert model.Session.query(model.Package).filter_by(type="project").count() == 0

    page.goto(f"{live_server}/ca/harvest/spreadsheet/import")
    page.locator("#import-upload").set_input_files(str(upload))
    page.locator("#import-skip-invalid").check()
    page.get_by_role("button", name="Importa").click()
    assert run_jobs() == 1
    page.reload()
    expect(page.locator(".digicanvis-import-status")).to_contain_text("Importació acabada")
    expect(page.locator(".digicanvis-count-new")).to_have_text("1")
    expect(page.locator(".digicanvis-count-error")).to_have_text("1")
    screenshot(page, "harvest-import-done")
    page.get_by_role("link", name="Cita prèvia en línia").click()
    expect(page.locator(".digicanvis-provenance")).to_contain_text("Importació de full de càlcul (inventari.xlsx)")
    screenshot(page, "harvest-provenance")


@pytest.fixture
def operator() -> dict:
    """The observatory's IT lead: a sysadmin, and the operator's body that owns the sources."""
    user = ckan_factories.Sysadmin(name="cap-tic", fullname="Cap TIC de l'Observatori", password=PASSWORD, image_url="")
    ckan_factories.Organization(name="observatori-aoc", title="Consorci AOC", body_type="consortium")
    return user


def test_an_it_lead_adds_a_source_on_a_phone_is_refused_a_metadata_address_then_reads_the_job_report(
        live_server: str, page: Page, sign_in, screenshot, operator: dict, source_server, harvest_consumers) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, operator)
    page.goto(f"{live_server}/ca/harvest/new")
    expect(page.locator(".harvest-types legend")).to_have_text("Tipus de font")
    page.locator("#field-url").fill("http://169.254.169.254/latest/meta-data/")
    page.locator("#field-title").fill("Casos IPS-X")
    page.get_by_label("IPS-X / Public Sector Tech Watch").check()
    page.get_by_role("button", name="Desa").click()
    expect(page.locator(".error-explanation, .alert-error, .error-block").first).to_contain_text("metadades")
    screenshot(page, "harvest-source-refused")
    assert model.Session.query(model.Package).filter_by(type="harvest").count() == 0

    cases = HEADER + GOOD_ROW + GOOD_ROW.replace("1,Xatbot municipal", "2,")
    page.locator("#field-url").fill(source_server.serve("/cases.csv", cases, "text/csv"))
    # The URL name, made from the title by CKAN's slug preview (hidden or shown again with the
    # form's errors, depending on when the preview caught the title): set as it would be.
    page.locator("#field-name").evaluate("(field, name) => { field.value = name; }", "casos-ips-x")
    page.get_by_role("button", name="Desa").click()
    expect(page.locator("h1.heading")).to_have_text("Casos IPS-X")
    model.Session.remove()
    source = model.Session.query(model.Package).filter_by(type="harvest", name="casos-ips-x").one()
    job = run_job(source.id)

    page.goto(f"{live_server}/ca/harvest/casos-ips-x/job/{job['id']}")
    report = page.locator(".digicanvis-job-report")
    expect(report.locator("h2")).to_have_text("Què ha fet aquesta tasca")
    expect(report.locator(".digicanvis-count-new")).to_have_text("1")
    expect(report.locator(".digicanvis-count-error")).to_have_text("1")
    expect(report.locator("tr.digicanvis-line-error td").first).to_have_text("3")
    # The counts scroll inside their box on a phone; the report does not widen the page.
    counts_box = report.locator(".table-responsive:has(.digicanvis-harvest-counts)")
    assert counts_box.evaluate("box => getComputedStyle(box).overflowX") == "auto"
    assert counts_box.evaluate("box => box.getBoundingClientRect().right") <= 390
    screenshot(page, "harvest-job-report-phone")
    report.get_by_role("link", name="Xatbot municipal").click()
    expect(page.locator(".digicanvis-provenance")).to_contain_text("Casos IPS-X")
