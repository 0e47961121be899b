"""The backlog view driven through its real widgets: filter box, quadrant combo, header clicks,
row clicks, and the selection shared with the document."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sweetspot.core.edits import SetCell, SetLink
from sweetspot.core.model import Workshop
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.views.backlog_view import BacklogView

pytestmark = pytest.mark.gui


@pytest.fixture
def doc(qapp: object, small_workshop: Workshop) -> WorkshopDocument:
    return WorkshopDocument(small_workshop)


@pytest.fixture
def view(qtbot: QtBot, doc: WorkshopDocument) -> BacklogView:
    v = BacklogView(doc)
    qtbot.addWidget(v)
    v.resize(1300, 500)
    v.show()
    qtbot.waitExposed(v)
    return v


def cell(view: BacklogView, row: int, key: str) -> str:
    return str(view.model.index(row, view.model.column_of(key)).data())


def row_point(view: BacklogView, row: int) -> QPoint:
    rect = view.table.visualRect(view.model.index(row, view.model.column_of("initiative")))
    return rect.center()


def selected_ids(view: BacklogView) -> list[str]:
    rows = sorted(i.row() for i in view.table.selectionModel().selectedRows())
    return [view.model.id_at(r) for r in rows]


def test_shows_the_ranking_and_a_summary(view: BacklogView) -> None:
    assert view.shown_ids() == ["A", "B", "C"]
    assert cell(view, 0, "move") == "–"
    assert cell(view, 0, "initiative") == "Queue-free branch booking"
    assert view.summary.text() == ("3 initiatives · 1 sweet spot · ranked by sweet-spot score")
    assert view.filter_edit.placeholderText() == "Filter initiatives…"
    header = view.table.horizontalHeader()
    assert header.sortIndicatorSection() == view.model.column_of("rank")


def test_typing_in_the_filter_box_filters_rows(qtbot: QtBot, view: BacklogView) -> None:
    qtbot.keyClicks(view.filter_edit, "login")
    assert view.shown_ids() == ["B"]
    assert view.summary.text().startswith("Showing 1 of 3 initiatives")
    view.filter_edit.clear()
    assert view.shown_ids() == ["A", "B", "C"]


def test_quadrant_filter(qtbot: QtBot, view: BacklogView) -> None:
    combo = view.quadrant_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All quadrants",
        "Sweet spot",
        "Customer-led",
        "Business-led",
        "Low overlap",
    ]
    combo.setFocus()
    combo.setCurrentIndex(combo.findText("Business-led"))
    assert view.shown_ids() == ["C"]
    qtbot.keyClicks(view.filter_edit, "zzz")
    assert view.shown_ids() == []
    assert view.summary.text().startswith("No initiative matches")


def test_ctrl_f_focuses_the_filter_box(qtbot: QtBot, view: BacklogView) -> None:
    view.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(view.filter_edit.hasFocus)


def test_clicking_a_header_sorts_in_the_model(qtbot: QtBot, view: BacklogView) -> None:
    header = view.table.horizontalHeader()
    col = view.model.column_of("customer_impact")
    pos = QPoint(header.sectionViewportPosition(col) + header.sectionSize(col) // 2, 5)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    first = view.model.sort_column, view.shown_ids()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    second = view.model.sort_column, view.shown_ids()
    assert first[0] == second[0] == col
    # One click each way: ascending C, B, A and descending A, B, C by customer impact.
    assert {tuple(first[1]), tuple(second[1])} == {("C", "B", "A"), ("A", "B", "C")}


def test_clicking_rows_selects_in_the_document(qtbot: QtBot, view: BacklogView) -> None:
    doc = view.doc
    with qtbot.waitSignal(doc.selectionChanged) as blocker:
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=row_point(view, 1))
    assert blocker.args == [["B"]]
    assert doc.selection == ["B"]
    qtbot.mouseClick(
        view.table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        row_point(view, 2),
    )
    # The row just added comes first: the details panel follows the click.
    assert doc.selection == ["C", "B"]


def test_document_selection_shows_in_the_table_without_echo(
    qtbot: QtBot, view: BacklogView
) -> None:
    doc = view.doc
    emitted: list[list[str]] = []
    doc.selectionChanged.connect(emitted.append)
    doc.select(["C"])
    assert selected_ids(view) == ["C"]
    assert view.table.currentIndex().row() == view.model.row_of("C")
    assert emitted == [["C"]]  # the table did not send it back
    doc.select([])
    assert selected_ids(view) == []


def test_keyboard_moves_the_selection(qtbot: QtBot, view: BacklogView) -> None:
    view.doc.select(["A"])
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.doc.selection == ["B"]


def test_selection_and_arrows_follow_a_reranking(qtbot: QtBot, view: BacklogView) -> None:
    doc = view.doc
    doc.select(["B"])
    doc.edit(SetLink("B", "O2", 9.0))
    doc.edit(SetCell("objectives", "O1", "weight", 0.0))
    assert view.shown_ids() == ["B", "A", "C"]
    assert [cell(view, r, "move") for r in range(3)] == ["▲1", "▼1", "–"]
    assert selected_ids(view) == ["B"]
    assert doc.selection == ["B"]


def test_filtering_keeps_the_document_selection(qtbot: QtBot, view: BacklogView) -> None:
    doc = view.doc
    doc.select(["A", "B"])
    view.set_filter("login")
    assert selected_ids(view) == ["B"]
    assert doc.selection == ["A", "B"]  # hidden by the filter is not unselected
    view.set_filter("")
    assert selected_ids(view) == ["A", "B"]


def test_every_control_has_a_tooltip(view: BacklogView) -> None:
    for w in (view.filter_edit, view.quadrant_combo, view.summary):
        assert w.toolTip()
    model = view.model
    for c in range(model.columnCount()):
        assert model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    QApplication.processEvents()
