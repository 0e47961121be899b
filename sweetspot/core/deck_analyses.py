"""The slides of the analyses: unmet needs, lens comparison, rank robustness, method and
parameters. Built from the furniture in `deck_parts`; `sweetspot.core.deck` calls them."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.util import Inches, Pt

from sweetspot.core.deck_parts import (
    CONTENT_TOP,
    CONTENT_W,
    LEFT,
    Col,
    Deck,
    Run,
    content_slide,
    fit_lines,
    fmt,
    notes,
    rgb,
    rows_of,
    shorten,
    strength_name,
    table,
    text_box,
)
from sweetspot.core.model import Workshop
from sweetspot.core.safe_text import safe_text
from sweetspot.core.scoring import ScoreResult
from sweetspot.core.settings_text import FORMULAS, describe_settings, ranking_rule

if TYPE_CHECKING:
    from sweetspot.core.lenses import LensComparison
    from sweetspot.core.robustness import RobustnessResult

UNMET_ROWS = 8
LENS_ROWS = 10
MAX_LENS_COLUMNS = 5
ROBUST_ROWS = 10


def unmet_slide(deck: Deck) -> None:
    th = deck.theme
    unmet = unmet_needs(deck.workshop, deck.result, deck.report)
    k = len(unmet)
    title = (
        "Every heavily weighted need is addressed"
        if not k
        else f"{k} heavily weighted need{'s' if k != 1 else ''} no initiative addresses"
    )
    slide = content_slide(
        deck.prs,
        th,
        title,
        "Needs weighted above the median that no initiative serves with at least a medium (3) "
        "link: candidates for new initiatives.",
    )
    lines = [f"{k} unmet needs (weighted above the median, no link of strength 3 or more)."]
    y = CONTENT_TOP + 0.05
    if k:

        def col(name: str) -> list[Any]:
            return unmet[name].tolist() if name in unmet.columns else [None] * k

        columns = [
            Col("ID", 0.8),
            Col("Need", 5.9, bold=True),
            Col("Need weight", 1.2, "right"),
            Col("Segment", 1.85),
            Col("Journey stage", 1.6),
            Col("Best link", 0.78, "right"),
        ]
        data = list(
            zip(
                col("id"),
                col("need"),
                col("need_weight"),
                col("segment"),
                col("journey_stage"),
                col("best_strength"),
                strict=True,
            )
        )
        rows = [
            [
                safe_text(i),
                shorten(need, 120),
                fmt(weight, 2),
                shorten(seg, 22),
                shorten(stage, 18),
                strength_name(best),
            ]
            for i, need, weight, seg, stage, best in data[:UNMET_ROWS]
        ]
        table(
            slide,
            th,
            y,
            columns,
            rows,
            size=11,
            row_height=0.5,
            header_height=0.45,
            name="Unmet needs",
        )
        y += 0.45 + 0.5 * len(rows) + 0.1
        if k > UNMET_ROWS:
            text_box(
                slide,
                th,
                (LEFT, y, CONTENT_W, 0.3),
                [f"+ {k - UNMET_ROWS} more in the workbook's Unmet needs sheet."],
                size=10,
                colour=th.muted,
            )
            y += 0.3
        lines += [
            f"{safe_text(i)} {safe_text(need)} — need weight {fmt(weight, 2)}, best link "
            f"{strength_name(best)}."
            for i, need, weight, _s, _j, best in data
        ]
    else:
        text_box(
            slide,
            th,
            (LEFT, y + 0.3, CONTENT_W, 0.8),
            [
                "Every need weighted above the median is served by at least one initiative "
                "with a medium or strong link."
            ],
            size=18,
            colour=th.ink,
        )
        y += 1.3
    found = gaps(deck.report)
    if found and y < 6.2:
        text_box(
            slide,
            th,
            (LEFT, y + 0.1, CONTENT_W, 6.9 - y - 0.1),
            [
                [Run(f"{head}  ", bold=True, colour=th.navy), Run(fit_lines(body, 150, 1))]
                for head, body in found
            ],
            size=12,
            colour=th.ink,
            spacing=4,
        )
    lines += [f"{head}: {body}" for head, body in found]
    notes(slide, lines)


def lens_slide(deck: Deck, lenses: LensComparison) -> None:
    th = deck.theme
    robust = lenses.robust_ids
    n = lenses.top_n
    title = (
        f"{len(robust)} initiative{'s' if len(robust) != 1 else ''} stay in the top {n} under "
        "every lens"
        if robust
        else f"No initiative stays in the top {n} under every lens"
    )
    names = lenses.lens_names[:MAX_LENS_COLUMNS]
    left_out = len(lenses.lens_names) - len(names)
    slide = content_slide(
        deck.prs,
        th,
        title,
        f"Rank of each initiative under every saved lens ({len(lenses.lens_names)}); robust "
        f"sweet spots — top {n} under every lens — in green."
        + (f" {left_out} more lenses in the workbook's Scenarios sheet." if left_out else ""),
    )
    lens_w = min(1.7, (CONTENT_W - 5.2 - 1.2) / max(len(names), 1))
    init_w = CONTENT_W - 1.2 - lens_w * len(names)
    columns = [Col("Initiative", init_w, bold=True)]
    columns += [Col(fit_lines(name, int(lens_w * 8), 2), lens_w, "right") for name in names]
    columns.append(Col("Worst rank", 1.2, "right", bold=True))
    shown = lenses.table.head(LENS_ROWS)
    rows = []
    for rec in rows_of(shown):
        ident = str(rec.id)
        room = max(int(init_w * 72 / (12 * 0.62)) - len(ident) - 1, 12)
        cells = [f"{ident} {shorten(rec.initiative, room)}"]
        cells += [fmt(lenses.ranks.at[ident, name], 0) for name in names]
        cells.append(fmt(rec.worst_rank, 0))
        rows.append(cells)
    table(
        slide,
        th,
        CONTENT_TOP + 0.05,
        columns,
        rows,
        size=12,
        row_height=0.43,
        header_height=0.6,
        highlight=shown["robust"].tolist(),
        name="Lens comparison",
    )
    lines = [
        f"Lenses: {', '.join(lenses.lens_names)}. Robust sweet spots (top {n} under every lens): "
        + (", ".join(robust) or "none")
        + "."
    ]
    for rec in rows_of(lenses.table):
        ranks = ", ".join(
            f"{name} #{fmt(lenses.ranks.at[str(rec.id), name], 0)}" for name in lenses.lens_names
        )
        lines.append(f"{rec.id} {safe_text(rec.initiative)}: {ranks}.")
    notes(slide, lines)


def robustness_slide(deck: Deck, robust: RobustnessResult) -> None:
    th = deck.theme
    t = robust.table.sort_values("rank", kind="mergesort").reset_index(drop=True)
    n = robust.top_n
    draws = robust.params.draws
    shown = t.head(ROBUST_ROWS)
    first = t.iloc[0]
    title = f"{first['id']} stays in the top {n} in {float(first['p_top']):.0%} of {draws:,} draws"
    slide = content_slide(
        deck.prs,
        th,
        title,
        "How sure the ranking is when objective weights, link strengths and α move within "
        f"reason (Monte Carlo: {robust.params.describe()}).",
    )
    data = CategoryChartData()
    data.categories = [
        f"{int(x.rank)}. {safe_text(x.id)} {shorten(x.initiative, 22)}" for x in rows_of(shown)
    ]
    data.add_series(f"P(top {n})", [round(float(p), 4) for p in shown["p_top"]])
    top = CONTENT_TOP + 0.05
    chart_data: Any = data  # python-pptx's stubs want the base class
    frame: Any = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, Inches(LEFT), Inches(top), Inches(7.3), Inches(5.1), chart_data
    )
    chart = frame.chart
    chart.has_legend = False
    chart.font.size = Pt(11)
    chart.font.name = th.font
    chart.font.color.rgb = rgb(th.ink)
    plot = chart.plots[0]
    plot.gap_width = 45
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = "0%"
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(11)
    series = plot.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = rgb(th.accent)
    category_axis = chart.category_axis
    category_axis.reverse_order = True  # rank 1 at the top
    category_axis.format.line.color.rgb = rgb(th.rule)
    category_axis.has_major_gridlines = False
    value_axis = chart.value_axis
    value_axis.minimum_scale, value_axis.maximum_scale = 0.0, 1.0
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = rgb(th.rule)
    value_axis.tick_labels.number_format = "0%"
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.format.line.fill.background()
    chart.has_title = True
    chart.chart_title.text_frame.text = f"Probability of a top-{n} place"
    title_font = chart.chart_title.text_frame.paragraphs[0].runs[0].font
    title_font.size, title_font.bold, title_font.name = Pt(13), True, th.font
    title_font.color.rgb = rgb(th.navy)

    def interval(lo: float, hi: float) -> str:
        if math.isnan(lo) or math.isnan(hi):
            return "—"
        return f"{int(lo)}" if lo == hi else f"{int(lo)}–{int(hi)}"

    columns = [
        Col("Rank", 0.7, "right", bold=True),
        Col("ID", 0.95),
        Col(f"P(top {n})", 1.05, "right"),
        Col("Median rank", 1.0, "right"),
        Col("Rank 5–95%", 1.0, "right"),
    ]
    rows = [
        [
            str(int(x.rank)),
            safe_text(x.id),
            f"{float(x.p_top):.0%}",
            fmt(x.rank_median, 0),
            interval(float(x.rank_p05), float(x.rank_p95)),
        ]
        for x in rows_of(shown)
    ]
    table(
        slide,
        th,
        top + 0.1,
        columns,
        rows,
        size=11,
        row_height=0.41,
        header_height=0.55,
        left=LEFT + 7.45,
        name="Rank intervals",
    )
    notes(
        slide,
        [f"Monte Carlo robustness: {robust.params.describe()}."]
        + [
            f"{int(x.rank)}. {safe_text(x.id)} {safe_text(x.initiative)}: P(top {n}) "
            f"{float(x.p_top):.0%}, median rank {fmt(x.rank_median, 0)}, 5–95% interval "
            f"{interval(float(x.rank_p05), float(x.rank_p95))}."
            for x in rows_of(t)
        ],
    )


def method_slide(
    deck: Deck, lenses: LensComparison | None, robust: RobustnessResult | None
) -> None:
    from sweetspot import __version__

    th, r, w = deck.theme, deck.result, deck.workshop
    slide = content_slide(
        deck.prs,
        th,
        "Method and parameters",
        "How every number in this deck was made: the same formulas as the app, the workbook "
        "and the report.",
    )
    top = CONTENT_TOP + 0.05
    text_box(slide, th, (LEFT, top, 6.0, 0.4), ["Formulas"], size=15, colour=th.navy, bold=True)
    text_box(
        slide,
        th,
        (LEFT, top + 0.45, 6.2, 2.8),
        [
            [Run(f"{label}\n", size=11, colour=th.muted), Run(formula, size=12.5)]
            for label, formula in FORMULAS
        ],
        size=12.5,
        colour=th.ink,
        spacing=4,
    )
    text_box(
        slide,
        th,
        (LEFT, top + 3.35, 6.0, 1.85),
        [
            fit_lines(
                "s is the link strength (none 0, weak 1, medium 3, strong 9); imp and sat are "
                "importance and satisfaction; w is an objective weight. C and B run from 0 to 100: "
                "the share of all weighted customer need and of all objective weight an initiative "
                "addresses. An initiative that serves one side only scores 0. "
                + ranking_rule(r.settings.rank_by).split(". ")[0]
                + ".",
                64,
                7,
            )
        ],
        size=11,
        colour=th.muted,
    )
    x0 = LEFT + 6.5
    text_box(
        slide,
        th,
        (x0, top, CONTENT_W - 6.5, 0.4),
        ["Parameters"],
        size=15,
        colour=th.navy,
        bold=True,
    )
    params = describe_settings(r.settings, w, result=r, brief=True)
    params.append(("Links", f"{len(w.links):,} (strength 0/1/3/9)"))
    if lenses is not None and lenses.lens_names:
        params.append(("Lenses compared", ", ".join(lenses.lens_names)))
    if robust is not None:
        params.append(("Robustness", robust.params.describe()))
    params.append(("Source files", ", ".join(Path(f).name for f in w.files) or "—"))
    params.append(("Made with", f"SweetSpot {__version__}, {deck.stamp}"))
    shown = params[:11]
    text_box(
        slide,
        th,
        (x0, top + 0.45, CONTENT_W - 6.5, 4.8),
        [
            [Run(f"{label}:  ", bold=True, colour=th.navy), Run(shorten(value, 70))]
            for label, value in shown
        ],
        size=12,
        colour=th.ink,
        spacing=5,
    )
    notes(
        slide,
        [f"{label}: {value}" for label, value in FORMULAS]
        + [f"{label}: {value}" for label, value in params]
        + [f"Ranking: {ranking_rule(r.settings.rank_by)}"],
    )


def unmet_needs(workshop: Workshop, result: ScoreResult, report: Any) -> pd.DataFrame:
    if report is not None and hasattr(report, "unmet_needs"):
        return pd.DataFrame(report.unmet_needs)
    from sweetspot.core.export import simple_unmet_needs

    return simple_unmet_needs(workshop, result)


def gaps(report: Any) -> list[tuple[str, str]]:
    """Objectives nothing serves and one-sided initiatives, from the overlap analysis."""
    if report is None:
        return []
    out = []
    uncovered = getattr(report, "uncovered_objectives", None)
    if isinstance(uncovered, pd.DataFrame) and len(uncovered):
        out.append(
            (
                f"Objectives no initiative serves ({len(uncovered)}):",
                "; ".join(
                    f"{safe_text(x.get('id'))} {safe_text(x.get('objective'))}"
                    for x in uncovered.to_dict("records")
                ),
            )
        )
    push = list(getattr(report, "business_push", []) or [])
    only = list(getattr(report, "customer_only", []) or [])
    if push:
        out.append((f"Business push, no customer need behind it ({len(push)}):", ", ".join(push)))
    if only:
        out.append((f"Customer only, no objective served ({len(only)}):", ", ".join(only)))
    return out
