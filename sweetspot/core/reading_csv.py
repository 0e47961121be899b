"""CSV files as sheets: delimiter `,` `;` `|` or tab detected (or named by Excel's "sep=" line),
UTF-8 with or without BOM (or UTF-16) with a Windows cp1252 fallback, decimal commas recognised
in `;`- and tab-separated files. A bad file is a `Problem`, never an exception."""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass

from sweetspot.core.model import Problem
from sweetspot.core.reading_base import RawSheet, SheetRef, file_problem, grid_of, size_text

MAX_CSV_BYTES = 500 * 1024 * 1024
MAX_CSV_FIELD = 64 * 1024 * 1024
DELIMITERS = (",", ";", "\t", "|")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_COMMA_DECIMAL = re.compile(r"^\s*-?\d+,\d+\s*$")
_DOT_DECIMAL = re.compile(r"^\s*-?\d+\.\d+\s*$")


@dataclass
class CsvText:
    text: str
    encoding: str


def decode_csv(data: bytes) -> CsvText | None:
    """The file's text: UTF-8 (with or without BOM), UTF-16 with a BOM, else cp1252."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return CsvText(data.decode("utf-16"), "UTF-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:65536]:
        return _utf16_without_bom(data)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return CsvText(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    try:
        return CsvText(data.decode("cp1252"), "Windows-1252")
    except UnicodeDecodeError:
        return None


def _utf16_without_bom(data: bytes) -> CsvText | None:
    """UTF-16 text saved without a byte-order mark: every other byte of plain letters is NUL.
    Anything else with NULs in it is binary data."""
    head = data[:65536]
    pairs = len(head) // 2
    if pairs < 2 or len(data) % 2:
        return None
    even_nul = head[0 : 2 * pairs : 2].count(0)
    odd_nul = head[1 : 2 * pairs : 2].count(0)
    if odd_nul > 0.6 * pairs and even_nul == 0:
        encoding = "utf-16-le"
    elif even_nul > 0.6 * pairs and odd_nul == 0:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return CsvText(data.decode(encoding), "UTF-16")
    except UnicodeDecodeError:
        return None


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the sample's lines into the most consistent columns."""
    best, best_score = ",", (-1, -1)
    for delim in DELIMITERS:
        try:
            rows = list(csv.reader(lines, delimiter=delim))
        except csv.Error:
            continue
        counts: dict[int, int] = {}
        for row in rows:
            width = len(row)
            if width > 1 and any(c.strip() for c in row):
                counts[width] = counts.get(width, 0) + 1
        if not counts:
            continue
        width, agree = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        score = (agree, width)
        if score > best_score:
            best, best_score = delim, score
    return best


def read_csv(ref: SheetRef, *, nrows: int | None = None) -> tuple[RawSheet | None, list[Problem]]:
    """One CSV file as a sheet. Row numbers are the records as a spreadsheet program shows
    them (an Excel "sep=;" first line keeps its row)."""
    path = ref.file
    name = path.name
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        return None, [
            file_problem(path, f"{name} is {size_text(size)}, more than SweetSpot reads at once.")
        ]
    data = path.read_bytes()
    if not data.strip():
        return None, [file_problem(path, f"{name} is empty.")]
    decoded = decode_csv(data)
    sample = decoded.text[:20000] if decoded else ""
    if decoded is None or len(_CONTROL.findall(sample)) > max(2, len(sample) // 100):
        return None, [
            file_problem(
                path,
                f"{name} is not a text CSV file (it holds binary data). Export the table from "
                "your spreadsheet program as CSV.",
            )
        ]
    problems: list[Problem] = []
    if decoded.encoding == "Windows-1252":
        problems.append(
            file_problem(
                path,
                f"{name} is not UTF-8; it was read as Windows (cp1252) text. Check that "
                "accented letters look right.",
                "info",
            )
        )
    text = decoded.text
    first = text.split("\n", 1)[0].strip()
    delimiter: str | None = None
    skip = 0
    # Excel writes "sep=;" as a first line to name the delimiter.
    if re.fullmatch(r'"?sep=.(")?', first):
        delimiter = first.strip('"')[4]
        text = text.split("\n", 1)[1] if "\n" in text else ""
        skip = 1
    if delimiter is None:
        delimiter = sniff_delimiter(text[:65536].splitlines()[:50])
    rows: list[list[str]] = [[] for _ in range(skip)]
    # Long cells (a pasted verbatim, a report) are data; the default limit is 128 KB.
    if csv.field_size_limit() < MAX_CSV_FIELD:
        csv.field_size_limit(MAX_CSV_FIELD)
    try:
        for i, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)):
            if nrows is not None and i + skip >= nrows:
                break
            rows.append(row)
    except csv.Error as exc:
        return None, [*problems, file_problem(path, f"{name} could not be read as CSV: {exc}.")]
    sheet = RawSheet(ref, grid_of(rows), decimal_comma=_decimal_comma(delimiter, rows[:200]))
    return sheet, problems


def _decimal_comma(delimiter: str, rows: list[list[str]]) -> bool:
    """Whether numbers in the file write their decimals with a comma."""
    if delimiter == ",":
        return False
    comma = dot = 0
    for row in rows:
        for cell in row:
            if _COMMA_DECIMAL.match(cell):
                comma += 1
            elif _DOT_DECIMAL.match(cell):
                dot += 1
    return not dot > comma
