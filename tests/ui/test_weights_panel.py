"""The weights panel driven through its sliders, spin boxes, combos and radio buttons: every
change re-scores exactly as the core does, a drag is one undo step, undo moves the controls."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QSlider, QStyle, QStyleOptionSlider
from pytestqt.qtbot import QtBot

from sweetspot.core.edits import AddRow, SetCell
from sweetspot.core.model import Workshop
from sweetspot.core.scoring import ScoringSettings, score
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.views.weights_panel import CheckableCombo, WeightsPanel, weight_range

pytestmark = pytest.mark.gui


@pytest.fixture
def doc(qapp: object, small_workshop: Workshop) -> WorkshopDocument:
    return WorkshopDocument(small_workshop)


@pytest.fixture
def panel(qtbot: QtBot, doc: WorkshopDocument) -> WeightsPanel:
    p = WeightsPanel(doc)
    qtbot.addWidget(p)
    p.resize(340, 900)
    p.show()
    qtbot.waitExposed(p)
    return p


def weight(doc: WorkshopDocument, oid: str) -> float:
    obj = doc.workshop.objectives
    return float(obj.loc[obj["id"] == oid, "weight"].iloc[0])


def assert_scored_like_the_core(doc: WorkshopDocument) -> None:
    expected = score(doc.workshop, doc.settings)
    assert doc.result.ranks() == expected.ranks()
    np.testing.assert_allclose(
        doc.result.table["score"].to_numpy(), expected.table["score"].to_numpy()
    )


def send_mouse(slider: QSlider, kind: QEvent.Type, pos: QPoint) -> None:
    buttons = (
        Qt.MouseButton.NoButton
        if kind == QEvent.Type.MouseButtonRelease
        else Qt.MouseButton.LeftButton
    )
    event = QMouseEvent(
        kind,
        QPointF(pos),
        QPointF(slider.mapToGlobal(pos)),
        Qt.MouseButton.LeftButton,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(slider, event)


def drag_slider(slider: QSlider, to_values: list[int]) -> None:
    """Press the handle, move through positions for the given values, release: a real drag."""
    opt = QStyleOptionSlider()
    slider.initStyleOption(opt)
    style = slider.style()
    handle = style.subControlRect(
        QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderHandle, slider
    )
    groove = style.subControlRect(
        QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderGroove, slider
    )
    span = groove.width() - handle.width()
    start = handle.center()
    send_mouse(slider, QEvent.Type.MouseButtonPress, start)
    assert slider.isSliderDown()
    pos = start
    for v in to_values:
        x = style.sliderPositionFromValue(
            slider.minimum(), slider.maximum(), v, span, opt.upsideDown
        )
        pos = QPoint(groove.x() + x + handle.width() // 2, start.y())
        send_mouse(slider, QEvent.Type.MouseMove, pos)
    send_mouse(slider, QEvent.Type.MouseButtonRelease, pos)
    assert not slider.isSliderDown()


def test_one_row_per_objective_with_synced_slider_and_spin(panel: WeightsPanel) -> None:
    assert panel.objective_ids() == ["O1", "O2"]
    row = panel.row("O1")
    assert row.spin.value() == 2.0
    assert panel.weight_step == pytest.approx(0.1)
    assert row.slider.value() == 20
    assert row.share.text() == "67%"
    for w in (row.slider, row.spin, row.share, panel.alpha_slider, panel.rank_combo):
        assert w.toolTip()


def test_weight_range_fits_the_data() -> None:
    assert weight_range([2, 1]) == 10
    assert weight_range([25, 15]) == 50
    assert weight_range([80]) == 100
    assert weight_range([]) == 10


def test_dragging_a_slider_rescores_like_the_core_and_is_one_undo_step(
    panel: WeightsPanel, doc: WorkshopDocument
) -> None:
    slider = panel.row("O1").slider
    drag_slider(slider, [30, 50, 0])
    assert weight(doc, "O1") == pytest.approx(0.0, abs=1e-9)
    assert panel.row("O1").spin.value() == 0.0
    assert_scored_like_the_core(doc)
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert weight(doc, "O1") == 2.0
    assert slider.value() == 20  # the slider followed the undo
    assert doc.undo_stack.count() == 1


def test_two_gestures_are_two_undo_steps(panel: WeightsPanel, doc: WorkshopDocument) -> None:
    slider = panel.row("O2").slider
    # As a drag: setSliderDown is what the mouse press does (it emits sliderPressed).
    for values in ([15, 25, 40], [60, 80]):
        slider.setSliderDown(True)
        for v in values:
            slider.setValue(v)
        slider.setSliderDown(False)
    assert weight(doc, "O2") == pytest.approx(8.0)
    assert doc.undo_stack.count() == 2
    assert_scored_like_the_core(doc)
    doc.undo_stack.undo()
    assert weight(doc, "O2") == pytest.approx(4.0)
    assert slider.value() == 40
    doc.undo_stack.undo()
    assert weight(doc, "O2") == 1.0


def test_each_arrow_key_is_its_own_undo_step(
    qtbot: QtBot, panel: WeightsPanel, doc: WorkshopDocument
) -> None:
    slider = panel.row("O1").slider
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert weight(doc, "O1") == pytest.approx(2.2)
    assert doc.undo_stack.count() == 2


def test_typing_a_weight_in_the_spin_box(
    qtbot: QtBot, panel: WeightsPanel, doc: WorkshopDocument
) -> None:
    spin = panel.row("O2").spin
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "6.5")
    assert weight(doc, "O2") == 1.0  # nothing until Enter: one command, not three
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert weight(doc, "O2") == 6.5
    assert panel.row("O2").slider.value() == 65
    assert doc.undo_stack.count() == 1
    assert_scored_like_the_core(doc)


def test_alpha_slider_to_customer_makes_score_equal_customer_impact(
    panel: WeightsPanel, doc: WorkshopDocument
) -> None:
    drag_slider(panel.alpha_slider, [70, 100])
    assert doc.settings.alpha == 1.0
    table = doc.result.table
    np.testing.assert_allclose(table["score"], table["customer_impact"])
    assert panel.alpha_label.text().startswith("Customer 100% · Business 0%")
    assert doc.undo_stack.count() == 1
    assert_scored_like_the_core(doc)
    doc.undo_stack.undo()
    assert doc.settings.alpha == 0.5
    assert panel.alpha_slider.value() == 50


def test_alpha_slider_reads_customer_on_the_left(panel: WeightsPanel) -> None:
    # Value = α × 100, drawn inverted: the customer end (α = 1) is at the left.
    assert panel.alpha_slider.invertedAppearance()
    assert panel.alpha_slider.value() == 50


def test_lens_on_a_segment_gives_the_lens_only_customer_impact(
    qtbot: QtBot, panel: WeightsPanel, doc: WorkshopDocument
) -> None:
    combo = panel.segment_combo
    assert combo.summary() == "All segments"
    assert combo.options() == ["Retail", "Young families"]
    combo.showPopup()
    view = combo.view()
    rect = view.visualRect(combo.model().index(1, 0))  # "Retail"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.isVisible()  # the popup stays open for more ticks
    combo.hidePopup()
    assert doc.settings.segments == frozenset({"Retail"})
    lens_only = score(doc.workshop, ScoringSettings(segments=frozenset({"Retail"})))
    for ident in ("A", "B", "C"):
        assert doc.result.row(ident)["customer_impact"] == pytest.approx(
            lens_only.row(ident)["customer_impact"]
        )
    assert doc.result.row("A")["customer_impact"] == pytest.approx(100.0)
    assert doc.result.row("B")["customer_impact"] == 0.0
    assert combo.summary() == "Retail"
    assert "1 of 2 insights" in panel.lens_note.text()
    # "All segments" goes back to every insight (settings.segments None).
    combo.toggle_row(0)
    assert doc.settings.segments is None
    assert doc.undo_stack.count() == 2


def test_ticking_every_value_is_the_same_as_all(qapp: object) -> None:
    combo = CheckableCombo("All stages", "stages")
    combo.set_options(["Visit", "Log in"], None)
    combo.toggle_row(1)
    assert combo.checked() == frozenset({"Visit"})
    combo.toggle_row(2)
    assert combo.checked() is None
    assert combo.summary() == "All stages"


def test_journey_stage_lens_by_keyboard(
    qtbot: QtBot, panel: WeightsPanel, doc: WorkshopDocument
) -> None:
    combo = panel.stage_combo
    combo.showPopup()
    view = combo.view()
    view.setCurrentIndex(combo.model().index(1, 0))  # "Log in"
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert doc.settings.journey_stages == frozenset({"Log in"})
    assert doc.result.row("A")["customer_impact"] == 0.0


def test_rank_by_and_crosshair(qtbot: QtBot, panel: WeightsPanel, doc: WorkshopDocument) -> None:
    panel.rank_combo.setCurrentIndex(panel.rank_combo.findData("value"))
    assert doc.settings.rank_by == "value"
    assert_scored_like_the_core(doc)
    qtbot.mouseClick(panel.fixed_radio, Qt.MouseButton.LeftButton)
    assert doc.settings.thresholds is not None
    assert panel.c_spin.isEnabled()
    panel.c_spin.setValue(50.0)
    panel.b_spin.setValue(20.0)
    assert doc.settings.thresholds == (50.0, 20.0)
    assert doc.result.row("A")["quadrant"] == "Sweet spot"
    assert doc.result.row("C")["quadrant"] == "Business-led"
    qtbot.mouseClick(panel.mean_radio, Qt.MouseButton.LeftButton)
    assert doc.settings.thresholds is None
    assert panel.mean_radio.text().startswith("At the mean (C 27.3, B 19.8)")


def test_changes_from_elsewhere_move_the_controls_without_commands(
    panel: WeightsPanel, doc: WorkshopDocument
) -> None:
    doc.edit(SetCell("objectives", "O1", "weight", 7.5))
    assert panel.row("O1").spin.value() == 7.5
    assert panel.row("O1").slider.value() == 75
    assert doc.undo_stack.count() == 1
    new = doc.settings.with_changes(alpha=0.8, segments=frozenset({"Retail"}))
    doc.set_settings(new)
    assert panel.alpha_slider.value() == 80
    assert panel.segment_combo.checked() == frozenset({"Retail"})
    assert doc.undo_stack.count() == 1


def test_rows_are_rebuilt_when_objectives_change(
    panel: WeightsPanel, doc: WorkshopDocument
) -> None:
    doc.edit(AddRow("objectives", {"id": "O3", "objective": "Keep", "weight": 40}))
    assert panel.objective_ids() == ["O1", "O2", "O3"]
    assert panel.weight_step == pytest.approx(0.5)  # the sliders now cover 0–50
    assert panel.row("O3").slider.value() == 80
    doc.undo_stack.undo()
    assert panel.objective_ids() == ["O1", "O2"]


def test_typing_a_printed_swap_value_swaps_the_pair_in_the_app(qtbot: QtBot) -> None:
    from pathlib import Path

    from sweetspot.core.inputs import open_inputs
    from sweetspot.core.robustness import swap_distances

    sample = Path(__file__).resolve().parents[2] / "sample_data" / "retail_bank.xlsx"
    project = open_inputs([sample])
    doc = WorkshopDocument(project.workshop)
    panel = WeightsPanel(doc)
    qtbot.addWidget(panel)
    swaps = swap_distances(doc.workshop, doc.settings)
    rows = swaps.loc[swaps["objective"] != ""]
    assert len(rows) >= 3
    for row in rows.head(3).itertuples(index=False):
        spin = panel.row(str(row.objective)).spin
        # Typed as the robustness sheet prints it (e.g. "O2 3 → 4.6"), in the spin box.
        spin.lineEdit().setText(f"{row.typed_weight:g}")
        spin.interpretText()
        assert spin.value() == pytest.approx(row.typed_weight)
        ranks = doc.result.ranks()
        assert ranks[str(row.lower)] < ranks[str(row.upper)], row
        doc.undo_stack.undo()
