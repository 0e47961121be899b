"""Import the spreadsheets consultants really have into a `Workshop`, with every problem found.

Inputs: one or more workbooks (.xlsx, .xlsm, .ods, .xls), CSV files (one per table), or a folder
of CSV files. Tables are found by their columns, not by sheet names; the header row is found
under title and note rows; columns are matched by synonyms (columns.py); values are read as
consultants type them (values.py). Links come in long form (Initiative, Target, Strength) or as
a QFD relationship matrix, either orientation, on its own sheet or beside the initiatives (or
insights) table.

Decisions:
- Bad input is data: `load_workshop` never raises for it. Every problem is a `Problem` at its
  cell, and the Workshop keeps only the VALID rows (a row with an error is left out, and so
  are links to it), so "import valid rows" can score what is sound while `problems` lists
  everything. Errors stop scoring (`workshop.can_score`); warnings and infos do not.
- Hidden sheets are not read unless a required table is found on no visible sheet; then the
  hidden sheet holding it is used, with a warning. Other hidden sheets are skipped (info).
- In a matrix, a blank cell and a 0/none cell both mean "no link".
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from sweetspot.core.columns import (
    TABLE_FIELDS,
    TABLE_ITEM,
    TABLE_KINDS,
    TABLE_LABELS,
    HeaderMatch,
    column_index,
    column_letter,
    exact_field,
    field_label,
    match_headers,
    required_fields,
    sheet_hint,
)
from sweetspot.core.model import (
    NUMERIC_FIELDS,
    Problem,
    Scale,
    Severity,
    SourceInfo,
    Workshop,
    empty_table,
)
from sweetspot.core.reading import (
    ImportCancelled,
    RawSheet,
    SheetRef,
    Source,
    expand_inputs,
)
from sweetspot.core.validation import (
    CELL_PREFIX,
    ERROR,
    TABLE_INDEX,
    Cells,
    check_duplicate_ids,
    check_duplicate_links,
    check_links,
    check_shared_ids,
    detect_scale,
    drop_links_to_rows_with_errors,
    member,
    scale_problem,
)
from sweetspot.core.values import (
    Numbers,
    blank_mask,
    confidence_fraction,
    custom_column,
    format_number,
    parse_numbers,
    parse_strengths,
    show,
    strength_out_of_range,
    to_text,
)

__all__ = [
    "ImportCancelled",
    "ImportMapping",
    "SheetGuess",
    "inspect_inputs",
    "load_workshop",
]

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]

# The header row is looked for among the first rows (title and note rows sit above it).
HEADER_SCAN_ROWS = 15
PREVIEW_ROWS = 10
PREVIEW_COLUMNS = 40
# Rows read per sheet by inspect_inputs: enough for the header search and the preview.
INSPECT_ROWS = HEADER_SCAN_ROWS + PREVIEW_ROWS + 25
MAPPING_KINDS = (*TABLE_KINDS, "matrix", "ignore")
# A row whose ID is one of these is a total line, not a record.
SUMMARY_WORDS = frozenset(
    {"total", "totals", "grand total", "sum", "subtotal", "sub total", "average", "mean", "avg"}
)
# The case variants a total line is written in, for a hash lookup instead of a casefold per row.
SUMMARY_VARIANTS = frozenset(
    v for w in SUMMARY_WORDS for v in (w, w.upper(), w.title(), w.capitalize())
)
# Matrix rows and columns with these labels hold totals or weights, not links.
MATRIX_SKIP_WORDS = SUMMARY_WORDS | frozenset(
    {
        "importance",
        "weight",
        "weights",
        "priority",
        "score",
        "weighted score",
        "rank",
        "count",
        "note",
        "notes",
        "comment",
        "comments",
    }
)
# Text fields whose values are IDs (links refer to them).
_ID_FIELDS = {"id", "initiative", "target"}


# -- public types -------------------------------------------------------------------------------


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
class SheetGuess:
    """What the importer makes of one sheet (or CSV file), for the mapping dialog."""

    key: str  # the sheet's key in ImportMapping
    file: str
    sheet: str
    kind: str | None  # "insights", "objectives", "initiatives", "links", or None
    header_row: int  # 1-based first header row; 0 when no header row was found
    columns: dict[str, str]  # header text → canonical field (recognised columns only)
    unrecognised: list[str]  # headers kept as custom columns
    preview: list[list[str]]  # the first rows from the header row on, as text
    hidden: bool = False
    form: str = ""  # for links: "long" or "matrix"
    problems: list[Problem] = field(default_factory=list)


# -- internal types -----------------------------------------------------------------------------


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
class _Plan:
    raw: RawSheet
    table: Layout | None = None  # insights / objectives / initiatives / long-form links
    matrix: Layout | None = None  # links in matrix form
    forced: str | None = None


@dataclass
class _Table:
    kind: str
    sheet: str
    file: str
    frame: pd.DataFrame
    letters: dict[str, str]


class _Run:
    """One import: problems found, progress, cancellation."""

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self.problems: list[Problem] = []
        self._progress = progress
        self._cancelled = cancelled
        self._order: dict[str, int] = {}

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


# -- public functions ---------------------------------------------------------------------------


def load_workshop(
    inputs: Sequence[str | Path],
    *,
    mapping: ImportMapping | None = None,
    scale: Scale | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Workshop:
    """Read workbooks, CSV files or a folder of CSVs into a Workshop.

    Never raises for bad input: every problem is in `workshop.problems`, located at its cell.
    The tables hold the valid rows only. Raises `ImportCancelled` when `cancelled()` says so.
    """
    run = _Run(progress, cancelled)
    mapping = mapping or ImportMapping()
    run.step(0.0, "Opening files")
    files, sources = _open_sources(inputs, run)
    workshop = Workshop()
    workshop.files = [str(f) for f in files]
    try:
        plans = _read_and_classify(sources, mapping, run, nrows=None)
        run.step(0.8, "Checking the tables")
        # A table missing because its file or sheet could not be read (or found) is not news:
        # that file's own error says what to do.
        unreadable = len(sources) < len(files) or any(
            p.severity == "error" and not p.cell for p in run.problems
        )
        _assemble(workshop, plans, scale, run, report_missing=not unreadable)
    finally:
        for s in sources:
            s.close()
    workshop.problems = run.sorted_problems()
    run.step(1.0, "Import finished")
    return workshop


def inspect_inputs(inputs: Sequence[str | Path]) -> list[SheetGuess]:
    """What the importer would make of each sheet: table kind, header row, column mapping,
    and a preview, read from the first rows only. Unreadable files give a guess with no kind
    and the reason in `problems`."""
    run = _Run(None, None)
    guesses: list[SheetGuess] = []
    files, problems = expand_inputs(inputs)
    for p in problems:
        guesses.append(SheetGuess(p.sheet, p.sheet, "", None, 0, {}, [], [], problems=[p]))
    sources: list[Source] = []
    for path in files:
        src, probs = Source.open(path, _key_prefix(path, sources))
        if src is None:
            guesses.append(
                SheetGuess(path.name, str(path), "", None, 0, {}, [], [], problems=probs)
            )
        else:
            sources.append(src)
            run.extend(probs)
    try:
        plans = _read_and_classify(sources, ImportMapping(), run, nrows=INSPECT_ROWS)
    finally:
        for s in sources:
            s.close()
    for plan in plans:
        guesses.append(_guess(plan, [p for p in run.problems if p.sheet == plan.raw.ref.name]))
    return guesses


def _guess(plan: _Plan, problems: list[Problem]) -> SheetGuess:
    ref = plan.raw.ref
    layout = plan.table or plan.matrix
    top = _top_text(plan.raw, HEADER_SCAN_ROWS + PREVIEW_ROWS)
    if layout is None:
        preview = [row[:PREVIEW_COLUMNS] for row in top[:PREVIEW_ROWS]]
        return SheetGuess(
            ref.key, str(ref.file), ref.name, None, 0, {}, [], preview, ref.hidden, "", problems
        )
    columns: dict[str, str] = {}
    unrecognised: list[str] = []
    if layout.form == "table" and layout.match is not None:
        for col, header in enumerate(layout.headers):
            name = layout.match.fields.get(col)
            if name:
                columns[header] = name
            elif layout.header_text[col] or _has_data(plan.raw, layout, col):
                unrecognised.append(header)
    start = layout.first_header_row
    preview = [row[:PREVIEW_COLUMNS] for row in top[start : start + PREVIEW_ROWS]]
    kind = "links" if layout.form == "matrix" else layout.kind
    form = "" if kind != "links" else ("matrix" if layout.form == "matrix" else "long")
    return SheetGuess(
        ref.key,
        str(ref.file),
        ref.name,
        kind,
        start + 1,
        columns,
        unrecognised,
        preview,
        ref.hidden,
        form,
        problems,
    )


# -- reading and classifying ---------------------------------------------------------------------


def _key_prefix(path: Path, sources: Sequence[Source]) -> str:
    taken = {s.key_prefix for s in sources}
    key = path.name
    if key in taken:
        key = f"{path.parent.name}/{path.name}"
    n = 2
    while key in taken:
        key = f"{path.name} ({n})"
        n += 1
    return key


def _open_sources(inputs: Sequence[str | Path], run: _Run) -> tuple[list[Path], list[Source]]:
    files, problems = expand_inputs(inputs)
    run.extend(problems)
    sources: list[Source] = []
    for i, path in enumerate(files):
        run.step(0.1 * i / max(len(files), 1), f"Opening {path.name}")
        src, probs = Source.open(path, _key_prefix(path, sources), check=run.check)
        run.see(path.name)
        run.extend(probs)
        if src is not None:
            sources.append(src)
    return files, sources


def _read_and_classify(
    sources: Sequence[Source], mapping: ImportMapping, run: _Run, *, nrows: int | None
) -> list[_Plan]:
    refs = [(s, r) for s in sources for r in s.sheets]
    visible = [(s, r) for s, r in refs if not r.hidden or r.key in mapping.tables]
    hidden = [(s, r) for s, r in refs if r.hidden and r.key not in mapping.tables]
    total = max(len(refs), 1)
    plans: list[_Plan] = []
    done = 0
    for src, ref in visible:
        run.step(0.1 + 0.7 * done / total, f"Reading {ref.name}")
        done += 1
        plan = _read_one(src, ref, mapping, run, nrows)
        if plan is not None:
            plans.append(plan)
    _find_matrices(plans, run)
    missing = [k for k in TABLE_KINDS if not _kinds_found(plans).get(k)]
    hidden_plans: list[_Plan] = []
    if missing and hidden:
        for src, ref in hidden:
            run.step(0.1 + 0.7 * done / total, f"Reading hidden sheet {ref.name}")
            done += 1
            plan = _read_one(src, ref, mapping, run, nrows)
            if plan is not None:
                hidden_plans.append(plan)
        _find_matrices([*plans, *hidden_plans], run)
    used_hidden: set[str] = set()
    for plan in hidden_plans:
        kinds = _plan_kinds(plan)
        wanted = [k for k in kinds if k in missing]
        if wanted:
            plans.append(plan)
            used_hidden.add(plan.raw.ref.key)
            labels = " and ".join(TABLE_LABELS[k] for k in wanted)
            run.add(
                "warning",
                plan.raw.ref.name,
                "",
                f"The sheet {plan.raw.ref.name} is hidden; it was used because no visible "
                f"sheet holds the {labels} table.",
            )
    for _src, ref in hidden:
        if ref.key not in used_hidden:
            run.add(
                "info",
                ref.name,
                "",
                f"The hidden sheet {ref.name} was skipped. Unhide it, or choose it in the "
                "import dialog, to use it.",
            )
    for plan in plans:
        if plan.table is None and plan.matrix is None and plan.forced != "ignore":
            _report_unrecognised(plan, run)
    return plans


def _kinds_found(plans: Sequence[_Plan]) -> dict[str, bool]:
    found: dict[str, bool] = {}
    for plan in plans:
        for k in _plan_kinds(plan):
            found[k] = True
    return found


def _plan_kinds(plan: _Plan) -> list[str]:
    kinds = []
    if plan.table is not None:
        kinds.append(plan.table.kind)
    if plan.matrix is not None:
        kinds.append("links")
    return kinds


def _read_one(
    src: Source,
    ref: SheetRef,
    mapping: ImportMapping,
    run: _Run,
    nrows: int | None,
) -> _Plan | None:
    forced = mapping.tables.get(ref.key)
    if forced == "ignore":
        run.add("info", ref.name, "", f"The sheet {ref.name} was skipped, as chosen.")
        return None
    raw, problems = src.read(ref, nrows=nrows, check=run.check)
    run.see(ref.name)
    run.extend(problems)
    if raw is None:
        return None
    plan = _Plan(raw, forced=forced)
    try:
        _fill_merged(raw)
        if forced != "matrix":
            columns = mapping.columns.get(ref.key, {})
            header = mapping.header_rows.get(ref.key)
            kinds = [forced] if forced in TABLE_KINDS else list(TABLE_KINDS)
            plan.table = _detect_table(raw, kinds, columns, header)
    except Exception as exc:  # a bug of ours must not cost the other sheets
        run.internal(ref.name, exc)
        return None
    return plan


def _report_unrecognised(plan: _Plan, run: _Run) -> None:
    ref = plan.raw.ref
    grid = plan.raw.grid
    if grid.empty or all(blank_mask(grid[c]).all() for c in grid.columns):
        run.add("info", ref.name, "", f"The sheet {ref.name} is empty; it was skipped.")
        return
    if plan.forced in TABLE_KINDS or plan.forced == "matrix":
        kind = "links" if plan.forced == "matrix" else str(plan.forced)
        run.add(
            "error",
            ref.name,
            "",
            f"No {TABLE_LABELS[kind]} header row was found on the sheet {ref.name}. Check "
            "the header row and the column choices in the import dialog.",
        )
        return
    if ref.name.strip().casefold() == "votes":
        # Workshop votes are not one of the four tables: sweetspot.core.votes reads them.
        run.add("info", ref.name, "", "The sheet Votes holds workshop votes; they are read apart.")
        return
    run.add(
        "info",
        ref.name,
        "",
        f"The sheet {ref.name} does not look like a table SweetSpot uses (no header row with "
        "known column names was found); it was skipped.",
    )


def _fill_merged(raw: RawSheet) -> None:
    """Merged cells hold their value in the first cell only. Fill vertical merges down (a
    segment written once for several rows), and header-zone merges across as well."""
    if not raw.merged or raw.grid.empty:
        return
    cells = raw.grid.to_numpy(dtype=object, copy=True)
    n_rows, n_cols = cells.shape
    changed = False
    for (r0, c0), (r1, c1) in raw.merged:
        if r0 >= n_rows or c0 >= n_cols:
            continue
        value = cells[r0, c0]
        r1, c1 = min(r1, n_rows - 1), min(c1, n_cols - 1)
        across = r0 < HEADER_SCAN_ROWS
        for c in range(c0, (c1 if across else c0) + 1):
            for r in range(r0, r1 + 1):
                if (r, c) != (r0, c0) and _is_blank(cells[r, c]):
                    cells[r, c] = value
                    changed = True
    if changed:
        raw.grid = pd.DataFrame(cells, dtype=object)


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _top_text(raw: RawSheet, rows: int = HEADER_SCAN_ROWS) -> list[list[str]]:
    top = raw.grid.iloc[:rows]
    if top.empty:
        return []
    columns = [to_text(top[c]).tolist() for c in top.columns]
    return [list(r) for r in zip(*columns, strict=True)]


def _forced_positions(cells: list[str], columns: Mapping[str, str]) -> dict[int, str]:
    if not columns:
        return {}
    wanted = {k.strip(): v for k, v in columns.items()}
    return {j: wanted[c] for j, c in enumerate(cells) if c and c in wanted}


def _detect_table(
    raw: RawSheet,
    kinds: Sequence[str],
    columns: Mapping[str, str],
    header_row: int | None,
) -> Layout | None:
    """Find the header row (the first of the top rows where at least two cells name fields
    of one table) and the table kind it fits best."""
    top = _top_text(raw)
    if not top:
        return None
    hint = sheet_hint(raw.ref.name)
    rows = [header_row - 1] if header_row and header_row - 1 < len(top) else range(len(top))
    for r in rows:
        cells = top[r]
        if sum(1 for c in cells if c) < 2 and not header_row:
            continue
        forced = _forced_positions(cells, columns)
        best: tuple[float, str, HeaderMatch] | None = None
        for kind in kinds:
            m = match_headers(cells, kind, forced)
            if m.matched < 2 and not (header_row and m.matched):
                continue
            if kind == "links" and m.matched - len(m.missing_required()) < 1:
                continue
            score = m.score + (1.0 if kind == hint else 0.0)
            if best is None or score > best[0]:
                best = (score, kind, m)
        if best is None:
            continue
        _, kind, m = best
        texts = list(cells)
        first = r
        body_start = r + 1
        # A second header line under this one ("Scores" above "Importance | Satisfaction").
        if r + 1 < len(top):
            below = top[r + 1]
            combined = [b if b else a for a, b in zip(texts, below, strict=True)]
            m2 = match_headers(combined, kind, _forced_positions(combined, columns))
            no_numbers = not any(_looks_numeric(b) for b in below if b)
            if m2.score > m.score and no_numbers and m2.matched > m.matched:
                texts, m, body_start = combined, m2, r + 2
                r += 1
        if first >= 1:
            # A header cell left blank under a vertical merge keeps the text above it.
            above = top[first - 1]
            if sum(1 for a in above if a) >= 2:
                filled = [t if t else a for t, a in zip(texts, above, strict=True)]
                if filled != texts:
                    m3 = match_headers(filled, kind, _forced_positions(filled, columns))
                    if m3.matched > m.matched:
                        texts, m = filled, m3
        layout = Layout(kind, "table", r, body_start, [], texts, m, first_header_row=first)
        layout.headers = _display_headers(texts, kind, m)
        return layout
    return None


def _looks_numeric(text: str) -> bool:
    return parse_numbers(pd.Series([text], dtype=object)).ok[0]


def _display_headers(texts: list[str], kind: str, match: HeaderMatch | None) -> list[str]:
    """Unique column names: the header text, "Column F" for a blank one, "Notes (2)" for a
    repeat; custom names never collide with canonical fields or meta columns."""
    canonical = set(TABLE_FIELDS.get(kind, []))
    used: set[str] = set()
    out: list[str] = []
    for col, text in enumerate(texts):
        name = " ".join(text.split()) or f"Column {column_letter(col)}"
        is_field = match is not None and col in match.fields
        if not is_field:
            name = name.lstrip("_") or f"Column {column_letter(col)}"
        base, n = name, 2
        while name in used or (not is_field and name in canonical):
            name = f"{base} ({n})"
            n += 1
        used.add(name)
        out.append(name)
    return out


def _has_data(raw: RawSheet, layout: Layout, col: int) -> bool:
    if col >= raw.grid.shape[1]:
        return False
    return not blank_mask(raw.grid.iloc[layout.body_start :, col]).all()


# -- matrices ----------------------------------------------------------------------------------


def _id_sets(plans: Sequence[_Plan]) -> dict[str, dict[str, set[str]]]:
    """Per sheet key: the IDs its table holds, by kind (all rows, before validation)."""
    out: dict[str, dict[str, set[str]]] = {}
    for plan in plans:
        t = plan.table
        if t is None or t.kind == "links" or t.match is None:
            continue
        col = t.match.columns.get("id")
        if col is None or col >= plan.raw.grid.shape[1]:
            continue
        ids = set(to_text(plan.raw.grid.iloc[t.body_start :, col]).tolist()) - {""}
        out[plan.raw.ref.key] = {t.kind: ids - SUMMARY_VARIANTS}
    return out


def _find_matrices(plans: Sequence[_Plan], run: _Run) -> None:
    """Find links given as a relationship matrix: on a sheet of their own, or as extra
    columns of the initiatives (insights, objectives) table headed by the other side's IDs."""
    ids = _id_sets(plans)

    def known(kind: str, exclude: str) -> set[str]:
        out: set[str] = set()
        for key, by_kind in ids.items():
            if key != exclude:
                out |= by_kind.get(kind, set())
        return out

    tables_by_kind: dict[str, list[str]] = {}
    for plan in plans:
        if plan.table is not None:
            tables_by_kind.setdefault(plan.table.kind, []).append(plan.raw.ref.key)

    for plan in plans:
        if plan.matrix is not None:
            continue  # found on an earlier pass (before hidden sheets were read)
        key = plan.raw.ref.key
        others = (
            [k for k in tables_by_kind.get(plan.table.kind, []) if k != key]
            if (plan.table is not None)
            else []
        )
        try:
            _find_matrix(
                plan,
                known("initiatives", key),
                known("insights", key) | known("objectives", key),
                bool(others),
            )
        except Exception as exc:  # a bug of ours must not cost the other sheets
            run.internal(plan.raw.ref.name, exc)
            plan.table = plan.matrix = None
            plan.forced = "ignore"


def _find_matrix(
    plan: _Plan, initiatives: set[str], targets: set[str], table_elsewhere: bool
) -> None:
    t = plan.table
    if plan.forced in TABLE_KINDS and plan.forced != "links":
        return
    if t is not None and t.kind != "links" and t.match is not None and plan.forced is None:
        other = targets if t.kind == "initiatives" else initiatives
        hits = [
            c
            for c, text in enumerate(t.header_text)
            if c not in t.match.fields and text.strip() in other
        ]
        if len(hits) < 2:
            return
        id_col = t.match.columns.get("id", 0)
        matrix = Layout(
            "links",
            "matrix",
            t.header_row,
            t.body_start,
            list(t.headers),
            list(t.header_text),
            None,
            id_col,
            hits,
            transposed=t.kind != "initiatives",
        )
        # The table is only a matrix if another sheet holds the real table of its kind;
        # then its other columns are either descriptions, totals, or mistyped IDs.
        if table_elsewhere:
            for c, text in enumerate(t.header_text):
                if c in hits or c == id_col:
                    continue
                why = _not_a_target(text, c in t.match.fields, matrix.transposed)
                if why:
                    matrix.skipped_cols[c] = why
                elif text.strip():
                    matrix.target_cols.append(c)
            matrix.target_cols.sort()
            plan.table = None
        else:
            t.link_cols = set(hits)
        plan.matrix = matrix
        return
    if t is None and plan.forced in (None, "links", "matrix"):
        plan.matrix = _detect_matrix(
            plan.raw, initiatives, targets, forced=plan.forced in ("links", "matrix")
        )


def _detect_matrix(
    raw: RawSheet, initiatives: set[str], targets: set[str], *, forced: bool
) -> Layout | None:
    top = _top_text(raw)
    hint = sheet_hint(raw.ref.name) == "links"
    for r, cells in enumerate(top):
        stripped = [c.strip() for c in cells]
        t_hits = [j for j, c in enumerate(stripped) if c and c in targets]
        i_hits = [j for j, c in enumerate(stripped) if c and c in initiatives]
        transposed = len(i_hits) > len(t_hits)
        hits = i_hits if transposed else t_hits
        if len(hits) < 2 and not ((forced or hint) and _looks_like_matrix(raw, r, cells)):
            continue
        first = hits[0] if len(hits) >= 2 else _first_strength_col(cells)
        if first is None or first == 0:
            continue
        row_ids = targets if transposed else initiatives
        label = _label_column(raw, r + 1, first, row_ids)
        layout = Layout("links", "matrix", r, r + 1, [], list(cells), None, label)
        layout.headers = _display_headers(cells, "links", None)
        layout.transposed = transposed
        for c in range(label + 1, len(cells)):
            text = stripped[c]
            if not text:
                if _has_data(raw, layout, c):
                    layout.skipped_cols[c] = "it has values but no ID in its header"
                continue
            why = "" if c in hits else _not_a_target(text, False, transposed)
            if why:
                layout.skipped_cols[c] = why
            else:
                layout.target_cols.append(c)
        for c in range(label):
            if stripped[c] or _has_data(raw, layout, c):
                layout.skipped_cols.setdefault(c, "it is left of the ID column")
        return layout
    return None


def _not_a_target(header: str, is_field: bool, transposed: bool = False) -> str:
    """Why a matrix column is not a column of links ("" when it may be one)."""
    text = " ".join(header.split())
    if not text:
        return ""
    if text.casefold() in MATRIX_SKIP_WORDS:
        return "it holds totals or weights, not links"
    if transposed and (is_field or any(exact_field(text, k) for k in ("insights", "objectives"))):
        return "it describes the insight or objective"
    if not transposed and (is_field or exact_field(text, "initiatives") is not None):
        return "it describes the initiative"
    return ""


def _first_strength_col(cells: list[str]) -> int | None:
    filled = [j for j, c in enumerate(cells) if c.strip()]
    for j in filled:
        if j > 0 and exact_field(cells[j], "initiatives") is None:
            return j
    return None


def _label_column(raw: RawSheet, start: int, first_target: int, ids: set[str]) -> int:
    """The column left of the first target column that holds the row IDs."""
    best, best_hits = 0, -1
    grid = raw.grid
    for c in range(first_target):
        values = to_text(grid.iloc[start : start + 200, c])
        hits = int(values.isin(ids).sum()) if ids else int((values != "").sum() > 0)
        if hits > best_hits:
            best, best_hits = c, hits
    return best


def _looks_like_matrix(raw: RawSheet, r: int, cells: list[str]) -> bool:
    """A header row over a block of strength-like values (numbers 0–9, words, ticks)."""
    first = _first_strength_col(cells)
    if first is None:
        return False
    cols = [j for j in range(first, len(cells)) if cells[j].strip()]
    if len(cols) < 2:
        return False
    block = raw.grid.iloc[r + 1 : r + 41, cols]
    if block.empty:
        return False
    filled = ok = 0
    for c in block.columns:
        nums = parse_strengths(block[c])
        present = ~nums.blank
        filled += int(present.sum())
        ok += int((present & ~nums.bad & ~strength_out_of_range(nums.values)).sum())
    return filled > 0 and ok >= 0.8 * filled


# -- building tables ---------------------------------------------------------------------------


def _cells(letter: str, rows: np.ndarray) -> np.ndarray:
    return np.array([f"{letter}{r}" for r in rows.tolist()], dtype=object)


def _build_table(plan: _Plan, layout: Layout, run: _Run) -> _Table | None:
    raw = plan.raw
    ref = raw.ref
    sheet = ref.name
    kind = layout.kind
    match = layout.match
    assert match is not None
    label = TABLE_LABELS[kind]
    grid = raw.grid
    body = grid.iloc[layout.body_start :]
    letters = {f: column_letter(c) for f, c in sorted(match.columns.items(), key=lambda x: x[1])}

    for col, cands in match.ambiguous.items():
        names = " or ".join(field_label(kind, f) for f in cands)
        run.add(
            "warning",
            sheet,
            f"{column_letter(col)}{layout.header_row + 1}",
            f"The column “{layout.header_text[col]}” could be {names}; it was kept as a custom "
            "column. Choose its meaning in the import dialog.",
        )
    # A links sheet may give targets in two columns ("Insight ID" and "Objective ID"): each
    # row's link goes to whichever is filled (to both when both are).
    extra_targets = (
        [c for c, first in match.duplicates.items() if match.fields[first] == "target"]
        if kind == "links"
        else []
    )
    for col, first in match.duplicates.items():
        if col in extra_targets:
            continue
        run.add(
            "warning",
            sheet,
            f"{column_letter(col)}{layout.header_row + 1}",
            f"The column “{layout.header_text[col]}” also looks like "
            f"{field_label(kind, match.fields[first])}, which column {column_letter(first)} "
            "already holds; it was kept as a custom column.",
        )
    missing = match.missing_required()
    for f in missing:
        run.add(
            "error",
            sheet,
            "",
            f"The {label} table on {sheet} has no {field_label(kind, f)} column, so its rows "
            f"cannot be used. Add the column, or choose which column holds "
            f"{field_label(kind, f).lower()} in the import dialog.",
        )

    if body.empty:
        frame = _empty_frame(kind)
        return _Table(kind, sheet, str(ref.file), frame, letters)

    # Each column is read once: as numbers for numeric fields, as text for the rest (custom
    # columns included); blank rows fall out of the same pass.
    cols = match.columns
    col_text: dict[int, np.ndarray] = {}
    col_nums: dict[int, Numbers] = {}
    blanks: list[np.ndarray] = []
    for c in range(body.shape[1]):
        field_name = match.fields.get(c, "")
        if field_name == "strength":
            col_nums[c] = parse_strengths(body[c], decimal_comma=raw.decimal_comma)
            blanks.append(col_nums[c].blank)
        elif field_name in NUMERIC_FIELDS:
            col_nums[c] = parse_numbers(body[c], decimal_comma=raw.decimal_comma)
            blanks.append(col_nums[c].blank)
        else:
            col_text[c] = to_text(body[c]).to_numpy(dtype=object)
            blanks.append(col_text[c] == "")
    filled = np.sum(np.vstack([~b for b in blanks]), axis=0)
    keep = np.flatnonzero(filled > 0)
    body = body.iloc[keep]
    filled = filled[keep]
    blanks = [b[keep] for b in blanks]
    col_text = {c: t[keep] for c, t in col_text.items()}
    col_nums = {c: nm.take(keep) for c, nm in col_nums.items()}
    if not len(keep):
        return _Table(kind, sheet, str(ref.file), _empty_frame(kind), letters)
    rows = body.index.to_numpy() + 1
    n = len(body)
    text = {f: pd.Series(col_text[c], dtype=object) for f, c in cols.items() if c in col_text}
    nums = {f: col_nums[c] for f, c in cols.items() if c in col_nums}
    # Per row: the column its target came from, and every (target, column) when there are
    # several (two target columns filled, or "I1, I4" in one cell).
    target_col = np.full(n, cols.get("target", 0))
    if extra_targets and "target" in cols:
        tcols = [cols["target"], *extra_targets]
        stacked = np.vstack([col_text[c] for c in tcols])
        filled_t = stacked != ""
        first_t = np.argmax(filled_t, axis=0)
        text["target"] = pd.Series(stacked[first_t, np.arange(n)], dtype=object)
        target_col = np.asarray(tcols)[first_t]

    id_fields = ["initiative", "target"] if kind == "links" else ["id"]
    id_blank = np.ones(n, dtype=bool)
    for f in id_fields:
        if f in text:
            id_blank &= (text[f] == "").to_numpy(bool)
    has_number = np.zeros(n, dtype=bool)
    for f, nm in nums.items():
        has_number |= nm.ok if f != "strength" else ~nm.blank & ~nm.bad
    note = id_blank & ~has_number
    # A one-cell sentence (a footnote in the ID column) is a note too.
    for i in np.flatnonzero((filled == 1) & ~has_number & ~note).tolist():
        value = next(body.iat[i, j] for j in range(body.shape[1]) if not blanks[j][i])
        if isinstance(value, str) and len(value.split()) >= 3:
            note[i] = True
    first_id = text[id_fields[0]] if id_fields[0] in text else pd.Series([""] * n)
    summary = ~note & member(first_id.to_numpy(dtype=object), set(SUMMARY_VARIANTS))
    for i in np.flatnonzero(note | summary).tolist():
        j = next(j for j in range(body.shape[1]) if not blanks[j][i])
        cell = f"{column_letter(j)}{rows[i]}"
        content = show(body.iat[i, j], 60)
        if note[i]:
            message = (
                f"This row has no ID and no numbers, so it was read as a note and skipped: "
                f"{content}."
            )
        else:
            message = f"This row looks like a total ({content}), so it was skipped."
        run.add("warning", sheet, cell, message)

    active = ~note & ~summary
    idx = np.flatnonzero(active)
    rows = rows[idx]
    error = np.zeros(len(idx), dtype=bool)
    if missing:
        error[:] = True
    out: dict[str, np.ndarray] = {}

    def report(mask: np.ndarray, f: str, template: str, raw: np.ndarray | None = None) -> None:
        """An error at the field's cell in each masked row; `{value}` shows the cell."""
        for k in np.flatnonzero(mask):
            value = show(raw[k]) if raw is not None else ""
            run.add("error", sheet, f"{letters[f]}{rows[k]}", template.format(value=value))
        error[mask] = True

    required = required_fields(kind)
    for f in TABLE_FIELDS[kind]:
        name = field_label(kind, f)
        if f in text:
            values = text[f].to_numpy(dtype=object)[idx]
            out[f] = values
            if f in required:
                report(values == "", f, _blank_message(kind, f))
            continue
        if f not in nums:
            out[f] = np.full(len(idx), np.nan if f in NUMERIC_FIELDS else "", dtype=object)
            continue
        nm = nums[f].take(idx)
        raw_values = body[cols[f]].to_numpy(dtype=object)[idx]
        values = nm.values.copy()
        if f in ("importance", "satisfaction"):
            # "80%" importance is 80 points of 100 (the scale is then 0–100).
            values = np.where(nm.percent, values * 100.0, values)
        report(nm.bad, f, _NOT_A_NUMBER.get(f, name + " {value} is not a number."), raw_values)
        if f in required:
            report(nm.blank, f, _blank_message(kind, f))
        ok = nm.ok
        with np.errstate(invalid="ignore"):
            if f == "confidence":
                values = confidence_fraction(Numbers(values, nm.blank, nm.bad, nm.percent))
                report(ok & (values > 1.0), f, "Confidence {value} is above 100%.", raw_values)
                report(
                    ok & (values < 0),
                    f,
                    "Confidence {value} is negative; use 0–100% or 0–1.",
                    raw_values,
                )
            elif f == "effort":
                report(ok & (values <= 0), f, "Effort {value} must be more than 0.", raw_values)
            elif f == "strength":
                report(
                    ok & strength_out_of_range(values),
                    f,
                    "Strength {value} is outside 0–9 (none 0, weak 1, medium 3, strong 9).",
                    raw_values,
                )
            else:
                report(
                    ok & (values < 0),
                    f,
                    name + " {value} is negative; it must be 0 or more.",
                    raw_values,
                )
        if f == "reach" and ok.any():
            # Scoring counts a blank reach as the median (scoring.need_weights).
            for k in np.flatnonzero(nm.blank & ~error):
                run.add(
                    "warning",
                    sheet,
                    f"{letters[f]}{rows[k]}",
                    "Reach is blank; it is counted as the median reach.",
                )
        out[f] = np.where(ok, values, np.nan)

    frame = pd.DataFrame(
        {f: pd.Series(v, dtype=float if f in NUMERIC_FIELDS else object) for f, v in out.items()}
    )
    # Extra columns are kept under their header text (matrix columns beside the table are links).
    for c in range(body.shape[1]):
        if c in match.fields or c in layout.link_cols or c in extra_targets:
            continue
        has_values = not blanks[c][idx].all() if len(idx) else False
        if not layout.header_text[c].strip() and not has_values:
            continue
        name = layout.headers[c]
        if not layout.header_text[c].strip():
            run.add(
                "info",
                sheet,
                f"{column_letter(c)}{layout.header_row + 1}",
                f"Column {column_letter(c)} has values but no header; it was kept as a custom "
                f"column named “{name}”.",
            )
        frame[name] = custom_column(
            body.iloc[idx, c].reset_index(drop=True),
            decimal_comma=raw.decimal_comma,
            text=pd.Series(col_text[c][idx], dtype=object),
        )
    _add_meta(frame, sheet, rows)
    frame[ERROR] = error
    if kind == "links":
        frame["_cell"] = _cells(letters.get("strength", "A"), rows)
        if extra_targets:
            used = target_col[idx]
            frame[CELL_PREFIX + "target"] = [
                f"{column_letter(int(c))}{r}"
                for c, r in zip(used.tolist(), rows.tolist(), strict=True)
            ]
        tcols = [cols["target"], *extra_targets] if "target" in cols else []
        frame = _spread_targets(frame, [col_text[c][idx] for c in tcols], tcols)
    return _Table(kind, sheet, str(ref.file), frame, letters)


_LIST_SEPARATORS = re.compile(r"\s*[,;\n]\s*")
_LIST_MARKS = re.compile(r"[,;\n]")


def _spread_targets(frame: pd.DataFrame, values: list[np.ndarray], cols: list[int]) -> pd.DataFrame:
    """One link per target when a row names several: "I1, I4" in one cell, or both an insight
    and an objective column filled. Only those rows are looped over."""
    if not values or frame.empty:
        return frame
    stacked = np.vstack(values)
    count = (stacked != "").sum(axis=0)
    targets_now = frame["target"].to_numpy(dtype=object)
    # One C-level search over all targets joined decides whether any cell lists several;
    # only then is each cell tested (a regex per cell costs 0.2 s on 100,000 links).
    if _LIST_MARKS.search("\x1f".join(targets_now.tolist())):
        listed = frame["target"].str.contains(_LIST_SEPARATORS).to_numpy(dtype=bool)
    else:
        listed = np.zeros(len(frame), dtype=bool)
    multi = np.flatnonzero((count > 1) | listed)
    if not len(multi):
        return frame
    rows = frame["_row"].to_numpy()
    repeat: list[int] = []
    targets: list[str] = []
    cells: list[str] = []
    for i in multi.tolist():
        for j, c in enumerate(cols):
            for part in _LIST_SEPARATORS.split(str(stacked[j, i])):
                if part:
                    repeat.append(i)
                    targets.append(part)
                    cells.append(f"{column_letter(c)}{rows[i]}")
    extra = frame.iloc[repeat].copy()
    extra["target"] = targets
    extra[CELL_PREFIX + "target"] = cells
    keep = np.ones(len(frame), dtype=bool)
    keep[multi] = False
    out = pd.concat([frame.loc[keep], extra])
    # Back into sheet order: the original index is the row order.
    return out.sort_index(kind="mergesort").reset_index(drop=True)


_NOT_A_NUMBER = {
    "strength": "Strength {value} is not a strength SweetSpot knows; use none, weak, medium, "
    "strong (or 0, 1, 3, 9).",
    "effort": "Effort {value} is not a number; give effort as a number (days, points or cost), "
    "not a size such as M or XL.",
}


def _blank_message(kind: str, f: str) -> str:
    name = field_label(kind, f)
    if kind == "links":
        what = (
            "an initiative ID"
            if f == "initiative"
            else ("a target ID" if f == "target" else "a strength")
        )
        return f"{name} is blank; every link needs {what}."
    if f == "id":
        return f"The ID is blank; every {TABLE_ITEM[kind]} needs an ID (links refer to it)."
    return f"{name} is blank; every {TABLE_ITEM[kind]} needs one."


def _add_meta(frame: pd.DataFrame, sheet: str, rows: np.ndarray) -> None:
    frame["_sheet"] = pd.Series(np.full(len(frame), sheet, dtype=object), dtype=object)
    frame["_row"] = np.asarray(rows, dtype=np.int64)


def _empty_frame(kind: str) -> pd.DataFrame:
    frame = empty_table(TABLE_FIELDS[kind])
    _add_meta(frame, "", np.zeros(0, dtype=np.int64))
    if kind == "links":
        frame["_cell"] = pd.Series(dtype=object)
    frame[ERROR] = pd.Series(dtype=bool)
    return frame


def _build_matrix(
    plan: _Plan, layout: Layout, initiatives: set[str], targets: set[str], run: _Run
) -> _Table:
    raw = plan.raw
    sheet = raw.ref.name
    grid = raw.grid
    body = grid.iloc[layout.body_start :]
    header_row = layout.header_row + 1
    for c, why in layout.skipped_cols.items():
        head = layout.header_text[c].strip() if c < len(layout.header_text) else ""
        named = f" (“{head}”)" if head else ""
        run.add(
            "info",
            sheet,
            f"{column_letter(c)}{header_row}",
            f"Column {column_letter(c)}{named} of the relationship matrix was not read as "
            f"links: {why}.",
        )
    if body.empty or not layout.target_cols:
        return _Table("links", sheet, str(raw.ref.file), _empty_frame("links"), {})
    rows = body.index.to_numpy() + 1
    labels = to_text(body[layout.label_col]).to_numpy(dtype=object)
    row_ids = targets if layout.transposed else initiatives
    col_ids = initiatives if layout.transposed else targets
    label_letter = column_letter(layout.label_col)

    parts: list[pd.DataFrame] = []
    for c in layout.target_cols:
        head = layout.header_text[c].strip()
        nm = parse_strengths(body[c], decimal_comma=raw.decimal_comma)
        present = np.flatnonzero(~nm.blank)
        if not len(present):
            continue
        if col_ids and head not in col_ids:
            side = "an insight or objective" if not layout.transposed else "an initiative"
            count = len(present)
            run.add(
                "error",
                sheet,
                f"{column_letter(c)}{header_row}",
                f"The matrix column headed “{head}” is not {side} ID, so its {count} "
                f"link{'s' if count != 1 else ''} could not be read.",
            )
            continue
        parts.append(
            pd.DataFrame(
                {
                    "pos": present,
                    "col": c,
                    "head": head,
                    "strength": nm.values[present],
                    "bad": nm.bad[present],
                    "raw": body[c].to_numpy(dtype=object)[present],
                }
            )
        )
    if not parts:
        return _Table("links", sheet, str(raw.ref.file), _empty_frame("links"), {})
    cells = pd.concat(parts, ignore_index=True).sort_values(["pos", "col"], kind="mergesort")
    pos = cells["pos"].to_numpy()
    label = labels[pos]
    drop = np.zeros(len(cells), dtype=bool)
    # Row labels: blank, totals/weights, or unknown IDs are reported once per row.
    blank_label = label == ""
    skip_label = pd.Series(label).str.casefold().isin(MATRIX_SKIP_WORDS).to_numpy()
    unknown = ~blank_label & ~skip_label
    if row_ids:
        unknown &= ~pd.Series(label).isin(row_ids).to_numpy()
    else:
        unknown[:] = False
    for mask, severity in ((blank_label, "error"), (skip_label, "warning"), (unknown, "error")):
        if not mask.any():
            continue
        for p in np.unique(pos[mask]):
            count = int((pos[mask] == p).sum())
            cell = f"{label_letter}{rows[p]}"
            links = f"{count} link{'s' if count != 1 else ''}"
            if severity == "warning":
                message = (
                    f"The matrix row {show(labels[p])} holds totals or weights, not links; "
                    "it was skipped."
                )
            elif labels[p] == "":
                message = f"This matrix row has {links} but no ID in column {label_letter}."
            else:
                side = "an insight or objective" if layout.transposed else "an initiative"
                message = (
                    f"{show(labels[p])} is not {side} ID, so the {links} in this row could "
                    "not be read."
                )
            run.add(severity, sheet, cell, message)  # type: ignore[arg-type]
        drop |= mask
    cells = cells.loc[~drop]
    pos = cells["pos"].to_numpy()
    col = cells["col"].to_numpy()
    strength = cells["strength"].to_numpy(dtype=float)
    bad = cells["bad"].to_numpy(dtype=bool)
    raw_values = cells["raw"].to_numpy(dtype=object)
    out_of_range = ~bad & strength_out_of_range(strength)
    cell_refs = np.array(
        [f"{column_letter(int(c))}{rows[int(p)]}" for p, c in zip(pos, col, strict=True)],
        dtype=object,
    )
    for k in np.flatnonzero(bad):
        run.add(
            "error",
            sheet,
            cell_refs[k],
            f"Strength {show(raw_values[k])} is not a strength SweetSpot knows; use none, weak, "
            "medium, strong (or 0, 1, 3, 9).",
        )
    for k in np.flatnonzero(out_of_range):
        run.add(
            "error",
            sheet,
            cell_refs[k],
            f"Strength {show(raw_values[k])} is outside 0–9 (none 0, weak 1, medium 3, strong 9).",
        )
    error = bad | out_of_range
    # 0 (none) in a matrix means no link, like a blank cell.
    live = error | (np.nan_to_num(strength, nan=0.0) != 0.0)
    pos, col, strength, error, cell_refs = (
        pos[live],
        col[live],
        strength[live],
        error[live],
        cell_refs[live],
    )
    heads = cells["head"].to_numpy(dtype=object)[live]
    label = labels[pos]
    label_cells = np.array([f"{label_letter}{rows[int(p)]}" for p in pos], dtype=object)
    head_cells = np.array([f"{column_letter(int(c))}{header_row}" for c in col], dtype=object)
    if layout.transposed:
        initiative, target = heads, label
        init_cells, target_cells = head_cells, label_cells
    else:
        initiative, target = label, heads
        init_cells, target_cells = label_cells, head_cells
    frame = pd.DataFrame(
        {
            "initiative": pd.Series(initiative, dtype=object),
            "target": pd.Series(target, dtype=object),
            "strength": np.where(error, np.nan, strength),
        }
    )
    _add_meta(frame, sheet, rows[pos])
    frame["_cell"] = pd.Series(cell_refs, dtype=object)
    frame[CELL_PREFIX + "initiative"] = pd.Series(init_cells, dtype=object)
    frame[CELL_PREFIX + "target"] = pd.Series(target_cells, dtype=object)
    frame[ERROR] = error
    letters = {"initiative": label_letter} if not layout.transposed else {"target": label_letter}
    return _Table("links", sheet, str(raw.ref.file), frame, letters)


# -- assembling the workshop ---------------------------------------------------------------------


def _assemble(
    workshop: Workshop,
    plans: list[_Plan],
    scale: Scale | None,
    run: _Run,
    *,
    report_missing: bool = True,
) -> None:
    tables: dict[str, list[_Table]] = {k: [] for k in TABLE_KINDS}
    cells = Cells()

    def add(built: _Table) -> None:
        built.frame[TABLE_INDEX] = len(cells.letters)
        cells.letters.append(built.letters)
        tables[built.kind].append(built)

    for plan in plans:
        run.check()
        if plan.table is not None:
            try:
                built = _build_table(plan, plan.table, run)
            except Exception as exc:  # a bug of ours must not cost the other sheets
                run.internal(plan.raw.ref.name, exc)
                plan.matrix = None
                continue
            if built is not None:
                add(built)
    ids: dict[str, set[str]] = {}
    for k in ("insights", "objectives", "initiatives"):
        found: set[str] = set()
        for t in tables[k]:
            found.update(t.frame["id"].to_numpy(dtype=object).tolist())
        ids[k] = found - {""}
    targets = ids["insights"] | ids["objectives"]
    for plan in plans:
        run.check()
        if plan.matrix is not None:
            try:
                add(_build_matrix(plan, plan.matrix, ids["initiatives"], targets, run))
            except Exception as exc:  # a bug of ours must not cost the other sheets
                run.internal(plan.raw.ref.name, exc)

    frames: dict[str, pd.DataFrame] = {}
    for kind in TABLE_KINDS:
        built_tables = tables[kind]
        if not built_tables:
            if report_missing:
                where = ", ".join(dict.fromkeys(Path(f).name for f in workshop.files))
                run.add("error", where, "", _missing_table(kind))
            frames[kind] = _empty_frame(kind)
            frames[kind][TABLE_INDEX] = pd.Series(dtype=np.int64)
            continue
        frame = (
            pd.concat([t.frame for t in built_tables], ignore_index=True)
            if len(built_tables) > 1
            else built_tables[0].frame.reset_index(drop=True)
        )
        frames[kind] = frame
        first = built_tables[0]
        workshop.sources[kind] = SourceInfo(first.file, first.sheet, dict(first.letters))
        if frame.empty and not any(
            p.severity == "error" and p.sheet == first.sheet and not p.cell for p in run.problems
        ):
            run.add(
                "error",
                first.sheet,
                "",
                f"The {TABLE_LABELS[kind]} table on {first.sheet} has no rows; add at least one "
                f"{TABLE_ITEM[kind]}.",
            )

    def report(severity: Severity, sheet: str, cell: str, message: str) -> None:
        run.add(severity, sheet, cell, message)

    insights = frames["insights"]
    chosen = detect_scale(
        insights.loc[~insights[ERROR], "importance"].to_numpy(float),
        insights.loc[~insights[ERROR], "satisfaction"].to_numpy(float),
        scale,
    )
    workshop.scale = chosen
    if tables["insights"]:
        sheet = tables["insights"][0].sheet
        p = scale_problem(sheet, chosen)
        run.add(p.severity, p.sheet, p.cell, p.message)
        _check_scale(insights, chosen, cells, run)

    for kind in ("insights", "objectives", "initiatives"):
        check_duplicate_ids(frames[kind], TABLE_ITEM[kind], cells, report)
    check_shared_ids(frames["insights"], frames["objectives"], cells, report)
    links = frames["links"]
    check_links(
        links,
        frames["insights"],
        frames["objectives"],
        frames["initiatives"],
        cells,
        report,
        check_initiatives=bool(tables["initiatives"]),
        check_targets=bool(tables["insights"] or tables["objectives"]),
    )
    bad_ids: set[str] = set()
    for kind in ("insights", "objectives", "initiatives"):
        f = frames[kind]
        bad = set(f.loc[f[ERROR].to_numpy(bool), "id"]) - set(f.loc[~f[ERROR].to_numpy(bool), "id"])
        bad_ids |= bad - {""}
    drop_links_to_rows_with_errors(links, bad_ids, report)
    links = check_duplicate_links(links, report)
    frames["links"] = links

    for kind in TABLE_KINDS:
        frame = frames[kind]
        frame = frame.loc[~frame[ERROR].to_numpy(bool)]
        temp = [c for c in frame.columns if c.startswith(CELL_PREFIX) or c in (ERROR, TABLE_INDEX)]
        frame = frame.drop(columns=temp).reset_index(drop=True)
        setattr(workshop, kind, frame)


def _missing_table(kind: str) -> str:
    needs = {
        "insights": "ID, Need and Importance",
        "objectives": "ID, Objective and Weight",
        "initiatives": "ID and Initiative",
        "links": "Initiative, Target and Strength, or a matrix of initiatives against insight "
        "and objective IDs",
    }[kind]
    return (
        f"No {TABLE_LABELS[kind]} table was found. It needs a sheet (or CSV file) with the "
        f"columns {needs}."
    )


def _check_scale(insights: pd.DataFrame, scale: Scale, cells: Cells, run: _Run) -> None:
    """Importance and satisfaction must lie on the scale."""
    live = ~insights[ERROR].to_numpy(bool)
    for f in ("importance", "satisfaction"):
        values = insights[f].to_numpy(float)
        with np.errstate(invalid="ignore"):
            above = live & (values > scale.maximum)
            below = live & (values < scale.minimum) & (values >= 0)
        label = f.capitalize()
        top, bottom = format_number(scale.maximum), format_number(scale.minimum)
        for i in np.flatnonzero(above):
            run.add(
                "error",
                *cells.at(insights, f, int(i)),
                f"{label} {format_number(values[i])} is above the top of the {bottom}–{top} scale.",
            )
        for i in np.flatnonzero(below):
            run.add(
                "error",
                *cells.at(insights, f, int(i)),
                f"{label} {format_number(values[i])} is below the bottom of the "
                f"{bottom}–{top} scale.",
            )
        insights.loc[above | below, ERROR] = True
