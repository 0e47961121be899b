"""The journey map: stages across, three lanes down, as a room reads a journey map.

1. How customers feel: the mean sentiment per stage (all customers bold, each segment faint),
   the workshop's target per stage as a diamond, and the most named emotion under each point.
2. Where they hurt: a heat map of unmet need, segments down ("All customers" on top, on its
   own colour scale), each cell with its unmet need, total need, coverage and counts.
3. What the top N sweet spots would relieve: per stage the need they act on (green) and the
   need left (grey). This is the only projection; no to-be sentiment is invented.

Every number comes from `core.journey.JourneyMap`; this module only draws it.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from sweetspot.core.atomic import atomic_write
from sweetspot.core.journey import (
    ALL_CUSTOMERS,
    JourneyMap,
    emotions_text,
    empty_state,
    sentiment_empty_state,
    sentiment_word,
)
from sweetspot.core.model import Workshop
from sweetspot.core.plot.common import ATTENTION_COLOUR, QUADRANT_COLOURS, MatrixStyle, halo
from sweetspot.core.plot.common import shorten as _shorten

RELIEVED_COLOUR = QUADRANT_COLOURS["Sweet spot"]
TARGET_COLOUR = "#0072B2"
SEGMENT_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C564B")


@dataclass
class JourneyArtists:
    """What the view needs after a draw: the lanes, and the heat map's cells for clicks."""

    fig: Figure
    heat_ax: Axes | None = None
    emotion_ax: Axes | None = None
    relief_ax: Axes | None = None
    n_rows: int = 0
    n_stages: int = 0
    outlines: list[Rectangle] = field(default_factory=list)
    column_px: float = 0.0  # width of one stage column in pixels
    # The relief lane: what a weight or α changes (animated in the app, blitted).
    animated: bool = False
    relieved_bars: list[Rectangle] = field(default_factory=list)
    left_bars: list[Rectangle] = field(default_factory=list)
    relief_labels: list[Text] = field(default_factory=list)
    relief_heading: Text | None = None
    relief_top: float = 1.0
    relief_muted: str = "#656D76"
    relief_key: tuple[object, ...] = ()
    wide: bool = True  # room for the long wording

    def relief_artists(self) -> list[Artist]:
        """The artists a weight or α changes (the heading too when it names the shipped)."""
        heading = self.relief_heading
        moving = (
            [] if heading is None or (self.animated and not heading.get_animated()) else [heading]
        )
        return [*self.relieved_bars, *self.left_bars, *self.relief_labels, *moving]

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        """(segment row, stage column) of the heat-map cell under display point (x, y)."""
        ax = self.heat_ax
        if ax is None or not self.n_stages:
            return None
        cx, cy = ax.transData.inverted().transform((x, y))
        col, row = int(np.floor(cx + 0.5)), int(np.floor(cy + 0.5))
        if 0 <= col < self.n_stages and 0 <= row < self.n_rows:
            return row, col
        return None

    def cell_centre(self, row: int, col: int) -> tuple[float, float]:
        """Display pixels of a cell's centre (tests click there)."""
        assert self.heat_ax is not None
        x, y = self.heat_ax.transData.transform((col, row))
        return float(x), float(y)


def _wrap(text: str, width: int) -> str:
    """At most two lines, words kept whole (a word too long for the column is cut with …)."""
    lines = textwrap.wrap(text, width, max_lines=2, placeholder="…", break_long_words=False)
    return "\n".join(_shorten(line, width) for line in lines) or text


def _blend(colour: str, t: float, background: str) -> tuple[float, float, float, float]:
    a, b = np.array(to_rgba(background)), np.array(to_rgba(colour))
    mix = a + (b - a) * float(np.clip(t, 0.0, 1.0))
    return float(mix[0]), float(mix[1]), float(mix[2]), 1.0


def _luminance(rgba: tuple[float, float, float, float]) -> float:
    return 0.2126 * rgba[0] + 0.7152 * rgba[1] + 0.0722 * rgba[2]


def _say(ax: Axes, message: str, style: MatrixStyle) -> None:
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        "\n".join(textwrap.wrap(message, 90)),
        ha="center",
        va="center",
        transform=ax.transAxes,
        color=style.muted,
        fontsize=style.axis_label_size,
    )


def draw_journey(
    fig: Figure,
    jmap: JourneyMap,
    style: MatrixStyle | None = None,
    *,
    empty_message: str = "",
    sentiment_message: str = "",
    selected_cell: tuple[int, int] | None = None,
    acting: set[tuple[int, int]] | None = None,
    title: str = "",
    area: tuple[float, float] | None = None,
    animated: bool = False,
) -> JourneyArtists:
    """Draw the three lanes on `fig`. `selected_cell` is outlined strongly, `acting` (cells
    where the selected initiatives act) lightly. Without `area` the figure is cleared and
    filled; with `area` = (bottom, top) in figure fractions the lanes go between them and the
    rest of the figure (a report page's header and footer) is kept."""
    style = style or MatrixStyle.light()
    if area is None:
        fig.clear()
        fig.set_facecolor(style.background)
    out = JourneyArtists(fig, animated=animated)
    if empty_message or not jmap.has_stages:
        _say(fig.add_subplot(1, 1, 1), empty_message or "No journey stages to show.", style)
        return out
    n_rows, n_st = len(jmap.segments), len(jmap.stages)
    out.n_rows, out.n_stages = n_rows, n_st
    heights = [3.0, max(n_rows, 2) * 0.95, 1.6]
    width_px = fig.get_figwidth() * fig.dpi
    char_px = style.tick_size * 0.62 * fig.dpi / 72.0
    label_chars = min(max(len(s) for s in jmap.segments), 24)
    left = min((16 + label_chars * char_px) / max(width_px, 1.0), 0.35)
    out.column_px = width_px * (0.985 - left) / n_st
    out.wide = out.column_px * n_st >= 900
    # Stage names that do not fit a column wrap onto two lines: leave room above them.
    fits = out.column_px * 0.92 / (style.axis_label_size * 0.6 * fig.dpi / 72.0)
    lines = 2 if any(len(s) > fits for s in jmap.stages) else 1
    line_px = style.axis_label_size * 1.35 * fig.dpi / 72.0
    head_room = (lines * line_px + 14.0) / max(fig.get_figheight() * fig.dpi, 1.0)
    bottom, top = area if area is not None else (0.06, 1.0 - head_room - (0.03 if title else 0))
    fig.subplots_adjust(left=left, right=0.985, top=top, bottom=bottom)
    grid = fig.add_gridspec(3, 1, height_ratios=heights, hspace=0.22)
    emotion_ax = fig.add_subplot(grid[0])
    heat_ax = fig.add_subplot(grid[1], sharex=emotion_ax)
    relief_ax = fig.add_subplot(grid[2], sharex=emotion_ax)
    out.emotion_ax, out.heat_ax, out.relief_ax = emotion_ax, heat_ax, relief_ax
    for ax in (emotion_ax, heat_ax, relief_ax):
        ax.set_facecolor(style.background)
        ax.set_xlim(-0.5, n_st - 0.5)
    _draw_emotions(emotion_ax, jmap, style, sentiment_message, selected_cell, out.column_px)
    _draw_heat(heat_ax, jmap, style, selected_cell, acting or set(), out)
    _draw_relief(relief_ax, jmap, style, out)
    if title:
        fig.suptitle(title, fontsize=style.title_size, color=style.text, x=0.02, ha="left")
    return out


def _draw_emotions(
    ax: Axes,
    jmap: JourneyMap,
    style: MatrixStyle,
    message: str,
    selected: tuple[int, int] | None,
    column_px: float,
) -> None:
    n_st = len(jmap.stages)
    # Stage names in the largest type (down to the tick size) that keeps their words whole.
    longest = max((len(w) for s in jmap.stages for w in s.split()), default=1)
    px_per_point = 0.6 * ax.figure.dpi / 72.0
    head_size = max(min(style.axis_label_size, column_px * 0.92 / (longest * px_per_point)), 7.0)
    head_chars = max(6, int(column_px * 0.92 / (head_size * px_per_point)))
    ax.xaxis.set_ticks_position("top")
    ax.set_xticks(
        np.arange(n_st),
        [_wrap(s, head_chars) for s in jmap.stages],
        fontsize=head_size,
        color=style.text,
        fontweight="bold",
    )
    ax.tick_params(axis="x", length=0, pad=4)
    ax.tick_params(axis="y", colors=style.muted, labelsize=style.tick_size, length=2)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color(style.faint)
    ax.set_ylabel("Feeling", color=style.muted, fontsize=style.tick_size)
    if message or not jmap.has_sentiment:
        ax.set_ylim(-1, 1)
        ax.set_yticks([])
        ax.text(
            0.5,
            0.5,
            "\n".join(textwrap.wrap(message or "No sentiment to draw.", 110)),
            ha="center",
            va="center",
            transform=ax.transAxes,
            color=style.muted,
            fontsize=style.note_size,
        )
        return
    ax.set_ylim(-1.6, 1.4)
    ax.set_yticks([-1, 0, 1], ["−1", "0", "+1"])
    ax.axhline(0, color=style.faint, linewidth=style.line_width, linestyle=":")
    x = np.arange(n_st)
    grid = jmap.grid("sentiment")
    selected_row = selected[0] if selected else 0
    for r in range(1, len(jmap.segments)):
        y = grid[r]
        if np.isfinite(y).sum() == 0:
            continue
        strong = r == selected_row
        colour = SEGMENT_COLOURS[(r - 1) % len(SEGMENT_COLOURS)] if strong else style.faint
        ax.plot(
            x,
            y,
            color=colour,
            linewidth=style.line_width * (2.0 if strong else 1.0),
            marker="o",
            markersize=4 if strong else 2.5,
            zorder=2,
            label=jmap.segments[r] if strong else None,
        )
    y_all = grid[0]
    ax.plot(
        x,
        y_all,
        color=style.text,
        linewidth=style.line_width * 2.6,
        marker="o",
        markersize=6,
        zorder=3,
        label=ALL_CUSTOMERS,
    )
    table = jmap.stage_table()
    for c in range(n_st):
        value = y_all[c]
        if np.isfinite(value):
            top = table["emotions"].iloc[c]
            words = top[0][0] if len(top) else sentiment_word(value)
            ax.annotate(
                f"{value:+.2f}\n{words}",
                (c, value),
                xytext=(0, -7),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=style.note_size,
                color=style.text,
                path_effects=halo(style),
                zorder=4,
            )
        target = table["target_sentiment"].iloc[c]
        feeling = str(table["target_feeling"].iloc[c])
        if np.isfinite(target):
            ax.scatter([c], [target], marker="D", s=46 * style.scale, color=TARGET_COLOUR, zorder=5)
            if np.isfinite(value):
                ax.plot([c, c], [value, target], color=TARGET_COLOUR, linestyle=":", zorder=1)
        if feeling:
            ax.text(
                c,
                (target if np.isfinite(target) else 1.0) + 0.08,
                _shorten(feeling, 22),
                ha="center",
                va="bottom",
                fontsize=style.note_size,
                color=TARGET_COLOUR,
                fontstyle="italic",
                path_effects=halo(style),
                zorder=5,
            )
    wide = column_px * n_st >= 900
    ax.text(
        0.995,
        0.99,
        "How customers feel: mean sentiment, all customers bold, the selected segment in colour, "
        "◆ the workshop's target"
        if wide
        else "Mean sentiment · ◆ target",
        transform=ax.transAxes,
        fontsize=style.note_size,
        color=style.muted,
        ha="right",
        va="top",
    )


def _cell_lines(
    cell: dict[str, object], pixels_high: float, line_px: float, chars: int
) -> list[str]:
    """The cell's text, as much as fits: lines by height, the long or short form by width."""
    insights = len(cell["insights"])  # type: ignore[arg-type]
    if not insights:
        return ["—"]
    total = float(cell["total_need"])  # type: ignore[arg-type]
    unmet = float(cell["unmet_need"])  # type: ignore[arg-type]
    coverage = float(cell["coverage"])  # type: ignore[arg-type]
    acting = len(cell["initiatives"])  # type: ignore[arg-type]
    first = f"{unmet:.2f} of {total:.2f} · {coverage:.0%}"
    if len(first) > chars:
        first = f"{unmet:.2f} · {coverage:.0%}"
    if len(first) > chars:
        first = f"{unmet:.2f}"
    second = f"{insights} need{'s' if insights != 1 else ''} · {acting} initiative" + (
        "s" if acting != 1 else ""
    )
    if len(second) > chars:
        second = f"{insights} need{'s' if insights != 1 else ''}"
    lines = [first, "no initiative" if cell["flagged"] else second]
    fits = max(1, int(pixels_high // line_px))
    return lines[:fits]


def _draw_heat(
    ax: Axes,
    jmap: JourneyMap,
    style: MatrixStyle,
    selected: tuple[int, int] | None,
    acting: set[tuple[int, int]],
    out: JourneyArtists,
) -> None:
    n_rows, n_st = len(jmap.segments), len(jmap.stages)
    unmet = jmap.grid("unmet_need")
    count = np.array([len(i) for i in jmap.cells["insights"]]).reshape(n_rows, n_st)
    # "All customers" sums every segment, so it gets its own scale: otherwise it is all red.
    scale = np.ones_like(unmet)
    top_all = float(np.nanmax(unmet[0])) if n_st else 0.0
    top_seg = float(np.nanmax(unmet[1:])) if n_rows > 1 else 0.0
    scale[0] = top_all or 1.0
    scale[1:] = top_seg or 1.0
    colours = np.zeros((n_rows, n_st, 4))
    for r in range(n_rows):
        for c in range(n_st):
            if count[r, c] == 0:
                colours[r, c] = to_rgba(style.faint, 0.35)
            else:
                colours[r, c] = _blend(ATTENTION_COLOUR, 0.08 + 0.8 * unmet[r, c] / scale[r, c],
                                       style.background)  # fmt: skip
    ax.imshow(
        colours,
        aspect="auto",
        origin="lower",
        extent=(-0.5, n_st - 0.5, -0.5, n_rows - 0.5),
        interpolation="nearest",
        zorder=0,
    )
    ax.set_ylim(n_rows - 0.5, -0.5)  # All customers on top
    for c in range(1, n_st):
        ax.axvline(c - 0.5, color=style.background, linewidth=2.5, zorder=1)
    for r in range(1, n_rows):
        ax.axhline(r - 0.5, color=style.background, linewidth=5 if r == 1 else 2.5, zorder=1)
    ax.set_yticks(
        np.arange(n_rows),
        [_shorten(s, 24) for s in jmap.segments],
        fontsize=style.tick_size,
        color=style.text,
    )
    ax.get_yticklabels()[0].set_fontweight("bold")
    ax.tick_params(axis="both", length=0)
    ax.tick_params(axis="x", labelbottom=False)
    ax.set_title(
        "Where customers hurt: unmet need of total need · coverage"
        if out.column_px * n_st < 1300
        else "Where customers hurt: unmet need of total need · coverage (darker: more unmet; "
        "All customers on its own scale; dashed: no initiative for an unmet need)",
        fontsize=style.tick_size,
        color=style.muted,
        loc="left",
        pad=3,
    )
    for side in ax.spines.values():
        side.set_visible(False)
    fig = out.fig
    bbox = ax.get_position()
    cell_px = bbox.height * fig.get_figheight() * fig.dpi / max(n_rows, 1)
    cell_px = max(cell_px, 1.0)
    line_px = style.note_size * 1.45 * fig.dpi / 72.0
    chars = max(4, int(out.column_px * 0.9 / (style.note_size * 1.12 * 0.62 * fig.dpi / 72.0)))
    cells: list[dict[str, object]] = [
        {str(k): v for k, v in rec.items()} for rec in jmap.cells.to_dict("records")
    ]
    for k, cell in enumerate(cells):
        r, c = divmod(k, n_st)
        rgba = tuple(float(v) for v in colours[r, c])
        dark = _luminance(rgba) < 0.6  # type: ignore[arg-type]
        ink = "#FFFFFF" if dark else style.text
        lines = _cell_lines(cell, cell_px * 0.9, line_px, chars)
        for i, line in enumerate(lines):
            offset = (i - (len(lines) - 1) / 2) * 0.9 / max(len(lines), 1) * 0.95
            ax.text(
                c,
                r + offset,
                line,
                ha="center",
                va="center",
                fontsize=style.note_size * (1.12 if i == 0 else 0.95),
                fontweight="bold" if i == 0 else "normal",
                color=ATTENTION_COLOUR if (line == "no initiative" and not dark) else ink,
                zorder=3,
            )
        if cell["flagged"]:
            ax.add_patch(
                Rectangle(
                    (c - 0.46, r - 0.44),
                    0.92,
                    0.88,
                    fill=False,
                    edgecolor=ATTENTION_COLOUR,
                    linewidth=style.line_width * 2.0,
                    linestyle="--",
                    zorder=4,
                )
            )
        if (r, c) in acting or (r, c) == selected:
            strong = (r, c) == selected
            box = Rectangle(
                (c - 0.48, r - 0.46),
                0.96,
                0.92,
                fill=False,
                edgecolor=style.selected_edge if strong else TARGET_COLOUR,
                linewidth=style.selected_edge_width * (1.0 if strong else 0.7),
                zorder=5,
            )
            ax.add_patch(box)
            out.outlines.append(box)


def _draw_relief(ax: Axes, jmap: JourneyMap, style: MatrixStyle, out: JourneyArtists) -> None:
    """The relief lane. Its bars, their labels and the heading are the only things a weight
    or α moves; with `out.animated` they are drawn by the view over a kept background."""
    table = jmap.stage_table()
    x = np.arange(len(jmap.stages))
    total = table["total_need"].to_numpy(float)
    width = 0.56
    zeros = np.zeros(len(x))
    out.relieved_bars = list(ax.bar(x, zeros, width, color=RELIEVED_COLOUR, zorder=2))
    out.left_bars = list(ax.bar(x, zeros, width, color=style.faint, zorder=2))
    # Legend entries without the data bars (those are animated in the app).
    ax.bar([0], [0], 0, color=RELIEVED_COLOUR, label="Relieved")
    ax.bar([0], [0], 0, color=style.faint, label="Need left")
    top = float(total.max()) if len(total) else 1.0
    out.relief_top = top or 1.0
    ax.set_ylim(0, out.relief_top * 1.32)
    out.relief_labels = [
        ax.text(float(c), 0.0, "", ha="center", va="bottom", fontsize=style.note_size)
        for c in range(len(x))
    ]
    out.relief_heading = ax.set_title(
        "", fontsize=style.tick_size, color=style.muted, loc="left", pad=3
    )
    out.relief_muted = style.muted
    for artist in out.relief_artists():
        artist.set_animated(out.animated)
    if out.animated and out.relief_heading is not None:
        # In the app the heading stays put (the view names the initiatives beside the
        # picture): a weight change then redraws only the bars and their labels.
        out.relief_heading.set_animated(False)
        out.relief_heading.set_text(
            f"If the top {jmap.plan.top} sweet spots ship: the need they act on (green)"
        )
    update_relief(out, jmap)
    ax.set_ylabel("Need", color=style.muted, fontsize=style.tick_size)
    ax.tick_params(axis="x", labelbottom=False, length=0)
    ax.tick_params(axis="y", colors=style.muted, labelsize=style.tick_size * 0.9, length=2)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(style.faint)
    if out.wide:
        ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=style.legend_size * 0.85,
                  frameon=False, ncol=2, labelcolor=style.muted, borderaxespad=0.1)  # fmt: skip


@dataclass(frozen=True)
class ReliefChange:
    """What `update_relief` changed: the stage columns whose bars or label moved, and whether
    the heading did. Nothing changed: nothing to redraw (the view skips the blit)."""

    columns: tuple[int, ...]
    heading: bool

    @property
    def any(self) -> bool:
        return bool(self.columns) or self.heading


def update_relief(out: JourneyArtists, jmap: JourneyMap) -> ReliefChange:
    """Set the relief lane to `jmap`'s projection (a new top N or new ranks) and say what
    changed, for a view that redraws only that."""
    table = jmap.stage_table()
    total = table["total_need"].to_numpy(float)
    relieved = table["relieved"].to_numpy(float)
    changed: list[int] = []
    for c, (done, bar_left) in enumerate(zip(out.relieved_bars, out.left_bars, strict=True)):
        some = relieved[c] > 0
        share = f"{relieved[c] / total[c]:.0%}" if total[c] > 0 else ""
        text = f"{share} relieved" if some else "none relieved"
        text = "" if total[c] <= 0 else text if out.wide else share if some else "0%"
        label = out.relief_labels[c]
        if done.get_height() == relieved[c] and label.get_text() == text:
            continue
        changed.append(c)
        done.set_height(relieved[c])
        bar_left.set_y(relieved[c])
        bar_left.set_height(max(total[c] - relieved[c], 0.0))
        label.set_y(total[c] + out.relief_top * 0.04)
        label.set_text(text)
        label.set_color(RELIEVED_COLOUR if some else out.relief_muted)
        label.set_fontweight("bold" if some else "normal")
    shipped = ", ".join(jmap.shipped) if jmap.shipped else "no sweet spot yet"
    heading = False
    if out.relief_heading is not None and not out.animated:
        words = (
            f"If the top {jmap.plan.top} sweet spots ship ({_shorten(shipped, 60)}): "
            "need they act on"
            if out.wide
            else f"Top {jmap.plan.top} ship ({_shorten(shipped, 24)}): need relieved (green)"
        )
        heading = words != out.relief_heading.get_text()
        out.relief_heading.set_text(words)
    out.relief_key = relief_key(jmap)
    return ReliefChange(tuple(changed), heading)


def relief_key(jmap: JourneyMap) -> tuple[object, ...]:
    """Everything the picture shows apart from the relief lane: when two maps agree on it, the
    relief lane can be updated alone."""
    cells = jmap.cells
    return (
        tuple(jmap.stages),
        tuple(jmap.segments),
        cells["total_need"].to_numpy(float).tobytes(),
        cells["unmet_need"].to_numpy(float).tobytes(),
        np.nan_to_num(cells["sentiment"].to_numpy(float), nan=9.0).tobytes(),
        tuple(cells["flagged"]),
        tuple(frozenset(i) for i in cells["initiatives"]),
        tuple(sorted((k, t.sentiment, t.feeling) for k, t in jmap.plan.targets.items())),
        jmap.plan.top,
    )


def save_journey_png(path: Path, jmap: JourneyMap, workshop: Workshop, dpi: int = 150) -> Path:
    """The journey picture at 1366 × 768 points' proportions, for slides and `--png`."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=(13.66, 7.68), dpi=100)
    FigureCanvasAgg(fig)
    draw_journey(
        fig,
        jmap,
        MatrixStyle.light(),
        empty_message=empty_state(workshop),
        sentiment_message=sentiment_empty_state(workshop),
        title="Customer journey",
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, lambda temp: fig.savefig(temp, dpi=dpi, format="png"))
    return path


def journey_lead(jmap: JourneyMap) -> str:
    """One line under a journey picture's title: what it shows, and the stages left alone."""
    lead = "Where customers hurt, how they feel, and how much the top sweet spots would relieve"
    flagged = jmap.flagged_stages()
    return lead + (f" · no initiative for an unmet need at {', '.join(flagged)}" if flagged else "")


def cell_tooltip(jmap: JourneyMap, row: int, col: int) -> str:
    """What a hover on a heat-map cell says, every figure named."""
    cell = jmap.cells.iloc[row * len(jmap.stages) + col]
    head = f"{cell['segment']} · {cell['stage']}"
    n = len(cell["insights"])
    if not n:
        return f"{head}\nNo insight here."
    lines = [
        head,
        f"{n} insight{'s' if n != 1 else ''}: {', '.join(cell['insights'][:8])}"
        + (" …" if n > 8 else ""),
        f"Unmet need {cell['unmet_need']:.2f} of {cell['total_need']:.2f} (no link ≥ 3)",
        f"Coverage {cell['coverage']:.0%} (strongest link per need, strength ÷ 9)",
        f"Relieved by the top {jmap.plan.top}: {cell['relieved']:.2f}",
    ]
    if cell["sentiment_n"]:
        lines.append(
            f"Mean sentiment {cell['sentiment']:+.2f} ({sentiment_word(cell['sentiment'])}, "
            f"from {cell['sentiment_n']})"
        )
    if cell["emotions"]:
        lines.append(f"Emotions: {emotions_text(cell['emotions'])}")
    acting = cell["initiatives"]
    lines.append(
        f"Initiatives acting: {', '.join(acting[:8])}" + (" …" if len(acting) > 8 else "")
        if acting
        else "No initiative acts here (no link ≥ 3)."
    )
    if cell["flagged"]:
        lines.append("An unmet need here has no initiative at all.")
    return "\n".join(lines)


__all__ = [
    "JourneyArtists",
    "ReliefChange",
    "cell_tooltip",
    "draw_journey",
    "journey_lead",
    "relief_key",
    "save_journey_png",
    "update_relief",
]
