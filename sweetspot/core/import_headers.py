"""Where a table sits in a sheet: merged cells filled in, the header row found under title and
note rows (a header may span two rows), the table kind its columns fit best, and unique display
names for the columns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from sweetspot.core.columns import (
    TABLE_FIELDS,
    HeaderMatch,
    column_letter,
    match_headers,
    sheet_hint,
)
from sweetspot.core.import_run import HEADER_SCAN_ROWS, Layout
from sweetspot.core.reading import RawSheet
from sweetspot.core.values import blank_mask, is_blank, parse_numbers, to_text


def fill_merged(raw: RawSheet) -> None:
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
                if (r, c) != (r0, c0) and is_blank(cells[r, c]):
                    cells[r, c] = value
                    changed = True
    if changed:
        raw.grid = pd.DataFrame(cells, dtype=object)


def top_text(raw: RawSheet, rows: int = HEADER_SCAN_ROWS) -> list[list[str]]:
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


def detect_table(
    raw: RawSheet,
    kinds: Sequence[str],
    columns: Mapping[str, str],
    header_row: int | None,
) -> Layout | None:
    """Find the header row (the first of the top rows where at least two cells name fields
    of one table) and the table kind it fits best."""
    top = top_text(raw)
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
        layout.headers = display_headers(texts, kind, m)
        return layout
    return None


def _looks_numeric(text: str) -> bool:
    return parse_numbers(pd.Series([text], dtype=object)).ok[0]


def display_headers(texts: list[str], kind: str, match: HeaderMatch | None) -> list[str]:
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


def has_data(raw: RawSheet, layout: Layout, col: int) -> bool:
    if col >= raw.grid.shape[1]:
        return False
    return not blank_mask(raw.grid.iloc[layout.body_start :, col]).all()
