"""The overlap graph view driven through real mouse events on the canvas (offscreen)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from sweetspot.core.scoring import score
from sweetspot.ui.views.graph_view import GraphView
from tests.core.test_plotting import grid_result, grid_workshop, rgba
from tests.ui.test_matrix_view import _wheel, hover

pytestmark = pytest.mark.gui


def _report() -> SimpleNamespace:
    """A minimal overlap report (the fields draw_graph reads)."""
    return SimpleNamespace(
        unmet_needs=pd.DataFrame({"id": ["N9"]}),
        uncovered_objectives=pd.DataFrame({"id": ["O9"]}),
        business_push=[],
        customer_only=[],
    )


@pytest.fixture
def view(qtbot: QtBot) -> GraphView:
    v = GraphView()
    qtbot.addWidget(v)
    v.resize(1100, 750)
    v.set_data(grid_workshop(), grid_result(), _report())  # type: ignore[arg-type]
    v.show()
    qtbot.waitExposed(v)
    v.canvas.draw()
    return v


def pos(view: GraphView, kind: str, ident: str) -> QPoint:
    return view.node_widget_pos((kind, ident)).toPoint()


def test_nodes_stand_in_three_columns_by_kind(view: GraphView) -> None:
    artists = view.artists
    assert artists is not None and artists.layout == "layered"
    columns = {
        kind: {round(view.node_widget_pos(k).x()) for k in artists.keys if k[0] == kind}
        for kind in ("insight", "initiative", "objective")
    }
    assert all(len(xs) == 1 for xs in columns.values())
    left, middle, right = (columns[k].pop() for k in ("insight", "initiative", "objective"))
    assert left < middle < right


def test_clicking_an_initiative_selects_it_and_highlights_its_links(
    qtbot: QtBot, view: GraphView
) -> None:
    with qtbot.waitSignal(view.selectionChanged, timeout=2000) as blocker:
        qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=pos(view, "initiative", "L1"))
    assert blocker.args == [["L1"]]
    artists = view.artists
    assert artists is not None
    assert artists.highlighted == {("initiative", "L1"), ("insight", "N0"), ("objective", "O0")}
    alphas = rgba(artists.scatters["insight"].get_facecolor())[:, 3]
    ids = [k[1] for k in artists.keys[artists.slices["insight"]]]
    assert alphas[ids.index("N0")] > 0.9 and alphas[ids.index("N5")] < 0.2
    with qtbot.waitSignal(view.selectionChanged, timeout=2000) as blocker:
        qtbot.mouseClick(
            view.canvas,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.ControlModifier,
            pos=pos(view, "initiative", "B1"),
        )
    assert blocker.args == [["L1", "B1"]]


def test_clicking_a_need_highlights_through_to_objectives_without_selecting(
    qtbot: QtBot, view: GraphView
) -> None:
    with qtbot.assertNotEmitted(view.selectionChanged):
        qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=pos(view, "insight", "N7"))
    artists = view.artists
    assert artists is not None
    # N7 is addressed only by S1 (8 needs); S1 serves O0–O6.
    expected = {("insight", "N7"), ("initiative", "S1")} | {
        ("objective", f"O{j}") for j in range(7)
    }
    assert artists.highlighted == expected
    # Clicking empty space clears the highlight: every node at full strength again.
    qtbot.mouseClick(
        view.canvas, Qt.MouseButton.LeftButton, pos=QPoint(5, view.canvas.height() - 5)
    )
    assert artists.highlighted == set()
    assert (rgba(artists.scatters["initiative"].get_facecolor())[:, 3] > 0.9).all()


def test_set_selection_highlights_without_emitting(qtbot: QtBot, view: GraphView) -> None:
    with qtbot.assertNotEmitted(view.selectionChanged):
        view.set_selection(["C1"])
    artists = view.artists
    assert artists is not None and ("initiative", "C1") in artists.highlighted
    edge_alpha = rgba(artists.edges.get_color())[:, 3] if artists.edges else np.zeros(0)
    assert (edge_alpha > 0.5).sum() == 9  # C1 has 7 need links and 2 objective links


def test_hover_shows_the_node_and_its_flag(qtbot: QtBot, view: GraphView) -> None:
    with qtbot.waitSignal(view.hovered, timeout=2000) as blocker:
        hover(view, pos(view, "insight", "N9"))
    assert blocker.args == [("insight", "N9")]
    assert "N9" in view.tooltip_text() and "Unmet need" in view.tooltip_text()
    with qtbot.waitSignal(view.hovered, timeout=2000) as blocker:
        hover(view, pos(view, "initiative", "S1"))
    assert "Rank 1" in view.tooltip_text() or "rank 1" in view.tooltip_text()


def test_layout_toggle_switches_to_force_and_back(view: GraphView) -> None:
    view.force_button.click()
    assert view.layout_used() == "force"
    artists = view.artists
    assert artists is not None
    assert len(set(np.round(artists.x_of_kind("insight"), 4))) > 1
    first = artists.positions()
    # New scores, same links: the force layout does not move.
    view.set_data(grid_workshop(), score(grid_workshop()), None)
    assert view.artists is not None and view.artists.positions() == first
    view.layered_button.click()
    assert view.layout_used() == "layered"
    for button in (view.layered_button, view.force_button, view.labels_button, view.reset_button):
        assert button.toolTip()


def test_scroll_and_reset(qtbot: QtBot, view: GraphView) -> None:
    artists = view.artists
    assert artists is not None
    home = artists.ax.get_xlim()
    _wheel(view, view.node_widget_pos(("initiative", "S1")), 3)
    x0, x1 = artists.ax.get_xlim()
    assert x1 - x0 < home[1] - home[0]
    view.reset_button.click()
    assert artists.ax.get_xlim() == pytest.approx(home)
