"""An observatory editor imports a council's inventory from the upload page, in Chromium:
a file with a wrong value is refused row by row, then imported skipping that row."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from ckan import model
from ckan.tests import factories as ckan_factories

from tests.browser.conftest import PASSWORD
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
    page.reload()
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
