"""Spreadsheet inventories: the XLSX template, reading a filled one, and importing it.

One row is one project. The template (``/harvest/spreadsheet/template.xlsx``, ``ckan
digicanvis spreadsheet-template``) has a sheet of projects whose headers read "Label
[column]", a drop-down list (labels in the reader's language) on every choice column, and a
second sheet explaining each column. The importer accepts for a choice the machine value or
its label in Catalan, Spanish or English, and reads a CSV with the same columns too.

Rows are matched by ``external_id`` (any identifier the council keeps), else by ``name``
(the project's URL name), else by title and local body: importing the same file twice
changes nothing. Used by ``ckan digicanvis import FILE``, the upload page (a background
job), and the ``spreadsheet`` harvester (a file at a URL, harvested on a schedule).
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import re
import uuid
from typing import IO, Any, Callable, Iterator

from slugify import slugify

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.search.common import make_connection

from ckanext.digicanvis.harvest import importer, records, tables
from ckanext.digicanvis.harvest.base import Gathered, Item, ProjectHarvester, Skipped, SourceError
from ckanext.digicanvis.harvest.fetch import N_
from ckanext.digicanvis.logic.body_finder import BodyFacts
from ckanext.digicanvis.logic.fields import project_field

IMPORT_SOURCE_ID = "spreadsheet-import"
LANGUAGES = ("ca", "es", "en")
LIST_SEPARATOR = re.compile(r"\s*[;\n]\s*")
HEADER_KEY = re.compile(r"\[([a-z_]+)\]\s*$")
TEMPLATE_ROWS = 1000  # rows that carry the drop-down lists


@dataclasses.dataclass(frozen=True)
class Column:
    key: str
    help: str  # msgid
    required: bool = False
    choices_of: str = ""  # project field (or "local_body:body_type") whose choices make a drop-down
    is_list: bool = False
    example: str = ""


COLUMNS = (
    Column("external_id", N_("Your own identifier of the project (any text). Keeps re-imports matched to the same project."), example="INV-2024-017"),
    Column("name", N_("Address of the project on the observatory (lowercase letters, digits, hyphens). Made from the title when empty."), example="xatbot-atencio-ciutadana"),
    Column("title", N_("Title of the project."), required=True, example="Xatbot d'atenció ciutadana"),
    Column("local_body", N_("Local body that leads the project: its name as on the observatory (e.g. Ajuntament de Girona) or its address name."), required=True, example="Ajuntament de Girona"),
    Column("local_body_ine_code", N_("INE code of the municipality (5 digits), to find the body without doubt."), example="17079"),
    Column("local_body_type", N_("Type of body, used only when the body is not on the observatory yet and is created."), choices_of="local_body:body_type"),
    Column("country", N_("Country of a new body: two-letter ISO code. Empty: ES."), example="ES"),
    Column("notes", N_("Description of the project: what it does and for whom."), required=True),
    Column("value_proposition", N_("The value it brings.")),
    Column("barriers", N_("Barriers and difficulties found.")),
    Column("benefits", N_("Benefits and opportunities.")),
    Column("technologies", N_("Technologies used, separated by semicolons."), is_list=True, example="chatbot; open data"),
    Column("methodologies", N_("Methodologies used, separated by semicolons."), is_list=True),
    Column("tools", N_("Tools used, separated by semicolons."), is_list=True),
    Column("area", N_("Area of the project."), required=True, choices_of="area"),
    Column("transformation_type", N_("Type of transformation."), required=True, choices_of="transformation_type"),
    Column("phase", N_("Phase the project is in."), required=True, choices_of="phase"),
    Column("maturity_level", N_("Level of digital maturity (DigiCanvis model)."), choices_of="maturity_level"),
    Column("start_year", N_("Year it started (four digits)."), example="2023"),
    Column("end_year", N_("Year it ended, if it did."),),
    Column("cost", N_("Cost in euros (a number).")),
    Column("funding", N_("How it was funded.")),
    Column("language", N_("Language this row is written in."), choices_of="language"),
    Column("website", N_("Web address of the project (https://...).")),
    Column("documentation", N_("Other links (articles, videos, documents), separated by semicolons."), is_list=True),
    Column("contact_name", N_("Name of a contact person.")),
    Column("contact_role", N_("Their role.")),
    Column("contact_email", N_("Their e-mail: seen only by members of the body and the observatory team.")),
    Column("contact_phone", N_("Their phone: seen only by members of the body and the observatory team.")),
    Column("contact_public", N_("Whether the contact's name and role are public."), choices_of="contacts:public"),
    Column("replicated_from", N_("Address name of a project on the observatory this one replicates.")),
    Column("partner_bodies", N_("Address names of other local bodies taking part, separated by semicolons."), is_list=True),
)
COLUMN_KEYS = {column.key for column in COLUMNS}


# ---------------------------------------------------------------- choices


def choice_field(spec: str) -> dict[str, Any]:
    """The scheming definition behind a column's drop-down ("field", "sub:field", "local_body:field")."""
    if spec.startswith("local_body:"):
        schema = tk.h.scheming_get_organization_schema("organization")
        return tk.h.scheming_field_by_name(schema["fields"], spec.split(":", 1)[1]) or {}
    if ":" in spec:
        parent, child = spec.split(":", 1)
        return tk.h.scheming_field_by_name(project_field(parent).get("repeating_subfields", []), child) or {}
    return project_field(spec)


def choices(spec: str) -> list[tuple[str, dict[str, str]]]:
    """(value, {language: label}) of a column's choices."""
    found = []
    field = choice_field(spec)
    for choice in (tk.h.scheming_field_choices(field) if field else []) or []:
        label = choice.get("label", choice["value"])
        found.append((choice["value"], label if isinstance(label, dict) else {lang: label for lang in LANGUAGES}))
    return found


def choice_value(spec: str, text: str) -> str | None:
    """The machine value of ``text`` (a value, or a label in any language), or None."""
    wanted = text.strip().casefold()
    for value, labels in choices(spec):
        if wanted == value.casefold() or wanted in {label.casefold() for label in labels.values()}:
            return value
    return None


def label_in(labels: dict[str, str], lang: str) -> str:
    return labels.get(lang) or labels.get("en") or next(iter(labels.values()), "")


# ---------------------------------------------------------------- the template


def column_label(column: Column, lang: str) -> str:
    if column.choices_of:
        label = choice_field(column.choices_of).get("label")
    elif column.key in ("external_id", "local_body", "local_body_ine_code", "local_body_type", "country", "website",
                        "documentation") or column.key.startswith("contact_"):
        label = None
    else:
        label = project_field(column.key).get("label")
    if isinstance(label, dict):
        return label_in(label, lang)
    return tk._(HEADER_LABELS[column.key]) if column.key in HEADER_LABELS else column.key


HEADER_LABELS = {
    "external_id": N_("Your identifier"),
    "local_body": N_("Leading local body"),
    "local_body_ine_code": N_("INE code of the body"),
    "local_body_type": N_("Type of body"),
    "country": N_("Country"),
    "website": N_("Website"),
    "documentation": N_("Documentation links"),
    "contact_name": N_("Contact: name"),
    "contact_role": N_("Contact: role"),
    "contact_email": N_("Contact: e-mail"),
    "contact_phone": N_("Contact: phone"),
    "contact_public": N_("Contact: public"),
}


def header(column: Column, lang: str) -> str:
    return f"{column_label(column, lang)}{' *' if column.required else ''} [{column.key}]"


def template(lang: str) -> bytes:
    """The XLSX template in ``lang`` (labels, drop-downs, the explanation sheet)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = tk._("Projects")[:31]
    lists = workbook.create_sheet(tk._("Lists")[:31])
    lists.sheet_state = "hidden"
    explained = workbook.create_sheet(tk._("Columns")[:31])
    bold = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=header(column, lang))
        cell.font = bold
        if column.required:
            cell.fill = PatternFill("solid", fgColor="FFF2CC")
        sheet.column_dimensions[letter].width = max(18, min(45, len(cell.value) + 2))
        if column.choices_of:
            labels = [label_in(labels, lang) for _value, labels in choices(column.choices_of)]
            for row, label in enumerate(labels, start=1):
                lists.cell(row=row, column=index, value=label)
            validation = DataValidation(type="list", formula1=f"={quote_sheet(lists.title)}!${letter}$1:${letter}${len(labels)}",
                                        allow_blank=not column.required, showErrorMessage=True,
                                        errorTitle=tk._("Not in the list"), error=tk._("Choose a value from the list."))
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    headings = (tk._("Column"), tk._("Required"), tk._("What to write"), tk._("Allowed values"), tk._("Example"))
    for index, heading in enumerate(headings, start=1):
        explained.cell(row=1, column=index, value=heading).font = bold
    for row, column in enumerate(COLUMNS, start=2):
        allowed = "; ".join(label_in(labels, lang) for _v, labels in choices(column.choices_of)) if column.choices_of else ""
        values = (header(column, lang), tk._("yes") if column.required else "", tk._(column.help), allowed, column.example)
        for index, value in enumerate(values, start=1):
            explained.cell(row=row, column=index, value=value).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDE", (34, 10, 60, 40, 26)):
        explained.column_dimensions[letter].width = width
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def quote_sheet(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


# ---------------------------------------------------------------- reading rows


def column_key(heading: str) -> str | None:
    """The column a header names: "Label [key]", or the bare key."""
    found = HEADER_KEY.search(heading or "")
    key = found.group(1) if found else (heading or "").strip().casefold()
    return key if key in COLUMN_KEYS else None


def normalised(row: dict[str, str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for heading, value in row.items():
        key = column_key(heading)
        if key:
            values[key] = (value or "").strip()
    return values


def guid_of(values: dict[str, str]) -> str:
    if values.get("external_id"):
        return f"id:{values['external_id']}"
    if values.get("name"):
        return f"name:{values['name']}"
    return f"title:{slugify(values.get('title', ''))}@{slugify(values.get('local_body', ''))}"


def split_list(text: str) -> list[str]:
    return [item for item in LIST_SEPARATOR.split(text or "") if item]


def draft_from(values: dict[str, str]) -> importer.Draft:
    """The project of one row; unknown choices are per-field errors (SourceError)."""
    errors: dict[str, list[str]] = {}
    project: dict[str, Any] = {}
    for column in COLUMNS:
        text = values.get(column.key, "")
        if not text or column.key.startswith(("local_body", "contact_")) or column.key in ("external_id", "country", "website", "documentation"):
            continue
        if column.choices_of:
            value = choice_value(column.choices_of, text)
            if value is None:
                errors[column.key] = [N_("Not one of the values of the list.")]
                continue
            project[column.key] = value
        elif column.is_list:
            project[column.key] = split_list(text)
        else:
            project[column.key] = text
    body_type = "municipality"
    if values.get("local_body_type"):
        body_type = choice_value("local_body:body_type", values["local_body_type"]) or ""
        if not body_type:
            errors["local_body_type"] = [N_("Not one of the values of the list.")]
    if not values.get("local_body"):
        errors["local_body"] = [N_("Missing value")]
    if values.get("contact_name"):
        public = choice_value("contacts:public", values.get("contact_public") or "no")
        if public is None:
            errors["contact_public"] = [N_("Not one of the values of the list.")]
        project["contacts"] = [{
            "name": values["contact_name"], "role": values.get("contact_role", ""),
            "email": values.get("contact_email", ""), "phone": values.get("contact_phone", ""),
            "public": public or "no",
        }]
    links = ([values["website"]] if values.get("website") else []) + split_list(values.get("documentation", ""))
    project["resources"] = [
        {"url": url, "name": url, "resource_type": "website" if position == 0 and values.get("website") else "other"}
        for position, url in enumerate(links)
    ]
    if errors:
        raise SourceError(N_("The row has values that cannot be used."), fields=errors)
    title = values.get("local_body", "")
    facts = {"country": (values.get("country") or "ES").upper()}
    if values.get("local_body_ine_code"):
        facts["ine_code"] = values["local_body_ine_code"]
    name = title if re.fullmatch(r"[a-z0-9_-]+", title) else ""
    return importer.Draft(project=project, body=BodyFacts(title=title, body_type=body_type, name=name, facts=facts),
                          original_url=values.get("website", ""))


def items(rows: Iterator[tables.Row]) -> Iterator[Item]:
    """Gathered items of a filled template's rows."""
    for number, row in rows:
        values = normalised(row)
        if not values.get("title") and not values.get("external_id") and not values.get("name"):
            yield Skipped("error", N_("The row has no title."), row=number)
            continue
        yield Gathered(guid_of(values), values, title=values.get("title", "")[:200], row=number)


class SpreadsheetHarvester(ProjectHarvester):
    NAME = "spreadsheet"
    TITLE = N_("Spreadsheet (DigiCanvis template)")
    DESCRIPTION = N_("An inventory of projects in the observatory's XLSX template (or a CSV with its columns) at a URL")

    def gather(self, harvest_job: Any, options: dict[str, Any], known: dict[str, Any]) -> Iterator[Item]:
        yield from items(tables.rows_at(harvest_job.source.url))

    def draft(self, content: dict[str, Any], options: dict[str, Any]) -> importer.Draft:
        return draft_from(content)


# ---------------------------------------------------------------- importing a file


@dataclasses.dataclass
class ImportReport:
    job_id: str
    rows: int = 0
    invalid: int = 0
    imported: bool = False
    dry_run: bool = False

    def counts(self) -> dict[str, int]:
        return records.counts(self.job_id)


Progress = Callable[[str, int, int], None]  # (stage, done, total)


def file_rows(open_file: Callable[[], IO[bytes]], filename: str) -> Iterator[tables.Row]:
    with contextlib.closing(open_file()) as stream:
        head = stream.read(4)
        stream.seek(0)
        yield from tables.read_rows(stream, tables.kind_of(filename, "", head))


def import_file(
    open_file: Callable[[], IO[bytes]],
    filename: str,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    job_id: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Check every row, then (no errors, or ``skip_invalid``) import the valid ones.

    A file that cannot be read at all imports nothing and says why. Report lines are kept
    under ``job_id`` (records.lines / records.counts); a dry run reports what would happen."""
    from flask_babel import force_locale

    report = ImportReport(job_id=job_id or str(uuid.uuid4()), dry_run=dry_run)
    source = importer.Source(IMPORT_SOURCE_ID, filename)
    say = progress or (lambda stage, done, total: None)
    planned: list[tuple[int, str, importer.Draft, importer.Result]] = []
    with force_locale("en"):  # messages are stored as msgids and translated when shown
        try:
            for item in items(file_rows(open_file, filename)):
                report.rows += 1
                if isinstance(item, Skipped):
                    _line(report, item.row, None, item.title, importer.Result("error", message=item.message, params=item.params))
                    report.invalid += 1
                else:
                    draft, result = _check(item, source)
                    if result.failed or draft is None:
                        _line(report, item.row, item.guid, item.title, result)
                        report.invalid += 1
                    else:
                        planned.append((item.row or 0, item.guid, draft, result))
                say("check", report.rows, 0)
        except SourceError as error:
            records.clear_outcomes(report.job_id)
            records.outcome(report.job_id, "error", title=filename, message=error.message, params=error.params)
            model.Session.commit()
            return report
        if dry_run or (report.invalid and not skip_invalid):
            if dry_run:
                for row, guid, draft, result in planned:
                    _line(report, row, guid, draft.project.get("title"), result)
            model.Session.commit()
            return report
        for done, (row, guid, draft, _plan) in enumerate(planned, start=1):
            result = importer.import_draft(draft, source, guid, records.fingerprint(draft.project), match_name=True)
            _line(report, row, guid, draft.project.get("title"), result)
            model.Session.commit()
            say("import", done, len(planned))
        # Projects are indexed without a commit each (importer.import_draft): one now, so the
        # whole inventory is found by search as soon as the import says it is done.
        make_connection().commit()
        report.imported = True
    return report


def _line(report: ImportReport, row: int | None, guid: str | None, title: Any, result: importer.Result) -> None:
    records.outcome(report.job_id, result.kind, guid=guid, row=row, title=title or "", package_id=result.package_id,
                    message=result.message, params=result.params)


def _check(item: Gathered, source: importer.Source) -> tuple[importer.Draft | None, importer.Result]:
    """The row's project and what importing it would do (nothing is written)."""
    try:
        draft = draft_from(item.content)
    except SourceError as error:
        return None, importer.Result("error", message=error.message, params=error.params)
    return draft, importer.import_draft(draft, source, item.guid, records.fingerprint(draft.project),
                                        match_name=True, dry_run=True)
