"""The Impact review tab: the core's review, drawn; a click shares the selection."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from sweetspot.core.inputs import open_inputs
from sweetspot.core.plot.review import review_rows
from sweetspot.core.waves import review
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.views.review_view import ReviewView

pytestmark = pytest.mark.gui
WAVES = Path(__file__).resolve().parents[2] / "sample_data" / "retail_bank_two_waves.xlsx"


@pytest.fixture
def view(qtbot: QtBot, qapp: object) -> ReviewView:
    project = open_inputs([WAVES])
    doc = WorkshopDocument(project.workshop)
    doc.project.waves = project.waves
    v = ReviewView(doc)
    qtbot.addWidget(v)
    v.resize(1200, 800)
    v.show()
    qtbot.waitExposed(v)
    v.canvas.draw()
    return v


def test_the_view_shows_the_cores_review(view: ReviewView) -> None:
    expected = review(view.doc.workshop, view.doc.project.waves)
    assert view.from_box.currentText() == "2026 Q1" and view.to_box.currentText() == "2026 Q3"
    assert view.result is not None and view.summary.text() == expected.summary()
    assert view.artists is not None
    order = review_rows(expected)
    assert view.artists.ids == [str(expected.insights.iloc[i]["id"]) for i in order]
    # Each row's label carries its change, as the core computed it.
    labels = [t.get_text() for t in view.artists.ax.get_yticklabels()]
    first = expected.insights.iloc[order[0]]
    assert labels[0].startswith(str(first["id"])) and f"{first['change']:+.2f}" in labels[0]


def test_clicking_an_insight_selects_its_delivered_initiatives(
    qtbot: QtBot, view: ReviewView
) -> None:
    assert view.artists is not None and view.result is not None
    row = view.artists.ids.index("I03")
    x, y = view.artists.row_centre(row)
    dpr = view.canvas.device_pixel_ratio
    point = QPoint(round(x / dpr), round((view.figure.bbox.height - y) / dpr))
    with qtbot.waitSignal(view.doc.selectionChanged, timeout=2000) as blocker:
        qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [["A03"]]
    # The insights A03 is linked to are drawn bold.
    assert {"I03", "I08", "I28"} <= view.highlighted()
    bold = {
        t.get_text().split(" ")[0]
        for t in view.artists.ax.get_yticklabels()
        if t.get_fontweight() == "bold"
    }
    assert "I03" in bold


def test_choosing_the_waves_the_other_way_round(view: ReviewView) -> None:
    view.from_box.setCurrentIndex(1)
    view.to_box.setCurrentIndex(0)
    assert view.result is not None and view.result.from_wave == "2026 Q3"
    assert view.result.delivered_change < 0


def test_without_waves_the_view_says_what_to_add(qtbot: QtBot, qapp: object) -> None:
    project = open_inputs([WAVES.parent / "retail_bank.xlsx"])
    v = ReviewView(WorkshopDocument(project.workshop))
    qtbot.addWidget(v)
    v.show()
    assert "No survey waves" in v.summary.text()
    assert not v.from_box.isEnabled()
    texts = [t.get_text() for ax in v.figure.axes for t in ax.texts]
    assert any("Insight waves sheet" in t for t in texts)


def test_scoring_with_the_later_wave_is_one_undoable_edit(view: ReviewView) -> None:
    doc = view.doc
    waves = doc.project.waves
    later = waves.loc[waves["wave"] == "2026 Q3"].set_index("id")["satisfaction"]
    before = doc.workshop.insights.set_index("id")["satisfaction"].copy()
    score_before = float(doc.result.table["score"].sum())
    assert view.use_button.text() == "Score with 2026 Q3"
    view.use_button.click()
    now = doc.workshop.insights.set_index("id")["satisfaction"]
    assert now["I13"] == later["I13"] and now["I15"] == before["I15"]  # I15 not in Q3
    assert float(doc.result.table["score"].sum()) != score_before
    assert doc.undo_stack.undoText() == "Score with the survey wave 2026 Q3"
    doc.undo_stack.undo()
    assert doc.workshop.insights.set_index("id")["satisfaction"].equals(before)
