"""One way to run slow work off the UI thread: a job in a QThread, with progress and Cancel.

A job is a plain function `job(progress, cancelled) -> result`: it reports
`progress(fraction, message)` and checks `cancelled()` between steps. The import flow and the
robustness check both run through `JobRunner`, so there is one threading mechanism to get right.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from sweetspot.ui import dialogs

log = logging.getLogger(__name__)

ProgressFn = Callable[[float, str], None]
CancelledFn = Callable[[], bool]
# A job run in the worker thread: gets progress and cancelled callbacks, returns its result.
Job = Callable[[ProgressFn, CancelledFn], object]


class JobFailed(Exception):
    """The import could not run at all (the message is a plain sentence)."""


# -- worker ---------------------------------------------------------------------------------------
class JobWorker(QObject):
    """Runs one job (inspect or load) in a worker thread; every outcome is a signal."""

    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop at its next check (thread-safe)."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        try:
            result = self._job(self._report, self.is_cancelled)
        except Exception as exc:
            if self._cancel.is_set() or type(exc).__name__ == "ImportCancelled":
                self.cancelled.emit()
                return
            log.exception("Import failed")
            self.failed.emit(_plain_failure(exc))
            return
        if self._cancel.is_set():
            self.cancelled.emit()
        else:
            self.finished.emit(result)

    def _report(self, fraction: float, message: str) -> None:
        self.progress.emit(float(fraction), str(message))


def _plain_failure(exc: BaseException) -> str:
    if isinstance(exc, JobFailed):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "The file is too large to read on this computer."
    if isinstance(exc, FileNotFoundError):
        return f"The file was not found: {exc.filename or exc}."
    if isinstance(exc, PermissionError):
        return f"SweetSpot is not allowed to read {exc.filename or 'the file'}."
    return f"The file could not be read ({type(exc).__name__}: {exc})."


class JobRunner(QObject):
    """Runs a job in a QThread with a progress dialog (shown after a short delay) and Cancel."""

    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        job: Job,
        parent_widget: QWidget | None,
        title: str,
        *,
        show_progress: bool = True,
    ) -> None:
        super().__init__(parent_widget)
        self.worker = JobWorker(job)
        self.worker_thread = QThread()
        self.worker_thread.setObjectName("sweetspot-import")
        self.worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.worker.run)
        # Queued to this (UI-thread) object whatever thread emits.
        self.worker.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self.worker.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.worker.cancelled.connect(self._cancelled, Qt.ConnectionType.QueuedConnection)
        self.worker.progress.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        self.progress_dialog: QProgressDialog | None = None
        if show_progress:
            dlg = QProgressDialog(title, "Cancel", 0, 1000, parent_widget)
            dlg.setWindowTitle(f"{title} — {dialogs.APP_NAME}")
            dlg.setWindowModality(Qt.WindowModality.WindowModal)
            # Quick imports should not flash a dialog.
            dlg.setMinimumDuration(400)
            dlg.setAutoClose(False)
            dlg.setAutoReset(False)
            dlg.setValue(0)
            dlg.canceled.connect(self.cancel)
            self.progress_dialog = dlg
        self.last_message = ""
        self.done = False

    def start(self) -> None:
        self.worker_thread.start()

    def cancel(self) -> None:
        self.worker.cancel()
        if self.progress_dialog is not None:
            self.progress_dialog.setLabelText("Cancelling…")

    def _progress(self, fraction: float, message: str) -> None:
        self.last_message = message
        if self.progress_dialog is not None and not self.worker.is_cancelled():
            self.progress_dialog.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
            if message:
                self.progress_dialog.setLabelText(message)

    def _stop(self) -> None:
        self.done = True
        self.worker_thread.quit()
        self.worker_thread.wait(5000)
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect(self.cancel)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _finished(self, result: object) -> None:
        self._stop()
        self.finished.emit(result)

    def _failed(self, message: str) -> None:
        self._stop()
        self.failed.emit(message)

    def _cancelled(self) -> None:
        self._stop()
        self.cancelled.emit()
