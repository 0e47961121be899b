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

The steps live in their own modules: import_run (the state one import passes around),
import_sheets (which sheet holds which table), import_headers (the header row and columns),
import_matrix (links as a relationship matrix), import_tables and import_cells (one table's
rows and values, problems at their cells), import_checks (the checks across tables).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sweetspot.core.columns import TABLE_KINDS
from sweetspot.core.import_checks import finish_workshop
from sweetspot.core.import_headers import has_data, top_text
from sweetspot.core.import_matrix import build_matrix
from sweetspot.core.import_run import (
    HEADER_SCAN_ROWS,
    BuiltTable,
    Cancelled,
    ImportMapping,
    Layout,
    Progress,
)

# The names the tests reach in here (tests/core/test_importing.py patches `_build_table`).
from sweetspot.core.import_run import Plan as _Plan
from sweetspot.core.import_run import Run as _Run
from sweetspot.core.import_sheets import key_prefix, open_sources, read_and_classify
from sweetspot.core.import_tables import build_table as _build_table
from sweetspot.core.model import Problem, Scale, Workshop
from sweetspot.core.reading import ImportCancelled, Source, expand_inputs
from sweetspot.core.validation import TABLE_INDEX, Cells

__all__ = [
    "ImportCancelled",
    "ImportMapping",
    "SheetGuess",
    "inspect_inputs",
    "load_workshop",
]

PREVIEW_ROWS = 10
PREVIEW_COLUMNS = 40
# Rows read per sheet by inspect_inputs: enough for the header search and the preview.
INSPECT_ROWS = HEADER_SCAN_ROWS + PREVIEW_ROWS + 25


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


# -- public functions ---------------------------------------------------------------------------


def load_workshop(
    inputs: Sequence[str | Path],
    *,
    mapping: ImportMapping | None = None,
    scale: Scale | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    votes: list[tuple[str, Any]] | None = None,
    waves: list[tuple[str, Any]] | None = None,
    guesses: list[SheetGuess] | None = None,
) -> Workshop:
    """Read workbooks, CSV files or a folder of CSVs into a Workshop.

    Never raises for bad input: every problem is in `workshop.problems`, located at its cell.
    The tables hold the valid rows only. Raises `ImportCancelled` when `cancelled()` says so.
    With `votes`, the cells of every Votes sheet read on the way are appended to it as (sheet
    name, grid), in file order, for `votes.votes_from_grid`; with `waves`, the same for
    every Insight waves sheet (`waves.waves_from_grid`). With `guesses`, what
    `inspect_inputs` would say of each sheet read is appended to it, from this same read
    (the app asks for a column matching only when those guesses need one).
    """
    run = _Run(progress, cancelled)
    mapping = mapping or ImportMapping()
    run.step(0.0, "Opening files")
    files, sources = open_sources(inputs, run)
    workshop = Workshop()
    workshop.files = [str(f) for f in files]
    early: dict[int, _EarlyTable] = {}
    try:
        # Each table is built as soon as its sheet is classified: calamine parses the next
        # sheets on its own thread meanwhile (see reading.Source, prefetch).
        plans = read_and_classify(
            sources, mapping, run, nrows=None, on_plan=lambda p: _build_early(p, run, early)
        )
        if guesses is not None:
            # Before the tables are built: the sheet problems inspect_inputs would report.
            for plan in plans:
                name = plan.raw.ref.name
                guesses.append(_guess(plan, [p for p in run.problems if p.sheet == name]))
        run.step(0.8, "Checking the tables")
        # A table missing because its file or sheet could not be read (or found) is not news:
        # that file's own error says what to do.
        unreadable = len(sources) < len(files) or any(
            p.severity == "error" and not p.cell for p in run.problems
        )
        _assemble(workshop, plans, scale, run, report_missing=not unreadable, early=early)
    finally:
        for s in sources:
            s.close()
    workshop.problems = run.sorted_problems()
    if votes is not None:
        votes.extend(run.votes)
    if waves is not None:
        waves.extend(run.waves)
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
        src, probs = Source.open(path, key_prefix(path, sources))
        if src is None:
            guesses.append(
                SheetGuess(path.name, str(path), "", None, 0, {}, [], [], problems=probs)
            )
        else:
            sources.append(src)
            run.extend(probs)
    try:
        plans = read_and_classify(sources, ImportMapping(), run, nrows=INSPECT_ROWS)
    finally:
        for s in sources:
            s.close()
    for plan in plans:
        guesses.append(_guess(plan, [p for p in run.problems if p.sheet == plan.raw.ref.name]))
    return guesses


def _guess(plan: _Plan, problems: list[Problem]) -> SheetGuess:
    ref = plan.raw.ref
    layout: Layout | None = plan.table or plan.matrix
    top = top_text(plan.raw, HEADER_SCAN_ROWS + PREVIEW_ROWS)
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
            elif layout.header_text[col] or has_data(plan.raw, layout, col):
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


# -- assembling the workshop ---------------------------------------------------------------------


@dataclass
class _EarlyTable:
    """A table built while later sheets were still being read, with what building it found.
    Used only if the plan still holds the same layout when the workshop is assembled."""

    table: Layout
    link_cols: frozenset[int]
    built: BuiltTable | None
    problems: list[Problem]
    error: Exception | None = None


def _build_early(plan: _Plan, run: _Run, early: dict[int, _EarlyTable]) -> None:
    table = plan.table
    if table is None:
        return
    aside = _Run(None, run.cancelled)  # its problems join the import's only if it is used
    try:
        built = _build_table(plan, table, aside)
    except ImportCancelled:
        raise
    except Exception as exc:  # reported as _assemble reports it, if this build is used
        early[id(plan)] = _EarlyTable(table, frozenset(table.link_cols), None, [], exc)
        return
    early[id(plan)] = _EarlyTable(table, frozenset(table.link_cols), built, aside.problems)


def _built(plan: _Plan, run: _Run, early: dict[int, _EarlyTable]) -> BuiltTable | None:
    """The plan's table: built early if nothing about its layout changed since (a matrix
    found beside it takes columns away), else built now. Raises as building raises."""
    assert plan.table is not None
    made = early.get(id(plan))
    if made is None or made.table is not plan.table or made.link_cols != plan.table.link_cols:
        return _build_table(plan, plan.table, run)
    run.extend(made.problems)
    if made.error is not None:
        raise made.error
    return made.built


def _assemble(
    workshop: Workshop,
    plans: list[_Plan],
    scale: Scale | None,
    run: _Run,
    *,
    report_missing: bool = True,
    early: dict[int, _EarlyTable] | None = None,
) -> None:
    """Build every table and matrix found (a bug on one sheet costs only that sheet), then
    check them against each other into the workshop."""
    tables: dict[str, list[BuiltTable]] = {k: [] for k in TABLE_KINDS}
    cells = Cells()

    def add(built: BuiltTable) -> None:
        built.frame[TABLE_INDEX] = len(cells.letters)
        cells.letters.append(built.letters)
        tables[built.kind].append(built)

    for plan in plans:
        run.check()
        if plan.table is not None:
            try:
                built = _built(plan, run, early or {})
            except Exception as exc:  # a bug of ours must not cost the other sheets
                run.internal(plan.raw.ref.name, exc)
                plan.matrix = None
                continue
            if built is not None:
                add(built)
    # A matrix is read against the IDs the tables hold.
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
                add(build_matrix(plan, plan.matrix, ids["initiatives"], targets, run))
            except Exception as exc:  # a bug of ours must not cost the other sheets
                run.internal(plan.raw.ref.name, exc)
    finish_workshop(workshop, tables, cells, scale, run, report_missing=report_missing)
