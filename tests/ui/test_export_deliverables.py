"""File ▸ Export slides… and File ▸ Export ▸ Backlog for Jira / Azure DevOps…: the save dialog,
the file written through the window's export path, and a failure said as a message."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pptx import Presentation
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMenu
from pytestqt.qtbot import QtBot

from sweetspot.core.deck import slide_titles, top_rows
from sweetspot.core.robustness import RobustnessParams, robustness
from sweetspot.core.scoring import ScoringSettings
from sweetspot.core.tracker_csv import AZURE_HEADERS, JIRA_HEADERS, read_tracker_csv
from sweetspot.ui import dialogs
from sweetspot.ui.main_window import MainWindow
from tests.conftest import make_small_workshop

pytestmark = pytest.mark.gui


class SaveDialog:
    """Stands in for QFileDialog.getSaveFileName: returns the next scripted path."""

    def __init__(self) -> None:
        self.answer: Path | None = None
        self.asked: list[tuple[str, str, str]] = []
        self.errors: list[tuple[str, str]] = []

    def __call__(self, _parent: object, caption: str, suggested: str, file_filter: str) -> tuple:
        self.asked.append((caption, suggested, file_filter))
        return (str(self.answer) if self.answer else "", "")


@pytest.fixture
def save_dialog(monkeypatch: pytest.MonkeyPatch) -> SaveDialog:
    dialog = SaveDialog()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda *_a: "discard")
    monkeypatch.setattr(dialogs, "ask_restore_recovery", lambda *_a: "later")
    monkeypatch.setattr(dialogs, "show_error", lambda _p, t, m: dialog.errors.append((t, m)))
    return dialog


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, save_dialog: SaveDialog) -> Iterator[MainWindow]:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings, recovery_folder=tmp_path / "recovery", show_progress=False)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    w.adopt_workshop(make_small_workshop())
    yield w
    w.doc.undo_stack.setClean()
    w.close()


def menu_texts(window: MainWindow) -> list[str]:
    return [a.text().replace("&", "") for a in window.file_menu.actions()]


def test_the_menu_has_the_deliverables(window: MainWindow) -> None:
    texts = menu_texts(window)
    assert "Export slides…" in texts
    assert "Export" in texts  # the submenu
    export = next(a.menu() for a in window.file_menu.actions() if a.text() == "E&xport")
    assert isinstance(export, QMenu)
    assert [a.text().replace("&", "") for a in export.actions()] == [
        "Backlog for Jira…",
        "Backlog for Azure DevOps…",
    ]
    window.file_menu.aboutToShow.emit()
    assert window.files.act_export_slides.isEnabled()


def test_export_slides_writes_the_deck(
    window: MainWindow, save_dialog: SaveDialog, tmp_path: Path
) -> None:
    save_dialog.answer = tmp_path / "client deck"  # no suffix: .pptx is added
    window.files.act_export_slides.trigger()
    out = tmp_path / "client deck.pptx"
    assert out.exists(), save_dialog.errors
    caption, suggested, file_filter = save_dialog.asked[-1]
    assert caption == "Export slides" and suggested.endswith(".pptx") and "*.pptx" in file_filter
    prs = Presentation(str(out))
    titles = slide_titles(prs)
    # title, matrix, top 3, three initiatives, unmet needs, journey, method
    assert len(titles) == 9
    table = next(s for s in prs.slides[2].shapes if s.has_table).table
    cells = [[c.text for c in row.cells] for row in table.rows][1:]
    assert cells == top_rows(window.doc.workshop, window.doc.result)
    assert "Queue-free branch booking" in titles[3]
    assert "Slide deck written to" in window.statusBar().currentMessage()

    # With a saved lens and a robustness run, their slides join the deck.
    window.doc.lenses = {"CFO lens": ScoringSettings(alpha=0.2)}
    view = window.robustness_view
    view.result = robustness(
        window.doc.workshop, window.doc.settings, RobustnessParams(draws=100, top_n=2)
    )
    view.out_of_date = False
    save_dialog.answer = tmp_path / "full.pptx"
    window.files.act_export_slides.trigger()
    titles = slide_titles(Presentation(str(tmp_path / "full.pptx")))
    assert len(titles) == 11
    assert any("under every lens" in t for t in titles)
    assert any("of 100 draws" in t for t in titles)

    # Cancelling writes nothing.
    save_dialog.answer = None
    window.files.act_export_slides.trigger()
    assert sorted(p.name for p in tmp_path.glob("*.pptx")) == ["client deck.pptx", "full.pptx"]
    assert save_dialog.errors == []


@pytest.mark.parametrize(
    ("tracker", "headers", "title"),
    [("jira", JIRA_HEADERS, "Summary"), ("azure", AZURE_HEADERS, "Title")],
)
def test_export_tracker_backlog(
    window: MainWindow,
    save_dialog: SaveDialog,
    tmp_path: Path,
    tracker: str,
    headers: list[str],
    title: str,
) -> None:
    action = window.files.act_export_jira if tracker == "jira" else window.files.act_export_azure
    save_dialog.answer = tmp_path / "issues"
    action.trigger()
    out = tmp_path / "issues.csv"
    assert out.exists(), save_dialog.errors
    name = "Jira" if tracker == "jira" else "Azure DevOps"
    assert save_dialog.asked[-1][0] == f"Export backlog for {name}"
    df = read_tracker_csv(out)
    assert [c.split(".")[0] for c in df.columns] == headers
    assert df[title].tolist() == window.doc.result.table["initiative"].tolist()
    assert window.display_name() in df["Description"].iloc[0]
    assert f"{name} backlog written to" in window.statusBar().currentMessage()


def test_a_failure_is_a_message_not_a_traceback(
    window: MainWindow, save_dialog: SaveDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sweetspot.core.deck as deck

    def broken(*_a: object, **_k: object) -> None:
        raise ValueError("no slides today")

    monkeypatch.setattr(deck, "write_deck", broken)
    save_dialog.answer = tmp_path / "deck.pptx"
    window.files.act_export_slides.trigger()
    assert len(save_dialog.errors) == 1
    title, message = save_dialog.errors[0]
    assert title == "Export slides"
    assert "deck.pptx could not be written" in message and "no slides today" in message
    # A folder where the file should go: the existing plain sentence.
    (tmp_path / "folder.csv").mkdir()
    save_dialog.answer = tmp_path / "folder.csv"
    window.files.act_export_jira.trigger()
    assert "is a folder" in save_dialog.errors[-1][1]
