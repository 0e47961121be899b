"""Links given as a QFD relationship matrix: initiatives down one side, insight and objective
IDs along the other (either orientation), on a sheet of their own or as extra columns beside
the initiatives (or insights) table. Finding the matrix, then reading one link per filled cell.

In a matrix, a blank cell and a 0/none cell both mean "no link".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sweetspot.core.columns import TABLE_KINDS, column_letter, exact_field, sheet_hint
from sweetspot.core.import_headers import display_headers, has_data, top_text
from sweetspot.core.import_run import (
    SUMMARY_VARIANTS,
    SUMMARY_WORDS,
    BuiltTable,
    Layout,
    Plan,
    Run,
    add_meta,
    empty_frame,
)
from sweetspot.core.model import Severity
from sweetspot.core.reading import RawSheet
from sweetspot.core.validation import CELL_PREFIX, ERROR
from sweetspot.core.values import (
    STRENGTH_OUTSIDE,
    parse_strengths,
    show,
    strength_out_of_range,
    to_text,
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

# -- finding a matrix ---------------------------------------------------------------------------


def _id_sets(plans: Sequence[Plan]) -> dict[str, dict[str, set[str]]]:
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


def find_matrices(plans: Sequence[Plan], run: Run) -> None:
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
    plan: Plan, initiatives: set[str], targets: set[str], table_elsewhere: bool
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
    top = top_text(raw)
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
        layout.headers = display_headers(cells, "links", None)
        layout.transposed = transposed
        for c in range(label + 1, len(cells)):
            text = stripped[c]
            if not text:
                if has_data(raw, layout, c):
                    layout.skipped_cols[c] = "it has values but no ID in its header"
                continue
            why = "" if c in hits else _not_a_target(text, False, transposed)
            if why:
                layout.skipped_cols[c] = why
            else:
                layout.target_cols.append(c)
        for c in range(label):
            if stripped[c] or has_data(raw, layout, c):
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


# -- reading a matrix ---------------------------------------------------------------------------


@dataclass
class _MatrixLinks:
    """The link cells of a matrix that are read, one entry per cell."""

    pos: np.ndarray  # body row
    col: np.ndarray  # grid column
    strength: np.ndarray  # NaN where in error
    error: np.ndarray
    cells: np.ndarray  # "D7"
    heads: np.ndarray  # the column's header ID


def build_matrix(
    plan: Plan, layout: Layout, initiatives: set[str], targets: set[str], run: Run
) -> BuiltTable:
    """One link per filled cell of the matrix, its problems reported at their cells."""
    raw = plan.raw
    sheet = raw.ref.name
    body = raw.grid.iloc[layout.body_start :]
    _report_skipped_columns(layout, sheet, run)
    if body.empty or not layout.target_cols:
        return _no_links(plan)
    rows = body.index.to_numpy() + 1
    labels = to_text(body[layout.label_col]).to_numpy(dtype=object)
    row_ids = targets if layout.transposed else initiatives
    col_ids = initiatives if layout.transposed else targets
    cells = _filled_cells(body, layout, col_ids, raw.decimal_comma, sheet, run)
    if cells is None:
        return _no_links(plan)
    cells = _drop_unusable_rows(cells, labels, rows, row_ids, layout, sheet, run)
    links = _read_strengths(cells, rows, sheet, run)
    frame = _links_frame(links, labels, rows, layout, sheet)
    label_letter = column_letter(layout.label_col)
    letters = {"initiative": label_letter} if not layout.transposed else {"target": label_letter}
    return BuiltTable("links", sheet, str(raw.ref.file), frame, letters)


def _no_links(plan: Plan) -> BuiltTable:
    ref = plan.raw.ref
    return BuiltTable("links", ref.name, str(ref.file), empty_frame("links"), {})


def _report_skipped_columns(layout: Layout, sheet: str, run: Run) -> None:
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


def _filled_cells(
    body: pd.DataFrame,
    layout: Layout,
    col_ids: set[str],
    decimal_comma: bool,
    sheet: str,
    run: Run,
) -> pd.DataFrame | None:
    """The filled cells of the target columns in reading order (None when there are none);
    a column whose header is no known ID is reported and left out."""
    header_row = layout.header_row + 1
    parts: list[pd.DataFrame] = []
    for c in layout.target_cols:
        head = layout.header_text[c].strip()
        nm = parse_strengths(body[c], decimal_comma=decimal_comma)
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
        return None
    return pd.concat(parts, ignore_index=True).sort_values(["pos", "col"], kind="mergesort")


def _drop_unusable_rows(
    cells: pd.DataFrame,
    labels: np.ndarray,
    rows: np.ndarray,
    row_ids: set[str],
    layout: Layout,
    sheet: str,
    run: Run,
) -> pd.DataFrame:
    """Row labels that are blank, totals/weights, or unknown IDs: reported once per row, and
    the row's cells left out."""
    pos = cells["pos"].to_numpy()
    label = labels[pos]
    label_letter = column_letter(layout.label_col)
    drop = np.zeros(len(cells), dtype=bool)
    blank_label = label == ""
    skip_label = pd.Series(label).str.casefold().isin(MATRIX_SKIP_WORDS).to_numpy()
    unknown = ~blank_label & ~skip_label
    if row_ids:
        unknown &= ~pd.Series(label).isin(row_ids).to_numpy()
    else:
        unknown[:] = False
    checks: tuple[tuple[np.ndarray, Severity], ...] = (
        (blank_label, "error"),
        (skip_label, "warning"),
        (unknown, "error"),
    )
    for mask, severity in checks:
        if not mask.any():
            continue
        for p in np.unique(pos[mask]):
            count = int((pos[mask] == p).sum())
            message = _row_message(labels[p], count, severity, layout)
            run.add(severity, sheet, f"{label_letter}{rows[p]}", message)
        drop |= mask
    return cells.loc[~drop]


def _row_message(label: object, count: int, severity: Severity, layout: Layout) -> str:
    links = f"{count} link{'s' if count != 1 else ''}"
    if severity == "warning":
        return f"The matrix row {show(label)} holds totals or weights, not links; it was skipped."
    if label == "":
        return f"This matrix row has {links} but no ID in column {column_letter(layout.label_col)}."
    side = "an insight or objective" if layout.transposed else "an initiative"
    return f"{show(label)} is not {side} ID, so the {links} in this row could not be read."


def _read_strengths(cells: pd.DataFrame, rows: np.ndarray, sheet: str, run: Run) -> _MatrixLinks:
    """Each cell's strength, an error at one that is not a strength; a cell of 0 (none) is no
    link, like a blank one."""
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
            STRENGTH_OUTSIDE.format(value=show(raw_values[k])),
        )
    error = bad | out_of_range
    live = error | (np.nan_to_num(strength, nan=0.0) != 0.0)
    heads = cells["head"].to_numpy(dtype=object)[live]
    return _MatrixLinks(pos[live], col[live], strength[live], error[live], cell_refs[live], heads)


def _links_frame(
    links: _MatrixLinks, labels: np.ndarray, rows: np.ndarray, layout: Layout, sheet: str
) -> pd.DataFrame:
    """The links table of a matrix: the row label and the column header are the two ends."""
    label_letter = column_letter(layout.label_col)
    header_row = layout.header_row + 1
    pos = links.pos
    label = labels[pos]
    label_cells = np.array([f"{label_letter}{rows[int(p)]}" for p in pos], dtype=object)
    head_cells = np.array([f"{column_letter(int(c))}{header_row}" for c in links.col], dtype=object)
    if layout.transposed:
        initiative, target = links.heads, label
        init_cells, target_cells = head_cells, label_cells
    else:
        initiative, target = label, links.heads
        init_cells, target_cells = label_cells, head_cells
    frame = pd.DataFrame(
        {
            "initiative": pd.Series(initiative, dtype=object),
            "target": pd.Series(target, dtype=object),
            "strength": np.where(links.error, np.nan, links.strength),
        }
    )
    add_meta(frame, sheet, rows[pos])
    frame["_cell"] = pd.Series(links.cells, dtype=object)
    frame[CELL_PREFIX + "initiative"] = pd.Series(init_cells, dtype=object)
    frame[CELL_PREFIX + "target"] = pd.Series(target_cells, dtype=object)
    frame[ERROR] = links.error
    return frame
