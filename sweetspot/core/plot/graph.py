"""The overlap graph: needs, initiatives and objectives, and the links between them.

Edges are one LineCollection and each kind of node one scatter, so a hover or a highlight on
a graph of 5,000 needs and 10,000 links changes arrays, never thousands of artists.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from sweetspot.core.graph import NodeKey, NodeKind, force_xy, graph_tables, layered_xy
from sweetspot.core.model import FULL_STRENGTH, Workshop
from sweetspot.core.plot.artists import GraphArtists
from sweetspot.core.plot.common import (
    ATTENTION_COLOUR,
    KIND_COLOURS,
    MatrixStyle,
    arr,
    halo,
    quadrant_rgba,
    renderer_for,
    shorten,
)
from sweetspot.core.plot.labels import label_extent, overlaps
from sweetspot.core.plot.legends import graph_legend
from sweetspot.core.scoring import ScoreResult

if TYPE_CHECKING:
    from sweetspot.core.graph import OverlapReport

# spring_layout switches to a scipy-only solver at 500 nodes and takes minutes on big graphs.
MAX_FORCE_NODES = 499
# Beyond this many edges a highlight hides the dimmed ones instead of drawing them faintly.
MAX_DIMMED_EDGES = 2000
# Per column; beyond this, labels would be a grey smear.
MAX_LABELLED_NODES_PER_COLUMN = 120


KINDS: tuple[NodeKind, ...] = ("insight", "initiative", "objective")
# Two short lines each (the count is added): three columns fit side by side on a laptop.
COLUMN_TITLES = {
    "insight": "Customer\nneeds",
    "initiative": "Initiatives\nby rank",
    "objective": "Business\nobjectives",
}
KIND_MARKERS = {"insight": "o", "initiative": "D", "objective": "s"}


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

    tables = graph_tables(workshop, result)
    nodes, edges = tables.nodes, tables.edges
    keys: list[NodeKey] = list(zip(nodes["kind"], nodes["id"], strict=True))
    index = {k: i for i, k in enumerate(keys)}
    ea, eb, strength = tables.a, tables.b, tables.strength

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
        xy = force_xy(tables)
    else:
        xy = layered_xy(tables)
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
            face = quadrant_rgba([table["quadrant"].get(i, "Low overlap") for i in ids], style)
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
            facecolors=arr(face),
            edgecolors=arr(ecol),
            linewidths=arr(widths),
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
            arr(segs),
            linewidths=arr(widths_pt),
            colors=arr(base_edge_colours),
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
    graph_legend(artists)
    if note:
        fig.text(0.01, 0.005, note, color=style.muted, fontsize=style.note_size, va="bottom")
    highlight_graph(artists, [("initiative", str(s)) for s in selected])
    return artists


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
                path_effects=halo(style, 2.4),
                annotation_clip=True,
            )
    if not layered:
        _declutter_graph_labels(artists)


def _declutter_graph_labels(artists: GraphArtists) -> None:
    """In a force layout labels can collide: keep objectives' first (few, they anchor the
    picture), then initiatives', then needs' (heaviest first); hide any that would overlap."""
    renderer = renderer_for(artists.fig)
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
        if count and overlaps(box[None, :], kept[:count]).any():
            artists.labels[key].set_visible(False)
            continue
        kept[count] = box
        count += 1


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
        scatter.set_facecolor(arr(face))
        scatter.set_edgecolor(arr(edge))
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
        artists.edges.set_color(arr(colours))
        # Thousands of edges at 3% ink still cost their full rasterising time (~0.45 s for
        # 10,000): on big graphs draw only the highlighted ones, as a small extra collection.
        big = len(colours) > MAX_DIMMED_EDGES
        artists.edges.set_visible(not (near and big))
        if near and big and inside.any():
            segments = np.asarray(artists.edges.get_segments(), dtype=object)
            widths = np.broadcast_to(artists.edges.get_linewidth(), (len(colours),))
            artists.focus_edges = LineCollection(
                list(segments[inside]),
                linewidths=arr(np.asarray(widths)[inside]),
                colors=arr(colours[inside]),
                zorder=2,
                capstyle="round",
            )
            artists.ax.add_collection(artists.focus_edges, autolim=False)
    for key, text in artists.labels.items():
        text.set_alpha(1.0 if not near or key in near else 0.25)
        text.set_fontweight("bold" if key in chosen else "normal")
    return near
