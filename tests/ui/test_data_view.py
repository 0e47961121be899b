"""The data editor through real widgets: Add/Delete buttons and keys, editing cells with the
delegates, refused edits in the message bar, and the link matrix by click and keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDoubleSpinBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from sweetspot.core.model import Workshop
from sweetspot.core.scoring import score
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.views.data_view import DataView, fresh_id

pytestmark = pytest.mark.gui


@pytest.fixture
def doc(qapp: object, small_workshop: Workshop) -> WorkshopDocument:
    return WorkshopDocument(small_workshop)


@pytest.fixture
def view(qtbot: QtBot, doc: WorkshopDocument) -> DataView:
    v = DataView(doc)
    qtbot.addWidget(v)
    v.resize(1200, 600)
    v.show()
    qtbot.waitExposed(v)
    return v


def editor_of(view: QWidget) -> QWidget:
    """The open cell editor (the focus widget once editing started)."""
    w = QApplication.focusWidget()
    assert w is not None and w is not view
    return w


def commit(qtbot: QtBot, editor: QWidget) -> None:
    """Enter in a cell editor; Qt commits on the next turn of the event loop."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()


def start_edit(qtbot: QtBot, table: QWidget, index: QModelIndex) -> QWidget:
    table.setCurrentIndex(index)  # type: ignore[attr-defined]
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    return editor_of(table)


def test_fresh_ids_follow_the_existing_style() -> None:
    assert fresh_id(["I1", "I2", "I40", "I7"], "I") == "I41"
    assert fresh_id(["A001", "A025"], "A") == "A026"
    assert fresh_id([], "O") == "O1"
    assert fresh_id(["CX-3", "CX-4", "X1"], "I") == "CX-5"
    assert fresh_id(["I1"], "I", taken=["I2"]) == "I3"
    assert fresh_id(["Alpha"], "A") == "A1"


def test_tabs_and_counts(view: DataView) -> None:
    titles = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    assert titles == ["Insights (2)", "Objectives (2)", "Initiatives (3)", "Links"]
    assert all(view.tabs.tabToolTip(i) for i in range(view.tabs.count()))
    assert view.pages["insights"].count.text() == "2 insights"


def test_add_button_creates_a_row_with_a_fresh_id_and_undo_removes_it(
    qtbot: QtBot, view: DataView
) -> None:
    doc = view.doc
    view.show_table("insights")
    page = view.pages["insights"]
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert doc.workshop.insights["id"].tolist() == ["I1", "I2", "I3"]
    assert page.model.row_of("I3") >= 0
    # The new need is being edited: typing names it.
    editor = editor_of(page.view)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Statements are hard to read")
    commit(qtbot, editor)
    assert doc.workshop.insights["need"].tolist()[-1] == "Statements are hard to read"
    assert view.tabs.tabText(0) == "Insights (3)"
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.workshop.insights["id"].tolist() == ["I1", "I2"]


def test_add_shortcuts_per_table(qtbot: QtBot, view: DataView) -> None:
    view.show_table("objectives")
    page = view.pages["objectives"]
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Insert)
    assert view.doc.workshop.objectives["id"].tolist()[-1] == "O3"
    qtbot.keyClick(editor_of(page.view), Qt.Key.Key_Escape)
    view.show_table("initiatives")
    page = view.pages["initiatives"]
    page.view.setFocus()
    qtbot.keyClick(
        page.view,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert view.doc.workshop.initiatives["id"].tolist()[-1] == "A1"
    assert view.doc.result.row("A1")["score"] == 0.0


def test_delete_key_deletes_selected_rows_with_their_links(qtbot: QtBot, view: DataView) -> None:
    doc = view.doc
    view.show_table("initiatives")
    page = view.pages["initiatives"]
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(page.model.row_of("A"), 1))
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert doc.workshop.initiatives["id"].tolist() == ["B", "C"]
    assert "A" not in set(doc.workshop.links["initiative"])
    assert "Deleted 1 initiative (A) and 3 links" in view.message_bar.text()
    doc.undo_stack.undo()
    assert doc.workshop.initiatives["id"].tolist() == ["A", "B", "C"]
    assert doc.result.ranks() == score(doc.workshop, doc.settings).ranks()


def test_edit_menu_delete_uses_the_current_tab(view: DataView) -> None:
    view.show_table("objectives")
    page = view.pages["objectives"]
    page.view.selectRow(page.model.row_of("O2"))
    view.delete_selected()
    assert view.doc.workshop.objectives["id"].tolist() == ["O1"]


def test_spin_box_editor_keeps_importance_on_the_scale(qtbot: QtBot, view: DataView) -> None:
    doc = view.doc
    page = view.pages["insights"]
    index = page.model.index(page.model.row_of("I2"), page.model.column_of("importance"))
    spin = start_edit(qtbot, page.view, index)
    assert isinstance(spin, QDoubleSpinBox)
    assert (spin.minimum(), spin.maximum()) == (1.0, 5.0)
    spin.setValue(4.5)
    commit(qtbot, spin)
    assert doc.workshop.insights["importance"].tolist() == [5.0, 4.5]
    assert index.data() == "4.5"


def test_optional_number_can_be_blanked(qtbot: QtBot, view: DataView) -> None:
    doc = view.doc
    page = view.pages["insights"]
    index = page.model.index(page.model.row_of("I1"), page.model.column_of("satisfaction"))
    spin = start_edit(qtbot, page.view, index)
    assert isinstance(spin, QDoubleSpinBox)
    spin.setValue(spin.minimum())
    assert spin.text() == "blank"
    commit(qtbot, spin)
    assert doc.workshop.insights["satisfaction"].isna().all()


def test_refused_edit_shows_in_the_message_bar_and_changes_nothing(
    qtbot: QtBot, view: DataView
) -> None:
    doc = view.doc
    page = view.pages["insights"]
    index = page.model.index(page.model.row_of("I2"), page.model.column_of("id"))
    editor = start_edit(qtbot, page.view, index)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "I1")
    commit(qtbot, editor)
    assert view.message_bar.isVisible()
    assert "already used by another insight" in view.message_bar.text()
    assert doc.workshop.insights["id"].tolist() == ["I1", "I2"]
    assert doc.undo_stack.count() == 0
    # Esc hides the message.
    qtbot.mouseClick(view.message_bar.close_button, Qt.MouseButton.LeftButton)
    assert not view.message_bar.isVisible()


def test_typing_in_a_text_cell_starts_editing(qtbot: QtBot, view: DataView) -> None:
    doc = view.doc
    page = view.pages["objectives"]
    view.show_table("objectives")
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(0, page.model.column_of("kpi")))
    qtbot.keyClicks(page.view, "C")  # like a spreadsheet: the first key opens the editor
    editor = editor_of(page.view)
    qtbot.keyClicks(editor, "ost per account")
    commit(qtbot, editor)
    assert doc.workshop.objectives["kpi"].tolist()[0] == "Cost per account"


def test_filter_box_filters_the_table(qtbot: QtBot, view: DataView) -> None:
    page = view.pages["insights"]
    qtbot.keyClicks(page.filter_edit, "login")
    assert page.model.ids() == ["I2"]
    assert page.count.text() == "1 of 2 insights shown"


def test_initiatives_table_shares_the_selection(qtbot: QtBot, view: DataView) -> None:
    page = view.pages["initiatives"]
    view.show_table("initiatives")
    rect = page.view.visualRect(page.model.index(page.model.row_of("C"), 1))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.doc.selection == ["C"]
    view.doc.select(["B"])
    rows = {i.row() for i in page.view.selectionModel().selectedRows()}
    assert rows == {page.model.row_of("B")}


# ==== links =====================================================================================


def test_clicking_a_matrix_cell_cycles_and_rescores(qtbot: QtBot, view: DataView) -> None:
    doc = view.doc
    view.show_table("links")
    matrix = view.links.view
    model = view.links.model
    index = model.index_of("B", "O1")
    matrix.scrollTo(index)
    pos = matrix.visualRect(index).center()
    strengths = []
    for _ in range(4):
        qtbot.mouseClick(matrix.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        strengths.append(model.strength(index))
        assert doc.result.ranks() == score(doc.workshop, doc.settings).ranks()
    assert strengths == [1.0, 3.0, 9.0, 0.0]
    assert model.index_of("B", "O1").data() == ""


def test_matrix_keys_set_strengths(qtbot: QtBot, view: DataView) -> None:
    doc = view.doc
    view.show_table("links")
    matrix = view.links.view
    model = view.links.model
    index = model.index_of("C", "I1")
    matrix.setFocus()
    matrix.setCurrentIndex(index)
    qtbot.keyClick(matrix, Qt.Key.Key_9)
    assert model.strength(index) == 9.0
    assert index.data() == "●"
    assert doc.result.row("C")["customer_impact"] > 0
    qtbot.keyClick(matrix, Qt.Key.Key_W)
    assert model.strength(index) == 1.0
    qtbot.keyClick(matrix, Qt.Key.Key_Space)
    assert model.strength(index) == 3.0
    qtbot.keyClick(matrix, Qt.Key.Key_Delete)
    assert model.strength(index) == 0.0
    assert doc.result.row("C")["customer_impact"] == 0.0
    assert doc.undo_stack.count() == 4


def test_matrix_combo_editor_on_f2(qtbot: QtBot, view: DataView) -> None:
    view.show_table("links")
    matrix = view.links.view
    model = view.links.model
    index = model.index_of("A", "O2")
    combo = start_edit(qtbot, matrix, index)
    assert isinstance(combo, QComboBox)
    assert combo.currentData() == 1.0
    combo.setCurrentIndex(combo.findData(9.0))
    commit(qtbot, combo)
    assert model.strength(index) == 9.0


def test_delete_selected_on_the_links_tab_clears_links(view: DataView) -> None:
    view.show_table("links")
    model = view.links.model
    matrix = view.links.view
    matrix.selectionModel().select(
        model.index_of("A", "I1"), matrix.selectionModel().SelectionFlag.ClearAndSelect
    )
    view.delete_selected()
    assert model.strength(model.index_of("A", "I1")) == 0.0
    assert view.doc.workshop.initiatives["id"].tolist() == ["A", "B", "C"]


def test_show_numbers_checkbox(qtbot: QtBot, view: DataView) -> None:
    view.show_table("links")
    qtbot.mouseClick(view.links.numbers, Qt.MouseButton.LeftButton)
    assert view.links.model.index_of("A", "I1").data() == "9"
    assert view.links.count.text() == "5 links"
