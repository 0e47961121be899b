"""The importance–performance chart of a survey's attributes (Martilla & James, 1977).

One point per rated attribute: across, satisfaction on 1–5; up, derived importance on 1–5
(1 + 4 × RW_j / max RW, from the key-driver analysis), each with its 95 % interval as a bar.
Where the survey also asked for importance, a hollow ring marks the stated figure, joined to
the derived one, so the room sees where customers say one thing and their answers show another.
The cross lines sit at the mean satisfaction and the mean importance of the attributes shown
(data-centred quadrants), so "Concentrate here" is the top left: important, least satisfied.
Drawing only: every number is `core.survey`'s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from sweetspot.core.plot.common import QUADRANT_COLOURS, MatrixStyle, renderer_for, shorten
from sweetspot.core.survey import SurveyAnalysis, derived_importance, to_five

IPA_QUADRANTS = {
    "Concentrate here": (0, 1),  # low satisfaction, high importance
    "Keep up the good work": (1, 1),
    "Low priority": (0, 0),
    "Possible overkill": (1, 0),
}
IPA_COLOURS = {
    "Concentrate here": "#D55E00",
    "Keep up the good work": QUADRANT_COLOURS["Sweet spot"],
    "Low priority": QUADRANT_COLOURS["Low overlap"],
    "Possible overkill": QUADRANT_COLOURS["Customer-led"],
}
STATED_COLOUR = "#656D76"


@dataclass(frozen=True)
class IpaPoint:
    name: str
    satisfaction: float
    importance: float  # the derived figure when there is one, else the stated
    source: str  # "derived" or "stated"
    stated: float
    quadrant: str
    satisfaction_ci: tuple[float, float]
    importance_ci: tuple[float, float]


@dataclass
class IpaArtists:
    fig: Figure
    ax: Axes | None = None
    points: list[IpaPoint] = field(default_factory=list)
    centre: tuple[float, float] = (math.nan, math.nan)

    def point_at(self, x: float, y: float, radius_px: float = 9.0) -> IpaPoint | None:
        """The attribute under display point (x, y), for the hover."""
        if self.ax is None or not self.points:
            return None
        xy = self.ax.transData.transform([(p.satisfaction, p.importance) for p in self.points])
        d = np.hypot(xy[:, 0] - x, xy[:, 1] - y)
        k = int(np.argmin(d))
        return self.points[k] if d[k] <= radius_px else None


def ipa_points(analysis: SurveyAnalysis) -> tuple[list[IpaPoint], tuple[float, float]]:
    """The attributes placed (derived importance where the drivers gave one, else stated),
    each with its quadrant, and the centre (mean satisfaction, mean importance)."""
    derived = derived_importance(analysis)
    rows: list[tuple[str, float, float, str, float, tuple[float, float], tuple[float, float]]]
    rows = []
    for a in analysis.attributes:
        d_imp, d_lo, d_hi = derived.get(a.name, (math.nan, math.nan, math.nan))
        if math.isfinite(d_imp):
            imp, source, ci = d_imp, "derived", (d_lo, d_hi)
        elif math.isfinite(a.stated):
            imp, source = a.stated, "stated"
            ci = (to_five(a.stated_ci[0], a.stated_scale), to_five(a.stated_ci[1], a.stated_scale))
        else:
            continue
        if not math.isfinite(a.satisfaction):
            continue
        rows.append((a.name, a.satisfaction, imp, source, a.stated, a.satisfaction_ci, ci))
    if not rows:
        return [], (math.nan, math.nan)
    cx = float(np.mean([r[1] for r in rows]))
    cy = float(np.mean([r[2] for r in rows]))
    points = []
    for name, sat, imp, source, stated, sci, ici in rows:
        quadrant = next(q for q, (hx, hy) in IPA_QUADRANTS.items()
                        if (sat >= cx) == bool(hx) and (imp >= cy) == bool(hy))  # fmt: skip
        points.append(IpaPoint(name, sat, imp, source, stated, quadrant, sci, ici))
    return points, (cx, cy)


def draw_importance_performance(
    fig: Figure, analysis: SurveyAnalysis, style: MatrixStyle | None = None
) -> IpaArtists:
    """Draw the chart on `fig` (cleared first)."""
    style = style or MatrixStyle.light()
    fig.clear()
    fig.set_facecolor(style.background)
    artists = IpaArtists(fig)
    points, centre = ipa_points(analysis)
    artists.points, artists.centre = points, centre
    ax = fig.add_subplot(111)
    artists.ax = ax
    ax.set_facecolor(style.background)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(style.faint)
    ax.tick_params(colors=style.muted, labelsize=style.tick_size)
    ax.set_xlabel("Satisfaction (1–5)", color=style.text, fontsize=style.axis_label_size)
    ax.set_ylabel("Importance (1–5)", color=style.text, fontsize=style.axis_label_size)
    if not points:
        ax.set_xlim(1, 5)
        ax.set_ylim(1, 5)
        ax.text(3, 3, "No attribute has both a satisfaction and an importance figure",
                ha="center", va="center", color=style.muted, fontsize=style.label_size)  # fmt: skip
        return artists
    xs = np.array([p.satisfaction for p in points])
    lo_x = min(float(xs.min()), *(p.satisfaction_ci[0] for p in points if
               math.isfinite(p.satisfaction_ci[0])), centre[0])  # fmt: skip
    hi_x = max(float(xs.max()), *(p.satisfaction_ci[1] for p in points if
               math.isfinite(p.satisfaction_ci[1])), centre[0])  # fmt: skip
    pad_x = max(0.15, (hi_x - lo_x) * 0.12)
    ax.set_xlim(max(1.0, lo_x - pad_x), min(5.0, hi_x + pad_x))
    ax.set_ylim(0.8, 5.25)
    cx, cy = centre
    ax.axvline(cx, color=style.crosshair, lw=style.line_width, ls="--", zorder=1)
    ax.axhline(cy, color=style.crosshair, lw=style.line_width, ls="--", zorder=1)
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    corners = {"Concentrate here": (x0, y1, "left", "top"),
               "Keep up the good work": (x1, y1, "right", "top"),
               "Low priority": (x0, y0, "left", "bottom"),
               "Possible overkill": (x1, y0, "right", "bottom")}  # fmt: skip
    for name, (x, y, ha, va) in corners.items():
        ax.text(x, y, name, ha=ha, va=va, color=IPA_COLOURS[name], alpha=0.9,
                fontsize=style.label_size + 1, fontweight="bold", zorder=2)  # fmt: skip
    for p in points:
        colour = IPA_COLOURS[p.quadrant]
        sx = [p.satisfaction - p.satisfaction_ci[0], p.satisfaction_ci[1] - p.satisfaction]
        iy = [p.importance - p.importance_ci[0], p.importance_ci[1] - p.importance]
        xerr = np.array([[max(0.0, v)] for v in sx]) if all(map(math.isfinite, sx)) else None
        yerr = np.array([[max(0.0, v)] for v in iy]) if all(map(math.isfinite, iy)) else None
        ax.errorbar([p.satisfaction], [p.importance], xerr=xerr, yerr=yerr, fmt="none",
                    ecolor=colour, alpha=0.45, elinewidth=1.2, capsize=0, zorder=3)  # fmt: skip
        if p.source == "derived" and math.isfinite(p.stated):
            ax.plot([p.satisfaction, p.satisfaction], [p.importance, p.stated],
                    color=STATED_COLOUR, lw=0.8, ls=":", zorder=3)  # fmt: skip
            ax.scatter([p.satisfaction], [p.stated], s=42, facecolors="none",
                       edgecolors=STATED_COLOUR, linewidths=1.1, zorder=4)  # fmt: skip
        ax.scatter([p.satisfaction], [p.importance], s=70, color=colour,
                   edgecolors=style.bubble_edge, linewidths=0.8, zorder=5)  # fmt: skip
    has_stated = any(p.source == "derived" and math.isfinite(p.stated) for p in points)
    source = "derived (key drivers)" if any(p.source == "derived" for p in points) else "stated"
    note = f"Importance: {source}\nBars: 95 % intervals · dashed: the means"
    if has_stated:
        note += " · rings: stated"
    ax.set_title(note, loc="left", color=style.muted, fontsize=style.note_size)
    fig.tight_layout()
    _label_points(ax, points, style)
    return artists


def _label_points(ax: Axes, points: list[IpaPoint], style: MatrixStyle) -> None:
    """Each name beside its point (most important first): right, left, then steps above and
    below, the first place inside the axes that covers no name or point placed before. With
    no free place the name takes the first place inside the axes anyway: on a crowded chart a
    name that overlaps is better than a point with no name."""
    renderer = renderer_for(ax.figure)  # type: ignore[arg-type]
    box = ax.get_window_extent(renderer)
    xy = ax.transData.transform([(p.satisfaction, p.importance) for p in points])
    r = 6.0 * ax.figure.dpi / 72.0
    taken: list[Bbox] = [Bbox([[x - r, y - r], [x + r, y + r]]) for x, y in xy]
    places = [(dx, dy) for dy in (0, 9, -9, 17, -17) for dx in (7, -7)]
    for p in sorted(points, key=lambda q: -q.importance):
        fallback: tuple[int, int] | None = None
        placed = False
        for dx, dy in places:
            text = _name(ax, p, dx, dy, style)
            bb = text.get_window_extent(renderer)
            inside = bb.x0 >= box.x0 - 2 and bb.x1 <= box.x1 + 2
            if inside and fallback is None:
                fallback = (dx, dy)
            if inside and not any(bb.overlaps(t) for t in taken):
                taken.append(bb)
                placed = True
                break
            text.remove()
        if not placed:
            dx, dy = fallback or places[0]
            taken.append(_name(ax, p, dx, dy, style).get_window_extent(renderer))


def _name(ax: Axes, p: IpaPoint, dx: int, dy: int, style: MatrixStyle) -> Annotation:
    return ax.annotate(
        shorten(p.name, 32),
        (p.satisfaction, p.importance),
        xytext=(dx, dy),
        textcoords="offset points",
        ha="left" if dx > 0 else "right",
        va="center",
        color=style.text,
        fontsize=style.label_size,
        zorder=6,
    )
