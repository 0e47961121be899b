"""The window's actions, menus and toolbar: every command with its tip and shortcut.

The actions live on the window as `act_*` (views and tests reach them there); what they do is
the window's, its file controller's or presentation mode's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence, QPalette
from PySide6.QtWidgets import QMenu, QToolBar, QWidget

from sweetspot.ui import brand

if TYPE_CHECKING:
    from sweetspot.ui.main_window import MainWindow

Shortcut = QKeySequence.StandardKey | str | Sequence[QKeySequence]

VIEWS = ("matrix", "backlog", "graph", "data", "journey", "review")
VIEW_TITLES = {
    "matrix": "Matrix",
    "backlog": "Backlog",
    "graph": "Overlap graph",
    "data": "Data",
    "journey": "Journey",
    "review": "Impact review",
}
VIEW_TIPS = {
    "matrix": "The sweet-spot matrix: customer impact across, business impact up",
    "backlog": "The ranked backlog of initiatives",
    "graph": "How insights, initiatives and objectives are linked, and what is left uncovered",
    "data": "Edit insights, objectives, initiatives and links",
    "journey": "Where in the journey customers hurt, how they feel, and what the plan relieves",
    "review": "Two survey waves: did the needs the delivered initiatives act on move?",
}
# The toolbar icon of each action that has one (redrawn when the palette turns dark or light).
ICONS = {
    "act_new": "new",
    "act_open": "open",
    "act_import": "import",
    "act_save": "save",
    "act_undo": "undo",
    "act_redo": "redo",
    "act_delete": "delete",
    "act_export_backlog": "export",
    "act_export_matrix": "image",
    "act_presentation": "present",
    "act_how": "help",
}


def _as_bool(value: object) -> bool:
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


def toolbar_icon(widget: QWidget, name: str) -> QIcon:
    return brand.toolbar_icon(name, widget.palette().color(QPalette.ColorRole.ButtonText))


def refresh_icons(w: MainWindow) -> None:
    """Redraw the line icons in the palette's text colour (after a light/dark switch)."""
    for attribute, name in ICONS.items():
        action: QAction = getattr(w, attribute)
        action.setIcon(toolbar_icon(w, name))


def make_action(
    w: MainWindow,
    text: str,
    tip: str,
    slot: Callable[..., object] | None = None,
    shortcut: Shortcut | None = None,
    icon: str | None = None,
    checkable: bool = False,
) -> QAction:
    action = QAction(text, w)
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
        action.setIcon(toolbar_icon(w, icon))
    action.setCheckable(checkable)
    if slot is not None:
        action.triggered.connect(lambda *_a: slot())
    # Added to the window too, so shortcuts work with the menu bar hidden (presentation).
    w.addAction(action)
    return action


def build_actions(w: MainWindow) -> None:
    """Every window action, kept on the window as `act_*`."""
    sk = QKeySequence.StandardKey
    a = partial(make_action, w)

    w.act_new = a("&New", "Start an empty workshop", w.files.new_workshop, sk.New, "new")
    w.act_open = a(
        "&Open…",
        "Open a SweetSpot project or a spreadsheet",
        w.files.open_dialog,
        sk.Open,
        "open",
    )
    w.act_import = a(
        "&Import spreadsheet…",
        "Read insights, objectives, initiatives and links from a workbook or CSV files; "
        "into an open workshop this updates it and keeps links, weights and placements",
        w.files.import_dialog,
        "Ctrl+I",
        "import",
    )
    w.act_save = a("&Save", "Save the workshop as a project", w.files.save, sk.Save, "save")
    w.act_save_as = a(
        "Save &As…", "Save the workshop as a project under a new name", w.files.save_as, sk.SaveAs
    )
    w.act_close = a(
        "&Close workshop",
        "Close the workshop and go back to the start page",
        w.files.close_workshop,
        sk.Close,
    )
    w.act_export_backlog = a(
        "&Export backlog to Excel…",
        "Write the ranked backlog, unmet needs and the method to an Excel workbook for the client",
        w.files.export_backlog,
        "Ctrl+E",
        "export",
    )
    w.act_export_matrix = a(
        "Export &matrix image…",
        "Save the sweet-spot matrix as a PNG picture for slides and reports",
        w.files.export_matrix_image,
        "Ctrl+Shift+E",
        "image",
    )
    w.act_export_report = a(
        "Export workshop &report (PDF)…",
        "Write a PDF for the client: matrix, top-10 backlog with drivers, unmet needs, lens "
        "comparison, robustness, method and parameters",
        w.files.export_report,
    )
    w.files.act_import_wave = a(
        "Import survey &wave…",
        "Add a later survey as a wave of the open workshop: its Insight waves sheet, or its "
        "Insights table's satisfaction under a name you give; the Impact review compares waves",
        w.files.import_wave,
    )
    w.files.act_import_survey = a(
        "Import survey &responses…",
        "Turn a survey export (one row per respondent) into evidence-backed insights: "
        "satisfaction with intervals, derived importance (key drivers), comment themes",
        w.files.import_survey,
    )
    w.files.act_export_slides = a(
        "Export &slides…",
        "Write a 16:9 PowerPoint deck for the client: matrix, top 10, the top five initiatives "
        "with their evidence, unmet needs, lenses, robustness and method, with speaker notes",
        w.files.export_slides,
    )
    w.files.act_export_jira = a(
        "Backlog for &Jira…",
        "Write the ranked initiatives as a CSV that Jira's CSV importer takes: one issue each, "
        "priority from the rank, scores, drivers and linked insights in the description",
        lambda: w.files.export_tracker("jira"),
    )
    w.files.act_export_azure = a(
        "Backlog for &Azure DevOps…",
        "Write the ranked initiatives as a CSV that Azure Boards' import takes: one work item "
        "each, priority from the rank, scores, drivers and linked insights in the description",
        lambda: w.files.export_tracker("azure"),
    )
    w.act_what_if = a(
        "Include live &what-if sheet",
        "Add a What-if sheet to the Excel export: the client edits objective weights and α "
        "in Excel or LibreOffice and the scores and ranks recalculate",
        checkable=True,
    )
    w.act_what_if.setChecked(str(w.app_settings.value("export/what_if", "false")).lower() == "true")
    w.act_what_if.toggled.connect(
        lambda on: w.app_settings.setValue("export/what_if", "true" if on else "false")
    )
    w.act_template = a(
        "Download &template…",
        "Save an empty input workbook to fill in with the client",
        w.files.save_template,
    )
    w.act_quit = a("&Quit", "Close SweetSpot", w.close, sk.Quit)
    w.act_quit.setMenuRole(QAction.MenuRole.QuitRole)

    w.act_undo = w.doc.undo_stack.createUndoAction(w, "&Undo")
    w.act_undo.setShortcuts(sk.Undo)
    w.act_undo.setIcon(toolbar_icon(w, "undo"))
    w.act_redo = w.doc.undo_stack.createRedoAction(w, "&Redo")
    w.act_redo.setShortcuts(sk.Redo)
    w.act_redo.setIcon(toolbar_icon(w, "redo"))
    for act, verb in ((w.act_undo, "Undo"), (w.act_redo, "Redo")):
        # A fixed toolbar label: the menu text grows with the edit's name.
        act.setIconText(verb)
        # No fixed tooltip: Qt then shows the action's text, which names the edit.
        act.setStatusTip(f"{verb} the last edit")
        w.addAction(act)
    w.act_delete = a(
        "&Delete",
        "Delete the selected initiatives with their links and placements (undoable)",
        w.delete_selected,
        sk.Delete,
        "delete",
    )
    w.act_clear_placement = a(
        "C&lear workshop placement",
        "Rank the selected initiatives at their computed positions again",
        w.clear_selected_placements,
    )
    w.act_ask_reason = a(
        "Ask for a &reason when a bubble is moved",
        "When on, moving a bubble asks why the room placed it there",
        None,
        checkable=True,
    )
    w.act_ask_reason.setChecked(_as_bool(w.app_settings.value("matrix/ask_reason", True)))
    w.act_ask_reason.toggled.connect(lambda on: w.app_settings.setValue("matrix/ask_reason", on))

    w.view_group = QActionGroup(w)
    w.view_actions = {}
    for i, key in enumerate(VIEWS):
        act = a(
            VIEW_TITLES[key],
            VIEW_TIPS[key],
            lambda k=key: w.show_view(k),
            f"Ctrl+{i + 1}",
            checkable=True,
        )
        w.view_group.addAction(act)
        w.view_actions[key] = act
    w.view_actions["matrix"].setChecked(True)
    w.act_reset_view = a(
        "&Reset matrix view",
        "Zoom the matrix back out to show every initiative",
        w.reset_matrix,
        "Ctrl+0",
    )
    full = [QKeySequence("F11")]
    standard = QKeySequence.keyBindings(sk.FullScreen)
    full += [k for k in standard if k != full[0]]
    w.act_presentation = a(
        "&Presentation mode",
        "Full-screen matrix with large type and strong contrast for a projector (Esc leaves)",
        w.presentation.toggle,
        full,
        "present",
        checkable=True,
    )
    w.act_leave_presentation = a(
        "Leave presentation mode", "Back to the normal window", w.presentation.leave, "Esc"
    )
    w.act_leave_presentation.setEnabled(False)
    w.act_scenarios = a(
        "&Scenarios",
        "Compare the ranking under every saved lens; find the robust sweet spots",
        lambda: w.tabs.setCurrentWidget(w.scenarios),
    )
    w.act_robustness = a(
        "Rank &robustness",
        "How sure each rank is when weights, links and α move (Monte Carlo)",
        lambda: w.tabs.setCurrentWidget(w.robustness_view),
    )

    w.act_how = a(
        "&How scores work",
        "The formulas behind every number, with the parameters in use now",
        w.show_how_scores,
        sk.HelpContents,
        "help",
    )
    w.act_about = a("&About SweetSpot", "Version and credits", w.show_about)
    w.act_about.setMenuRole(QAction.MenuRole.AboutRole)
    w.act_show_report = a(
        "Import &report…",
        "Every problem the last import found, with its cell",
        w.show_import_report,
    )


def _fill(target: QMenu | QToolBar, items: Sequence[QAction | QMenu | None]) -> None:
    """Add actions (and submenus) in order; None is a separator."""
    for item in items:
        if item is None:
            target.addSeparator()
        elif isinstance(item, QMenu):
            assert isinstance(target, QMenu)
            target.addMenu(item)
        else:
            target.addAction(item)


def _menu(w: MainWindow, title: str, items: Sequence[QAction | QMenu | None]) -> QMenu:
    menu = w.menuBar().addMenu(title)
    menu.setToolTipsVisible(True)
    _fill(menu, items)
    return menu


def _export_menu(w: MainWindow) -> QMenu:
    """File ▸ Export ▸ the backlog for the delivery team's tracker."""
    menu = QMenu("E&xport", w)
    menu.setToolTipsVisible(True)
    _fill(menu, [w.files.act_export_jira, w.files.act_export_azure])
    return menu


def build_menus(w: MainWindow) -> None:
    w.recent_menu = QMenu("Open &Recent", w)
    w.recent_menu.setToolTipsVisible(True)
    w.recent_menu.aboutToShow.connect(w.files._fill_recent_menu)
    w.file_menu = _menu(
        w,
        "&File",
        [
            *(w.act_new, w.act_open, w.recent_menu, None, w.act_import),
            *(w.files.act_import_survey, w.files.act_import_wave, w.act_template, None),
            *(w.act_save, w.act_save_as, None, w.act_export_backlog, w.act_export_matrix),
            *(w.act_export_report, w.files.act_export_slides, _export_menu(w), w.act_what_if),
            *(None, w.act_close, w.act_quit),
        ],
    )
    deliverables = (
        w.files.act_import_survey,
        w.files.act_import_wave,
        w.files.act_export_slides,
        w.files.act_export_jira,
        w.files.act_export_azure,
    )

    def enable_deliverables() -> None:  # like the other exports: only with a workshop open
        for act in deliverables:
            act.setEnabled(w.has_workshop)

    w.file_menu.aboutToShow.connect(enable_deliverables)
    w.edit_menu = _menu(
        w,
        "&Edit",
        [w.act_undo, w.act_redo, None, w.act_delete, w.act_clear_placement, None, w.act_ask_reason],
    )
    toggles = []
    for dock in w.docks:
        toggle = dock.toggleViewAction()
        toggle.setToolTip(f"Show or hide the {dock.windowTitle()} panel")
        toggle.setStatusTip(toggle.toolTip())
        toggles.append(toggle)
    w.view_menu = _menu(
        w,
        "&View",
        [
            *(w.view_actions[key] for key in VIEWS),
            *(w.act_scenarios, w.act_robustness, None, *toggles, None),
            *(w.act_reset_view, w.act_presentation),
        ],
    )
    w.help_menu = _menu(w, "&Help", [w.act_how, w.act_show_report, None, w.act_about])


def build_toolbar(w: MainWindow) -> None:
    # Short labels beside the toolbar icons; menus keep the full names.
    for act, short in (
        (w.act_import, "Import"),
        (w.act_export_backlog, "Export backlog"),
        (w.act_export_matrix, "Export image"),
        (w.act_presentation, "Present"),
    ):
        act.setIconText(short)
    tb = QToolBar("Main toolbar", w)
    tb.setObjectName("toolbar-main")
    tb.setMovable(False)
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    _fill(tb, [w.act_open, w.act_import, w.act_save, None, w.act_undo, w.act_redo, None])
    _fill(tb, [w.act_export_backlog, w.act_export_matrix, None, w.act_presentation])
    for act in tb.actions():
        button = tb.widgetForAction(act)
        if button is not None and not button.toolTip():
            button.setToolTip(act.toolTip())
    w.addToolBar(tb)
    w.toolbar = tb
