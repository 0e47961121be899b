"""The Journey tab: the numbers it shows are the core's, a click shares the selection, targets
and the stage order are undoable edits, and inputs without stages get a friendly empty state."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from sweetspot.core.inputs import open_inputs
from sweetspot.core.journey import ALL_CUSTOMERS, journey_map, journey_table, plan_of
from sweetspot.core.plot.journey import cell_tooltip
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.views.journey_view import TARGET_FEELING, TARGET_SENTIMENT, JourneyView
from tests.core.test_journey import hand_workshop

pytestmark = pytest.mark.gui
BANK = Path(__file__).resolve().parents[2] / "sample_data" / "retail_bank.xlsx"


@pytest.fixture
def doc(qapp: object) -> WorkshopDocument:
    return WorkshopDocument(hand_workshop())


def shown(qtbot: QtBot, doc: WorkshopDocument) -> JourneyView:
    view = JourneyView(doc)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    view.canvas.draw()
    return view


def cell_point(view: JourneyView, row: int, col: int) -> QPoint:
    assert view.artists is not None
    x, y = view.artists.cell_centre(row, col)
    dpr = view.canvas.device_pixel_ratio
    return QPoint(round(x / dpr), round((view.figure.bbox.height - y) / dpr))


def test_the_view_shows_the_cores_figures(qtbot: QtBot, doc: WorkshopDocument) -> None:
    view = shown(qtbot, doc)
    assert view.jmap is not None
    expected = journey_map(doc.workshop, doc.result, plan_of(doc.view_state))
    assert view.jmap.cells.equals(expected.cells)
    model = view.targets_model
    assert model.rowCount() == 2
    assert model.index(0, 0).data() == "Join"
    assert model.index(0, 1).data() == "0.00 of 2.60"
    assert model.index(1, 1).data() == "1.00 of 1.00"
    assert model.index(1, 2).data() == "11%"
    assert model.index(1, 3).data() == "-1.00 (very negative)"
    # The heat map's texts are the same numbers.
    texts = {t.get_text() for t in view.artists.heat_ax.texts}
    assert "1.00 of 1.00 · 11%" in texts and "no initiative" in texts


def test_clicking_a_cell_selects_its_initiatives_everywhere(
    qtbot: QtBot, doc: WorkshopDocument
) -> None:
    view = shown(qtbot, doc)
    with qtbot.waitSignal(doc.selectionChanged, timeout=2000) as blocker:
        qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=cell_point(view, 0, 0))
    assert blocker.args == [["X", "Y"]]
    assert view.selected_cell == (0, 0)
    ids = [view.cell_table.item(r, 1).text() for r in range(view.cell_table.rowCount())]
    assert ids == ["I1", "I2", "X", "Y"]
    assert "Join" in view.cell_title.text()
    # Selecting an initiative elsewhere outlines the cells it acts in.
    doc.select(["Y"])
    assert view.acting_cells() == {(0, 0), (2, 0)}  # All customers and segment B at Join
    # Two outlines: the open cell (0, 0) is one of them, drawn strong.
    assert len(view.artists.outlines) == 2


def test_tooltip_names_every_figure(doc: WorkshopDocument) -> None:
    jmap = journey_map(doc.workshop, doc.result)
    text = cell_tooltip(jmap, 0, 1)
    assert text.startswith(f"{ALL_CUSTOMERS} · Use")
    assert "Unmet need 1.00 of 1.00" in text and "Coverage 11%" in text
    assert "No initiative acts here" in text and "no initiative at all" in text


def test_a_target_is_an_undoable_edit(qtbot: QtBot, doc: WorkshopDocument) -> None:
    view = shown(qtbot, doc)
    model = view.targets_model
    assert model.setData(model.index(0, TARGET_SENTIMENT), "positive")
    assert model.setData(model.index(0, TARGET_FEELING), "welcomed")
    plan = plan_of(doc.view_state)
    assert plan.targets["Join"].sentiment == 0.5 and plan.targets["Join"].feeling == "welcomed"
    assert model.index(0, TARGET_SENTIMENT).data() == "+0.50"
    table = journey_table(view.jmap)  # type: ignore[arg-type]
    assert table.loc[0, "Target feeling"] == "welcomed"
    # Not a sentiment: refused with a sentence, nothing changes.
    assert not model.setData(model.index(1, TARGET_SENTIMENT), "meh")
    assert "not a sentiment" in view.hint.text()
    doc.undo_stack.undo()
    assert plan_of(doc.view_state).targets["Join"].feeling == ""
    doc.undo_stack.undo()
    assert "Join" not in plan_of(doc.view_state).targets
    assert model.index(0, TARGET_SENTIMENT).data() == "—"


def test_moving_a_stage_and_the_top_n_are_undoable(qtbot: QtBot, doc: WorkshopDocument) -> None:
    view = shown(qtbot, doc)
    view.select_cell(0, 0)
    view.right_button.click()
    assert view.jmap is not None and view.jmap.stages == ["Use", "Join"]
    assert plan_of(doc.view_state).stage_order == ("Use", "Join")
    assert view.selected_cell == (0, 1)  # the open cell moved with its stage
    view.top_spin.setValue(1)
    assert plan_of(doc.view_state).top == 1
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert view.jmap.stages == ["Join", "Use"] and view.top_spin.value() == 5


def test_without_stages_the_view_says_which_column_to_add(qtbot: QtBot, qapp: object) -> None:
    w = hand_workshop()
    w.insights["journey_stage"] = ""
    doc = WorkshopDocument(w)
    view = shown(qtbot, doc)
    texts = [t.get_text() for ax in view.figure.axes for t in ax.texts]
    assert any("Journey stage column" in t for t in texts)
    assert view.targets_model.rowCount() == 0
    assert not view.top_spin.isEnabled()


def test_without_sentiment_the_curve_says_which_column_to_add(qtbot: QtBot, qapp: object) -> None:
    w = hand_workshop()
    w.insights["sentiment"] = None
    view = shown(qtbot, WorkshopDocument(w))
    assert view.artists is not None and view.artists.emotion_ax is not None
    texts = [t.get_text() for t in view.artists.emotion_ax.texts]
    assert any("Sentiment column" in t for t in texts)
    assert not view.artists.emotion_ax.lines


def test_the_bank_sample_draws_its_journey(qtbot: QtBot, qapp: object) -> None:
    project = open_inputs([BANK])
    doc = WorkshopDocument(project.workshop)
    view = shown(qtbot, doc)
    assert view.jmap is not None
    assert view.jmap.stages[:3] == ["Join", "Everyday banking", "Payments"]
    assert view.jmap.flagged_stages() == ["Save"]
    # The pixels: the heat map is drawn in the attention colour where the need is unmet most.
    image = np.asarray(view.canvas.buffer_rgba())
    assert image.shape[0] > 100 and (image[..., 0] > 200).mean() > 0.3


def test_a_weight_change_redraws_only_the_relief_lane(qtbot: QtBot, qapp: object) -> None:
    from sweetspot.core.edits import SetCell

    project = open_inputs([BANK])
    doc = WorkshopDocument(project.workshop)
    view = shown(qtbot, doc)
    qtbot.waitUntil(lambda: view._background is not None, timeout=3000)
    before = list(view.jmap.shipped)
    # No weight on digital actives: A01 and A07 leave the sweet spots, the relief changes.
    doc.edit(SetCell("objectives", "O1", "weight", 0.0))
    assert view.last_update == "relief lane blitted"
    jmap = view.jmap
    assert jmap is not None and before[0] == "A01" and jmap.shipped == ["A02", "A03", "A09"]
    artists = view.artists
    assert artists is not None
    heights = [bar.get_height() for bar in artists.relieved_bars]
    assert np.allclose(heights, jmap.stage_table()["relieved"])
    assert view.shipped_label.text() == "(A02, A03, A09)"
    # A selection changes the outlines: a full draw.
    doc.select([jmap.shipped[0]])
    assert view.last_update == "full draw"


def test_the_blitted_lane_looks_like_a_full_draw(qtbot: QtBot, qapp: object) -> None:
    from sweetspot.core.edits import SetCell

    project = open_inputs([BANK])
    doc = WorkshopDocument(project.workshop)
    view = shown(qtbot, doc)
    qtbot.waitUntil(lambda: view._background is not None, timeout=3000)
    # A weight change that moves no sweet spot: nothing in the picture changes.
    doc.edit(SetCell("objectives", "O7", "weight", 8.0))
    assert view.last_update == "nothing to redraw"
    doc.edit(SetCell("objectives", "O1", "weight", 0.0))
    assert view.last_update == "relief lane blitted"
    blitted = np.asarray(view.canvas.buffer_rgba()).copy()
    view._redraw()
    view.canvas.draw()
    full = np.asarray(view.canvas.buffer_rgba())
    differs = np.abs(blitted.astype(int) - full.astype(int)).max(axis=2) > 40
    assert differs.mean() < 0.001  # the same picture, to antialiasing
