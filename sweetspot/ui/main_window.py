"""The main window: the views on one shared selection, the docks, the status bar.

Everything the window shows comes from one `WorkshopDocument`; every edit is a core edit value
put on the undo stack (`doc.edit(...)`), so Edit ▸ Undo names it and takes it back. The window
wires its parts together: actions and menus (`window_actions`), the file side (`FileController`:
open, import, save, export, recent files, recovery), presentation mode and the panels.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from sweetspot.core.edits import DeleteRows, SetPlacement
from sweetspot.core.model import Workshop
from sweetspot.core.project import FileStamp, Project
from sweetspot.core.scoring import Override, ScoringSettings
from sweetspot.ui import brand, dialogs, window_actions
from sweetspot.ui.dialogs.import_report import ImportReportDialog, reportable
from sweetspot.ui.dialogs.suggestions import SuggestionsUi
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.file_controller import FileController
from sweetspot.ui.import_flow import Inspector, Loader
from sweetspot.ui.presentation import STATE_VERSION, PresentationMode
from sweetspot.ui.recovery import AUTOSAVE_INTERVAL_MS, RecoveryManager

# Imported by name (not through importlib) so PyInstaller sees and bundles every view.
from sweetspot.ui.views.backlog_view import BacklogView
from sweetspot.ui.views.data_view import DataView
from sweetspot.ui.views.details_panel import DetailsPanel
from sweetspot.ui.views.graph_view import GraphView
from sweetspot.ui.views.journey_view import JourneyView
from sweetspot.ui.views.matrix_view import MatrixView
from sweetspot.ui.views.placements_panel import PlacementsPanel
from sweetspot.ui.views.review_view import ReviewView
from sweetspot.ui.views.robustness_view import RobustnessView
from sweetspot.ui.views.scenarios_view import ScenariosView
from sweetspot.ui.views.votes_view import VotesUi
from sweetspot.ui.views.weights_panel import WeightsPanel
from sweetspot.ui.views.welcome import WelcomePage
from sweetspot.ui.window_actions import VIEW_TIPS, VIEW_TITLES, VIEWS

__all__ = ["VIEWS", "MainWindow"]


class MainWindow(QMainWindow):
    """SweetSpot's window. One per open workshop."""

    # Emitted when an import or open finished (for scripts and tests): the outcome word.
    loadFinished = Signal(str)

    # Built by window_actions (kept here so views, scripts and tests reach them by name).
    act_new: QAction
    act_open: QAction
    act_import: QAction
    act_save: QAction
    act_save_as: QAction
    act_close: QAction
    act_export_backlog: QAction
    act_export_matrix: QAction
    act_export_report: QAction
    act_what_if: QAction
    act_template: QAction
    act_quit: QAction
    act_undo: QAction
    act_redo: QAction
    act_delete: QAction
    act_clear_placement: QAction
    act_ask_reason: QAction
    act_reset_view: QAction
    act_presentation: QAction
    act_leave_presentation: QAction
    act_scenarios: QAction
    act_robustness: QAction
    act_how: QAction
    act_about: QAction
    act_show_report: QAction
    view_group: QActionGroup
    view_actions: dict[str, QAction]
    recent_menu: QMenu
    file_menu: QMenu
    edit_menu: QMenu
    view_menu: QMenu
    help_menu: QMenu
    toolbar: QToolBar

    def __init__(
        self,
        settings: QSettings | None = None,
        *,
        recovery_folder: Path | None = None,
        autosave_ms: int = AUTOSAVE_INTERVAL_MS,
        autosave: bool = True,
        show_progress: bool = True,
        loader: Loader | None = None,
        inspector: Inspector | None = None,
    ) -> None:
        super().__init__()
        self.app_settings = settings if settings is not None else QSettings()
        self.doc = WorkshopDocument(parent=self)
        self.loader = loader
        self.inspector = inspector
        self.show_progress = show_progress
        self.has_workshop = False
        # The spreadsheet(s) the open workshop was imported from (for its name and re-import).
        self.source_paths: list[Path] = []
        self.files = FileController(self)
        self.presentation = PresentationMode(self)
        self._graph_stale = True
        self._help: dialogs.HowScoresDialog | None = None
        self._report_dialog: ImportReportDialog | None = None

        self.setWindowIcon(brand.app_icon())
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self._build_views()
        window_actions.build_actions(self)
        window_actions.build_menus(self)
        window_actions.build_toolbar(self)
        self._build_status_bar()
        self._connect()
        # "Suggest links…" in the Edit menu; the votes dock, its actions and matrix overlay.
        self.suggestions_ui = SuggestionsUi(self, self.doc, self.edit_menu)
        self.votes_ui = VotesUi(
            self, self.doc, self.matrix, (self.edit_menu, self.view_menu), self.loadFinished
        )

        self.recovery = RecoveryManager(
            self.doc,
            recovery_folder,
            interval_ms=autosave_ms,
            snapshot=self.snapshot,
            title=self.display_name,
            parent=self,
        )
        if autosave:
            self.recovery.start()
        self.resize(1440, 900)
        self._docks_shown = False
        self._restore_window_state()
        self._show_workspace(False)
        self.files.refresh_recent()
        self._update_title()

    # ==== building ===============================================================================
    def _build_views(self) -> None:
        doc = self.doc
        self.welcome = WelcomePage()
        self.matrix = MatrixView()
        self.backlog = BacklogView(doc)
        self.graph = GraphView()
        self.data_view = DataView(doc)
        self.journey = JourneyView(doc)
        self.review = ReviewView(doc)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setObjectName("views")
        for key, widget in zip(
            VIEWS,
            (self.matrix, self.backlog, self.graph, self.data_view, self.journey, self.review),
            strict=True,
        ):
            index = self.tabs.addTab(widget, VIEW_TITLES[key])
            self.tabs.setTabToolTip(index, VIEW_TIPS[key])
        # Saved lenses side by side, and how robust the ranking is.
        self.scenarios = ScenariosView(doc)
        index = self.tabs.addTab(self.scenarios, "Scenarios")
        self.tabs.setTabToolTip(index, "Each initiative's rank under every saved lens")
        self.robustness_view = RobustnessView(doc)
        index = self.tabs.addTab(self.robustness_view, "Robustness")
        self.tabs.setTabToolTip(index, "How sure each rank is when weights, links and α move")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.tabs)
        # A fixed floor: one view's wide toolbar must not push the window past a laptop screen.
        self.stack.setMinimumSize(480, 320)
        self.setCentralWidget(self.stack)

        self.weights = WeightsPanel(doc)
        self.details = DetailsPanel(doc)
        self.overrides = PlacementsPanel(doc)
        self.weights_dock = self._dock(
            "weights", "Weights", self.weights, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.details_dock = self._dock(
            "details", "Details", self.details, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.overrides_dock = self._dock(
            "placements",
            "Workshop placements",
            self.overrides,
            Qt.DockWidgetArea.RightDockWidgetArea,
        )
        # Details and placements share the right-hand side as tabs: both need the height.
        self.tabifyDockWidget(self.details_dock, self.overrides_dock)
        self.details_dock.raise_()
        # Wide enough for the weights panel's sliders and numbers, no wider.
        weights_width = min(max(300, self.weights.sizeHint().width() + 12), 400)
        self.resizeDocks([self.weights_dock], [weights_width], Qt.Orientation.Horizontal)
        self.resizeDocks([self.details_dock], [340], Qt.Orientation.Horizontal)

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{name}")
        dock.setWidget(widget)
        dock.setToolTip(title)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        return dock

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            # Light/dark switch: redraw the line icons in the new text colour.
            window_actions.refresh_icons(self)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.counts_label = QLabel()
        self.counts_label.setToolTip("What the open workshop holds")
        self.validation_button = QToolButton()
        self.validation_button.setAutoRaise(True)
        self.validation_button.setToolTip(
            "Whether the data can be scored; click for the import report"
        )
        self.validation_button.clicked.connect(self.show_import_report)
        bar.addPermanentWidget(self.counts_label)
        bar.addPermanentWidget(self.validation_button)

    def _connect(self) -> None:
        doc = self.doc
        doc.changed.connect(self._on_changed)
        doc.selectionChanged.connect(self._on_selection)
        doc.fileStateChanged.connect(self._update_title)
        doc.undo_stack.cleanChanged.connect(lambda _c: self._update_title())
        self.tabs.currentChanged.connect(self._on_tab)
        self.matrix.selectionChanged.connect(doc.select)
        self.matrix.overrideRequested.connect(self._on_override_requested)
        self.graph.selectionChanged.connect(doc.select)
        w = self.welcome
        w.sampleRequested.connect(self.files.open_path)
        w.recentRequested.connect(self.files.open_path)
        w.importRequested.connect(self.files.import_dialog)
        w.openRequested.connect(self.files.open_dialog)
        w.templateRequested.connect(self.files.save_template)

    # ==== state shown ============================================================================
    def display_name(self) -> str:
        if self.doc.path is not None:
            return self.doc.path.stem
        if self.source_paths:
            return self.source_paths[0].stem
        return "Untitled workshop"

    def _update_title(self) -> None:
        if not shiboken6.isValid(self):
            # The document (a child) can still report its undo stack emptying while a window
            # that was never closed is being destroyed.
            return
        if self.has_workshop:
            self.setWindowTitle(f"{self.display_name()}[*] — {brand.APP_NAME}")
            self.setWindowModified(self.doc.is_modified)
        else:
            self.setWindowTitle(brand.APP_NAME)
            self.setWindowModified(False)
        if self.doc.path is not None:
            self.setWindowFilePath(str(self.doc.path))

    def _show_workspace(self, on: bool) -> None:
        self.has_workshop = on
        self.stack.setCurrentWidget(self.tabs if on else self.welcome)
        # The start page has its own big buttons; the toolbar is for working on a workshop.
        self.toolbar.setVisible(on and not self.in_presentation)
        self._show_docks(on)
        for act in (
            self.act_save,
            self.act_save_as,
            self.act_close,
            self.act_export_backlog,
            self.act_export_matrix,
            self.act_export_report,
            self.act_presentation,
            self.act_reset_view,
            self.act_clear_placement,
            *self.view_actions.values(),
        ):
            act.setEnabled(on)
        self.counts_label.setVisible(on)
        self.validation_button.setVisible(on)
        self._on_selection(self.doc.selection)
        self._update_title()

    @property
    def docks(self) -> tuple[QDockWidget, ...]:
        return (self.weights_dock, self.details_dock, self.overrides_dock)

    def _show_docks(self, on: bool) -> None:
        """Docks belong to an open workshop; the welcome page hides them, remembering which
        ones the user had open."""
        if not on:
            self._dock_wanted = self._dock_wishes()
        for dock in self.docks:
            name = dock.objectName()
            wanted = self._dock_wanted.get(name, True)
            dock.setVisible(on and wanted)
        self._docks_shown = on

    def _dock_wishes(self) -> dict[str, bool]:
        """Which docks the user wants open (a panel not built yet keeps its last wish)."""
        if not self._docks_shown:
            return dict(self._dock_wanted)
        return {d.objectName(): not d.isHidden() for d in self.docks}

    def _on_changed(self) -> None:
        doc = self.doc
        self.matrix.set_result(doc.result, doc.workshop)
        self._graph_stale = True
        if self.tabs.currentWidget() is self.graph:
            self._refresh_graph()
        self._update_counts()
        if self._help is not None and self._help.isVisible():
            self._help.update_parameters(doc.settings, doc.result, doc.workshop)
        self.act_clear_placement.setEnabled(
            self.has_workshop and any(i in doc.settings.overrides for i in doc.selection)
        )

    def _refresh_graph(self) -> None:
        if not self._graph_stale:
            return
        doc = self.doc
        self.graph.set_data(doc.workshop, doc.result, doc.report)
        self.graph.set_selection(doc.selection)
        self._graph_stale = False

    def _update_counts(self) -> None:
        w = self.doc.workshop
        self.counts_label.setText(
            f"{len(w.insights)} insights · {len(w.objectives)} objectives · "
            f"{len(w.initiatives)} initiatives · {len(w.links)} links"
        )
        n_err, n_warn = len(w.errors), len(w.warnings)
        if n_err:
            text = f"✕ {n_err} error{'s' if n_err != 1 else ''} — see Import report"
            colour = brand.SEVERITY_COLOURS["error"]
        elif len(w.initiatives) == 0:
            text = "Add initiatives to score"
            colour = ""
        else:
            text = "✓ Ready to score"
            if n_warn:
                text += f" · {n_warn} warning{'s' if n_warn != 1 else ''}"
            colour = brand.SWEET_COLOUR
        self.validation_button.setText(text)
        self.validation_button.setStyleSheet(
            f"QToolButton {{ color: {colour}; font-weight: 600; }}" if colour else ""
        )
        self.act_show_report.setEnabled(bool(reportable(w.problems)))

    def validation_text(self) -> str:
        return self.validation_button.text()

    def _on_selection(self, ids: list[str]) -> None:
        self.matrix.set_selection(ids)
        if not self._graph_stale:
            self.graph.set_selection(ids)
        self.act_delete.setEnabled(self.has_workshop and bool(ids))
        self.act_clear_placement.setEnabled(
            self.has_workshop and any(i in self.doc.settings.overrides for i in ids)
        )
        if ids:
            n = len(ids)
            self.statusBar().showMessage(
                f"Selected {ids[0]}" if n == 1 else f"Selected {n} initiatives", 4000
            )

    def _on_tab(self, index: int) -> None:
        if not 0 <= index < len(VIEWS):
            return  # an analytics tab (scenarios, robustness): no view action of its own
        key = VIEWS[index]
        self.view_actions[key].setChecked(True)
        if key == "graph":
            self._refresh_graph()

    def current_view(self) -> str:
        index = self.tabs.currentIndex()
        return VIEWS[index] if 0 <= index < len(VIEWS) else "matrix"

    def show_view(self, key: str) -> None:
        if key in VIEWS:
            self.tabs.setCurrentIndex(VIEWS.index(key))

    # ==== workshop in and out ====================================================================
    def snapshot(self) -> Project:
        """The open workshop as a project (for saving and the recovery copy)."""
        view_state = dict(self.doc.view_state)
        view_state["view"] = self.current_view()
        view_state["selection"] = list(self.doc.selection)
        view_state["sources"] = [str(p) for p in self.source_paths]
        return Project(
            workshop=self.doc.workshop,
            settings=self.doc.settings,
            lenses=dict(self.doc.lenses),
            view_state=view_state,
            votes=self.doc.votes,
            vote_weights=dict(self.doc.vote_weights),
            waves=self.doc.project.waves,
        )

    def adopt_workshop(
        self,
        workshop: Workshop,
        settings: ScoringSettings | None = None,
        *,
        path: Path | None = None,
        sources: Sequence[Path] = (),
        lenses: dict[str, ScoringSettings] | None = None,
        view_state: dict[str, Any] | None = None,
    ) -> None:
        """Show a different workshop (forgets undo history and selection)."""
        project = Project(
            workshop,
            settings or ScoringSettings(),
            lenses=dict(lenses or {}),
            view_state=dict(view_state or {}),
            path=path,
        )
        self.adopt_project(project, sources=sources)

    def adopt_project(self, project: Project, sources: Sequence[Path] | None = None) -> None:
        """Show a whole project: data, settings, lenses, votes and view state."""
        if sources is None:
            sources = [Path(p) for p in project.view_state.get("sources", []) if p]
        self.source_paths = [Path(p) for p in sources]
        path = project.path
        view_state = project.view_state
        self.files.stamp = FileStamp.of(path) if path is not None else None
        self.doc.replace_project(project)
        self._show_workspace(True)
        view = (view_state or {}).get("view")
        self.show_view(view if view in VIEWS else "matrix")
        self.matrix.reset_view()
        selection = [str(i) for i in (view_state or {}).get("selection", [])]
        if selection:
            self.doc.select(selection)
        self._update_counts()
        self._update_title()

    # ==== editing ================================================================================
    def _on_override_requested(self, ident: str, customer: float, business: float) -> None:
        # Asked after the mouse handler returns: a dialog inside matplotlib's callback would
        # run a nested event loop under the canvas.
        QTimer.singleShot(0, lambda: self.record_placement(ident, customer, business))

    def record_placement(self, ident: str, customer: float, business: float) -> bool:
        """Record the room's placement of one initiative (asks for a reason if set to)."""
        table = self.doc.result.table
        if ident not in set(table["id"]):
            return False
        title = str(table.loc[table["id"] == ident, "initiative"].iloc[0])
        old = self.doc.settings.overrides.get(ident)
        reason: str | None = old.reason if old is not None else ""
        if self.act_ask_reason.isChecked():
            reason = dialogs.ask_override_reason(self, ident, title, customer, business)
        if reason is None:
            self.matrix.revert_preview()
            return False
        self.doc.edit(SetPlacement(ident, Override(customer, business, reason)))
        rank = self.doc.result.ranks().get(ident)
        self.statusBar().showMessage(
            f"{ident} placed at customer {customer:.0f}, business {business:.0f}: now rank {rank}.",
            6000,
        )
        return True

    def delete_selected(self) -> None:
        """Delete the selected initiatives (the Data view deletes its own selected rows)."""
        if self.current_view() == "data":
            self.data_view.delete_selected()
            return
        ids = [i for i in self.doc.selection if i in set(self.doc.result.table["id"])]
        if not ids:
            self.statusBar().showMessage("Select initiatives to delete first.", 4000)
            return
        self.doc.edit(DeleteRows("initiatives", tuple(ids)))
        self.statusBar().showMessage(
            f"Deleted {', '.join(ids[:5])}{'…' if len(ids) > 5 else ''} (Undo brings them back).",
            6000,
        )

    def clear_selected_placements(self) -> None:
        ids = [i for i in self.doc.selection if i in self.doc.settings.overrides]
        self.overrides.clear(ids)

    def reset_matrix(self) -> None:
        self.matrix.reset_view()

    @property
    def in_presentation(self) -> bool:
        return self.presentation.active

    # ==== help ===================================================================================
    def show_how_scores(self) -> dialogs.HowScoresDialog:
        if self._help is None:
            self._help = dialogs.HowScoresDialog(
                self, self.doc.settings, self.doc.result, self.doc.workshop
            )
        else:
            self._help.update_parameters(self.doc.settings, self.doc.result, self.doc.workshop)
        self._help.show()
        self._help.raise_()
        return self._help

    def show_about(self) -> dialogs.AboutDialog:
        dlg = dialogs.AboutDialog(self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def show_import_report(self) -> ImportReportDialog | None:
        if not self.has_workshop or not self.doc.workshop.problems:
            self.statusBar().showMessage("The import found no problems.", 4000)
            return None
        dlg = ImportReportDialog(
            self, self.doc.workshop, dialogs.describe_paths(self.source_paths), review_only=True
        )
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self._report_dialog = dlg
        return dlg

    # ==== window state ===========================================================================
    def _restore_window_state(self) -> None:
        s = self.app_settings
        state = s.value("window/state")
        if isinstance(state, QByteArray | bytes) and state:
            self.restoreState(QByteArray(state), STATE_VERSION)
        # Which docks the user wants with a workshop open; the start page hides them all, and
        # before the size is restored, so their minimum widths cannot stretch the window.
        self._dock_wanted = {d.objectName(): not d.isHidden() for d in self.docks}
        for dock in self.docks:
            dock.hide()
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes) and geometry:
            self.restoreGeometry(QByteArray(geometry))
        for splitter in self.findChildren(QSplitter):
            name = splitter.objectName()
            saved = s.value(f"splitters/{name}") if name else None
            if isinstance(saved, QByteArray | bytes) and saved:
                splitter.restoreState(QByteArray(saved))

    def save_window_state(self) -> None:
        s = self.app_settings
        self.presentation.leave()
        s.setValue("window/geometry", self.saveGeometry())
        # Save the docks as the user wants them, not as the welcome page or a missing panel
        # hides them; then put them back as they are.
        wishes = self._dock_wishes()
        shown = {d.objectName(): d.isVisible() for d in self.docks}
        for dock in self.docks:
            dock.setVisible(wishes.get(dock.objectName(), True))
        s.setValue("window/state", self.saveState(STATE_VERSION))
        for dock in self.docks:
            dock.setVisible(shown[dock.objectName()])
        for splitter in self.findChildren(QSplitter):
            if splitter.objectName():
                s.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.presentation.leave()
        if not self.files.maybe_save():
            event.ignore()
            return
        flow = self.files.import_flow
        if flow is not None and flow.runner is not None and not flow.runner.done:
            flow.cancel()
            flow.runner.worker_thread.wait(3000)
        self.robustness_view.shutdown()  # a running robustness check stops before its view goes
        self.save_window_state()
        self.recovery.stop()
        # Empty the history while the window is alive: a stack destroyed with edits in it
        # would still signal a clean-state change to a document already gone.
        self.doc.undo_stack.clear()
        event.accept()

    # ==== drag and drop ==========================================================================
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and self.files.droppable(paths):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self.files.droppable(
            [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        )
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        # After the drop returns: the drag source must not wait on our dialogs.
        QTimer.singleShot(0, lambda: self.files.open_dropped(paths))
