"""Labels on the matrix: greedy placement around the bubbles, in display space.

`place_labels` gives each label the best free place around its bubble (then one step further
out, with a leader line), in rank order; `label_extent` and `overlaps` measure and compare
boxes (the graph's label decluttering uses them too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from sweetspot.core.plot.common import renderer_for

if TYPE_CHECKING:
    from matplotlib.backend_bases import RendererBase

    from sweetspot.core.plot.artists import MatrixArtists

# Candidate label places around a bubble, in order of preference: right, upper right, above,
# upper left, left, lower left, below, lower right. (dx, dy) is the unit direction.
_DIRECTIONS = np.array(
    [(1, 0), (0.72, 0.72), (0, 1), (-0.72, 0.72), (-1, 0), (-0.72, -0.72), (0, -1), (0.72, -0.72)]
)


# A hidden leader's arrow properties, parked off the label (see show_leader).
_PARKED = "_sweetspot_parked_arrowprops"


def show_leader(label: Annotation, on: bool) -> None:
    """Show or hide a label's leader line. A hidden leader also parks the label's arrow
    properties: with them matplotlib lays the arrow out on every draw and every extent
    (~0.4 ms a label, most of a matrix's labels have no leader)."""
    arrow = label.arrow_patch
    if arrow is None:
        return
    arrow.set_visible(on)
    if on and label.arrowprops is None:
        label.arrowprops = getattr(label, _PARKED, None)
    elif not on and label.arrowprops is not None:
        setattr(label, _PARKED, label.arrowprops)
        label.arrowprops = None


def label_extent(label: Text, renderer: RendererBase | None = None) -> Bbox:
    """The text's own box in display pixels (an Annotation's extent would include its leader)."""
    if isinstance(label, Annotation):
        label.update_positions(renderer or renderer_for(label.get_figure(root=True)))  # type: ignore[arg-type]
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
    renderer = renderer or renderer_for(artists.fig)
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
            ok = in_axes & ~overlaps(c, placed[:count]).any(axis=1)
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
            covered = overlaps(c, bubbles[others]).sum(axis=1)
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
        show_leader(label, far)
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


def overlaps(candidates: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """(n_candidates, n_boxes) booleans: which candidate boxes (x0, y0, x1, y1) overlap which."""
    if len(boxes) == 0:
        return np.zeros((len(candidates), 0), dtype=bool)
    c = candidates[:, None, :]
    b = boxes[None, :, :]
    hit = (c[..., 0] < b[..., 2]) & (c[..., 2] > b[..., 0])
    hit &= (c[..., 1] < b[..., 3]) & (c[..., 3] > b[..., 1])
    return np.asarray(hit)
