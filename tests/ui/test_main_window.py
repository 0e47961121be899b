"""The main window as a consultant uses it: menus, shortcuts, views on one selection, placements,
undo, save / reopen, unsaved-changes prompts, exports, presentation mode, drag and drop."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QAction, QDropEvent, QImage, QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sweetspot.core.edits import SetCell, SetPlacement, SetSettings
from sweetspot.core.model import Problem, Workshop
from sweetspot.core.project import Project, load_project, save_project
from sweetspot.core.scoring import Override, ScoringSettings, score
from sweetspot.ui import dialogs
from sweetspot.ui.dialogs.import_report import ImportReportDialog
from sweetspot.ui.file_controller import FileController
from sweetspot.ui.main_window import MainWindow
from sweetspot.ui.views.journey_view import TARGET_FEELING
from tests.conftest import make_small_workshop

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
RETAIL = ROOT / "sample_data" / "retail_bank.xlsx"
SK = QKeySequence.StandardKey


class Asked:
    """Records every question the window asks and gives scripted answers (never blocks)."""

    def __init__(self) -> None:
        self.save_changes: list[str] = []
        self.save_answer = "discard"
        self.disk_answer = "cancel"
        self.disk_asked = 0
        self.save_path: Path | None = None
        self.reason: str | None = ""
        self.reasons_asked: list[tuple[str, float, float]] = []
        self.errors: list[str] = []


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    a = Asked()

    def save_changes(_parent: object, name: str) -> str:
        a.save_changes.append(name)
        return a.save_answer

    def changed_on_disk(_parent: object, _name: str) -> str:
        a.disk_asked += 1
        return a.disk_answer

    def reason(_p: object, ident: str, _t: str, c: float, b: float) -> str | None:
        a.reasons_asked.append((ident, c, b))
        return a.reason

    monkeypatch.setattr(dialogs, "ask_save_changes", save_changes)
    monkeypatch.setattr(dialogs, "ask_changed_on_disk", changed_on_disk)
    monkeypatch.setattr(dialogs, "ask_override_reason", reason)
    monkeypatch.setattr(dialogs, "choose_save_path", lambda *_a: a.save_path)
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, m: a.errors.append(m))
    monkeypatch.setattr(dialogs, "ask_restore_recovery", lambda *_a: "later")
    return a


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def make_window(
    qtbot: QtBot, settings: QSettings, tmp_path: Path, *, resize: bool = True, **kwargs: Any
) -> MainWindow:
    window = MainWindow(
        settings, recovery_folder=tmp_path / "recovery", show_progress=False, **kwargs
    )
    qtbot.addWidget(window)
    if resize:
        window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: QtBot, settings: QSettings, tmp_path: Path, asked: Asked) -> Iterator[MainWindow]:
    w = make_window(qtbot, settings, tmp_path)
    yield w
    w.doc.undo_stack.setClean()
    w.close()


@pytest.fixture
def opened(window: MainWindow) -> MainWindow:
    window.adopt_workshop(make_small_workshop())
    return window


def plain(action: QAction) -> str:
    """An action's text without its mnemonic marker (&Undo → Undo)."""
    return action.text().replace("&", "")


def ranks(window: MainWindow) -> list[str]:
    return list(window.doc.result.table["id"])


# -- menus and shortcuts --------------------------------------------------------------------------
def test_every_menu_item_exists_with_its_standard_shortcut(window: MainWindow) -> None:
    menus = {
        m.title().replace("&", ""): m
        for m in (window.file_menu, window.edit_menu, window.view_menu, window.help_menu)
    }
    texts = {
        name: [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
        for name, menu in menus.items()
    }
    for wanted in (
        "New",
        "Open…",
        "Open Recent",
        "Import spreadsheet…",
        "Save",
        "Save As…",
        "Export backlog to Excel…",
        "Export matrix image…",
        "Quit",
    ):
        assert wanted in texts["File"], wanted
    assert {"Undo", "Redo", "Delete"} <= set(texts["Edit"])
    assert {"Matrix", "Backlog", "Overlap graph", "Data", "Presentation mode"} <= set(texts["View"])
    assert {"How scores work", "About SweetSpot"} <= set(texts["Help"])

    def keys(standard: QKeySequence.StandardKey) -> list[QKeySequence]:
        return QKeySequence.keyBindings(standard)

    assert window.act_new.shortcuts() == keys(SK.New)
    assert window.act_open.shortcuts() == keys(SK.Open)
    assert window.act_save.shortcuts() == keys(SK.Save)
    assert window.act_save_as.shortcuts() == keys(SK.SaveAs)
    assert window.act_quit.shortcuts() == keys(SK.Quit)
    assert window.act_undo.shortcuts() == keys(SK.Undo)
    assert window.act_redo.shortcuts() == keys(SK.Redo)
    assert window.act_delete.shortcuts() == keys(SK.Delete)
    assert window.act_how.shortcuts() == keys(SK.HelpContents)
    assert window.act_presentation.shortcut() == QKeySequence("F11")
    assert window.act_leave_presentation.shortcut() == QKeySequence("Esc")
    assert window.act_import.shortcut() == QKeySequence("Ctrl+I")
    for i, key in enumerate(("matrix", "backlog", "graph", "data")):
        assert window.view_actions[key].shortcut() == QKeySequence(f"Ctrl+{i + 1}")
    # Every action a user can reach has a tooltip.
    for menu in menus.values():
        for act in menu.actions():
            if not act.isSeparator() and act.menu() is None:
                assert act.toolTip(), act.text()


def test_welcome_page_until_a_workshop_is_open(window: MainWindow) -> None:
    assert window.stack.currentWidget() is window.welcome
    assert window.windowTitle() == "SweetSpot"
    assert not window.act_save.isEnabled() and not window.act_export_backlog.isEnabled()
    assert window.act_import.isEnabled() and window.act_open.isEnabled()
    window.adopt_workshop(make_small_workshop())
    assert window.stack.currentWidget() is window.tabs
    assert window.act_save.isEnabled()
    assert window.windowTitle() == "Untitled workshop[*] — SweetSpot"
    assert not window.isWindowModified()


def test_view_actions_switch_the_central_view(opened: MainWindow) -> None:
    for key, widget in (
        ("backlog", opened.backlog),
        ("graph", opened.graph),
        ("data", opened.data_view),
        ("matrix", opened.matrix),
    ):
        opened.view_actions[key].trigger()
        assert opened.tabs.currentWidget() is widget
        assert opened.current_view() == key
    opened.tabs.setCurrentIndex(2)
    assert opened.view_actions["graph"].isChecked()


def test_status_bar_shows_counts_and_validation(window: MainWindow) -> None:
    w = make_small_workshop()
    window.adopt_workshop(w)
    assert window.counts_label.text() == "2 insights · 2 objectives · 3 initiatives · 5 links"
    assert window.validation_text().startswith("✓ Ready to score")
    broken = make_small_workshop()
    broken.problems = [
        Problem("error", "Insights", "E7", "Importance 12 is outside the 1–5 scale."),
        Problem("error", "Links", "C4", "Initiative X9 does not exist."),
        Problem("warning", "Insights", "D3", "Satisfaction is blank."),
    ]
    window.adopt_workshop(broken)
    assert window.validation_text() == "✕ 2 errors — see Import report"
    window.validation_button.click()
    dlg = window._report_dialog
    assert isinstance(dlg, ImportReportDialog) and dlg.isVisible()
    rows = dlg.rows()
    assert rows[0][:2] == ("Error", "Links!C4") or rows[0][:2] == ("Error", "Insights!E7")
    assert ("Warning", "Insights!D3", "Satisfaction is blank.") in rows
    dlg.reject()


# -- shared selection -----------------------------------------------------------------------------
def test_selection_is_shared_by_matrix_graph_and_document(opened: MainWindow) -> None:
    opened.matrix.selectionChanged.emit(["A"])
    assert opened.doc.selection == ["A"]
    assert opened.act_delete.isEnabled()
    opened.doc.select(["C"])
    assert opened.matrix.selection() == ["C"]
    opened.view_actions["graph"].trigger()
    assert opened.graph.selection() == ["C"]
    opened.graph.selectionChanged.emit(["B"])
    assert opened.doc.selection == ["B"]
    assert opened.matrix.selection() == ["B"]


# -- placements, undo, redo -----------------------------------------------------------------------
def test_placement_from_the_matrix_is_stored_reranks_and_undo_restores(
    qtbot: QtBot, opened: MainWindow, asked: Asked
) -> None:
    asked.reason = "Regulator deadline"
    before = ranks(opened)
    assert before[0] == "A"
    opened.matrix.overrideRequested.emit("C", 95.0, 90.0)
    qtbot.waitUntil(lambda: "C" in opened.doc.settings.overrides, timeout=2000)

    assert asked.reasons_asked == [("C", 95.0, 90.0)]
    assert opened.doc.settings.overrides["C"] == Override(95.0, 90.0, "Regulator deadline")
    assert ranks(opened)[0] == "C"
    expected = score(opened.doc.workshop, opened.doc.settings).table
    assert ranks(opened) == list(expected["id"])
    assert opened.overrides.ids() == ["C"]
    assert opened.backlog.shown_ids() == ranks(opened)  # the views agree
    assert plain(opened.act_undo) == "Undo Move C"
    assert opened.isWindowModified()
    assert opened.windowTitle().endswith("— SweetSpot")

    opened.act_undo.trigger()
    assert opened.doc.settings.overrides == {}
    assert ranks(opened) == before
    assert plain(opened.act_redo) == "Redo Move C"
    assert not opened.isWindowModified()
    opened.act_redo.trigger()
    assert ranks(opened)[0] == "C"


def test_dragging_a_bubble_for_real_records_the_placement(
    qtbot: QtBot, opened: MainWindow, asked: Asked
) -> None:
    matrix = opened.matrix
    matrix.canvas.draw()
    row = opened.doc.result.row("C")
    start = matrix.data_to_widget(row["customer_impact"], row["business_impact"]).toPoint()
    end = matrix.data_to_widget(70.0, 60.0).toPoint()
    canvas = matrix.canvas
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, 7):
        qtbot.mouseMove(canvas, start + (end - start) * (k / 6))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)
    qtbot.waitUntil(lambda: "C" in opened.doc.settings.overrides, timeout=3000)
    placed = opened.doc.settings.overrides["C"]
    assert placed.customer_impact == pytest.approx(70.0, abs=1.5)
    assert placed.business_impact == pytest.approx(60.0, abs=1.5)
    assert ranks(opened)[0] == "C"


def test_cancelled_reason_records_nothing(qtbot: QtBot, opened: MainWindow, asked: Asked) -> None:
    asked.reason = None
    opened.matrix.overrideRequested.emit("B", 80.0, 80.0)
    qtbot.waitUntil(lambda: len(asked.reasons_asked) == 1, timeout=2000)
    assert opened.doc.settings.overrides == {}
    assert opened.doc.undo_stack.count() == 0


def test_overrides_panel_clear_button_clears_the_placement(opened: MainWindow) -> None:
    opened.record_placement("B", 80.0, 80.0)
    assert ranks(opened)[0] == "B"
    opened.doc.select(["B"])
    assert opened.overrides.clear_button.isEnabled()
    opened.overrides.clear_button.click()
    assert opened.doc.settings.overrides == {}
    assert ranks(opened)[0] == "A"
    assert plain(opened.act_undo) == "Undo Clear workshop placement of B"


def test_delete_removes_the_selected_initiative_and_undo_brings_it_back(opened: MainWindow) -> None:
    opened.doc.select(["A"])
    opened.act_delete.trigger()
    assert "A" not in set(opened.doc.workshop.initiatives["id"])
    assert "A" not in set(opened.doc.workshop.links["initiative"])
    assert ranks(opened) == ["B", "C"]
    assert plain(opened.act_undo) == "Undo Delete initiative A"
    assert opened.counts_label.text().endswith("2 initiatives · 2 links")
    opened.act_undo.trigger()
    assert ranks(opened) == ["A", "B", "C"]


def test_undo_names_weight_and_cell_edits(opened: MainWindow) -> None:
    doc = opened.doc
    doc.edit(SetSettings(doc.settings.with_changes(alpha=0.9), "Change balance"))
    assert plain(opened.act_undo) == "Undo Change balance"
    doc.edit(SetCell("objectives", "O2", "weight", 10.0))
    assert plain(opened.act_undo) == "Undo Edit Weight of O2"
    assert ranks(opened) == list(score(doc.workshop, doc.settings).table["id"])


# -- save, reopen, prompts ------------------------------------------------------------------------
def test_save_close_reopen_gives_the_same_state(
    qtbot: QtBot, opened: MainWindow, asked: Asked, settings: QSettings, tmp_path: Path
) -> None:
    doc = opened.doc
    opened.record_placement("C", 90.0, 85.0)
    doc.edit(SetSettings(doc.settings.with_changes(alpha=0.7), "Change balance"))
    doc.edit(SetCell("insights", "I2", "importance", 5.0))
    opened.show_view("backlog")
    asked.save_path = tmp_path / "bank workshop"  # the dialog may leave the suffix off
    opened.act_save.trigger()

    path = tmp_path / "bank workshop.sweetspot"
    assert path.exists()
    assert doc.path == path
    assert not opened.isWindowModified()
    assert opened.windowTitle() == "bank workshop[*] — SweetSpot"
    tables = {
        t: getattr(doc.workshop, t).copy()
        for t in ("insights", "objectives", "initiatives", "links")
    }
    saved_settings, saved_ranks = doc.settings, doc.result.ranks()
    opened.close()
    assert asked.save_changes == []  # nothing unsaved: no question

    again = make_window(qtbot, settings, tmp_path)
    again.files.open_path(path)
    for name, df in tables.items():
        pd.testing.assert_frame_equal(getattr(again.doc.workshop, name), df)
    assert again.doc.settings == saved_settings
    assert again.doc.settings.overrides["C"].customer_impact == 90.0
    assert again.doc.result.ranks() == saved_ranks
    assert again.current_view() == "backlog"
    assert again.files.recent_files()[0] == path.resolve()
    again.close()


def test_save_again_keeps_a_backup(opened: MainWindow, asked: Asked, tmp_path: Path) -> None:
    asked.save_path = tmp_path / "p.sweetspot"
    opened.act_save_as.trigger()
    opened.record_placement("B", 70.0, 70.0)
    opened.act_save.trigger()
    assert load_project(tmp_path / "p.sweetspot").settings.overrides.keys() == {"B"}
    assert load_project(tmp_path / "p.sweetspot.bak").settings.overrides == {}


def test_unsaved_changes_prompt_on_close_new_and_open(
    qtbot: QtBot, opened: MainWindow, asked: Asked, tmp_path: Path
) -> None:
    other = save_project(Project(make_small_workshop()), tmp_path / "other.sweetspot")
    opened.record_placement("B", 70.0, 70.0)

    asked.save_answer = "cancel"
    opened.act_new.trigger()
    opened.files.open_path(other)
    assert not opened.close()
    assert opened.isVisible()
    assert asked.save_changes == ["Untitled workshop"] * 3
    assert "B" in opened.doc.settings.overrides  # nothing was thrown away

    asked.save_answer = "discard"
    opened.files.open_path(other)
    assert opened.doc.path == other
    assert opened.doc.settings.overrides == {}


def test_save_asks_when_someone_else_changed_the_file(
    opened: MainWindow, asked: Asked, tmp_path: Path
) -> None:
    path = tmp_path / "shared.sweetspot"
    asked.save_path = path
    opened.act_save_as.trigger()
    # A colleague saves over it from another laptop.
    save_project(Project(make_small_workshop(), ScoringSettings(alpha=0.1)), path)
    opened.record_placement("B", 70.0, 70.0)

    asked.disk_answer = "cancel"
    opened.act_save.trigger()
    assert asked.disk_asked == 1
    assert load_project(path).settings.alpha == 0.1
    assert opened.isWindowModified()

    asked.disk_answer = "overwrite"
    opened.act_save.trigger()
    assert load_project(path).settings.overrides.keys() == {"B"}
    assert not opened.isWindowModified()


def test_corrupt_project_shows_a_sentence_not_a_traceback(
    opened: MainWindow, asked: Asked, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.sweetspot"
    bad.write_text("{ this is not", encoding="utf-8")
    opened.files.open_path(bad)
    assert len(asked.errors) == 1 and "bad.sweetspot" in asked.errors[0]
    assert "Traceback" not in asked.errors[0]
    assert opened.has_workshop and opened.doc.path is None  # the open workshop stays


# -- exports --------------------------------------------------------------------------------------
def test_export_backlog_writes_the_ranked_workbook(
    opened: MainWindow, asked: Asked, tmp_path: Path
) -> None:
    opened.record_placement("C", 95.0, 95.0)
    asked.save_path = tmp_path / "backlog.xlsx"
    opened.act_export_backlog.trigger()
    book = openpyxl.load_workbook(tmp_path / "backlog.xlsx", read_only=True)
    rows = list(book["Backlog"].iter_rows(values_only=True))
    header = list(rows[0])
    ids = [r[header.index("ID")] for r in rows[1:] if r[header.index("ID")]]
    assert ids == ranks(opened) == ["C", "A", "B"]


def test_export_backlog_adds_scenarios_once_a_lens_is_saved(
    opened: MainWindow, asked: Asked, tmp_path: Path
) -> None:
    asked.save_path = tmp_path / "plain.xlsx"
    opened.act_export_backlog.trigger()
    assert "Scenarios" not in openpyxl.load_workbook(tmp_path / "plain.xlsx").sheetnames
    assert opened.scenarios.save_current_as("CFO lens")
    asked.save_path = tmp_path / "lenses.xlsx"
    opened.act_export_backlog.trigger()
    sheet = openpyxl.load_workbook(tmp_path / "lenses.xlsx")["Scenarios"]
    header = [c.value for c in sheet[1]]
    assert "Rank: CFO lens" in header
    ids = [row[header.index("ID")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(ids) == ["A", "B", "C"]


def test_the_journey_tab_s_targets_reach_the_exported_workbook(
    opened: MainWindow, asked: Asked, tmp_path: Path
) -> None:
    opened.show_view("journey")
    model = opened.journey.targets_model
    stage = model.index(0, 0).data()
    assert model.setData(model.index(0, TARGET_FEELING), "welcomed")
    asked.save_path = tmp_path / "journey.xlsx"
    opened.act_export_backlog.trigger()
    sheet = openpyxl.load_workbook(tmp_path / "journey.xlsx")["Journey"]
    header = [c.value for c in sheet[1]]
    first = [c.value for c in sheet[2]]
    assert first[header.index("Stage")] == stage
    assert first[header.index("Target feeling")] == "welcomed"
    opened.doc.undo_stack.undo()
    assert model.index(0, TARGET_FEELING).data() == ""


def test_export_matrix_image_writes_a_picture(
    opened: MainWindow, asked: Asked, tmp_path: Path
) -> None:
    asked.save_path = tmp_path / "matrix"
    opened.act_export_matrix.trigger()
    image = QImage(str(tmp_path / "matrix.png"))
    assert not image.isNull() and image.width() > 800
    assert _colours(image) > 20


def test_template_from_the_welcome_page(window: MainWindow, asked: Asked, tmp_path: Path) -> None:
    asked.save_path = tmp_path / "template.xlsx"
    window.welcome.template_button.click()
    book = openpyxl.load_workbook(tmp_path / "template.xlsx", read_only=True)
    assert len(book.sheetnames) >= 4


# -- presentation, help ---------------------------------------------------------------------------
def test_presentation_mode_shows_only_the_big_matrix_and_esc_leaves(opened: MainWindow) -> None:
    opened.show_view("backlog")
    opened.act_presentation.trigger()
    assert opened.in_presentation
    assert opened.matrix.is_presentation()
    assert opened.tabs.currentWidget() is opened.matrix
    assert opened.toolbar.isHidden() and opened.menuBar().isHidden()
    assert all(dock.isHidden() for dock in opened.docks)
    assert opened.act_leave_presentation.isEnabled()
    opened.act_leave_presentation.trigger()  # the Esc shortcut
    assert not opened.in_presentation
    assert not opened.matrix.is_presentation()
    assert not opened.toolbar.isHidden() and not opened.menuBar().isHidden()
    assert not opened.overrides_dock.isHidden()
    assert opened.current_view() == "backlog"
    assert not opened.act_leave_presentation.isEnabled()


def test_how_scores_work_shows_the_formulas_and_current_parameters(opened: MainWindow) -> None:
    doc = opened.doc
    doc.edit(SetSettings(doc.settings.with_changes(alpha=0.7), "Change balance"))
    opened.act_how.trigger()
    dlg = opened._help
    assert dlg is not None and dlg.isVisible()
    text = dlg.browser.toPlainText()
    assert (
        "need" in text
        and "max(imp" in text
        and "C = 100" in text
        and "V = S × confidence / effort" in text
    )
    assert "0.70" in text and "customer 70%" in text
    assert f"{doc.result.customer_threshold:.1f}" in text
    dlg.close()


def test_about_shows_name_and_version(opened: MainWindow) -> None:
    from sweetspot import __version__

    opened.act_about.trigger()
    about = opened.findChild(dialogs.AboutDialog)
    assert about is not None and about.isVisible()
    assert __version__ in about.version_label.text()
    about.accept()


# -- remembered state, drag and drop --------------------------------------------------------------
def test_recent_files_and_window_layout_are_remembered(
    qtbot: QtBot, window: MainWindow, settings: QSettings, tmp_path: Path
) -> None:
    path = save_project(Project(make_small_workshop()), tmp_path / "r.sweetspot")
    window.files.open_path(path)
    window.files._fill_recent_menu()
    labels = [a.text() for a in window.recent_menu.actions()]
    assert labels[0] == "&1 r.sweetspot"
    assert [b.toolTip() for b in window.welcome.recent_buttons] == [str(path.resolve())]
    window.overrides_dock.hide()
    window.files.close_workshop()  # back to the start page, whose minimum size fits any screen
    qtbot.wait(20)  # let the layout drop the docks' minimum width
    window.resize(700, 520)
    window.close()
    assert settings.value("window/geometry") is not None

    again = make_window(qtbot, settings, tmp_path, resize=False)
    assert again.files.recent_files() == [path.resolve()]
    assert (again.width(), again.height()) == (700, 520)
    again.adopt_workshop(make_small_workshop())
    assert again.overrides_dock.isHidden()
    assert not again.weights_dock.isHidden() and not again.details_dock.isHidden()
    again.close()


def test_dropping_a_project_file_opens_it(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    path = save_project(
        Project(make_small_workshop(), ScoringSettings(alpha=0.25)), tmp_path / "d.sweetspot"
    )
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.doc.path == path, timeout=2000)
    assert window.doc.settings.alpha == 0.25
    assert FileController.droppable([tmp_path / "notes.txt"]) == []


def test_import_into_an_open_workshop_keeps_the_rooms_work(
    qtbot: QtBot, settings: QSettings, tmp_path: Path, asked: Asked
) -> None:
    def loader(paths: list[Path], **_kwargs: Any) -> Workshop:
        w = make_small_workshop()
        w.initiatives = w.initiatives.loc[w.initiatives["id"] != "B"].reset_index(drop=True)
        return w

    window = make_window(qtbot, settings, tmp_path, loader=loader, inspector=lambda _p: [])
    window.adopt_workshop(make_small_workshop())
    window.record_placement("C", 90.0, 90.0)
    window.record_placement("B", 50.0, 50.0)
    sheet = tmp_path / "bank v2.xlsx"
    sheet.write_bytes(b"")
    with qtbot.waitSignal(window.loadFinished, timeout=5000) as blocker:
        window.files.import_paths([sheet])
    assert blocker.args == ["finished"]
    assert set(window.doc.workshop.initiatives["id"]) == {"A", "C"}
    assert set(window.doc.settings.overrides) == {"C"}  # B no longer exists
    assert ranks(window)[0] == "C"
    assert plain(window.act_undo) == "Undo Update from bank v2.xlsx"
    window.act_undo.trigger()
    assert set(window.doc.workshop.initiatives["id"]) == {"A", "B", "C"}
    window.doc.undo_stack.setClean()
    window.close()


# -- the bundled sample and the screenshot command ------------------------------------------------
@pytest.mark.skipif(not RETAIL.exists(), reason="sample data not built")
def test_the_retail_sample_opens_from_the_welcome_page(qtbot: QtBot, window: MainWindow) -> None:
    pytest.importorskip("sweetspot.core.importing")
    buttons = {b.toolTip(): b for b in window.welcome.sample_buttons}
    button = buttons[f"Open the sample workshop {RETAIL.name}"]
    with qtbot.waitSignal(window.loadFinished, timeout=30000):
        button.click()
    if window.files.import_flow is not None and window.files.import_flow.report_dialog is not None:
        window.files.import_flow.report_dialog.accept()
    qtbot.waitUntil(lambda: window.has_workshop, timeout=5000)
    from sweetspot.core.importing import load_workshop

    expected = score(load_workshop([RETAIL])).table
    assert ranks(window) == list(expected["id"])
    assert window.windowTitle() == "retail_bank[*] — SweetSpot"
    artists = window.matrix.artists
    assert artists is not None and sorted(map(str, artists.ids)) == sorted(expected["id"])
    assert window.validation_text().startswith("✓ Ready to score")


def _colours(image: QImage) -> int:
    small = image.scaled(80, 50)
    return len({small.pixel(x, y) for x in range(small.width()) for y in range(small.height())})


def test_screenshot_writes_a_1600_by_1000_picture(tmp_path: Path) -> None:
    project = save_project(Project(make_small_workshop()), tmp_path / "s.sweetspot")
    out = tmp_path / "shot.png"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    code = (
        "import sys\nfrom sweetspot.ui.app import screenshot\n"
        f"sys.exit(screenshot({str(project)!r}, 'matrix', {str(out)!r}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert abs(image.width() - 1600) <= 40 and abs(image.height() - 1000) <= 40
    assert _colours(image) > 20
    # Nothing of the user's: no settings or recovery files were written in their home.
    assert not (tmp_path / "config" / "SweetSpot").exists()


def test_screenshot_of_a_missing_file_is_a_sentence(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    code = (
        "import sys\nfrom sweetspot.ui.app import screenshot\n"
        f"sys.exit(screenshot({str(tmp_path / 'gone.xlsx')!r}, 'matrix', 'x.png'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert "File not found" in done.stderr and "Traceback" not in done.stderr


def test_keyboard_shortcuts_work_through_real_key_presses(qtbot: QtBot, opened: MainWindow) -> None:
    opened.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is opened, timeout=2000)
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(opened, Qt.Key.Key_2, ctrl)
    assert opened.current_view() == "backlog"
    qtbot.keyClick(opened, Qt.Key.Key_F11)
    assert opened.in_presentation and opened.current_view() == "matrix"
    qtbot.keyClick(opened, Qt.Key.Key_Escape)
    assert not opened.in_presentation and opened.current_view() == "backlog"
    opened.doc.select(["A"])
    qtbot.keyClick(opened.tabs, Qt.Key.Key_Delete)
    assert ranks(opened) == ["B", "C"]
    qtbot.keyClick(opened.tabs, Qt.Key.Key_Z, ctrl)
    assert ranks(opened) == ["A", "B", "C"]


def test_unexpected_errors_are_logged_and_shown_as_a_sentence(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from sweetspot.ui import app as app_module

    shown: list[tuple[str, str, str]] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append((box.text(), box.informativeText(), box.detailedText()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    try:
        raise KeyError("no such initiative")
    except KeyError as exc:
        app_module.excepthook(type(exc), exc, exc.__traceback__)
    assert len(shown) == 1
    text, advice, details = shown[0]
    assert text == "SweetSpot hit an unexpected problem."
    assert "Traceback" not in text + advice
    assert "KeyError" in details
    assert "no such initiative" in caplog.text


def test_delete_in_the_data_view_deletes_the_rows_selected_there(
    opened: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(opened.data_view, "delete_selected", lambda: calls.append("data"))
    opened.doc.select(["A"])
    opened.show_view("data")
    opened.act_delete.trigger()
    assert calls == ["data"]
    assert "A" in set(opened.doc.workshop.initiatives["id"])  # not the matrix selection


def test_a_window_destroyed_with_unsaved_edits_and_no_close_raises_nothing(
    qtbot: QtBot, settings: QSettings, tmp_path: Path, asked: Asked
) -> None:
    # pytest-qt fails this test if a slot raises while the window is torn down (the document,
    # a child, reports its undo stack emptying to a window half destroyed).
    window = MainWindow(
        settings, recovery_folder=tmp_path / "recovery", autosave=False, show_progress=False
    )
    window.adopt_workshop(make_small_workshop())
    window.doc.edit(SetPlacement("C", Override(90.0, 90.0, "room")))
    assert window.doc.is_modified
    destroyed: list[bool] = []
    window.destroyed.connect(lambda: destroyed.append(True))
    window.deleteLater()
    qtbot.waitUntil(lambda: destroyed == [True])


def test_importing_a_later_survey_as_a_wave(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """File ▸ Import survey wave…: the open bank gets its own table as 2026 Q1 and a later
    workbook's Insights table as 2026 Q3; the Impact review then compares them; one undo."""
    from sweetspot.core.waves import review

    root = Path(__file__).resolve().parents[2] / "sample_data"
    bank = root / "retail_bank.xlsx"
    window.files.load_sync(bank)
    later = tmp_path / "bank_q3.xlsx"
    book = openpyxl.load_workbook(bank)
    sheet = book["Insights"]
    header = [c.value for c in sheet[1]]
    col = header.index("Satisfaction") + 1
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value == "I02":
            sheet.cell(row, col).value = 3  # was 1
    book.save(later)
    answers = iter([[bank], [later]])
    names = iter(["2026 Q1", "2026 Q3"])
    monkeypatch.setattr(dialogs, "choose_import_paths", lambda *_a: next(answers))
    monkeypatch.setattr(dialogs, "ask_wave_name", lambda *_a: next(names))
    window.files.act_import_wave.trigger()
    window.files.act_import_wave.trigger()
    waves = window.doc.project.waves
    assert sorted(set(waves["wave"])) == ["2026 Q1", "2026 Q3"]
    result = review(window.doc.workshop, waves, "2026 Q1", "2026 Q3")
    changes = result.insights.set_index("id")["change"]
    assert changes["I02"] == pytest.approx(2.0) and (changes.drop("I02") == 0).all()
    assert window.current_view() == "review"
    assert window.review.result is not None and window.review.result.to_wave == "2026 Q3"
    # The scores follow the latest wave (its own undo step), and say so.
    sat = window.doc.workshop.insights.set_index("id")["satisfaction"]
    assert sat["I02"] == 3.0
    assert "the scores now use 2026 Q3" in window.statusBar().currentMessage()
    window.doc.undo_stack.undo()
    assert window.doc.workshop.insights.set_index("id")["satisfaction"]["I02"] == 1.0
    assert set(window.doc.project.waves["wave"]) == {"2026 Q1", "2026 Q3"}
    window.doc.undo_stack.undo()
    assert set(window.doc.project.waves["wave"]) == {"2026 Q1"}


def test_importing_survey_responses_updates_the_bank_and_undo_takes_it_back(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    """File ▸ Import survey responses…: analysed in the worker, reviewed (one theme dropped,
    one renamed, derived importance chosen), merged as one undoable edit keeping the links."""
    from sweetspot.ui import survey_import

    root = Path(__file__).resolve().parents[2] / "sample_data"
    window.files.load_sync(root / "retail_bank.xlsx")
    before = window.doc.project.workshop.insights.copy()
    links_before = len(window.doc.project.workshop.links)
    monkeypatch.setattr(
        dialogs, "choose_import_paths", lambda *_a: [root / "retail_bank_survey.xlsx"]
    )
    seen: dict[str, Any] = {}

    def review(dialog: survey_import.SurveyReviewDialog) -> int:
        seen["attributes"] = dialog.attributes.rowCount()
        first = dialog.themes.item(0, 0)
        second = dialog.themes.item(1, 0)
        assert first is not None and second is not None
        first.setText("Fees nobody warned me about")
        second.setCheckState(Qt.CheckState.Unchecked)
        dialog.rule.setCurrentIndex(dialog.rule.findData("derived"))
        seen["themes"] = len(dialog.chosen_themes())
        dialog.wave_box.setChecked(True)
        dialog.wave_name.setText("2026 Q4")
        return int(survey_import.QDialog.DialogCode.Accepted)

    monkeypatch.setattr(survey_import.SurveyReviewDialog, "exec", review)
    window.files.act_import_survey.trigger()
    qtbot.waitUntil(lambda: "Source" in window.doc.project.workshop.insights.columns, timeout=30000)
    ins = window.doc.project.workshop.insights.set_index("id")
    assert seen["attributes"] == 10
    assert len(ins) == len(before) + seen["themes"]
    assert "Fees nobody warned me about" in set(ins["need"])
    # The bank's own words stay; the survey's numbers replace the typed ones.
    old = before.set_index("id")
    assert str(ins.loc["I11", "need"]) == str(old.loc["I11", "need"])
    assert ins["importance"].astype(float)["I11"] != old["importance"].astype(float)["I11"]
    assert ins["Respondents"].astype(float)["I11"] > 500
    assert len(window.doc.project.workshop.links) == links_before
    # Kept as a wave too, with n and SD per attribute so a later survey's change can be judged.
    waves = window.doc.project.waves
    q4 = waves.loc[waves["wave"] == "2026 Q4"].set_index("id")
    assert q4["respondents"].astype(float)["I11"] == ins["Respondents"].astype(float)["I11"]
    assert 0 < q4["spread"].astype(float)["I11"] < 2
    waves_before = len(waves) - len(q4)
    window.doc.undo_stack.undo()  # one step takes back the insights and the wave
    assert window.doc.project.workshop.insights["id"].tolist() == before["id"].tolist()
    assert "Source" not in window.doc.project.workshop.insights.columns
    assert len(window.doc.project.waves) == waves_before
