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

Here: recognising the file, the zip guard, and `Source` (opening a file, reading a sheet). The
readers' shared types are in reading_base, the scans of a workbook's XML in reading_zip, the
.ods fallback reader in reading_ods, CSV in reading_csv.

Nothing here raises on a bad file: every failure is a `Problem` naming the file.
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from sweetspot.core.columns import cell_ref
from sweetspot.core.model import Problem
from sweetspot.core.reading_base import (
    Check,
    ImportCancelled,
    RawSheet,
    SheetRef,
    file_problem,
    grid_of,
    no_check,
    size_text,
)
from sweetspot.core.reading_csv import read_csv
from sweetspot.core.reading_ods import read_ods_cells
from sweetspot.core.reading_zip import (
    ODS_DOCUMENT,
    RATIO_FLOOR,
    SheetScan,
    SheetScanned,
    declares_entities,
    drain,
    may_inflate,
    scan_ods,
    scan_xlsx,
    uncached_problems,
)

__all__ = ["ImportCancelled", "RawSheet", "SheetRef", "Source", "expand_inputs", "guard_zip"]

Format = Literal["xlsx", "ods", "xls", "csv"]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".xls")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")

# Zip guards. Legitimate sheet XML compresses 5–10×; zip bombs compress 1,000×.
MAX_UNCOMPRESSED = 500 * 1024 * 1024
MAX_RATIO = 100.0
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

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


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
        # calamine's sheet list, read once: the workbook may be busy on the fetch thread.
        self._metadata: list[Any] | None = None
        # With prefetch, calamine parses each scanned sheet on one worker thread (it lets go
        # of the GIL) while this thread scans the next sheets and builds the tables; every
        # parse then goes through that thread, as the workbook allows one at a time.
        self._fetcher: ThreadPoolExecutor | None = None
        self._fetches: dict[str, Future[Any]] = {}

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path, key_prefix: str = "", check: Check = no_check, *, prefetch: bool = False
    ) -> tuple[Source | None, list[Problem]]:
        """Check and open a file; None (and the reason) when it cannot be used.

        `prefetch`: the caller will read every visible sheet, so each is parsed ahead on a
        worker thread as soon as its scan has passed (an .xlsx only; close() stops it)."""
        fmt, problem = sniff_format(path)
        if fmt is None:
            return None, [problem] if problem else []
        source = cls(path, fmt, key_prefix or path.name)
        try:
            problems = source._prepare(check, prefetch and fmt == "xlsx")
        except ImportCancelled:
            source.close()
            raise
        except Exception as exc:  # any reader failure is a problem with the file, not a crash
            source.close()
            return None, [reader_problem(path, exc)]
        if any(p.severity == "error" and not p.cell for p in problems) and not source.sheets:
            source.close()
            return None, problems
        return source, problems

    def _prepare(self, check: Check, prefetch: bool = False) -> list[Problem]:
        if self.fmt == "csv":
            self.sheets = [SheetRef(self.key_prefix, self.path, self.path.name)]
            return []
        problems: list[Problem] = []
        extents: dict[str, SheetScan] = {}
        if self.fmt in ("xlsx", "ods"):
            on_sheet = self._prefetch if prefetch else None
            problems, extents = guard_zip(self.path, self.fmt, check, on_sheet)
            if problems:
                self.close()
                return problems

        ods = extents.get(ODS_DOCUMENT) if self.fmt == "ods" else None
        if ods is not None and (ods.rows > SANE_ROWS or ods.columns > SANE_COLUMNS):
            self._use_ods_reader(check)
            return problems
        try:
            if self._book is None:
                self._open_book()
        except Exception as exc:
            # calamine refuses an .ods whose cells span a huge area (a stray far cell); our
            # own streaming reader keeps only the filled cells instead.
            if self.fmt != "ods" or "limit" not in str(exc).lower():
                raise
            self._use_ods_reader(check)
            return problems
        for pos, meta in enumerate(self._metadata or []):
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
            ref.extent = (scan.rows, scan.columns)
            ref.error_cells = scan.errors
            problems.extend(uncached_problems(meta.name, scan.uncached))
            ref.cell_by_cell = spans_huge_area(scan)
            self.sheets.append(ref)
        return problems

    def _open_book(self) -> None:
        import python_calamine

        self._book = python_calamine.CalamineWorkbook.from_path(str(self.path))
        self._metadata = list(self._book.sheets_metadata)

    def _prefetch(self, name: str, scan: SheetScan) -> None:
        """A worksheet passed its scan: parse it ahead if calamine will read it at all."""
        if spans_huge_area(scan):
            return  # read cell by cell with openpyxl instead
        if self._book is None:
            # Every part but the worksheets still to scan is proven: calamine may open now.
            self._open_book()
        meta = next((m for m in self._metadata or [] if m.name == name), None)
        if meta is None or str(meta.visible).rsplit(".", 1)[-1] != "Visible":
            return  # hidden sheets are read only when a table is missing
        if self._fetcher is None:
            self._fetcher = ThreadPoolExecutor(1, thread_name_prefix="sweetspot-read")
        self._fetches[name] = self._fetcher.submit(self._book.get_sheet_by_name, name)

    def _sheet(self, name: str) -> Any:
        """calamine's parsed sheet: the one parsed ahead, or parsed now (on the worker thread
        when there is one: the workbook parses one sheet at a time)."""
        future = self._fetches.pop(name, None)
        if future is None and self._fetcher is not None:
            future = self._fetcher.submit(self._book.get_sheet_by_name, name)
        return self._book.get_sheet_by_name(name) if future is None else future.result()

    def _use_ods_reader(self, check: Check) -> None:
        self._ods_cells = read_ods_cells(self.path, check)
        self.sheets = [
            SheetRef(f"{self.key_prefix}:{name}", self.path, name, False, pos, True)
            for pos, name in enumerate(self._ods_cells)
        ]

    def close(self) -> None:
        if self._fetcher is not None:
            # Sheets parsed ahead and never asked for are dropped; a parse under way ends first.
            self._fetcher.shutdown(wait=True, cancel_futures=True)
            self._fetcher = None
            self._fetches.clear()
        for book in (self._book, self._openpyxl):
            if book is not None:
                # Closing a reader must never fail an import.
                with contextlib.suppress(Exception):
                    book.close()
        self._book = self._openpyxl = None

    # -- reading ---------------------------------------------------------------------------

    def read(
        self, ref: SheetRef, *, nrows: int | None = None, check: Check = no_check
    ) -> tuple[RawSheet | None, list[Problem]]:
        """The cells of one sheet (the first `nrows` rows only, for a preview)."""
        try:
            if self.fmt == "csv":
                return read_csv(ref, nrows=nrows)
            if ref.cell_by_cell:
                return self._read_cell_by_cell(ref, nrows, check)
            sheet = self._sheet(ref.name)
            rows = sheet.to_python(skip_empty_area=False, nrows=nrows)
            merged = sheet.merged_cell_ranges or []
        except ImportCancelled:
            raise
        except Exception as exc:  # any reader failure is a problem with the sheet
            return None, [reader_problem(self.path, exc, ref.name)]
        grid = grid_of(rows)
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


def _main_cluster(positions: Iterable[int], gap: int) -> set[int]:
    """The rows (or columns) of the cluster that holds the most cells, given one position per
    cell; clusters are parted by runs of more than `gap` empty rows (columns)."""
    counts: dict[int, int] = {}
    for p in positions:
        counts[p] = counts.get(p, 0) + 1
    groups = _clusters(counts, gap)
    return set(max(groups, key=lambda g: sum(counts[p] for p in g)))


def _main_block(
    cells: dict[tuple[int, int], Any],
) -> tuple[dict[tuple[int, int], Any], list[tuple[int, int]]]:
    """The filled cells of the main block, and the stray ones far away from it."""
    if not cells:
        return {}, []
    best_rows = _main_cluster((r for r, _ in cells), STRAY_ROW_GAP)
    in_rows = {rc: v for rc, v in cells.items() if rc[0] in best_rows}
    best_cols = _main_cluster((c for _, c in in_rows), STRAY_COLUMN_GAP)
    kept = {rc: v for rc, v in in_rows.items() if rc[1] in best_cols}
    stray = sorted(rc for rc in cells if rc not in kept)
    return kept, stray


def spans_huge_area(scan: SheetScan) -> bool:
    """A worksheet calamine must not read whole: it would allocate the whole rectangle its
    cells span (one stray cell far away is enough), so openpyxl reads it cell by cell."""
    area = scan.rows * scan.columns
    sparse = scan.cells * 10 < area
    return area > MAX_AREA or ((scan.rows > SANE_ROWS or scan.columns > SANE_COLUMNS) and sparse)


def guard_zip(
    path: Path, fmt: Format, check: Check = no_check, on_sheet: SheetScanned | None = None
) -> tuple[list[Problem], dict[str, SheetScan]]:
    """Check a zipped workbook before any reader unpacks it.

    Returns problems (any error means: do not open it) and, for .xlsx, each worksheet's true
    extent, filled cells and error cells by sheet name, found by scanning its XML.
    `on_sheet` hears each worksheet once it and every part but the unscanned worksheets are
    proven (see `scan_xlsx`): a reader may start on that sheet, never on an unproven part.
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
                    f"{name} was not opened: it would unpack to {size_text(total)}, more "
                    f"than SweetSpot reads ({size_text(MAX_UNCOMPRESSED)}). Split it into "
                    "smaller files.",
                )
            ], {}
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
                return [
                    file_problem(
                        path,
                        f"{name} was not opened: a part of it would unpack to "
                        f"{size_text(info.file_size)}, {ratio:,.0f} times its packed size, which "
                        "is how damaged or malicious files look. Save it again from Excel "
                        "and retry.",
                    )
                ], {}
        for info in infos:
            check()
            if declares_entities(zf, info):
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
                if info.filename != "content.xml" and may_inflate(info):
                    drain(zf, info.filename, check)
            # The whole document under one key: its largest run of repeated rows / columns.
            return [], {ODS_DOCUMENT: scan_ods(zf, check)}
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
        return [], scan_xlsx(zf, check, on_sheet)
