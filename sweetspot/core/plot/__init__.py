"""Pictures of a scored workshop, drawn on plain matplotlib `Figure`s (no pyplot, no Qt).

The domain modules (`core.scoring`, `core.graph`, `core.lenses`, `core.robustness`,
`core.votes`) compute; this package draws what they return, for the desktop app (which adds
interaction on top), the CLI's `--png` and the PDF report (`core.plot.report`):

- `common`: theme colours, `MatrixStyle`, helpers every picture shares;
- `matrix`: the sweet-spot matrix; `labels`: its label placement; `legends`: its legends and
  the graph's;
- `graph`: the overlap graph, drawn from the tables and layout `core.graph` builds;
- `charts`: the bump chart of lenses, the robustness pictures and the vote spread;
- `tooltips`: what a hover says about a bubble or a node.
"""

from __future__ import annotations

from sweetspot.core.plot.charts import (
    draw_bump_chart,
    draw_rank_intervals,
    draw_tornado,
    draw_vote_spread,
)
from sweetspot.core.plot.common import (
    ATTENTION_COLOUR,
    QUADRANT_COLOURS,
    QUADRANT_COLOURS_DARK,
    MatrixStyle,
    bubble_areas,
    shorten,
)
from sweetspot.core.plot.graph import (
    GraphArtists,
    NodeKey,
    draw_graph,
    highlight_graph,
    neighbourhood,
)
from sweetspot.core.plot.labels import label_extent, place_labels
from sweetspot.core.plot.matrix import (
    MatrixArtists,
    draw_matrix,
    matrix_dynamic_artists,
    matrix_figure,
    matrix_home_limits,
    relayout_matrix,
    save_matrix_png,
    set_matrix_selection,
    update_matrix,
    update_quadrant_names,
)
from sweetspot.core.plot.tooltips import graph_tooltip, matrix_tooltip

__all__ = [
    "ATTENTION_COLOUR",
    "QUADRANT_COLOURS",
    "QUADRANT_COLOURS_DARK",
    "GraphArtists",
    "MatrixArtists",
    "MatrixStyle",
    "NodeKey",
    "bubble_areas",
    "draw_bump_chart",
    "draw_graph",
    "draw_matrix",
    "draw_rank_intervals",
    "draw_tornado",
    "draw_vote_spread",
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
