"""The legends in the right margin. The matrix has two (what colours and rings mean, and the
effort size key), stacked by `stack_legends`; the graph has one (kinds, attention, links)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D

from sweetspot.core.model import FULL_STRENGTH
from sweetspot.core.plot.common import ATTENTION_COLOUR, KIND_COLOURS, bubble_areas
from sweetspot.core.scoring import QUADRANTS

if TYPE_CHECKING:
    from matplotlib.backend_bases import RendererBase
    from matplotlib.legend import Legend

    from sweetspot.core.plot.artists import GraphArtists, MatrixArtists


def legend_marker(
    area: float, face: Any, edge: Any, width: float = 0.8, marker: str = "o"
) -> Line2D:
    """A legend handle: one marker of `area` points² (no line)."""
    return Line2D(
        [],
        [],
        linestyle="none",
        marker=marker,
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


def matrix_legends(
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
    handles = [legend_marker(80, style.quadrant_colours[q], style.bubble_edge) for q in QUADRANTS]
    names = list(QUADRANTS)
    if np.isnan(effort).any() or (effort <= 0).any():
        handles.append(legend_marker(80, "none", style.muted, width=2.0))
        names.append("effort not given")
    if show_ghosts and artists.ghosts is not None:
        handles.append(legend_marker(80, "none", style.ghost, width=1.3))
        names.append("computed position\n(moved by the room)")
    if len(artists.ids):
        handles.append(
            legend_marker(80, "none", style.selected_edge, width=style.selected_edge_width)
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
        size_handles = [legend_marker(float(a), grey, style.bubble_edge) for a in areas]
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


def stack_legends(artists: MatrixArtists, renderer: RendererBase) -> float:
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


def graph_legend(artists: GraphArtists) -> None:
    style = artists.style
    handles: list[Line2D] = []
    names: list[str] = []

    def node(marker: str, face: Any, edge: Any = "none", width: float = 0.0) -> Line2D:
        return legend_marker(100.0, face, edge, width, marker=marker)

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
