"""The impact review as a dumbbell chart: each insight's satisfaction in two survey waves.

One row per insight measured in both waves, sorted by group (needs a delivered initiative acts
on first) and then by change; the earlier wave is a hollow dot, the later a filled one, joined
by a line: green where a delivered initiative is linked to the need, grey where none is. The
title says the summary `core.waves.Review.summary` computes. Drawing only: every number is the
review's.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sweetspot.core.plot.common import QUADRANT_COLOURS, MatrixStyle, shorten
from sweetspot.core.waves import Review

DELIVERED_COLOUR = QUADRANT_COLOURS["Sweet spot"]
MAX_ROWS = 60


@dataclass
class ReviewArtists:
    """What the view needs after a draw: the axes and which insight is on which row."""

    fig: Figure
    ax: Axes | None = None
    ids: list[str] = field(default_factory=list)  # row 0 at the top

    def row_at(self, x: float, y: float) -> int | None:
        """The insight row under display point (x, y)."""
        if self.ax is None or not self.ids:
            return None
        bbox = self.ax.bbox
        if not (bbox.x0 - 200 <= x <= bbox.x1 and bbox.y0 <= y <= bbox.y1):
            return None
        _cx, cy = self.ax.transData.inverted().transform((x, y))
        row = int(np.floor(cy + 0.5))
        return row if 0 <= row < len(self.ids) else None

    def row_centre(self, row: int) -> tuple[float, float]:
        assert self.ax is not None
        x0 = float(np.mean(self.ax.get_xlim()))
        x, y = self.ax.transData.transform((x0, row))
        return float(x), float(y)


def review_rows(result: Review) -> list[int]:
    """Row order of `result.insights`: delivered first, then by change, biggest first."""
    ins = result.insights
    if ins.empty:
        return []
    group = (ins["group"] != "delivered").to_numpy(int)
    change = np.nan_to_num(ins["change"].to_numpy(float), nan=-np.inf)
    order = np.lexsort((ins["id"].astype(str).to_numpy(), -change, group))
    return [int(i) for i in order[:MAX_ROWS]]


def draw_review(
    fig: Figure,
    result: Review,
    style: MatrixStyle | None = None,
    *,
    highlight: set[str] | None = None,
    scale: tuple[float, float] | None = None,
    title: bool = True,
    area: tuple[float, float] | None = None,
) -> ReviewArtists:
    """Draw the dumbbells on `fig` (cleared, unless `area` = (bottom, top) in figure fractions
    places them on a page that keeps its header). `highlight`: insight IDs drawn bold (those
    the selected initiatives act on); `scale`: the satisfaction axis range (default: the data)."""
    style = style or MatrixStyle.light()
    if area is None:
        fig.clear()
        fig.set_facecolor(style.background)
    out = ReviewArtists(fig)
    ax = fig.add_subplot(1, 1, 1)
    out.ax = ax
    ax.set_facecolor(style.background)
    if result.insights.empty:
        ax.set_axis_off()
        ax.text(
            0.5,
            0.5,
            "\n".join(textwrap.wrap(result.message or "Nothing to compare.", 80)),
            ha="center",
            va="center",
            transform=ax.transAxes,
            color=style.muted,
            fontsize=style.axis_label_size,
        )
        return out
    rows = review_rows(result)
    ins = result.insights.iloc[rows].reset_index(drop=True)
    out.ids = [str(i) for i in ins["id"]]
    highlight = highlight or set()
    y = np.arange(len(ins))
    before = ins["satisfaction_from"].to_numpy(float)
    after = ins["satisfaction_to"].to_numpy(float)
    delivered = (ins["group"] == "delivered").to_numpy()
    colours = [DELIVERED_COLOUR if d else style.muted for d in delivered]
    for k in range(len(ins)):
        strong = out.ids[k] in highlight
        ax.plot(
            [before[k], after[k]],
            [y[k], y[k]],
            color=colours[k],
            linewidth=style.line_width * (3.2 if strong else 2.0),
            alpha=0.9 if delivered[k] or strong else 0.55,
            solid_capstyle="round",
            zorder=2,
        )
    ax.scatter(
        before, y, s=34 * style.scale, facecolors=style.background, edgecolors=colours, zorder=3
    )
    ax.scatter(after, y, s=40 * style.scale, color=colours, zorder=4)
    labels = []
    for _k, row in ins.iterrows():
        change = row["change"]
        mark = "" if row["judgement"] != "larger than noise" else " *"
        text = f"{row['id']} {shorten(row['need'], 38)}"
        labels.append(f"{text}  {change:+.2f}{mark}" if np.isfinite(change) else text)
    ax.set_yticks(y, labels, fontsize=style.tick_size * 0.9)
    for tick, ident in zip(ax.get_yticklabels(), out.ids, strict=True):
        if ident in highlight:
            tick.set_fontweight("bold")
    ax.set_ylim(len(ins) - 0.5, -0.5)
    low, high = scale or (
        float(np.nanmin(np.concatenate([before, after]))) - 0.2,
        float(np.nanmax(np.concatenate([before, after]))) + 0.2,
    )
    ax.set_xlim(low, high)
    ax.set_xlabel(
        f"Satisfaction: ○ {result.from_wave}  ● {result.to_wave}   (* larger than noise)",
        color=style.muted,
        fontsize=style.tick_size,
    )
    split = int(delivered.sum())
    if 0 < split < len(ins):
        ax.axhline(split - 0.5, color=style.faint, linewidth=style.line_width)
    ax.grid(axis="x", color=style.faint, linewidth=0.6, alpha=0.6)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(style.faint)
    ax.tick_params(colors=style.muted, labelsize=style.tick_size, length=0)
    for tick in ax.get_yticklabels():
        tick.set_color(style.text)
    if title:
        title_px = style.tick_size * 1.05 * 0.6 * fig.dpi / 72.0
        chars = max(40, int(fig.get_figwidth() * fig.dpi * 0.55 / title_px))
        ax.set_title(
            "\n".join(textwrap.wrap(result.summary(), chars)),
            fontsize=style.tick_size * 1.05,
            color=style.text,
            loc="left",
        )
    ax.plot([], [], color=DELIVERED_COLOUR, linewidth=2, label="a delivered initiative acts on it")
    ax.plot([], [], color=style.muted, linewidth=2, label="no delivered initiative")
    ax.legend(loc="lower right", fontsize=style.legend_size * 0.9, frameon=False)
    width_in = fig.get_figwidth()
    left = min(0.55, (3.9 * style.scale) / max(width_in, 1.0))
    bottom, top = area if area is not None else (0.1, 0.9 if title else 0.97)
    fig.subplots_adjust(left=left, right=0.98, top=top, bottom=bottom)
    return out


__all__ = ["ReviewArtists", "draw_review", "review_rows"]
