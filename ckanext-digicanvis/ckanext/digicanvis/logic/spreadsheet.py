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
import tempfile
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


def as_csv(rows: Iterable[Iterable[Any]], rows_per_chunk: int = 500) -> Iterator[bytes]:
    """CSV in chunks of bytes, for a streamed response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # The byte-order mark makes spreadsheet programs read the accents right.
    buffer.write("\ufeff")
    for number, row in enumerate(safe_rows(rows), start=1):
        writer.writerow(["" if cell is None else cell for cell in row])
        if number % rows_per_chunk == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def as_xlsx(rows: Iterable[Iterable[Any]], title: str, chunk_size: int = 64 * 1024) -> Iterator[bytes]:
    """An XLSX workbook in chunks of bytes. openpyxl's write-only mode keeps the rows in a
    temporary file, and the finished workbook is read back from another one."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for row in safe_rows(rows):
        sheet.append(row)
    with tempfile.TemporaryFile() as stored:
        workbook.save(stored)
        stored.seek(0)
        while chunk := stored.read(chunk_size):
            yield chunk
