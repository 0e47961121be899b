"""Presentation mode: the matrix full screen, large type, strong contrast, for a projector.

Everything the window hid comes back exactly as it was (geometry, docks, view) when the room
leaves it with Esc.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sweetspot.ui.main_window import MainWindow

# The window's saveState() version: bump it when the dock layout changes meaning.
STATE_VERSION = 1


class PresentationMode:
    """Enters and leaves presentation mode for one main window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._saved: dict[str, Any] | None = None

    @property
    def active(self) -> bool:
        return self._saved is not None

    def toggle(self) -> None:
        if self.active:
            self.leave()
        else:
            self.enter()

    def _chrome(self) -> tuple[Any, ...]:
        w = self.window
        return (w.toolbar, w.statusBar(), w.menuBar(), w.tabs.tabBar())

    def _set_views(self, on: bool) -> None:
        self.window.matrix.set_presentation(on)
        self.window.graph.set_presentation(on)
        self.window.journey.set_presentation(on)
        self.window.act_presentation.setChecked(on)
        self.window.act_leave_presentation.setEnabled(on)

    def enter(self) -> None:
        w = self.window
        if self.active or not w.has_workshop:
            w.act_presentation.setChecked(self.active)
            return
        self._saved = {
            "geometry": w.saveGeometry(),
            "state": w.saveState(STATE_VERSION),
            "maximized": w.isMaximized(),
            "view": w.current_view(),
        }
        w.show_view("matrix")
        for part in self._chrome():
            part.hide()
        for dock in w.docks:
            dock.hide()
        self._set_views(True)
        w.showFullScreen()

    def leave(self) -> None:
        w = self.window
        saved = self._saved
        if saved is None:
            w.act_presentation.setChecked(False)
            return
        self._saved = None
        self._set_views(False)
        for part in self._chrome():
            part.show()
        w.showNormal()
        if saved["maximized"]:
            w.showMaximized()
        w.restoreGeometry(saved["geometry"])
        w.restoreState(saved["state"], STATE_VERSION)
        w.show_view(saved["view"])
