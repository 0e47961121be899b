"""Cheap passes over the parts of a zipped workbook, before any reader unpacks it: whether a part
declares XML entities, could inflate beyond its header, and for each worksheet its true extent,
its filled and error cells and the formulas saved without a value (found in streaming chunks,
never by parsing the whole XML)."""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from sweetspot.core.columns import cell_ref, column_index
from sweetspot.core.model import Problem
from sweetspot.core.reading_base import Check

RATIO_FLOOR = 1024 * 1024  # parts smaller than this cannot hurt, whatever their ratio
CHUNK = 1 << 20


@dataclass
class SheetScan:
    """What a cheap pass over a worksheet's XML found."""

    rows: int = 0
    columns: int = 0
    cells: int = 0
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    # Formula cells without a saved value, by 0-based (row, column): calamine reads them as
    # empty, so the import must say the values are missing rather than "blank".
    uncached: set[tuple[int, int]] = field(default_factory=set)


# Told each worksheet's name and scan as soon as it is scanned (see scan_xlsx).
SheetScanned = Callable[[str, SheetScan], None]


# Cell refs that can be far away: two or three column letters, or a row of seven digits; and,
# beyond the widest single-letter column seen so far, the column letter alone. One pattern per
# "widest so far" (0 … 26), so each chunk is scanned once. The literal prefix keeps it fast
# (re looks for `r="` first); row elements never match (their r holds digits only).
_REFS_AFTER = {
    n: re.compile(
        rb'r="([A-Z]{2,3}\d+|[A-Z]\d{7,}'
        + (b"|[" + bytes(range(65 + n, 91)) + rb"](?=\d)" if n < 26 else b"")
        + rb")"
    )
    for n in range(0, 27)
}
_PREFIXED_ROOT = re.compile(rb"<\w+:worksheet\b")
_ROW_NUMBER = re.compile(rb'row\s[^>]*?\br="(\d+)"')
_SPLIT_REF = re.compile(r"([A-Z]+)(\d+)")
# A cell of type error, whole: its ref and cached value (#N/A, #DIV/0! …) are read from it.
_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\bt="e"[^>]*>.*?</(?:\w+:)?c>', re.DOTALL)
_CELL_REF = re.compile(rb'\br="([A-Z]+\d+)"')
_CELL_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</")
MAX_ERROR_CELLS = 100_000
# A cell whose first child is a formula, whole; its attributes and body are checked for a value.
_FORMULA_CELL = re.compile(
    rb"<(?:\w+:)?c\s([^>]*?)(?<!/)>\s*<(?:\w+:)?f\b(.*?)</(?:\w+:)?c>", re.DOTALL
)
_HAS_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")
_EMPTY_VALUE = re.compile(rb"<(?:\w+:)?v\s*(?:/>|></)")
_STRING_TYPE = re.compile(rb'\bt="str"')
# Bytes of one chunk carried into the next, so a cell split across two chunks is still seen.
TAIL = 4096


ODS_DOCUMENT = ""
_ODS_REPEAT = re.compile(rb'number-(rows|columns)-repeated="(\d{4,})"')


def scan_ods(zf: zipfile.ZipFile, check: Check) -> SheetScan:
    """The longest runs of repeated rows and columns in an .ods (read in full, which also
    proves its real size). A huge run means a far cell may follow it; calamine would then
    allocate the whole area, so such a file is read by `read_ods_cells` instead."""
    scan = SheetScan()
    tail = b""
    with zf.open("content.xml") as f:
        while chunk := f.read(CHUNK * 4):
            check()
            buf = tail + chunk
            for what, count in _ODS_REPEAT.findall(buf):
                if what == b"rows":
                    scan.rows = max(scan.rows, int(count))
                else:
                    scan.columns = max(scan.columns, int(count))
            tail = buf[-64:]
    return scan


# Deflate inflates at most ~1,032 times; a part packed smaller than this cannot reach
# RATIO_FLOOR whatever its header says.
_DEFLATE_MAX_RATIO = 1032
# XML declares entities (billion laughs, external entities) only in a DOCTYPE, in the prolog.
_ENTITY_MARKS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_PROLOG_BYTES = 64 * 1024


def may_inflate(info: zipfile.ZipInfo) -> bool:
    """Whether a part could unpack to more than RATIO_FLOOR, by its header or its packed size."""
    return max(info.file_size, info.compress_size * _DEFLATE_MAX_RATIO) > RATIO_FLOOR


def declares_entities(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """True when a part's start holds a DOCTYPE or an entity declaration (in UTF-8 or UTF-16).

    Readers are then never given the file: defusedxml refuses entities, but calamine's XML
    parser is not ours to configure, and one guard for every reader is easier to trust."""
    if info.is_dir() or info.file_size == 0:
        return False
    with zf.open(info) as f:
        head = f.read(_PROLOG_BYTES)
    if _ENTITY_MARKS.search(head):
        return True
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or head[1:2] == b"\x00":
        for encoding in ("utf-16-le", "utf-16-be"):
            text = head.decode(encoding, "ignore").encode("utf-8", "ignore")
            if _ENTITY_MARKS.search(text):
                return True
    return False


def drain(zf: zipfile.ZipFile, member: str, check: Check) -> None:
    with zf.open(member) as f:
        while f.read(CHUNK * 4):
            check()


def scan_xlsx(
    zf: zipfile.ZipFile, check: Check, on_sheet: SheetScanned | None = None
) -> dict[str, SheetScan]:
    """Each worksheet's scan by sheet name; every other part that could inflate is read
    through once, first.

    `on_sheet(name, scan)` hears each worksheet as soon as it is scanned: every part but the
    worksheets not scanned yet is proven by then, so a reader may start on that sheet."""
    parts = _sheet_parts(zf)
    extents: dict[str, SheetScan] = {}
    infos = zf.infolist()
    for info in infos:
        check()
        if info.filename not in parts and may_inflate(info):
            # Reading a part through zipfile proves its real size and checksum: a part
            # whose header understates its size fails the checksum here, before any
            # reader trusts the header.
            drain(zf, info.filename, check)
    for info in infos:
        sheet = parts.get(info.filename)
        if sheet is not None:
            check()
            extents[sheet] = _scan_sheet(zf, info.filename, check)
            if on_sheet is not None:
                on_sheet(sheet, extents[sheet])
    return extents


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part path → sheet name, from the workbook and its relationships."""
    from defusedxml import ElementTree

    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels_name = "xl/_rels/workbook.xml.rels"
    targets: dict[str, str] = {}
    if rels_name in zf.namelist():
        rels = ElementTree.fromstring(zf.read(rels_name))
        for rel in rels:
            target = rel.get("Target", "")
            if target.startswith("/"):
                part = target.lstrip("/")
            else:
                part = str(PurePosixPath("xl") / target)
            # Resolve "../" segments without touching the file system.
            parts: list[str] = []
            for seg in part.split("/"):
                if seg == "..":
                    if parts:
                        parts.pop()
                elif seg not in ("", "."):
                    parts.append(seg)
            targets[rel.get("Id", "")] = "/".join(parts)
    out: dict[str, str] = {}
    for sheet in book.iter(f"{ns_main}sheet"):
        rid = sheet.get(f"{ns_rel}id", "")
        if rid in targets:
            out[targets[rid]] = sheet.get("name", "")
    return out


def _scan_sheet(zf: zipfile.ZipFile, member: str, check: Check) -> SheetScan:
    """A worksheet's extent (rows, columns), number of filled cells and error cells, from its
    XML.

    Cheap on purpose (the benchmark sheet has a million cells): per 1 MB chunk, the last row
    number, refs with two or three column letters or a row of seven digits, the widest
    single-letter column, a count of cell tags, and (only when the chunk has any) the cells
    of type error.
    """
    scan = SheetScan(columns=1)
    row_tags = 0
    prefixed: bool | None = None
    tail = b""
    with zf.open(member) as f:
        while True:
            chunk = f.read(CHUNK)
            if not chunk:
                break
            check()
            buf = tail + chunk
            if prefixed is None:
                # Tags written as <x:c …> (a namespace prefix) are set by the root element.
                prefixed = _PREFIXED_ROOT.search(chunk, 0, 4096) is not None
            scan.cells += chunk.count(b"<c ") + (chunk.count(b":c ") if prefixed else 0)
            # Rows without an r attribute are numbered by counting them.
            row_tags += chunk.count(b"<row") + (chunk.count(b":row") if prefixed else 0)
            last = max(buf.rfind(b"<row "), buf.rfind(b":row "))
            if last >= 0:
                m = _ROW_NUMBER.search(buf, last)
                if m:
                    scan.rows = max(scan.rows, int(m.group(1)))
            for ref in set(_REFS_AFTER[min(scan.columns, 26)].findall(buf)):
                if len(ref) == 1:
                    scan.columns = max(scan.columns, ref[0] - 64)
                    continue
                m2 = _SPLIT_REF.fullmatch(ref.decode("ascii"))
                if m2:
                    scan.columns = max(scan.columns, column_index(m2.group(1)) + 1)
                    scan.rows = max(scan.rows, int(m2.group(2)))
            if b't="e"' in buf and len(scan.errors) < MAX_ERROR_CELLS:
                for cell in _ERROR_CELL.findall(buf):
                    ref_m = _CELL_REF.search(cell)
                    value_m = _CELL_VALUE.search(cell)
                    if ref_m is None:
                        continue
                    parts = _SPLIT_REF.fullmatch(ref_m.group(1).decode("ascii"))
                    if parts:
                        where = (int(parts.group(2)) - 1, column_index(parts.group(1)))
                        text = value_m.group(1).decode("utf-8", "replace") if value_m else "#ERROR"
                        scan.errors[where] = text or "#ERROR"
            if (b"<f" in buf or (prefixed and b":f" in buf)) and len(
                scan.uncached
            ) < MAX_ERROR_CELLS:
                _find_uncached(buf, scan.uncached)
            tail = buf[-TAIL:]
    scan.rows = max(scan.rows, row_tags)
    return scan


def _find_uncached(buf: bytes, found: set[tuple[int, int]]) -> None:
    """Formula cells in `buf` saved without a computed value (openpyxl, scripts and some
    exporters write the formula alone). A formula whose text result is "" keeps `t="str"`
    and an empty value: that is a real value."""
    for m in _FORMULA_CELL.finditer(buf):
        attrs, body = m.group(1), m.group(2)
        if _HAS_VALUE.search(body):
            continue
        if _STRING_TYPE.search(attrs) and _EMPTY_VALUE.search(body):
            continue
        ref_m = _CELL_REF.search(attrs)
        parts = _SPLIT_REF.fullmatch(ref_m.group(1).decode("ascii")) if ref_m else None
        if parts:
            found.add((int(parts.group(2)) - 1, column_index(parts.group(1))))


MAX_UNCACHED_WARNINGS = 20


def uncached_problems(sheet: str, cells: set[tuple[int, int]]) -> list[Problem]:
    """Warnings for formula cells saved without their computed value."""
    ordered = sorted(cells)
    out = [
        Problem(
            "warning",
            sheet,
            cell_ref(r + 1, c),
            f"The formula in {cell_ref(r + 1, c)} has no saved value (values missing): the file "
            "was written by a program that does not calculate, so the cell reads as blank. "
            "Open the file in Excel or LibreOffice, save it, and import it again.",
        )
        for r, c in ordered[:MAX_UNCACHED_WARNINGS]
    ]
    if len(ordered) > MAX_UNCACHED_WARNINGS:
        out.append(
            Problem(
                "warning",
                sheet,
                "",
                f"{len(ordered) - MAX_UNCACHED_WARNINGS} more formulas on {sheet} have no saved "
                "value (values missing).",
            )
        )
    return out
