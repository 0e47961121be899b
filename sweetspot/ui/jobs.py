"""One way to run slow work off the UI thread: a job in a QThread, with progress and Cancel.

A job is a plain function `job(progress, cancelled) -> result`: it reports
`progress(fraction, message)` and checks `cancelled()` between steps. The import flow and the
robustness check both run through `JobRunner`, so there is one threading mechanism to get right.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from sweetspot.ui import brand

log = logging.getLogger(__name__)

ProgressFn = Callable[[float, str], None]
CancelledFn = Callable[[], bool]
# A job run in the worker thread: gets progress and cancelled callbacks, returns its result.
Job = Callable[[ProgressFn, CancelledFn], object]


class JobFailed(Exception):
    """The job could not run at all (the message is a plain sentence for the user)."""


# -- worker ---------------------------------------------------------------------------------------
class JobWorker(QObject):
    """Runs one job in a worker thread; every outcome is a signal."""

    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, job: Job, describe_failure: Callable[[BaseException], str]) -> None:
        super().__init__()
        self._job = job
        self._describe_failure = describe_failure
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
            # ImportCancelled, RobustnessCancelled: the job stopped because it was asked to.
            if self._cancel.is_set() or type(exc).__name__.endswith("Cancelled"):
                self.cancelled.emit()
                return
            log.exception("Job failed")
            self.failed.emit(self._describe_failure(exc))
            return
        if self._cancel.is_set():
            self.cancelled.emit()
        else:
            self.finished.emit(result)

    def _report(self, fraction: float, message: str) -> None:
        self.progress.emit(float(fraction), str(message))


def file_failure(exc: BaseException) -> str:
    """A failed read in a plain sentence (the default: most jobs read files)."""
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
    """Runs a job in a QThread with a progress dialog (shown after a short delay) and Cancel.

    Without the dialog (`show_progress=False`) a view shows `progress` itself. A running runner
    keeps itself alive (`_ACTIVE`), so a view closed mid-run cannot free a thread that runs.
    """

    progress = Signal(float, str)
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
        describe_failure: Callable[[BaseException], str] = file_failure,
        thread_name: str = "sweetspot-job",
    ) -> None:
        super().__init__()
        self.worker = JobWorker(job, describe_failure)
        self.worker_thread = QThread()
        self.worker_thread.setObjectName(thread_name)
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
            dlg.setWindowTitle(f"{title} — {brand.APP_NAME}")
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
        _ACTIVE.add(self)
        self.worker_thread.start()

    def wait(self, timeout_ms: int = 5000) -> bool:
        """Block until the job's thread has ended (after `cancel()`, before closing)."""
        return bool(self.worker_thread.wait(timeout_ms))

    def cancel(self) -> None:
        self.worker.cancel()
        if self.progress_dialog is not None:
            self.progress_dialog.setLabelText("Cancelling…")

    def _progress(self, fraction: float, message: str) -> None:
        self.last_message = message
        self.progress.emit(fraction, message)
        dlg = self.progress_dialog
        if dlg is not None and not self.worker.is_cancelled():
            # setValue on a modal dialog processes events: the job may finish inside it and
            # take the dialog away (`_stop`), so look again before writing its label.
            dlg.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
            if message and self.progress_dialog is dlg:
                dlg.setLabelText(message)

    def _stop(self) -> None:
        self.done = True
        self.worker_thread.quit()
        self.worker_thread.wait(5000)
        _ACTIVE.discard(self)
        dlg, self.progress_dialog = self.progress_dialog, None
        if dlg is not None and shiboken6.isValid(dlg):  # its parent window may be gone
            dlg.canceled.disconnect(self.cancel)
            dlg.close()
            dlg.deleteLater()

    def _finished(self, result: object) -> None:
        self._stop()
        self.finished.emit(result)

    def _failed(self, message: str) -> None:
        self._stop()
        self.failed.emit(message)

    def _cancelled(self) -> None:
        self._stop()
        self.cancelled.emit()


# Runners whose thread is running, kept alive here until it ends.
_ACTIVE: set[JobRunner] = set()
