"""The workshop report: a short PDF a consultant can send the client after the session.

Pages (A4 landscape): cover with the key facts and the top sweet spots; the sweet-spot matrix; the
top-10 backlog with the drivers behind each score; the unmet needs; the lens comparison and the
rank robustness when they were run; the method and parameters. Plain matplotlib Figures written
with `PdfPages` (no pyplot, so it runs anywhere the core runs), fonts embedded as TrueType so the
text can be searched and copied. Written atomically: a failed report never replaces a good one.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch
from matplotlib.ticker import MaxNLocator

from sweetspot.core.atomic import atomic_write
from sweetspot.core.explain import key_links
from sweetspot.core.journey import JourneyPlan, journey_map, stages_in_data
from sweetspot.core.model import STRENGTH_NAMES, Workshop
from sweetspot.core.plot.common import QUADRANT_COLOURS, MatrixStyle
from sweetspot.core.plot.journey import draw_journey, journey_lead
from sweetspot.core.plot.matrix import draw_matrix
from sweetspot.core.plot.report_page import (
    ACCENT,
    FOOTER,
    INK,
    LEFT,
    MUTED,
    NAVY,
    PAGE,
    RIGHT,
    RULE,
    STRIPE,
)
from sweetspot.core.plot.report_page import (
    band as _band,
)
from sweetspot.core.plot.report_page import (
    footer as _footer,
)
from sweetspot.core.plot.report_page import (
    fx as _fx,
)
from sweetspot.core.plot.report_page import (
    fy as _fy,
)
from sweetspot.core.plot.report_page import (
    header as _header,
)
from sweetspot.core.plot.report_page import (
    label_values as _label_values,
)
from sweetspot.core.plot.report_page import (
    new_page as _new_page,
)
from sweetspot.core.plot.report_page import (
    note as _note,
)
from sweetspot.core.plot.review import draw_review
from sweetspot.core.safe_text import safe_text
from sweetspot.core.scoring import ScoreResult
from sweetspot.core.settings_text import FORMULAS, describe_settings, ranking_rule
from sweetspot.core.waves import Review, review

if TYPE_CHECKING:
    from sweetspot.core.lenses import LensComparison
    from sweetspot.core.robustness import RobustnessResult

TOP_ROWS = 10

SCORE_FORMULA = "S = C^α × B^(1−α)"


def write_report(
    path: str | Path,
    workshop: Workshop,
    result: ScoreResult,
    report: Any = None,
    *,
    lenses: LensComparison | pd.DataFrame | None = None,
    robustness: RobustnessResult | pd.DataFrame | None = None,
    title: str = "Sweet-spot prioritisation",
    journey: JourneyPlan | None = None,
    waves: pd.DataFrame | None = None,
) -> Path:
    """Write the workshop report PDF and return its path.

    The inputs are those of the workbook (`export.compose_backlog`): `report` is the overlap
    analysis (`graph.OverlapReport`; its `unmet_needs` table is used), None to compute it;
    `lenses` a `lenses.LensComparison` or its `scenarios_table`; `robustness` a
    `robustness.RobustnessResult` or its `robustness_table`. Their pages are left out when not
    given; a table gets a page of its own without the chart. The journey page (with
    `journey`'s stage order, targets and top N) comes when the insights have stages, the
    impact review page when `waves` holds two or more survey waves.
    """
    report = _analysis(workshop, result, report)
    unmet = _unmet_needs(workshop, result, report)
    builders = [
        lambda: _cover(workshop, result, title),
        lambda: _matrix_page(result),
        lambda: _backlog_page(workshop, result),
        lambda: _unmet_page(unmet, report),
    ]
    if stages_in_data(workshop):
        builders.append(lambda: _journey_page(workshop, result, journey))
    loop = review(workshop, waves) if waves is not None and len(waves) else None
    if loop is not None and not loop.insights.empty:
        builders.append(lambda: _review_page(loop))
    if lenses is not None:
        builders.append(lambda: _lens_page(lenses))
    if robustness is not None:
        builders.append(lambda: _robustness_page(robustness))
    builders.append(lambda: _method_page(workshop, result, lenses, robustness))

    def write(temp: Path) -> None:
        with matplotlib.rc_context(
            {"pdf.fonttype": 42, "font.family": "DejaVu Sans", "axes.titleweight": "bold"}
        ):
            figures = [build() for build in builders]
            stamp = dt.datetime.now().strftime("%d %B %Y")
            for number, fig in enumerate(figures, start=1):
                _footer(fig, f"{title} · {stamp}", f"Page {number} of {len(figures)}")
            with PdfPages(temp, metadata=_metadata(title)) as pdf:
                for fig in figures:
                    pdf.savefig(fig)

    return atomic_write(path, write)


def _metadata(title: str) -> dict[str, Any]:
    from sweetspot import __version__

    return {
        "Title": f"{title} — workshop report",
        "Subject": "Customer needs × business objectives: the sweet-spot backlog",
        "Creator": f"SweetSpot {__version__}",
    }


def _fmt(x: Any, digits: int = 1) -> str:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return safe_text(x)
    if math.isnan(v):
        return "—"
    return f"{v:.{digits}f}"


@dataclass
class _Col:
    header: str
    width: float  # share of the table width
    align: str = "left"
    bold: bool = False
    colour_by: dict[str, str] | None = None


def _table(
    fig: Figure,
    top: float,
    columns: Sequence[_Col],
    rows: Sequence[Sequence[str]],
    *,
    size: float = 8.5,
    max_lines: int = 4,
    bottom_inches: float = FOOTER + 0.2,
    x0: float = LEFT,
    width: float | None = None,
) -> tuple[int, float]:
    """A ruled table with wrapped cells from figure y `top` down; returns the rows drawn and
    the figure y of its bottom edge.

    `x0` and `width` in inches (default: between the page margins)."""
    w_in, h_in = fig.get_size_inches()
    total = width if width is not None else w_in - x0 - RIGHT
    shares = np.array([c.width for c in columns], float)
    widths = shares / shares.sum() * total
    lefts = x0 + np.concatenate([[0.0], np.cumsum(widths)[:-1]])
    line_h = size * 1.32 / 72
    pad = 0.06
    char_w = size * 0.53 / 72

    def wrap(text: str, width_in: float) -> list[str]:
        chars = max(int((width_in - 2 * pad) / char_w), 4)
        lines: list[str] = []
        for part in text.split("\n"):
            lines += textwrap.wrap(part, chars) or [""]
        if len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = lines[-1][: max(chars - 1, 1)].rstrip() + "…"
        return lines

    y = top * h_in  # inches from the bottom

    def cell_text(lines: list[str], j: int, y_top: float, **kw: Any) -> None:
        col = columns[j]
        if col.align == "right":
            x, ha = lefts[j] + widths[j] - pad, "right"
        else:
            x, ha = lefts[j] + pad, "left"
        fig.text(
            x / w_in,
            (y_top - pad) / h_in,
            "\n".join(lines),
            ha=ha,
            va="top",
            fontsize=size,
            linespacing=1.25,
            **kw,
        )

    head = [wrap(c.header, w) for c, w in zip(columns, widths, strict=True)]
    head_h = max(len(h) for h in head) * line_h + 2 * pad
    _band(fig, (x0 / w_in, (y - head_h) / h_in), total / w_in, head_h / h_in, NAVY)
    for j, lines in enumerate(head):
        cell_text(lines, j, y, color="white", fontweight="bold")
    y -= head_h
    drawn = 0
    for r, row in enumerate(rows):
        cells = [wrap(safe_text(v), w) for v, w in zip(row, widths, strict=True)]
        h = max(len(c) for c in cells) * line_h + 2 * pad
        if y - h < bottom_inches:
            break
        if r % 2:
            _band(fig, (x0 / w_in, (y - h) / h_in), total / w_in, h / h_in, STRIPE, zorder=0)
        for j, lines in enumerate(cells):
            col = columns[j]
            colour = INK
            if col.colour_by and row[j] in col.colour_by:
                colour = col.colour_by[row[j]]
            cell_text(
                lines,
                j,
                y,
                color=colour,
                fontweight="bold" if col.bold or col.colour_by else "normal",
            )
        y -= h
        _band(fig, (x0 / w_in, y / h_in), total / w_in, 0.008 / h_in, RULE)
        drawn += 1
    return drawn, y / h_in


# ---------------------------------------------------------------------------------------------
# Pages


def _cover(workshop: Workshop, result: ScoreResult, title: str) -> Figure:
    fig = _new_page()
    w_in = fig.get_size_inches()[0]
    # A navy band across the top third.
    _band(fig, (0, 1 - _fy(fig, 3.3)), 1, _fy(fig, 3.3), NAVY)
    _band(fig, (_fx(fig, LEFT), 1 - _fy(fig, 2.62)), _fx(fig, 1.2), _fy(fig, 0.06), ACCENT)
    x = _fx(fig, LEFT)
    fig.text(
        x, 1 - _fy(fig, 1.0), "WORKSHOP REPORT", fontsize=10, color="#AFC3DA", fontweight="bold"
    )
    fig.text(x, 1 - _fy(fig, 1.75), safe_text(title), fontsize=30, color="white", fontweight="bold")
    sub = "Where customer needs and business objectives overlap — the ranked backlog"
    fig.text(x, 1 - _fy(fig, 2.3), sub, fontsize=13, color="#DDE6F0")
    sources = ", ".join(Path(f).name for f in workshop.files) if workshop.files else ""
    stamp = dt.datetime.now().strftime("%d %B %Y")
    fig.text(
        x,
        1 - _fy(fig, 2.95),
        f"{stamp}" + (f"  ·  from {sources}" if sources else ""),
        fontsize=9.5,
        color="#AFC3DA",
    )

    # Key facts: four figures in a row.
    t = result.table
    sweet = int((t["quadrant"] == "Sweet spot").sum())
    facts = [
        (str(len(workshop.insights)), "customer insights"),
        (str(len(workshop.objectives)), "business objectives"),
        (str(len(t)), "initiatives scored"),
        (str(sweet), "in the sweet spot"),
    ]
    top_y = 1 - _fy(fig, 3.75)
    box_w = (w_in - LEFT - RIGHT - 3 * 0.25) / 4
    for k, (big, small) in enumerate(facts):
        left = LEFT + k * (box_w + 0.25)
        fig.add_artist(
            FancyBboxPatch(
                (left / w_in, top_y - _fy(fig, 1.0)),
                box_w / w_in,
                _fy(fig, 1.0),
                boxstyle="round,pad=0,rounding_size=0.008",
                transform=fig.transFigure,
                facecolor=STRIPE,
                edgecolor=RULE,
                linewidth=0.8,
            )
        )
        fig.text(
            (left + 0.25) / w_in,
            top_y - _fy(fig, 0.55),
            big,
            fontsize=24,
            color=ACCENT if k == 3 else NAVY,
            fontweight="bold",
            va="baseline",
        )
        fig.text(
            (left + 0.25) / w_in,
            top_y - _fy(fig, 0.82),
            small,
            fontsize=10,
            color=MUTED,
            va="baseline",
        )

    # The top three, and the parameters behind them.
    y = top_y - _fy(fig, 1.5)
    fig.text(x, y, "Top of the backlog", fontsize=13, color=NAVY, fontweight="bold", va="top")
    y -= _fy(fig, 0.42)
    for row in t.head(3).itertuples(index=False):
        fig.text(x, y, f"{row.rank}", fontsize=20, color=ACCENT, fontweight="bold", va="top")
        name = textwrap.shorten(safe_text(row.initiative), 40, placeholder="…")
        fig.text(x + _fx(fig, 0.45), y, name, fontsize=12, color=INK, fontweight="bold", va="top")
        fig.text(
            x + _fx(fig, 0.45),
            y - _fy(fig, 0.24),
            f"{safe_text(row.id)} · score {row.score:.1f} · customer {row.customer_impact:.1f}"
            f" · business {row.business_impact:.1f} · {row.quadrant}",
            fontsize=9,
            color=MUTED,
            va="top",
        )
        y -= _fy(fig, 0.62)

    px = _fx(fig, LEFT + (w_in - LEFT - RIGHT) * 0.5)
    py = top_y - _fy(fig, 1.5)
    fig.text(px, py, "Parameters", fontsize=13, color=NAVY, fontweight="bold", va="top")
    py -= _fy(fig, 0.42)
    _label_values(fig, px, py, _parameters(workshop, result), size=9, indent=1.5, chars=52)
    return fig


def _parameters(workshop: Workshop, result: ScoreResult) -> list[tuple[str, str]]:
    """The parameters in the short form the cover has room for, with the score formula."""
    items = describe_settings(result.settings, workshop, result=result, brief=True)
    items.insert(2, ("Score", SCORE_FORMULA))
    items.append(("Links", f"{len(workshop.links)} (strength 0/1/3/9)"))
    return items


def _matrix_page(result: ScoreResult) -> Figure:
    fig = _new_page()
    artists = draw_matrix(fig, result, title="Sweet-spot matrix: customer impact × business impact")
    ax = fig.axes[0]
    # Leave room for the footer rule under the axis label.
    pos = ax.get_position()
    lift = _fy(fig, 0.3)
    ax.set_position((pos.x0, pos.y0 + lift, pos.width, pos.height - lift))
    # The crosshair note sits just above the footer rule, right-aligned with the page margin.
    note = getattr(artists, "note", None)
    if note is not None:
        note.set_position((1 - _fx(fig, RIGHT), _fy(fig, FOOTER + 0.08)))
    return fig


def _backlog_page(workshop: Workshop, result: ScoreResult) -> Figure:
    fig = _new_page()
    t = result.table.head(TOP_ROWS)
    top = _header(
        fig,
        f"Top {min(TOP_ROWS, len(result.table))} backlog",
        "Ranked by "
        + ("value for effort" if result.settings.rank_by == "value" else "sweet-spot score")
        + f" ({SCORE_FORMULA}). Drivers: the insights and objectives adding most, with the "
        "points each adds. Key link: the one it leans on most, with its score and rank without "
        "it (for a one-sided initiative: the link to add).",
    )
    key = key_links(result, workshop, t["id"].astype(str).tolist())
    columns = [
        _Col("#", 0.3, "right", bold=True),
        _Col("ID", 0.55),
        _Col("Initiative", 2.3, bold=True),
        _Col("Customer impact", 0.75, "right"),
        _Col("Business impact", 0.75, "right"),
        _Col("Score", 0.6, "right", bold=True),
        _Col("Quadrant", 1.1, colour_by=QUADRANT_COLOURS),
        _Col("Value for effort", 0.7, "right"),
        _Col("Top customer drivers", 2.6),
        _Col("Top business drivers", 2.6),
        _Col("Key link", 1.2),
    ]
    rows = [
        [
            str(r.rank),
            safe_text(r.id),
            safe_text(r.initiative) + (" (placed by the workshop)" if r.overridden else ""),
            _fmt(r.customer_impact),
            _fmt(r.business_impact),
            _fmt(r.score),
            safe_text(r.quadrant),
            _fmt(r.value, 2),
            _drivers(result.driver_text("customer", str(r.id)), 34),
            _drivers(result.driver_text("business", str(r.id)), 34),
            safe_text(key.get(str(r.id), "")),
        ]
        for r in t.itertuples(index=False)
    ]
    _table(fig, top, columns, rows, size=7.5, max_lines=3)
    return fig


_DRIVER = re.compile(r"^(.*?)\s*(\([+−-][\d.]+\))$")


def _drivers(text: Any, width: int = 42) -> str:
    """One driver per line, each shortened to one line: 'I01 Queues in bra… (+7.0)'."""
    out = []
    for part in safe_text(text).split("; "):
        if not part.strip():
            continue
        found = _DRIVER.match(part)
        label, points = (found.group(1), found.group(2)) if found else (part, "")
        room = width - len(points) - 1
        if len(label) > room:
            label = label[: max(room - 1, 1)].rstrip(" .") + "…"
        out.append(f"{label} {points}".strip())
    return "\n".join(out) or "—"


def _unmet_needs(workshop: Workshop, result: ScoreResult, report: Any) -> pd.DataFrame:
    if report is not None and hasattr(report, "unmet_needs"):
        return pd.DataFrame(report.unmet_needs)
    from sweetspot.core.export import simple_unmet_needs

    return simple_unmet_needs(workshop, result)


def _analysis(workshop: Workshop, result: ScoreResult, report: Any) -> Any:
    if report is not None:
        return report
    try:
        from sweetspot.core.graph import analyse

        return analyse(workshop, result)
    except Exception:  # the report is still written without the overlap analysis
        return None


def _unmet_page(unmet: pd.DataFrame, report: Any) -> Figure:
    fig = _new_page()
    top = _header(
        fig,
        "Unmet needs",
        "Needs weighted above the median that no initiative addresses with at least a medium "
        "(3) link: candidates for new initiatives.",
    )
    if not len(unmet):
        _note(
            fig,
            top - _fy(fig, 0.2),
            "Every heavily weighted need is addressed by at least "
            "one initiative with a medium or strong link.",
            size=11,
        )
        return fig

    def col(name: str) -> list[Any]:
        return unmet[name].tolist() if name in unmet.columns else [None] * len(unmet)

    columns = [
        _Col("ID", 0.6),
        _Col("Need", 5.0, bold=True),
        _Col("Need weight", 0.8, "right"),
        _Col("Segment", 1.4),
        _Col("Journey stage", 1.4),
        _Col("Best link", 0.8, "right"),
    ]
    rows = [
        [
            safe_text(i),
            safe_text(n),
            _fmt(w, 2),
            safe_text(s),
            safe_text(j),
            STRENGTH_NAMES.get(float(b), _fmt(b, 0)) if _is_num(b) else "none",
        ]
        for i, n, w, s, j, b in zip(
            col("id"),
            col("need"),
            col("need_weight"),
            col("segment"),
            col("journey_stage"),
            col("best_strength"),
            strict=True,
        )
    ]
    shown, y = _table(fig, top, columns, rows[:12], size=8.5, max_lines=2)
    if shown < len(rows):
        y = _note(
            fig,
            y - _fy(fig, 0.1),
            f"{len(rows) - shown} more in the workbook's Unmet needs sheet.",
            size=8,
        )
    _gaps(fig, y - _fy(fig, 0.25), report)
    return fig


def _gaps(fig: Figure, y: float, report: Any) -> None:
    """Objectives nothing serves and one-sided initiatives, from the overlap analysis."""
    if report is None:
        return
    x = _fx(fig, LEFT)
    uncovered = getattr(report, "uncovered_objectives", None)
    if isinstance(uncovered, pd.DataFrame) and len(uncovered) and y > _fy(fig, 2.2):
        fig.text(
            x,
            y,
            "Objectives no initiative serves",
            fontsize=12,
            color=NAVY,
            fontweight="bold",
            va="top",
        )
        rows = [
            [safe_text(r.get("id")), safe_text(r.get("objective")), _fmt(r.get("weight"), 2)]
            for r in uncovered.head(6).to_dict("records")
        ]
        cols = [_Col("ID", 0.6), _Col("Objective", 6.0, bold=True), _Col("Weight", 0.8, "right")]
        _, y = _table(fig, y - _fy(fig, 0.35), cols, rows, size=8.5, max_lines=2)
        y -= _fy(fig, 0.25)
    lines = []
    push = list(getattr(report, "business_push", []) or [])
    only = list(getattr(report, "customer_only", []) or [])
    if push:
        lines.append(
            f"Business push, no customer need behind it ({len(push)}): " + ", ".join(push[:20])
        )
    if only:
        lines.append(
            f"Customer only, no business objective served ({len(only)}): " + ", ".join(only[:20])
        )
    if lines and y > _fy(fig, 1.4):
        fig.text(
            x, y, "One-sided initiatives", fontsize=12, color=NAVY, fontweight="bold", va="top"
        )
        y -= _fy(fig, 0.35)
        for line in lines:
            y = _note(fig, y, line, size=9.5, width=160)


def _is_num(x: Any) -> bool:
    try:
        return not math.isnan(float(x))
    except (TypeError, ValueError):
        return False


def _df_page(fig: Figure, top: float, df: pd.DataFrame, max_rows: int = 40) -> int:
    """Any table as a page table: numbers right-aligned with two decimals at most."""
    df = df.head(max_rows)
    columns = []
    for name in df.columns:
        numeric = pd.api.types.is_numeric_dtype(df[name]) and not pd.api.types.is_bool_dtype(
            df[name]
        )
        wide = name in ("Initiative", "initiative", "Need", "need")
        columns.append(
            _Col(safe_text(name), 2.6 if wide else 1.0, "right" if numeric else "left", bold=wide)
        )
    rows = []
    for values in df.itertuples(index=False):
        row = []
        for v in values:
            if isinstance(v, float | np.floating):
                row.append(
                    "" if math.isnan(v) else (f"{v:.0f}" if float(v).is_integer() else f"{v:.2f}")
                )
            else:
                row.append(safe_text(v))
        rows.append(row)
    return _table(fig, top, columns, rows, size=7.5, max_lines=2)[0]


def _journey_page(workshop: Workshop, result: ScoreResult, plan: JourneyPlan | None) -> Figure:
    fig, jmap = _new_page(), journey_map(workshop, result, plan)
    top = _header(fig, "Customer journey", journey_lead(jmap)) - _fy(fig, 0.45)
    draw_journey(fig, jmap, MatrixStyle.light(), area=(_fy(fig, FOOTER + 0.35), top))
    return fig


def _review_page(loop: Review) -> Figure:
    fig = _new_page()
    top = _header(fig, "Impact review", loop.summary()) - _fy(fig, 0.3)
    draw_review(fig, loop, MatrixStyle.light(), title=False, area=(_fy(fig, FOOTER + 0.8), top))
    return fig


def _lens_page(lenses: Any) -> Figure:
    fig = _new_page()
    names = getattr(lenses, "lens_names", None)
    if names is not None:
        from sweetspot.core.plot.charts import draw_bump_chart

        draw_bump_chart(fig, lenses)  # clears the page: draw it first, then the furniture
    lead = "Each initiative's rank under every saved lens."
    if names is not None:
        robust = list(getattr(lenses, "robust_ids", []))
        lead = (
            f"Rank under {len(names)} lenses ({', '.join(names)}). Robust sweet spots — in the "
            f"top {lenses.top_n} under every lens: " + (", ".join(robust) or "none") + "."
        )
    top = _header(fig, "Lens comparison", textwrap.shorten(lead, 170, placeholder="…"))
    if names is not None:
        from sweetspot.core.lenses import scenarios_table

        _place_axes(fig, (LEFT + 0.5, FOOTER + 0.6, 4.6, top * PAGE[1] - FOOTER - 0.9))
        for ax in fig.axes:
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        table = scenarios_table(lenses)
        keep = ["ID", *[c for c in table.columns if str(c).startswith("Rank: ")], "Worst rank"]
        small = table[[c for c in keep if c in table.columns]].head(22)
        small = small.rename(columns=lambda c: str(c).removeprefix("Rank: "))
        _side_table(fig, top, small, 7.6)
    else:
        _df_page(fig, top, pd.DataFrame(lenses))
    return fig


def _robustness_page(robust: Any) -> Figure:
    fig = _new_page()
    params = getattr(robust, "params", None)
    if params is not None:
        from sweetspot.core.plot.charts import draw_rank_intervals

        draw_rank_intervals(fig, robust, max_rows=20)  # clears the page: first
    lead = "How sure the ranking is when weights, link strengths and α move within reason."
    if params is not None:
        lead = f"Monte Carlo: {params.describe()}. Bars: 5–95 % rank interval; dot: median."
    top = _header(fig, "Rank robustness", textwrap.shorten(lead, 170, placeholder="…"))
    if params is not None:
        from sweetspot.core.robustness import robustness_table

        _place_axes(fig, (LEFT + 2.0, FOOTER + 0.6, 4.6, top * PAGE[1] - FOOTER - 0.9))
        for ax in fig.axes:
            ax.set_title("")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        table = robustness_table(robust)
        p_col = f"P(top {robust.top_n})"
        if p_col in table.columns:
            table[p_col] = [f"{v:.0%}" for v in table[p_col].astype(float)]
        keep = ["ID", "Rank", p_col, "Rank interval (5–95%)"]
        _side_table(fig, top, table[[c for c in keep if c in table.columns]].head(22), 7.6)
    else:
        _df_page(fig, top, pd.DataFrame(robust))
    return fig


def _place_axes(fig: Figure, box: tuple[float, float, float, float]) -> None:
    """Put the page's chart axes into the box (left, bottom, width, height in inches)."""
    w_in, h_in = fig.get_size_inches()
    left, bottom, width, height = box
    for ax in fig.axes:
        ax.set_position((left / w_in, bottom / h_in, width / w_in, max(height, 1.0) / h_in))


def _side_table(fig: Figure, top: float, df: pd.DataFrame, size: float) -> None:
    """A compact table in the right third of the page."""
    w_in = fig.get_size_inches()[0]
    x0 = LEFT + 7.4
    width = w_in - RIGHT - x0
    cols = [
        _Col(safe_text(c), 1.6 if i == 0 else 1.0, "left" if i == 0 else "right")
        for i, c in enumerate(df.columns)
    ]
    rows = [
        [
            _fmt(v, 2)
            if isinstance(v, float | np.floating) and not float(v).is_integer()
            else safe_text(
                int(v) if isinstance(v, float | np.floating) and not math.isnan(v) else v
            )
            for v in r
        ]
        for r in df.itertuples(index=False)
    ]
    _table(fig, top, cols, rows, size=size, max_lines=2, x0=x0, width=width)


def _method_page(workshop: Workshop, result: ScoreResult, lenses: Any, robust: Any) -> Figure:
    fig = _new_page()
    top = _header(
        fig,
        "Method and parameters",
        "How every number in this report was made (docs: How scores work).",
    )
    x = _fx(fig, LEFT)
    y = top - _fy(fig, 0.15)
    fig.text(x, y, "Formulas", fontsize=12, color=NAVY, fontweight="bold", va="top")
    y -= _fy(fig, 0.35)
    for label, formula in FORMULAS:
        fig.text(x, y, label, fontsize=9.5, color=MUTED, va="top")
        fig.text(
            x + _fx(fig, 1.6),
            y,
            formula,
            fontsize=10.5,
            color=INK,
            va="top",
            family="DejaVu Sans Mono",
        )
        y -= _fy(fig, 0.27)
    y -= _fy(fig, 0.1)
    text = (
        "s is the link strength (none 0, weak 1, medium 3, strong 9); imp and sat are importance "
        "and satisfaction on the workshop's scale (no satisfaction: no gap term); w is an "
        "objective weight. C and B run from 0 to 100: the share of all weighted customer need and "
        "of all objective weight an initiative addresses. The score is high only when both are: "
        "an initiative that serves one side only scores 0. A workshop placement replaces the "
        "computed C and B of that initiative. Ranking: " + ranking_rule(result.settings.rank_by)
    )
    y = _note(fig, y, text, size=9.5, width=150)
    y -= _fy(fig, 0.2)
    fig.text(x, y, "Parameters", fontsize=12, color=NAVY, fontweight="bold", va="top")
    y -= _fy(fig, 0.35)
    params = _parameters(workshop, result)
    if lenses is not None and getattr(lenses, "lens_names", None) is not None:
        params.append(("Lenses compared", ", ".join(lenses.lens_names)))
    if robust is not None and getattr(robust, "params", None) is not None:
        params.append(("Robustness", robust.params.describe()))
    params.append(("Source files", ", ".join(Path(f).name for f in workshop.files) or "—"))
    from sweetspot import __version__

    params.append(("Made with", f"SweetSpot {__version__}"))
    _label_values(fig, x, y, params, size=9.5, indent=1.9, chars=130)
    return fig


__all__ = ["FORMULAS", "SCORE_FORMULA", "write_report"]
