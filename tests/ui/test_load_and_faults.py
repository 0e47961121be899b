"""The app under load and faults.

- A 100,000-row survey export is imported by the real ImportFlow off the UI thread: the event
  loop keeps turning (a timer keeps firing, a widget keeps repainting) and Cancel works.
- A failing export (read-only folder, file open elsewhere, target is a folder, disk full) says
  so in one sentence, keeps the project intact and leaves the old file untouched.
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sweetspot.core import atomic
from sweetspot.core.model import Workshop
from sweetspot.core.scoring import ScoringSettings
from sweetspot.ui import dialogs, file_controller
from sweetspot.ui.import_flow import ImportFlow
from sweetspot.ui.main_window import MainWindow
from tests.conftest import make_small_workshop

pytestmark = pytest.mark.gui

ROWS = 100_000


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of CSVs as a survey tool exports them: 100,000 insights."""
    folder = tmp_path_factory.mktemp("survey")
    lines = ["ID,Need,Importance,Satisfaction,Segment,Verbatim"]
    segments = ("Retail", "SME", "Private", "Students")
    lines += [
        f"R{k},Need number {k % 997},{1 + k % 5},{1 + (k * 7) % 5},{segments[k % 4]},"
        f'"Said on day {k % 365}, channel {k % 3}"'
        for k in range(ROWS)
    ]
    (folder / "insights.csv").write_text("\n".join(lines), encoding="utf-8")
    (folder / "objectives.csv").write_text(
        "ID,Objective,Weight\nO1,Cut cost,2\nO2,Grow digital,1\n", encoding="utf-8"
    )
    (folder / "initiatives.csv").write_text(
        "ID,Initiative,Effort\nA,Booking,2\nB,Biometric login,3\n", encoding="utf-8"
    )
    links = ["Initiative,Target,Strength", "A,O1,3", "B,O2,9"]
    links += [f"{'A' if k % 2 else 'B'},R{k},{(1, 3, 9)[k % 3]}" for k in range(0, ROWS, 50)]
    (folder / "links.csv").write_text("\n".join(links), encoding="utf-8")
    return folder


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


class Heartbeat:
    """Counts timer ticks on the UI thread while work runs elsewhere."""

    def __init__(self) -> None:
        self.ticks = 0
        self.longest_ms = 0
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        if self._clock.isValid():
            self.longest_ms = max(self.longest_ms, self._clock.restart())
        else:
            self._clock.start()
        self.ticks += 1

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()


def test_a_100k_row_import_runs_off_the_ui_thread_and_the_window_stays_live(
    qtbot: QtBot, settings: QSettings, survey: Path
) -> None:
    threads: set[int] = set()
    from sweetspot.core.importing import load_workshop

    def loader(paths: list[Path], **kwargs: Any) -> Workshop:
        threads.add(threading.get_ident())
        return load_workshop(paths, **kwargs)

    flow = ImportFlow(None, [survey], settings, loader=loader, show_progress=False)
    beat = Heartbeat()
    beat.start()
    flow.start()
    with qtbot.waitSignal(flow.finished, timeout=120_000) as got:
        pass
    beat.stop()
    workshop, paths = got.args
    assert paths == [survey]
    assert len(workshop.insights) == ROWS
    assert workshop.insights["id"].iloc[-1] == f"R{ROWS - 1}"
    assert len(workshop.links) == 2 + ROWS // 50
    # The import ran on a worker thread, and the UI thread went on handling its timer.
    assert threads and threading.get_ident() not in threads
    assert beat.ticks >= 20, beat.ticks


def test_a_100k_row_import_can_be_cancelled_while_it_runs(
    qtbot: QtBot, settings: QSettings, survey: Path
) -> None:
    from sweetspot.core.importing import load_workshop

    stages: list[str] = []
    cancelled_checks: list[bool] = []

    def loader(paths: list[Path], **kwargs: Any) -> Workshop:
        asked, report = kwargs["cancelled"], kwargs["progress"]

        def checking() -> bool:
            answer = bool(asked())
            cancelled_checks.append(answer)
            return answer

        def progress(fraction: float, message: str) -> None:
            stages.append(message)
            report(fraction, message)

        kwargs["cancelled"] = checking
        kwargs["progress"] = progress
        return load_workshop(paths, **kwargs)

    flow = ImportFlow(None, [survey], settings, loader=loader, show_progress=False)
    beat = Heartbeat()
    beat.start()
    flow.start()
    # Cancel as soon as the load itself is under way (the first progress of the load job).
    qtbot.waitUntil(lambda: bool(stages), timeout=60_000)
    flow.cancel()
    with qtbot.waitSignals([flow.cancelled], timeout=60_000, raising=False):
        pass
    qtbot.waitUntil(lambda: bool(flow.outcome), timeout=60_000)
    beat.stop()
    assert flow.outcome == "cancelled" and flow.workshop is None
    # The loader saw the request and stopped at a check (it did not run to the end unasked).
    assert True in cancelled_checks
    assert beat.ticks >= 1


# -- failing exports -----------------------------------------------------------------------------


@pytest.fixture
def window(
    qtbot: QtBot, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, m: errors.append(m))
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda *_a: "discard")
    monkeypatch.setattr(dialogs, "ask_restore_recovery", lambda *_a: "later")
    w = MainWindow(settings, recovery_folder=tmp_path / "recovery", show_progress=False)
    qtbot.addWidget(w)
    w.errors = errors  # type: ignore[attr-defined]
    w.adopt_workshop(make_small_workshop(), ScoringSettings(alpha=0.7))
    yield w
    w.doc.undo_stack.setClean()
    w.close()


def export_to(window: MainWindow, monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    monkeypatch.setattr(dialogs, "choose_save_path", lambda *_a: path)
    before = len(window.errors)  # type: ignore[attr-defined]
    window.files.export_backlog()
    QApplication.processEvents()
    return window.errors[before:]  # type: ignore[attr-defined]


def state(window: MainWindow) -> tuple[object, ...]:
    doc = window.doc
    return (
        doc.workshop.insights.to_json(),
        doc.workshop.links.to_json(),
        doc.settings.alpha,
        doc.result.table[["id", "score", "rank"]].to_json(),
        doc.undo_stack.count(),
        doc.undo_stack.isClean(),
    )


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_export_works_then_every_failure_is_said_and_changes_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "backlog.xlsx"
    assert export_to(window, monkeypatch, target) == []
    old = target.read_bytes()
    assert old.startswith(b"PK")
    before = state(window)

    # Disk full while the workbook is flushed to disk.
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(atomic.os, "fsync", full)
        errors = export_to(window, m, target)
    assert errors == ["backlog.xlsx could not be written (No space left on device)."]
    assert target.read_bytes() == old and no_temp_files(out)
    assert state(window) == before

    # A read-only folder (simulated: the tests may run as root, which ignores permissions).
    def denied(*_a: object, **_k: object) -> object:
        raise PermissionError(errno.EACCES, "Permission denied")

    with monkeypatch.context() as m:
        m.setattr(atomic.tempfile, "mkstemp", denied)
        m.setattr(file_controller.os, "access", lambda *_a, **_k: False)
        errors = export_to(window, m, target)
    assert errors == [f"SweetSpot is not allowed to write in {out}. Choose another folder."]
    assert target.read_bytes() == old and no_temp_files(out)
    assert state(window) == before

    # The file is open in Excel (Windows refuses to replace it).
    with monkeypatch.context() as m:
        m.setattr(atomic.os, "replace", denied)
        errors = export_to(window, m, target)
    assert len(errors) == 1 and "If it is open in Excel, close it there" in errors[0]
    assert target.read_bytes() == old and no_temp_files(out)
    assert state(window) == before

    # The chosen name is a folder.
    folder = out / "taken.xlsx"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    errors = export_to(window, monkeypatch, folder)
    assert errors == ["taken.xlsx is a folder; choose a file name."]
    assert (folder / "keep.txt").read_text() == "mine" and no_temp_files(out)
    assert state(window) == before

    # And after all that, exporting still works.
    assert export_to(window, monkeypatch, target) == []
    assert state(window) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_export_into_a_really_read_only_folder(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "locked"
    out.mkdir()
    out.chmod(0o555)
    try:
        errors = export_to(window, monkeypatch, out / "backlog.xlsx")
    finally:
        out.chmod(0o755)
    assert errors == [f"SweetSpot is not allowed to write in {out}. Choose another folder."]
    assert list(out.iterdir()) == []


def test_a_failing_project_save_keeps_the_old_file_and_the_work(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "workshop.sweetspot"
    assert window.files.save_to(path, check_disk=False)
    old = path.read_bytes()
    before = state(window)

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(atomic.os, "fsync", full)
        assert window.files.save_to(path, check_disk=False) is False
    assert window.errors[-1] == (  # type: ignore[attr-defined]
        "workshop.sweetspot could not be saved (No space left on device). "
        "Your work is still open; try Save As in another folder."
    )
    assert path.read_bytes() == old and no_temp_files(tmp_path)
    assert state(window) == before
