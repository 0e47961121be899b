"""Import a spreadsheet without freezing the window: worker thread, progress, mapping, report.

The flow, as a consultant sees it:
1. the file is inspected off the UI thread (a progress dialog with Cancel appears if it is slow);
2. when a sheet or a column is not recognised, a mapping dialog lets them assign it (the answer
   is remembered for the next import of a file with the same name and headers);
3. the workbook is read off the UI thread;
4. if the import found warnings or errors, the import report lists each one (severity,
   `Sheet!Cell`, sentence) with "Import valid rows" and "Cancel".

Every dialog is opened non-modally (`open()`), so tests drive the flow with real widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import (
    QWidget,
)

from sweetspot.core.model import (
    Workshop,
)
from sweetspot.core.project import Project
from sweetspot.ui import dialogs
from sweetspot.ui.dialogs.import_mapping import (
    MappingDialog,
    make_import_mapping,
    mapping_signature,
    needs_mapping,
    remember_mapping,
    remembered_mapping,
    sheet_choices,
)
from sweetspot.ui.dialogs.import_report import ImportReportDialog, reportable
from sweetspot.ui.jobs import CancelledFn, Job, JobRunner, ProgressFn

# -- the whole flow -------------------------------------------------------------------------------
# A loader returns a Project (the default: tables and Votes sheets in one read) or just a
# Workshop (tests, scripts).
Loader = Callable[..., Project | Workshop]
Inspector = Callable[[Sequence[Path]], Sequence[Any]]


def _default_loader(inputs: Sequence[Path], **kwargs: Any) -> Project:
    from sweetspot.core.inputs import read_spreadsheets

    return read_spreadsheets(list(inputs), **kwargs)


def as_project(loaded: object) -> Project | None:
    """What a loader returned, as a project (None: it returned neither)."""
    if isinstance(loaded, Project):
        return loaded
    return Project(loaded) if isinstance(loaded, Workshop) else None


def _default_inspector(inputs: Sequence[Path]) -> Sequence[Any]:
    from sweetspot.core.importing import inspect_inputs

    return inspect_inputs(list(inputs))


class ImportFlow(QObject):
    """One import from files to a Workshop the user accepted (or a cancel / failure)."""

    # The accepted workshop and the paths it came from.
    finished = Signal(object, list)
    cancelled = Signal()
    failed = Signal(str)
    # The current step, for the status bar.
    message = Signal(str)

    def __init__(
        self,
        parent_widget: QWidget | None,
        paths: Sequence[Path],
        settings: QSettings,
        *,
        loader: Loader | None = None,
        inspector: Inspector | None = None,
        show_progress: bool = True,
    ) -> None:
        super().__init__(parent_widget)
        self.parent_widget = parent_widget
        self.paths = [Path(p) for p in paths]
        self.settings = settings
        self.loader = loader or _default_loader
        self.inspector = inspector or _default_inspector
        self.show_progress = show_progress
        self.runner: JobRunner | None = None
        self.mapping_dialog: MappingDialog | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.mapping: dict[str, Any] | None = None
        self.workshop: Workshop | None = None
        # What the import read beyond the tables (a workbook's Votes sheet).
        self.project: Project | None = None
        self.outcome = ""  # "finished", "cancelled" or "failed" once over

    @property
    def source_label(self) -> str:
        return dialogs.describe_paths(self.paths)

    def start(self) -> None:
        self.message.emit(f"Reading {self.source_label}…")
        paths = list(self.paths)
        if self.loader is _default_loader and self.inspector is _default_inspector:
            self._run(self._read_once(paths), "Reading the spreadsheet", self._read)
            return

        def inspect(progress: ProgressFn, cancelled: CancelledFn) -> object:
            progress(0.02, f"Looking at {self.source_label}…")
            return list(self.inspector(paths))

        self._run(inspect, "Reading the spreadsheet", self._inspected)

    def cancel(self) -> None:
        """Cancel whatever step is running (also closes an open dialog)."""
        if self.runner is not None and not self.runner.done:
            self.runner.cancel()
            return
        for dlg in (self.mapping_dialog, self.report_dialog):
            if dlg is not None and dlg.isVisible():
                dlg.reject()
                return

    def _run(self, job: Job, title: str, then: Callable[[object], None]) -> None:
        runner = JobRunner(job, self.parent_widget, title, show_progress=self.show_progress)
        self.runner = runner
        runner.finished.connect(then)
        runner.failed.connect(self._failed)
        runner.cancelled.connect(self._cancelled)
        runner.start()

    @staticmethod
    def _read_once(paths: list[Path]) -> Job:
        """One read that also says what inspect_inputs would: most files need no column
        matching, and reading a workbook twice (a look, then the import) doubled the wait."""

        def read(progress: ProgressFn, cancelled: CancelledFn) -> object:
            from sweetspot.core.importing import SheetGuess
            from sweetspot.core.inputs import read_spreadsheets

            guesses: list[SheetGuess] = []
            project = read_spreadsheets(
                paths, progress=progress, cancelled=cancelled, guesses=guesses
            )
            return project, guesses

        return read

    def _read(self, result: object) -> None:
        assert isinstance(result, tuple)
        project, guesses = result
        if needs_mapping(sheet_choices(guesses)):
            self._inspected(guesses)  # read again with the matching chosen (or remembered)
            return
        self._loaded(project)

    def _inspected(self, guesses: object) -> None:
        choices = sheet_choices(guesses if isinstance(guesses, list) else [])
        if not needs_mapping(choices):
            self._load(None)
            return
        signature = mapping_signature(self.paths, choices)
        known = remembered_mapping(self.settings, signature)
        if known is not None:
            self.message.emit("Using the column matching you chose last time.")
            self._load(known)
            return
        dlg = MappingDialog(self.parent_widget, choices, self.source_label)
        self.mapping_dialog = dlg

        def accepted() -> None:
            mapping = dlg.mapping()
            remember_mapping(self.settings, signature, mapping)
            self._load(mapping)

        dlg.accepted.connect(accepted)
        dlg.rejected.connect(self._cancelled)
        dlg.open()

    def _load(self, mapping: dict[str, Any] | None) -> None:
        self.mapping = mapping
        paths = list(self.paths)
        loader = self.loader

        def load(progress: ProgressFn, cancelled: CancelledFn) -> object:
            core_mapping = make_import_mapping(mapping) if mapping is not None else None
            return loader(paths, mapping=core_mapping, progress=progress, cancelled=cancelled)

        self._run(load, f"Importing {self.source_label}", self._loaded)

    def _loaded(self, loaded: object) -> None:
        project = as_project(loaded)
        if project is None:
            self._failed("The importer returned no workshop.")
            return
        self.project = project
        self.workshop = workshop = project.workshop
        if not reportable(workshop.problems):
            self._finish()
            return
        dlg = ImportReportDialog(self.parent_widget, workshop, self.source_label)
        self.report_dialog = dlg
        dlg.accepted.connect(self._finish)
        dlg.rejected.connect(self._cancelled)
        dlg.open()

    def _finish(self) -> None:
        assert self.workshop is not None
        self.outcome = "finished"
        self.finished.emit(self.workshop, list(self.paths))

    def _failed(self, message: str) -> None:
        self.outcome = "failed"
        self.failed.emit(message)

    def _cancelled(self, *_args: object) -> None:
        if self.outcome:
            return
        self.outcome = "cancelled"
        self.message.emit("Import cancelled.")
        self.cancelled.emit()


def load_now(paths: Sequence[Path], loader: Loader | None = None) -> Project:
    """Read a workbook on the calling thread (command line, screenshots): no dialogs."""
    project = as_project((loader or _default_loader)([Path(p) for p in paths]))
    if project is None:
        raise TypeError("The importer returned no workshop.")
    return project


def wait_for(flow: ImportFlow, timeout_ms: int = 30000) -> str:
    """Spin the event loop until the flow is over (for scripts, not for the UI)."""
    from PySide6.QtCore import QEventLoop

    if flow.outcome:
        return flow.outcome
    loop = QEventLoop()
    flow.finished.connect(loop.quit)
    flow.cancelled.connect(loop.quit)
    flow.failed.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    return flow.outcome
