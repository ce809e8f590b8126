"""Reading a table (CSV or XLSX) that came from outside, row by row, without trusting it.

- CSV: encoding detected (a BOM, the charset the server declared, else UTF-8 if the start of
  the file is valid UTF-8, else Windows-1252), delimiter sniffed (``,`` ``;`` tab ``|``),
  lines, fields, columns and rows capped; invalid bytes later in a UTF-8 file are an error,
  never silently replaced.
- XLSX: the file is kept on disk, its zip members' sizes and compression ratios are checked
  before anything is unpacked, then openpyxl reads it read-only with defusedxml (no XML
  entities) and cached values only: formulas are never evaluated.

Every refusal is a :class:`~ckanext.digicanvis.harvest.base.SourceError` naming the row.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime
import io
import shutil
import tempfile
import re
import zipfile
from typing import IO, Any, Iterator
from urllib.parse import urlsplit

from ckanext.digicanvis.harvest.base import SourceError
from ckanext.digicanvis.harvest import fetch
from ckanext.digicanvis.harvest.fetch import N_

MAX_COLUMNS = 200
MAX_ROWS = 200_000
MAX_FIELD = 1_000_000  # characters of one CSV field (csv.field_size_limit)
MAX_LINE = 2_000_000  # characters of one CSV line
SAMPLE = 64 * 1024
DELIMITERS = ",;\t|"
XLSX_MAX_MEMBERS = 2_000
XLSX_MAX_UNPACKED = 300 * 1024 * 1024
XLSX_MAX_RATIO = 250  # unpacked/packed size of one member; zip bombs reach thousands
XLSX_SIGNATURE = b"PK\x03\x04"
CHARSET = re.compile(r"charset=\"?([\w.:-]+)", re.IGNORECASE)

Row = tuple[int, dict[str, str]]  # (row number as a person counts them, header 1, {column: text})


def kind_of(name: str, content_type: str, head: bytes) -> str:
    """"xlsx" or "csv", from the bytes first, then the name and declared type."""
    if head.startswith(XLSX_SIGNATURE) or name.lower().endswith(".xlsx") or "spreadsheetml" in content_type:
        return "xlsx"
    return "csv"


def declared_charset(content_type: str) -> str:
    found = CHARSET.search(content_type or "")
    return found.group(1) if found else ""


def rows_at(url: str) -> Iterator[Row]:
    """The rows of the CSV or XLSX file at ``url``, fetched safely and read as they arrive."""
    with fetch.open_stream(url) as stream:
        response = stream.response  # type: ignore[attr-defined]
        content_type = response.headers.get("content-type", "")
        kind = kind_of(urlsplit(response.url).path, content_type, stream.peek(4)[:4])
        yield from read_rows(stream, kind, declared_charset(content_type))


def read_rows(stream: IO[bytes], kind: str, charset: str = "") -> Iterator[Row]:
    """The data rows of a table as {header: text}; the first row is the header."""
    rows = _xlsx_rows(stream) if kind == "xlsx" else _csv_rows(stream, charset)
    header: list[str] | None = None
    for number, cells in rows:
        if header is None:
            header = [cell.strip().lstrip("\ufeff") for cell in cells]
            continue
        if number > MAX_ROWS + 1:
            raise SourceError(N_("The table has more than {limit} rows."), limit=MAX_ROWS)
        if not any(cell.strip() for cell in cells):
            continue
        yield number, {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header) if name}
    if header is None:
        raise SourceError(N_("The table is empty: not even a header row."))


# ---------------------------------------------------------------- CSV


def detect_encoding(sample: bytes, charset: str = "") -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    declared = charset.strip().lower()
    if declared:
        try:
            return codecs.lookup(declared).name
        except LookupError:
            pass
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError as error:
        raise SourceError(N_("The file is neither UTF-8 nor Windows-1252 text ({error})."), error=str(error)) from error


def sniff_delimiter(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


class _Prefixed(io.RawIOBase):
    """``head`` followed by the rest of ``stream``: the sample, read again."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _capped_lines(text: IO[str], encoding: str) -> Iterator[str]:
    number = 0
    while True:
        try:
            line = text.readline(MAX_LINE + 1)
        except UnicodeDecodeError as error:
            raise SourceError(
                N_("The file is not valid {encoding} text after line {line} ({error})."),
                encoding=encoding, line=number, error=str(error),
            ) from error
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE:
            raise SourceError(N_("Line {line} is longer than {limit} characters."), line=number, limit=MAX_LINE)
        yield line


def _csv_rows(stream: IO[bytes], charset: str) -> Iterator[tuple[int, list[str]]]:
    sample = stream.read(SAMPLE)
    encoding = detect_encoding(sample, charset)
    text = io.TextIOWrapper(io.BufferedReader(_Prefixed(sample, stream)), encoding=encoding, errors="strict", newline="")
    head = sample.decode(encoding, errors="ignore")
    delimiter = sniff_delimiter(head[: SAMPLE // 2])
    previous_limit = csv.field_size_limit(MAX_FIELD)
    try:
        reader = csv.reader(_capped_lines(text, encoding), delimiter=delimiter)
        number = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise SourceError(N_("Row {row} cannot be read as CSV: {error}"), row=number + 1, error=str(error)) from error
            number += 1
            if len(cells) > MAX_COLUMNS:
                raise SourceError(N_("Row {row} has {count} columns, more than the limit of {limit}."),
                                  row=number, count=len(cells), limit=MAX_COLUMNS)
            yield number, cells
    finally:
        csv.field_size_limit(previous_limit)


# ---------------------------------------------------------------- XLSX


@contextlib.contextmanager
def _on_disk(stream: IO[bytes]) -> Iterator[IO[bytes]]:
    """The whole stream in a temporary file (zip needs to seek); memory stays small."""
    with tempfile.TemporaryFile() as copy:
        shutil.copyfileobj(stream, copy, 1024 * 1024)
        copy.seek(0)
        yield copy


def check_zip(file: IO[bytes]) -> None:
    """Refuse a zip that would unpack to too much, before unpacking anything."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError) as error:
        raise SourceError(N_("The file is not a valid XLSX workbook ({error})."), error=str(error)) from error
    members = archive.infolist()
    if len(members) > XLSX_MAX_MEMBERS:
        raise SourceError(N_("The workbook holds {count} files, more than the limit of {limit}."),
                          count=len(members), limit=XLSX_MAX_MEMBERS)
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > XLSX_MAX_RATIO and member.file_size > 1024 * 1024:
            raise SourceError(N_("The workbook part {part} unpacks {ratio} times its size: refused as a zip bomb."),
                              part=member.filename, ratio=int(ratio))
    if total > XLSX_MAX_UNPACKED:
        raise SourceError(N_("The workbook unpacks to {size} bytes, more than the limit of {limit}."),
                          size=total, limit=XLSX_MAX_UNPACKED)
    file.seek(0)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def _xlsx_rows(stream: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    import openpyxl

    with _on_disk(stream) as file:
        check_zip(file)
        try:
            workbook = openpyxl.load_workbook(file, read_only=True, data_only=True, keep_links=False)
        except Exception as error:  # openpyxl, zipfile, defusedxml: all mean "not a workbook we read"
            raise SourceError(N_("The file is not a valid XLSX workbook ({error})."), error=f"{type(error).__name__}: {error}") from error
        try:
            sheet = workbook.worksheets[0]
            number = 0
            for cells in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
                number += 1
                if len(cells) > MAX_COLUMNS and cells[MAX_COLUMNS] is not None:
                    raise SourceError(N_("Row {row} has more than {limit} columns."), row=number, limit=MAX_COLUMNS)
                yield number, [cell_text(cell) for cell in cells[:MAX_COLUMNS]]
        except SourceError:
            raise
        except Exception as error:
            raise SourceError(N_("The workbook cannot be read after row {row} ({error})."),
                              row=number, error=f"{type(error).__name__}: {error}") from error
        finally:
            workbook.close()
