"""The sweet-spot matrix: bubbles at (customer impact, business impact), the crosshair at the
quadrant thresholds, workshop placements as ghosts with arrows, the legends and the labels.

Shared by the desktop app (which adds interaction on top), the CLI's `--png` and the report.
Artists are built for interaction: one scatter for all bubbles, because a drag or a hover must
not pay for a thousand artists; `update_matrix` moves them after a re-score without a rebuild.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation

from sweetspot.core.plot.artists import MatrixArtists
from sweetspot.core.plot.common import (
    MatrixStyle,
    arr,
    bubble_areas,
    fmt,
    halo,
    quadrant_rgba,
    renderer_for,
    shorten,
    style_axes,
)
from sweetspot.core.plot.labels import place_labels, show_leader
from sweetspot.core.plot.legends import matrix_legends, stack_legends
from sweetspot.core.scoring import ScoreResult

if TYPE_CHECKING:
    pass

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


# --------------------------------------------------------------------------------------------
# The sweet-spot matrix


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
    renderer = renderer_for(artists.fig)
    title = bool(artists.ax.get_title(loc="left"))
    legend_px = stack_legends(artists, renderer)
    _matrix_margins(artists.fig, artists.style, legend_px, title)
    # The margins moved the axes: the legends' anchors are in axes fractions, so stack again.
    stack_legends(artists, renderer)
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
    layout: bool = True,
) -> MatrixArtists:
    """Draw the sweet-spot matrix of `result` on `fig` (cleared first).

    x = customer impact, y = business impact (both 0–100), crosshair at the quadrant thresholds,
    bubble area ∝ effort, colour = quadrant, selected bubbles outlined, workshop placements drawn
    as a ghost at the computed position with an arrow to the agreed one. `limits` keeps a zoomed
    view across redraws; by default the home view (see `matrix_home_limits`).
    `layout=False` leaves margins and label places to a later `relayout_matrix`, for a figure
    not yet at its final size (a window still hidden).
    """
    if style is None:
        style = MatrixStyle.presentation() if presentation else MatrixStyle.light()
    fig.clear()
    fig.set_facecolor(style.background)
    ax = fig.add_subplot(1, 1, 1)
    style_axes(ax, style)
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
            facecolors=arr(face),
            edgecolors=arr(edge),
            linewidths=arr(widths),
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
    artists.legends = matrix_legends(artists, effort, effort_scale, show_ghosts)
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
                path_effects=halo(style),
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
            show_leader(label, False)
            artists.labels[ident] = label
    artists.signature = _matrix_signature(t, artists)
    set_matrix_selection(artists, selected)
    if layout:
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
    colours = quadrant_rgba(t["quadrant"].to_numpy()[order], style)
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
    return f"Crosshair: customer {fmt(ct)} · business {fmt(bt)}" + (
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
    artists.scatter.set_facecolor(arr(bub.face))
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
            show_leader(label, False)
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
    artists.scatter.set_edgecolor(arr(edge))
    artists.scatter.set_linewidth(arr(widths))
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
