"""Pictures of a scored workshop: the sweet-spot matrix and the overlap graph.

Shared by the desktop app (which adds interaction on top), the CLI's `--png` and the report.
Everything here draws on a plain `matplotlib.figure.Figure` (no pyplot, no Qt), so the same
picture comes out of a Qt canvas, a PNG and a PDF. Artists are built for interaction: one
scatter for all bubbles and one LineCollection for all edges, because a drag or a hover must not
pay for a thousand artists.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from sweetspot.core.model import FULL_STRENGTH, Workshop
from sweetspot.core.scoring import QUADRANTS, ScoreResult

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.backend_bases import RendererBase
    from matplotlib.legend import Legend

    from sweetspot.core.graph import OverlapReport

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

# Where each quadrant's name goes: (axes x, axes y, horizontal and vertical alignment).
_QUADRANT_CORNERS = {
    "Sweet spot": (0.985, 0.985, "right", "top"),
    "Business-led": (0.015, 0.985, "left", "top"),
    "Customer-led": (0.985, 0.015, "right", "bottom"),
    "Low overlap": (0.015, 0.015, "left", "bottom"),
}

# Beyond this many bubbles ID labels are clutter; the tooltip and the backlog carry the IDs.
MAX_LABELLED_BUBBLES = 150
# Up to this many bubbles a label also carries a short title, which a room reads faster than IDs.
MAX_TITLED_BUBBLES = 30
# spring_layout switches to a scipy-only solver at 500 nodes and takes minutes on big graphs.
MAX_FORCE_NODES = 499
# Beyond this many edges a highlight hides the dimmed ones instead of drawing them faintly.
MAX_DIMMED_EDGES = 2000
# Per column; beyond this, labels would be a grey smear.
MAX_LABELLED_NODES_PER_COLUMN = 120


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


@dataclass
class MatrixArtists:
    """What draw_matrix made, kept so a view can hit-test, drag and restyle without redrawing."""

    fig: Figure
    ax: Axes
    style: MatrixStyle
    # One scatter for all bubbles, drawn biggest first so small bubbles stay on top.
    scatter: PathCollection | None
    ids: np.ndarray  # initiative ID per scatter point
    xy: np.ndarray  # (n, 2) effective (customer, business) impact per scatter point
    sizes: np.ndarray  # marker area in points² per scatter point
    face_colours: np.ndarray  # (n, 4) RGBA per point, before selection styling
    edge_colours: np.ndarray  # (n, 4) RGBA per point, before selection styling
    edge_widths: np.ndarray
    hollow: np.ndarray  # True where effort is unknown (drawn as a ring)
    labels: dict[str, Annotation]
    ghosts: PathCollection | None
    arrows: dict[str, Annotation]
    crosshair: tuple[Line2D, Line2D]
    quadrant_names: dict[str, Text]
    legends: list[Legend]
    note: Text | None
    home_limits: tuple[tuple[float, float], tuple[float, float]]
    selected: set[str] = field(default_factory=set)
    result: ScoreResult | None = None
    # Full label text per ID (ID and short title); placement may fall back to the ID alone.
    label_texts: dict[str, str] = field(default_factory=dict)
    # The sweet-spot quadrant's tint (moves with the crosshair).
    tint: Rectangle | None = None
    # What the legends and margins were built from: `update_matrix` only moves artists while
    # this stays the same (see `_matrix_signature`).
    signature: tuple[Any, ...] = ()
    show_ghosts: bool = True
    effort_scale: float | None = None

    def index_of(self, initiative_id: str) -> int | None:
        hits = np.flatnonzero(self.ids == initiative_id)
        return int(hits[0]) if hits.size else None

    def display_xy(self) -> np.ndarray:
        """Bubble centres in display pixels (origin bottom left, physical pixels)."""
        if len(self.xy) == 0:
            return np.zeros((0, 2))
        return np.asarray(self.ax.transData.transform(self.xy))

    def radii_px(self) -> np.ndarray:
        """Bubble radii in display pixels."""
        return np.sqrt(self.sizes) / 2.0 * self.fig.dpi / 72.0


# --------------------------------------------------------------------------------------------
# Helpers shared by both pictures


def _arr(values: np.ndarray) -> Any:
    """Pass a numpy array where matplotlib's stubs ask for sequences (it takes arrays)."""
    return values


def _renderer(fig: Figure) -> RendererBase:
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


def _fmt(x: float, digits: int = 1) -> str:
    return "—" if x is None or not np.isfinite(x) else f"{x:.{digits}f}"


def _halo(style: MatrixStyle, width: float = 2.6) -> list[patheffects.AbstractPathEffect]:
    # A halo in the background colour keeps labels readable where they cross lines or bubbles.
    return [patheffects.withStroke(linewidth=width, foreground=style.background)]


def _style_axes(ax: Axes, style: MatrixStyle) -> None:
    ax.set_facecolor(style.background)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(style.faint)
        ax.spines[side].set_linewidth(style.line_width)
    ax.tick_params(colors=style.muted, labelsize=style.tick_size, length=3, width=style.line_width)


# --------------------------------------------------------------------------------------------
# The sweet-spot matrix


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


def matrix_home_limits(
    result: ScoreResult,
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The "reset view" limits: from 0 to a little beyond the data and the crosshair, ≤ 100."""
    t = result.table
    xs = np.concatenate(
        [t["customer_impact"].to_numpy(float), t["computed_customer_impact"].to_numpy(float)]
    )
    ys = np.concatenate(
        [t["business_impact"].to_numpy(float), t["computed_business_impact"].to_numpy(float)]
    )

    def span(values: np.ndarray, threshold: float) -> tuple[float, float]:
        finite = values[np.isfinite(values)]
        top = max(float(finite.max()) if finite.size else 0.0, threshold, 5.0)
        # Up to a whole step (1, 2 or 5 points), so a slider moving the scores a little
        # leaves the axes (and the view's cached background) where they are.
        step = 1.0 if top < 10 else (2.0 if top < 30 else 5.0)
        top = min(math.ceil((top * 1.1 + 1.0) / step) * step, 100.0)
        # Margin below 0 and above the top so bubbles on the edge are drawn whole.
        pad = 0.06 * top
        return (-pad, top + pad)

    return span(xs, result.customer_threshold), span(ys, result.business_threshold)


def _quadrant_rgba(quadrants: Iterable[str], style: MatrixStyle) -> np.ndarray:
    lookup = {q: to_rgba(style.quadrant_colours.get(q, style.muted)) for q in QUADRANTS}
    grey = to_rgba(style.muted)
    return np.array([lookup.get(str(q), grey) for q in quadrants], dtype=float).reshape(-1, 4)


def _matrix_margins(fig: Figure, style: MatrixStyle, legend_px: float, title: bool) -> None:
    """Axes position with margins fixed in inches, so a resized window keeps tidy edges."""
    w_in, h_in = fig.get_size_inches()
    s = style.scale
    left = 0.80 * s / w_in
    bottom = 0.78 * s / h_in
    top_in = (0.55 if title else 0.25) * s
    right_in = legend_px / fig.dpi + 0.35 * s
    width = max(1.0 - left - right_in / w_in, 0.2)
    height = max(1.0 - bottom - top_in / h_in, 0.2)
    fig.axes[0].set_position((left, bottom, width, height))


def relayout_matrix(artists: MatrixArtists) -> None:
    """Recompute margins and label places for the figure's current size (call on resize)."""
    renderer = _renderer(artists.fig)
    title = bool(artists.ax.get_title(loc="left"))
    legend_px = _stack_legends(artists, renderer)
    _matrix_margins(artists.fig, artists.style, legend_px, title)
    # The margins moved the axes: the legends' anchors are in axes fractions, so stack again.
    _stack_legends(artists, renderer)
    place_labels(artists, renderer)
    update_quadrant_names(artists)


def draw_matrix(
    fig: Figure,
    result: ScoreResult,
    *,
    selected: Collection[str] = (),
    labels: bool = True,
    style: MatrixStyle | None = None,
    presentation: bool = False,
    effort_scale: float | None = None,
    show_ghosts: bool = True,
    title: str | None = None,
    limits: tuple[tuple[float, float], tuple[float, float]] | None = None,
) -> MatrixArtists:
    """Draw the sweet-spot matrix of `result` on `fig` (cleared first).

    x = customer impact, y = business impact (both 0–100), crosshair at the quadrant thresholds,
    bubble area ∝ effort, colour = quadrant, selected bubbles outlined, workshop placements drawn
    as a ghost at the computed position with an arrow to the agreed one. `limits` keeps a zoomed
    view across redraws; by default the home view (see `matrix_home_limits`).
    """
    if style is None:
        style = MatrixStyle.presentation() if presentation else MatrixStyle.light()
    fig.clear()
    fig.set_facecolor(style.background)
    ax = fig.add_subplot(1, 1, 1)
    _style_axes(ax, style)
    home = matrix_home_limits(result)
    xlim, ylim = limits or home
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel(
        "Customer impact  →  (weighted customer need addressed, 0–100)",
        color=style.text,
        fontsize=style.axis_label_size,
    )
    ax.set_ylabel(
        "Business impact  →  (weighted objectives served, 0–100)",
        color=style.text,
        fontsize=style.axis_label_size,
    )
    if title:
        ax.set_title(title, color=style.text, fontsize=style.title_size, loc="left", pad=12)

    ct, bt = result.customer_threshold, result.business_threshold
    # The sweet-spot quadrant gets a faint tint: the eye should land there first.
    tint = Rectangle(
        (ct, bt),
        1000.0,
        1000.0,
        facecolor=style.quadrant_colours["Sweet spot"],
        alpha=style.sweet_spot_tint_alpha,
        edgecolor="none",
        zorder=0,
    )
    ax.add_patch(tint)
    line_kw: dict[str, Any] = {
        "color": style.crosshair,
        "linewidth": style.line_width * 1.1,
        "linestyle": (0, (5, 4)),
        "zorder": 1,
    }
    vline = ax.axvline(ct, **line_kw)
    hline = ax.axhline(bt, **line_kw)

    quadrant_names = {
        q: ax.text(
            x,
            y,
            q,
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize=style.quadrant_size,
            fontweight="bold",
            color=style.quadrant_colours[q],
            alpha=0.9,
            zorder=2,
        )
        for q, (x, y, ha, va) in _QUADRANT_CORNERS.items()
    }

    t = result.table
    effort = t["effort"].to_numpy(float)
    bub = _bubbles(t, style, effort_scale)
    ids, xy, sizes, sizes_by_rank = bub.ids, bub.xy, bub.sizes, bub.sizes_by_rank
    hollow, face, edge, widths = bub.hollow, bub.face, bub.edge, bub.widths

    scatter: PathCollection | None = None
    ghosts: PathCollection | None = None
    arrows: dict[str, Annotation] = {}
    if len(ids):
        scatter = ax.scatter(
            xy[:, 0],
            xy[:, 1],
            s=sizes,
            facecolors=_arr(face),
            edgecolors=_arr(edge),
            linewidths=_arr(widths),
            zorder=4,
        )
        if show_ghosts:
            ghosts, arrows = _draw_ghosts(ax, t, style, sizes_by_rank)

    artists = MatrixArtists(
        fig=fig,
        ax=ax,
        style=style,
        scatter=scatter,
        ids=ids,
        xy=xy,
        sizes=sizes,
        face_colours=face,
        edge_colours=edge,
        edge_widths=widths,
        hollow=hollow,
        labels={},
        ghosts=ghosts,
        arrows=arrows,
        crosshair=(vline, hline),
        quadrant_names=quadrant_names,
        legends=[],
        note=None,
        home_limits=home,
        result=result,
        tint=tint,
        show_ghosts=show_ghosts,
        effort_scale=effort_scale,
    )
    if len(ids) == 0:
        ax.text(
            0.5,
            0.5,
            "No initiatives to show yet.\nImport a workshop or add initiatives in the Data view.",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=style.muted,
            fontsize=style.axis_label_size,
        )
    artists.legends = _matrix_legends(artists, effort, effort_scale, show_ghosts)
    artists.note = fig.text(
        0.995,
        0.008,
        _crosshair_note(result),
        ha="right",
        va="bottom",
        color=style.muted,
        fontsize=style.note_size,
    )
    if labels and 0 < len(ids) <= MAX_LABELLED_BUBBLES:
        artists.label_texts = _label_texts(t)
        row_of = {ident: k for k, ident in enumerate(ids.tolist())}
        for ident, text in artists.label_texts.items():  # rank order: best get the best places
            k = row_of[ident]
            label = ax.annotate(
                text,
                xy=(xy[k, 0], xy[k, 1]),
                xytext=(0, 0),
                textcoords="offset points",
                ha="left",
                va="bottom",
                fontsize=style.label_size,
                color=style.text,
                zorder=6,
                path_effects=_halo(style),
                annotation_clip=True,
                # A leader line, shown only when the label had to sit further out.
                arrowprops={
                    "arrowstyle": "-",
                    "color": style.muted,
                    "linewidth": 0.7 * style.line_width,
                    "shrinkA": 1.0,
                    "shrinkB": math.sqrt(sizes[k]) / 2.0 + 1.0,
                },
            )
            if label.arrow_patch is not None:
                label.arrow_patch.set_visible(False)
            artists.labels[ident] = label
    artists.signature = _matrix_signature(t, artists)
    set_matrix_selection(artists, selected)
    relayout_matrix(artists)
    return artists


@dataclass
class _Bubbles:
    """Per-bubble arrays in drawing order (biggest first), as the scatter takes them."""

    ids: np.ndarray
    xy: np.ndarray
    sizes: np.ndarray
    sizes_by_rank: np.ndarray
    hollow: np.ndarray
    face: np.ndarray
    edge: np.ndarray
    widths: np.ndarray


def _bubbles(t: pd.DataFrame, style: MatrixStyle, effort_scale: float | None) -> _Bubbles:
    effort = t["effort"].to_numpy(float)
    sizes_by_rank = bubble_areas(effort, style, effort_scale)
    # Biggest first so small bubbles are never hidden behind big ones.
    order = np.argsort(-sizes_by_rank, kind="stable")
    ids = t["id"].astype(str).to_numpy()[order]
    xy = np.column_stack(
        [t["customer_impact"].to_numpy(float)[order], t["business_impact"].to_numpy(float)[order]]
    )
    xy = np.nan_to_num(xy, nan=0.0)
    sizes = sizes_by_rank[order]
    hollow = ~(np.isfinite(effort[order]) & (effort[order] > 0))
    colours = _quadrant_rgba(t["quadrant"].to_numpy()[order], style)
    face = colours.copy()
    face[:, 3] = style.bubble_alpha
    # Unknown effort: a ring in the quadrant colour, so nobody reads its size as small effort.
    face[hollow] = to_rgba(style.background, 0.9)
    edge = np.tile(to_rgba(style.bubble_edge), (len(ids), 1))
    edge[hollow] = colours[hollow]
    widths = np.full(len(ids), style.bubble_edge_width)
    widths[hollow] = 2.0 * style.line_width
    return _Bubbles(ids, xy, sizes, sizes_by_rank, hollow, face, edge, widths)


def _label_texts(t: pd.DataFrame) -> dict[str, str]:
    """Label text per initiative in rank order: "ID short title" for few bubbles, else the ID."""
    titled = len(t) <= MAX_TITLED_BUBBLES
    ids = t["id"].astype(str).tolist()
    if not titled:
        return {i: i for i in ids}
    names = t["initiative"].tolist()
    return {i: f"{i} {shorten(n, 26)}".strip() for i, n in zip(ids, names, strict=True)}


def _crosshair_note(result: ScoreResult) -> str:
    ct, bt = result.customer_threshold, result.business_threshold
    return f"Crosshair: customer {_fmt(ct)} · business {_fmt(bt)}" + (
        " (the mean)" if result.settings.thresholds is None else " (fixed)"
    )


def _matrix_signature(t: pd.DataFrame, artists: MatrixArtists) -> tuple[Any, ...]:
    """Everything the static part of the picture (legends, margins, which artists exist)
    depends on. Scores, quadrants, the crosshair and the selection are not in it."""
    effort = t["effort"].to_numpy(float)
    overridden = t.loc[t["overridden"].to_numpy(bool), "id"].astype(str)
    return (
        len(t),
        frozenset(t["id"].astype(str).tolist()),
        effort[np.argsort(t["id"].astype(str).to_numpy(), kind="stable")].tobytes(),
        frozenset(overridden.tolist()) if artists.show_ghosts else frozenset(),
        bool(artists.labels),
    )


def matrix_dynamic_artists(artists: MatrixArtists) -> list[Any]:
    """The artists that change when the scores change: bubbles, crosshair, tint, quadrant
    names, labels, computed-position rings and arrows, and the crosshair note. Everything else
    (axes, ticks, axis titles, legends) is a static background a view can cache and blit over."""
    out: list[Any] = []
    if artists.tint is not None:
        out.append(artists.tint)
    out.extend(artists.crosshair)
    out.extend(artists.quadrant_names.values())
    if artists.ghosts is not None:
        out.append(artists.ghosts)
    out.extend(artists.arrows.values())
    if artists.scatter is not None:
        out.append(artists.scatter)
    out.extend(artists.labels.values())
    if artists.note is not None:
        out.append(artists.note)
    return out


def update_matrix(
    artists: MatrixArtists,
    result: ScoreResult,
    *,
    selected: Collection[str] | None = None,
    limits: tuple[tuple[float, float], tuple[float, float]] | None = None,
) -> bool:
    """Move the drawn matrix to new scores of the same initiatives, without a rebuild.

    The same picture `draw_matrix(fig, result, ...)` would make, made by updating the existing
    artists in place (offsets, sizes, colours, crosshair, labels): a re-score after a slider
    move costs a few milliseconds instead of a fresh figure. Returns False, changing nothing,
    when the picture must be rebuilt instead: other initiatives or efforts, workshop placements
    added or removed, labels that no longer fit the rules. `limits` as in `draw_matrix`; the
    axes limits change only when these (or the home view) change.
    """
    t = result.table
    if artists.scatter is None or len(t) == 0 or _matrix_signature(t, artists) != artists.signature:
        return False
    style = artists.style
    bub = _bubbles(t, style, artists.effort_scale)
    artists.ids, artists.xy, artists.sizes = bub.ids, bub.xy, bub.sizes
    artists.hollow, artists.face_colours = bub.hollow, bub.face
    artists.edge_colours, artists.edge_widths = bub.edge, bub.widths
    artists.scatter.set_offsets(bub.xy)
    artists.scatter.set_sizes(bub.sizes)
    artists.scatter.set_facecolor(_arr(bub.face))
    artists.result = result

    ct, bt = result.customer_threshold, result.business_threshold
    if artists.tint is not None:
        artists.tint.set_xy((ct, bt))
    vline, hline = artists.crosshair
    vline.set_xdata([ct, ct])
    hline.set_ydata([bt, bt])
    if artists.note is not None:
        artists.note.set_text(_crosshair_note(result))
    if artists.ghosts is not None:
        over = t["overridden"].to_numpy(bool)
        rows = t.loc[over]
        gx = rows["computed_customer_impact"].to_numpy(float)
        gy = rows["computed_business_impact"].to_numpy(float)
        artists.ghosts.set_offsets(np.column_stack([gx, gy]))
        artists.ghosts.set_sizes(bub.sizes_by_rank[over])
        for ident, x0, y0, x1, y1 in zip(
            rows["id"].astype(str),
            gx,
            gy,
            rows["customer_impact"].to_numpy(float),
            rows["business_impact"].to_numpy(float),
            strict=True,
        ):
            arrow = artists.arrows[ident]
            arrow.xy = (x1, y1)
            arrow.xyann = (x0, y0)

    home = matrix_home_limits(result)
    artists.home_limits = home
    xlim, ylim = limits or home
    ax = artists.ax
    if tuple(ax.get_xlim()) != tuple(xlim) or tuple(ax.get_ylim()) != tuple(ylim):
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
    if artists.labels:
        # Rank order decides who gets the best places: follow the new ranking.
        texts = _label_texts(t)
        artists.labels = {i: artists.labels[i] for i in texts}
        artists.label_texts = texts
        row_of = {ident: k for k, ident in enumerate(bub.ids.tolist())}
        for ident, label in artists.labels.items():
            k = row_of[ident]
            label.xy = (bub.xy[k, 0], bub.xy[k, 1])
            if label.arrow_patch is not None:
                label.arrow_patch.set_visible(False)
    set_matrix_selection(artists, artists.selected if selected is None else selected)
    update_quadrant_names(artists)
    place_labels(artists)
    return True


def _draw_ghosts(
    ax: Axes, table: pd.DataFrame, style: MatrixStyle, sizes_by_rank: np.ndarray
) -> tuple[PathCollection | None, dict[str, Annotation]]:
    """Computed positions of overridden initiatives: dashed rings, arrows to the agreed ones."""
    over = table["overridden"].to_numpy(bool)
    if not over.any():
        return None, {}
    rows = table.loc[over]
    sizes = sizes_by_rank[over]
    gx = rows["computed_customer_impact"].to_numpy(float)
    gy = rows["computed_business_impact"].to_numpy(float)
    ghosts = ax.scatter(
        gx,
        gy,
        s=sizes,
        facecolors="none",
        edgecolors=style.ghost,
        linewidths=1.3 * style.line_width,
        linestyles="--",
        zorder=3,
    )
    arrows: dict[str, Annotation] = {}
    for ident, x0, y0, x1, y1, s in zip(
        rows["id"].astype(str),
        gx,
        gy,
        rows["customer_impact"].to_numpy(float),
        rows["business_impact"].to_numpy(float),
        sizes,
        strict=True,
    ):
        r = math.sqrt(s) / 2.0
        arrows[ident] = ax.annotate(
            "",
            xy=(x1, y1),
            xytext=(x0, y0),
            arrowprops={
                "arrowstyle": "-|>,head_length=0.6,head_width=0.3",
                "color": style.ghost,
                "linewidth": 1.3 * style.line_width,
                "shrinkA": r,
                "shrinkB": r + 1.5,
                "linestyle": (0, (3, 2)),
            },
            zorder=3,
        )
    return ghosts, arrows


def _legend_marker(area: float, face: Any, edge: Any, width: float = 0.8) -> Line2D:
    return Line2D(
        [],
        [],
        linestyle="none",
        marker="o",
        markersize=math.sqrt(area),
        markerfacecolor=face,
        markeredgecolor=edge,
        markeredgewidth=width,
    )


def _effort_samples(known: np.ndarray) -> list[float]:
    """Up to three efforts for the size key: the smallest, a middle one and the largest."""
    if known.size == 0:
        return []
    middle = float(np.median(known))
    middle = float(round(middle)) if middle >= 2 else float(f"{middle:.2g}")
    picks = sorted({float(known.min()), middle, float(known.max())})
    # Near-equal sizes tell nothing: keep entries at least 1.5× apart, and always the largest.
    kept = [picks[0]]
    for v in picks[1:]:
        if v >= kept[-1] * 1.5:
            kept.append(v)
    kept[-1] = picks[-1]
    return kept


def _matrix_legends(
    artists: MatrixArtists, effort: np.ndarray, effort_scale: float | None, show_ghosts: bool
) -> list[Legend]:
    """Two legends in the right margin: what colours and rings mean, and the effort size key."""
    style = artists.style
    ax = artists.ax
    common: dict[str, Any] = {
        "loc": "upper left",
        "bbox_to_anchor": (1.02, 1.0),
        "borderaxespad": 0.0,
        "frameon": False,
        "fontsize": style.legend_size,
        "labelcolor": style.text,
        "title_fontsize": style.legend_size,
        "alignment": "left",
        "borderpad": 0.2,
    }
    handles = [_legend_marker(80, style.quadrant_colours[q], style.bubble_edge) for q in QUADRANTS]
    names = list(QUADRANTS)
    if np.isnan(effort).any() or (effort <= 0).any():
        handles.append(_legend_marker(80, "none", style.muted, width=2.0))
        names.append("effort not given")
    if show_ghosts and artists.ghosts is not None:
        handles.append(_legend_marker(80, "none", style.ghost, width=1.3))
        names.append("computed position\n(moved by the room)")
    if len(artists.ids):
        handles.append(
            _legend_marker(80, "none", style.selected_edge, width=style.selected_edge_width)
        )
        names.append("selected")
    first = ax.legend(handles, names, title="Quadrant", labelspacing=0.9, **common)
    first.get_title().set_color(style.muted)
    first.get_title().set_fontweight("bold")
    legends = [first]

    known = effort[np.isfinite(effort) & (effort > 0)]
    samples = _effort_samples(known)
    if samples:
        top = effort_scale or float(known.max())
        areas = bubble_areas(np.array(samples), style, top)
        grey = to_rgba(style.muted, 0.45)
        size_handles = [_legend_marker(float(a), grey, style.bubble_edge) for a in areas]
        # Rows must be as tall as the biggest bubble, or the bubbles overlap each other.
        biggest_pt = math.sqrt(float(areas.max()))
        cell = max(biggest_pt / style.legend_size, 0.7) * 1.08
        ax.add_artist(first)  # a second ax.legend() call would replace the first otherwise
        second = ax.legend(
            size_handles,
            [f"effort {v:g}" for v in samples],
            title="Bubble size = effort",
            labelspacing=0.35,
            handleheight=cell,
            handlelength=cell,
            handletextpad=0.6,
            **common,
        )
        second.get_title().set_color(style.muted)
        second.get_title().set_fontweight("bold")
        legends.append(second)
    return legends


def _stack_legends(artists: MatrixArtists, renderer: RendererBase) -> float:
    """Put the legends one under the other in the right margin; returns their width in pixels."""
    ax_box = artists.ax.get_window_extent(renderer)
    y = 1.0
    width = 0.0
    gap = 14.0 * artists.fig.dpi / 72.0
    for legend in artists.legends:
        legend.set_bbox_to_anchor((1.02, y), transform=artists.ax.transAxes)
        ext = legend.get_window_extent(renderer)
        width = max(width, ext.width)
        y -= (ext.height + gap) / max(ax_box.height, 1.0)
    return width


def set_matrix_selection(artists: MatrixArtists, selected: Collection[str]) -> None:
    """Outline the selected bubbles (cheap: only the scatter's edge arrays change)."""
    artists.selected = {str(s) for s in selected}
    if artists.scatter is None:
        return
    sel = np.isin(artists.ids, list(artists.selected))
    edge = artists.edge_colours.copy()
    widths = artists.edge_widths.copy()
    edge[sel] = to_rgba(artists.style.selected_edge)
    widths[sel] = artists.style.selected_edge_width
    artists.scatter.set_edgecolor(_arr(edge))
    artists.scatter.set_linewidth(_arr(widths))
    for ident, label in artists.labels.items():
        label.set_fontweight("bold" if ident in artists.selected else "normal")


def update_quadrant_names(artists: MatrixArtists) -> None:
    """Hide a corner's quadrant name when the view (zoomed or panned) no longer shows it there."""
    (x0, x1), (y0, y1) = artists.ax.get_xlim(), artists.ax.get_ylim()
    result = artists.result
    if result is None:
        return
    ct, bt = result.customer_threshold, result.business_threshold
    right, left = x1 > ct, x0 < ct
    top, bottom = y1 > bt, y0 < bt
    shown = {
        "Sweet spot": right and top,
        "Business-led": left and top,
        "Customer-led": right and bottom,
        "Low overlap": left and bottom,
    }
    for q, text in artists.quadrant_names.items():
        text.set_visible(shown[q])


# Candidate label places around a bubble, in order of preference: right, upper right, above,
# upper left, left, lower left, below, lower right. (dx, dy) is the unit direction.
_DIRECTIONS = np.array(
    [(1, 0), (0.72, 0.72), (0, 1), (-0.72, 0.72), (-1, 0), (-0.72, -0.72), (0, -1), (0.72, -0.72)]
)


def label_extent(label: Text, renderer: RendererBase | None = None) -> Bbox:
    """The text's own box in display pixels (an Annotation's extent would include its leader)."""
    if isinstance(label, Annotation):
        label.update_positions(renderer or _renderer(label.get_figure(root=True)))  # type: ignore[arg-type]
    return Text.get_window_extent(label, renderer)


def place_labels(artists: MatrixArtists, renderer: RendererBase | None = None) -> int:
    """Greedy label placement in display space; returns how many labels had to be hidden.

    In rank order, each label takes the first of 8 places around its bubble (then the same 8 one
    step further out, with a thin leader line) that stays inside the axes and overlaps no label
    placed so far, preferring places that cover no other bubble. Where "ID title" finds no free
    place the ID alone tries again; a label with no free place at all is hidden (the tooltip and
    the backlog still name it). O(n²) on ≤ 150 labels, vectorised over candidates and obstacles.
    """
    if not artists.labels:
        return 0
    renderer = renderer or _renderer(artists.fig)
    ax = artists.ax
    px_per_pt = artists.fig.dpi / 72.0
    centres = artists.display_xy()
    radii = artists.radii_px()
    box = ax.get_window_extent(renderer)
    gap = 2.0 * px_per_pt
    pad = 1.0 * px_per_pt
    row_of = {str(ident): k for k, ident in enumerate(artists.ids)}

    # Obstacles: bubbles (as slightly shrunk squares) and the visible quadrant names.
    r_obs = radii * 0.8
    bubbles = np.column_stack(
        [centres[:, 0] - r_obs, centres[:, 1] - r_obs, centres[:, 0] + r_obs, centres[:, 1] + r_obs]
    )
    fixed = [
        t.get_window_extent(renderer).extents
        for t in artists.quadrant_names.values()
        if t.get_visible()
    ]
    placed = np.zeros((len(artists.labels) + len(fixed), 4))
    placed[: len(fixed)] = np.array(fixed).reshape(-1, 4)
    count = len(fixed)
    inside = (
        (centres[:, 0] >= box.x0)
        & (centres[:, 0] <= box.x1)
        & (centres[:, 1] >= box.y0)
        & (centres[:, 1] <= box.y1)
    )

    leaders = np.zeros((len(artists.labels) * _LEADER_SAMPLES, 2))  # points on leader lines
    n_leaders = 0
    hidden = 0
    for ident, label in artists.labels.items():
        k = row_of.get(ident)
        if k is None or not inside[k]:
            label.set_visible(False)
            continue
        others = np.ones(len(bubbles), dtype=bool)
        others[k] = False
        chosen: np.ndarray | None = None
        far = False
        best_cost = np.inf
        best_text = ""
        texts = [artists.label_texts.get(ident, ident)]
        if texts[0] != ident:
            texts.append(ident)
        for t_index, text in enumerate(texts):
            label.set_text(text)
            ext = label_extent(label, renderer)
            w, h = ext.width + 2 * pad, ext.height + 2 * pad
            c = _label_candidates(centres[k], radii[k], w, h, gap)
            in_axes = (
                (c[:, 0] >= box.x0)
                & (c[:, 2] <= box.x1)
                & (c[:, 1] >= box.y0)
                & (c[:, 3] <= box.y1)
            )
            ok = in_axes & ~_overlaps(c, placed[:count]).any(axis=1)
            # No label over an earlier leader line, and no leader line across a label.
            ok &= ~_contains_any(c, leaders[:n_leaders])
            ring = np.arange(len(c)) >= len(_DIRECTIONS)
            for j in np.flatnonzero(ok & ring):
                if _contains_any(placed[:count], _leader_points(c[j], centres[k])).any():
                    ok[j] = False
            if not ok.any():
                continue
            # Cheapest place: covering another bubble costs more than dropping the title, which
            # costs more than sitting one step further out (with a leader line), which costs
            # more than a less preferred direction.
            covered = _overlaps(c, bubbles[others]).sum(axis=1)
            cost = 4.0 * covered + 2.0 * ring + 0.1 * (np.arange(len(c)) % len(_DIRECTIONS))
            cost = np.where(ok, cost + 3.0 * t_index, np.inf)
            pick = int(np.argmin(cost))
            if cost[pick] < best_cost:
                best_cost, chosen, far, best_text = (
                    float(cost[pick]),
                    c[pick],
                    bool(ring[pick]),
                    text,
                )
        label.set_text(best_text or texts[0])
        if chosen is None:
            label.set_visible(False)
            hidden += 1
            continue
        label.set_visible(True)
        placed[count] = chosen
        count += 1
        if far:
            points = _leader_points(chosen, centres[k])
            leaders[n_leaders : n_leaders + len(points)] = points
            n_leaders += len(points)
        cx, cy = centres[k]
        # Text is anchored at its lower left (ha=left, va=bottom); offsets are in points.
        label.xyann = ((chosen[0] + pad - cx) / px_per_pt, (chosen[1] + pad - cy) / px_per_pt)
        if label.arrow_patch is not None:
            label.arrow_patch.set_visible(far)
    return hidden


_LEADER_SAMPLES = 8


def _leader_points(box: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """Points along a leader line from a label box's centre to its bubble, outside the box."""
    mid = np.array([(box[0] + box[2]) / 2, (box[1] + box[3]) / 2])
    t = np.linspace(0.0, 1.0, _LEADER_SAMPLES + 2)[1:-1, None]
    points = mid + (centre - mid) * t
    outside = ~(
        (points[:, 0] >= box[0])
        & (points[:, 0] <= box[2])
        & (points[:, 1] >= box[1])
        & (points[:, 1] <= box[3])
    )
    # Keep the array shape fixed (callers preallocate): points inside the box become the centre.
    return np.where(outside[:, None], points, centre)


def _contains_any(boxes: np.ndarray, points: np.ndarray) -> np.ndarray:
    """For each box (x0, y0, x1, y1), whether any of `points` lies inside it."""
    if len(points) == 0 or len(boxes) == 0:
        return np.zeros(len(boxes), dtype=bool)
    px, py = points[None, :, 0], points[None, :, 1]
    inside = (
        (px > boxes[:, 0:1]) & (px < boxes[:, 2:3]) & (py > boxes[:, 1:2]) & (py < boxes[:, 3:4])
    )
    return np.asarray(inside.any(axis=1))


def _label_candidates(
    centre: np.ndarray, radius: float, w: float, h: float, gap: float
) -> np.ndarray:
    """16 boxes (x0, y0, x1, y1): 8 directions next to the bubble, then 8 further out."""
    cands = []
    for reach in (radius + gap, radius + gap + 1.6 * h):
        dx, dy = _DIRECTIONS[:, 0] * reach, _DIRECTIONS[:, 1] * reach
        # Anchor each box on the side its direction points to (left of the bubble: the box
        # ends at the bubble; above: it starts there; centred where the direction is 0).
        x0 = centre[0] + dx - w * (0.5 - 0.5 * np.sign(_DIRECTIONS[:, 0]))
        y0 = centre[1] + dy - h * (0.5 - 0.5 * np.sign(_DIRECTIONS[:, 1]))
        cands.append(np.column_stack([x0, y0, x0 + w, y0 + h]))
    return np.vstack(cands)


def _overlaps(candidates: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """(n_candidates, n_boxes) booleans: which candidate boxes (x0, y0, x1, y1) overlap which."""
    if len(boxes) == 0:
        return np.zeros((len(candidates), 0), dtype=bool)
    c = candidates[:, None, :]
    b = boxes[None, :, :]
    hit = (c[..., 0] < b[..., 2]) & (c[..., 2] > b[..., 0])
    hit &= (c[..., 1] < b[..., 3]) & (c[..., 3] > b[..., 1])
    return np.asarray(hit)


def matrix_figure(
    result: ScoreResult,
    *,
    size: tuple[float, float] = (10, 7),
    dpi: float = 150,
    style: MatrixStyle | None = None,
    title: str | None = "Sweet-spot matrix",
    **kwargs: Any,
) -> tuple[Figure, MatrixArtists]:
    """A stand-alone figure (Agg canvas) with the matrix drawn: for PNG and report pages."""
    fig = Figure(figsize=size, dpi=dpi)
    FigureCanvasAgg(fig)
    artists = draw_matrix(fig, result, style=style, title=title, **kwargs)
    return fig, artists


def save_matrix_png(
    path: str | Path,
    result: ScoreResult,
    *,
    dpi: float = 150,
    size: tuple[float, float] = (10, 7),
    style: MatrixStyle | None = None,
    title: str | None = "Sweet-spot matrix",
) -> Path:
    """Write the matrix as a PNG (no tight cropping: pixels map exactly to the figure)."""
    path = Path(path)
    fig, _ = matrix_figure(result, size=size, dpi=dpi, style=style, title=title)
    fig.savefig(path, dpi=dpi, facecolor=fig.get_facecolor())
    return path


# --------------------------------------------------------------------------------------------
# The overlap graph

NodeKind = Literal["insight", "initiative", "objective"]
NodeKey = tuple[str, str]
KINDS: tuple[NodeKind, ...] = ("insight", "initiative", "objective")
# Two short lines each (the count is added): three columns fit side by side on a laptop.
COLUMN_TITLES = {
    "insight": "Customer\nneeds",
    "initiative": "Initiatives\nby rank",
    "objective": "Business\nobjectives",
}
# Customer side in blue, business side in amber, as in the matrix's quadrant names.
KIND_COLOURS = {"insight": "#56B4E9", "objective": "#F0B030"}
KIND_MARKERS = {"insight": "o", "initiative": "D", "objective": "s"}


@dataclass
class GraphArtists:
    """What draw_graph made: node positions by key, the artists, and the attention flags."""

    fig: Figure
    ax: Axes
    style: MatrixStyle
    layout: str  # the layout actually used ("layered" or "force")
    keys: list[NodeKey]  # node (kind, id) per row of xy, grouped by kind
    xy: np.ndarray  # (n, 2) data positions
    sizes: np.ndarray  # marker areas in points²
    slices: dict[str, slice]  # rows of each kind in keys/xy
    scatters: dict[str, PathCollection]
    face_colours: dict[str, np.ndarray]
    edge_colours: dict[str, np.ndarray]
    edges: LineCollection | None
    edge_nodes: np.ndarray  # (m, 2) row indices into keys of each edge's ends
    edge_strength: np.ndarray
    edge_colours_base: np.ndarray
    labels: dict[NodeKey, Annotation]
    flags: dict[NodeKey, str]  # node → why it needs attention
    nodes: pd.DataFrame  # kind, id, label, weight per row of keys
    degree: np.ndarray  # links per node
    table: pd.DataFrame  # the result table indexed by initiative ID
    note: str = ""
    highlighted: set[NodeKey] = field(default_factory=set)
    index: dict[NodeKey, int] = field(default_factory=dict)
    # On big graphs the highlighted edges are drawn here and the full collection is hidden.
    focus_edges: LineCollection | None = None
    # Figure size the node sizes and fonts were worked out for (a view redraws when it changes).
    size_inches: tuple[float, float] = (0.0, 0.0)

    def display_xy(self) -> np.ndarray:
        if len(self.xy) == 0:
            return np.zeros((0, 2))
        return np.asarray(self.ax.transData.transform(self.xy))

    def radii_px(self) -> np.ndarray:
        return np.sqrt(self.sizes) / 2.0 * self.fig.dpi / 72.0

    def x_of_kind(self, kind: str) -> np.ndarray:
        return self.xy[self.slices[kind], 0]

    def node_info(self, key: NodeKey) -> dict[str, Any]:
        """What a tooltip says about one node (built on demand: 5,000 needs cost nothing)."""
        row = self.index.get(key)
        if row is None:
            return {}
        item: dict[str, Any] = {
            "label": str(self.nodes["label"].iat[row]),
            "weight": float(self.nodes["weight"].to_numpy(float)[row]),
            "links": int(self.degree[row]) if row < len(self.degree) else 0,
        }
        if key in self.flags:
            item["flag"] = self.flags[key]
        if key[0] == "initiative" and key[1] in self.table.index:
            found = self.table.loc[key[1]]
            for col in ("rank", "customer_impact", "business_impact", "score", "quadrant"):
                item[col] = found[col]
        return item

    def positions(self) -> dict[NodeKey, tuple[float, float]]:
        """Node positions by key, to pass back to draw_graph and keep a layout steady."""
        return {k: (float(x), float(y)) for k, (x, y) in zip(self.keys, self.xy, strict=True)}


def _graph_tables(workshop: Workshop, result: ScoreResult) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes (kind, id, label, weight) and edges (source key, target key, strength).

    The same tables, in the same order, as `_tables_from_networkx(build_graph(workshop,
    result))` (tests/core/test_plotting.py checks it), computed with pandas and numpy directly:
    at M (5,500 nodes, 10,000 links) networkx and the conversion back took 0.3–0.5 s of the
    1 s the whole graph may take.
    """
    return _direct_graph_tables(workshop, result)


def _first_ids(table: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Rows with the first occurrence of each ID (validation reports repeats), and the IDs."""
    ids = table["id"].astype(str) if "id" in table else pd.Series([], dtype=str)
    keep = ~ids.duplicated().to_numpy()
    return table.loc[keep], ids[keep].to_numpy().astype(object)


def _blank_text(table: pd.DataFrame, name: str) -> np.ndarray:
    if name not in table:
        return np.full(len(table), "", dtype=object)
    values = table[name]
    return values.astype(object).where(values.notna(), "").astype(str).to_numpy().astype(object)


def _direct_graph_tables(
    workshop: Workshop, result: ScoreResult
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and edges as `sweetspot.core.graph.build_graph` defines them, without networkx."""
    ins, ins_ids = _first_ids(workshop.insights)
    obj, obj_ids = _first_ids(workshop.objectives)
    inits, init_ids = _first_ids(workshop.initiatives)
    n_ins, n_obj, n_init = len(ins_ids), len(obj_ids), len(init_ids)

    ins_weight = result.need_weights.groupby(level=0).first().reindex(ins_ids).to_numpy()
    ins_weight = np.nan_to_num(ins_weight.astype(float), nan=0.0)
    # Initiatives in rank order (unranked ones last, in table order).
    t = result.table
    if len(t):
        ranked = pd.Index(t["id"].astype(str)).drop_duplicates()
        rank = ranked.get_indexer(pd.Index(init_ids))
        rank = np.where(rank < 0, n_init + len(t), rank)
        order = np.lexsort((np.arange(n_init), rank))
    else:
        order = np.arange(n_init)
    by_id = t.assign(id=t["id"].astype(str)).drop_duplicates("id").set_index("id")
    init_scores = by_id["score"].reindex(init_ids[order]).to_numpy(float)
    obj_weight = (
        pd.to_numeric(obj["weight"], errors="coerce").to_numpy(float)
        if "weight" in obj
        else np.full(n_obj, np.nan)
    )
    nodes = pd.DataFrame(
        {
            "kind": ["insight"] * n_ins + ["initiative"] * n_init + ["objective"] * n_obj,
            "id": np.concatenate([ins_ids, init_ids[order], obj_ids]),
            "label": np.concatenate(
                [
                    _blank_text(ins, "need"),
                    _blank_text(inits, "initiative")[order],
                    _blank_text(obj, "objective"),
                ]
            ),
            "weight": np.concatenate([ins_weight, init_scores, obj_weight]).astype(float),
        }
    )

    links = workshop.links
    init = pd.Index(init_ids).get_indexer(pd.Index(links["initiative"].astype(str)))
    targets = pd.Index(links["target"].astype(str))
    target = pd.Index(ins_ids).get_indexer(targets)
    # An ID that is both an insight and an objective reads as the insight, as in scoring.
    rest = target < 0
    on_obj = pd.Index(obj_ids).get_indexer(targets[rest])
    target[rest] = np.where(on_obj >= 0, on_obj + n_ins, -1)
    strength = pd.to_numeric(links["strength"], errors="coerce").to_numpy(float)
    strength = np.clip(np.nan_to_num(strength, nan=0.0), 0.0, FULL_STRENGTH)
    keep = (init >= 0) & (target >= 0) & (strength > 0)
    init, target, strength = init[keep], target[keep], strength[keep]
    pair = init.astype(np.int64) * max(n_ins + n_obj, 1) + target
    if len(np.unique(pair)) != len(pair):  # a repeated pair counts once, at its strongest
        first_of = np.lexsort((-strength, pair))
        first = np.r_[True, np.diff(pair[first_of]) != 0]
        chosen = np.sort(first_of[first])
        init, target, strength = init[chosen], target[chosen], strength[chosen]
    # networkx lists each edge from the endpoint added first: insights (in their order), then
    # initiatives by rank; within a node, in link order. Keep that order (it is the drawing
    # order of the edges).
    init_pos = np.empty(n_init, dtype=np.int64)
    init_pos[order] = np.arange(n_init)
    customer = target < n_ins
    first_end = np.where(customer, target, n_ins + init_pos[init])
    seq = np.lexsort((np.arange(len(init)), first_end))
    init, target, strength, customer = init[seq], target[seq], strength[seq], customer[seq]
    edges = pd.DataFrame(
        {
            "a_kind": "initiative",
            "a_id": init_ids[init] if len(init) else np.array([], dtype=object),
            "b_kind": np.where(customer, "insight", "objective").astype(object),
            "b_id": np.where(
                customer,
                ins_ids[np.clip(target, 0, max(n_ins - 1, 0))] if n_ins else "",
                obj_ids[np.clip(target - n_ins, 0, max(n_obj - 1, 0))] if n_obj else "",
            ).astype(object),
            "strength": strength.astype(float),
        }
    )
    return nodes, edges


def _tables_from_networkx(g: nx.Graph) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = []
    raw_weights = []
    for key, data in g.nodes(data=True):
        kind = str(data.get("kind", key[0] if isinstance(key, tuple) else ""))
        ident = str(data.get("id", key[1] if isinstance(key, tuple) else key))
        rows.append((kind, ident, str(data.get("label", ident))))
        raw_weights.append(data.get("weight"))
    nodes = pd.DataFrame(rows, columns=["kind", "id", "label"])
    # One conversion for all nodes (a Series per node cost ~0.1 ms each: 0.6 s at M).
    nodes["weight"] = pd.to_numeric(pd.Series(raw_weights, dtype=object), errors="coerce").to_numpy(
        float
    )
    key_of = {k: (str(d.get("kind", k[0])), str(d.get("id", k[1]))) for k, d in g.nodes(data=True)}
    erows = []
    for a, b, data in g.edges(data=True):
        ka, kb = key_of[a], key_of[b]
        if kb[0] == "initiative" and ka[0] != "initiative":
            ka, kb = kb, ka
        erows.append((*ka, *kb, float(data.get("strength") or 0.0)))
    edges = pd.DataFrame(erows, columns=["a_kind", "a_id", "b_kind", "b_id", "strength"])
    return nodes, edges


def _layered_xy(
    nodes: pd.DataFrame, a: np.ndarray, b: np.ndarray, w: np.ndarray, rank: Mapping[str, int]
) -> np.ndarray:
    """Three columns (needs, initiatives, objectives); initiatives top-down by rank, and the
    needs and objectives beside the initiatives they connect to (barycentre order), which keeps
    edge crossings few. `a`, `b` are the rows of each link's initiative and target; vectorised
    with bincount, so 5,000 needs lay out in milliseconds."""
    n = len(nodes)
    xy = np.zeros((n, 2))
    kinds = nodes["kind"].to_numpy()
    init_rows = np.flatnonzero(kinds == "initiative")
    init_ids = nodes["id"].to_numpy()[init_rows]
    order = np.argsort([rank.get(str(i), 10**9) for i in init_ids], kind="stable")
    pos = np.full(n, np.nan)
    pos[init_rows[order]] = _spread(len(init_rows))
    for kind in ("insight", "objective"):
        rows = np.flatnonzero(kinds == kind)
        if rows.size == 0:
            continue
        mask = np.isin(b, rows) & np.isfinite(pos[a])
        num = np.bincount(b[mask], weights=w[mask] * pos[a[mask]], minlength=n)
        den = np.bincount(b[mask], weights=w[mask], minlength=n)
        with np.errstate(invalid="ignore", divide="ignore"):
            bary = np.where(den[rows] > 0, num[rows] / den[rows], -1.0)  # unlinked at the bottom
        ordered = rows[np.lexsort((np.arange(rows.size), -bary))]
        pos[ordered] = _spread(rows.size)
    column = {"insight": 0.0, "initiative": 1.0, "objective": 2.0}
    xy[:, 0] = pd.Series(kinds).map(column).fillna(1.0).to_numpy(float)
    xy[:, 1] = pos
    return xy


def _spread(n: int) -> np.ndarray:
    """n positions from top (1) to bottom (0), centred, evenly spaced."""
    return 1.0 - (np.arange(n) + 0.5) / max(n, 1)


def _flags(report: OverlapReport | None) -> dict[NodeKey, str]:
    flags: dict[NodeKey, str] = {}
    if report is None:
        return flags
    unmet = getattr(report, "unmet_needs", None)
    if isinstance(unmet, pd.DataFrame) and "id" in unmet:
        for i in unmet["id"].astype(str):
            flags[("insight", i)] = "Unmet need: no initiative addresses it strongly"
    uncovered = getattr(report, "uncovered_objectives", None)
    if isinstance(uncovered, pd.DataFrame) and "id" in uncovered:
        for i in uncovered["id"].astype(str):
            flags[("objective", i)] = "Uncovered objective: no initiative serves it"
    for i in getattr(report, "business_push", []) or []:
        flags[("initiative", str(i))] = "One-sided: serves no customer need (business push)"
    for i in getattr(report, "customer_only", []) or []:
        flags[("initiative", str(i))] = "One-sided: serves no business objective"
    return flags


def draw_graph(
    fig: Figure,
    workshop: Workshop,
    result: ScoreResult,
    report: OverlapReport | None = None,
    *,
    layout: Literal["layered", "force"] = "layered",
    selected: Collection[str] = (),
    style: MatrixStyle | None = None,
    labels: bool = True,
    limits: tuple[tuple[float, float], tuple[float, float]] | None = None,
    positions: Mapping[NodeKey, tuple[float, float]] | None = None,
) -> GraphArtists:
    """Draw the overlap graph: needs, initiatives and objectives, and the links between them.

    Edge width ∝ link strength (one LineCollection), node area ∝ weight (one scatter per kind),
    initiatives coloured by quadrant, nodes needing attention outlined in vermillion. `selected`
    are initiative IDs whose neighbourhood is highlighted (see `highlight_graph`). `positions`
    (from an earlier `GraphArtists.positions()`) skips the layout when it covers every node, so
    a force layout does not jump about or cost its seconds again after each re-score.
    """
    style = style or MatrixStyle.light()
    fig.clear()
    fig.set_facecolor(style.background)
    ax = fig.add_subplot(1, 1, 1)
    ax.set_facecolor(style.background)
    ax.set_axis_off()
    # The legend sits right of the axes and needs about 2.2 inches at the normal font size
    # whatever the window's width: a narrow canvas gives the columns less, never clips it.
    legend_in = 2.2 * style.legend_size / 8.5
    fig_w_in = max(float(fig.get_size_inches()[0]), 1.0)
    width = float(np.clip(1.0 - 0.03 - legend_in / fig_w_in, 0.5, 0.80))
    ax.set_position((0.01, 0.02, width, 0.91))

    nodes, edges = _graph_tables(workshop, result)
    kind_rank = {k: i for i, k in enumerate(KINDS)}
    nodes = nodes.loc[nodes["kind"].isin(KINDS)].copy()
    nodes["_k"] = nodes["kind"].map(kind_rank)
    nodes = nodes.sort_values("_k", kind="stable").drop(columns="_k").reset_index(drop=True)
    nodes["id"] = nodes["id"].astype(str)
    keys: list[NodeKey] = list(zip(nodes["kind"], nodes["id"], strict=True))
    index = {k: i for i, k in enumerate(keys)}
    # Link ends as node rows, looked up in one vectorised pass (10,000 links: milliseconds).
    key_index = pd.Index(nodes["kind"] + "\x1f" + nodes["id"])
    ea = key_index.get_indexer(pd.Index(edges["a_kind"] + "\x1f" + edges["a_id"].astype(str)))
    eb = key_index.get_indexer(pd.Index(edges["b_kind"] + "\x1f" + edges["b_id"].astype(str)))
    keep = (ea >= 0) & (eb >= 0)
    edges = edges.loc[keep].reset_index(drop=True)
    ea, eb = ea[keep], eb[keep]
    strength = edges["strength"].to_numpy(float)
    rank = result.ranks()

    used: str = layout
    note = ""
    if layout == "force" and len(keys) > MAX_FORCE_NODES:
        used = "layered"
        note = (
            f"Force layout is for up to {MAX_FORCE_NODES} nodes; this workshop has {len(keys)}, "
            "so it is shown in columns."
        )
    if positions is not None and all(k in positions for k in keys):
        xy = np.array([positions[k] for k in keys], dtype=float).reshape(-1, 2)
    elif used == "force":
        xy = _force_xy(len(keys), ea, eb, strength)
    else:
        xy = _layered_xy(nodes, ea, eb, strength, rank)
    slices: dict[str, slice] = {}
    kinds = nodes["kind"].to_numpy()
    for kind in KINDS:
        rows = np.flatnonzero(kinds == kind)
        slices[kind] = slice(int(rows[0]), int(rows[-1]) + 1) if rows.size else slice(0, 0)

    # Axis extents first: node sizes and label fonts depend on how much room each node gets.
    if used == "layered":
        home = ((-0.95, 2.95), (-0.02, 1.06))
    else:
        pad = 0.12
        lo, hi = xy.min(axis=0) if len(xy) else (0, 0), xy.max(axis=0) if len(xy) else (1, 1)
        home = ((lo[0] - 3 * pad, hi[0] + 3 * pad), (lo[1] - pad, hi[1] + 2 * pad))
    (x0, x1), (y0, y1) = limits or home
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax_h_pt = ax.get_position().height * fig.get_size_inches()[1] * 72.0

    flags = _flags(report)
    weights = nodes["weight"].to_numpy(float)
    sizes = np.zeros(len(keys))
    for kind in KINDS:
        sl = slices[kind]
        n_kind = sl.stop - sl.start
        if n_kind == 0:
            continue
        spacing_pt = ax_h_pt / (y1 - y0) / max(n_kind, 1) if used == "layered" else 18.0
        biggest = float(np.clip((0.95 * spacing_pt) ** 2, 6.0, 520.0))
        w = np.nan_to_num(weights[sl], nan=0.0)
        top = w.max() if w.size and w.max() > 0 else 1.0
        sizes[sl] = np.maximum(biggest * w / top, max(biggest * 0.12, 5.0))
        # A flagged node must be big enough for its vermillion ring to be seen.
        flagged_rows = [i for i, k in enumerate(keys[sl]) if k in flags] if flags else []
        sizes[sl][flagged_rows] = np.maximum(sizes[sl][flagged_rows], min(biggest, 60.0))

    table = result.table.set_index(result.table["id"].astype(str))
    scatters: dict[str, PathCollection] = {}
    faces: dict[str, np.ndarray] = {}
    edge_cols: dict[str, np.ndarray] = {}
    for kind in KINDS:
        sl = slices[kind]
        if sl.stop == sl.start:
            continue
        ids = [k[1] for k in keys[sl]]
        if kind == "initiative":
            face = _quadrant_rgba([table["quadrant"].get(i, "Low overlap") for i in ids], style)
        else:
            face = np.tile(to_rgba(KIND_COLOURS[kind]), (len(ids), 1))
        face[:, 3] = 0.92
        flagged = np.array([(kind, i) in flags for i in ids], dtype=bool)
        ecol = np.tile(to_rgba(style.background), (len(ids), 1))
        ecol[flagged] = to_rgba(ATTENTION_COLOUR)
        widths = np.where(flagged, 2.6 * style.line_width, 0.6)
        scatters[kind] = ax.scatter(
            xy[sl, 0],
            xy[sl, 1],
            s=sizes[sl],
            marker=KIND_MARKERS[kind],
            facecolors=_arr(face),
            edgecolors=_arr(ecol),
            linewidths=_arr(widths),
            zorder=4,
        )
        faces[kind] = face
        edge_cols[kind] = ecol

    edge_nodes = np.column_stack([ea, eb]).astype(int).reshape(-1, 2)
    base_edge_colours = np.zeros((0, 4))
    lines: LineCollection | None = None
    if len(edges):
        a, b = ea, eb
        segs = np.stack([xy[a], xy[b]], axis=1)
        customer_side = (edges["b_kind"] == "insight").to_numpy()
        scale = 1.0 if len(edges) < 400 else 0.6
        widths_pt = scale * (0.5 + 3.0 * np.clip(strength, 0, FULL_STRENGTH) / FULL_STRENGTH)
        # Thousands of overlapping edges at a fixed alpha make a solid wall: fade each side so
        # that, on average, its edges cover about 30% of the area they cross.
        seg_px = ax.transData.transform(segs.reshape(-1, 2)).reshape(-1, 2, 2)
        ink = np.hypot(*(seg_px[:, 1] - seg_px[:, 0]).T) * widths_pt * fig.dpi / 72.0
        area_box = ax.get_window_extent()
        area = max(area_box.width * area_box.height / 2.0, 1.0)  # each side has half the width
        base_edge_colours = np.zeros((len(edges), 4))
        for side, colour in ((True, KIND_COLOURS["insight"]), (False, KIND_COLOURS["objective"])):
            mine = customer_side == side
            overlap = float(ink[mine].sum()) / area
            alpha = 1.0 - 0.7 ** (1.0 / max(overlap, 1e-6))
            base_edge_colours[mine] = to_rgba(colour, float(np.clip(alpha, 0.02, 0.45)))
        lines = LineCollection(
            _arr(segs),
            linewidths=_arr(widths_pt),
            colors=_arr(base_edge_colours),
            zorder=2,
            capstyle="round",
        )
        ax.add_collection(lines, autolim=False)

    degree = np.bincount(edge_nodes.ravel(), minlength=len(keys)) if len(keys) else np.zeros(0)
    artists = GraphArtists(
        fig=fig,
        ax=ax,
        style=style,
        layout=used,
        keys=keys,
        xy=xy,
        sizes=sizes,
        slices=slices,
        scatters=scatters,
        face_colours=faces,
        edge_colours=edge_cols,
        edges=lines,
        edge_nodes=edge_nodes,
        edge_strength=strength,
        edge_colours_base=base_edge_colours,
        labels={},
        flags=flags,
        nodes=nodes,
        degree=degree,
        table=table,
        note=note,
        index=index,
        size_inches=(float(fig.get_size_inches()[0]), float(fig.get_size_inches()[1])),
    )
    if labels:
        _graph_labels(artists, nodes, ax_h_pt / (y1 - y0))
    if used == "layered":
        for kind, x in (("insight", 0.0), ("initiative", 1.0), ("objective", 2.0)):
            n_kind = slices[kind].stop - slices[kind].start
            ax.text(
                x,
                1.035,
                f"{COLUMN_TITLES[kind]} ({n_kind})",
                ha="center",
                va="bottom",
                fontsize=style.axis_label_size,
                fontweight="bold",
                color=style.text,
                zorder=7,
            )
    _graph_legend(artists)
    if note:
        fig.text(0.01, 0.005, note, color=style.muted, fontsize=style.note_size, va="bottom")
    highlight_graph(artists, [("initiative", str(s)) for s in selected])
    return artists


def _force_xy(n: int, a: np.ndarray, b: np.ndarray, strength: np.ndarray) -> np.ndarray:
    import networkx as nx

    if n == 0:
        return np.zeros((0, 2))
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from(
        zip(a.tolist(), b.tolist(), (strength / FULL_STRENGTH).tolist(), strict=True)
    )
    k = 1.6 / math.sqrt(n)
    pos = nx.spring_layout(g, k=k, seed=7, iterations=50, weight="weight")
    return np.array([pos[i] for i in range(n)], dtype=float)


def _graph_labels(artists: GraphArtists, nodes: pd.DataFrame, pt_per_unit_y: float) -> None:
    style = artists.style
    ax = artists.ax
    fig = artists.fig
    width_pt = ax.get_position().width * fig.get_size_inches()[0] * 72.0
    x0, x1 = ax.get_xlim()
    pt_per_unit_x = width_pt / (x1 - x0)
    layered = artists.layout == "layered"
    for kind in KINDS:
        sl = artists.slices[kind]
        n_kind = sl.stop - sl.start
        if n_kind == 0 or n_kind > MAX_LABELLED_NODES_PER_COLUMN:
            continue
        if layered:
            spacing = pt_per_unit_y / max(n_kind, 1)
            size = min(style.label_size, spacing * 0.78)
            if size < 5.5:
                continue
            # Room for text: most of the way to the next column (or to the edge).
            room_pt = (0.9 if kind != "initiative" else 0.6) * pt_per_unit_x
        else:
            if len(artists.keys) > 60 and kind != "initiative":
                continue
            size = style.label_size * 0.9
            room_pt = 150.0 if kind == "initiative" else 110.0
        limit = max(int(room_pt / (0.55 * size)), 6)
        for row in range(sl.start, sl.stop):
            key = artists.keys[row]
            text = f"{key[1]} {nodes['label'].iat[row]}"
            x, y = artists.xy[row]
            r_pt = math.sqrt(artists.sizes[row]) / 2.0 + 3.0
            if layered and kind == "insight":
                offset, ha = (-r_pt, 0.0), "right"
            else:
                offset, ha = (r_pt, 0.0), "left"
            artists.labels[key] = ax.annotate(
                shorten(text, limit),
                xy=(x, y),
                xytext=offset,
                textcoords="offset points",
                ha=ha,
                va="center",
                fontsize=size,
                color=style.text,
                zorder=6,
                path_effects=_halo(style, 2.4),
                annotation_clip=True,
            )
    if not layered:
        _declutter_graph_labels(artists)


def _declutter_graph_labels(artists: GraphArtists) -> None:
    """In a force layout labels can collide: keep objectives' first (few, they anchor the
    picture), then initiatives', then needs' (heaviest first); hide any that would overlap."""
    renderer = _renderer(artists.fig)
    weights = np.nan_to_num(artists.nodes["weight"].to_numpy(float), nan=0.0)
    weight = {k: float(weights[artists.index[k]]) for k in artists.labels}
    order = sorted(
        artists.labels,
        key=lambda k: (("objective", "initiative", "insight").index(k[0]), -weight[k]),
    )
    kept = np.zeros((len(order), 4))
    count = 0
    for key in order:
        box = np.array(label_extent(artists.labels[key], renderer).extents)
        if count and _overlaps(box[None, :], kept[:count]).any():
            artists.labels[key].set_visible(False)
            continue
        kept[count] = box
        count += 1


def _graph_legend(artists: GraphArtists) -> None:
    style = artists.style
    handles: list[Line2D] = []
    names: list[str] = []

    def node(marker: str, face: Any, edge: Any = "none", width: float = 0.0) -> Line2D:
        return Line2D(
            [],
            [],
            linestyle="none",
            marker=marker,
            markersize=10,
            markerfacecolor=face,
            markeredgecolor=edge,
            markeredgewidth=width,
        )

    handles.append(node("o", KIND_COLOURS["insight"]))
    names.append("Customer need\n(size = need weight)")
    for q in QUADRANTS:
        handles.append(node("D", style.quadrant_colours[q]))
        names.append(f"Initiative: {q.lower()}")
    handles.append(node("s", KIND_COLOURS["objective"]))
    names.append("Business objective\n(size = weight)")
    handles.append(node("o", "none", ATTENTION_COLOUR, 2.2))
    names.append("Needs attention (unmet,\nuncovered or one-sided)")
    for s, label in ((1.0, "weak link"), (3.0, "medium link"), (9.0, "strong link")):
        handles.append(Line2D([], [], color=style.muted, linewidth=0.5 + 3.0 * s / FULL_STRENGTH))
        names.append(label)
    legend = artists.ax.legend(
        handles,
        names,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        fontsize=style.legend_size,
        labelcolor=style.text,
        labelspacing=0.9,
        handlelength=1.8,
        borderaxespad=0.0,
    )
    legend.set_zorder(8)


def neighbourhood(artists: GraphArtists, selected: Iterable[NodeKey]) -> set[NodeKey]:
    """The selected nodes and what they connect to. A need or an objective reaches through its
    initiatives to the other side, because the overlap is the point of the picture."""
    chosen = {k for k in selected if k in artists.index}
    if not chosen or len(artists.edge_nodes) == 0:
        return chosen
    rows = np.array([artists.index[k] for k in chosen])
    a, b = artists.edge_nodes[:, 0], artists.edge_nodes[:, 1]
    near = set(rows.tolist())
    touching = np.isin(a, rows) | np.isin(b, rows)
    near |= set(a[touching].tolist()) | set(b[touching].tolist())
    other_side = {"insight": "objective", "objective": "insight"}
    wanted = {other_side[k[0]] for k in chosen if k[0] in other_side}
    if wanted:
        inits = [i for i in near if artists.keys[i][0] == "initiative"]
        through = np.isin(a, inits)
        near |= {i for i in b[through].tolist() if artists.keys[i][0] in wanted}
    return {artists.keys[i] for i in near}


def highlight_graph(artists: GraphArtists, selected: Iterable[NodeKey]) -> set[NodeKey]:
    """Dim everything outside the neighbourhood of `selected`; restore all when empty."""
    near = neighbourhood(artists, selected)
    artists.highlighted = near
    chosen = {k for k in selected if k in artists.index}
    dim = 0.12
    for kind, scatter in artists.scatters.items():
        sl = artists.slices[kind]
        face = artists.face_colours[kind].copy()
        edge = artists.edge_colours[kind].copy()
        if near:
            inside = np.array([k in near for k in artists.keys[sl]], dtype=bool)
            face[~inside, 3] = dim
            edge[~inside, 3] = dim
            sel = np.array([k in chosen for k in artists.keys[sl]], dtype=bool)
            edge[sel] = to_rgba(artists.style.selected_edge)
        scatter.set_facecolor(_arr(face))
        scatter.set_edgecolor(_arr(edge))
    if artists.focus_edges is not None:
        artists.focus_edges.remove()
        artists.focus_edges = None
    if artists.edges is not None:
        colours = artists.edge_colours_base.copy()
        inside = np.zeros(len(colours), dtype=bool)
        if near:
            rows = np.array([artists.index[k] for k in near])
            a, b = artists.edge_nodes[:, 0], artists.edge_nodes[:, 1]
            inside = np.isin(a, rows) & np.isin(b, rows)
            colours[inside, 3] = 0.85
            colours[~inside, 3] = 0.03
        artists.edges.set_color(_arr(colours))
        # Thousands of edges at 3% ink still cost their full rasterising time (~0.45 s for
        # 10,000): on big graphs draw only the highlighted ones, as a small extra collection.
        big = len(colours) > MAX_DIMMED_EDGES
        artists.edges.set_visible(not (near and big))
        if near and big and inside.any():
            segments = np.asarray(artists.edges.get_segments(), dtype=object)
            widths = np.broadcast_to(artists.edges.get_linewidth(), (len(colours),))
            artists.focus_edges = LineCollection(
                list(segments[inside]),
                linewidths=_arr(np.asarray(widths)[inside]),
                colors=_arr(colours[inside]),
                zorder=2,
                capstyle="round",
            )
            artists.ax.add_collection(artists.focus_edges, autolim=False)
    for key, text in artists.labels.items():
        text.set_alpha(1.0 if not near or key in near else 0.25)
        text.set_fontweight("bold" if key in chosen else "normal")
    return near


def graph_tooltip(artists: GraphArtists, key: NodeKey) -> str:
    """Tooltip text (Qt rich text) for one node."""
    item = artists.node_info(key)
    kind, ident = key
    name = _html(str(item.get("label", "")))
    lines = [f"<b>{_html(ident)}</b> — {name}"]
    if kind == "insight":
        lines.append(f"Customer need · need weight {_fmt(item.get('weight', float('nan')), 2)}")
    elif kind == "objective":
        lines.append(f"Business objective · weight {_fmt(item.get('weight', float('nan')), 1)}")
    else:
        lines.append(
            f"Initiative · rank {item.get('rank', '—')} · {item.get('quadrant', '')}<br>"
            f"Customer impact {_fmt(item.get('customer_impact', float('nan')))} · "
            f"business impact {_fmt(item.get('business_impact', float('nan')))} · "
            f"sweet-spot score {_fmt(item.get('score', float('nan')))}"
        )
    lines.append(f"{item.get('links', 0)} link(s)")
    if "flag" in item:
        lines.append(f"<span style='color:{ATTENTION_COLOUR}'>{_html(item['flag'])}</span>")
    return "<br>".join(lines)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def matrix_tooltip(result: ScoreResult, initiative_id: str) -> str:
    """Tooltip text (Qt rich text) for one bubble: what the room asks about a bubble."""
    row = result.row(initiative_id)
    lines = [
        f"<b>{_html(str(row['id']))}</b> — {_html(shorten(row['initiative'], 60))}",
        f"Rank {int(row['rank'])} · {_html(str(row['quadrant']))}",
        f"Customer impact {_fmt(row['customer_impact'])} · "
        f"business impact {_fmt(row['business_impact'])}",
        f"Sweet-spot score {_fmt(row['score'])} · value for effort {_fmt(row['value'], 2)}"
        + (f" (effort {row['effort']:g})" if np.isfinite(row["effort"]) else " (effort not given)"),
    ]
    if bool(row["overridden"]):
        reason = str(row["override_reason"] or "").strip()
        lines.append(
            "<i>Placed by the room</i> (computed "
            f"{_fmt(row['computed_customer_impact'])}, {_fmt(row['computed_business_impact'])})"
            + (f": {_html(reason)}" if reason else "")
        )
    for title, col in (
        ("Top customer drivers", "top_customer_drivers"),
        ("Top business drivers", "top_business_drivers"),
    ):
        text = str(row.get(col, "") or "")
        if text:
            items = "".join(f"<br>&nbsp;&nbsp;• {_html(p.strip())}" for p in text.split(";"))
            lines.append(f"{title}:{items}")
    return "<br>".join(lines)


__all__ = [
    "ATTENTION_COLOUR",
    "QUADRANT_COLOURS",
    "QUADRANT_COLOURS_DARK",
    "GraphArtists",
    "MatrixArtists",
    "MatrixStyle",
    "NodeKey",
    "bubble_areas",
    "draw_graph",
    "draw_matrix",
    "graph_tooltip",
    "highlight_graph",
    "label_extent",
    "matrix_dynamic_artists",
    "matrix_figure",
    "matrix_home_limits",
    "matrix_tooltip",
    "neighbourhood",
    "place_labels",
    "relayout_matrix",
    "save_matrix_png",
    "set_matrix_selection",
    "shorten",
    "update_matrix",
    "update_quadrant_names",
]
