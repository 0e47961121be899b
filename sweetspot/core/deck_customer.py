"""The customer's side of the workshop deck: the customer journey (where customers hurt, how
much the initiatives cover, how they feel, stage by stage) and the impact review (did the needs
the delivered initiatives act on move between two survey waves, against the rest).

The figures are those of `core.journey.journey_map` and `core.waves.review`, computed once
there for the app, the workbook, the report and the CLI; the journey picture is the app's own
drawing (`core.plot.journey.draw_journey`). Built from the furniture in `deck_parts`;
`sweetspot.core.deck` calls them.
"""

from __future__ import annotations

import io
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pandas as pd
from pptx.util import Inches

from sweetspot.core.deck_parts import (
    CONTENT_BOTTOM,
    CONTENT_TOP,
    CONTENT_W,
    LEFT,
    TITLE_TOP,
    Col,
    Deck,
    content_slide,
    finite,
    fit_lines,
    notes,
    rows_of,
    shorten,
    signed,
    table,
    text_box,
    tile,
)
from sweetspot.core.safe_text import safe_text
from sweetspot.core.scoring import ScoreResult

if TYPE_CHECKING:
    from sweetspot.core.journey import JourneyMap, JourneyPlan

JOURNEY_DPI = 220
# The picture is laid out at the app's screen resolution (its wording and label choices are
# made in pixels there) and written at JOURNEY_DPI.
LAYOUT_DPI = 100
TITLE_CHARS = 56  # what `content_slide` keeps of a one-line title
IMPACT_ROWS = 8  # delivered initiatives in the impact review's table
IMPACT_TABLE_W = 8.9  # inches; the three key figures sit to its right


# ---------------------------------------------------------------------------------------------
# The customer journey


def journey_slide(deck: Deck, plan: JourneyPlan) -> None:
    """The journey map as a picture, its title the stage with the most unmet need; left out when
    the insights have no journey stage."""
    from sweetspot.core.journey import journey_map, sentiment_word
    from sweetspot.core.plot.journey import journey_lead

    jmap = journey_map(deck.workshop, deck.result, plan)
    if not jmap.has_stages:
        return
    th = deck.theme
    stages = jmap.stage_table()
    slide = content_slide(deck.prs, th, journey_title(jmap), journey_lead(jmap))
    top = CONTENT_TOP - 0.2  # just under the lead's one line
    size = (CONTENT_W, CONTENT_BOTTOM - top)
    picture = _journey_png(deck, jmap, size)
    slide.shapes.add_picture(
        io.BytesIO(picture),
        Inches(LEFT),
        Inches(top),
        width=Inches(size[0]),
        height=Inches(size[1]),
    )
    top_n = jmap.plan.top
    lines = [
        f"Customer journey: {len(stages)} stages"
        + (
            f", {len(jmap.segments) - 1} segments under All customers."
            if len(jmap.segments) > 1
            else "."
        ),
        "Unmet need: the need weight of the stage's insights no initiative serves with a link of "
        "3 or more; coverage: the strongest link to each need (strength ÷ 9), weighted by need.",
        f"Relief projected for the top {top_n} sweet spots: "
        + (", ".join(jmap.shipped) or "none")
        + ".",
    ]
    for rec in rows_of(stages):
        coverage = finite(rec.coverage)
        feeling = (
            f"mean sentiment {rec.sentiment:+.2f} ({sentiment_word(rec.sentiment)}, from "
            f"{rec.sentiment_n} insight{'s' if rec.sentiment_n != 1 else ''})"
            if rec.sentiment_n
            else "no sentiment recorded"
        )
        target = finite(rec.target_sentiment)
        wanted = [f"target {target:+.2f}"] if target is not None else []
        wanted += [f"“{safe_text(rec.target_feeling)}”"] if str(rec.target_feeling).strip() else []
        acting = ", ".join(rec.initiatives) if rec.initiatives else "none"
        lines.append(
            f"{safe_text(rec.stage)}: unmet need {rec.unmet_need:.2f} of {rec.total_need:.2f}, "
            f"coverage {'—' if coverage is None else f'{coverage:.0%}'}, {feeling}"
            + (f" ({'; '.join(wanted)})" if wanted else "")
            + f"; relieved by the top {top_n}: {rec.relieved:.2f}; initiatives acting: {acting}."
        )
    flagged = jmap.flagged_stages()
    lines.append(
        "Flagged stages (an unmet need of the unmet needs list and no initiative acting there): "
        + (", ".join(safe_text(s) for s in flagged) or "none")
        + "."
    )
    lines += jmap.notes()
    notes(slide, lines)


def journey_title(jmap: JourneyMap) -> str:
    """'Get help carries the most unmet need: 1.74 of 4.72', in a title's line."""
    stages = jmap.stage_table()
    unmet = pd.to_numeric(stages["unmet_need"], errors="coerce").fillna(0.0)
    if not len(stages) or float(unmet.max()) <= 0:
        n = len(stages)
        return f"Every need at all {n} journey stages has a medium or strong link"
    worst = stages.iloc[int(unmet.to_numpy().argmax())]
    stage = " ".join(safe_text(worst["stage"]).split())
    figures = f"{worst['unmet_need']:.2f} of {worst['total_need']:.2f}"
    for head, tail in (
        ("", f" carries the most unmet need: {figures}"),
        ("Most unmet need: ", f", {figures}"),
    ):
        if len(head) + len(stage) + len(tail) <= TITLE_CHARS:
            return head + stage + tail
    head, tail = "Most unmet need: ", f", {figures}"
    return head + shorten(stage, TITLE_CHARS - len(head) - len(tail)) + tail


def _journey_png(deck: Deck, jmap: JourneyMap, size: tuple[float, float]) -> bytes:
    """The journey map as the app draws it, light, with type sized for the slide it fills, as
    a 220 dpi PNG."""
    from sweetspot.core.journey import empty_state, sentiment_empty_state
    from sweetspot.core.plot import MatrixStyle
    from sweetspot.core.plot.journey import draw_journey

    style = replace(
        MatrixStyle.light(),
        name="slide",
        tick_size=10.5,
        axis_label_size=12.0,
        label_size=10.0,
        legend_size=10.0,
        note_size=9.5,
        title_size=12.0,
    )
    fig = _slide_figure(deck.result, size, LAYOUT_DPI)
    draw_journey(
        fig,
        jmap,
        style,
        empty_message=empty_state(deck.workshop),
        sentiment_message=sentiment_empty_state(deck.workshop),
        title="",
    )
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=JOURNEY_DPI, facecolor=fig.get_facecolor())
    return buffer.getvalue()


def _slide_figure(result: ScoreResult, size: tuple[float, float], dpi: float) -> Any:
    """A figure of the picture's size on an Agg canvas, from `core.plot`: the deck never imports
    matplotlib itself (tests/core/test_plot_layout.py), and `matrix_figure` is the figure maker
    `core.plot` offers. `draw_journey` clears what it drew before drawing the journey."""
    from sweetspot.core.plot import matrix_figure

    fig, _artists = matrix_figure(result, size=size, dpi=dpi, title=None)
    return fig


# ---------------------------------------------------------------------------------------------
# The impact review


def impact_slide(deck: Deck, waves: pd.DataFrame) -> None:
    """The last two survey waves compared (`waves.review`): the delivered initiatives' change
    against the rest's. Left out when the waves cannot be compared (fewer than two)."""
    from sweetspot.core.waves import review

    result = review(deck.workshop, waves)
    if result.message and result.insights.empty:
        return
    th = deck.theme
    a, b = safe_text(result.from_wave), safe_text(result.to_wave)
    inits = result.initiatives
    if len(inits):
        title = (
            f"Delivered initiatives' needs moved {signed(result.delivered_change)}, "
            f"the rest {signed(result.rest_change)}"
        )
    else:
        title = f"No initiative delivered yet; the needs moved {signed(result.rest_change)}"
    slide = content_slide(deck.prs, th, title)
    rule_bottom = TITLE_TOP + 0.62 + 0.13
    text_box(
        slide,
        th,
        (LEFT, rule_bottom + 0.05, CONTENT_W, 0.62),
        [fit_lines(result.summary(), 104, 2)],
        size=14,
        colour=th.ink,
        name="Impact summary",
    )
    top = rule_bottom + 0.8
    y = top
    if len(inits):
        shown = inits.head(IMPACT_ROWS)
        columns = [
            Col("ID", 0.8),
            Col("Initiative", 3.9, bold=True),
            Col("Needs measured", 1.2, "right"),
            Col(f"Change {shorten(a, 12)} → {shorten(b, 12)}", 1.5, "right", bold=True),
            Col("Difference vs the rest", 1.5, "right"),
        ]
        rows = [
            [
                safe_text(x.id),
                fit_lines(x.initiative, 40, 2),
                str(int(x.insights_measured)),
                signed(x.change),
                signed(x.difference),
            ]
            for x in rows_of(shown)
        ]
        table(
            slide,
            th,
            top,
            columns,
            rows,
            size=12,
            row_height=0.46,
            header_height=0.6,
            name="Impact review",
        )
        y = top + 0.6 + 0.46 * len(rows) + 0.08
        if len(inits) > IMPACT_ROWS:
            text_box(
                slide,
                th,
                (LEFT, y, IMPACT_TABLE_W, 0.3),
                [f"+ {len(inits) - IMPACT_ROWS} more in the workbook's Impact review sheet."],
                size=10,
                colour=th.muted,
            )
            y += 0.3
    else:
        text_box(
            slide,
            th,
            (LEFT, y, IMPACT_TABLE_W, 0.9),
            [fit_lines(result.message, 90, 3)],
            size=14,
            colour=th.muted,
        )
        y += 1.0
    judged = result.insights["judgement"].astype(str)
    moved = int((judged == "larger than noise").sum())
    how = (
        f"Change: satisfaction in {b} minus {a}, each linked need weighted by link strength ÷ 9 × "
        "need weight; the rest: the needs no delivered initiative is linked to. "
        f"{moved} of {len(judged)} needs moved more than noise (95 % interval)."
    )
    text_box(
        slide,
        th,
        (LEFT, y + 0.05, IMPACT_TABLE_W, max(CONTENT_BOTTOM - y - 0.05, 0.5)),
        [fit_lines(how, 110, 3)],
        size=11,
        colour=th.muted,
    )
    x0 = LEFT + IMPACT_TABLE_W + 0.3
    figures = [
        ("All delivered", result.delivered_change, "the needs they act on", th.accent),
        ("The rest", result.rest_change, "needs no delivered initiative touches", th.navy),
        ("Difference", result.difference, "a comparison, not proof of cause", th.navy),
    ]
    for k, (label, value, caption, colour) in enumerate(figures):
        tile(
            slide,
            th,
            (x0, top + k * 1.32, CONTENT_W - IMPACT_TABLE_W - 0.3, 1.18),
            signed(value),
            f"{label}: {caption}",
            colour=colour,
            value_size=28,
            caption_size=11,
            name=f"Impact figure: {label}",
        )
    lines = [
        result.summary(),
        f"Waves in the data: {', '.join(result.waves)}; compared: {a} → {b}.",
        f"All delivered {signed(result.delivered_change)}; the rest "
        f"{signed(result.rest_change)}; difference {signed(result.difference)}.",
    ]
    lines += [
        f"{safe_text(x.id)} {safe_text(x.initiative)}: {int(x.insights_measured)} "
        f"need{'s' if int(x.insights_measured) != 1 else ''} measured "
        f"({safe_text(x.linked_insights) or 'none linked'}), change {signed(x.change)}, "
        f"difference vs the rest {signed(x.difference)}."
        for x in rows_of(inits)
    ]
    lines.append(f"{moved} of {len(judged)} needs moved more than noise (95 % Welch interval).")
    if result.new_ids:
        lines.append(f"New in {b}: {', '.join(result.new_ids)}.")
    if result.vanished_ids:
        lines.append(f"Not measured in {b}: {', '.join(result.vanished_ids)}.")
    if result.message and len(inits) == 0:
        lines.append(result.message)
    notes(slide, lines)


__all__ = ["impact_slide", "journey_slide", "journey_title"]
