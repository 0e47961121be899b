"""The client workbook: the ranked backlog and everything behind it, ready to hand over.

Sheets: Backlog, Unmet needs, Insights, Objectives, Links, Method. openpyxl builds the workbook
shell (headers, styles, widths, frozen panes, filters, data bars, print setup); the data rows are
then streamed straight into each sheet's XML. A 100,000-insight programme has millions of cells
and openpyxl spends most of its time building one cell object per value, so the rows are written
as text with the style numbers openpyxl assigned, which keeps the export as fast as xlsxwriter.

Every piece of input text goes through `safe_text` and is written as a string, never a formula;
text that a spreadsheet program could take for a formula also gets the quote-prefix style.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, Protocol

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import DataBar, FormatObject, Rule
from openpyxl.styles import Alignment, Border, Color, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sweetspot.core.atomic import atomic_write
from sweetspot.core.model import (
    FIELD_LABELS,
    INSIGHT_FIELDS,
    OBJECTIVE_FIELDS,
    Workshop,
)
from sweetspot.core.safe_text import FORMULA_STARTS, csv_safe, safe_text
from sweetspot.core.scoring import ScoreResult

# Light tints of the app's quadrant colours (plotting.QUADRANT_COLOURS): dark text stays
# readable on them, on screen and in print.
QUADRANT_FILLS: dict[str, str] = {
    "Sweet spot": "C7EBDF",
    "Customer-led": "C5DDF0",
    "Business-led": "FBE3B0",
    "Low overlap": "E4E4E4",
}
HEADER_FILL = "1F3A5F"
DATA_BAR_COLOUR = "009E73"
# Fonts name their face and size: a bare bold font falls back to a serif in LibreOffice.
FONT_NAME = "Calibri"
FONT_SIZE = 11

# Links are shown as a grid when it stays readable; beyond this many targets, one row per link.
MATRIX_MAX_TARGETS = 200

BACKLOG_HEADERS = [
    "Rank",
    "ID",
    "Initiative",
    "Customer impact",
    "Business impact",
    "Sweet-spot score",
    "Quadrant",
    "Effort",
    "Confidence",
    "Value for effort",
    "Top customer drivers",
    "Top business drivers",
    "Workshop override",
]
# Initiative fields shown after the scores when the workshop filled them in.
BACKLOG_EXTRA_FIELDS = ["owner", "theme", "status", "description"]

# "formula" is written only by the What-if sheet (sweetspot.core.whatif): the value is a formula
# the app built itself (without the leading "="), never input text.
Kind = Literal["text", "number", "auto", "formula"]


class UnmetNeedsReport(Protocol):
    """What the export needs from `graph.OverlapReport` (duck-typed, no import)."""

    @property
    def unmet_needs(self) -> pd.DataFrame: ...


# ---------------------------------------------------------------------------------------------
# Sheet description: plain data, turned into a workbook by `_write_workbook`.


@dataclass
class Column:
    """One exported column: header, values (one per row) and how to show them."""

    header: str
    values: Sequence[Any]
    kind: Kind = "text"
    number_format: str = "General"
    wrap: bool = False
    width: float | None = None
    bold: bool = False
    # Text value → fill colour (hex), for the quadrant column.
    fills: dict[str, str] = field(default_factory=dict)
    # Comment shown on the header cell.
    note: str = ""
    # Fill colour (hex) of every data cell, e.g. the editable cells of the What-if sheet.
    fill: str | None = None
    hidden: bool = False


@dataclass
class Sheet:
    name: str
    columns: list[Column]
    freeze: str | None = "A2"
    auto_filter: bool = True
    data_bar_column: str | None = None
    landscape: bool = True
    header: bool = True
    hidden: bool = False

    @property
    def rows(self) -> int:
        return len(self.columns[0].values) if self.columns else 0


# ---------------------------------------------------------------------------------------------
# Public API


def write_backlog(
    path: str | Path,
    workshop: Workshop,
    result: ScoreResult,
    report: UnmetNeedsReport | None = None,
    *,
    extra_method: dict[str, str] | None = None,
    extra_sheets: Mapping[str, pd.DataFrame] | None = None,
    what_if: bool = False,
) -> Path:
    """Write the client workbook (Backlog, Unmet needs, Insights, Objectives, Links, Method).

    `extra_sheets` (name → table) follow as plain formatted sheets, e.g. Scenarios, Robustness,
    Votes; their text is formula-safe like the rest. `what_if` adds the live What-if sheet (the
    only cells the app writes as formulas) and its hidden helper sheet; see sweetspot.core.whatif.
    """
    if report is None:
        report = _analyse_if_available(workshop, result)
    sheets = [
        backlog_sheet(workshop, result),
        unmet_needs_sheet(workshop, result, report),
        insights_sheet(workshop, result),
        objectives_sheet(workshop),
        links_sheet(workshop, result),
        method_sheet(workshop, result, extra_method or {}),
    ]
    # The What-if sheets' names are reserved: their formulas refer to them by name.
    reserved = ["What-if", "What-if data"] if what_if else []
    for name, table in (extra_sheets or {}).items():
        taken = [s.name for s in sheets] + reserved
        sheets.append(dataframe_sheet(_sheet_name(name, taken), table))
    if what_if:
        from sweetspot.core.whatif import what_if_sheets

        sheets += what_if_sheets(workshop, result, sheets)
    return atomic_write(path, lambda temp: _write_workbook(temp, sheets))


def dataframe_sheet(name: str, table: pd.DataFrame) -> Sheet:
    """A plain formatted sheet of any table: numbers as numbers (floats with two decimals),
    everything else as formula-safe text. A meaningful index becomes the first column."""
    df = table
    if not isinstance(df.index, pd.RangeIndex) or any(n is not None for n in df.index.names):
        df = df.reset_index()
    columns: list[Column] = []
    for key in df.columns:
        series = df[key]
        label = safe_text(key) or " "
        if pd.api.types.is_bool_dtype(series):
            values = ["" if pd.isna(v) else "TRUE" if v else "FALSE" for v in series.tolist()]
            columns.append(Column(label, values, width=max(len(label) + 3.0, 8.0)))
        elif pd.api.types.is_integer_dtype(series):
            columns.append(
                Column(label, series.tolist(), "number", "0", width=max(len(label) + 3.0, 8.0))
            )
        elif pd.api.types.is_float_dtype(series):
            columns.append(
                Column(label, series.tolist(), "number", "0.00", width=max(len(label) + 3.0, 9.0))
            )
        else:
            values = series.tolist()
            width = _fit(values, label, 8, 50)
            columns.append(Column(label, values, "auto", width=width, wrap=width >= 50))
    return Sheet(name, columns, freeze="A2" if columns else None)


_BAD_SHEET_CHARS = re.compile(r"[\\/*?:\[\]]")


def _sheet_name(name: str, taken: Sequence[str]) -> str:
    """A valid, unused sheet name: no []:*?/\\, at most 31 characters, not a taken name."""
    base = _BAD_SHEET_CHARS.sub(" ", safe_text(name)).strip().strip("'").strip() or "Sheet"
    base = base[:31]
    used = {t.casefold() for t in taken}
    candidate, n = base, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    return candidate


def write_backlog_csv(path: str | Path, result: ScoreResult) -> Path:
    """The Backlog columns as UTF-8 CSV with a byte-order mark, so Excel reads the accents."""
    import csv

    columns = _backlog_score_columns(result, drivers_per_line=False)

    def write(temp: Path) -> None:
        with open(temp, "w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle)
            out.writerow([c.header for c in columns])
            cells = [[_csv_cell(v, c) for v in c.values] for c in columns]
            out.writerows(zip(*cells, strict=True))

    return atomic_write(path, write)


def _csv_cell(value: Any, column: Column) -> str:
    if column.kind == "number" or (column.kind == "auto" and _is_number(value)):
        x = _number(value)
        if x is None:
            return ""
        return str(int(x)) if x.is_integer() else f"{x:.4f}".rstrip("0").rstrip(".")
    return csv_safe(safe_text(value))


# ---------------------------------------------------------------------------------------------
# Sheets


def _backlog_score_columns(result: ScoreResult, *, drivers_per_line: bool = True) -> list[Column]:
    t = result.table
    drivers = {
        side: [
            _one_per_line(safe_text(v)) if drivers_per_line else safe_text(v)
            for v in t[f"top_{side}_drivers"].tolist()
        ]
        for side in ("customer", "business")
    }
    return [
        Column("Rank", t["rank"].tolist(), "number", "0", width=7),
        Column("ID", t["id"].tolist(), width=_fit(t["id"], "ID", 8, 14)),
        Column("Initiative", t["initiative"].tolist(), wrap=True, width=34, bold=True),
        Column("Customer impact", t["customer_impact"].tolist(), "number", "0.0", width=11),
        Column("Business impact", t["business_impact"].tolist(), "number", "0.0", width=11),
        Column("Sweet-spot score", t["score"].tolist(), "number", "0.0", width=14),
        Column("Quadrant", t["quadrant"].tolist(), width=14, fills=QUADRANT_FILLS),
        Column("Effort", t["effort"].tolist(), "number", "0.##", width=8),
        Column("Confidence", t["confidence"].tolist(), "number", "0%", width=11),
        Column("Value for effort", t["value"].tolist(), "number", "0.00", width=10),
        Column("Top customer drivers", drivers["customer"], wrap=True, width=44),
        Column("Top business drivers", drivers["business"], wrap=True, width=36),
        Column("Workshop override", _override_texts(t), wrap=True, width=26),
    ]


def backlog_sheet(workshop: Workshop, result: ScoreResult) -> Sheet:
    columns = _backlog_score_columns(result)
    ids = result.table["id"].astype(str)
    inits = _by_id(workshop.initiatives)
    for name in BACKLOG_EXTRA_FIELDS:
        if name in inits.columns and _has_values(inits[name]):
            values = inits[name].reindex(ids).tolist()
            wide = name == "description"
            columns.append(
                Column(
                    FIELD_LABELS[name],
                    values,
                    wrap=wide,
                    width=50 if wide else _fit(inits[name], FIELD_LABELS[name], 10, 24),
                )
            )
    for name in workshop.custom_columns("initiatives"):
        columns.append(_custom_column(name, inits[name].reindex(ids)))
    return Sheet("Backlog", columns, data_bar_column="Sweet-spot score")


def unmet_needs_sheet(
    workshop: Workshop, result: ScoreResult, report: UnmetNeedsReport | None
) -> Sheet:
    table = report.unmet_needs if report is not None else simple_unmet_needs(workshop, result)
    n = len(table)

    def col(name: str) -> list[Any]:
        return table[name].tolist() if name in table.columns else [None] * n

    return Sheet(
        "Unmet needs",
        [
            Column("ID", col("id"), width=_fit(col("id"), "ID", 8, 14)),
            Column("Need", col("need"), wrap=True, width=60),
            Column("Need weight", col("need_weight"), "number", "0.00", width=11),
            Column("Segment", col("segment"), width=_fit(col("segment"), "Segment", 10, 24)),
            Column(
                "Journey stage",
                col("journey_stage"),
                width=_fit(col("journey_stage"), "Journey stage", 12, 24),
            ),
            Column(
                "Best link strength",
                col("best_strength"),
                "number",
                "0",
                width=11,
                note="Strongest link any initiative makes to this need: 0 none, 1 weak, "
                "3 medium, 9 strong. Unmet means below 3.",
            ),
        ],
    )


def simple_unmet_needs(workshop: Workshop, result: ScoreResult) -> pd.DataFrame:
    """Needs weighted above the median that no initiative addresses with strength ≥ 3.

    The overlap graph's analysis gives the same table; this stands in when it is unavailable.
    """
    ins = workshop.insights
    weights = result.need_weights.reindex(ins["id"].astype(str)).to_numpy(float)
    links = workshop.links
    strength = pd.to_numeric(links["strength"], errors="coerce").fillna(0.0)
    best = strength.groupby(links["target"].astype(str)).max()
    best_strength = best.reindex(ins["id"].astype(str)).fillna(0.0).to_numpy(float)
    median = float(np.nanmedian(weights)) if len(weights) else 0.0
    unmet = (np.nan_to_num(weights) > median) & (best_strength < 3)
    out = pd.DataFrame(
        {
            "id": ins["id"].astype(str).to_numpy(),
            "need": ins["need"].to_numpy(),
            "need_weight": weights,
            "segment": ins["segment"].to_numpy() if "segment" in ins else None,
            "journey_stage": ins["journey_stage"].to_numpy() if "journey_stage" in ins else None,
            "best_strength": best_strength,
        }
    )[unmet]
    return out.sort_values(["need_weight", "id"], ascending=[False, True], ignore_index=True)


def insights_sheet(workshop: Workshop, result: ScoreResult) -> Sheet:
    ins = workshop.insights
    columns = _canonical_columns(ins, INSIGHT_FIELDS)
    weights = result.need_weights.reindex(ins["id"].astype(str)).tolist()
    columns.append(
        Column(
            "Need weight",
            weights,
            "number",
            "0.00",
            width=11,
            note="Importance plus the unmet gap (importance − satisfaction), scaled by reach; "
            "0 outside the lens. See the Method sheet.",
        )
    )
    columns += [_custom_column(c, ins[c]) for c in workshop.custom_columns("insights")]
    return Sheet("Insights", columns)


def objectives_sheet(workshop: Workshop) -> Sheet:
    obj = workshop.objectives
    columns = _canonical_columns(obj, OBJECTIVE_FIELDS)
    columns += [_custom_column(c, obj[c]) for c in workshop.custom_columns("objectives")]
    return Sheet("Objectives", columns)


def links_sheet(workshop: Workshop, result: ScoreResult) -> Sheet:
    links = workshop.links
    targets = links["target"].astype(str)
    strength = pd.to_numeric(links["strength"], errors="coerce")
    insight_ids = [str(i) for i in workshop.insights["id"].tolist()]
    objective_ids = [str(i) for i in workshop.objectives["id"].tolist()]
    known = dict.fromkeys(insight_ids + objective_ids)
    # Targets no insight or objective has (a validation problem) still appear, at the end.
    extra = [t for t in dict.fromkeys(targets.tolist()) if t not in known]
    all_targets = list(known) + extra
    if len(all_targets) > MATRIX_MAX_TARGETS:
        return Sheet(
            "Links",
            [
                Column("Initiative", links["initiative"].tolist(), width=14),
                Column("Target", targets.tolist(), width=14),
                Column("Strength", strength.tolist(), "number", "0", width=10),
            ],
        )
    init_ids = result.table["id"].astype(str).tolist()
    row_of = {ident: pos for pos, ident in enumerate(init_ids)}
    col_of = {ident: pos for pos, ident in enumerate(all_targets)}
    grid = np.full((len(init_ids), len(all_targets)), np.nan)
    rows = links["initiative"].astype(str).map(row_of)
    cols = targets.map(col_of)
    ok = rows.notna().to_numpy() & cols.notna().to_numpy()
    r = rows.to_numpy()[ok].astype(np.intp)
    c = cols.to_numpy()[ok].astype(np.intp)
    s = strength.to_numpy(float)[ok]
    # A repeated pair shows its strongest link, as scoring counts it.
    np.fmax.at(grid, (r, c), s)
    labels = _target_labels(workshop)
    columns = [
        Column("ID", init_ids, width=_fit(init_ids, "ID", 8, 14)),
        Column("Initiative", result.table["initiative"].tolist(), width=36, bold=True),
    ]
    for pos, target in enumerate(all_targets):
        columns.append(
            Column(
                target,
                grid[:, pos].tolist(),
                "number",
                "0",
                width=max(6.0, min(len(target) + 3.0, 14.0)),
                note=labels.get(target, "Not an insight or objective ID"),
            )
        )
    return Sheet("Links", columns, freeze="C2")


def method_sheet(workshop: Workshop, result: ScoreResult, extra: dict[str, str]) -> Sheet:
    from sweetspot import __version__

    st = result.settings
    alpha = float(st.alpha)
    if st.thresholds is None:
        where = "the mean customer and business impact of the computed positions"
    else:
        where = "set for this workshop"
    lens = []
    if st.segments:
        lens.append("segments " + ", ".join(sorted(st.segments)))
    if st.journey_stages:
        lens.append("journey stages " + ", ".join(sorted(st.journey_stages)))
    overridden = int(result.table["overridden"].sum()) if "overridden" in result.table else 0
    items: list[tuple[str, str]] = [
        ("Parameters", ""),
        (
            "Customer↔business balance (α)",
            f"{alpha:g} (1 = customer only, 0 = business only, 0.5 = equal weight)",
        ),
        (
            "Ranked by",
            "value for effort" if st.rank_by == "value" else "sweet-spot score",
        ),
        (
            "Quadrant thresholds",
            f"customer impact {result.customer_threshold:.1f}, business impact "
            f"{result.business_threshold:.1f} — {where}",
        ),
        ("Lens", "; ".join(lens) if lens else "none — all insights count"),
        ("Importance and satisfaction scale", workshop.scale.describe()),
        ("Workshop overrides", f"{overridden} initiative(s) placed by the workshop"),
        ("Formulas", ""),
        (
            "Need weight",
            "Importance plus the unmet gap (importance − satisfaction, never below 0), both "
            "divided by the top of the scale, times reach ÷ largest reach when reach is given.",
        ),
        (
            "Customer impact (0–100)",
            "The share of all weighted customer need an initiative addresses: the sum over its "
            "insights of (link strength ÷ 9) × need weight, divided by the total need weight.",
        ),
        (
            "Business impact (0–100)",
            "The share of all objective weight it serves: the sum over its objectives of "
            "(link strength ÷ 9) × objective weight, divided by the total objective weight.",
        ),
        (
            "Sweet-spot score",
            "Customer impact^α × business impact^(1−α): high only when both are; an initiative "
            "serving one side only scores 0.",
        ),
        (
            "Value for effort",
            "Sweet-spot score × confidence ÷ effort (blank confidence counts as 100%; blank "
            "when effort is missing).",
        ),
        (
            "Quadrants",
            "Sweet spot: both impacts at or above the thresholds; Customer-led: customer only; "
            "Business-led: business only; Low overlap: neither.",
        ),
        ("Link strengths", "none 0, weak 1, medium 3, strong 9"),
        ("Provenance", ""),
        ("Source files", "; ".join(workshop.files) if workshop.files else "not recorded"),
        ("Exported", dt.datetime.now().strftime("%Y-%m-%d %H:%M")),
        ("SweetSpot version", __version__),
    ]
    if extra:
        items.append(("Notes", ""))
        items += [(str(k), str(v)) for k, v in extra.items()]
    return Sheet(
        "Method",
        [
            Column("Item", [k for k, _ in items], width=34, bold=True, wrap=True),
            Column("Value", [v for _, v in items], width=100, wrap=True),
        ],
        freeze=None,
        auto_filter=False,
        landscape=False,
    )


# ---------------------------------------------------------------------------------------------
# Sheet helpers


def _analyse_if_available(workshop: Workshop, result: ScoreResult) -> UnmetNeedsReport | None:
    try:
        from sweetspot.core.graph import analyse  # type: ignore[attr-defined]
    except ImportError:
        return None
    report: UnmetNeedsReport = analyse(workshop, result)
    return report


def _override_texts(t: pd.DataFrame) -> list[str]:
    if "overridden" not in t.columns:
        return [""] * len(t)
    out = []
    for row in t[
        [
            "overridden",
            "override_reason",
            "computed_customer_impact",
            "computed_business_impact",
            "customer_impact",
            "business_impact",
        ]
    ].itertuples(index=False):
        over, reason, c0, b0, c1, b1 = row
        if not over:
            out.append("")
            continue
        moved = f"moved from ({c0:.1f}, {b0:.1f}) to ({c1:.1f}, {b1:.1f})"
        reason = safe_text(reason).strip()
        out.append(f"{reason} — {moved}" if reason else moved)
    return out


def _one_per_line(drivers: str) -> str:
    # "I1 Queues (+12.3); I2 Login (+3.1)" reads better as one driver per line in a wrapped cell.
    return drivers.replace("; ", "\n")


def _by_id(df: pd.DataFrame) -> pd.DataFrame:
    """The table indexed by ID as text; a repeated ID keeps its first row."""
    keyed = df.assign(_key=df["id"].astype(str)).drop_duplicates("_key")
    return keyed.set_index("_key")


def _has_values(series: pd.Series) -> bool:
    return bool((series.map(safe_text).str.strip() != "").any())


def _canonical_columns(df: pd.DataFrame, fields: list[str]) -> list[Column]:
    columns = []
    for name in fields:
        values = df[name].tolist() if name in df.columns else [None] * len(df)
        label = FIELD_LABELS[name]
        if name in ("importance", "satisfaction", "reach", "weight"):
            columns.append(Column(label, values, "number", "0.##", width=max(len(label) + 3, 9)))
        elif name in ("need", "objective", "evidence"):
            columns.append(Column(label, values, wrap=True, width=50 if name != "need" else 55))
        else:
            columns.append(Column(label, values, width=_fit(values, label, 8, 30)))
    return columns


def _custom_column(name: str, series: pd.Series) -> Column:
    values = series.tolist()
    label = safe_text(name)
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return Column(label, values, "number", "General", width=max(len(label) + 3, 10))
    return Column(label, values, "auto", width=_fit(values, label, 8, 40), wrap=True)


def _target_labels(workshop: Workshop) -> dict[str, str]:
    labels = {}
    for df, text in ((workshop.insights, "need"), (workshop.objectives, "objective")):
        for ident, label in zip(df["id"].tolist(), df[text].tolist(), strict=True):
            labels[str(ident)] = safe_text(label)[:200]
    return labels


def _fit(values: Iterable[Any], header: str, least: float, most: float) -> float:
    """A column width that fits the header and most values, looking at the first 500."""
    lengths = [len(header) + 3]
    for pos, v in enumerate(values):
        if pos >= 500:
            break
        text = safe_text(v)
        lengths.append(max((len(line) for line in text.split("\n")), default=0) + 2)
    return float(min(max(max(lengths), least), most))


# ---------------------------------------------------------------------------------------------
# Writing: openpyxl shell, then the rows streamed into each sheet's XML.


_SHEET_DATA = re.compile(rb"<sheetData\s*/>|<sheetData>.*?</sheetData>", re.S)
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"\s*/>')
_CHUNK_ROWS = 2000
LINE_HEIGHT = 14.5  # points per wrapped line of 11-point text, as Excel fits them
MAX_ROW_LINES = 8  # very long text is cut off in view rather than making giant rows


@dataclass
class _ColumnStyles:
    plain: int
    quoted: int
    by_value: dict[str, int]
    # Empty cells: without the column's fill, so padding rows stay white.
    blank: int = -1


def _write_workbook(path: Path, sheets: list[Sheet]) -> None:
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    styles: list[list[_ColumnStyles]] = []
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        _write_shell(ws, sheet)
        styles.append([_column_styles(ws, c, j == 0) for j, c in enumerate(sheet.columns)])
    shell = io.BytesIO()
    wb.save(shell)
    shell.seek(0)
    parts = {f"xl/worksheets/sheet{i + 1}.xml": i for i in range(len(sheets))}
    with (
        zipfile.ZipFile(shell) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        names = source.namelist()
        missing = set(parts) - set(names)
        if missing:  # openpyxl changed how it names sheet parts
            raise RuntimeError(f"Unexpected workbook layout: {sorted(missing)} not written")
        for name in names:
            data = source.read(name)
            if name not in parts:
                if b"\r" in data and name.endswith(".xml"):
                    # A CR in text (headers, notes) would be read back as LF: write it as a
                    # character reference so the cell shows the input text exactly.
                    data = data.replace(b"\r", b"&#13;")
                target.writestr(source.getinfo(name), data, compresslevel=6)
                continue
            i = parts[name]
            with target.open(name, "w", force_zip64=True) as out:
                _stream_sheet(out, data, sheets[i], styles[i])


def _write_shell(ws: Worksheet, sheet: Sheet) -> None:
    """Header, widths, panes, filter, data bars and print setup; rows come later."""
    ncols = len(sheet.columns)
    last_row = sheet.rows + (1 if sheet.header else 0)
    header_font = Font(name=FONT_NAME, size=FONT_SIZE, bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    header_align = Alignment(wrap_text=True, vertical="center")
    number_header_align = Alignment(wrap_text=True, vertical="center", horizontal="right")
    # Text headers line up with their indented cells (see _column_styles).
    text_header_align = Alignment(wrap_text=True, vertical="center", horizontal="left", indent=1)
    thin = Side(style="thin", color="D0D7E1")
    for j, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(j)
        if column.width is not None:
            ws.column_dimensions[letter].width = column.width
        if column.hidden:
            ws.column_dimensions[letter].hidden = True
        if not sheet.header:
            continue
        cell = ws.cell(row=1, column=j)
        _set_text(cell, safe_text(column.header))
        cell.font = header_font
        cell.fill = header_fill
        if column.kind == "number":
            cell.alignment = number_header_align
        else:
            cell.alignment = header_align if j == 1 else text_header_align
        cell.border = Border(bottom=thin)
        if column.note:
            from openpyxl.comments import Comment

            cell.comment = Comment(safe_text(column.note), "SweetSpot", width=260, height=90)
    if sheet.header:
        ws.row_dimensions[1].height = 32
    if sheet.freeze:
        ws.freeze_panes = sheet.freeze
    if ncols and sheet.header:
        ref = f"A1:{get_column_letter(ncols)}{max(last_row, 1)}"
        if sheet.auto_filter:
            ws.auto_filter.ref = ref
        ws.print_title_rows = "1:1"
    if sheet.data_bar_column and sheet.rows:
        j = 1 + [c.header for c in sheet.columns].index(sheet.data_bar_column)
        letter = get_column_letter(j)
        ws.conditional_formatting.add(
            f"{letter}2:{letter}{last_row}",
            Rule(
                type="dataBar",
                # minLength 0: a score of 0 shows no bar (the default draws 10% of one).
                dataBar=DataBar(
                    cfvo=[FormatObject(type="num", val=0), FormatObject(type="max")],
                    color=Color(DATA_BAR_COLOUR),
                    showValue=True,
                    minLength=0,
                    maxLength=100,
                ),
            ),
        )
    if sheet.hidden:
        ws.sheet_state = "hidden"
    ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "&A — page &P of &N"
    ws.oddFooter.center.size = 8


def _set_text(cell: Cell, text: str) -> None:
    """Text that stays text: never a formula, quote-prefixed when it looks like one."""
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def _column_styles(ws: Worksheet, column: Column, first: bool) -> _ColumnStyles:
    """The workbook style numbers of a column's cells, registered through openpyxl."""
    border = Border(bottom=Side(style="hair", color="D0D7E1"))

    def style(fill: str | None = None, quoted: bool = False, bare: bool = False) -> int:
        cell = Cell(ws)
        cell.number_format = column.number_format
        # A small indent keeps text clear of the right-aligned number in the column before;
        # spreadsheet programs apply an indent only to explicitly left-aligned cells.
        if column.kind != "number" and not first:
            cell.alignment = Alignment(
                wrap_text=column.wrap, vertical="top", horizontal="left", indent=1
            )
        else:
            cell.alignment = Alignment(wrap_text=column.wrap, vertical="top")
        cell.border = border
        if column.bold:
            cell.font = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
        if fill or (column.fill and not bare):
            cell.fill = PatternFill("solid", fgColor=fill or column.fill)
        if quoted:
            cell.quotePrefix = True
        return int(cell.style_id)

    return _ColumnStyles(
        plain=style(),
        quoted=style(quoted=True),
        by_value={value: style(fill) for value, fill in column.fills.items()},
        blank=style(bare=True) if column.fill else -1,
    )


def _stream_sheet(
    out: IO[bytes], shell_xml: bytes, sheet: Sheet, styles: list[_ColumnStyles]
) -> None:
    found = _SHEET_DATA.search(shell_xml)
    if found is None:
        raise RuntimeError(f"Sheet {sheet.name!r}: no sheetData in the workbook shell")
    head, tail = shell_xml[: found.start()], shell_xml[found.end() :]
    ncols = len(sheet.columns)
    nrows = sheet.rows + (1 if sheet.header else 0)
    if ncols and nrows:
        dimension = f'<dimension ref="A1:{get_column_letter(ncols)}{nrows}"/>'.encode()
        head = _DIMENSION.sub(dimension, head, count=1)
    out.write(head)
    old = shell_xml[found.start() : found.end()]
    header_row = b""
    if sheet.header:
        start = old.find(b"<row ")
        header_row = old[start : old.rfind(b"</row>") + len(b"</row>")] if start >= 0 else b""
        header_row = header_row.replace(b"\r", b"&#13;")  # read back as CR, not LF
    out.write(b"<sheetData>" + header_row)
    first = 2 if sheet.header else 1
    for chunk in _row_chunks(sheet, styles, first):
        out.write(chunk.encode("utf-8"))
    out.write(b"</sheetData>")
    out.write(tail)


def _row_chunks(sheet: Sheet, styles: list[_ColumnStyles], first: int) -> Iterator[str]:
    """The sheet's rows as XML, a few thousand at a time, built column by column."""
    letters = [get_column_letter(j + 1) for j in range(len(sheet.columns))]
    n = sheet.rows
    for start in range(0, n, _CHUNK_ROWS):
        stop = min(start + _CHUNK_ROWS, n)
        row_numbers = range(first + start, first + stop)
        cells = [
            _cells(column.values[start:stop], column.kind, letter, style, row_numbers)
            for column, letter, style in zip(sheet.columns, letters, styles, strict=True)
        ]
        lines = [1] * (stop - start)
        for column in sheet.columns:
            if column.wrap and column.width:
                lines = list(map(max, lines, _line_counts(column.values[start:stop], column.width)))
        # Spreadsheet programs do not grow rows for wrapped text on opening, so set the height.
        starts = [
            f'<row r="{r}" ht="{LINE_HEIGHT * n:g}" customHeight="1">'
            if n > 1
            else f'<row r="{r}">'
            for r, n in zip(row_numbers, lines, strict=True)
        ]
        yield "".join(
            f"{begin}{''.join(parts)}</row>"
            for begin, parts in zip(starts, zip(*cells, strict=True), strict=True)
        )


def _line_counts(values: Sequence[Any], width: float) -> list[int]:
    """How many lines each value takes when wrapped in a column this wide (an estimate)."""
    # Average text is narrower than the "0" that column widths are measured in.
    per_line = max(width * 1.15 - 1, 4.0)
    out = []
    for v in values:
        text = v if isinstance(v, str) else safe_text(v)
        if len(text) <= per_line and "\n" not in text:
            out.append(1)
            continue
        n = sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))
        out.append(min(n, MAX_ROW_LINES))
    return out


def _cells(
    values: Sequence[Any], kind: Kind, letter: str, style: _ColumnStyles, rows: range
) -> list[str]:
    if kind == "number":
        if style.blank >= 0:
            return [
                _number_cell(v, letter, r, style.plain if _number(v) is not None else style.blank)
                for v, r in zip(values, rows, strict=True)
            ]
        return [_number_cell(v, letter, r, style.plain) for v, r in zip(values, rows, strict=True)]
    if kind == "formula":
        return [_formula_cell(v, letter, r, style.plain) for v, r in zip(values, rows, strict=True)]
    if kind == "text":
        return [
            _text_cell(safe_text(v), letter, r, style) for v, r in zip(values, rows, strict=True)
        ]
    return [
        _number_cell(v, letter, r, style.plain)
        if _is_number(v)
        else _text_cell(_auto_text(v), letter, r, style)
        for v, r in zip(values, rows, strict=True)
    ]


def _number_cell(value: Any, letter: str, row: int, style: int) -> str:
    x = _number(value)
    if x is None:
        # Blank, but styled: the row's hairline rule runs on under empty cells.
        return f'<c r="{letter}{row}" s="{style}"/>'
    # Whole numbers as integers, so ranks and counts read back as 1, not 1.0.
    v = int(x) if x.is_integer() and abs(x) < 1e15 else x
    return f'<c r="{letter}{row}" s="{style}"><v>{v!r}</v></c>'


def _formula_cell(formula: Any, letter: str, row: int, style: int) -> str:
    """A formula the app built (What-if sheet only), without a cached value: spreadsheet
    programs compute it on opening. Anything that is not a str is written as a number/blank."""
    if not isinstance(formula, str):
        return _number_cell(formula, letter, row, style)
    if not formula:
        return f'<c r="{letter}{row}" s="{style}"/>'
    text = formula.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{letter}{row}" s="{style}"><f>{text}</f></c>'


def _text_cell(text: str, letter: str, row: int, style: _ColumnStyles) -> str:
    if not text:
        return f'<c r="{letter}{row}" s="{style.plain}"/>'
    s = style.by_value.get(text, style.plain) if style.by_value else style.plain
    if text.startswith(FORMULA_STARTS):
        s = style.quoted
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in text:  # XML readers turn a literal CR into LF: keep the text as it was
        text = text.replace("\r", "&#13;")
    return (
        f'<c r="{letter}{row}" s="{s}" t="inlineStr"><is>'
        f'<t xml:space="preserve">{text}</t></is></c>'
    )


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool | np.bool_):
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    )


def _auto_text(value: Any) -> str:
    if value is pd.NaT or value is pd.NA:  # a blank date passes the datetime check below
        return ""
    if isinstance(value, bool | np.bool_):
        return "TRUE" if value else "FALSE"
    if isinstance(value, pd.Timestamp | dt.datetime):
        if value.hour == value.minute == value.second == 0:
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M")
    return safe_text(value)


__all__ = [
    "MATRIX_MAX_TARGETS",
    "QUADRANT_FILLS",
    "Column",
    "Sheet",
    "dataframe_sheet",
    "simple_unmet_needs",
    "write_backlog",
    "write_backlog_csv",
]
