"""One table (insights, objectives, initiatives, or links in long form) read from its sheet:
the header problems, the rows that are records (blank rows, notes and total lines are not),
each field cleaned with its problems (import_cells), the custom columns kept, and for links the
cell of every link, one link per target when a row names several."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sweetspot.core.columns import TABLE_LABELS, HeaderMatch, column_letter, field_label
from sweetspot.core.import_cells import CellErrors, clean_fields
from sweetspot.core.import_run import (
    SUMMARY_VARIANTS,
    BuiltTable,
    Layout,
    Plan,
    Run,
    add_meta,
    cell_refs,
    empty_frame,
)
from sweetspot.core.model import NUMERIC_FIELDS
from sweetspot.core.reading import RawSheet
from sweetspot.core.validation import CELL_PREFIX, ERROR, member
from sweetspot.core.values import (
    Numbers,
    custom_column,
    parse_numbers,
    parse_strengths,
    show,
    to_text,
)


@dataclass
class _Body:
    """The rows of a table that hold anything, each column read once: as numbers for a numeric
    field, as text for the rest (custom columns included)."""

    cells: pd.DataFrame  # the grid rows
    rows: np.ndarray  # their spreadsheet row numbers
    filled: np.ndarray  # per row: how many cells are filled
    blanks: list[np.ndarray]  # per column: which rows are blank
    text: dict[int, np.ndarray]  # column → its cells as text
    nums: dict[int, Numbers]  # column → its cells as numbers


def build_table(plan: Plan, layout: Layout, run: Run) -> BuiltTable | None:
    """All the table's records, each flagged when it has an error (reported at its cell)."""
    raw = plan.raw
    ref = raw.ref
    sheet = ref.name
    kind = layout.kind
    match = layout.match
    assert match is not None
    letters = {f: column_letter(c) for f, c in sorted(match.columns.items(), key=lambda x: x[1])}
    extra_targets, missing = _header_problems(layout, match, sheet, run)
    body = _read_body(raw.grid.iloc[layout.body_start :], match, raw.decimal_comma)
    if body is None:
        return BuiltTable(kind, sheet, str(ref.file), empty_frame(kind), letters)
    text, nums, target_col = _field_values(body, match, extra_targets)
    idx = np.flatnonzero(_records(body, text, nums, kind, sheet, run))
    rows = body.rows[idx]
    errors = CellErrors(run, sheet, letters, rows, np.full(len(idx), bool(missing)))
    written = {
        f: body.cells[c].to_numpy(dtype=object)[idx]
        for f, c in match.columns.items()
        if c in body.nums
    }
    out = clean_fields(kind, text, nums, written, idx, errors)
    frame = pd.DataFrame(
        {f: pd.Series(v, dtype=float if f in NUMERIC_FIELDS else object) for f, v in out.items()}
    )
    _add_custom_columns(frame, body, idx, layout, match, extra_targets, raw, run)
    add_meta(frame, sheet, rows)
    frame[ERROR] = errors.error
    if kind == "links":
        frame = _link_cells(frame, body, idx, match, extra_targets, target_col, letters)
    return BuiltTable(kind, sheet, str(ref.file), frame, letters)


def _header_problems(
    layout: Layout, match: HeaderMatch, sheet: str, run: Run
) -> tuple[list[int], list[str]]:
    """Warnings for columns that could be two fields or repeat one, and an error per required
    column missing. Returns a links sheet's extra target columns, and the missing fields."""
    kind = layout.kind
    header_row = layout.header_row + 1
    for col, cands in match.ambiguous.items():
        names = " or ".join(field_label(kind, f) for f in cands)
        run.add(
            "warning",
            sheet,
            f"{column_letter(col)}{header_row}",
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
            f"{column_letter(col)}{header_row}",
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
            f"The {TABLE_LABELS[kind]} table on {sheet} has no {field_label(kind, f)} column, so "
            f"its rows cannot be used. Add the column, or choose which column holds "
            f"{field_label(kind, f).lower()} in the import dialog.",
        )
    return extra_targets, missing


def _read_body(body: pd.DataFrame, match: HeaderMatch, decimal_comma: bool) -> _Body | None:
    """The rows under the header that hold anything (None when there are none); blank rows
    fall out of the same pass that reads each column."""
    if body.empty:
        return None
    text: dict[int, np.ndarray] = {}
    nums: dict[int, Numbers] = {}
    blanks: list[np.ndarray] = []
    for c in range(body.shape[1]):
        field_name = match.fields.get(c, "")
        if field_name == "strength":
            nums[c] = parse_strengths(body[c], decimal_comma=decimal_comma)
            blanks.append(nums[c].blank)
        elif field_name in NUMERIC_FIELDS:
            nums[c] = parse_numbers(body[c], decimal_comma=decimal_comma)
            blanks.append(nums[c].blank)
        else:
            text[c] = to_text(body[c]).to_numpy(dtype=object)
            blanks.append(text[c] == "")
    filled = np.sum(np.vstack([~b for b in blanks]), axis=0)
    keep = np.flatnonzero(filled > 0)
    if not len(keep):
        return None
    cells = body.iloc[keep]
    return _Body(
        cells,
        cells.index.to_numpy() + 1,
        filled[keep],
        [b[keep] for b in blanks],
        {c: t[keep] for c, t in text.items()},
        {c: nm.take(keep) for c, nm in nums.items()},
    )


def _field_values(
    body: _Body, match: HeaderMatch, extra_targets: list[int]
) -> tuple[dict[str, pd.Series], dict[str, Numbers], np.ndarray]:
    """Per field: its text or its numbers. Per row: the column its target came from (with
    targets in two columns, the first one filled)."""
    cols = match.columns
    n = len(body.rows)
    text = {f: pd.Series(body.text[c], dtype=object) for f, c in cols.items() if c in body.text}
    nums = {f: body.nums[c] for f, c in cols.items() if c in body.nums}
    target_col = np.full(n, cols.get("target", 0))
    if extra_targets and "target" in cols:
        tcols = [cols["target"], *extra_targets]
        stacked = np.vstack([body.text[c] for c in tcols])
        first_t = np.argmax(stacked != "", axis=0)
        text["target"] = pd.Series(stacked[first_t, np.arange(n)], dtype=object)
        target_col = np.asarray(tcols)[first_t]
    return text, nums, target_col


def _first_filled(body: _Body, i: int) -> int:
    """The column of row i's first filled cell."""
    return next(j for j in range(body.cells.shape[1]) if not body.blanks[j][i])


def _records(
    body: _Body,
    text: dict[str, pd.Series],
    nums: dict[str, Numbers],
    kind: str,
    sheet: str,
    run: Run,
) -> np.ndarray:
    """Per row: whether it is a record. A note (no ID and no numbers, or a sentence alone in
    its row) and a total line are not; each is reported as skipped."""
    n = len(body.rows)
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
    for i in np.flatnonzero((body.filled == 1) & ~has_number & ~note).tolist():
        value = body.cells.iat[i, _first_filled(body, i)]
        if isinstance(value, str) and len(value.split()) >= 3:
            note[i] = True
    first_id = text[id_fields[0]] if id_fields[0] in text else pd.Series([""] * n)
    summary = ~note & member(first_id.to_numpy(dtype=object), set(SUMMARY_VARIANTS))
    for i in np.flatnonzero(note | summary).tolist():
        j = _first_filled(body, i)
        cell = f"{column_letter(j)}{body.rows[i]}"
        content = show(body.cells.iat[i, j], 60)
        if note[i]:
            message = (
                f"This row has no ID and no numbers, so it was read as a note and skipped: "
                f"{content}."
            )
        else:
            message = f"This row looks like a total ({content}), so it was skipped."
        run.add("warning", sheet, cell, message)
    return ~note & ~summary


def _add_custom_columns(
    frame: pd.DataFrame,
    body: _Body,
    idx: np.ndarray,
    layout: Layout,
    match: HeaderMatch,
    extra_targets: list[int],
    raw: RawSheet,
    run: Run,
) -> None:
    """Extra columns are kept under their header text (matrix columns beside the table are
    links, not custom columns)."""
    sheet = raw.ref.name
    for c in range(body.cells.shape[1]):
        if c in match.fields or c in layout.link_cols or c in extra_targets:
            continue
        has_values = not body.blanks[c][idx].all() if len(idx) else False
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
            body.cells.iloc[idx, c].reset_index(drop=True),
            decimal_comma=raw.decimal_comma,
            text=pd.Series(body.text[c][idx], dtype=object),
        )


def _link_cells(
    frame: pd.DataFrame,
    body: _Body,
    idx: np.ndarray,
    match: HeaderMatch,
    extra_targets: list[int],
    target_col: np.ndarray,
    letters: dict[str, str],
) -> pd.DataFrame:
    """A links table's cells: the strength cell of each link, the target cell when targets
    come from two columns; then one link per target."""
    rows = body.rows[idx]
    frame["_cell"] = cell_refs(letters.get("strength", "A"), rows)
    if extra_targets:
        used = target_col[idx]
        frame[CELL_PREFIX + "target"] = [
            f"{column_letter(int(c))}{r}" for c, r in zip(used.tolist(), rows.tolist(), strict=True)
        ]
    cols = match.columns
    tcols = [cols["target"], *extra_targets] if "target" in cols else []
    return _spread_targets(frame, [body.text[c][idx] for c in tcols], tcols)


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
