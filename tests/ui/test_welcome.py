"""The first run: the welcome page offers the samples, import, the template, recent files and a
two-minute guide to the method, and each of them does its job."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from sweetspot.core.project import Project, save_project
from sweetspot.core.scoring import score
from sweetspot.core.template import TEMPLATE_SHEETS
from sweetspot.ui import dialogs
from sweetspot.ui.main_window import MainWindow
from sweetspot.ui.views import welcome
from sweetspot.ui.views.welcome import NOT_WORKSHOPS, SAMPLE_INFO, SAMPLE_ORDER, WelcomePage
from tests.conftest import make_small_workshop

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
RETAIL = ROOT / "sample_data" / "retail_bank.xlsx"


@pytest.fixture
def page(qtbot: QtBot) -> WelcomePage:
    w = WelcomePage()
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    return w


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, m: errors.append(m))
    monkeypatch.setattr(dialogs, "ask_restore_recovery", lambda *_a: "later")
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda *_a: "discard")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings, recovery_folder=tmp_path / "recovery", show_progress=False)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w
    assert errors == []
    w.doc.undo_stack.setClean()
    w.close()


def _accept_report(window: MainWindow) -> None:
    flow = window.files.import_flow
    if flow is not None and flow.report_dialog is not None:
        flow.report_dialog.accept()


# -- what the page offers ------------------------------------------------------------------------
def test_the_page_offers_import_open_template_guide_and_the_samples(page: WelcomePage) -> None:
    assert page.import_button.text() == "Import spreadsheet…"
    assert page.template_button.text() == "Download template…"
    assert page.open_button.text() == "Open project…"
    assert page.guide_button.text() == "Two-minute guide to the method…"
    for button in (page.import_button, page.template_button, page.guide_button):
        assert button.isVisible() and button.isEnabled() and button.toolTip()
    # Every bundled sample is a tile, best demo first, with its consultant-facing title.
    on_disk = sorted(p.stem for p in RETAIL.parent.glob("*.xlsx") if p.stem not in NOT_WORKSHOPS)
    assert sorted(p.stem for p in page.samples) == on_disk  # once each, whatever the formats
    assert all(p.suffix == ".xlsx" for p in page.samples)
    stems = [p.stem for p in page.samples]
    assert stems[: len(SAMPLE_ORDER)] == [s for s in SAMPLE_ORDER if s in on_disk]
    assert [b.accessibleName() for b in page.sample_buttons] == [
        SAMPLE_INFO[s][0] if s in SAMPLE_INFO else s for s in stems
    ]
    assert all(b.isVisible() for b in page.sample_buttons)


def test_buttons_emit_what_the_user_chose(qtbot: QtBot, page: WelcomePage) -> None:
    with qtbot.waitSignal(page.importRequested, timeout=1000):
        page.import_button.click()
    with qtbot.waitSignal(page.templateRequested, timeout=1000):
        page.template_button.click()
    with qtbot.waitSignal(page.openRequested, timeout=1000):
        page.open_button.click()
    with qtbot.waitSignal(page.sampleRequested, timeout=1000) as blocker:
        page.sample_buttons[0].click()
    assert blocker.args == [page.samples[0]]
    assert page.samples[0].stem == "retail_bank"


def test_recent_files_are_listed_and_missing_ones_left_out(
    qtbot: QtBot, page: WelcomePage, tmp_path: Path
) -> None:
    assert page.recent_buttons == []
    here = tmp_path / "bank.sweetspot"
    here.write_text("{}", encoding="utf-8")
    sheet = tmp_path / "survey.xlsx"
    sheet.write_bytes(b"")
    page.set_recent([here, tmp_path / "gone.xlsx", sheet])
    assert [b.path for b in page.recent_buttons] == [here, sheet]
    with qtbot.waitSignal(page.recentRequested, timeout=1000) as blocker:
        page.recent_buttons[1].click()
    assert blocker.args == [sheet]
    page.set_recent([])
    assert page.recent_buttons == []


# -- the guide ----------------------------------------------------------------------------------
def test_guide_opens_and_explains_axes_numbers_quadrants_and_dragging(page: WelcomePage) -> None:
    assert page.guide_dialog is None
    page.guide_button.click()
    guide = page.guide_dialog
    assert guide is not None and guide.isVisible()
    text = guide.text()
    # Where the numbers come from.
    assert "need = importance + gap" in text
    assert "gap = max(importance − satisfaction, 0)" in text
    assert "C = 100 × Σ (s/9) · need / Σ need" in text
    assert "B = 100 × Σ (s/9) · weight / Σ weight" in text
    assert "S = Cα × B1−α" in text.replace("\u2009", "")  # superscripts read as plain text
    # What the axes and quadrants mean, and what dragging does.
    for words in (
        "Across is customer impact, up is business impact",
        "Sweet spot",
        "Customer-led",
        "Business-led",
        "Low overlap",
        "Drag a bubble",
        "workshop placement",
    ):
        assert words in " ".join(text.split()), words
    # A second click raises the same window rather than opening another.
    page.guide_button.click()
    assert page.guide_dialog is guide


# -- the buttons in the real window --------------------------------------------------------------
def test_download_template_writes_the_input_workbook(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def choose(_parent: object, title: str, suggested: str, _filter: str) -> Path:
        asked.append(title)
        assert suggested.endswith("SweetSpot workshop template.xlsx")
        return tmp_path / "client template"  # no suffix: the window adds .xlsx

    monkeypatch.setattr(dialogs, "choose_save_path", choose)
    assert window.stack.currentWidget() is window.welcome
    window.welcome.template_button.click()
    out = tmp_path / "client template.xlsx"
    assert asked == ["Download template"]
    assert out.exists()
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Instructions", *TEMPLATE_SHEETS]
    for name, columns in TEMPLATE_SHEETS.items():
        headers = [c.value for c in wb[name][1]][: len(columns)]
        assert headers == [h for h, _w, _n in columns], name
    assert "Template written" in window.statusBar().currentMessage()


def test_cancelled_template_dialog_writes_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dialogs, "choose_save_path", lambda *_a: None)
    window.welcome.template_button.click()
    assert list(tmp_path.glob("*.xlsx")) == []


@pytest.mark.skipif(not RETAIL.exists(), reason="sample data not built")
def test_import_spreadsheet_opens_the_chosen_workbook(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dialogs, "choose_import_paths", lambda *_a: [RETAIL])
    with qtbot.waitSignal(window.loadFinished, timeout=30000):
        window.welcome.import_button.click()
    _accept_report(window)
    qtbot.waitUntil(lambda: window.has_workshop, timeout=5000)
    from sweetspot.core.importing import load_workshop

    expected = score(load_workshop([RETAIL])).table
    assert list(window.doc.result.table["id"]) == list(expected["id"])
    assert window.stack.currentWidget() is window.tabs


def test_recent_project_opens_from_the_welcome_page(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = save_project(Project(make_small_workshop()), tmp_path / "room.sweetspot")
    window.files.add_recent(path)
    assert [b.path for b in window.welcome.recent_buttons] == [path.resolve()]
    with qtbot.waitSignal(window.loadFinished, timeout=5000):
        window.welcome.recent_buttons[0].click()
    assert window.has_workshop
    assert window.doc.path is not None and window.doc.path.resolve() == path.resolve()
    assert sorted(window.doc.result.table["id"]) == ["A", "B", "C"]


# -- the built app finds its samples -------------------------------------------------------------
def test_samples_are_found_in_a_pyinstaller_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = tmp_path / "sample_data"
    bundled.mkdir()
    (bundled / "pharma_hcp.xlsx").write_bytes(b"")
    (bundled / "retail_bank.xlsx").write_bytes(b"")
    (bundled / "retail_bank.ods").write_bytes(b"")  # the same sample in another format
    (bundled / "notes.md").write_text("not a sample", encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert welcome.sample_folders()[0] == bundled
    assert welcome.find_samples() == [bundled / "retail_bank.xlsx", bundled / "pharma_hcp.xlsx"]


def test_about_box_names_the_app_and_the_pyproject_version(qtbot: QtBot) -> None:
    import tomllib

    import sweetspot

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    about = dialogs.AboutDialog(None)
    qtbot.addWidget(about)
    assert sweetspot.__version__ == version
    assert about.version_label.text() == f"Version {version}"
    assert about.windowTitle() == "About SweetSpot"
