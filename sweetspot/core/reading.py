"""Getting cells out of the files consultants bring, without letting a bad file take us down.

Workbooks (.xlsx, .xlsm, .ods, .xls) are read with python-calamine, which is several times
faster than openpyxl but aborts the whole process (uncatchable) when a sheet's cells span an
enormous area, such as one stray value in XFD1048576. So before calamine sees an .xlsx, the
zip is checked (sizes, compression ratio: zip bombs) and every worksheet's XML is scanned in
streaming chunks for its true extent; a sheet that is huge but nearly empty is read with
openpyxl's streaming reader instead, keeping only the filled cells of the main block. An .ods
with a huge run of empty rows or columns (or one calamine refuses) is read by a small streaming
reader of our own in the same way.

CSV files: delimiter `,` `;` or tab detected, UTF-8 with or without BOM (or UTF-16 with a BOM)
with a Windows cp1252 fallback, decimal commas recognised in `;`- and tab-separated files.

Nothing here raises on a bad file: every failure is a `Problem` naming the file.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import numpy as np
import pandas as pd

from sweetspot.core.columns import cell_ref, column_index
from sweetspot.core.model import Problem

Format = Literal["xlsx", "ods", "xls", "csv"]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".xls")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")

# Zip guards. Legitimate sheet XML compresses 5–10×; zip bombs compress 1,000×.
MAX_UNCOMPRESSED = 500 * 1024 * 1024
MAX_RATIO = 100.0
RATIO_FLOOR = 1024 * 1024  # parts smaller than this cannot hurt, whatever their ratio
# A sheet whose cells span more than this many rows or columns, while most of that area is
# empty, is read cell by cell instead of by calamine (which allocates the whole area).
SANE_ROWS = 200_000
SANE_COLUMNS = 1_000
# Calamine allocates 32 bytes per cell of the area: beyond this, never hand the sheet over.
MAX_AREA = 10_000_000
# In a sheet read cell by cell, a run of this many empty rows (columns) separates the data
# from stray cells.
STRAY_ROW_GAP = 1_000
STRAY_COLUMN_GAP = 100
MAX_CSV_BYTES = 500 * 1024 * 1024
MAX_CSV_FIELD = 64 * 1024 * 1024
CHUNK = 1 << 20

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


class ImportCancelled(Exception):
    """The import was stopped because `cancelled()` returned True."""


Check = Callable[[], None]


def _no_check() -> None:
    return None


@dataclass
class SheetRef:
    """One sheet of an input, before it is read."""

    key: str  # unique across the inputs: "book.xlsx:Insights", or "insights.csv"
    file: Path
    name: str  # the sheet name (the file name for a CSV): the `sheet` of its problems
    hidden: bool = False
    position: int = 0  # order within the file
    # Read cell by cell with openpyxl (the sheet spans a huge, mostly empty area).
    cell_by_cell: bool = False
    extent: tuple[int, int] = (0, 0)  # rows, columns spanned (xlsx scan)
    # Error cells (#N/A, #DIV/0! …) by 0-based (row, column): calamine reads them as empty.
    error_cells: dict[tuple[int, int], str] = field(default_factory=dict)


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


@dataclass
class RawSheet:
    """A sheet's cells as a grid: grid row i is spreadsheet row i + 1, column j is letter j."""

    ref: SheetRef
    grid: pd.DataFrame
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    decimal_comma: bool = False


def file_problem(path: Path, message: str, severity: str = "error") -> Problem:
    return Problem(severity, path.name, "", message)  # type: ignore[arg-type]


def expand_inputs(inputs: Sequence[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Input paths as files: a folder stands for the CSV files in it."""
    files: list[Path] = []
    problems: list[Problem] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = sorted(
                (
                    p
                    for p in path.iterdir()
                    if p.is_file()
                    and p.suffix.lower() in CSV_SUFFIXES
                    and not p.name.startswith((".", "~$"))
                ),
                key=lambda p: p.name.casefold(),
            )
            if not found:
                problems.append(
                    file_problem(path, f"The folder {path.name} holds no CSV files to import.")
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(file_problem(path, f"{path.name} was not found."))
    return files, problems


def sniff_format(path: Path) -> tuple[Format | None, Problem | None]:
    """What the file really is, from its first bytes (names lie: .xlsx that is encrypted,
    .csv that is a workbook)."""
    name = path.name
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        return None, file_problem(path, f"{name} could not be opened ({exc.strerror or exc}).")
    if size == 0:
        return None, file_problem(path, f"{name} is empty.")
    is_zip = head.startswith(ZIP_MAGICS)
    is_ole = head.startswith(OLE_MAGIC)
    if suffix in CSV_SUFFIXES or (suffix not in WORKBOOK_SUFFIXES and not (is_zip or is_ole)):
        if is_zip or is_ole:
            return None, file_problem(
                path,
                f"{name} is not a text CSV file: it looks like an Excel workbook saved under a "
                f"{suffix or 'different'} name. Open it in Excel and save it as .xlsx or CSV.",
            )
        return "csv", None
    if is_ole:
        if suffix in (".xlsx", ".xlsm"):
            return None, file_problem(
                path,
                f"{name} is password-protected (encrypted), so it cannot be read. Remove the "
                "password in Excel (File ▸ Info ▸ Protect Workbook) and save it again.",
            )
        return "xls", None
    if is_zip:
        return ("ods" if suffix == ".ods" else "xlsx"), None
    if suffix == ".xls":
        return None, file_problem(
            path, f"{name} is not an Excel 97–2003 workbook, or it is damaged."
        )
    return None, file_problem(
        path, f"{name} is not a {suffix} workbook, or it is damaged. Open it and save it again."
    )


def reader_problem(path: Path, exc: BaseException, sheet: str = "") -> Problem:
    """A reader's exception as a sentence naming the file (and sheet)."""
    what = f"The sheet {sheet} of {path.name}" if sheet else path.name
    kind = type(exc).__name__
    if isinstance(exc, MemoryError):
        reason = "it is too large to read into memory"
    elif isinstance(exc, zipfile.BadZipFile) or kind in ("ZipError",):
        reason = "the file is damaged or incomplete"
    elif isinstance(exc, UnicodeDecodeError):
        reason = "its text is not in a known encoding"
    elif kind == "PasswordError":
        reason = "it is password-protected; remove the password and save it again"
    elif kind == "CalamineError" and "limit" in str(exc).lower():
        reason = (
            "its cells span too large an area (often a stray value far below or to the right "
            "of the data); delete the empty rows and columns after the data and save it again"
        )
    else:
        reason = "it is damaged or not in a format SweetSpot reads"
    return Problem(
        "error",
        sheet or path.name,
        "",
        f"{what} could not be read: {reason} ({kind}).",
    )


class Source:
    """One input file and its sheets."""

    def __init__(self, path: Path, fmt: Format, key_prefix: str) -> None:
        self.path = path
        self.fmt = fmt
        self.key_prefix = key_prefix
        self.sheets: list[SheetRef] = []
        self._book: Any = None
        self._openpyxl: Any = None
        # Filled cells per sheet of an .ods read by our own reader (None: calamine reads it).
        self._ods_cells: dict[str, dict[tuple[int, int], Any]] | None = None

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path, key_prefix: str = "", check: Check = _no_check
    ) -> tuple[Source | None, list[Problem]]:
        """Check and open a file; None (and the reason) when it cannot be used."""
        fmt, problem = sniff_format(path)
        if fmt is None:
            return None, [problem] if problem else []
        source = cls(path, fmt, key_prefix or path.name)
        try:
            problems = source._prepare(check)
        except ImportCancelled:
            raise
        except Exception as exc:  # any reader failure is a problem with the file, not a crash
            return None, [reader_problem(path, exc)]
        if any(p.severity == "error" and not p.cell for p in problems) and not source.sheets:
            return None, problems
        return source, problems

    def _prepare(self, check: Check) -> list[Problem]:
        if self.fmt == "csv":
            self.sheets = [SheetRef(self.key_prefix, self.path, self.path.name)]
            return []
        problems: list[Problem] = []
        extents: dict[str, SheetScan] = {}
        if self.fmt in ("xlsx", "ods"):
            problems, extents = guard_zip(self.path, self.fmt, check)
            if problems:
                return problems
        import python_calamine

        ods = extents.get(ODS_DOCUMENT) if self.fmt == "ods" else None
        if ods is not None and (ods.rows > SANE_ROWS or ods.columns > SANE_COLUMNS):
            self._use_ods_reader(check)
            return problems
        try:
            self._book = python_calamine.CalamineWorkbook.from_path(str(self.path))
        except Exception as exc:
            # calamine refuses an .ods whose cells span a huge area (a stray far cell); our
            # own streaming reader keeps only the filled cells instead.
            if self.fmt != "ods" or "limit" not in str(exc).lower():
                raise
            self._use_ods_reader(check)
            return problems
        for pos, meta in enumerate(self._book.sheets_metadata):
            if str(meta.typ).rsplit(".", 1)[-1] not in ("WorkSheet",):
                continue  # chart sheets and macro sheets hold no table
            hidden = str(meta.visible).rsplit(".", 1)[-1] != "Visible"
            ref = SheetRef(f"{self.key_prefix}:{meta.name}", self.path, meta.name, hidden, pos)
            scan = extents.get(meta.name)
            if scan is None:
                # Not scanned (an .xlsx part we could not match to this sheet): never hand
                # it to calamine unchecked. An .ods or .xls sheet has no scan at all.
                ref.cell_by_cell = self.fmt == "xlsx"
                self.sheets.append(ref)
                continue
            rows, cols, cells = scan.rows, scan.columns, scan.cells
            ref.extent = (rows, cols)
            ref.error_cells = scan.errors
            problems.extend(uncached_problems(meta.name, scan.uncached))
            area = rows * cols
            sparse = cells * 10 < area
            if area > MAX_AREA or ((rows > SANE_ROWS or cols > SANE_COLUMNS) and sparse):
                ref.cell_by_cell = True
            self.sheets.append(ref)
        return problems

    def _use_ods_reader(self, check: Check) -> None:
        self._ods_cells = read_ods_cells(self.path, check)
        self.sheets = [
            SheetRef(f"{self.key_prefix}:{name}", self.path, name, False, pos, True)
            for pos, name in enumerate(self._ods_cells)
        ]

    def close(self) -> None:
        for book in (self._book, self._openpyxl):
            if book is not None:
                # Closing a reader must never fail an import.
                with contextlib.suppress(Exception):
                    book.close()
        self._book = self._openpyxl = None

    # -- reading ---------------------------------------------------------------------------

    def read(
        self, ref: SheetRef, *, nrows: int | None = None, check: Check = _no_check
    ) -> tuple[RawSheet | None, list[Problem]]:
        """The cells of one sheet (the first `nrows` rows only, for a preview)."""
        try:
            if self.fmt == "csv":
                return read_csv(ref, nrows=nrows)
            if ref.cell_by_cell:
                return self._read_cell_by_cell(ref, nrows, check)
            sheet = self._book.get_sheet_by_name(ref.name)
            rows = sheet.to_python(skip_empty_area=False, nrows=nrows)
            merged = sheet.merged_cell_ranges or []
        except ImportCancelled:
            raise
        except Exception as exc:  # any reader failure is a problem with the sheet
            return None, [reader_problem(self.path, exc, ref.name)]
        grid = _grid(rows)
        if ref.error_cells:
            grid = _with_errors(grid, ref.error_cells)
        return RawSheet(ref, grid, list(merged)), []

    def _read_cell_by_cell(
        self, ref: SheetRef, nrows: int | None, check: Check
    ) -> tuple[RawSheet | None, list[Problem]]:
        cells: dict[tuple[int, int], Any] = {}
        if self._ods_cells is not None:
            cells = self._ods_cells.get(ref.name, {})
            if nrows is not None:
                cells = {rc: v for rc, v in cells.items() if rc[0] < nrows}
        else:
            import openpyxl

            if self._openpyxl is None:
                self._openpyxl = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
            ws = self._openpyxl[ref.name]
            # Read-only mode trusts the stored dimension, which may be stale.
            ws.reset_dimensions()
            for r, row in enumerate(ws.iter_rows(values_only=True)):
                if nrows is not None and r >= nrows:
                    break
                if r % 50_000 == 0:
                    check()
                for c, value in enumerate(row):
                    if value is not None and value != "":
                        cells[(r, c)] = value
        kept, stray = _main_block(cells)
        problems = [
            Problem(
                "warning",
                ref.name,
                cell_ref(r + 1, c),
                f"The sheet has a stray value at {cell_ref(r + 1, c)}, far from the data; it "
                "was ignored. Delete it in the workbook to silence this warning.",
            )
            for r, c in stray[:20]
        ]
        if len(stray) > 20:
            problems.append(
                Problem(
                    "warning",
                    ref.name,
                    "",
                    f"{len(stray) - 20} more stray values far from the data were ignored.",
                )
            )
        if not kept:
            return RawSheet(ref, pd.DataFrame(dtype=object)), problems
        n_rows = max(r for r, _ in kept) + 1
        n_cols = max(c for _, c in kept) + 1
        if n_rows * n_cols > MAX_AREA:
            problems.append(
                Problem(
                    "error",
                    ref.name,
                    "",
                    f"The sheet {ref.name} spans {n_rows:,} rows × {n_cols:,} columns, too large "
                    "an area to read. Delete the empty rows and columns around the data.",
                )
            )
            return None, problems
        grid = np.full((n_rows, n_cols), "", dtype=object)
        for (r, c), value in kept.items():
            grid[r, c] = value
        return RawSheet(ref, pd.DataFrame(grid, dtype=object)), problems


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


def _grid(rows: list[list[Any]]) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame(dtype=object)
    width = max(map(len, rows))
    if min(map(len, rows)) != width:
        rows = [r if len(r) == width else [*r, *[""] * (width - len(r))] for r in rows]
    return pd.DataFrame(rows, dtype=object)


def _with_errors(grid: pd.DataFrame, errors: dict[tuple[int, int], str]) -> pd.DataFrame:
    """Put error values (#N/A …) back where calamine left the cell empty, so a formula error
    is reported at its cell instead of passing for a blank."""
    cells = grid.to_numpy(dtype=object, copy=True)
    n_rows, n_cols = cells.shape
    for (r, c), text in errors.items():
        if r < n_rows and c < n_cols and cells[r, c] in ("", None):
            cells[r, c] = text
    return pd.DataFrame(cells, dtype=object)


def _clusters(positions: Iterable[int], gap: int) -> list[list[int]]:
    ordered = sorted(set(positions))
    groups: list[list[int]] = []
    for p in ordered:
        if groups and p - groups[-1][-1] <= gap:
            groups[-1].append(p)
        else:
            groups.append([p])
    return groups


def _main_block(
    cells: dict[tuple[int, int], Any],
) -> tuple[dict[tuple[int, int], Any], list[tuple[int, int]]]:
    """The filled cells of the main block, and the stray ones far away from it."""
    if not cells:
        return {}, []
    counts_by_row: dict[int, int] = {}
    for r, _ in cells:
        counts_by_row[r] = counts_by_row.get(r, 0) + 1
    row_groups = _clusters(counts_by_row, STRAY_ROW_GAP)
    best_rows = set(max(row_groups, key=lambda g: sum(counts_by_row[r] for r in g)))
    in_rows = {rc: v for rc, v in cells.items() if rc[0] in best_rows}
    counts_by_col: dict[int, int] = {}
    for _, c in in_rows:
        counts_by_col[c] = counts_by_col.get(c, 0) + 1
    col_groups = _clusters(counts_by_col, STRAY_COLUMN_GAP)
    best_cols = set(max(col_groups, key=lambda g: sum(counts_by_col[c] for c in g)))
    kept = {rc: v for rc, v in in_rows.items() if rc[1] in best_cols}
    stray = sorted(rc for rc in cells if rc not in kept)
    return kept, stray


# -- OpenDocument fallback ----------------------------------------------------------------------

_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODS_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
# Filled cells kept from an .ods read by our own reader; more is not a workshop.
MAX_ODS_CELLS = 5_000_000


def read_ods_cells(path: Path, check: Check = _no_check) -> dict[str, dict[tuple[int, int], Any]]:
    """The filled cells of every sheet of an .ods, by 0-based (row, column), streamed from
    content.xml. Used only when calamine refuses the file because its cells span a huge area:
    repeated empty rows and cells cost nothing here, whatever their count."""
    from defusedxml.ElementTree import iterparse

    sheets: dict[str, dict[tuple[int, int], Any]] = {}
    cells: dict[tuple[int, int], Any] = {}
    in_row: list[tuple[int, Any]] = []  # filled cells of the current row: (column, value)
    row = col = 0
    kept = 0
    row_tag, table_tag = f"{_ODS_TABLE}table-row", f"{_ODS_TABLE}table"
    cell_tags = (f"{_ODS_TABLE}table-cell", f"{_ODS_TABLE}covered-table-cell")
    with zipfile.ZipFile(path) as zf, zf.open("content.xml") as f:
        for event, elem in iterparse(f, events=("start", "end")):
            tag = elem.tag
            if event == "start":
                if tag == table_tag:
                    cells = {}
                    sheets[elem.get(f"{_ODS_TABLE}name") or f"Sheet{len(sheets) + 1}"] = cells
                    row = 0
                elif tag == row_tag:
                    col = 0
                    in_row = []
                continue
            if tag in cell_tags:
                repeat = _repeat(elem, "number-columns-repeated")
                value = _ods_value(elem)
                if value is not None:
                    # A filled cell repeated across columns is that many filled cells.
                    in_row.extend((col + k, value) for k in range(min(repeat, MAX_ODS_CELLS)))
                col += repeat
                elem.clear()
            elif tag == row_tag:
                # A repeated row with values repeats them (usually repeated rows are empty).
                repeat = _repeat(elem, "number-rows-repeated") if in_row else 1
                kept += len(in_row) * repeat
                if kept > MAX_ODS_CELLS:
                    raise MemoryError("the sheet has too many filled cells")
                for k in range(repeat):
                    for c, value in in_row:
                        cells[(row + k, c)] = value
                row += _repeat(elem, "number-rows-repeated")
                elem.clear()
                if row % 10_000 == 0:
                    check()
    return sheets


def _repeat(elem: Any, attribute: str) -> int:
    try:
        return max(int(elem.get(f"{_ODS_TABLE}{attribute}", "1")), 1)
    except ValueError:
        return 1


def _ods_value(elem: Any) -> Any:
    """A cell's value: a float for numbers, percentages and currencies, else its text."""
    kind = elem.get(f"{_ODS_OFFICE}value-type")
    if kind in ("float", "percentage", "currency"):
        with contextlib.suppress(TypeError, ValueError):
            return float(elem.get(f"{_ODS_OFFICE}value"))
    if kind == "boolean":
        return elem.get(f"{_ODS_OFFICE}boolean-value") == "true"
    if kind == "date":
        return elem.get(f"{_ODS_OFFICE}date-value")
    # Direct paragraphs only: a comment on the cell holds paragraphs of its own.
    paragraphs = ["".join(p.itertext()) for p in elem.findall(f"{_ODS_TEXT}p")]
    text = "\n".join(paragraphs)
    return text if text.strip() else None


# -- zip guard --------------------------------------------------------------------------------

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


def _size(n: float) -> str:
    if n >= 1024**3:
        return f"{n / 1024**3:.1f} GB"
    return f"{n / 1024**2:.0f} MB"


def guard_zip(
    path: Path, fmt: Format, check: Check = _no_check
) -> tuple[list[Problem], dict[str, SheetScan]]:
    """Check a zipped workbook before any reader unpacks it.

    Returns problems (any error means: do not open it) and, for .xlsx, each worksheet's true
    extent, filled cells and error cells by sheet name, found by scanning its XML.
    """
    name = path.name
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED:
            return [
                file_problem(
                    path,
                    f"{name} was not opened: it would unpack to {_size(total)}, more than "
                    f"SweetSpot reads ({_size(MAX_UNCOMPRESSED)}). Split it into smaller files.",
                )
            ], {}
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
                return [
                    file_problem(
                        path,
                        f"{name} was not opened: a part of it would unpack to "
                        f"{_size(info.file_size)}, {ratio:,.0f} times its packed size, which "
                        "is how damaged or malicious files look. Save it again from Excel "
                        "and retry.",
                    )
                ], {}
        for info in infos:
            check()
            if _declares_entities(zf, info):
                return [
                    file_problem(
                        path,
                        f"{name} was not opened: it declares XML entities (a DOCTYPE in "
                        f"{info.filename}), which spreadsheet programs never write and which "
                        "can be used to attack the computer reading it. Save it again from "
                        "Excel and retry.",
                    )
                ], {}
        if fmt == "ods":
            if "content.xml" not in names:
                return [file_problem(path, f"{name} is not an OpenDocument spreadsheet.")], {}
            for info in infos:
                if info.filename != "content.xml" and _may_inflate(info):
                    _drain(zf, info.filename, check)
            # The whole document under one key: its largest run of repeated rows / columns.
            return [], {ODS_DOCUMENT: _scan_ods(zf, check)}
        if "xl/workbook.bin" in names:
            return [
                file_problem(
                    path,
                    f"{name} is an Excel binary workbook (.xlsb); save it as .xlsx and retry.",
                )
            ], {}
        if "xl/workbook.xml" not in names:
            return [
                file_problem(path, f"{name} is not an Excel workbook (it has no workbook part).")
            ], {}
        parts = _sheet_parts(zf)
        extents: dict[str, SheetScan] = {}
        for info in infos:
            check()
            sheet = parts.get(info.filename)
            if sheet is not None:
                extents[sheet] = _scan_sheet(zf, info.filename, check)
            elif _may_inflate(info):
                # Reading a part through zipfile proves its real size and checksum: a part
                # whose header understates its size fails the checksum here, before any
                # reader trusts the header.
                _drain(zf, info.filename, check)
    return [], extents


ODS_DOCUMENT = ""
_ODS_REPEAT = re.compile(rb'number-(rows|columns)-repeated="(\d{4,})"')


def _scan_ods(zf: zipfile.ZipFile, check: Check) -> SheetScan:
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


def _may_inflate(info: zipfile.ZipInfo) -> bool:
    """Whether a part could unpack to more than RATIO_FLOOR, by its header or its packed size."""
    return max(info.file_size, info.compress_size * _DEFLATE_MAX_RATIO) > RATIO_FLOOR


def _declares_entities(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
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


def _drain(zf: zipfile.ZipFile, member: str, check: Check) -> None:
    with zf.open(member) as f:
        while f.read(CHUNK * 4):
            check()


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


# -- CSV --------------------------------------------------------------------------------------

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
            file_problem(path, f"{name} is {_size(size)}, more than SweetSpot reads at once.")
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
    sheet = RawSheet(ref, _grid(rows), decimal_comma=_decimal_comma(delimiter, rows[:200]))
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
