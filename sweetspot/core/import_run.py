"""What one import passes between its steps: the consultant's choices (`ImportMapping`), where
a table sits in a sheet (`Layout`), the plan for one sheet, a table built from it, and the `Run`
that collects the problems, reports progress and checks for cancellation."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from sweetspot.core.columns import TABLE_FIELDS, TABLE_KINDS, HeaderMatch, column_index
from sweetspot.core.model import Problem, Severity, empty_table
from sweetspot.core.reading import ImportCancelled, RawSheet
from sweetspot.core.validation import ERROR

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]

# The header row is looked for among the first rows (title and note rows sit above it).
HEADER_SCAN_ROWS = 15
MAPPING_KINDS = (*TABLE_KINDS, "matrix", "ignore")

# A row whose ID is one of these is a total line, not a record.
SUMMARY_WORDS = frozenset(
    {"total", "totals", "grand total", "sum", "subtotal", "sub total", "average", "mean", "avg"}
)
# The case variants a total line is written in, for a hash lookup instead of a casefold per row.
SUMMARY_VARIANTS = frozenset(
    v for w in SUMMARY_WORDS for v in (w, w.upper(), w.title(), w.capitalize())
)


@dataclass
class ImportMapping:
    """The consultant's choices in the import dialog, per sheet key (see `SheetGuess.key`).

    `tables`: sheet key → "insights", "objectives", "initiatives", "links", "matrix" (links
    given as a relationship matrix) or "ignore". `columns`: sheet key → {header text →
    canonical field, or "" to keep the column as a custom field}. `header_rows`: sheet key →
    1-based header row, when the guess was wrong.
    """

    tables: dict[str, str] = field(default_factory=dict)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    header_rows: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tables": dict(self.tables),
            "columns": {k: dict(v) for k, v in self.columns.items()},
            "header_rows": dict(self.header_rows),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> ImportMapping:
        """Read a saved mapping, ignoring anything malformed rather than failing."""
        data = data if isinstance(data, Mapping) else {}
        tables = {
            str(k): str(v)
            for k, v in _mapping(data.get("tables")).items()
            if str(v) in MAPPING_KINDS
        }
        columns = {
            str(k): {str(h): str(f) for h, f in _mapping(v).items() if isinstance(f, str)}
            for k, v in _mapping(data.get("columns")).items()
        }
        header_rows: dict[str, int] = {}
        for k, v in _mapping(data.get("header_rows")).items():
            if isinstance(v, int) and not isinstance(v, bool) and v >= 1:
                header_rows[str(k)] = v
        return cls(tables, columns, header_rows)


def _mapping(value: object) -> Mapping[Any, Any]:
    return value if isinstance(value, Mapping) else {}


@dataclass
class Layout:
    """Where a table sits in a sheet and what its columns are."""

    kind: str
    form: Literal["table", "matrix"] = "table"
    header_row: int = 0  # grid index of the (last) header row
    body_start: int = 1  # grid index of the first data row
    headers: list[str] = field(default_factory=list)  # per column: display name (unique)
    header_text: list[str] = field(default_factory=list)  # per column: text as written
    match: HeaderMatch | None = None
    # Matrix form: the column of row labels and the columns of targets (or initiatives).
    label_col: int = 0
    target_cols: list[int] = field(default_factory=list)
    transposed: bool = False  # rows are targets, columns initiatives
    skipped_cols: dict[int, str] = field(default_factory=dict)  # col → why not read
    # A table with a matrix beside it: the matrix columns, which are not custom columns.
    link_cols: set[int] = field(default_factory=set)
    # The first row of a header written over two rows (else the header row itself).
    first_header_row: int = -1

    def __post_init__(self) -> None:
        if self.first_header_row < 0:
            self.first_header_row = self.header_row


@dataclass
class Plan:
    """One sheet read, and the tables found on it."""

    raw: RawSheet
    table: Layout | None = None  # insights / objectives / initiatives / long-form links
    matrix: Layout | None = None  # links in matrix form
    forced: str | None = None


@dataclass
class BuiltTable:
    """One table read from a sheet: all its rows, with an error flag on each."""

    kind: str
    sheet: str
    file: str
    frame: pd.DataFrame
    letters: dict[str, str]


class Run:
    """One import: problems found, progress, cancellation."""

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self.problems: list[Problem] = []
        # The cells of each Votes sheet met on the way (sheet name, grid): the votes are read
        # from them, so a workbook is opened and scanned once.
        self.votes: list[tuple[str, Any]] = []
        # The same for each Insight waves sheet (sweetspot.core.waves reads them).
        self.waves: list[tuple[str, Any]] = []
        self._progress = progress
        self._cancelled = cancelled
        self._order: dict[str, int] = {}

    @property
    def cancelled(self) -> Cancelled | None:
        """What this import asks to know whether it was cancelled."""
        return self._cancelled

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ImportCancelled("The import was cancelled.")

    def step(self, fraction: float, message: str) -> None:
        if self._progress is not None:
            self._progress(min(max(fraction, 0.0), 1.0), message)
        self.check()

    def see(self, sheet: str) -> None:
        self._order.setdefault(sheet, len(self._order))

    def add(self, severity: Severity, sheet: str, cell: str, message: str) -> None:
        self.see(sheet)
        self.problems.append(Problem(severity, sheet, cell, message))

    def extend(self, problems: Sequence[Problem]) -> None:
        for p in problems:
            self.see(p.sheet)
            self.problems.append(p)

    def internal(self, sheet: str, exc: Exception) -> None:
        """A bug of ours on this sheet: one error for it, and the import goes on with the
        other sheets rather than failing as a whole."""
        self.add(
            "error",
            sheet,
            "",
            f"SweetSpot could not import the sheet {sheet} because of an internal problem "
            f"({type(exc).__name__}: {exc}). Please report it with the file.",
        )

    def sorted_problems(self) -> list[Problem]:
        """File and sheet problems first, then cell problems in reading order."""

        def key(p: Problem) -> tuple[int, int, int]:
            row, col = _split_cell(p.cell)
            return (self._order.get(p.sheet, len(self._order)), row, col)

        return sorted(self.problems, key=key)


_CELL = re.compile(r"([A-Z]{1,3})(\d+)")


def _split_cell(cell: str) -> tuple[int, int]:
    m = _CELL.fullmatch(cell)
    if m is None:
        return (0, 0)
    return (int(m.group(2)), column_index(m.group(1)))


# -- frames --------------------------------------------------------------------------------------


def add_meta(frame: pd.DataFrame, sheet: str, rows: np.ndarray) -> None:
    frame["_sheet"] = pd.Series(np.full(len(frame), sheet, dtype=object), dtype=object)
    frame["_row"] = np.asarray(rows, dtype=np.int64)


def empty_frame(kind: str) -> pd.DataFrame:
    frame = empty_table(TABLE_FIELDS[kind])
    add_meta(frame, "", np.zeros(0, dtype=np.int64))
    if kind == "links":
        frame["_cell"] = pd.Series(dtype=object)
    frame[ERROR] = pd.Series(dtype=bool)
    return frame


def cell_refs(letter: str, rows: np.ndarray) -> np.ndarray:
    return np.array([f"{letter}{r}" for r in rows.tolist()], dtype=object)
