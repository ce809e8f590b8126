"""Spreadsheet inventories: the template, `ckan digicanvis import` (twice, with errors,
--skip-invalid, --dry-run), the upload page's background job, and the ``spreadsheet``
harvester through the real queues."""

from __future__ import annotations

import io
import os

import pytest
from openpyxl import Workbook, load_workbook

import ckan.cli.cli
from ckan import model
from ckan.tests import factories, helpers

from ckanext.digicanvis.harvest import importer, spreadsheet
from ckanext.digicanvis.logic.body_finder import BodyFacts
from ckanext.digicanvis.model import ProjectContact

from .conftest import create_source, job_report, run_job

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")
ckan_cli = ckan.cli.cli.ckan


@pytest.fixture
def vic():
    return factories.Organization(name="ajuntament-de-vic", title="Ajuntament de Vic", body_type="municipality",
                                  ine_code="08298", country="ES", region="Catalunya")


def template_rows(app, lang: str = "ca") -> tuple[list[str], Workbook]:
    response = app.get(f"/{lang}/harvest/spreadsheet/template.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    headers = [cell.value for cell in workbook.worksheets[0][1]]
    return headers, workbook


def filled(headers: list[str], rows: list[dict[str, str]]) -> bytes:
    """The template filled in as a clerk would (labels in the drop-down's language)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(spreadsheet.column_key(header), "") for header in headers])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


ROWS = [
    {"external_id": "INV-1", "title": "Cita prèvia en línia", "local_body": "Ajuntament de Vic",
     "notes": "Demanar hora per internet", "area": "Serveis i tràmits", "transformation_type": "Servei",
     "phase": "Implantat", "technologies": "web; SMS", "start_year": "2022", "website": "https://www.vic.cat/cita",
     "contact_name": "Joan Serra", "contact_role": "Cap TIC", "contact_email": "joan@vic.cat", "contact_public": "Sí"},
    {"external_id": "INV-2", "title": "Sensors de qualitat de l'aire", "local_body": "ajuntament-de-vic",
     "notes": "Xarxa de sensors", "area": "planning_management", "transformation_type": "Process",
     "phase": "Pilot", "maturity_level": "Intel·ligent"},
]


def test_template_has_a_drop_down_on_every_choice_column_and_a_sheet_explaining_each(app):
    headers, workbook = template_rows(app, "es")
    assert "Título del proyecto * [title]" in headers
    validations = workbook.worksheets[0].data_validations.dataValidation
    choice_columns = [column.key for column in spreadsheet.COLUMNS if column.choices_of]
    assert len(validations) == len(choice_columns)
    lists = workbook["Listas"]
    area_column = [i for i, h in enumerate(headers, start=1) if h.endswith("[area]")][0]
    assert "Servicios y trámites" in [lists.cell(row=r, column=area_column).value for r in range(1, 8)]
    explained = [row[0].value for row in workbook["Columnas"].iter_rows(min_row=2)]
    assert len(explained) == len(spreadsheet.COLUMNS)


def test_import_twice_changes_nothing_the_second_time(app, vic, cli, tmp_path):
    headers, _ = template_rows(app, "ca")
    path = tmp_path / "inventari.xlsx"
    path.write_bytes(filled(headers, ROWS))

    first = cli.invoke(ckan_cli, ["digicanvis", "import", str(path), "--lang", "en"])
    assert first.exit_code == 0, first.output
    assert "New: 2" in first.output
    model.Session.remove()
    projects = helpers.call_action("package_search", fq="+dataset_type:project")["results"]
    assert sorted(p["title"] for p in projects) == ["Cita prèvia en línia", "Sensors de qualitat de l'aire"]
    cita = helpers.call_action("package_show", id=[p for p in projects if p["title"].startswith("Cita")][0]["id"])
    assert (cita["area"], cita["phase"], cita["technologies"]) == ("services_procedures", "implemented", ["web", "SMS"])
    assert cita["organization"]["name"] == "ajuntament-de-vic"
    stored = model.Session.query(ProjectContact).filter_by(package_id=cita["id"]).one()
    assert (stored.email, stored.public) == ("joan@vic.cat", True)
    assert cita["harvest_provenance"]["spreadsheet_import"] is True

    second = cli.invoke(ckan_cli, ["digicanvis", "import", str(path), "--lang", "en"])
    assert second.exit_code == 0, second.output
    assert "Unchanged: 2" in second.output and "New: 0" in second.output and "Updated: 0" in second.output


def test_a_file_with_errors_imports_nothing_unless_asked(app, vic, cli, tmp_path):
    headers, _ = template_rows(app, "ca")
    bad = dict(ROWS[1], external_id="INV-3", phase="Acabat", start_year="1850")
    path = tmp_path / "inventari.xlsx"
    path.write_bytes(filled(headers, [ROWS[0], bad]))

    refused = cli.invoke(ckan_cli, ["digicanvis", "import", str(path), "--lang", "es"])
    assert refused.exit_code == 1
    assert "Fila 3" in refused.output and "[phase]" not in refused.output
    assert "(phase)" in refused.output
    assert helpers.call_action("package_search", fq="+dataset_type:project")["count"] == 0

    checked = cli.invoke(ckan_cli, ["digicanvis", "import", str(path), "--dry-run", "--lang", "en"])
    assert "Check only" in checked.output and "New: 1" in checked.output
    assert helpers.call_action("package_search", fq="+dataset_type:project")["count"] == 0

    skipped = cli.invoke(ckan_cli, ["digicanvis", "import", str(path), "--skip-invalid", "--lang", "en"])
    assert skipped.exit_code == 0, skipped.output
    assert "New: 1" in skipped.output and "Errors: 1" in skipped.output
    model.Session.remove()
    assert helpers.call_action("package_search", fq="+dataset_type:project")["count"] == 1


def test_a_script_address_is_refused_and_never_becomes_a_link(app, vic, cli, tmp_path):
    headers, _ = template_rows(app, "en")
    path = tmp_path / "inventari.xlsx"
    path.write_bytes(filled(headers, [dict(ROWS[0], website="javascript:alert(document.cookie)")]))

    refused = cli.invoke(ckan_cli, ["digicanvis", "import", str(path), "--lang", "en"])

    assert refused.exit_code == 1
    assert "Row 2" in refused.output and "(resources.0.url)" in refused.output, refused.output
    assert helpers.call_action("package_search", fq="+dataset_type:project")["count"] == 0
    # Nor does any other harvester's record link it from the project page.
    draft = importer.Draft(project={}, body=BodyFacts(title="Vic", body_type="municipality"),
                           original_url=" JavaScript:alert(1)")
    assert draft.original_url == ""


def test_upload_page_runs_the_import_as_a_background_job_with_progress_and_report(app, vic, run_jobs):
    editor = factories.Sysadmin()
    headers, _ = template_rows(app, "ca")
    env = {"Authorization": factories.APIToken(user=editor["name"])["token"]}
    started = helpers.call_action(
        "digicanvis_spreadsheet_import", context={"user": editor["name"]},
        upload=_upload("inventari.xlsx", filled(headers, ROWS)))
    waiting = app.get(f"/ca/harvest/spreadsheet/import/{started['id']}.json", headers=env).json
    assert waiting.get("status") == "queued", waiting

    assert run_jobs() == 1

    done = app.get(f"/en/harvest/spreadsheet/import/{started['id']}.json", headers=env).json
    assert done["status"] == "finished" and done["imported"] is True
    assert done["counts"]["new"] == 2
    page = app.get(f"/es/harvest/spreadsheet/import/{started['id']}", headers=env)
    assert "Importación terminada." in page.body


def test_only_editors_may_import(app, vic):
    user = factories.User()
    with pytest.raises(helpers.logic.NotAuthorized):
        helpers.call_action("digicanvis_spreadsheet_import", context={"user": user["name"], "ignore_auth": False},
                            upload=_upload("x.xlsx", b""))
    response = app.get("/ca/harvest/spreadsheet/import", headers={"Authorization": factories.APIToken(user=user["name"])["token"]}, status=403)
    assert response.status_code == 403
    assert app.get("/ca/harvest/spreadsheet/import", status=403).status_code == 403


def _upload(filename: str, data: bytes):
    from werkzeug.datastructures import FileStorage

    return FileStorage(stream=io.BytesIO(data), filename=filename)


@pytest.mark.usefixtures("harvest_consumers")
def test_spreadsheet_harvester_reads_the_template_at_a_url(app, vic, source_server):
    headers, _ = template_rows(app, "en")
    url = source_server.serve("/inventory.xlsx", filled(headers, ROWS))
    source = create_source(url, "spreadsheet", name="inventory")
    report = job_report(run_job(source["id"])["id"])
    assert report["counts"]["new"] == 2, report["lines"]
    assert job_report(run_job(source["id"])["id"])["counts"]["unchanged"] == 2
