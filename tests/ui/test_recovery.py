"""Autosave and crash recovery: the copy is written after the interval, removed on a clean exit
or save, and offered back after a crash (a real one: a process that dies without cleaning up)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from sweetspot.core.edits import SetPlacement
from sweetspot.core.project import load_project
from sweetspot.core.scoring import Override
from sweetspot.ui import dialogs
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.main_window import MainWindow
from sweetspot.ui.recovery import RecoveryManager
from tests.conftest import make_small_workshop

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def doc() -> Iterator[WorkshopDocument]:
    d = WorkshopDocument(make_small_workshop())
    yield d
    d.undo_stack.clear()  # a stack destroyed with edits would signal a deleted document


def place(doc: WorkshopDocument, ident: str = "C") -> None:
    doc.edit(SetPlacement(ident, Override(90.0, 80.0, "room")))


def test_recovery_copy_is_written_after_the_interval_when_modified(
    qtbot: QtBot, doc: WorkshopDocument, tmp_path: Path
) -> None:
    manager = RecoveryManager(doc, tmp_path, interval_ms=50)
    manager.start()
    qtbot.wait(150)
    assert not manager.path.exists()  # nothing unsaved: nothing written
    place(doc)
    with qtbot.waitSignal(manager.saved, timeout=2000):
        pass
    copy = load_project(manager.path)
    assert copy.settings.overrides["C"] == Override(90.0, 80.0, "room")
    assert manager.path.with_suffix(".lock").exists()
    # No new edit: no rewrite on the next ticks.
    mtime = manager.path.stat().st_mtime_ns
    qtbot.wait(200)
    assert manager.path.stat().st_mtime_ns == mtime
    manager.stop()
    assert list(tmp_path.iterdir()) == []


def test_copy_disappears_when_the_work_is_saved_or_undone(
    doc: WorkshopDocument, tmp_path: Path
) -> None:
    manager = RecoveryManager(doc, tmp_path, interval_ms=60_000)
    manager.start()
    place(doc)
    assert manager.autosave() == manager.path
    doc.undo_stack.undo()  # back to the saved state: the copy is not needed
    assert not manager.path.exists()
    place(doc)
    manager.autosave()
    doc.undo_stack.setClean()  # what the window does after a save
    assert not manager.path.exists()
    manager.stop()


def test_a_running_sessions_copy_is_not_offered(doc: WorkshopDocument, tmp_path: Path) -> None:
    running = RecoveryManager(doc, tmp_path)
    running.start()
    place(doc)
    running.autosave()
    other = RecoveryManager(WorkshopDocument(make_small_workshop()), tmp_path)
    assert other.orphans() == []
    running.stop()


CRASH = """
import os, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
sys.path.insert(0, {root!r})
from tests.conftest import make_small_workshop
from sweetspot.core.scoring import Override
from sweetspot.core.edits import SetPlacement
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.recovery import RecoveryManager
app = QApplication([])
doc = WorkshopDocument(make_small_workshop())
doc.set_path(Path({original!r}))
manager = RecoveryManager(doc, Path({folder!r}))
manager.start()
doc.edit(SetPlacement("B", Override(99.0, 98.0, "agreed before the crash")))
manager.autosave()
os._exit(3)  # the laptop dies: no clean-up at all
"""


def test_a_crash_leaves_a_copy_that_the_next_start_offers_back(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "recovery"
    original = tmp_path / "bank.sweetspot"
    script = CRASH.format(root=str(ROOT), folder=str(folder), original=str(original))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, timeout=120)
    assert done.returncode == 3, done.stderr
    assert len(list(folder.glob("*.sweetspot"))) == 1

    asked: list[str] = []

    def restore(_parent: object, description: str) -> str:
        asked.append(description)
        return "restore"

    monkeypatch.setattr(dialogs, "ask_restore_recovery", restore)
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda *_a: "discard")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, recovery_folder=folder, show_progress=False)
    qtbot.addWidget(window)
    assert window.files.offer_recovery()

    assert asked and "bank" in asked[0]
    assert window.doc.settings.overrides["B"].reason == "agreed before the crash"
    assert window.doc.result.ranks()["B"] == 1
    assert window.doc.is_modified and window.isWindowModified()
    assert window.doc.path == original
    # The crashed session's copy is gone; ours holds the restored work until it is saved.
    copies = list(folder.glob("*.sweetspot"))
    assert copies == [window.recovery.path]
    window.close()
    assert list(folder.glob("*.sweetspot")) == []


def test_discarding_the_offer_removes_the_copy(
    qtbot: QtBot, doc: WorkshopDocument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crashed = RecoveryManager(doc, tmp_path)
    crashed.start()
    place(doc)
    crashed.autosave()
    # Simulate the crash: the lock goes away with its process, the copy stays.
    assert crashed._lock is not None
    crashed._lock.unlock()
    crashed.timer.stop()

    monkeypatch.setattr(dialogs, "ask_restore_recovery", lambda *_a: "discard")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, recovery_folder=tmp_path, show_progress=False)
    qtbot.addWidget(window)
    assert not window.files.offer_recovery()
    assert not crashed.path.exists()
    assert not window.has_workshop
    window.close()


def test_locks_left_by_crashed_sessions_without_changes_are_tidied(tmp_path: Path) -> None:
    script = (
        "import os\nfrom PySide6.QtCore import QLockFile\n"
        f"lock = QLockFile({str(tmp_path / 'session-1-dead.lock')!r})\n"
        "assert lock.tryLock(0)\nos._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    assert (tmp_path / "session-1-dead.lock").exists()
    manager = RecoveryManager(WorkshopDocument(make_small_workshop()), tmp_path)
    manager.start()
    assert [p.name for p in tmp_path.iterdir()] == [manager.path.with_suffix(".lock").name]
    manager.stop()
    assert list(tmp_path.iterdir()) == []
