"""The sweet-spot matrix and overlap graph pictures, checked by what is drawn where."""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.image import imread

from sweetspot.core.graph import graph_tables, layered_positions
from sweetspot.core.model import Workshop
from sweetspot.core.plot import (
    QUADRANT_COLOURS,
    MatrixStyle,
    bubble_areas,
    draw_graph,
    draw_matrix,
    highlight_graph,
    label_extent,
    matrix_figure,
    matrix_home_limits,
    matrix_tooltip,
    save_matrix_png,
    shorten,
    update_matrix,
)
from sweetspot.core.plot.labels import show_leader
from sweetspot.core.scoring import Override, ScoreResult, ScoringSettings, score

# Initiative → (strong customer links, strong business links, effort). With ten equal needs and
# ten equal objectives each strong link is worth exactly 10 points, so C = 10·a and B = 10·b.
GRID = {
    "S1": (8, 7, 5.0),
    "S2": (6, 9, float("nan")),
    "C1": (7, 2, 2.0),
    "B1": (2, 6, 8.0),
    "L1": (1, 1, 1.0),
}
EXPECTED_QUADRANT = {
    "S1": "Sweet spot",
    "S2": "Sweet spot",
    "C1": "Customer-led",
    "B1": "Business-led",
    "L1": "Low overlap",
}
THRESHOLDS = (45.0, 45.0)


def rgba(colours: object) -> np.ndarray:
    """A collection's colours as an (n, 4) float array (matplotlib's stubs type them loosely)."""
    return np.asarray(colours, dtype=float).reshape(-1, 4)


def grid_workshop(layout: dict[str, tuple[int, int, float]] | None = None) -> Workshop:
    """A workshop whose initiatives land on exact grid positions (see GRID)."""
    layout = layout if layout is not None else GRID
    w = Workshop()
    n = 10
    w.insights = pd.DataFrame(
        {
            "id": [f"N{j}" for j in range(n)],
            "need": [f"Need {j}" for j in range(n)],
            "importance": 5.0,
            "satisfaction": 5.0,
            "reach": float("nan"),
            "segment": "Retail",
            "journey_stage": "Visit",
            "sentiment": "",
            "emotion": "",
            "evidence": "",
            "tags": "",
        }
    )
    w.objectives = pd.DataFrame(
        {
            "id": [f"O{j}" for j in range(n)],
            "objective": [f"Objective {j}" for j in range(n)],
            "weight": 1.0,
            "kpi": "",
            "owner": "",
        }
    )
    w.initiatives = pd.DataFrame(
        {
            "id": list(layout),
            "initiative": [f"Initiative called {i}" for i in layout],
            "effort": [e for _, _, e in layout.values()],
            "confidence": 1.0,
            "owner": "",
            "theme": "",
            "description": "",
            "status": "",
        }
    )
    links = []
    for ident, (a, b, _) in layout.items():
        links += [(ident, f"N{j}", 9.0) for j in range(a)]
        links += [(ident, f"O{j}", 9.0) for j in range(b)]
    w.links = pd.DataFrame(links, columns=["initiative", "target", "strength"])
    return w


def grid_result(overrides: dict[str, Override] | None = None) -> ScoreResult:
    settings = ScoringSettings(thresholds=THRESHOLDS, overrides=overrides or {})
    return score(grid_workshop(), settings)


def fresh_figure(size: tuple[float, float] = (10, 7), dpi: float = 100) -> Figure:
    fig = Figure(figsize=size, dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def test_bubbles_sit_at_customer_and_business_impact_with_quadrant_colours() -> None:
    result = grid_result()
    artists = draw_matrix(fresh_figure(), result)
    assert artists.scatter is not None
    offsets = np.asarray(artists.scatter.get_offsets())
    faces = rgba(artists.scatter.get_facecolor())
    positions = dict(zip(artists.ids, offsets, strict=True))
    assert set(positions) == set(GRID)
    for ident, (a, b, _) in GRID.items():
        assert positions[ident] == pytest.approx((10.0 * a, 10.0 * b))
    for row, ident in enumerate(artists.ids):
        if ident == "S2":
            continue  # effort unknown: drawn as a ring, checked below
        expected = to_rgba(QUADRANT_COLOURS[EXPECTED_QUADRANT[ident]])
        assert faces[row][:3] == pytest.approx(expected[:3]), ident


def test_unknown_effort_is_a_ring_in_its_quadrant_colour() -> None:
    artists = draw_matrix(fresh_figure(), grid_result())
    assert artists.scatter is not None
    row = artists.index_of("S2")
    assert row is not None and artists.hollow[row]
    # Face is the background, the outline carries the quadrant colour.
    assert rgba(artists.scatter.get_facecolor())[row][:3] == pytest.approx((1.0, 1.0, 1.0))
    edge = rgba(artists.scatter.get_edgecolor())[row]
    assert edge[:3] == pytest.approx(to_rgba(QUADRANT_COLOURS["Sweet spot"])[:3])


def test_bubble_area_is_proportional_to_effort() -> None:
    style = MatrixStyle.light()
    areas = bubble_areas(np.array([2.0, 4.0, 8.0, float("nan")]), style)
    assert areas[2] == pytest.approx(style.max_bubble_area)
    assert areas[1] / areas[0] == pytest.approx(2.0)
    assert areas[3] == style.unknown_effort_area


def test_crosshair_lines_sit_at_the_thresholds() -> None:
    result = score(grid_workshop())  # thresholds at the mean
    artists = draw_matrix(fresh_figure(), result)
    vline, hline = artists.crosshair
    assert np.asarray(vline.get_xdata()) == pytest.approx([result.customer_threshold] * 2)
    assert np.asarray(hline.get_ydata()) == pytest.approx([result.business_threshold] * 2)
    assert result.customer_threshold == pytest.approx(np.mean([80, 60, 70, 20, 10]))


def test_quadrant_names_in_their_corners() -> None:
    artists = draw_matrix(fresh_figure(), grid_result())
    corners = {q: t.get_position() for q, t in artists.quadrant_names.items()}
    assert corners["Sweet spot"][0] > 0.9 and corners["Sweet spot"][1] > 0.9
    assert corners["Low overlap"][0] < 0.1 and corners["Low overlap"][1] < 0.1
    assert corners["Customer-led"][0] > 0.9 and corners["Customer-led"][1] < 0.1
    assert corners["Business-led"][0] < 0.1 and corners["Business-led"][1] > 0.9


def test_selected_bubbles_get_a_thick_outline() -> None:
    artists = draw_matrix(fresh_figure(), grid_result(), selected=["C1"])
    assert artists.scatter is not None
    widths = np.asarray(artists.scatter.get_linewidth())
    row = artists.index_of("C1")
    other = artists.index_of("L1")
    assert row is not None and other is not None
    assert widths[row] == artists.style.selected_edge_width
    assert widths[other] < widths[row]


def test_override_draws_a_ghost_at_the_computed_position_and_an_arrow() -> None:
    result = grid_result({"L1": Override(55.0, 65.0, "The room knows better")})
    artists = draw_matrix(fresh_figure(), result)
    assert artists.ghosts is not None
    assert np.asarray(artists.ghosts.get_offsets())[0] == pytest.approx([10.0, 10.0])
    assert list(artists.arrows) == ["L1"]
    arrow = artists.arrows["L1"]
    assert arrow.xy == pytest.approx((55.0, 65.0))  # head at the agreed position
    assert arrow.xyann == pytest.approx((10.0, 10.0))  # tail at the computed one
    # The bubble itself is at the agreed position.
    assert artists.scatter is not None
    row = artists.index_of("L1")
    assert np.asarray(artists.scatter.get_offsets())[row] == pytest.approx((55.0, 65.0))
    no_ghosts = draw_matrix(fresh_figure(), result, show_ghosts=False)
    assert no_ghosts.ghosts is None and no_ghosts.arrows == {}


def _dense_layout(n: int, seed: int = 3) -> dict[str, tuple[int, int, float]]:
    rng = np.random.default_rng(seed)
    return {
        f"D{i:02d}": (int(rng.integers(1, 10)), int(rng.integers(1, 10)), float(rng.integers(1, 9)))
        for i in range(n)
    }


def test_labels_never_overlap_on_a_dense_matrix() -> None:
    layout = _dense_layout(60)
    result = score(grid_workshop(layout))
    fig = fresh_figure((8, 6))
    artists = draw_matrix(fig, result)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    shown = [t for t in artists.labels.values() if t.get_visible()]
    boxes = np.array([label_extent(t, renderer).extents for t in shown])
    # 60 bubbles on a 9 × 9 grid: many share a point, so not every label fits; most must.
    assert len(shown) >= 40
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            a, b = boxes[i], boxes[j]
            overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
            assert not overlap, (shown[i].get_text(), shown[j].get_text())
    # Every label stays inside the axes.
    ax_box = artists.ax.get_window_extent(renderer)
    assert (boxes[:, 0] >= ax_box.x0 - 1).all() and (boxes[:, 2] <= ax_box.x1 + 1).all()


def test_a_leader_is_laid_out_only_while_shown_and_drawn_where_it_is() -> None:
    """Labels placed further out get a leader line; the others park their arrow properties
    so matplotlib does not lay out an invisible arrow on every draw."""
    layout = _dense_layout(60)
    result = score(grid_workshop(layout))
    fig = fresh_figure((8, 6))
    artists = draw_matrix(fig, result)
    labels = list(artists.labels.values())
    led = [t for t in labels if t.arrow_patch is not None and t.arrow_patch.get_visible()]
    plain = [t for t in labels if t not in led]
    assert led and plain  # a dense matrix needs both
    assert all(t.arrowprops is not None for t in led)
    assert all(t.arrowprops is None for t in plain)
    # A leader shown again gets its own properties back, and is drawn from the label to
    # its bubble.
    label = plain[0]
    show_leader(label, True)
    assert label.arrowprops is not None and label.arrowprops["arrowstyle"] == "-"
    fig.canvas.draw()
    arrow = label.arrow_patch
    assert arrow is not None and arrow.get_visible()
    assert np.asarray(arrow.get_path().vertices).shape[0] >= 2
    show_leader(label, False)
    assert label.arrowprops is None and not arrow.get_visible()


def test_labels_carry_short_titles_on_small_matrices_and_skip_huge_ones() -> None:
    artists = draw_matrix(fresh_figure(), grid_result())
    assert artists.labels["S1"].get_text() == "S1 Initiative called S1"
    big = score(grid_workshop(_dense_layout(160)))
    assert draw_matrix(fresh_figure(), big).labels == {}
    assert draw_matrix(fresh_figure(), grid_result(), labels=False).labels == {}


def test_png_is_written_and_a_sweet_spot_bubble_is_green(tmp_path: Path) -> None:
    result = grid_result()
    path = save_matrix_png(tmp_path / "matrix.png", result, dpi=80, size=(10, 7))
    assert path.stat().st_size > 10_000
    image = imread(path)
    assert image.shape[:2] == (7 * 80, 10 * 80)
    # Same figure as save_matrix_png draws, to find where S1's centre lands in pixels.
    fig, artists = matrix_figure(result, dpi=80, size=(10, 7))
    x, y = artists.ax.transData.transform((80.0, 70.0))
    px = image[round(fig.bbox.height - y), round(x)][:3]
    style = artists.style
    green = np.array(to_rgba(QUADRANT_COLOURS["Sweet spot"])[:3])
    tinted = style.sweet_spot_tint_alpha * green + (1 - style.sweet_spot_tint_alpha) * 1.0
    expected = style.bubble_alpha * green + (1 - style.bubble_alpha) * tinted
    assert px == pytest.approx(expected, abs=0.03)


def test_dark_and_presentation_styles_change_background_and_type() -> None:
    fig = fresh_figure()
    draw_matrix(fig, grid_result(), style=MatrixStyle.dark())
    assert rgba(fig.get_facecolor())[0, :3] == pytest.approx(to_rgba("#1E1F22")[:3])
    big = draw_matrix(fresh_figure(), grid_result(), presentation=True)
    normal = draw_matrix(fresh_figure(), grid_result())
    assert float(big.labels["S1"].get_fontsize()) > float(normal.labels["S1"].get_fontsize())


def test_tooltip_names_the_scores_rank_and_drivers() -> None:
    result = grid_result()
    text = matrix_tooltip(result, "S1")
    row = result.row("S1")
    assert "S1" in text and "Initiative called S1" in text
    assert f"Rank {int(row['rank'])}" in text
    assert f"{row['score']:.1f}" in text and "Sweet spot" in text
    assert "Top customer drivers" in text and "N0" in text


def test_shorten_cuts_at_a_word_with_an_ellipsis() -> None:
    assert shorten("Queue-free branch booking for everyone", 20) == "Queue-free branch…"
    assert shorten("Short", 20) == "Short"
    assert shorten(float("nan"), 10) == ""


def test_empty_result_draws_a_message_not_an_error() -> None:
    empty = score(Workshop())
    artists = draw_matrix(fresh_figure(), empty)
    assert artists.scatter is None and len(artists.ids) == 0
    assert any("No initiatives" in t.get_text() for t in artists.ax.texts)


# -- overlap graph ---------------------------------------------------------------------------


def test_graph_puts_needs_initiatives_and_objectives_in_three_columns() -> None:
    w = grid_workshop()
    result = grid_result()
    artists = draw_graph(fresh_figure((12, 8)), w, result, None)
    assert artists.layout == "layered"
    assert set(artists.x_of_kind("insight")) == {0.0}
    assert set(artists.x_of_kind("initiative")) == {1.0}
    assert set(artists.x_of_kind("objective")) == {2.0}
    # Initiatives read top-down in rank order.
    init = artists.slices["initiative"]
    ys = dict(zip((k[1] for k in artists.keys[init]), artists.xy[init, 1], strict=True))
    by_height = sorted(ys, key=lambda i: -ys[i])
    assert by_height == list(result.table["id"])
    # One line per link, width growing with strength.
    assert artists.edges is not None
    assert len(artists.edges.get_segments()) == len(w.links)


def test_graph_edge_width_follows_strength() -> None:
    w = grid_workshop({"A": (2, 1, 1.0)})
    w.links.loc[w.links["target"] == "N1", "strength"] = 1.0
    artists = draw_graph(fresh_figure(), w, score(w), None)
    assert artists.edges is not None
    widths = np.asarray(artists.edges.get_linewidth())
    strong = widths[artists.edge_strength == 9.0]
    weak = widths[artists.edge_strength == 1.0]
    assert strong.min() > weak.max()


def test_graph_highlight_dims_everything_outside_the_neighbourhood() -> None:
    w = grid_workshop()
    artists = draw_graph(fresh_figure((12, 8)), w, grid_result(), None)
    near = highlight_graph(artists, [("initiative", "L1")])
    assert near == {("initiative", "L1"), ("insight", "N0"), ("objective", "O0")}
    inits = rgba(artists.scatters["initiative"].get_facecolor())
    rows = {k[1]: i for i, k in enumerate(artists.keys[artists.slices["initiative"]])}
    assert inits[rows["L1"]][3] == pytest.approx(0.92)
    assert inits[rows["S1"]][3] < 0.2
    assert artists.edges is not None
    alphas = np.asarray(rgba(artists.edges.get_color()))[:, 3]
    touching = (artists.edge_nodes == artists.index[("initiative", "L1")]).any(axis=1)
    assert (alphas[touching] > 0.5).all() and (alphas[~touching] < 0.1).all()
    highlight_graph(artists, [])
    assert rgba(artists.scatters["initiative"].get_facecolor())[rows["S1"]][3] == pytest.approx(
        0.92
    )


def test_graph_marks_what_needs_attention() -> None:
    report = SimpleNamespace(
        unmet_needs=pd.DataFrame({"id": ["N9"]}),
        uncovered_objectives=pd.DataFrame({"id": ["O9"]}),
        business_push=[],
        customer_only=["C1"],
    )
    w = grid_workshop()
    artists = draw_graph(fresh_figure((12, 8)), w, grid_result(), report)  # type: ignore[arg-type]
    assert set(artists.flags) == {("insight", "N9"), ("objective", "O9"), ("initiative", "C1")}
    edges = rgba(artists.scatters["insight"].get_edgecolor())
    row = [k[1] for k in artists.keys[artists.slices["insight"]]].index("N9")
    assert edges[row][:3] == pytest.approx(to_rgba("#D55E00")[:3])


def test_force_layout_falls_back_to_columns_on_big_graphs() -> None:
    w = grid_workshop()
    small = draw_graph(fresh_figure(), w, grid_result(), None, layout="force")
    assert small.layout == "force"
    assert len(set(np.round(small.x_of_kind("insight"), 6))) > 1
    layout = {f"X{i}": (1, 1, 1.0) for i in range(495)}
    big_w = grid_workshop(layout)
    big = draw_graph(fresh_figure(), big_w, score(big_w), None, layout="force")
    assert big.layout == "layered" and "Force layout" in big.note


def test_graph_labels_only_when_columns_are_readable() -> None:
    w = grid_workshop()
    artists = draw_graph(fresh_figure((12, 8)), w, grid_result(), None)
    assert ("initiative", "S1") in artists.labels
    assert artists.labels[("insight", "N0")].get_text().startswith("N0 Need 0")
    need_label = artists.labels[("insight", "N0")]
    # Needs are labelled to their left, objectives to their right: text never crosses edges.
    assert math.isclose(float(need_label.xy[0]), 0.0)
    assert need_label.get_horizontalalignment() == "right"
    assert artists.labels[("objective", "O0")].get_horizontalalignment() == "left"
    many = grid_workshop({f"X{i}": (1, 1, 1.0) for i in range(130)})
    crowded = draw_graph(fresh_figure((12, 8)), many, score(many), None)
    assert not any(k[0] == "initiative" for k in crowded.labels)


def test_big_graph_highlight_draws_only_the_neighbourhood_edges() -> None:
    w = grid_workshop({f"X{i:03d}": (5, 5, 1.0) for i in range(250)})  # 2,500 links
    artists = draw_graph(fresh_figure(), w, score(w), None)
    assert artists.edges is not None and len(artists.edge_nodes) == 2500
    highlight_graph(artists, [("initiative", "X007")])
    assert not artists.edges.get_visible()
    assert artists.focus_edges is not None and len(artists.focus_edges.get_segments()) == 10
    highlight_graph(artists, [])
    assert artists.edges.get_visible() and artists.focus_edges is None


# -- moving the drawn matrix to new scores (the app's fast path after a slider move) ----------


def matrix_state(artists: object) -> dict[str, object]:
    """What a reader sees on the matrix, read back from the artists."""
    a: Any = artists
    labels = {
        i: (lab.get_text(), tuple(np.round(lab.xy, 6)), lab.get_visible(), lab.xyann)
        for i, lab in a.labels.items()
    }
    return {
        "ids": a.ids.tolist(),
        "offsets": np.asarray(a.scatter.get_offsets()).round(6).tolist(),
        "sizes": np.asarray(a.scatter.get_sizes()).round(6).tolist(),
        "faces": rgba(a.scatter.get_facecolor()).round(6).tolist(),
        "edges": rgba(a.scatter.get_edgecolor()).round(6).tolist(),
        "widths": np.asarray(a.scatter.get_linewidth()).round(6).tolist(),
        "crosshair": (a.crosshair[0].get_xdata()[0], a.crosshair[1].get_ydata()[0]),
        "tint": tuple(a.tint.get_xy()),
        "note": a.note.get_text(),
        "names": {q: t.get_visible() for q, t in a.quadrant_names.items()},
        "limits": (a.ax.get_xlim(), a.ax.get_ylim()),
        "home": a.home_limits,
        "labels": labels,
        "ghosts": None
        if a.ghosts is None
        else np.asarray(a.ghosts.get_offsets()).round(6).tolist(),
        "arrows": {i: (tuple(ar.xy), tuple(ar.xyann)) for i, ar in a.arrows.items()},
    }


@pytest.mark.parametrize(
    "before, after",
    [
        # The balance slider: scores move, positions and quadrants stay.
        (ScoringSettings(thresholds=THRESHOLDS), ScoringSettings(alpha=0.8, thresholds=THRESHOLDS)),
        # The crosshair moves: quadrants, colours, tint and note change.
        (ScoringSettings(thresholds=THRESHOLDS), ScoringSettings(thresholds=(25.0, 65.0))),
        # Mean crosshair, ranked by value: the ranking (label priority) changes.
        (ScoringSettings(), ScoringSettings(rank_by="value", alpha=0.2)),
        # A placement moves, the same initiatives stay placed: ghost rings and arrows follow.
        (
            ScoringSettings(thresholds=THRESHOLDS, overrides={"L1": Override(30.0, 35.0)}),
            ScoringSettings(thresholds=THRESHOLDS, overrides={"L1": Override(70.0, 20.0)}),
        ),
    ],
)
def test_update_matrix_draws_what_a_fresh_draw_would(
    before: ScoringSettings, after: ScoringSettings
) -> None:
    w = grid_workshop()
    old, new = score(w, before), score(w, after)
    moved = draw_matrix(fresh_figure(), old, selected=["C1"])
    assert update_matrix(moved, new) is True
    fresh = draw_matrix(fresh_figure(), new, selected=["C1"])
    got, want = matrix_state(moved), matrix_state(fresh)
    for key in want:
        assert got[key] == want[key], key
    assert moved.result is new


def test_update_matrix_refuses_what_needs_a_rebuild() -> None:
    w = grid_workshop()
    artists = draw_matrix(fresh_figure(), grid_result())
    state = matrix_state(artists)
    placed = grid_result({"L1": Override(30.0, 35.0)})  # a ghost ring and a legend entry appear
    assert update_matrix(artists, placed) is False
    w.initiatives.loc[w.initiatives["id"] == "C1", "effort"] = 7.0  # bubble size, size key
    assert update_matrix(artists, score(w, ScoringSettings(thresholds=THRESHOLDS))) is False
    fewer = grid_workshop({k: v for k, v in GRID.items() if k != "B1"})
    assert update_matrix(artists, score(fewer, ScoringSettings(thresholds=THRESHOLDS))) is False
    assert matrix_state(artists) == state  # nothing was touched


def test_home_view_moves_in_whole_steps() -> None:
    def home(top_c: float, top_b: float) -> tuple[tuple[float, float], tuple[float, float]]:
        table = pd.DataFrame(
            {
                "customer_impact": [1.0, top_c],
                "computed_customer_impact": [1.0, top_c],
                "business_impact": [1.0, top_b],
                "computed_business_impact": [1.0, top_b],
            }
        )
        fake = SimpleNamespace(table=table, customer_threshold=1.0, business_threshold=1.0)
        return matrix_home_limits(fake)  # type: ignore[arg-type]

    # A slider moving the top score a little leaves the axes where they are...
    assert home(41.0, 7.9) == home(42.0, 8.1)
    (_, x1), (_, y1) = home(41.0, 7.9)
    # ...which still show every bubble with room to spare, and stop at 100.
    assert x1 > 41.0 * 1.1 and y1 > 7.9 * 1.1
    top_x, top_y = x1 / 1.06, y1 / 1.06  # the margin is 6% of the top
    assert top_x == pytest.approx(50.0) and top_y == pytest.approx(10.0)
    assert home(99.0, 99.0)[0][1] == pytest.approx(106.0)


def _direct_graph_tables(w: Workshop, result: ScoreResult) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The drawing's tables (`core.graph.graph_tables`), as the two frames compared below."""
    tables = graph_tables(w, result)
    return tables.nodes, tables.edges


def _tables_from_networkx(g: nx.Graph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same two frames read back from `build_graph`'s networkx graph."""
    rows = []
    raw_weights = []
    for key, data in g.nodes(data=True):
        kind = str(data.get("kind", key[0] if isinstance(key, tuple) else ""))
        ident = str(data.get("id", key[1] if isinstance(key, tuple) else key))
        rows.append((kind, ident, str(data.get("label", ident))))
        raw_weights.append(data.get("weight"))
    nodes = pd.DataFrame(rows, columns=["kind", "id", "label"])
    # One conversion for all nodes (a Series per node cost ~0.1 ms each: 0.6 s at M).
    nodes["weight"] = pd.to_numeric(pd.Series(raw_weights, dtype=object), errors="coerce").to_numpy(
        float
    )
    key_of = {k: (str(d.get("kind", k[0])), str(d.get("id", k[1]))) for k, d in g.nodes(data=True)}
    erows = []
    for a, b, data in g.edges(data=True):
        ka, kb = key_of[a], key_of[b]
        if kb[0] == "initiative" and ka[0] != "initiative":
            ka, kb = kb, ka
        erows.append((*ka, *kb, float(data.get("strength") or 0.0)))
    edges = pd.DataFrame(erows, columns=["a_kind", "a_id", "b_kind", "b_id", "strength"])
    return nodes, edges


def test_graph_tables_are_the_networkx_graph_without_networkx() -> None:
    from sweetspot.core.graph import build_graph

    w = grid_workshop()
    # Messy input: links repeated with two strengths, links to unknown IDs, a blank and a text
    # strength, a zero link, blank titles, an ID that is both an insight and an objective, an
    # initiative the result does not rank; and, added after scoring (scoring refuses them),
    # a repeated initiative and a repeated insight.
    w.initiatives = pd.concat(
        [w.initiatives, w.initiatives.iloc[[1]].assign(id="ZZ")], ignore_index=True
    )
    w.initiatives.loc[2, "initiative"] = np.nan
    w.insights = pd.concat([w.insights, w.insights.iloc[[0]].assign(id="O4")], ignore_index=True)
    w.insights.loc[1, "need"] = None
    extra = pd.DataFrame(
        [
            ("S1", "N0", 3.0),
            ("S1", "N9", 1.0),
            ("S1", "N9", 3.0),
            ("C1", "nowhere", 9.0),
            ("ghost", "N1", 9.0),
            ("B1", "N5", np.nan),
            ("B1", "N6", "3"),
            ("B1", "N7", 0.0),
            ("L1", "O4", 9.0),
            ("ZZ", "O2", 3.0),
        ],
        columns=["initiative", "target", "strength"],
    )
    w.links = pd.concat([w.links, extra], ignore_index=True)
    result = score(w, ScoringSettings(thresholds=THRESHOLDS))
    result.table = result.table.loc[result.table["id"] != "ZZ"].reset_index(drop=True)
    w.initiatives = pd.concat([w.initiatives, w.initiatives.iloc[[0]]], ignore_index=True)
    w.insights = pd.concat([w.insights, w.insights.iloc[[3]]], ignore_index=True)
    want_nodes, want_edges = _tables_from_networkx(build_graph(w, result))
    got_nodes, got_edges = _direct_graph_tables(w, result)
    pd.testing.assert_frame_equal(got_nodes, want_nodes, check_dtype=False)
    pd.testing.assert_frame_equal(got_edges, want_edges, check_dtype=False)
    assert len(want_edges) > len(GRID) and "ZZ" in set(got_nodes["id"])


def test_the_drawing_lays_out_with_the_one_layered_layout() -> None:
    w = grid_workshop()
    result = score(w, ScoringSettings(thresholds=THRESHOLDS))
    artists = draw_graph(fresh_figure(), w, result, None)
    assert artists.layout == "layered"
    assert artists.positions() == layered_positions(w, result)


@pytest.mark.parametrize("width", [7.5, 9.0, 14.0])
def test_graph_titles_and_legend_stay_inside_a_laptop_sized_canvas(width: float) -> None:
    from sweetspot.core.graph import analyse
    from sweetspot.core.importing import load_workshop

    sample = Path(__file__).resolve().parents[2] / "sample_data" / "retail_bank.xlsx"
    w = load_workshop([sample])
    result = score(w)
    fig = fresh_figure((width, 8))
    artists = draw_graph(fig, w, result, analyse(w, result))
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig_box = fig.bbox
    legend = artists.ax.get_legend().get_window_extent(renderer)
    assert legend.x1 <= fig_box.x1 + 1, "legend cut off on the right"
    titles = [t for t in artists.ax.texts if "(" in t.get_text() and "\n" in t.get_text()]
    assert len(titles) == 3
    boxes = sorted((t.get_window_extent(renderer) for t in titles), key=lambda b: b.x0)
    assert boxes[0].x0 >= fig_box.x0 - 1, "first column title cut off on the left"
    for a, b in itertools.pairwise(boxes):
        assert a.x1 < b.x0, "column titles run into each other"
    assert boxes[-1].x1 < legend.x0, "the last title runs into the legend"
