"""Votes in the app: the laptop passed around the room hides earlier votes, stores them through
undoable commands; the disagreement list, role weights, the matrix overlay and the main window."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from sweetspot.core.edits import SetSettings
from sweetspot.core.project import load_project
from sweetspot.ui.dialogs.vote_dialog import (
    COL_BUSINESS,
    COL_CUSTOMER,
    COL_DOTS,
    NO_VOTE,
    VoteDialog,
)
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.views.votes_view import VoteSpreadOverlay, VotesView
from tests.conftest import make_small_workshop

pytestmark = pytest.mark.gui


@pytest.fixture
def doc(qapp: object) -> WorkshopDocument:
    return WorkshopDocument(make_small_workshop())


@pytest.fixture
def dialog(qtbot: QtBot, doc: WorkshopDocument) -> VoteDialog:
    d = VoteDialog(doc)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def _form_is_blank(d: VoteDialog) -> bool:
    return d.participant_edit.text() == "" and all(
        d.spin(i, c).value() == NO_VOTE
        for i in d.initiative_ids
        for c in (COL_CUSTOMER, COL_BUSINESS, COL_DOTS)
    )


def _vote(qtbot: QtBot, d: VoteDialog, name: str, role: str, scores: dict[str, tuple]) -> None:
    qtbot.keyClicks(d.participant_edit, name)
    d.role_combo.setEditText(role)
    for ident, (c, b) in scores.items():
        d.set_scores(ident, c, b)
    qtbot.mouseClick(d.next_button, Qt.MouseButton.LeftButton)


def test_dialog_hides_the_previous_participants_votes_and_stores_them(
    qtbot: QtBot, dialog: VoteDialog, doc: WorkshopDocument
) -> None:
    assert _form_is_blank(dialog)
    _vote(qtbot, dialog, "Ana", "Customer", {"A": (8, 4), "B": (5, 5)})
    # Stored on 0–100, as one undoable step.
    ana = doc.votes.loc[doc.votes["participant"] == "Ana"].set_index("initiative")
    assert [ana.at["A", "customer"], ana.at["A", "business"]] == [80.0, 40.0]
    assert [ana.at["B", "customer"], ana.at["B", "business"]] == [50.0, 50.0]
    assert set(ana["role"]) == {"Customer"}
    assert doc.undo_stack.count() == 1 and doc.undo_stack.text(0) == "Record votes of Ana"
    # The next participant sees a blank form: nothing of Ana's is shown.
    assert _form_is_blank(dialog)
    assert dialog.role_combo.currentText() == ""
    assert "Ana" in dialog.message.text() and "80" not in dialog.message.text()

    _vote(qtbot, dialog, "Ben", "Exec", {"A": (2, 9)})
    assert len(doc.votes) == 3
    assert _form_is_blank(dialog)
    assert dialog.count_label.text() == "2 participants have voted"

    doc.undo_stack.undo()
    assert set(doc.votes["participant"]) == {"Ana"}
    doc.undo_stack.undo()
    assert len(doc.votes) == 0
    doc.undo_stack.redo()
    assert len(doc.votes) == 2


def test_a_name_and_a_score_are_needed(
    qtbot: QtBot, dialog: VoteDialog, doc: WorkshopDocument
) -> None:
    dialog.set_scores("A", 7, 7)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert len(doc.votes) == 0 and "name" in dialog.message.text()
    assert dialog.spin("A", COL_CUSTOMER).value() == 7  # the form is kept
    dialog.set_scores("A")
    qtbot.keyClicks(dialog.participant_edit, "Cy")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert len(doc.votes) == 0 and "score" in dialog.message.text()
    assert doc.undo_stack.count() == 0


def test_voting_again_replaces_ones_own_votes_and_dots_are_kept(
    qtbot: QtBot, dialog: VoteDialog, doc: WorkshopDocument
) -> None:
    _vote(qtbot, dialog, "Ana", "Customer", {"A": (8, 4), "B": (5, 5)})
    qtbot.keyClicks(dialog.participant_edit, "Ana")
    dialog.set_scores("C", None, None, 3)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert list(doc.votes["initiative"]) == ["C"]
    assert doc.votes["dots"].tolist() == [3.0]
    assert math.isnan(doc.votes["customer"].iloc[0])
    assert doc.undo_stack.text(1) == "Replace votes of Ana"


def test_done_stores_and_closes(qtbot: QtBot, dialog: VoteDialog, doc: WorkshopDocument) -> None:
    qtbot.keyClicks(dialog.participant_edit, "Dee")
    dialog.set_scores("B", 10, 0)
    qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert doc.votes[["customer", "business"]].values.tolist() == [[100.0, 0.0]]


def _room(qtbot: QtBot, doc: WorkshopDocument) -> None:
    d = VoteDialog(doc)
    qtbot.addWidget(d)
    _vote(qtbot, d, "Ana", "Customer", {"A": (8, 4), "B": (5, 5), "C": (9, 1)})
    _vote(qtbot, d, "Ben", "Exec", {"A": (4, 8), "B": (5, 5)})
    _vote(qtbot, d, "Cy", "Customer", {"A": (6, 6)})


def test_votes_view_ranks_disagreement_and_weights_roles_undoably(
    qtbot: QtBot, doc: WorkshopDocument
) -> None:
    view = VotesView(doc)
    qtbot.addWidget(view)
    view.hide()
    _room(qtbot, doc)
    # Hidden (a closed dock), the list waits: no re-ranking on every slider move.
    assert view.table.rowCount() == 0 and view.summary.text() == ""
    view.show()
    qtbot.waitExposed(view)
    rows = view.row_texts()
    # A: 80/40, 40/80, 60/60 → mean 60, SD 16.33 each → disagreement 23.1; B agrees; C one vote.
    assert [r[1] for r in rows] == ["A", "B", "C"]
    assert rows[0][2] == "Queue-free branch booking"
    assert rows[0][3:9] == ["3", "60.0", "60.0", "16.3", "16.3", "23.1"]
    assert rows[1][8] == "0.0"
    assert "3 participants" in view.summary.text()

    n = doc.undo_stack.count()
    view.set_role_weight("Customer", 2.0)
    # Weights 2, 1, 2: customer (160 + 40 + 120) / 5 = 64.
    assert view.row_texts()[0][4] == "64.0"
    assert view.weight_spin("Customer").value() == 2.0
    assert doc.undo_stack.count() == n + 1
    doc.undo_stack.undo()
    assert view.row_texts()[0][4] == "60.0"
    assert view.weight_spin("Customer").value() == 1.0

    view.table.selectRow(1)
    assert doc.selection == ["B"]
    view.clear_votes()
    assert view.table.rowCount() == 0
    doc.undo_stack.undo()
    assert view.table.rowCount() == 3


def test_import_votes_from_a_workbook(tmp_path: Path, qtbot: QtBot, doc: WorkshopDocument) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Votes"
    for row in (
        ["Participant", "Role", "Initiative", "Customer", "Business"],
        ["Ana", "Customer", "A", 4, 2],
        ["Ben", "Exec", "Nope", 1, 1],
    ):
        ws.append(row)
    wb.save(tmp_path / "votes.xlsx")
    view = VotesView(doc)
    qtbot.addWidget(view)
    problems = view.import_votes(tmp_path / "votes.xlsx")
    assert [p.location for p in problems] == ["Votes!C3"]
    assert doc.votes[["customer", "business"]].values.tolist() == [[75.0, 25.0]]
    assert doc.undo_stack.text(0) == "Import votes from votes.xlsx"


def test_overlay_draws_spread_on_the_matrix_and_survives_a_rebuild(
    qtbot: QtBot, doc: WorkshopDocument
) -> None:
    from sweetspot.ui.views.matrix_view import MatrixView

    matrix = MatrixView()
    qtbot.addWidget(matrix)
    matrix.resize(700, 500)
    matrix.show()
    matrix.set_result(doc.result, doc.workshop)
    doc.changed.connect(lambda: matrix.set_result(doc.result, doc.workshop))
    overlay = VoteSpreadOverlay(matrix, doc)
    _room(qtbot, doc)
    assert overlay.artists == []  # off until asked
    overlay.set_enabled(True)
    assert matrix.artists is not None
    ax = matrix.artists.ax
    whiskers, marker = overlay.artists
    assert whiskers.axes is ax and marker.axes is ax
    assert sorted(marker.get_xydata()[:, 0].tolist()) == [50.0, 60.0, 90.0]  # type: ignore[attr-defined]

    # A new vote redraws it; a change of settings re-scores (the matrix may rebuild).
    doc.edit(SetSettings(doc.settings.with_changes(alpha=0.3), "α"))
    qtbot.waitUntil(lambda: bool(overlay.artists) and overlay.artists[0].axes is matrix.artists.ax)
    overlay.set_enabled(False)
    assert overlay.artists == []
    assert whiskers not in matrix.artists.ax.collections


# -- in the main window --------------------------------------------------------------------------
@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    from sweetspot.ui import dialogs
    from sweetspot.ui.main_window import MainWindow

    monkeypatch.setattr(dialogs, "ask_save_changes", lambda *_a: "discard")
    monkeypatch.setattr(dialogs, "ask_restore_recovery", lambda *_a: "later")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings, recovery_folder=tmp_path / "recovery", show_progress=False)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.doc.undo_stack.setClean()
    w.close()


def test_main_window_menus_votes_saved_in_the_project(
    qtbot: QtBot, window: object, tmp_path: Path
) -> None:
    from sweetspot.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    edit = [a.text().replace("&", "") for a in window.edit_menu.actions()]
    assert "Collect votes…" in edit and "Import votes…" in edit and "Suggest links…" in edit
    view = [a.text().replace("&", "") for a in window.view_menu.actions()]
    assert "Votes and disagreement" in view

    window.adopt_workshop(make_small_workshop())
    dialog = window.votes_ui.collect()
    qtbot.addWidget(dialog)
    assert window.votes_ui.dock.isVisible()
    _vote(qtbot, dialog, "Ana", "Customer", {"A": (8, 4)})
    assert window.votes_ui.view.row_texts()[0][1] == "A"
    window.doc.vote_weights = {"Customer": 2.0}
    assert window.files.save_to(tmp_path / "room.sweetspot")
    back = load_project(tmp_path / "room.sweetspot")
    assert back.votes[["participant", "initiative", "customer"]].values.tolist() == [
        ["Ana", "A", 80.0]
    ]
    assert back.vote_weights == {"Customer": 2.0}

    # A new workshop starts without votes; opening the project brings them back.
    window.adopt_workshop(make_small_workshop())
    assert len(window.doc.votes) == 0
    window.adopt_project(back)
    assert len(window.doc.votes) == 1 and window.doc.vote_weights == {"Customer": 2.0}
    assert window.votes_ui.view.table.rowCount() == 1


def test_a_votes_sheet_comes_in_with_the_spreadsheet_import(window: object, tmp_path: Path) -> None:
    import shutil

    from sweetspot.core.inputs import read_spreadsheets
    from sweetspot.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    path = tmp_path / "bank.xlsx"
    shutil.copy(Path(__file__).resolve().parents[2] / "sample_data" / "retail_bank.xlsx", path)
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("Votes")
    for row in (
        ["Participant", "Role", "Initiative", "Customer", "Business"],
        ["Ana", "Customer", "A01", 5, 3],
        ["Ben", "Exec", "A99", 1, 5],
    ):
        ws.append(row)
    wb.save(path)
    window.files._import_finished(read_spreadsheets([path]), [path], update=False)
    assert window.doc.votes[["participant", "initiative", "customer"]].values.tolist() == [
        ["Ana", "A01", 100.0]
    ]
    assert "Votes!C3" in [p.location for p in window.doc.workshop.problems]
    assert window.votes_ui.dock.isVisible()
    assert window.doc.undo_stack.count() == 0
