"""Charts beside the matrix and the graph: ranks under each lens (bump chart), rank robustness
(intervals and tornado) and the vote spread on the matrix. Each draws what a domain module
computed (`core.lenses`, `core.robustness`, `core.votes`) on a plain matplotlib `Figure` or
`Axes`; the domain modules themselves never import matplotlib.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse

from sweetspot.core.lenses import MAX_BUMP_LINES, LensComparison, bump_ids

if TYPE_CHECKING:
    from matplotlib.artist import Artist

    from sweetspot.core.robustness import RobustnessResult

# Okabe-Ito, then a few more distinguishable hues.
LINE_COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
    "#8C564B",
    "#7F7F7F",
)


# -- lenses -----------------------------------------------------------------------------------
def draw_bump_chart(
    fig: Figure,
    comparison: LensComparison,
    max_lines: int = MAX_BUMP_LINES,
    highlight: str | None = None,
) -> list[str]:
    """Rank of each initiative under each lens, one line per initiative (rank 1 on top).

    Draws at most `max_lines` lines (robust sweet spots first, then the best-placed ones) and
    returns the IDs drawn, in legend order. Robust sweet spots are drawn solid and thick.
    """
    fig.clear()
    ax = fig.add_subplot(1, 1, 1)
    names = comparison.lens_names
    drawn = bump_ids(comparison, max_lines)
    if not drawn:
        _say(ax, "Save a lens (or pick two) to compare rankings")
        return []
    x = np.arange(len(names))
    robust = set(comparison.robust_ids)
    titles = dict(zip(comparison.table["id"], comparison.table["initiative"], strict=True))
    worst = 1
    for n, ident in enumerate(drawn):
        y = comparison.ranks.loc[ident].to_numpy(dtype=float)
        worst = max(worst, int(y.max()))
        colour = LINE_COLOURS[n % len(LINE_COLOURS)]
        strong = ident in robust or ident == highlight
        ax.plot(
            x,
            y,
            marker="o",
            color=colour,
            linewidth=2.6 if strong else 1.2,
            linestyle="-" if strong else "--",
            alpha=1.0 if strong else 0.75,
            label=f"{ident} {_short(titles.get(ident, ''), 28)}".strip(),
        )
        ax.annotate(
            ident,
            (x[-1], y[-1]),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            color=colour,
        )
    top_n = comparison.top_n
    if top_n > 0:
        ax.axhspan(0.5, top_n + 0.5, color="#009E73", alpha=0.08, linewidth=0)
        ax.text(
            -0.02,
            0.5 + top_n / 2,
            f"top {top_n}",
            ha="right",
            va="center",
            fontsize=8,
            color="#007A5A",
            transform=ax.get_yaxis_transform(),
        )
    ax.set_xticks(x, [_short(n, 24) for n in names])
    ax.set_xlim(-0.3, max(len(names) - 1, 0) + 0.6)
    ax.set_ylim(worst + 0.5, 0.5)
    ax.set_ylabel("Rank")
    ax.set_title("Rank under each lens (robust sweet spots drawn solid)", fontsize=10)
    ax.grid(axis="y", alpha=0.25)
    ax.legend(loc="upper left", bbox_to_anchor=(1.04, 1.0), fontsize=7, frameon=False)
    fig.subplots_adjust(left=0.1, right=0.7, bottom=0.12, top=0.9)
    return drawn


# -- robustness -------------------------------------------------------------------------------
def draw_rank_intervals(
    fig: Figure, result: RobustnessResult, max_rows: int = 30, highlight: str | None = None
) -> list[str]:
    """5–95 % rank interval and median of the first `max_rows` initiatives (current order)."""
    fig.clear()
    ax = fig.add_subplot(1, 1, 1)
    t = result.table.head(max_rows)
    if not len(t) or not result.params.draws:
        _say(ax, "Run the robustness check to see rank intervals")
        return []
    y = np.arange(len(t))
    n = result.top_n
    p = t["p_top"].to_numpy(float)
    colours = np.where(p >= 0.8, "#009E73", np.where(p >= 0.2, "#E69F00", "#8C8C8C"))
    lo, hi = t["rank_p05"].to_numpy(float), t["rank_p95"].to_numpy(float)
    ax.hlines(y, lo, hi, colors=colours.tolist(), linewidth=4, alpha=0.8)
    ax.scatter(
        t["rank_median"].to_numpy(float), y, color="black", s=18, zorder=3, label="median rank"
    )
    ax.scatter(
        t["rank"].to_numpy(float),
        y,
        marker="|",
        color="#D55E00",
        s=120,
        zorder=4,
        label="current rank",
    )
    if highlight is not None and highlight in set(t["id"]):
        hy = int(np.flatnonzero(t["id"].to_numpy() == highlight)[0])
        ax.axhspan(hy - 0.45, hy + 0.45, color="#0072B2", alpha=0.12, linewidth=0)
    if n > 0:
        ax.axvspan(0.5, n + 0.5, color="#009E73", alpha=0.07, linewidth=0)
    labels = [
        f"{i} · P(top {n}) {pp:.0%}" for i, pp in zip(t["id"].tolist(), p.tolist(), strict=True)
    ]
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_ylim(len(t) - 0.5, -0.5)
    ax.set_xlim(0.5, max(float(np.nanmax(hi)), float(len(t))) + 0.5)
    ax.set_xlabel("Rank (5–95 % of draws; green band = top N)")
    ax.grid(axis="x", alpha=0.25)
    # Upper right is empty: the best-ranked rows sit at the top, at low ranks.
    ax.legend(loc="upper right", fontsize=7, frameon=False)
    _fit_layout(fig, ax, labels, f"Rank robustness · {result.params.describe()}")
    return t["id"].tolist()


def _fit_layout(fig: Figure, ax: Axes, labels: list[str], title: str, size: float = 8) -> None:
    """Room on the left for the longest tick label and a title wrapped to the axes' width, so
    nothing is cut off however narrow the canvas (estimated from the text: no renderer)."""
    w_in, h_in = (max(float(v), 1.0) for v in fig.get_size_inches())
    longest = max((len(lbl) for lbl in labels), default=0)
    left = float(np.clip((longest * size * 0.56 / 72 + 0.2) / w_in, 0.08, 0.6))
    axes_in = (0.97 - left) * w_in
    wrapped = textwrap.fill(title, max(int(axes_in * 72 / (9 * 0.56)), 16))
    ax.set_title(wrapped, fontsize=9)
    lines = wrapped.count("\n") + 1
    top = float(np.clip(1 - (lines * 9 * 1.35 / 72 + 0.12) / h_in, 0.6, 0.95))
    fig.subplots_adjust(left=left, right=0.97, top=top, bottom=min(0.6 / h_in, 0.3))


def draw_tornado(fig: Figure, data: pd.DataFrame, title: str = "") -> int:
    """Tornado chart: the initiative's score with each factor low/high around the base score."""
    fig.clear()
    ax = fig.add_subplot(1, 1, 1)
    if not len(data):
        _say(ax, "Select an initiative to see what moves its score")
        return 0
    base = float(data["base_score"].iloc[0])
    y = np.arange(len(data))
    low = data["score_low"].to_numpy(float) - base
    high = data["score_high"].to_numpy(float) - base
    ax.barh(y, low, left=base, color="#0072B2", alpha=0.85, label="factor lower")
    ax.barh(y, high, left=base, color="#E69F00", alpha=0.85, label="factor higher")
    ax.axvline(base, color="black", linewidth=1)
    ax.set_yticks(
        y,
        [
            f"{f} {_short(lbl, 26)}" if f != "α" else "α (balance)"
            for f, lbl in zip(data["factor"], data["label"], strict=True)
        ],
        fontsize=8,
    )
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.set_xlabel("Sweet-spot score")
    ax.legend(loc="lower right", fontsize=7, frameon=False)
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    _fit_layout(fig, ax, ticks, title or f"What moves the score (base {base:.1f})")
    return len(data)


# -- votes ------------------------------------------------------------------------------------
def draw_vote_spread(
    ax: Axes,
    table: pd.DataFrame,
    *,
    style: Literal["whiskers", "ellipses"] = "whiskers",
    color: Any = "#6a3d9a",
    only: set[str] | None = None,
) -> list[Artist]:
    """Draw each initiative's vote consensus and spread on the matrix Axes.

    `table` is `consensus(...)` output. Whiskers span ± one standard deviation on each axis
    around a diamond at the consensus; ellipses have the standard deviations as semi-axes.
    Returns the artists added (remove them with `artist.remove()` before redrawing).
    """
    artists: list[Artist] = []
    if table is None or not len(table):
        return artists
    t = table
    if only is not None:
        t = t.loc[t["initiative"].astype(str).isin(only)]
    t = t.dropna(subset=["customer", "business"])
    if not len(t):
        return artists
    x = t["customer"].to_numpy(float)
    y = t["business"].to_numpy(float)
    sx = np.nan_to_num(t["customer_sd"].to_numpy(float))
    sy = np.nan_to_num(t["business_sd"].to_numpy(float))
    if style == "ellipses":
        for xi, yi, a, b in zip(x, y, sx, sy, strict=True):
            patch = Ellipse(
                (xi, yi),
                width=max(2 * a, 0.5),
                height=max(2 * b, 0.5),
                facecolor=color,
                edgecolor=color,
                alpha=0.18,
                linewidth=1.0,
                zorder=2.5,
            )
            patch.set_gid("vote-spread")
            ax.add_patch(patch)
            artists.append(patch)
    else:
        segments = [((xi - a, yi), (xi + a, yi)) for xi, yi, a in zip(x, y, sx, strict=True)]
        segments += [((xi, yi - b), (xi, yi + b)) for xi, yi, b in zip(x, y, sy, strict=True)]
        lines = LineCollection(segments, colors=color, linewidths=1.2, alpha=0.8, zorder=2.5)
        lines.set_gid("vote-spread")
        ax.add_collection(lines, autolim=False)
        artists.append(lines)
    (marker,) = ax.plot(
        x,
        y,
        linestyle="none",
        marker="D",
        markersize=5,
        markerfacecolor="white",
        markeredgecolor=color,
        zorder=2.6,
        scalex=False,
        scaley=False,
    )
    marker.set_gid("vote-consensus")
    artists.append(marker)
    return artists


# -- helpers ----------------------------------------------------------------------------------


def _say(ax: Axes, message: str) -> None:
    """An empty chart: no axes, one grey sentence saying what would fill it."""
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        message,
        ha="center",
        va="center",
        transform=ax.transAxes,
        color="#555555",
    )


def _short(text: object, limit: int) -> str:
    """One line of at most `limit` characters, cut with an ellipsis."""
    t = " ".join(str(text).split())
    return t if len(t) <= limit else t[: limit - 1].rstrip() + "…"
