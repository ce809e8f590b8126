"""Cells of data that leaves the site in a spreadsheet format.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return before one) as a formula: such text cells get a leading apostrophe, which
the program shows as plain text (OWASP "CSV injection"). Numbers stay numbers.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_rows(rows: Iterable[Iterable[Any]]) -> Iterator[list[Any]]:
    for row in rows:
        yield [safe_cell(cell) for cell in row]
