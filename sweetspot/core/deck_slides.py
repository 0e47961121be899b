"""The backlog slides of the workshop deck: title (workshop name, date, key figures), the
sweet-spot matrix (drawn by the app's own plotting code, `core.plot`, as a 220 dpi picture), the
top 10 as a native table (the Backlog sheet's values, `export.backlog_sheet`) and one slide per
top-5 initiative with its score breakdown and evidence. Built from the furniture in
`deck_parts`; `sweetspot.core.deck` calls them."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Inches

from sweetspot.core.deck_parts import (
    CONTENT_BOTTOM,
    CONTENT_TOP,
    CONTENT_W,
    LEFT,
    SLIDE_W,
    Col,
    Deck,
    Run,
    content_slide,
    content_top,
    fill_frame,
    finite,
    fit_lines,
    fmt,
    notes,
    rect,
    rows_of,
    shorten,
    strength_name,
    table,
    text_box,
    tile,
)
from sweetspot.core.explain import best_missing_links, link_effects
from sweetspot.core.model import Workshop
from sweetspot.core.safe_text import safe_text
from sweetspot.core.scoring import ScoreResult
from sweetspot.core.settings_text import ranking_rule

TOP_ROWS = 10  # rows of the top-N table
TOP_SLIDES = 5  # initiatives with a slide of their own
MATRIX_DPI = 220
INITIATIVE_CHARS = 34  # a line of an initiative's name in the top-10 table (two lines)
DRIVER_CHARS = 36  # one driver in the top-10 table: one line
EVIDENCE_CHARS = 84  # a line of evidence
LINK_ROWS = 6  # links in an initiative's score breakdown


def top_rows(workshop: Workshop, result: ScoreResult, n: int = TOP_ROWS) -> list[list[str]]:
    """The top-N table's cells, from the Backlog sheet of the client workbook (the one backlog
    composer): rank, ID, initiative, customer impact, business impact, score, quadrant, top
    drivers (the first customer and the first business driver)."""
    from sweetspot.core.export import backlog_sheet

    sheet = backlog_sheet(workshop, result)
    col = {c.header: c.values[:n] for c in sheet.columns}
    rows = []
    for i in range(min(n, len(result.table))):
        drivers = [
            _short_driver(str(col[h][i]).split("\n")[0])
            for h in ("Top customer drivers", "Top business drivers")
            if safe_text(col[h][i]).strip()
        ]
        rows.append(
            [
                str(int(col["Rank"][i])),
                safe_text(col["ID"][i]),
                fit_lines(col["Initiative"][i], INITIATIVE_CHARS, 2),
                fmt(col["Customer impact"][i]),
                fmt(col["Business impact"][i]),
                fmt(col["Sweet-spot score"][i]),
                safe_text(col["Quadrant"][i]),
                "\n".join(drivers) or "—",
            ]
        )
    return rows


def title_slide(deck: Deck) -> None:
    th, t, w = deck.theme, deck.result.table, deck.workshop
    slide = deck.prs.slides.add_slide(deck.prs.slide_layouts[0])  # "Title Slide"
    band = rect(slide, (0, 0, SLIDE_W, 4.35), th.navy)
    # The band goes behind the title and subtitle placeholders.
    tree = slide.shapes._spTree
    tree.remove(band._element)
    tree.insert(2, band._element)
    rect(slide, (LEFT, 3.02, 1.2, 0.07), th.accent)
    text_box(
        slide,
        th,
        (LEFT, 0.75, CONTENT_W, 0.4),
        ["SWEET-SPOT WORKSHOP"],
        size=13,
        colour="AFC3DA",
        bold=True,
    )
    heading, sub = slide.placeholders[0], slide.placeholders[1]
    heading.left, heading.top, heading.width, heading.height = (
        Inches(LEFT),
        Inches(1.2),
        Inches(CONTENT_W),
        Inches(1.7),
    )
    fill_frame(
        heading.text_frame,
        th,
        [fit_lines(deck.title, 44, 2)],
        size=40,
        colour="FFFFFF",
        bold=True,
        margins=0.0,
    )
    heading.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    sources = ", ".join(Path(f).name for f in w.files)
    sub.left, sub.top, sub.width, sub.height = (
        Inches(LEFT),
        Inches(3.2),
        Inches(CONTENT_W),
        Inches(1.0),
    )
    fill_frame(
        sub.text_frame,
        th,
        [
            Run(
                "Where customer needs and business objectives overlap — the ranked backlog",
                size=18,
                colour="DDE6F0",
            ),
            Run(
                deck.stamp + (f"  ·  from {shorten(sources, 80)}" if sources else ""),
                size=14,
                colour="AFC3DA",
            ),
        ],
        size=18,
        colour="DDE6F0",
        spacing=6,
        margins=0.0,
    )
    sweet = int((t["quadrant"] == "Sweet spot").sum())
    facts = [
        (f"{len(w.insights):,}", "customer insights", th.navy),
        (f"{len(w.objectives):,}", "business objectives", th.navy),
        (f"{len(t):,}", "initiatives scored", th.navy),
        (f"{sweet:,}", "in the sweet spot", th.accent),
    ]
    gap = 0.3
    width = (CONTENT_W - 3 * gap) / 4
    for k, (value, caption, colour) in enumerate(facts):
        tile(
            slide,
            th,
            (LEFT + k * (width + gap), 4.7, width, 1.2),
            value,
            caption,
            colour=colour,
            value_size=30,
            caption_size=13,
        )
    text_box(
        slide,
        th,
        (LEFT, 6.08, CONTENT_W, 0.3),
        ["TOP OF THE BACKLOG"],
        size=11,
        colour=th.accent,
        bold=True,
    )
    for k, r in enumerate(rows_of(t.head(3))):
        text_box(
            slide,
            th,
            (LEFT + k * (width + gap), 6.36, width, 0.62),
            [
                [
                    Run(f"{int(r.rank)}  ", size=15, bold=True, colour=th.accent),
                    Run(fit_lines(r.initiative, 34, 2)),
                ]
            ],
            size=11.5,
            colour=th.ink,
        )
    text_box(
        slide,
        th,
        (LEFT + 3 * (width + gap), 6.36, width, 0.62),
        [f"Ranked by {deck.ranked_by}", f"α = {deck.result.settings.alpha:g} (customer weight)"],
        size=11,
        colour=th.muted,
    )
    top3 = "; ".join(
        f"{int(r.rank)}. {safe_text(r.id)} {safe_text(r.initiative)} (score {fmt(r.score)})"
        for r in rows_of(t.head(3))
    )
    notes(
        slide,
        [
            f"{deck.title}, {deck.stamp}. Made with SweetSpot from "
            f"{sources or 'the workshop data'}.",
            f"{len(w.insights)} customer insights, {len(w.objectives)} business objectives, "
            f"{len(t)} initiatives and {len(w.links)} links scored; {sweet} initiatives in the "
            "sweet spot.",
            f"Ranked by {deck.ranked_by}; customer weight α = {deck.result.settings.alpha:g}.",
            f"Top of the backlog: {top3}." if top3 else "No initiatives were scored.",
        ],
    )


def matrix_slide(deck: Deck) -> None:
    th, r = deck.theme, deck.result
    t = r.table
    counts = {q: int((t["quadrant"] == q).sum()) for q in th.quadrants}
    sweet = counts.get("Sweet spot", 0)
    title = (
        f"{sweet} of {len(t)} initiatives sit in the sweet spot"
        if sweet != 1
        else f"1 of {len(t)} initiatives sits in the sweet spot"
    )
    slide = content_slide(deck.prs, th, title)
    top, height = 1.3, 5.65
    picture = _matrix_png(r, (CONTENT_W, height))
    slide.shapes.add_picture(
        io.BytesIO(picture),
        Inches(LEFT),
        Inches(top),
        width=Inches(CONTENT_W),
        height=Inches(height),
    )
    lines = [
        "Customer impact across, business impact up, both 0–100; bubble size = effort; colour = "
        "quadrant.",
        f"Crosshair at customer {r.customer_threshold:.1f}, business {r.business_threshold:.1f}"
        + (" (set for this workshop)." if r.settings.thresholds else " (the mean)."),
        "Per quadrant: " + ", ".join(f"{q} {n}" for q, n in counts.items()) + ".",
    ]
    for q in counts:
        rows = t.loc[t["quadrant"] == q].head(3)
        if len(rows):
            lines.append(
                f"{q}: "
                + "; ".join(
                    f"{safe_text(x.id)} {shorten(x.initiative, 50)} (C {fmt(x.customer_impact)},"
                    f" B {fmt(x.business_impact)}, score {fmt(x.score)})"
                    for x in rows_of(rows)
                )
            )
    placed = int(t["overridden"].sum()) if "overridden" in t else 0
    if placed:
        lines.append(
            f"{placed} initiatives were placed by the workshop (dashed ghosts show the "
            "computed positions)."
        )
    notes(slide, lines)


def top_slide(deck: Deck) -> None:
    th = deck.theme
    rows = top_rows(deck.workshop, deck.result)
    n = len(rows)
    slide = content_slide(
        deck.prs,
        th,
        f"Top {n} initiatives by {deck.ranked_by}",
        "S = C^α × B^(1−α): high only when both sides are served. Top drivers: the insight "
        "and the objective adding the most points.",
    )
    columns = [
        Col("Rank", 0.64, "right", bold=True),
        Col("ID", 0.7),
        Col("Initiative", 3.4, bold=True),
        Col("Customer impact", 0.95, "right"),
        Col("Business impact", 0.95, "right"),
        Col("Score", 0.75, "right", bold=True),
        Col("Quadrant", 1.48),
        Col("Top drivers", 3.26, size=10),
    ]
    table(
        slide,
        th,
        CONTENT_TOP,
        columns,
        rows,
        size=11,
        row_height=0.46,
        header_height=0.48,
        quadrant_column=6,
        name="Top backlog",
    )
    notes(
        slide,
        [f"Ranked by {deck.ranked_by}. {ranking_rule(deck.result.settings.rank_by)}"]
        + [
            f"{r[0]}. {r[1]} {safe_text(x.initiative)}: score {r[5]} (customer impact {r[3]}, "
            f"business impact {r[4]}), {r[6]}."
            for r, x in zip(rows, rows_of(deck.result.table.head(n)), strict=True)
        ],
    )


def initiative_slide(deck: Deck, row: Any) -> None:
    th, r, w = deck.theme, deck.result, deck.workshop
    ident = str(row.id)
    n = len(r.table)
    info = _initiative_info(w, ident)
    about = " · ".join(
        v for v in (info.get("owner", ""), info.get("theme", ""), info.get("status", "")) if v
    )
    lead = info.get("description", "") or about
    slide = content_slide(
        deck.prs,
        th,
        f"{int(row.rank)}. {safe_text(row.initiative)}",
        lead,
        kicker=f"Initiative {ident} · rank {int(row.rank)} of {n} · {row.quadrant}",
        two_lines=True,
    )
    top = content_top(True)
    # Left: the numbers.
    q_colour = th.quadrants.get(str(row.quadrant), th.navy)
    tile(
        slide,
        th,
        (LEFT, top, 3.5, 1.05),
        fmt(row.score),
        "sweet-spot score",
        colour=q_colour,
        value_size=30,
        caption_size=12,
    )
    tile(
        slide,
        th,
        (LEFT, top + 1.17, 1.7, 0.92),
        fmt(row.customer_impact),
        "customer impact",
        value_size=24,
        caption_size=11,
    )
    tile(
        slide,
        th,
        (LEFT + 1.8, top + 1.17, 1.7, 0.92),
        fmt(row.business_impact),
        "business impact",
        value_size=24,
        caption_size=11,
    )
    value = finite(row.value)
    tile(
        slide,
        th,
        (LEFT, top + 2.21, 1.7, 0.92),
        "—" if value is None else f"{value:.2f}",
        "value for effort",
        value_size=24,
        caption_size=11,
    )
    effort, confidence = finite(row.effort), finite(row.confidence)
    tile(
        slide,
        th,
        (LEFT + 1.8, top + 2.21, 1.7, 0.92),
        "—" if effort is None else f"{effort:g}",
        "effort" + ("" if confidence is None else f" · {confidence:.0%} sure"),
        value_size=24,
        caption_size=11,
    )
    alpha = r.settings.alpha
    formula = (
        f"{fmt(row.score)} = {fmt(row.customer_impact)}^{alpha:g} × "
        f"{fmt(row.business_impact)}^{1 - alpha:g}"
    )
    text_box(
        slide,
        th,
        (LEFT, top + 3.25, 3.6, 0.6),
        [Run("Score = C^α × B^(1−α)", bold=True, colour=th.navy), formula],
        size=12,
        colour=th.muted,
    )
    if bool(getattr(row, "overridden", False)):
        reason = safe_text(getattr(row, "override_reason", "")).strip()
        text_box(
            slide,
            th,
            (LEFT, top + 3.9, 3.6, 0.75),
            [fit_lines("Placed by the workshop" + (f": {reason}" if reason else "."), 44, 2)],
            size=11,
            colour=th.muted,
        )

    # Right: what the score rests on, then the evidence.
    x0, width = LEFT + 3.9, CONTENT_W - 3.9
    effects = link_effects(r, ident)
    labels = _target_labels(w)
    text_box(
        slide,
        th,
        (x0, top - 0.05, width, 0.4),
        ["What the score rests on"],
        size=15,
        colour=th.navy,
        bold=True,
    )
    note_lines = [
        f"{ident} {safe_text(row.initiative)}: rank {int(row.rank)} of {n}, {row.quadrant}.",
        f"Sweet-spot score {fmt(row.score)} = customer impact {fmt(row.customer_impact)}^"
        f"{alpha:g} × business impact {fmt(row.business_impact)}^{1 - alpha:g}.",
    ]
    if value is not None:
        note_lines.append(f"Value for effort {value:.2f}.")
    table_bottom = top + 0.35
    if len(effects):
        shown = effects.head(LINK_ROWS)
        columns = [
            Col("Side", 1.0),
            Col("Linked to", 3.1),
            Col("Strength", 0.95, "right"),
            Col("Impact points", 0.95, "right"),
            Col("Share of score", 0.95, "right"),
            Col("Without it", 1.28, "right"),
        ]
        rows = [
            [
                str(e.side).capitalize(),
                f"{e.target} " + shorten(labels.get(str(e.target), ""), 30),
                strength_name(e.strength),
                f"+{fmt(e.impact)}",
                fmt(e.share),
                f"{fmt(e.score_without)} · #{int(e.rank_without)}",
            ]
            for e in rows_of(shown)
        ]
        table(
            slide,
            th,
            top + 0.35,
            columns,
            rows,
            size=11,
            row_height=0.35,
            header_height=0.42,
            left=x0,
            name="Score breakdown",
        )
        table_bottom = top + 0.35 + 0.42 + 0.35 * len(rows)
        if len(effects) > LINK_ROWS:
            text_box(
                slide,
                th,
                (x0, table_bottom + 0.02, width, 0.28),
                [
                    f"+ {len(effects) - LINK_ROWS} more links: the workbook's Link effects "
                    "sheet has every one."
                ],
                size=10,
                colour=th.muted,
            )
            table_bottom += 0.28
        for e in rows_of(effects):
            note_lines.append(
                f"{str(e.side).capitalize()} {e.target} "
                f"({strength_name(e.strength)}): "
                f"+{fmt(e.impact)} impact points, {fmt(e.share)} of the score; without it "
                f"score {fmt(e.score_without)}, rank {int(e.rank_without)}."
            )
    else:
        text_box(
            slide,
            th,
            (x0, top + 0.35, width, 0.5),
            ["No scored links: this initiative serves no insight and no objective."],
            size=13,
            colour=th.muted,
        )
        table_bottom = top + 0.9
    evidence = _evidence(w, effects, best_missing_links(r, w).get(ident))
    ev_top = table_bottom + 0.12
    room = CONTENT_BOTTOM - ev_top - 0.36
    shown_ev: list[list[Run]] = []
    used = 0.0
    for item in evidence:
        # One line when it fits, else two (the text cut first, the source kept).
        text = item.line(10 * EVIDENCE_CHARS)
        if len(item.head) + len(text) > EVIDENCE_CHARS:
            text = fit_lines(item.line(2 * EVIDENCE_CHARS - 8), EVIDENCE_CHARS, 2)
        need = 0.31 if len(item.head) + len(text) <= EVIDENCE_CHARS else 0.56
        if used + need > room:
            break
        shown_ev.append([Run(f"{item.head}  ", bold=True, colour=th.navy), Run(text)])
        used += need
    text_box(slide, th, (x0, ev_top, width, 0.36), ["Evidence"], size=15, colour=th.navy, bold=True)
    text_box(
        slide,
        th,
        (x0, ev_top + 0.36, width, room),
        shown_ev or ["No evidence recorded for the linked insights."],
        size=12,
        colour=th.ink,
        spacing=3,
    )
    note_lines += [item.full() for item in evidence]
    notes(slide, note_lines)


# ---------------------------------------------------------------------------------------------
# Content helpers


def _matrix_png(result: ScoreResult, size: tuple[float, float]) -> bytes:
    """The sweet-spot matrix as the app draws it, in a look between the normal and the
    presentation one (type sized for the slide it fills), as a 220 dpi PNG."""
    from sweetspot.core.plot import MatrixStyle, matrix_figure

    style = replace(
        MatrixStyle.presentation(),
        name="slide",
        tick_size=11.5,
        axis_label_size=10.0,
        label_size=11.5,
        quadrant_size=18.0,
        legend_size=11.5,
        note_size=10.0,
        line_width=1.4,
        min_bubble_area=45.0,
        max_bubble_area=1900.0,
        unknown_effort_area=150.0,
    )
    fig, _artists = matrix_figure(result, size=size, dpi=MATRIX_DPI, style=style, title=None)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=MATRIX_DPI, facecolor=fig.get_facecolor())
    return buffer.getvalue()


@dataclass(frozen=True)
class _Evidence:
    head: str  # the target's ID, or "Missing side"
    text: str  # the need (quoted on the slide), the objective, or the advice
    source: str = ""  # where the need was heard, or the objective's KPI
    quote: bool = False

    def line(self, chars: int) -> str:
        """The line in at most `chars` characters: the source kept, the text cut first."""
        source = shorten(self.source, 44)
        room = max(chars - len(self.head) - (len(source) + 3 if source else 0) - 2, 26)
        text = shorten(self.text, room)
        text = f"“{text}”" if self.quote else text
        return f"{text} — {source}" if source else text

    def full(self) -> str:
        text = f"“{self.text}”" if self.quote else self.text
        return f"{self.head}: {text}" + (f" — {self.source}" if self.source else "")


def _evidence(workshop: Workshop, effects: pd.DataFrame, missing: Any) -> list[_Evidence]:
    """The evidence behind each linked insight (where it was heard), the KPI of each linked
    objective, the customer's voice first and biggest impact first; the link that would lift a
    one-sided initiative."""
    out: list[_Evidence] = []
    if missing is not None:
        out.append(_Evidence("Missing side", missing.advice()))
    if not len(effects):
        return out
    ins = workshop.insights.assign(_id=workshop.insights["id"].astype(str))
    obj = workshop.objectives.assign(_id=workshop.objectives["id"].astype(str))
    needs = ins.drop_duplicates("_id").set_index("_id")
    goals = obj.drop_duplicates("_id").set_index("_id")
    ordered = effects.sort_values(
        ["side", "impact", "target"], ascending=[False, False, True], kind="mergesort"
    )
    for e in rows_of(ordered):
        target = str(e.target)
        if e.side == "customer" and target in needs.index:
            rec = needs.loc[target]
            source = safe_text(rec.get("evidence", "")).strip()
            out.append(_Evidence(target, safe_text(rec.get("need", "")), source, quote=True))
        elif e.side == "business" and target in goals.index:
            rec = goals.loc[target]
            kpi = safe_text(rec.get("kpi", "")).strip()
            out.append(
                _Evidence(target, safe_text(rec.get("objective", "")), f"KPI: {kpi}" if kpi else "")
            )
    return out


def _initiative_info(workshop: Workshop, ident: str) -> dict[str, str]:
    inits = workshop.initiatives
    rows = inits.loc[inits["id"].astype(str) == ident]
    if not len(rows):
        return {}
    rec = rows.iloc[0]
    return {
        k: " ".join(safe_text(rec.get(k, "")).split())
        for k in ("description", "owner", "theme", "status")
    }


def _target_labels(workshop: Workshop) -> dict[str, str]:
    labels = {}
    for df, text in ((workshop.insights, "need"), (workshop.objectives, "objective")):
        for ident, label in zip(df["id"].tolist(), df[text].tolist(), strict=True):
            labels[str(ident)] = safe_text(label)
    return labels


def _short_driver(part: str) -> str:
    """'I01 I want to open an account on my ph… (+7.0)' in DRIVER_CHARS characters."""
    text = safe_text(part).strip()
    if len(text) <= DRIVER_CHARS:
        return text
    head, sep, points = text.rpartition(" (")
    if not sep:
        return shorten(text, DRIVER_CHARS)
    points = "(" + points
    room = DRIVER_CHARS - len(points) - 1
    label = head.rstrip("…").rstrip()
    return f"{label[: max(room - 1, 1)].rstrip(' .,')}… {points}"
