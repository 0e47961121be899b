"""The workshop deck: a 16:9 PowerPoint file a consultant presents to the client.

Slides: title (workshop name, date, key figures); the sweet-spot matrix (drawn by the app's own
plotting code, `core.plot`, as a 220 dpi picture); the top 10 as a native table (rank, ID,
initiative, customer impact, business impact, score, quadrant, top drivers — the Backlog
sheet's values, `export.backlog_sheet`); one slide per top-5 initiative with its score
breakdown and evidence; the unmet needs; the customer journey when a journey plan is given and
the insights have stages; the impact review when two or more survey waves are given; the lens
comparison and the rank robustness when they were run; the method and parameters. Every slide
has speaker notes with its numbers. Text is native, editable PowerPoint text. Written
atomically: a failed export never replaces a good deck.

The modules: `deck_parts` the look (theme, text, tables, tiles, the shared layout),
`deck_slides` the backlog slides, `deck_analyses` the analyses, `deck_customer` the journey and
the impact review; this one puts them together. The inputs are those of the PDF report
(`plot.report.write_report`). Details: docs/deliverables.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pptx import Presentation
from pptx.util import Inches

from sweetspot.core.atomic import atomic_write
from sweetspot.core.deck_analyses import (
    FORMULAS,
    lens_slide,
    method_slide,
    robustness_slide,
    unmet_slide,
)
from sweetspot.core.deck_customer import impact_slide, journey_slide
from sweetspot.core.deck_parts import SLIDE_H, SLIDE_W, Deck, footer, load_theme
from sweetspot.core.deck_slides import (
    TOP_ROWS,
    TOP_SLIDES,
    initiative_slide,
    matrix_slide,
    title_slide,
    top_rows,
    top_slide,
)
from sweetspot.core.model import Workshop
from sweetspot.core.safe_text import safe_text
from sweetspot.core.scoring import ScoreResult

if TYPE_CHECKING:
    import pandas as pd
    from pptx.presentation import Presentation as PresentationType

    from sweetspot.core.journey import JourneyPlan
    from sweetspot.core.lenses import LensComparison
    from sweetspot.core.robustness import RobustnessResult

DEFAULT_TITLE = "Sweet-spot prioritisation"


def build_deck(
    workshop: Workshop,
    result: ScoreResult,
    report: Any = None,
    *,
    lenses: LensComparison | None = None,
    robustness: RobustnessResult | None = None,
    journey: JourneyPlan | None = None,
    waves: pd.DataFrame | None = None,
    title: str = "",
    date: dt.date | None = None,
) -> PresentationType:
    """The deck as a python-pptx `Presentation` (not yet saved).

    `report` is the overlap analysis (`graph.OverlapReport`), None to compute it; `lenses` a
    `lenses.LensComparison` (`compare_lenses`), `robustness` a `robustness.RobustnessResult`;
    `journey` the project's `journey.JourneyPlan` (`journey.plan_of(view_state)`: stage order,
    targets, top N), `waves` the project's survey waves (`Project.waves`). Each of their slides
    is left out when it is not given, and the journey's and the review's when the data cannot
    make them (no journey stages; fewer than two waves). `title` names the workshop (title slide
    and footers), `date` is today's by default."""
    prs = Presentation()
    prs.slide_width = Inches(SLIDE_W)
    prs.slide_height = Inches(SLIDE_H)
    name = " ".join(safe_text(title).split()) or DEFAULT_TITLE
    deck = Deck(
        prs=prs,
        theme=load_theme(),
        workshop=workshop,
        result=result,
        title=name,
        date=date or dt.date.today(),
        report=_analysis(workshop, result, report),
    )
    title_slide(deck)
    matrix_slide(deck)
    top_slide(deck)
    for row in result.table.head(TOP_SLIDES).itertuples(index=False):
        initiative_slide(deck, row)
    unmet_slide(deck)
    if journey is not None:
        journey_slide(deck, journey)
    if waves is not None and len(waves):
        impact_slide(deck, waves)
    if lenses is not None and lenses.lens_names:
        lens_slide(deck, lenses)
    if robustness is not None and len(robustness.table):
        robustness_slide(deck, robustness)
    method_slide(deck, lenses, robustness)
    slides = list(prs.slides)
    for number, slide in enumerate(slides[1:], start=2):
        footer(slide, deck.theme, f"{deck.title} · {deck.stamp}", number, len(slides))
    _properties(deck)
    return prs


def write_deck(
    path: str | Path,
    workshop: Workshop,
    result: ScoreResult,
    report: Any = None,
    *,
    lenses: LensComparison | None = None,
    robustness: RobustnessResult | None = None,
    journey: JourneyPlan | None = None,
    waves: pd.DataFrame | None = None,
    title: str = "",
    date: dt.date | None = None,
) -> Path:
    """Write the deck of `build_deck` (same inputs) atomically; returns the path."""
    prs = build_deck(
        workshop,
        result,
        report,
        lenses=lenses,
        robustness=robustness,
        journey=journey,
        waves=waves,
        title=title,
        date=date,
    )
    return atomic_write(path, lambda temp: prs.save(str(temp)))


def _analysis(workshop: Workshop, result: ScoreResult, report: Any) -> Any:
    if report is not None:
        return report
    try:
        from sweetspot.core.graph import analyse

        return analyse(workshop, result)
    except Exception:  # the deck is still made without the overlap analysis
        return None


def _properties(deck: Deck) -> None:
    from sweetspot import __version__

    props = deck.prs.core_properties
    props.title = f"{deck.title} — workshop deck"
    props.subject = "Customer needs × business objectives: the sweet-spot backlog"
    props.author = f"SweetSpot {__version__}"
    props.keywords = "sweet spot; prioritisation; backlog"


def slide_titles(prs: PresentationType) -> list[str]:
    """Every slide's title, in order (tests and the CLI's summary)."""
    out = []
    for slide in prs.slides:
        heading = slide.shapes.title
        out.append(heading.text_frame.text if heading is not None else "")
    return out


__all__ = [
    "DEFAULT_TITLE",
    "FORMULAS",
    "TOP_ROWS",
    "TOP_SLIDES",
    "build_deck",
    "slide_titles",
    "top_rows",
    "write_deck",
]
