"""Data that leaves the site in a spreadsheet format (CSV, XLSX): the one place that writes it.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return before one) as a formula, and openpyxl stores such a text as a live formula:
the writers here give those text cells a leading apostrophe, which the program shows as plain
text (OWASP "CSV injection"). Numbers stay numbers. Every download of ours (the search export,
the statistics tables, and any later one such as harvest templates) writes through
``as_csv`` / ``as_xlsx``, so none can forget.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Iterator

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A text a spreadsheet would run as a formula, made plain text; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_rows(rows: Iterable[Iterable[Any]]) -> Iterator[list[Any]]:
    for row in rows:
        yield [safe_cell(cell) for cell in row]


def as_csv(rows: Iterable[Iterable[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(["" if cell is None else cell for cell in row] for row in safe_rows(rows))
    # The byte-order mark makes spreadsheet programs read the accents right.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(rows: Iterable[Iterable[Any]], title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for row in safe_rows(rows):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
