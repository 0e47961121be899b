"""The Suggested links dialog: lists suggestions, Accept creates the link and re-scores, Undo
removes it again."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from sweetspot.core.importing import load_workshop
from sweetspot.core.model import Workshop
from sweetspot.ui.dialogs.suggestions import STRENGTH_COLUMN, SuggestionsDialog
from sweetspot.ui.document import WorkshopDocument

pytestmark = pytest.mark.gui

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "retail_bank.xlsx"


@pytest.fixture(scope="module")
def bank() -> Workshop:
    return load_workshop([SAMPLE])


@pytest.fixture
def doc(qapp: object, bank: Workshop) -> WorkshopDocument:
    w = bank.copy()
    # The room forgot A17 "Book a branch appointment online" → I26 (strength 9 in the sample).
    links = w.links
    gone = (links["initiative"] == "A17") & (links["target"] == "I26")
    w.links = links.loc[~gone].reset_index(drop=True)
    return WorkshopDocument(w)


@pytest.fixture
def dialog(qtbot: QtBot, doc: WorkshopDocument) -> SuggestionsDialog:
    d = SuggestionsDialog(doc)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def _cell(d: SuggestionsDialog, row: int, col: int) -> str:
    item = d.table.item(row, col)
    assert item is not None
    return item.text()


def test_follows_the_selection_and_lists_words_and_strength(
    dialog: SuggestionsDialog, doc: WorkshopDocument
) -> None:
    doc.select(["A17"])
    assert dialog.initiative_id == "A17"
    assert dialog.table.rowCount() >= 3
    assert _cell(dialog, 0, 0) == "I26"
    assert _cell(dialog, 0, 1) == "insight"
    words = _cell(dialog, 0, 3)
    for w in ("appointments", "online", "book"):
        assert w in words
    combo = dialog.table.cellWidget(0, STRENGTH_COLUMN)
    assert isinstance(combo, QComboBox) and combo.currentData() == 9.0
    # Already linked targets of A17 (I22, I06, O2) are not suggested.
    listed = {_cell(dialog, r, 0) for r in range(dialog.table.rowCount())}
    assert not listed & {"I22", "I06", "O2"}
    assert not dialog.accept_button.isEnabled()


def test_accept_creates_the_link_rescores_and_undo_removes_it(
    qtbot: QtBot, dialog: SuggestionsDialog, doc: WorkshopDocument
) -> None:
    doc.select(["A17"])
    before = doc.result.row("A17")
    assert doc.workshop.links.query("initiative == 'A17' and target == 'I26'").empty

    dialog.table.selectRow(0)
    assert dialog.accept_button.isEnabled()
    with qtbot.waitSignal(doc.changed):
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)

    made = doc.workshop.links.query("initiative == 'A17' and target == 'I26'")
    assert list(made["strength"]) == [9.0]
    after = doc.result.row("A17")
    assert after["customer_impact"] > before["customer_impact"]
    assert doc.undo_stack.count() == 1
    assert "A17 → I26" in doc.undo_stack.text(0)
    # I26 is linked now, so it is no longer suggested.
    assert "I26" not in {_cell(dialog, r, 0) for r in range(dialog.table.rowCount())}

    doc.undo_stack.undo()
    assert doc.workshop.links.query("initiative == 'A17' and target == 'I26'").empty
    assert doc.result.row("A17")["customer_impact"] == pytest.approx(before["customer_impact"])
    assert _cell(dialog, 0, 0) == "I26"


def test_changed_strength_and_several_rows_are_one_undo_step(
    dialog: SuggestionsDialog, doc: WorkshopDocument
) -> None:
    dialog.set_initiative("A17")
    targets = [dialog.suggestions[r].target for r in (0, 1)]
    dialog.set_strength(1, 1.0)
    assert dialog.accept_rows([0, 1]) == 2
    links = doc.workshop.links
    mine = links.loc[links["initiative"] == "A17"].set_index("target")["strength"]
    assert mine[targets[0]] == 9.0
    assert mine[targets[1]] == 1.0
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    links = doc.workshop.links
    assert not set(links.loc[links["initiative"] == "A17", "target"]) & set(targets)


def test_nothing_is_linked_without_accept(dialog: SuggestionsDialog, doc: WorkshopDocument) -> None:
    n = len(doc.workshop.links)
    for ident in ("A01", "A09", "A17"):
        dialog.set_initiative(ident)
        assert dialog.suggestions
    assert len(doc.workshop.links) == n
    assert doc.undo_stack.count() == 0


def test_editing_a_text_updates_the_suggestions(
    dialog: SuggestionsDialog, doc: WorkshopDocument
) -> None:
    from sweetspot.core.edits import SetCell

    dialog.set_initiative("A17")
    assert dialog.suggestions[0].target == "I26"
    doc.edit(SetCell("initiatives", "A17", "initiative", "Pay in a cheque by phone"))
    doc.edit(SetCell("initiatives", "A17", "description", "Photograph the cheque"))
    assert dialog.suggestions[0].target == "I24"  # "pay in a cheque with my phone camera"
    assert "cheque" in dialog.suggestions[0].matched_words
