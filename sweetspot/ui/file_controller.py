"""The file side of the window: opening, importing (off the UI thread, see `import_flow`),
saving projects atomically, exports, recent files, crash recovery and dropped files.

Every reading and writing is a core call (`core.project`, `core.export`, `core.report`); this
controller only asks the questions (which file, save first?) and says what went wrong in plain
words.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from sweetspot.core.edits import ReplaceData
from sweetspot.core.model import Workshop
from sweetspot.core.project import (
    PROJECT_SUFFIX,
    FileStamp,
    Project,
    ProjectError,
    is_project_file,
    load_project,
    merge_reimport,
    save_project,
)
from sweetspot.core.scoring import ScoringSettings
from sweetspot.ui import dialogs
from sweetspot.ui.import_flow import ImportFlow, load_now
from sweetspot.ui.recovery import RecoveryCopy

if TYPE_CHECKING:
    from sweetspot.ui.main_window import MainWindow

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
OPENABLE_SUFFIXES = (*SPREADSHEET_SUFFIXES, PROJECT_SUFFIX)
MAX_RECENT = 10


class FileController(QObject):
    """Open, import, save, export, recent files and recovery for one main window."""

    # File ▸ Export slides… and File ▸ Export ▸ Backlog for Jira / Azure DevOps… (built by
    # window_actions with the window's other actions; they live here with what they do).
    act_import_wave: QAction
    act_import_survey: QAction
    act_export_slides: QAction
    act_export_jira: QAction
    act_export_azure: QAction

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        # The project file as it was when we opened or saved it (to notice other writers).
        self.stamp: FileStamp | None = None
        self._flow: ImportFlow | None = None

    def maybe_save(self) -> bool:
        """Ask before unsaved work is thrown away. True when it is fine to go on."""
        if not self.window.has_workshop or not self.window.doc.is_modified:
            return True
        answer = dialogs.ask_save_changes(self.window, self.window.display_name())
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new_workshop(self) -> None:
        if not self.maybe_save():
            return
        self.window.adopt_workshop(Workshop(), ScoringSettings())
        self.window.show_view("data")
        self.window.statusBar().showMessage(
            "New workshop: add insights, objectives and initiatives in the Data view, "
            "or import a spreadsheet.",
            8000,
        )

    def close_workshop(self) -> None:
        if not self.maybe_save():
            return
        self.window.presentation.leave()
        self.window.doc.replace_workshop(Workshop(), ScoringSettings(), None)
        self.window.source_paths = []
        self.stamp = None
        self.window.recovery.discard_own()
        self.window._show_workspace(False)
        self.refresh_recent()

    def open_dialog(self) -> None:
        path = dialogs.choose_open_path(self.window, self._last_folder())
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path | str) -> None:
        """Open a project, a workbook, a CSV file or a folder of CSVs as the workshop."""
        path = Path(path)
        if not path.exists():
            dialogs.show_error(
                self.window,
                "Open",
                f"{path.name} was not found. It may have been moved or renamed.",
            )
            self._forget_recent(path)
            return
        if not self.maybe_save():
            return
        if is_project_file(path):
            try:
                project = load_project(path)
            except ProjectError as exc:
                dialogs.show_error(self.window, "Open project", str(exc))
                self.window.loadFinished.emit("failed")
                return
            self.window.adopt_project(project)
            self.add_recent(path)
            self.window.statusBar().showMessage(f"Opened {path.name}", 5000)
            self.window.loadFinished.emit("finished")
            return
        self.start_import([path], update=False)

    def import_dialog(self) -> None:
        paths = dialogs.choose_import_paths(self.window, self._last_folder())
        if paths:
            self.import_paths(paths)

    def import_wave(self) -> None:
        """File ▸ Import survey wave…: a later survey joins the open workshop's waves (one
        undoable edit). A workbook with an Insight waves sheet brings its waves; otherwise its
        Insights table's figures become one wave under the name the user gives."""
        from sweetspot.core.edits import SetWaves, use_wave
        from sweetspot.core.inputs import InputError, open_inputs
        from sweetspot.core.waves import wave_from_insights, wave_order, with_waves

        w = self.window
        paths = dialogs.choose_import_paths(w, self._last_folder())
        if not paths:
            return
        try:
            read = open_inputs([paths[0]])
        except InputError as exc:
            dialogs.show_error(w, "Import survey wave", str(exc))
            return
        added = read.waves
        if not len(added):
            name = dialogs.ask_wave_name(w, paths[0].stem)
            if not name:
                return
            added = wave_from_insights(read.workshop, name)
        if not len(added):
            dialogs.show_error(
                w,
                "Import survey wave",
                f"{paths[0].name} has no insights with a satisfaction to add as a wave.",
            )
            return
        names = ", ".join(str(n) for n in dict.fromkeys(added["wave"].astype(str)))
        w.doc.edit(SetWaves(with_waves(w.doc.project.waves, added), f"Import survey wave {names}"))
        message = f"Survey wave {names} added from {paths[0].name}"
        # The scores follow the latest measurement (its own undo step: Undo keeps the wave
        # and goes back to the earlier figures; the Impact review's button picks another).
        latest = wave_order(w.doc.project.waves)[-1]
        if latest in set(added["wave"].astype(str)):
            use = use_wave(w.doc.project, latest)
            if use.edits:
                w.doc.edit(use)
                message += f"; the scores now use {latest} (Undo to keep the earlier figures)"
        w.statusBar().showMessage(message, 10000)
        w.show_view("review")

    def import_survey(self) -> None:
        """File ▸ Import survey responses…: analysed in a worker, reviewed, then merged into
        the open workshop as one undoable edit (re-import keeps IDs, need texts and links)."""
        from sweetspot.core.survey import SurveySettings
        from sweetspot.ui.jobs import JobRunner
        from sweetspot.ui.survey_import import remembered_roles, survey_job

        w = self.window
        paths = dialogs.choose_import_paths(w, self._last_folder())
        if not paths:
            return
        job = survey_job(paths[0], SurveySettings(), remembered_roles(w.app_settings))
        runner = JobRunner(job, w, "Analysing survey responses")
        runner.finished.connect(lambda result: self._survey_analysed(result, paths[0]))
        runner.failed.connect(lambda m: dialogs.show_error(w, "Import survey responses", m))
        runner.cancelled.connect(lambda: w.statusBar().showMessage("Survey import cancelled", 5000))
        runner.start()  # a running JobRunner keeps itself alive

    def _survey_analysed(self, result: Any, path: Path) -> None:
        from sweetspot.ui.survey_import import SurveyReviewDialog, remember_roles

        w = self.window
        errors = [str(p) for p in result.analysis.problems if p.severity == "error"]
        if errors:
            dialogs.show_error(w, "Import survey responses", "\n".join(errors[:8]))
            return
        dialog = SurveyReviewDialog(result, w, as_wave=len(w.doc.project.waves) > 0)
        if dialog.exec() != dialog.DialogCode.Accepted:
            return
        remember_roles(w.app_settings, dialog.job_result.layout, dialog.chosen_roles())
        self.apply_survey(dialog.review.insights(), path.name, dialog.chosen_wave())

    def apply_survey(self, table: Any, name: str, wave: str = "") -> None:
        """The survey's insights into the open workshop (or a new one), and with `wave` their
        figures kept as that survey wave too: one undo step."""
        from sweetspot.core.edits import Compound, Edit, SetWaves
        from sweetspot.core.survey_tables import merge_survey_insights
        from sweetspot.core.waves import wave_from_insights, with_waves

        w = self.window
        project = w.doc.project
        merged, updated, added = merge_survey_insights(project.workshop.insights, table)
        workshop = project.workshop.copy()
        workshop.insights = merged
        text = f"Import survey responses {name}"
        edits: list[Edit] = [ReplaceData(workshop, project.settings, text)]
        message = f"Survey {name}: {len(updated)} insights updated, {len(added)} added"
        if wave:
            rows = wave_from_insights(workshop, wave)
            rows = rows.loc[rows["id"].isin(set(updated) | set(added))].reset_index(drop=True)
            edits.append(SetWaves(with_waves(project.waves, rows), text))
            message += f", kept as survey wave {wave}"
        w.doc.edit(Compound(tuple(edits), text))
        w.statusBar().showMessage(message + " (Undo to take them back)", 10000)

    def import_paths(self, paths: Sequence[Path]) -> None:
        """Import into the open workshop (update, keeping the room's work) or as a new one."""
        paths = [Path(p) for p in paths]
        if self.window.has_workshop:
            self.start_import(paths, update=True)
        elif self.maybe_save():
            self.start_import(paths, update=False)

    def start_import(self, paths: Sequence[Path], *, update: bool) -> ImportFlow | None:
        if self._flow is not None and not self._flow.outcome:
            self.window.statusBar().showMessage("An import is already running.", 4000)
            return None
        flow = ImportFlow(
            self.window,
            list(paths),
            self.window.app_settings,
            loader=self.window.loader,
            inspector=self.window.inspector,
            show_progress=self.window.show_progress,
        )
        self._flow = flow
        flow.message.connect(lambda m: self.window.statusBar().showMessage(m, 5000))
        flow.finished.connect(
            lambda shown, ps: self._import_finished(flow.project or shown, ps, update=update)
        )
        flow.failed.connect(self._import_failed)
        flow.cancelled.connect(lambda: self.window.loadFinished.emit("cancelled"))
        flow.start()
        return flow

    @property
    def import_flow(self) -> ImportFlow | None:
        return self._flow

    def _import_finished(
        self, loaded: Workshop | Project, paths: list[Path], *, update: bool
    ) -> None:
        """An import is over: `loaded` is what it read (a project carries the votes of the
        workbooks' Votes sheets; a bare workshop, none)."""
        name = dialogs.describe_paths(paths)
        read = loaded if isinstance(loaded, Project) else None
        workshop = read.workshop if read is not None else loaded
        assert isinstance(workshop, Workshop)
        if update and self.window.has_workshop:
            # Keep what the room decided (links drawn here, weights, placements): one undo step.
            merged, settings, summary = merge_reimport(
                self.window.doc.workshop, self.window.doc.settings, workshop
            )
            self.window.doc.edit(ReplaceData(merged, settings, f"Update from {name}"))
            self.window.statusBar().showMessage(
                f"Updated from {name}: {summary.describe()}.", 10000
            )
        else:
            self.window.adopt_project(with_votes(workshop, read), sources=paths)
            self.window.statusBar().showMessage(imported_message(name, read), 8000)
        self.window._update_counts()
        if len(paths) == 1:
            self.add_recent(paths[0])
        self.window.loadFinished.emit("finished")

    def _import_failed(self, message: str) -> None:
        dialogs.show_error(self.window, "Import", message)
        self.window.loadFinished.emit("failed")

    def load_sync(self, path: Path) -> None:
        """Open a file on this thread with no dialogs (screenshots, scripts). Raises
        ProjectError for a bad project."""
        path = Path(path)
        if is_project_file(path):
            self.window.adopt_project(load_project(path))
        else:
            read = load_now([path], self.window.loader)
            self.window.adopt_project(with_votes(read.workshop, read), sources=[path])

    # ==== saving =================================================================================
    def save(self) -> bool:
        path = self.window.doc.path
        if path is None or not is_project_file(path):
            return self.save_as()
        return self.save_to(path, check_disk=True)

    def save_as(self) -> bool:
        suggested = str(self._last_folder_path() / f"{self.window.display_name()}{PROJECT_SUFFIX}")
        path = dialogs.choose_save_path(
            self.window, "Save project", suggested, dialogs.PROJECT_FILTER
        )
        if path is None:
            return False
        if path.suffix.lower() != PROJECT_SUFFIX:
            path = path.with_name(path.name + PROJECT_SUFFIX)
        return self.save_to(path, check_disk=path == self.window.doc.path)

    def save_to(self, path: Path, *, check_disk: bool = True) -> bool:
        """Write the project; asks first if someone else changed the file since we read it."""
        if check_disk and self.stamp is not None and path.exists() and not self.stamp.matches(path):
            answer = dialogs.ask_changed_on_disk(self.window, path.name)
            if answer == "cancel":
                return False
            if answer == "save_as":
                return self.save_as()
        try:
            save_project(self.window.snapshot(), path)
        except ProjectError as exc:
            dialogs.show_error(self.window, "Save", str(exc))
            return False
        self.stamp = FileStamp.of(path)
        self.window.doc.set_path(path)
        self.window.doc.undo_stack.setClean()
        self.window.recovery.discard_own()
        self.add_recent(path)
        self.window._update_title()
        self.window.statusBar().showMessage(f"Saved {path.name}", 5000)
        return True

    # ==== exports: one way to pick the file and one way to say what went wrong ---------------
    def _export_path(self, title: str, name: str, file_filter: str, suffix: str) -> Path | None:
        """The file the consultant picks (`suffix` added when left off); None when cancelled."""
        suggested = str(self._last_folder_path() / f"{self.window.display_name()} {name}{suffix}")
        path = dialogs.choose_save_path(self.window, title, suggested, file_filter)
        if path is not None and path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        return path

    def _export(
        self, title: str, path: Path, write: Callable[[], object], *, open_in: str | None = None
    ) -> bool:
        """Run `write`; a failure is said in plain words (the file is `path`) and gives False.
        `open_in` names the program that may hold the file open (Windows refuses to replace it)."""
        try:
            write()
        except IsADirectoryError:
            message = f"{path.name} is a folder; choose a file name."
        except PermissionError as exc:
            if not os.access(path.parent, os.W_OK):
                message = (
                    f"SweetSpot is not allowed to write in {path.parent}. Choose another folder."
                )
            elif open_in:
                message = (
                    f"{path.name} could not be written. If it is open in {open_in}, close it "
                    "there and try again."
                )
            else:
                message = f"{path.name} could not be written ({exc.strerror or exc})."
        except OSError as exc:
            message = f"{path.name} could not be written ({exc.strerror or exc})."
        else:
            return True
        dialogs.show_error(self.window, title, message)
        return False

    def _export_file(
        self,
        title: str,
        name: str,
        file_filter: str,
        write: Callable[[Path], object],
        *,
        done: str,
        open_in: str | None = None,
    ) -> None:
        """Ask for the file (its suffix from the filter), write it, say where it went."""
        if not self.window.has_workshop:
            return
        suffix = file_filter[file_filter.index("*") + 1 : file_filter.index(")")]
        path = self._export_path(title, name, file_filter, suffix)
        if path is not None and self._export(title, path, lambda: write(path), open_in=open_in):
            self.window.statusBar().showMessage(f"{done} written to {path}", 8000)

    def export_backlog(self) -> None:
        """File ▸ Export backlog: the same core call as `sweetspot rank -o backlog.xlsx`."""
        w = self.window

        def write(path: Path) -> None:
            from sweetspot.core.export import write_backlog
            from sweetspot.core.journey import plan_of

            # Scenarios and the latest robustness run go in when the views have them.
            doc = w.doc
            write_backlog(
                path,
                doc.workshop,
                doc.result,
                doc.report,
                votes=doc.votes,
                vote_weights=doc.vote_weights,
                lenses=w.scenarios.export_sheets().get("Scenarios"),
                robustness=w.robustness_view.export_sheets().get("Robustness"),
                what_if=w.act_what_if.isChecked(),
                journey=plan_of(doc.view_state),
                waves=doc.project.waves,
            )

        self._export_file(
            "Export backlog to Excel",
            "backlog",
            "Excel workbook (*.xlsx)",
            write,
            done="Backlog",
            open_in="Excel",
        )

    def _deliverable_inputs(self) -> dict[str, Any]:
        """What the report and the deck add to the scores: the saved lenses compared, the
        robustness view's last run (unless the workshop changed since), the journey plan and
        the survey waves."""
        from sweetspot.core.journey import plan_of
        from sweetspot.core.lenses import compare_lenses

        w = self.window
        view = w.robustness_view
        return {
            "lenses": compare_lenses(w.doc.project),
            "robustness": None if view.out_of_date else view.result,
            "journey": plan_of(w.doc.view_state),
            "waves": w.doc.project.waves,
        }

    def export_report(self) -> None:
        """File ▸ Export workshop report (PDF): the same core call as `sweetspot report`."""
        w = self.window

        def write(path: Path) -> None:
            from sweetspot.core.plot.report import write_report

            d = w.doc
            write_report(path, d.workshop, d.result, d.report, **self._deliverable_inputs())

        self._export_file(
            "Export workshop report",
            "report",
            "PDF (*.pdf)",
            write,
            done="Workshop report",
            open_in="a PDF viewer",
        )

    # ---- deliverables: the slide deck and the tracker backlogs (docs/deliverables.md) ---------
    def export_slides(self) -> None:
        """File ▸ Export slides…: the same core call as `sweetspot deck`."""
        w = self.window

        def write(path: Path) -> None:
            from sweetspot.core.deck import write_deck

            d = w.doc
            write_deck(
                path,
                d.workshop,
                d.result,
                d.report,
                title=w.display_name(),
                **self._deliverable_inputs(),
            )

        self._export_file(
            "Export slides",
            "workshop",
            "PowerPoint presentation (*.pptx)",
            _deliverable(write, "slide deck"),
            done="Slide deck",
            open_in="PowerPoint",
        )

    def export_tracker(self, tracker: str) -> None:
        """File ▸ Export ▸ Backlog for Jira / Azure DevOps…: the same core call as
        `sweetspot rank --issues jira|azure -o issues.csv`."""
        from sweetspot.core.tracker_csv import TRACKER_NAMES, write_tracker_csv

        w = self.window
        name = TRACKER_NAMES[tracker]

        def write(path: Path) -> None:
            write_tracker_csv(
                path,
                w.doc.workshop,
                w.doc.result,
                "jira" if tracker == "jira" else "azure",
                workshop_name=w.display_name(),
            )

        self._export_file(
            f"Export backlog for {name}",
            f"{tracker} issues",
            f"CSV for the {name} importer (*.csv)",
            _deliverable(write, f"{name} backlog"),
            done=f"{name} backlog",
            open_in="a spreadsheet program",
        )

    def export_matrix_image(self) -> None:
        self._export_file(
            "Export matrix image",
            "matrix",
            "PNG picture (*.png)",
            self.window.matrix.export_png,
            done="Matrix picture",
        )

    def save_template(self) -> None:
        suggested = str(self._last_folder_path() / "SweetSpot workshop template.xlsx")
        path = dialogs.choose_save_path(
            self.window, "Download template", suggested, "Excel workbook (*.xlsx)"
        )
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        try:
            from sweetspot.core.template import write_template

            write_template(path)
        except OSError as exc:
            dialogs.show_error(
                self.window,
                "Template",
                f"{path.name} could not be written ({exc.strerror or exc}).",
            )
            return
        self.window.statusBar().showMessage(
            f"Template written to {path}. Fill it in, then use Import spreadsheet.", 10000
        )

    # ==== recent files ===========================================================================
    def recent_files(self) -> list[Path]:
        raw = self.window.app_settings.value("recent/files", [])
        # INI settings return one stored item as a plain string, none as None.
        if isinstance(raw, str):
            raw = [raw] if raw else []
        if not isinstance(raw, list | tuple):
            return []
        return [Path(str(p)) for p in raw if p]

    def add_recent(self, path: Path) -> None:
        path = Path(path).resolve()
        files = [p for p in self.recent_files() if p != path]
        files.insert(0, path)
        self.window.app_settings.setValue("recent/files", [str(p) for p in files[:MAX_RECENT]])
        self.window.app_settings.setValue("recent/folder", str(path.parent))
        self.refresh_recent()

    def _forget_recent(self, path: Path) -> None:
        files = [p for p in self.recent_files() if p != Path(path).resolve() and p != Path(path)]
        self.window.app_settings.setValue("recent/files", [str(p) for p in files])
        self.refresh_recent()

    def clear_recent(self) -> None:
        self.window.app_settings.setValue("recent/files", [])
        self.refresh_recent()

    def refresh_recent(self) -> None:
        self.window.welcome.set_recent(self.recent_files())
        self.window.recent_menu.setEnabled(bool(self.recent_files()))

    def _fill_recent_menu(self) -> None:
        menu = self.window.recent_menu
        menu.clear()
        for i, path in enumerate(self.recent_files()):
            label = f"&{i + 1} {path.name}" if i < 9 else path.name
            act = menu.addAction(label)
            act.setToolTip(str(path))
            act.setEnabled(path.exists())
            act.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        menu.addSeparator()
        clear = menu.addAction("Clear recent files")
        clear.setToolTip("Forget the list of recent files")
        clear.triggered.connect(self.clear_recent)

    def _last_folder(self) -> str:
        return str(self._last_folder_path())

    def _last_folder_path(self) -> Path:
        if self.window.doc.path is not None:
            return self.window.doc.path.parent
        if self.window.source_paths:
            return self.window.source_paths[0].parent
        folder = self.window.app_settings.value("recent/folder", "")
        return Path(str(folder)) if folder and Path(str(folder)).is_dir() else Path.home()

    # ==== recovery ===============================================================================
    def offer_recovery(self) -> bool:
        """After a crash, offer the newest recovery copy back. True when one was restored."""
        copies = self.window.recovery.orphans()
        if not copies:
            return False
        newest = copies[0]
        answer = dialogs.ask_restore_recovery(self.window, newest.describe())
        if answer == "discard":
            newest.discard()
            return False
        if answer != "restore":
            return False
        return self.restore_recovery(newest)

    def restore_recovery(self, copy: RecoveryCopy) -> bool:
        try:
            project = copy.load()
        except ProjectError as exc:
            dialogs.show_error(
                self.window, "Recovery", f"The recovery copy could not be read. {exc}"
            )
            return False
        original = copy.original if copy.original and is_project_file(copy.original) else None
        project.path = original
        self.window.adopt_project(project)
        # The restored work is not in any saved file yet: mark it unsaved.
        self.window.doc.undo_stack.resetClean()
        self.window._update_title()
        if self.window.recovery.write_now() is not None:
            copy.discard()
        self.window.statusBar().showMessage(f"Restored {copy.title}. Save it to keep it.", 10000)
        return True

    @staticmethod
    def droppable(paths: Sequence[Path]) -> list[Path]:
        return [p for p in paths if p.is_dir() or p.suffix.lower() in OPENABLE_SUFFIXES]

    def open_dropped(self, paths: Sequence[Path]) -> None:
        """A project opens; spreadsheets import (updating an open workshop)."""
        projects = [p for p in paths if is_project_file(p)]
        if projects:
            self.open_path(projects[0])
        else:
            self.import_paths(paths)


def _deliverable(write: Callable[[Path], object], what: str) -> Callable[[Path], None]:
    """`write`, with a failure inside the core said as a sentence by `_export` (an OSError
    with the reason), never a traceback."""

    def guarded(path: Path) -> None:
        try:
            write(path)
        except OSError:
            raise
        except Exception as exc:  # a bug of ours, or data the builder cannot take
            raise OSError(f"the {what} could not be made: {type(exc).__name__}: {exc}") from exc

    return guarded


def with_votes(workshop: Workshop, read: Project | None) -> Project:
    """A fresh project of an imported workshop with the votes its Votes sheets held and the
    survey waves of its Insight waves sheets; problems in those join the workshop's (bad votes
    and wave cells were left out)."""
    project = Project(workshop, ScoringSettings())
    if read is not None:
        project.votes = read.votes
        project.waves = read.waves
        if read.vote_problems:
            workshop.problems = [*workshop.problems, *read.vote_problems]
    return project


def imported_message(name: str, read: Project | None) -> str:
    votes = 0 if read is None else len(read.votes)
    problems = 0 if read is None else len(read.vote_problems)
    if not votes and not problems:
        return f"Imported {name}"
    return f"Imported {name} with {votes} votes from the Votes sheet" + (
        f" ({problems} problems: see Import report)" if problems else ""
    )
