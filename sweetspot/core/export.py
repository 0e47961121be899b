"""The client workbook: the ranked backlog and everything behind it, ready to hand over.

Sheets: Backlog, Unmet needs, Insights, Objectives, Links, Method, then what the session has:
Votes, Scenarios, Robustness, and the live What-if sheets. `compose_backlog` decides which sheets
go in, in which order, for the CLI and the app alike; `write_backlog` writes them. The sheets are
plain data (`workbook.Sheet`); sweetspot.core.workbook turns them into the file.

Every piece of input text is written as a string, never a formula (see sweetspot.core.workbook).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypedDict, Unpack

import numpy as np
import pandas as pd

from sweetspot.core.atomic import atomic_write
from sweetspot.core.evidence import EVIDENCE_SHEET, evidence_table, has_survey_evidence
from sweetspot.core.explain import best_missing_links, link_effects
from sweetspot.core.journey import JourneyPlan, journey_map, journey_table, stages_in_data
from sweetspot.core.model import (
    FIELD_LABELS,
    INSIGHT_FIELDS,
    OBJECTIVE_FIELDS,
    Workshop,
)
from sweetspot.core.safe_text import csv_safe, safe_text
from sweetspot.core.scoring import ScoreResult
from sweetspot.core.settings_text import describe_settings, ranking_rule
from sweetspot.core.votes import VOTES_SHEET, votes_sheet
from sweetspot.core.whatif import WHAT_IF, WHAT_IF_DATA, what_if_sheets
from sweetspot.core.workbook import (  # noqa: F401 - DATA_BAR_COLOUR and Kind: old import paths
    DATA_BAR_COLOUR,
    Column,
    Kind,
    Sheet,
    finite_number,
    is_number,
)
from sweetspot.core.workbook import write_workbook as _write_workbook

if TYPE_CHECKING:
    from sweetspot.core.lenses import LensComparison
    from sweetspot.core.robustness import RobustnessResult

# Light tints of the app's quadrant colours (plot.QUADRANT_COLOURS): dark text stays
# readable on them, on screen and in print.
QUADRANT_FILLS: dict[str, str] = {
    "Sweet spot": "C7EBDF",
    "Customer-led": "C5DDF0",
    "Business-led": "FBE3B0",
    "Low overlap": "E4E4E4",
}

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


class UnmetNeedsReport(Protocol):
    """What the export needs from `graph.OverlapReport` (duck-typed, no import)."""

    @property
    def unmet_needs(self) -> pd.DataFrame: ...


# ---------------------------------------------------------------------------------------------
# Public API


class BacklogInputs(TypedDict, total=False):
    """What a session adds to the client workbook (all optional); see `compose_backlog`."""

    votes: pd.DataFrame | None  # the room's votes: a Votes sheet when there are any
    vote_weights: Mapping[str, float] | None  # role → weight in the consensus
    lenses: LensComparison | pd.DataFrame | None  # saved lenses compared, or the table
    robustness: RobustnessResult | pd.DataFrame | None  # a robustness run, or the table
    what_if: bool  # add the live What-if sheets
    extra_method: Mapping[str, str] | None  # notes at the end of the Method sheet
    extra_sheets: Mapping[str, pd.DataFrame] | None  # more tables, each a sheet
    journey: JourneyPlan | None  # the room's stage order, targets and top N (default plan)
    waves: pd.DataFrame | None  # survey waves: the Impact review sheets when two or more


def compose_backlog(
    workshop: Workshop,
    result: ScoreResult,
    report: UnmetNeedsReport | None = None,
    **inputs: Unpack[BacklogInputs],
) -> list[Sheet]:
    """The sheets of the client workbook, in order.

    Always Backlog, Unmet needs, (Journey, when the insights have journey stages, with
    `journey`'s order, targets and top N), Insights, Objectives, Links, Link effects, Method.
    Then, when given: Votes
    (`votes`, consensus weighted by `vote_weights`, left out when there are none), Scenarios
    (`lenses`: a `lenses.LensComparison` or its `scenarios_table`), Robustness (`robustness`: a
    `robustness.RobustnessResult` or its `robustness_table`), Impact review and Impact review
    insights (`waves`: the last two survey waves compared), `extra_sheets` (name → table),
    and last the live What-if sheet and its hidden helper (`what_if`; the only cells the app
    writes as formulas, see sweetspot.core.whatif). `report` is the overlap analysis
    (`graph.OverlapReport`), None to compute it. `write_report` takes the same inputs.
    """
    votes, lenses, robust = inputs.get("votes"), inputs.get("lenses"), inputs.get("robustness")
    what_if = inputs.get("what_if", False)
    if report is None:
        report = _analyse_if_available(workshop, result)
    sheets = [
        backlog_sheet(workshop, result),
        unmet_needs_sheet(workshop, result, report),
        insights_sheet(workshop, result),
        objectives_sheet(workshop),
        links_sheet(workshop, result),
        link_effects_sheet(workshop, result),
        method_sheet(workshop, result, inputs.get("extra_method") or {}),
    ]
    if stages_in_data(workshop):
        # Where customers hurt, beside the unmet needs it maps.
        table = journey_sheet_table(workshop, result, inputs.get("journey"))
        sheets.insert(2, dataframe_sheet(JOURNEY_SHEET, table))
    tables: list[tuple[str, pd.DataFrame]] = []
    if has_survey_evidence(workshop):
        # Where the survey insights' numbers come from: n, intervals, the customers' words.
        tables.append((EVIDENCE_SHEET, evidence_table(workshop)))
    if votes is not None and len(votes):
        tables.append((VOTES_SHEET, votes_sheet(votes, workshop, inputs.get("vote_weights"))))
    if lenses is not None:
        tables.append(("Scenarios", scenarios_frame(lenses)))
    if robust is not None:
        tables.append(("Robustness", robustness_frame(robust)))
    waves = inputs.get("waves")
    if waves is not None and len(waves):
        from sweetspot.core.waves import review, review_sheets  # loaded when needed

        tables += list(review_sheets(review(workshop, waves)).items())
    tables += list((inputs.get("extra_sheets") or {}).items())
    # The What-if sheets' names are reserved: their formulas refer to them by name.
    reserved = [WHAT_IF, WHAT_IF_DATA] if what_if else []
    for name, table in tables:
        taken = [s.name for s in sheets] + reserved
        sheets.append(dataframe_sheet(_sheet_name(name, taken), table))
    if what_if:
        sheets += what_if_sheets(workshop, result, sheets)
    return sheets


JOURNEY_SHEET = "Journey"


def journey_sheet_table(
    workshop: Workshop, result: ScoreResult, plan: JourneyPlan | None = None
) -> pd.DataFrame:
    """The `Journey` sheet: every stage × segment of the Journey view, with the targets."""
    table = journey_table(journey_map(workshop, result, plan))
    table.attrs["number_formats"] = {"Coverage": "0%", "Mean sentiment": "+0.00;-0.00;0.00"}
    return table


def write_backlog(
    path: str | Path,
    workshop: Workshop,
    result: ScoreResult,
    report: UnmetNeedsReport | None = None,
    **inputs: Unpack[BacklogInputs],
) -> Path:
    """Write the client workbook of `compose_backlog` (same inputs) atomically: a failed
    export never replaces a good file. Returns the path."""
    sheets = compose_backlog(workshop, result, report, **inputs)
    return atomic_write(path, lambda temp: _write_workbook(temp, sheets))


def scenarios_frame(lenses: LensComparison | pd.DataFrame) -> pd.DataFrame:
    """The Scenarios table of a lens comparison (a table is taken as it is)."""
    if isinstance(lenses, pd.DataFrame):
        return lenses
    from sweetspot.core.lenses import scenarios_table  # loaded when needed

    return scenarios_table(lenses)


def robustness_frame(robustness: RobustnessResult | pd.DataFrame) -> pd.DataFrame:
    """The Robustness table of a robustness run (a table is taken as it is)."""
    if isinstance(robustness, pd.DataFrame):
        return robustness
    from sweetspot.core.robustness import robustness_table  # loaded when needed

    return robustness_table(robustness)


def dataframe_sheet(name: str, table: pd.DataFrame) -> Sheet:
    """A plain formatted sheet of any table: numbers as numbers (floats shown with two
    decimals unless `table.attrs["number_formats"]` names a format for the column), everything
    else as formula-safe text. A meaningful index becomes the first column."""
    formats: Mapping[str, str] = table.attrs.get("number_formats", {})
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
            shown = formats.get(str(key), "0.00")
            width = max(len(label) + 3.0, 9.0)
            columns.append(Column(label, series.tolist(), "number", shown, width=width))
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


def write_tables(path: str | Path, tables: Mapping[str, pd.DataFrame]) -> Path:
    """Plain tables (name → table) as a workbook of `dataframe_sheet`s, written atomically."""
    sheets = [dataframe_sheet(name, table) for name, table in tables.items()]
    return atomic_write(path, lambda temp: _write_workbook(temp, sheets))


def write_backlog_csv(path: str | Path, result: ScoreResult) -> Path:
    """The Backlog columns as UTF-8 CSV with a byte-order mark, so Excel reads the accents."""
    return _write_csv(path, _backlog_score_columns(result, drivers_per_line=False))


def write_table_csv(path: str | Path, table: pd.DataFrame) -> Path:
    """Any table (the Journey table, …) as the same formula-safe UTF-8 CSV."""
    return _write_csv(path, dataframe_sheet("table", table).columns)


def _write_csv(path: str | Path, columns: Sequence[Column]) -> Path:
    import csv

    def write(temp: Path) -> None:
        with open(temp, "w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle)
            out.writerow([c.header for c in columns])
            cells = [[_csv_cell(v, c) for v in c.values] for c in columns]
            out.writerows(zip(*cells, strict=True))

    return atomic_write(path, write)


def _csv_cell(value: Any, column: Column) -> str:
    if column.kind == "number" or (column.kind == "auto" and is_number(value)):
        x = finite_number(value)
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
            for v in result.drivers(side)
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


# Beyond this many links the Link effects sheet lists the top initiatives only (it would
# otherwise double the size and the writing time of a programme-sized workbook).
LINK_EFFECTS_MAX_LINKS = 20_000
LINK_EFFECTS_TOP = 200


def link_effects_sheet(workshop: Workshop, result: ScoreResult) -> Sheet:
    """Every link with both explanations of the score (sweetspot.core.explain): its share of the
    score, and the initiative's score and rank without it; for an initiative serving one side
    only, the link that would lift it most."""
    effects = link_effects(result)
    note = "Every scored link, initiatives in rank order, the link it leans on most first."
    if len(effects) > LINK_EFFECTS_MAX_LINKS:
        effects = effects.loc[effects["rank"] <= LINK_EFFECTS_TOP].reset_index(drop=True)
        note = (
            f"The links of the top {LINK_EFFECTS_TOP} initiatives (the workshop has more than "
            f"{LINK_EFFECTS_MAX_LINKS:,} links; every link is on the Links sheet)."
        )
    titles = dict(zip(result.table["id"].astype(str), result.table["initiative"], strict=True))
    labels = _target_labels(workshop)
    lifts = best_missing_links(result, workshop)
    first = ~effects["initiative"].duplicated().to_numpy()
    advice = [
        lifts[i].advice() if is_first and i in lifts else ""
        for i, is_first in zip(effects["initiative"].tolist(), first.tolist(), strict=True)
    ]
    ids = effects["initiative"].tolist()
    columns = [
        Column("Rank", effects["rank"].tolist(), "number", "0", width=7, note=note),
        Column("ID", ids, width=_fit(ids, "ID", 8, 14)),
        Column("Initiative", [titles.get(i, "") for i in ids], width=30, bold=True, wrap=True),
        Column("Side", [s.capitalize() for s in effects["side"].tolist()], width=10),
        Column("Linked to", effects["target"].tolist(), width=11),
        Column(
            "Need / objective", [labels.get(x, "") for x in effects["target"]], width=36, wrap=True
        ),
        Column("Strength", effects["strength"].tolist(), "number", "0", width=9),
        Column("Impact points", effects["impact"].tolist(), "number", "0.0", width=10),
        Column(
            "Share of score",
            effects["share"].tolist(),
            "number",
            "0.00",
            width=10,
            note="This link's part of the sweet-spot score: α of the score goes to the customer "
            "side, 1 − α to the business side, each split by impact; the parts add up to the "
            "score.",
        ),
        Column(
            "Score without this link",
            effects["score_without"].tolist(),
            "number",
            "0.0",
            width=14,
            note="The score the initiative would have if this one link were removed, everything "
            "else as it is.",
        ),
        Column("Rank without this link", effects["rank_without"].tolist(), "number", "0", width=14),
        Column("Places lost", effects["places_lost"].tolist(), "number", "0", width=9),
        Column("Missing side", advice, wrap=True, width=44),
    ]
    return Sheet("Link effects", columns, freeze="D2")


def method_sheet(workshop: Workshop, result: ScoreResult, extra: Mapping[str, str]) -> Sheet:
    from sweetspot import __version__

    items: list[tuple[str, str]] = [
        ("Parameters", ""),
        *describe_settings(result.settings, workshop, result=result),
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
        ("Ranking", ranking_rule(result.settings.rank_by)),
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
    # The sheet needs the unmet needs only: the whole analysis would load networkx for its
    # clusters (a quarter of `sweetspot rank` on the sample).
    try:
        from sweetspot.core.graph import unmet_needs
    except ImportError:
        return None
    report: UnmetNeedsReport = unmet_needs(workshop)
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


__all__ = [
    "MATRIX_MAX_TARGETS",
    "QUADRANT_FILLS",
    "BacklogInputs",
    "Column",
    "Sheet",
    "compose_backlog",
    "dataframe_sheet",
    "simple_unmet_needs",
    "write_backlog",
    "write_backlog_csv",
    "write_table_csv",
]
