"""Autosave and crash recovery: a workshop day is never lost to a crash or a flat battery.

While the workshop has unsaved changes, a recovery copy (an ordinary project file) is written
every minute to `<AppDataLocation>/recovery/<session>.sweetspot`, with a small `.json` note of
what it is a copy of. A QLockFile `<session>.lock` marks the session as running. On a clean exit
(or once the work is saved) the copy and the lock are removed, so a copy whose lock is gone or
stale (its process no longer runs) was left by a session that did not exit cleanly: the next
start offers it back.

Several windows or processes may run at once; each has its own session id, and a copy is only
offered when its session is dead.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer, Signal

from sweetspot.core.project import (
    PROJECT_SUFFIX,
    Project,
    ProjectError,
    load_project,
    save_project,
)
from sweetspot.ui.document import WorkshopDocument

log = logging.getLogger(__name__)

AUTOSAVE_INTERVAL_MS = 60_000


def default_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".sweetspot") / "recovery"


@dataclass
class RecoveryCopy:
    """A recovery copy left behind by a session that did not exit cleanly."""

    path: Path
    original: Path | None
    title: str
    saved_at: datetime | None

    @property
    def note_path(self) -> Path:
        return self.path.with_suffix(".json")

    @property
    def lock_path(self) -> Path:
        return self.path.with_suffix(".lock")

    def describe(self) -> str:
        when = self.saved_at.strftime("%d %b %Y at %H:%M") if self.saved_at else "recently"
        return f"“{self.title}”, saved {when}"

    def load(self) -> Project:
        return load_project(self.path)

    def discard(self) -> None:
        for p in (self.path, self.note_path, self.lock_path):
            with contextlib.suppress(OSError):
                p.unlink()


class RecoveryManager(QObject):
    """Writes this session's recovery copy and finds the copies of crashed sessions."""

    # A recovery copy was written (its path).
    saved = Signal(Path)

    def __init__(
        self,
        doc: WorkshopDocument,
        folder: Path | None = None,
        *,
        interval_ms: int = AUTOSAVE_INTERVAL_MS,
        snapshot: Callable[[], Project] | None = None,
        title: Callable[[], str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.folder = Path(folder) if folder is not None else default_folder()
        self.session = f"session-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.path = self.folder / f"{self.session}{PROJECT_SUFFIX}"
        self._snapshot = snapshot or self._default_snapshot
        self._title = title or (lambda: doc.path.name if doc.path else "Untitled workshop")
        self._lock: QLockFile | None = None
        # Set by any edit, undo or redo; cleared by an autosave.
        self._dirty = False
        doc.undo_stack.indexChanged.connect(self._mark_dirty)
        doc.undo_stack.cleanChanged.connect(self._clean_changed)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.autosave)

    # -- session ---------------------------------------------------------------------------------
    def start(self) -> None:
        """Mark this session as running and start the autosave timer."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            log.warning("Recovery folder %s cannot be created: %s", self.folder, exc)
            return
        self._tidy()
        lock = QLockFile(str(self.path.with_suffix(".lock")))
        lock.setStaleLockTime(0)
        if lock.tryLock(0):
            self._lock = lock
        self.timer.start()

    def _tidy(self) -> None:
        """Remove what dead sessions left without a recovery copy (locks, notes)."""
        for leftover in [*self.folder.glob("session-*.lock"), *self.folder.glob("session-*.json")]:
            if leftover.with_suffix(PROJECT_SUFFIX).exists():
                continue
            if leftover.suffix == ".lock":
                _session_dead(leftover)  # taking a dead session's lock and letting go removes it
            else:
                with contextlib.suppress(OSError):
                    leftover.unlink()

    def stop(self) -> None:
        """Clean exit: stop autosaving, remove this session's copy and lock."""
        self.timer.stop()
        self.discard_own()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    # -- autosave --------------------------------------------------------------------------------
    def _mark_dirty(self, *_args: object) -> None:
        self._dirty = True

    def _clean_changed(self, clean: bool) -> None:
        # Back at the saved state (saved, or undone to it): the file on disk has it all.
        if clean:
            self.discard_own()

    def autosave(self) -> Path | None:
        """Write the recovery copy now if there are changes it does not have yet."""
        if not self.doc.is_modified:
            return None
        if not self._dirty and self.path.exists():
            return None
        return self.write_now()

    def write_now(self) -> Path | None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            save_project(self._snapshot(), self.path)
            # The copy is a plain project: no need for a .bak of it.
            with contextlib.suppress(OSError):
                (self.folder / f"{self.path.name}.bak").unlink()
            note = {
                "original": str(self.doc.path) if self.doc.path else "",
                "title": self._title(),
                "saved_at": datetime.now().isoformat(timespec="seconds"),
                "pid": os.getpid(),
            }
            self.path.with_suffix(".json").write_text(json.dumps(note), encoding="utf-8")
        except (OSError, ProjectError) as exc:
            # Autosave must never interrupt the room; the next tick tries again.
            log.warning("Recovery copy not written: %s", exc)
            return None
        self._dirty = False
        self.saved.emit(self.path)
        return self.path

    def discard_own(self) -> None:
        for p in (self.path, self.path.with_suffix(".json"), self.folder / f"{self.path.name}.bak"):
            with contextlib.suppress(OSError):
                p.unlink()
        self._dirty = False

    def _default_snapshot(self) -> Project:
        d = self.doc
        return Project(
            workshop=d.workshop,
            settings=d.settings,
            lenses=dict(d.lenses),
            view_state=dict(d.view_state),
            waves=d.project.waves,
        )

    # -- after a crash ---------------------------------------------------------------------------
    def orphans(self) -> list[RecoveryCopy]:
        """Recovery copies of sessions that are no longer running, newest first."""
        if not self.folder.is_dir():
            return []
        found = []
        for copy_path in self.folder.glob(f"session-*{PROJECT_SUFFIX}"):
            if copy_path == self.path or not _session_dead(copy_path.with_suffix(".lock")):
                continue
            found.append(_describe(copy_path))
        found.sort(key=lambda c: c.saved_at or datetime.min, reverse=True)
        return found


def _session_dead(lock_path: Path) -> bool:
    """True when no running process holds the session's lock."""
    if not lock_path.exists():
        return True
    probe = QLockFile(str(lock_path))
    # 0: only a dead owner makes a lock stale, never its age (sessions run for days).
    probe.setStaleLockTime(0)
    if probe.tryLock(0):
        probe.unlock()
        return True
    return False


def _describe(path: Path) -> RecoveryCopy:
    original: Path | None = None
    title = "Untitled workshop"
    saved_at: datetime | None = None
    try:
        note = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        original = Path(note["original"]) if note.get("original") else None
        title = str(note.get("title") or title)
        saved_at = datetime.fromisoformat(note["saved_at"]) if note.get("saved_at") else None
    except (OSError, ValueError, KeyError, TypeError):
        with contextlib.suppress(OSError):
            saved_at = datetime.fromtimestamp(path.stat().st_mtime)
    return RecoveryCopy(path, original, title, saved_at)
