"""The main window: menus, toolbar, the four views on one shared selection, docks, status bar.

Everything the window shows comes from one `WorkshopDocument`; every edit is `doc.push(...)` so
Edit ▸ Undo names it and takes it back. The window owns the file side: opening, importing (off
the UI thread, see `import_flow`), saving projects atomically, asking before anything unsaved is
lost, autosaving a recovery copy, and presentation mode for the projector.

Views built by others are imported when the window is built; a missing one is replaced by a
placeholder label, so the window always runs.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sweetspot.core.edits import Compound, DeleteRows, ReplaceData, SetPlacement
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
from sweetspot.core.scoring import Override, ScoringSettings
from sweetspot.ui import dialogs, theme

# Imported by name (not through importlib) so PyInstaller sees and bundles every view.
from sweetspot.ui.backlog_view import BacklogView
from sweetspot.ui.data_view import DataView
from sweetspot.ui.details_panel import DetailsPanel
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.graph_view import GraphView
from sweetspot.ui.import_flow import (
    ImportFlow,
    ImportReportDialog,
    Inspector,
    Loader,
    load_now,
    reportable,
)
from sweetspot.ui.matrix_view import MatrixView
from sweetspot.ui.recovery import AUTOSAVE_INTERVAL_MS, RecoveryCopy, RecoveryManager
from sweetspot.ui.robustness_view import RobustnessView
from sweetspot.ui.scenarios_view import ScenariosView
from sweetspot.ui.weights_panel import WeightsPanel
from sweetspot.ui.welcome import WelcomePage

log = logging.getLogger(__name__)

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
OPENABLE_SUFFIXES = (*SPREADSHEET_SUFFIXES, PROJECT_SUFFIX)
MAX_RECENT = 10
STATE_VERSION = 1
VIEWS = ("matrix", "backlog", "graph", "data")
VIEW_TITLES = {
    "matrix": "Matrix",
    "backlog": "Backlog",
    "graph": "Overlap graph",
    "data": "Data",
}
VIEW_TIPS = {
    "matrix": "The sweet-spot matrix: customer impact across, business impact up",
    "backlog": "The ranked backlog of initiatives",
    "graph": "How insights, initiatives and objectives are linked, and what is left uncovered",
    "data": "Edit insights, objectives, initiatives and links",
}


def _view_sheet(view: object, name: str) -> Any:
    """The table a view offers for the workbook (its `export_sheets`), None when it has none or
    the view failed to build."""
    sheets = getattr(view, "export_sheets", None)
    return sheets().get(name) if callable(sheets) else None


def _guarded_view(build: Callable[[], QWidget], name: str) -> tuple[QWidget, bool]:
    """Build a view; if it fails, a plain label in its place: one broken view must not stop
    the consultant's whole window (the log has the details)."""
    try:
        return build(), True
    except Exception:
        log.exception("%s could not be built", name)
    message = f"This view could not be opened. Details are in the log ({name})."
    label = QLabel(message)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setToolTip(message)
    label.setEnabled(False)
    return label, False


class OverridesPanel(QWidget):
    """Workshop placements: which initiatives the room moved, where, why; Clear to undo one."""

    def __init__(self, doc: WorkshopDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["ID", "Initiative", "Moved", "Reason"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setToolTip(
            "Initiatives the room placed by hand on the matrix: they are ranked at the agreed "
            "position until the placement is cleared"
        )
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.tree.itemSelectionChanged.connect(self._selected)
        self.empty = QLabel(
            "No workshop placements yet. Drag a bubble on the matrix to record where the room "
            "places an initiative."
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(16)
        self.empty.setToolTip("Placements appear here once the room moves a bubble")
        self.empty.setStyleSheet(f"color: {theme.muted_colour(self.palette()).name()};")
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip(
            "Clear the selected placements: rank those initiatives at their computed positions"
        )
        self.clear_button.clicked.connect(self.clear_selected)
        self.clear_all_button = QPushButton("Clear all")
        self.clear_all_button.setToolTip("Clear every workshop placement (undoable)")
        self.clear_all_button.clicked.connect(self.clear_all)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.clear_all_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self._updating = False
        doc.changed.connect(self.refresh)
        doc.selectionChanged.connect(self._show_selection)
        self.refresh()

    def ids(self) -> list[str]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item.text(0) for item in items if item is not None]

    def refresh(self) -> None:
        self._updating = True
        self.tree.clear()
        table = self.doc.result.table
        moved = table.loc[table["overridden"].astype(bool)]
        for r in moved.itertuples(index=False):
            shift = (
                f"C {r.computed_customer_impact:.0f}→{r.customer_impact:.0f} · "
                f"B {r.computed_business_impact:.0f}→{r.business_impact:.0f}"
            )
            item = QTreeWidgetItem([str(r.id), str(r.initiative), shift, str(r.override_reason)])
            item.setToolTip(1, str(r.initiative))
            item.setToolTip(
                2,
                f"Computed: customer {r.computed_customer_impact:.1f}, business "
                f"{r.computed_business_impact:.1f}\nAgreed: customer {r.customer_impact:.1f}, "
                f"business {r.business_impact:.1f}",
            )
            item.setToolTip(3, str(r.override_reason) or "No reason given")
            self.tree.addTopLevelItem(item)
        has = len(moved) > 0
        self.tree.setVisible(has)
        self.empty.setVisible(not has)
        self.clear_all_button.setVisible(has)
        self.clear_button.setVisible(has)
        self._updating = False
        self._show_selection(self.doc.selection)

    def _show_selection(self, ids: list[str]) -> None:
        self._updating = True
        wanted = set(ids)
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None:
                item.setSelected(item.text(0) in wanted)
        self.clear_button.setEnabled(bool(self._selected_ids()))
        self._updating = False

    def _selected_ids(self) -> list[str]:
        return [item.text(0) for item in self.tree.selectedItems()]

    def _selected(self) -> None:
        self.clear_button.setEnabled(bool(self._selected_ids()))
        if not self._updating and self._selected_ids():
            self.doc.select(self._selected_ids())

    def clear_selected(self) -> None:
        ids = [i for i in self._selected_ids() if i in self.doc.settings.overrides]
        self._clear(ids)

    def clear_all(self) -> None:
        self._clear(list(self.doc.settings.overrides))

    def _clear(self, ids: list[str]) -> None:
        if not ids:
            return
        clears = tuple(SetPlacement(ident, None) for ident in ids)
        if len(clears) == 1:
            self.doc.edit(clears[0])
        else:
            self.doc.edit(Compound(clears, f"Clear {len(ids)} workshop placements"))


class MainWindow(QMainWindow):
    """SweetSpot's window. One per open workshop."""

    # Emitted when an import or open finished (for scripts and tests): the outcome word.
    loadFinished = Signal(str)

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
        # The project file as it was when we opened or saved it (to notice other writers).
        self._stamp: FileStamp | None = None
        self._flow: ImportFlow | None = None
        self._graph_stale = True
        self._presentation_state: dict[str, Any] | None = None
        self._help: dialogs.HowScoresDialog | None = None
        self._report_dialog: ImportReportDialog | None = None

        self.setWindowIcon(dialogs.app_icon())
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self._build_views()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._connect()
        # Issue 4 analytics: "Suggest links…" (Edit menu); votes dock, actions and matrix overlay.
        from sweetspot.ui.suggestions import install_suggestions
        from sweetspot.ui.votes_view import install_votes

        self.suggestions_ui = install_suggestions(self)
        self.votes_ui = install_votes(self)

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
        self._refresh_recent()
        self._update_title()

    # ==== building ===============================================================================
    def _build_views(self) -> None:
        doc = self.doc
        self.welcome = WelcomePage()
        matrix, self.has_matrix = _guarded_view(MatrixView, "MatrixView")
        self.matrix = cast("MatrixView", matrix)
        self.backlog, _ = _guarded_view(lambda: BacklogView(doc), "BacklogView")
        graph, self.has_graph = _guarded_view(GraphView, "GraphView")
        self.graph = cast("GraphView", graph)
        self.data_view, _ = _guarded_view(lambda: DataView(doc), "DataView")
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setObjectName("views")
        for key, widget in zip(
            VIEWS, (self.matrix, self.backlog, self.graph, self.data_view), strict=True
        ):
            index = self.tabs.addTab(widget, VIEW_TITLES[key])
            self.tabs.setTabToolTip(index, VIEW_TIPS[key])
        # Analytics (issue 4): saved lenses side by side, and how robust the ranking is.
        self.scenarios, _ = _guarded_view(lambda: ScenariosView(doc), "ScenariosView")
        index = self.tabs.addTab(self.scenarios, "Scenarios")
        self.tabs.setTabToolTip(index, "Each initiative's rank under every saved lens")
        self.robustness_view, _ = _guarded_view(lambda: RobustnessView(doc), "RobustnessView")
        index = self.tabs.addTab(self.robustness_view, "Robustness")
        self.tabs.setTabToolTip(index, "How sure each rank is when weights, links and α move")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.tabs)
        # A fixed floor: one view's wide toolbar must not push the window past a laptop screen.
        self.stack.setMinimumSize(480, 320)
        self.setCentralWidget(self.stack)

        self.weights, has_weights = _guarded_view(lambda: WeightsPanel(doc), "WeightsPanel")
        self.details, has_details = _guarded_view(lambda: DetailsPanel(doc), "DetailsPanel")
        self.overrides = OverridesPanel(doc)
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
        # A panel that is not there (yet) stays hidden rather than show an empty dock.
        self._dock_available = {
            self.weights_dock.objectName(): has_weights,
            self.details_dock.objectName(): has_details,
            self.overrides_dock.objectName(): True,
        }
        for dock in (self.weights_dock, self.details_dock):
            dock.toggleViewAction().setEnabled(self._dock_available[dock.objectName()])
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

    def _action(
        self,
        text: str,
        tip: str,
        slot: Callable[..., object] | None = None,
        shortcut: QKeySequence.StandardKey | str | Sequence[QKeySequence] | None = None,
        icon: str | None = None,
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if shortcut is not None:
            if isinstance(shortcut, QKeySequence.StandardKey):
                action.setShortcuts(shortcut)
            elif isinstance(shortcut, str):
                action.setShortcut(QKeySequence(shortcut))
            else:
                action.setShortcuts(list(shortcut))
        if icon is not None:
            action.setIcon(self._icon(icon))
        action.setCheckable(checkable)
        if slot is not None:
            action.triggered.connect(lambda *_a: slot())
        # Added to the window too, so shortcuts work with the menu bar hidden (presentation).
        self.addAction(action)
        return action

    def _icon(self, name: str) -> QIcon:
        return dialogs.toolbar_icon(name, self.palette().color(QPalette.ColorRole.ButtonText))

    def _refresh_icons(self) -> None:
        for act, name in (
            (self.act_new, "new"),
            (self.act_open, "open"),
            (self.act_import, "import"),
            (self.act_save, "save"),
            (self.act_undo, "undo"),
            (self.act_redo, "redo"),
            (self.act_delete, "delete"),
            (self.act_export_backlog, "export"),
            (self.act_export_matrix, "image"),
            (self.act_presentation, "present"),
            (self.act_how, "help"),
        ):
            act.setIcon(self._icon(name))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            # Light/dark switch: redraw the line icons in the new text colour.
            self._refresh_icons()

    def _build_actions(self) -> None:
        sk = QKeySequence.StandardKey
        a = self._action
        self.act_new = a("&New", "Start an empty workshop", self.new_workshop, sk.New, "new")
        self.act_open = a(
            "&Open…",
            "Open a SweetSpot project or a spreadsheet",
            self.open_dialog,
            sk.Open,
            "open",
        )
        self.act_import = a(
            "&Import spreadsheet…",
            "Read insights, objectives, initiatives and links from a workbook or CSV files; "
            "into an open workshop this updates it and keeps links, weights and placements",
            self.import_dialog,
            "Ctrl+I",
            "import",
        )
        self.act_save = a("&Save", "Save the workshop as a project", self.save, sk.Save, "save")
        self.act_save_as = a(
            "Save &As…", "Save the workshop as a project under a new name", self.save_as, sk.SaveAs
        )
        self.act_close = a(
            "&Close workshop",
            "Close the workshop and go back to the start page",
            self.close_workshop,
            sk.Close,
        )
        self.act_export_backlog = a(
            "&Export backlog to Excel…",
            "Write the ranked backlog, unmet needs and the method to an Excel workbook for the "
            "client",
            self.export_backlog,
            "Ctrl+E",
            "export",
        )
        self.act_export_matrix = a(
            "Export &matrix image…",
            "Save the sweet-spot matrix as a PNG picture for slides and reports",
            self.export_matrix_image,
            "Ctrl+Shift+E",
            "image",
        )
        self.act_export_report = a(
            "Export workshop &report (PDF)…",
            "Write a PDF for the client: matrix, top-10 backlog with drivers, unmet needs, lens "
            "comparison, robustness, method and parameters",
            self.export_report,
        )
        self.act_what_if = a(
            "Include live &what-if sheet",
            "Add a What-if sheet to the Excel export: the client edits objective weights and α "
            "in Excel or LibreOffice and the scores and ranks recalculate",
            checkable=True,
        )
        self.act_what_if.setChecked(
            str(self.app_settings.value("export/what_if", "false")).lower() == "true"
        )
        self.act_what_if.toggled.connect(
            lambda on: self.app_settings.setValue("export/what_if", "true" if on else "false")
        )
        self.act_template = a(
            "Download &template…",
            "Save an empty input workbook to fill in with the client",
            self.save_template,
        )
        self.act_quit = a("&Quit", "Close SweetSpot", self.close, sk.Quit)
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)

        self.act_undo = self.doc.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcuts(sk.Undo)
        self.act_undo.setIcon(self._icon("undo"))
        self.act_redo = self.doc.undo_stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts(sk.Redo)
        self.act_redo.setIcon(self._icon("redo"))
        for act, verb in ((self.act_undo, "Undo"), (self.act_redo, "Redo")):
            # A fixed toolbar label: the menu text grows with the edit's name.
            act.setIconText(verb)
            # No fixed tooltip: Qt then shows the action's text, which names the edit.
            act.setStatusTip(f"{verb} the last edit")
            self.addAction(act)
        self.act_delete = a(
            "&Delete",
            "Delete the selected initiatives with their links and placements (undoable)",
            self.delete_selected,
            sk.Delete,
            "delete",
        )
        self.act_clear_placement = a(
            "C&lear workshop placement",
            "Rank the selected initiatives at their computed positions again",
            self.clear_selected_placements,
        )
        self.act_ask_reason = a(
            "Ask for a &reason when a bubble is moved",
            "When on, moving a bubble asks why the room placed it there",
            None,
            checkable=True,
        )
        self.act_ask_reason.setChecked(_as_bool(self.app_settings.value("matrix/ask_reason", True)))
        self.act_ask_reason.toggled.connect(
            lambda on: self.app_settings.setValue("matrix/ask_reason", on)
        )

        self.view_group = QActionGroup(self)
        self.view_actions: dict[str, QAction] = {}
        for i, key in enumerate(VIEWS):
            act = a(
                VIEW_TITLES[key],
                VIEW_TIPS[key],
                lambda k=key: self.show_view(k),
                f"Ctrl+{i + 1}",
                checkable=True,
            )
            self.view_group.addAction(act)
            self.view_actions[key] = act
        self.view_actions["matrix"].setChecked(True)
        self.act_reset_view = a(
            "&Reset matrix view",
            "Zoom the matrix back out to show every initiative",
            self._reset_matrix,
            "Ctrl+0",
        )
        full = [QKeySequence("F11")]
        standard = QKeySequence.keyBindings(sk.FullScreen)
        full += [k for k in standard if k != full[0]]
        self.act_presentation = a(
            "&Presentation mode",
            "Full-screen matrix with large type and strong contrast for a projector (Esc leaves)",
            self.toggle_presentation,
            full,
            "present",
            checkable=True,
        )
        self.act_leave_presentation = a(
            "Leave presentation mode", "Back to the normal window", self.leave_presentation, "Esc"
        )
        self.act_leave_presentation.setEnabled(False)
        self.act_scenarios = a(
            "&Scenarios",
            "Compare the ranking under every saved lens; find the robust sweet spots",
            lambda: self.tabs.setCurrentWidget(self.scenarios),
        )
        self.act_robustness = a(
            "Rank &robustness",
            "How sure each rank is when weights, links and α move (Monte Carlo)",
            lambda: self.tabs.setCurrentWidget(self.robustness_view),
        )

        self.act_how = a(
            "&How scores work",
            "The formulas behind every number, with the parameters in use now",
            self.show_how_scores,
            sk.HelpContents,
            "help",
        )
        self.act_about = a("&About SweetSpot", "Version and credits", self.show_about)
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)
        self.act_show_report = a(
            "Import &report…",
            "Every problem the last import found, with its cell",
            self.show_import_report,
        )

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.setToolTipsVisible(True)
        file_menu.addAction(self.act_new)
        file_menu.addAction(self.act_open)
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.setToolTipsVisible(True)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.act_import)
        file_menu.addAction(self.act_template)
        file_menu.addSeparator()
        file_menu.addAction(self.act_save)
        file_menu.addAction(self.act_save_as)
        file_menu.addSeparator()
        file_menu.addAction(self.act_export_backlog)
        file_menu.addAction(self.act_export_matrix)
        file_menu.addAction(self.act_export_report)
        file_menu.addAction(self.act_what_if)
        file_menu.addSeparator()
        file_menu.addAction(self.act_close)
        file_menu.addAction(self.act_quit)
        self.file_menu = file_menu

        edit = bar.addMenu("&Edit")
        edit.setToolTipsVisible(True)
        edit.addAction(self.act_undo)
        edit.addAction(self.act_redo)
        edit.addSeparator()
        edit.addAction(self.act_delete)
        edit.addAction(self.act_clear_placement)
        edit.addSeparator()
        edit.addAction(self.act_ask_reason)
        self.edit_menu = edit

        view = bar.addMenu("&View")
        view.setToolTipsVisible(True)
        for key in VIEWS:
            view.addAction(self.view_actions[key])
        view.addAction(self.act_scenarios)
        view.addAction(self.act_robustness)
        view.addSeparator()
        for dock in (self.weights_dock, self.details_dock, self.overrides_dock):
            toggle = dock.toggleViewAction()
            toggle.setToolTip(f"Show or hide the {dock.windowTitle()} panel")
            toggle.setStatusTip(toggle.toolTip())
            view.addAction(toggle)
        view.addSeparator()
        view.addAction(self.act_reset_view)
        view.addAction(self.act_presentation)
        self.view_menu = view

        help_menu = bar.addMenu("&Help")
        help_menu.setToolTipsVisible(True)
        help_menu.addAction(self.act_how)
        help_menu.addAction(self.act_show_report)
        help_menu.addSeparator()
        help_menu.addAction(self.act_about)
        self.help_menu = help_menu

    def _build_toolbar(self) -> None:
        # Short labels beside the toolbar icons; menus keep the full names.
        for act, short in (
            (self.act_import, "Import"),
            (self.act_export_backlog, "Export backlog"),
            (self.act_export_matrix, "Export image"),
            (self.act_presentation, "Present"),
        ):
            act.setIconText(short)
        tb = QToolBar("Main toolbar", self)
        tb.setObjectName("toolbar-main")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.addAction(self.act_open)
        tb.addAction(self.act_import)
        tb.addAction(self.act_save)
        tb.addSeparator()
        tb.addAction(self.act_undo)
        tb.addAction(self.act_redo)
        tb.addSeparator()
        tb.addAction(self.act_export_backlog)
        tb.addAction(self.act_export_matrix)
        tb.addSeparator()
        tb.addAction(self.act_presentation)
        for act in tb.actions():
            button = tb.widgetForAction(act)
            if button is not None and not button.toolTip():
                button.setToolTip(act.toolTip())
        self.addToolBar(tb)
        self.toolbar = tb

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
        if self.has_matrix:
            self.matrix.selectionChanged.connect(doc.select)
            self.matrix.overrideRequested.connect(self._on_override_requested)
        if self.has_graph:
            self.graph.selectionChanged.connect(doc.select)
        w = self.welcome
        w.sampleRequested.connect(self.open_path)
        w.recentRequested.connect(self.open_path)
        w.importRequested.connect(self.import_dialog)
        w.openRequested.connect(self.open_dialog)
        w.templateRequested.connect(self.save_template)

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
            self.setWindowTitle(f"{self.display_name()}[*] — {dialogs.APP_NAME}")
            self.setWindowModified(self.doc.is_modified)
        else:
            self.setWindowTitle(dialogs.APP_NAME)
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
            wanted = self._dock_wanted.get(name, True) and self._dock_available[name]
            dock.setVisible(on and wanted)
        self._docks_shown = on

    def _dock_wishes(self) -> dict[str, bool]:
        """Which docks the user wants open (a panel not built yet keeps its last wish)."""
        if not self._docks_shown:
            return dict(self._dock_wanted)
        return {
            d.objectName(): (not d.isHidden())
            if self._dock_available[d.objectName()]
            else self._dock_wanted.get(d.objectName(), True)
            for d in self.docks
        }

    def _on_changed(self) -> None:
        doc = self.doc
        if self.has_matrix:
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
        if not self.has_graph or not self._graph_stale:
            return
        doc = self.doc
        try:
            report = doc.report
        except ImportError:  # the graph analyses are not there yet: draw without them
            report = None
        self.graph.set_data(doc.workshop, doc.result, report)
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
            colour = dialogs.SEVERITY_COLOURS["error"]
        elif len(w.initiatives) == 0:
            text = "Add initiatives to score"
            colour = ""
        else:
            text = "✓ Ready to score"
            if n_warn:
                text += f" · {n_warn} warning{'s' if n_warn != 1 else ''}"
            colour = dialogs.SWEET_COLOUR
        self.validation_button.setText(text)
        self.validation_button.setStyleSheet(
            f"QToolButton {{ color: {colour}; font-weight: 600; }}" if colour else ""
        )
        self.act_show_report.setEnabled(bool(reportable(w.problems)))

    def validation_text(self) -> str:
        return self.validation_button.text()

    def _on_selection(self, ids: list[str]) -> None:
        if self.has_matrix:
            self.matrix.set_selection(ids)
        if self.has_graph and not self._graph_stale:
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
        self._stamp = FileStamp.of(path) if path is not None else None
        self.doc.replace_project(project)
        self._show_workspace(True)
        view = (view_state or {}).get("view")
        self.show_view(view if view in VIEWS else "matrix")
        if self.has_matrix:
            self.matrix.reset_view()
        selection = [str(i) for i in (view_state or {}).get("selection", [])]
        if selection:
            self.doc.select(selection)
        self._update_counts()
        self._update_title()

    def maybe_save(self) -> bool:
        """Ask before unsaved work is thrown away. True when it is fine to go on."""
        if not self.has_workshop or not self.doc.is_modified:
            return True
        answer = dialogs.ask_save_changes(self, self.display_name())
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new_workshop(self) -> None:
        if not self.maybe_save():
            return
        self.adopt_workshop(Workshop(), ScoringSettings())
        self.show_view("data")
        self.statusBar().showMessage(
            "New workshop: add insights, objectives and initiatives in the Data view, "
            "or import a spreadsheet.",
            8000,
        )

    def close_workshop(self) -> None:
        if not self.maybe_save():
            return
        self.leave_presentation()
        self.doc.replace_workshop(Workshop(), ScoringSettings(), None)
        self.source_paths = []
        self._stamp = None
        self.recovery.discard_own()
        self._show_workspace(False)
        self._refresh_recent()

    def open_dialog(self) -> None:
        path = dialogs.choose_open_path(self, self._last_folder())
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path | str) -> None:
        """Open a project, a workbook, a CSV file or a folder of CSVs as the workshop."""
        path = Path(path)
        if not path.exists():
            dialogs.show_error(
                self, "Open", f"{path.name} was not found. It may have been moved or renamed."
            )
            self._forget_recent(path)
            return
        if not self.maybe_save():
            return
        if is_project_file(path):
            try:
                project = load_project(path)
            except ProjectError as exc:
                dialogs.show_error(self, "Open project", str(exc))
                self.loadFinished.emit("failed")
                return
            self.adopt_project(project)
            self.add_recent(path)
            self.statusBar().showMessage(f"Opened {path.name}", 5000)
            self.loadFinished.emit("finished")
            return
        self.start_import([path], update=False)

    def import_dialog(self) -> None:
        paths = dialogs.choose_import_paths(self, self._last_folder())
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: Sequence[Path]) -> None:
        """Import into the open workshop (update, keeping the room's work) or as a new one."""
        paths = [Path(p) for p in paths]
        if self.has_workshop:
            self.start_import(paths, update=True)
        elif self.maybe_save():
            self.start_import(paths, update=False)

    def start_import(self, paths: Sequence[Path], *, update: bool) -> ImportFlow | None:
        if self._flow is not None and not self._flow.outcome:
            self.statusBar().showMessage("An import is already running.", 4000)
            return None
        flow = ImportFlow(
            self,
            list(paths),
            self.app_settings,
            loader=self.loader,
            inspector=self.inspector,
            show_progress=self.show_progress,
        )
        self._flow = flow
        flow.message.connect(lambda m: self.statusBar().showMessage(m, 5000))
        flow.finished.connect(
            lambda workshop, ps: self._import_finished(workshop, ps, update=update)
        )
        flow.failed.connect(self._import_failed)
        flow.cancelled.connect(lambda: self.loadFinished.emit("cancelled"))
        flow.start()
        return flow

    @property
    def import_flow(self) -> ImportFlow | None:
        return self._flow

    def _import_finished(self, workshop: Workshop, paths: list[Path], *, update: bool) -> None:
        name = dialogs.describe_paths(paths)
        if update and self.has_workshop:
            # Keep what the room decided (links drawn here, weights, placements): one undo step.
            merged, settings, summary = merge_reimport(
                self.doc.workshop, self.doc.settings, workshop
            )
            self.doc.edit(ReplaceData(merged, settings, f"Update from {name}"))
            self.statusBar().showMessage(f"Updated from {name}: {summary.describe()}.", 10000)
        else:
            self.adopt_workshop(workshop, ScoringSettings(), sources=paths)
            self.statusBar().showMessage(f"Imported {name}", 5000)
        self._update_counts()
        if len(paths) == 1:
            self.add_recent(paths[0])
        self.loadFinished.emit("finished")

    def _import_failed(self, message: str) -> None:
        dialogs.show_error(self, "Import", message)
        self.loadFinished.emit("failed")

    def load_sync(self, path: Path) -> None:
        """Open a file on this thread with no dialogs (screenshots, scripts). Raises
        ProjectError for a bad project."""
        path = Path(path)
        if is_project_file(path):
            self.adopt_project(load_project(path))
        else:
            workshop = load_now([path], self.loader)
            self.adopt_workshop(workshop, ScoringSettings(), sources=[path])

    # ==== saving =================================================================================
    def save(self) -> bool:
        path = self.doc.path
        if path is None or not is_project_file(path):
            return self.save_as()
        return self.save_to(path, check_disk=True)

    def save_as(self) -> bool:
        suggested = str(self._last_folder_path() / f"{self.display_name()}{PROJECT_SUFFIX}")
        path = dialogs.choose_save_path(self, "Save project", suggested, dialogs.PROJECT_FILTER)
        if path is None:
            return False
        if path.suffix.lower() != PROJECT_SUFFIX:
            path = path.with_name(path.name + PROJECT_SUFFIX)
        return self.save_to(path, check_disk=path == self.doc.path)

    def save_to(self, path: Path, *, check_disk: bool = True) -> bool:
        """Write the project; asks first if someone else changed the file since we read it."""
        if (
            check_disk
            and self._stamp is not None
            and path.exists()
            and not self._stamp.matches(path)
        ):
            answer = dialogs.ask_changed_on_disk(self, path.name)
            if answer == "cancel":
                return False
            if answer == "save_as":
                return self.save_as()
        try:
            save_project(self.snapshot(), path)
        except ProjectError as exc:
            dialogs.show_error(self, "Save", str(exc))
            return False
        self._stamp = FileStamp.of(path)
        self.doc.set_path(path)
        self.doc.undo_stack.setClean()
        self.recovery.discard_own()
        self.add_recent(path)
        self._update_title()
        self.statusBar().showMessage(f"Saved {path.name}", 5000)
        return True

    # -- exports: one way to pick the file and one way to say what went wrong ---------------
    def _export_path(self, title: str, name: str, file_filter: str, suffix: str) -> Path | None:
        """The file the consultant picks (`suffix` added when left off); None when cancelled."""
        suggested = str(self._last_folder_path() / f"{self.display_name()} {name}{suffix}")
        path = dialogs.choose_save_path(self, title, suggested, file_filter)
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
        dialogs.show_error(self, title, message)
        return False

    def _overlap_report(self) -> Any:
        try:
            return self.doc.report
        except ImportError:  # the export computes what it can without the overlap analysis
            return None

    def export_backlog(self) -> None:
        """File ▸ Export backlog: the same core call as `sweetspot rank -o backlog.xlsx`."""
        if not self.has_workshop:
            return
        path = self._export_path(
            "Export backlog to Excel", "backlog", "Excel workbook (*.xlsx)", ".xlsx"
        )
        if path is None:
            return

        def write() -> None:
            from sweetspot.core.export import write_backlog

            # Scenarios and the latest robustness run go in when the views have them.
            write_backlog(
                path,
                self.doc.workshop,
                self.doc.result,
                self._overlap_report(),
                votes=self.doc.votes,
                vote_weights=self.doc.vote_weights,
                lenses=_view_sheet(self.scenarios, "Scenarios"),
                robustness=_view_sheet(self.robustness_view, "Robustness"),
                what_if=self.act_what_if.isChecked(),
            )

        if self._export("Export backlog", path, write, open_in="Excel"):
            self.statusBar().showMessage(f"Backlog written to {path}", 8000)

    def export_report(self) -> None:
        """File ▸ Export workshop report (PDF): the same core call as `sweetspot report`."""
        if not self.has_workshop:
            return
        path = self._export_path("Export workshop report", "report", "PDF (*.pdf)", ".pdf")
        if path is None:
            return

        def write() -> None:
            from sweetspot.core.report import write_report

            lenses = None
            if self.doc.lenses:
                from sweetspot.core.lenses import compare

                lenses = compare(
                    self.doc.workshop, {"Current settings": self.doc.settings, **self.doc.lenses}
                )
            # The robustness view's last run, unless the workshop changed since.
            robust = getattr(self.robustness_view, "result", None)
            if getattr(self.robustness_view, "out_of_date", False):
                robust = None
            write_report(
                path,
                self.doc.workshop,
                self.doc.result,
                self._overlap_report(),
                lenses=lenses,
                robustness=robust,
            )

        if self._export("Export workshop report", path, write, open_in="a PDF viewer"):
            self.statusBar().showMessage(f"Workshop report written to {path}", 8000)

    def export_matrix_image(self) -> None:
        if not self.has_workshop:
            return
        path = self._export_path("Export matrix image", "matrix", "PNG picture (*.png)", ".png")
        if path is None:
            return

        def write() -> None:
            if self.has_matrix:
                self.matrix.export_png(path)
            else:
                from sweetspot.core.plotting import save_matrix_png

                save_matrix_png(path, self.doc.result)

        if self._export("Export matrix image", path, write):
            self.statusBar().showMessage(f"Matrix picture written to {path}", 8000)

    def save_template(self) -> None:
        suggested = str(self._last_folder_path() / "SweetSpot workshop template.xlsx")
        path = dialogs.choose_save_path(
            self, "Download template", suggested, "Excel workbook (*.xlsx)"
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
                self, "Template", f"{path.name} could not be written ({exc.strerror or exc})."
            )
            return
        self.statusBar().showMessage(
            f"Template written to {path}. Fill it in, then use Import spreadsheet.", 10000
        )

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
            if self.has_matrix:
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
            handler = getattr(self.data_view, "delete_selected", None)
            if callable(handler):
                handler()
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
        self.overrides._clear(ids)

    def _reset_matrix(self) -> None:
        if self.has_matrix:
            self.matrix.reset_view()

    # ==== presentation ===========================================================================
    @property
    def in_presentation(self) -> bool:
        return self._presentation_state is not None

    def toggle_presentation(self) -> None:
        if self.in_presentation:
            self.leave_presentation()
        else:
            self.enter_presentation()

    def enter_presentation(self) -> None:
        if self.in_presentation or not self.has_workshop:
            self.act_presentation.setChecked(self.in_presentation)
            return
        self._presentation_state = {
            "geometry": self.saveGeometry(),
            "state": self.saveState(STATE_VERSION),
            "maximized": self.isMaximized(),
            "view": self.current_view(),
        }
        self.show_view("matrix")
        for w in (self.toolbar, self.statusBar(), self.menuBar(), self.tabs.tabBar()):
            w.hide()
        for dock in (self.weights_dock, self.details_dock, self.overrides_dock):
            dock.hide()
        if self.has_matrix:
            self.matrix.set_presentation(True)
        if self.has_graph:
            self.graph.set_presentation(True)
        self.act_presentation.setChecked(True)
        self.act_leave_presentation.setEnabled(True)
        self.showFullScreen()

    def leave_presentation(self) -> None:
        state = self._presentation_state
        if state is None:
            self.act_presentation.setChecked(False)
            return
        self._presentation_state = None
        if self.has_matrix:
            self.matrix.set_presentation(False)
        if self.has_graph:
            self.graph.set_presentation(False)
        for w in (self.toolbar, self.statusBar(), self.menuBar(), self.tabs.tabBar()):
            w.show()
        self.showNormal()
        if state["maximized"]:
            self.showMaximized()
        self.restoreGeometry(state["geometry"])
        self.restoreState(state["state"], STATE_VERSION)
        self.show_view(state["view"])
        self.act_presentation.setChecked(False)
        self.act_leave_presentation.setEnabled(False)

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

    # ==== recent files ===========================================================================
    def recent_files(self) -> list[Path]:
        raw = self.app_settings.value("recent/files", [])
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
        self.app_settings.setValue("recent/files", [str(p) for p in files[:MAX_RECENT]])
        self.app_settings.setValue("recent/folder", str(path.parent))
        self._refresh_recent()

    def _forget_recent(self, path: Path) -> None:
        files = [p for p in self.recent_files() if p != Path(path).resolve() and p != Path(path)]
        self.app_settings.setValue("recent/files", [str(p) for p in files])
        self._refresh_recent()

    def clear_recent(self) -> None:
        self.app_settings.setValue("recent/files", [])
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        self.welcome.set_recent(self.recent_files())
        self.recent_menu.setEnabled(bool(self.recent_files()))

    def _fill_recent_menu(self) -> None:
        menu = self.recent_menu
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
        if self.doc.path is not None:
            return self.doc.path.parent
        if self.source_paths:
            return self.source_paths[0].parent
        folder = self.app_settings.value("recent/folder", "")
        return Path(str(folder)) if folder and Path(str(folder)).is_dir() else Path.home()

    # ==== recovery ===============================================================================
    def offer_recovery(self) -> bool:
        """After a crash, offer the newest recovery copy back. True when one was restored."""
        copies = self.recovery.orphans()
        if not copies:
            return False
        newest = copies[0]
        answer = dialogs.ask_restore_recovery(self, newest.describe())
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
            dialogs.show_error(self, "Recovery", f"The recovery copy could not be read. {exc}")
            return False
        original = copy.original if copy.original and is_project_file(copy.original) else None
        project.path = original
        self.adopt_project(project)
        # The restored work is not in any saved file yet: mark it unsaved.
        self.doc.undo_stack.resetClean()
        self._update_title()
        if self.recovery.write_now() is not None:
            copy.discard()
        self.statusBar().showMessage(f"Restored {copy.title}. Save it to keep it.", 10000)
        return True

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
        if self.in_presentation:
            self.leave_presentation()
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
        if self.in_presentation:
            self.leave_presentation()
        if not self.maybe_save():
            event.ignore()
            return
        if self._flow is not None and self._flow.runner is not None and not self._flow.runner.done:
            self._flow.cancel()
            self._flow.runner.worker_thread.wait(3000)
        shutdown = getattr(self.robustness_view, "shutdown", None)
        if callable(shutdown):
            shutdown()  # a running robustness check stops before its view goes
        self.save_window_state()
        self.recovery.stop()
        # Empty the history while the window is alive: a stack destroyed with edits in it
        # would still signal a clean-state change to a document already gone.
        self.doc.undo_stack.clear()
        event.accept()

    # ==== drag and drop ==========================================================================
    @staticmethod
    def droppable(paths: Sequence[Path]) -> list[Path]:
        return [p for p in paths if p.is_dir() or p.suffix.lower() in OPENABLE_SUFFIXES]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and self.droppable(paths):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self.droppable(
            [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        )
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        # After the drop returns: the drag source must not wait on our dialogs.
        QTimer.singleShot(0, lambda: self.open_dropped(paths))

    def open_dropped(self, paths: Sequence[Path]) -> None:
        """A project opens; spreadsheets import (updating an open workshop)."""
        projects = [p for p in paths if is_project_file(p)]
        if projects:
            self.open_path(projects[0])
        else:
            self.import_paths(paths)


def _as_bool(value: object) -> bool:
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)
