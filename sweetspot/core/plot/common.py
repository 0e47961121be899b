"""What every picture shares: the theme colours, the look (`MatrixStyle`) and small helpers.

Everything in `sweetspot.core.plot` draws on a plain `matplotlib.figure.Figure` (no pyplot, no
Qt), so the same picture comes out of a Qt canvas, a PNG and a PDF.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from sweetspot.core.scoring import QUADRANTS

if TYPE_CHECKING:
    from matplotlib.backend_bases import RendererBase

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies, and they print.
QUADRANT_COLOURS: dict[str, str] = {
    "Sweet spot": "#009E73",  # bluish green
    "Customer-led": "#0072B2",  # blue
    "Business-led": "#E69F00",  # amber
    "Low overlap": "#8C8C8C",  # grey
}
# On a dark background the deep blue and the grey sink; lighter members of the same palette.
QUADRANT_COLOURS_DARK: dict[str, str] = {
    "Sweet spot": "#2BC08F",
    "Customer-led": "#56B4E9",
    "Business-led": "#F0B030",
    "Low overlap": "#A8A8A8",
}
# Vermillion marks what needs attention in the overlap graph (unmet, uncovered, one-sided).
ATTENTION_COLOUR = "#D55E00"
# The overlap graph's customer side in blue, business side in amber, as in the quadrant names.
KIND_COLOURS = {"insight": "#56B4E9", "objective": "#F0B030"}


@dataclass(frozen=True)
class MatrixStyle:
    """Colours, font sizes and bubble sizes for one look: light, dark or presentation."""

    name: str = "light"
    background: str = "#FFFFFF"
    text: str = "#1F2328"
    muted: str = "#656D76"
    faint: str = "#D0D7DE"
    crosshair: str = "#8C959F"
    quadrant_colours: Mapping[str, str] = field(default_factory=lambda: dict(QUADRANT_COLOURS))
    sweet_spot_tint_alpha: float = 0.07
    bubble_alpha: float = 0.82
    bubble_edge: str = "#FFFFFF"
    bubble_edge_width: float = 0.8
    selected_edge: str = "#1F2328"
    selected_edge_width: float = 2.6
    ghost: str = "#656D76"
    tick_size: float = 9.0
    axis_label_size: float = 10.5
    label_size: float = 8.5
    quadrant_size: float = 13.0
    title_size: float = 13.0
    legend_size: float = 8.5
    note_size: float = 8.0
    line_width: float = 1.0
    # Bubble areas in points²: the largest effort gets max_bubble_area.
    min_bubble_area: float = 30.0
    max_bubble_area: float = 1500.0
    unknown_effort_area: float = 110.0

    @classmethod
    def light(cls) -> MatrixStyle:
        return cls()

    @classmethod
    def dark(cls, background: str = "#1E1F22") -> MatrixStyle:
        return cls(
            name="dark",
            background=background,
            text="#E6EDF3",
            muted="#9DA7B3",
            faint="#3D444D",
            crosshair="#7D8590",
            quadrant_colours=dict(QUADRANT_COLOURS_DARK),
            sweet_spot_tint_alpha=0.10,
            bubble_alpha=0.85,
            bubble_edge=background,
            selected_edge="#FFFFFF",
            ghost="#9DA7B3",
        )

    @classmethod
    def presentation(cls, dark: bool = False) -> MatrixStyle:
        """Large type and strong contrast, for a projector at the back of a room."""
        base = cls.dark() if dark else cls.light()
        return replace(
            base,
            name="presentation-dark" if dark else "presentation",
            text="#FFFFFF" if dark else "#000000",
            muted="#C9D1D9" if dark else "#3B434B",
            crosshair="#C9D1D9" if dark else "#3B434B",
            selected_edge="#FFFFFF" if dark else "#000000",
            bubble_alpha=0.92,
            tick_size=14.0,
            axis_label_size=16.0,
            label_size=13.0,
            quadrant_size=22.0,
            title_size=20.0,
            legend_size=13.0,
            note_size=12.0,
            line_width=1.8,
            selected_edge_width=4.0,
            min_bubble_area=60.0,
            max_bubble_area=2600.0,
            unknown_effort_area=200.0,
        )

    def with_background(self, colour: str) -> MatrixStyle:
        """The same look on another background (the app passes the palette's base colour)."""
        return replace(self, background=colour, bubble_edge=colour)

    @property
    def scale(self) -> float:
        """How much larger than the normal look the type is (margins grow with it)."""
        return self.tick_size / 9.0


class PlacedPoints:
    """Markers at data positions (`xy`) with areas in points² (`sizes`): where they are on the
    screen, for hit-testing without matplotlib. Shared by the matrix's and the graph's artists."""

    fig: Figure
    ax: Axes
    xy: np.ndarray
    sizes: np.ndarray

    def display_xy(self) -> np.ndarray:
        """Marker centres in display pixels (origin bottom left, physical pixels)."""
        if len(self.xy) == 0:
            return np.zeros((0, 2))
        return np.asarray(self.ax.transData.transform(self.xy))

    def radii_px(self) -> np.ndarray:
        """Marker radii in display pixels."""
        return np.sqrt(self.sizes) / 2.0 * self.fig.dpi / 72.0


# --------------------------------------------------------------------------------------------
# Helpers shared by the pictures


def arr(values: np.ndarray) -> Any:
    """Pass a numpy array where matplotlib's stubs ask for sequences (it takes arrays)."""
    return values


def renderer_for(fig: Figure) -> RendererBase:
    """A renderer to measure text with; a bare Figure gets an Agg canvas (still Qt-free)."""
    canvas = fig.canvas
    if not hasattr(canvas, "get_renderer"):
        canvas = FigureCanvasAgg(fig)
    return canvas.get_renderer()


def shorten(text: object, limit: int) -> str:
    """One line of at most `limit` characters, cut at a word where possible, with an ellipsis."""
    t = " ".join(str(text if text is not None else "").split())
    if t in ("nan", "None"):
        return ""
    if len(t) <= limit:
        return t
    cut = t[: max(limit - 1, 1)]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-–") + "…"


def fmt(x: float, digits: int = 1) -> str:
    return "—" if x is None or not np.isfinite(x) else f"{x:.{digits}f}"


def halo(style: MatrixStyle, width: float = 2.6) -> list[patheffects.AbstractPathEffect]:
    # A halo in the background colour keeps labels readable where they cross lines or bubbles.
    return [patheffects.withStroke(linewidth=width, foreground=style.background)]


def style_axes(ax: Axes, style: MatrixStyle) -> None:
    ax.set_facecolor(style.background)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(style.faint)
        ax.spines[side].set_linewidth(style.line_width)
    ax.tick_params(colors=style.muted, labelsize=style.tick_size, length=3, width=style.line_width)


def bubble_areas(
    effort: np.ndarray, style: MatrixStyle, effort_scale: float | None = None
) -> np.ndarray:
    """Marker areas (points²) proportional to effort; unknown effort gets a fixed small area.

    `effort_scale` is the effort drawn at `style.max_bubble_area`; by default the largest effort,
    so sizes compare within one picture. Pass a fixed value to compare pictures with each other.
    """
    effort = np.asarray(effort, dtype=float)
    known = np.isfinite(effort) & (effort > 0)
    top = effort_scale if effort_scale else (float(effort[known].max()) if known.any() else 1.0)
    area = np.where(known, style.max_bubble_area * np.where(known, effort, 0.0) / top, np.nan)
    area = np.clip(area, style.min_bubble_area, style.max_bubble_area * 1.5)
    return np.where(known, area, style.unknown_effort_area)


def quadrant_rgba(quadrants: Iterable[str], style: MatrixStyle) -> np.ndarray:
    lookup = {q: to_rgba(style.quadrant_colours.get(q, style.muted)) for q in QUADRANTS}
    grey = to_rgba(style.muted)
    return np.array([lookup.get(str(q), grey) for q in quadrants], dtype=float).reshape(-1, 4)


def html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
