"""What the matrix and graph drawings hand back: the artists and the arrays behind them, kept
so that a view can hit-test, drag and restyle without redrawing.

Their own module because labels, legends and tooltips work on them and are used by the
drawings: kept apart, no drawing module needs another through a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation, Text

from sweetspot.core.graph import NodeKey
from sweetspot.core.plot.common import MatrixStyle, PlacedPoints
from sweetspot.core.scoring import ScoreResult

if TYPE_CHECKING:
    from matplotlib.legend import Legend


@dataclass
class MatrixArtists(PlacedPoints):
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


@dataclass
class GraphArtists(PlacedPoints):
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
