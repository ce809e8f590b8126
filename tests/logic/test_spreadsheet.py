"""Data leaving the site as CSV or XLSX is neutralised for spreadsheets (issue 10, defect 5), in
one module that every download writes through (logic/spreadsheet.py)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ckanext.digicanvis.logic import spreadsheet

PACKAGE = Path(spreadsheet.__file__).resolve().parent.parent
HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("cell", HOSTILE)
def test_a_text_a_spreadsheet_would_run_gets_an_apostrophe(cell):
    assert spreadsheet.safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Xatbot", "", " =1", "a=b", 42, -3, 2.5, None])
def test_other_cells_stay_as_they_are(cell):
    assert spreadsheet.safe_cell(cell) == cell


def test_csv_cells_are_plain_text_and_numbers_stay_numbers():
    body = b"".join(spreadsheet.as_csv([["Títol", "Projectes"], ["=1+1", -2], ["Xatbot", None]]))

    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows == [["Títol", "Projectes"], ["'=1+1", "-2"], ["Xatbot", ""]]


def test_csv_comes_in_chunks_each_neutralised():
    chunks = list(spreadsheet.as_csv([["=1"]] * 5, rows_per_chunk=2))

    assert len(chunks) == 3
    assert b"".join(chunks).decode("utf-8-sig") == "'=1\r\n" * 5


def test_xlsx_holds_no_formula():
    body = b"".join(spreadsheet.as_xlsx([["Títol"], ['=HYPERLINK("http://evil.example","x")'], [-2]], "Projectes"))

    sheet = load_workbook(io.BytesIO(body)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.data_type for cell in cells] == ["s", "n"]
    assert cells[0].value == '\'=HYPERLINK("http://evil.example","x")' and cells[1].value == -2


def test_no_module_of_ours_writes_csv_or_xlsx_but_the_spreadsheet_one():
    """A new download written with csv or openpyxl directly would skip the neutralising."""
    writers = re.compile(r"\bcsv\.(writer|DictWriter)\b|\bopenpyxl\b|\bxlsxwriter\b")
    found = [str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
             if path.name != "spreadsheet.py" and writers.search(path.read_text(encoding="utf-8"))]

    assert found == []
