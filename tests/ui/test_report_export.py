"""File ▸ Export workshop report (PDF) and the live what-if option of the Excel export."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from sweetspot.core.robustness import RobustnessParams, robustness
from sweetspot.core.scoring import ScoringSettings
from sweetspot.core.whatif import WHAT_IF, WHAT_IF_DATA
from sweetspot.ui import dialogs
from sweetspot.ui.main_window import MainWindow
from tests.conftest import make_small_workshop

pytestmark = pytest.mark.gui

needs_poppler = pytest.mark.skipif(
    shutil.which("pdfinfo") is None, reason="poppler-utils (pdfinfo, pdftotext) is not installed"
)


class SaveDialog:
    """Stands in for QFileDialog.getSaveFileName: returns the next scripted path."""

    def __init__(self) -> None:
        self.answer: Path | None = None
        self.asked: list[tuple[str, str]] = []

    def __call__(self, _parent: object, caption: str, suggested: str, _filter: str) -> tuple:
        self.asked.append((caption, suggested))
        return (str(self.answer) if self.answer else "", "")


@pytest.fixture
def save_dialog(monkeypatch: pytest.MonkeyPatch) -> SaveDialog:
    dialog = SaveDialog()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda *_a: "discard")
    monkeypatch.setattr(dialogs, "ask_restore_recovery", lambda *_a: "later")
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, m: errors.append(m))
    return dialog


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _window(qtbot: QtBot, settings: QSettings, tmp_path: Path) -> MainWindow:
    window = MainWindow(settings, recovery_folder=tmp_path / "recovery", show_progress=False)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(
    qtbot: QtBot, settings: QSettings, tmp_path: Path, save_dialog: SaveDialog
) -> Iterator[MainWindow]:
    w = _window(qtbot, settings, tmp_path)
    w.adopt_workshop(make_small_workshop())
    yield w
    w.doc.undo_stack.setClean()
    w.close()


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


@needs_poppler
def test_export_report_writes_the_pdf(
    window: MainWindow, save_dialog: SaveDialog, tmp_path: Path
) -> None:
    texts = [a.text().replace("&", "") for a in window.file_menu.actions()]
    assert "Export workshop report (PDF)…" in texts
    assert window.act_export_report.isEnabled()
    save_dialog.answer = tmp_path / "client report"  # no suffix: .pdf is added
    window.act_export_report.trigger()
    out = tmp_path / "client report.pdf"
    assert out.exists()
    assert save_dialog.asked[-1][0] == "Export workshop report"
    assert pages(out) == 6  # no lenses saved, robustness not run; the journey page is in
    text = pdf_text(out)
    assert "Queue-free branch booking" in text and "Top 3 backlog" in text

    # With saved lenses and a robustness run, their pages join the report.
    window.doc.lenses = {"CFO lens": ScoringSettings(alpha=0.2)}
    view = window.robustness_view
    view.result = robustness(
        window.doc.workshop, window.doc.settings, RobustnessParams(draws=100, top_n=2)
    )
    view.out_of_date = False
    save_dialog.answer = tmp_path / "full.pdf"
    window.act_export_report.trigger()
    assert pages(tmp_path / "full.pdf") == 8
    text = pdf_text(tmp_path / "full.pdf")
    assert "CFO lens" in text and "100 draws" in text

    # Cancelling the dialog writes nothing.
    save_dialog.answer = None
    window.act_export_report.trigger()
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["client report.pdf", "full.pdf"]


def test_what_if_option_is_remembered_and_adds_the_sheet(
    window: MainWindow,
    save_dialog: SaveDialog,
    settings: QSettings,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    act = window.act_what_if
    assert act.isCheckable() and not act.isChecked()
    assert act in window.file_menu.actions()
    save_dialog.answer = tmp_path / "plain.xlsx"
    window.act_export_backlog.trigger()
    assert WHAT_IF not in openpyxl.load_workbook(tmp_path / "plain.xlsx").sheetnames

    act.trigger()
    assert act.isChecked()
    save_dialog.answer = tmp_path / "live.xlsx"
    window.act_export_backlog.trigger()
    wb = openpyxl.load_workbook(tmp_path / "live.xlsx")
    assert wb.sheetnames[-2:] == [WHAT_IF, WHAT_IF_DATA]
    ws = wb[WHAT_IF]
    assert [ws.cell(row=r, column=1).value for r in (2, 3, 4)] == ["A", "B", "C"]
    assert [ws[f"O{r}"].value for r in (2, 3, 4)] == [0.5, 2, 1]

    # The choice survives a restart.
    settings.sync()
    again = _window(qtbot, settings, tmp_path)
    try:
        assert again.act_what_if.isChecked()
    finally:
        again.close()
