"""The furniture of a report page: A4 landscape, the colours, header, footer and notes.

Shared by the report's pages (`core.plot.report`); a page builder draws between `header()`
and the footer band.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from sweetspot.core.plot.common import QUADRANT_COLOURS

PAGE = (11.69, 8.27)  # A4 landscape, inches
NAVY = "#1F3A5F"
INK = "#1A1A1A"
MUTED = "#5F6B7A"
RULE = "#D0D7E1"
STRIPE = "#F4F6F9"
ACCENT = QUADRANT_COLOURS["Sweet spot"]
LEFT, RIGHT = 0.6, 0.6  # page margins, inches
TOP_BAND = 0.95  # header band height, inches
FOOTER = 0.45


def new_page() -> Figure:
    fig = Figure(figsize=PAGE, dpi=100)
    FigureCanvasAgg(fig)
    fig.set_facecolor("white")
    return fig


def band(
    fig: Figure, xy: tuple[float, float], width: float, height: float, colour: str, **kw: Any
) -> None:
    """A filled rectangle without an edge, in figure fractions (bands, rules, table stripes)."""
    fig.add_artist(
        Rectangle(
            xy, width, height, transform=fig.transFigure, facecolor=colour, edgecolor="none", **kw
        )
    )


def fx(fig: Figure, inches: float) -> float:
    return inches / fig.get_size_inches()[0]


def fy(fig: Figure, inches: float) -> float:
    return inches / fig.get_size_inches()[1]


def header(fig: Figure, heading: str, lead: str = "") -> float:
    """Page title and one-line lead; returns the figure y just below them."""
    x = fx(fig, LEFT)
    y = 1 - fy(fig, 0.5)
    fig.text(x, y, heading, fontsize=18, fontweight="bold", color=NAVY, va="baseline")
    band(fig, (x, 1 - fy(fig, 0.62)), fx(fig, 0.9), fy(fig, 0.045), ACCENT)
    bottom = 1 - fy(fig, TOP_BAND)
    if lead:
        fig.text(x, 1 - fy(fig, 0.88), lead, fontsize=9.5, color=MUTED, va="baseline")
        bottom = 1 - fy(fig, 1.15)
    return bottom


def footer(fig: Figure, left: str, right: str) -> None:
    y = fy(fig, 0.28)
    band(fig, (fx(fig, LEFT), fy(fig, FOOTER)), 1 - fx(fig, LEFT + RIGHT), fy(fig, 0.01), RULE)
    fig.text(fx(fig, LEFT), y, left, fontsize=7.5, color=MUTED)
    fig.text(1 - fx(fig, RIGHT), y, right, fontsize=7.5, color=MUTED, ha="right")


def note(fig: Figure, y: float, text: str, *, size: float = 9.5, width: int = 150) -> float:
    """Wrapped muted text from figure y downwards; returns the y below it."""
    lines = textwrap.wrap(text, width) or [""]
    fig.text(fx(fig, LEFT), y, "\n".join(lines), fontsize=size, color=MUTED, va="top")
    return y - fy(fig, len(lines) * size * 1.45 / 72)


def label_values(
    fig: Figure,
    x: float,
    y: float,
    items: Sequence[tuple[str, str]],
    *,
    size: float,
    indent: float,
    chars: int,
) -> None:
    """Muted labels with their values `indent` inches to the right, one line each (a value is
    shortened to `chars` characters), from figure position (x, y) down."""
    step = fy(fig, 0.25 if size < 9.5 else 0.26)
    for label, value in items:
        fig.text(x, y, label, fontsize=size, color=MUTED, va="top")
        shown = textwrap.shorten(value, chars, placeholder="…")
        fig.text(x + fx(fig, indent), y, shown, fontsize=size, color=INK, va="top")
        y -= step
