"""The overlap graph: which customer needs and business objectives each initiative connects.

Drawing lives in `sweetspot.core.plotting.draw_graph`; this widget adds the layout toggle,
hover tooltips, click-to-select with a neighbourhood highlight, zoom and pan. Hit-testing uses
the same cached display positions and numpy nearest-point test as the matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from matplotlib.backend_bases import DrawEvent, LocationEvent, MouseEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from sweetspot.core.model import Workshop
from sweetspot.core.plot import (
    GraphArtists,
    NodeKey,
    draw_graph,
    graph_tooltip,
    highlight_graph,
)
from sweetspot.core.scoring import ScoreResult
from sweetspot.ui import theme
from sweetspot.ui.matrix_view import (
    DRAG_THRESHOLD,
    HIT_TOLERANCE,
    ZOOM_STEP,
    clamp_span,
    control_pressed,
    nearest_hit,
    tool_button,
    zoom_limits,
)

if TYPE_CHECKING:
    from sweetspot.core.graph import OverlapReport

Layout = Literal["layered", "force"]
Limits = tuple[tuple[float, float], tuple[float, float]]


@dataclass
class _Press:
    x: float
    y: float
    node: int | None
    ctrl: bool
    limits: Limits
    inverse: Any


class GraphView(QWidget):
    """Needs, initiatives and objectives with their links; one shared initiative selection."""

    # Selected initiative IDs after a click on an initiative (Ctrl-click adds or removes one).
    selectionChanged = Signal(list)
    # The node under the pointer as (kind, id), or None.
    hovered = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure = Figure()
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setAccessibleName("Overlap graph")
        self.canvas.setAccessibleDescription(
            "Customer needs on the left, initiatives in the middle, business objectives on the "
            "right; lines are links, thicker for stronger links."
        )

        self.layered_button = tool_button(
            "Layered columns",
            "Needs, initiatives (by rank) and objectives in three columns",
            lambda on: self._layout_toggled("layered", on),
            checked=True,
        )
        self.force_button = tool_button(
            "Force layout",
            "Let linked items pull together, to see clusters (up to 499 items)",
            lambda on: self._layout_toggled("force", on),
            checked=False,
        )
        group = QButtonGroup(self)
        group.setExclusive(True)
        group.addButton(self.layered_button)
        group.addButton(self.force_button)
        self.labels_button = tool_button(
            "Labels",
            "Show or hide the names next to the items",
            self.set_labels_visible,
            checked=True,
        )
        self.reset_button = tool_button(
            "Reset view", "Zoom back out to show the whole graph", self.reset_view
        )
        self.note = QLabel(
            "Click an item to highlight what it connects to · scroll to zoom · drag to pan"
        )
        self.note.setToolTip("How to use the overlap graph")
        self.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 0)
        for button in (self.layered_button, self.force_button, self.labels_button):
            bar.addWidget(button)
        bar.addWidget(self.reset_button)
        bar.addSpacing(12)
        bar.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.canvas, 1)

        self._workshop: Workshop | None = None
        self._result: ScoreResult | None = None
        self._report: OverlapReport | None = None
        self._artists: GraphArtists | None = None
        self._layout: Layout = "layered"
        self._labels = True
        self._presentation = False
        self._selection: list[str] = []
        self._focus: list[NodeKey] = []  # a need or objective clicked here (not shared)
        self._view: Limits | None = None
        self._home: Limits | None = None
        self._force_positions: dict[NodeKey, tuple[float, float]] | None = None
        self._force_signature: tuple[Any, ...] | None = None
        self._disp = np.zeros((0, 2))
        self._radii = np.zeros(0)
        self._press: _Press | None = None
        self._panning = False
        self._hover: NodeKey | None = None
        self._tooltip = ""
        # A resize changes how much room each node gets (sizes, fonts): redraw once it settles.
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(120)
        self._resize_timer.timeout.connect(self._redraw)
        self._style_note()

        self.canvas.mpl_connect("button_press_event", self._on_press)
        self.canvas.mpl_connect("motion_notify_event", self._on_motion)
        self.canvas.mpl_connect("button_release_event", self._on_release)
        self.canvas.mpl_connect("scroll_event", self._on_scroll)
        self.canvas.mpl_connect("draw_event", self._on_draw)
        self.canvas.mpl_connect("resize_event", self._on_resize)
        self.canvas.mpl_connect("figure_leave_event", self._on_leave)

    # -- public API --------------------------------------------------------------------------
    @property
    def artists(self) -> GraphArtists | None:
        return self._artists

    def selection(self) -> list[str]:
        return list(self._selection)

    def tooltip_text(self) -> str:
        return self._tooltip

    def set_data(
        self,
        workshop: Workshop | None,
        result: ScoreResult | None,
        report: OverlapReport | None = None,
    ) -> None:
        """Show a workshop's graph (full redraw). The view and a force layout stay put when
        only the scores changed."""
        if result is not None:
            known = set(result.table["id"].astype(str))
            self._selection = [i for i in self._selection if i in known]
            before = set() if self._result is None else set(self._result.table["id"].astype(str))
            if not known & before:
                self._view = None  # a different workshop: start from the home view
                self._focus = []
        self._workshop = workshop
        self._result = result
        self._report = report
        self._redraw()

    def set_selection(self, ids: list[str]) -> None:
        """Highlight these initiatives' neighbourhoods (from another view); emits nothing."""
        ids = [str(i) for i in dict.fromkeys(ids)]
        if ids == self._selection and not self._focus:
            return
        self._selection = ids
        self._focus = []
        self._apply_highlight()

    def set_layout(self, layout: Layout) -> None:
        if layout == self._layout:
            return
        self._layout = layout
        (self.force_button if layout == "force" else self.layered_button).setChecked(True)
        self._view = None
        self._redraw()

    def _layout_toggled(self, layout: Layout, on: bool) -> None:
        if on:
            self.set_layout(layout)

    def layout_used(self) -> str:
        """The layout drawn ("force" falls back to "layered" on big graphs)."""
        return self._artists.layout if self._artists is not None else self._layout

    def set_labels_visible(self, on: bool) -> None:
        if on != self._labels:
            self._labels = on
            self.labels_button.setChecked(on)
            self._redraw()

    def set_presentation(self, on: bool) -> None:
        if on == self._presentation:
            return
        self._presentation = on
        for w in (
            self.layered_button,
            self.force_button,
            self.labels_button,
            self.reset_button,
            self.note,
        ):
            theme.apply_presentation_font(w, on)
        self._redraw()

    def reset_view(self) -> None:
        self._view = None
        if self._artists is not None and self._home is not None:
            self._apply_limits(*self._home)

    def data_to_widget(self, x: float, y: float) -> QPointF:
        """Where data point (x, y) is, in canvas widget pixels."""
        ax = self.figure.axes[0]
        dx, dy = ax.transData.transform((x, y))
        dpr = self.canvas.device_pixel_ratio
        return QPointF(float(dx) / dpr, (self.figure.bbox.height - float(dy)) / dpr)

    def node_widget_pos(self, key: NodeKey) -> QPointF:
        """Where a node is drawn, in canvas widget pixels."""
        if self._artists is None or key not in self._artists.index:
            raise KeyError(key)
        x, y = self._artists.xy[self._artists.index[key]]
        return self.data_to_widget(float(x), float(y))

    def node_at(self, pos: QPointF | QPoint) -> NodeKey | None:
        dpr = self.canvas.device_pixel_ratio
        row = self._hit(pos.x() * dpr, self.figure.bbox.height - pos.y() * dpr)
        return None if row is None or self._artists is None else self._artists.keys[row]

    # -- drawing -----------------------------------------------------------------------------
    def _style_note(self) -> None:
        self.note.setStyleSheet(f"color: {theme.muted_colour(self.palette()).name()};")

    def _signature(self) -> tuple[Any, ...]:
        """What a force layout depends on: the nodes and links, not the scores."""
        w = self._workshop
        if w is None:
            return ()
        return (
            tuple(w.insights["id"].astype(str)),
            tuple(w.objectives["id"].astype(str)),
            tuple(w.initiatives["id"].astype(str)),
            tuple(map(tuple, w.links[["initiative", "target", "strength"]].astype(str).values)),
        )

    def _redraw(self) -> None:
        self._press = None
        self._panning = False
        style = theme.matrix_style(presentation=self._presentation, palette=self.palette())
        if self._workshop is None or self._result is None:
            self.figure.clear()
            self.figure.set_facecolor(style.background)
            self._artists = None
            self._refresh_cache()
            self.canvas.draw_idle()
            return
        positions = None
        if self._layout == "force":
            signature = self._signature()
            if signature == self._force_signature:
                positions = self._force_positions
            else:
                self._force_signature, self._force_positions = signature, None
        self._artists = draw_graph(
            self.figure,
            self._workshop,
            self._result,
            self._report,
            layout=self._layout,
            selected=self._selection,
            style=style,
            labels=self._labels,
            limits=self._view,
            positions=positions,
        )
        if self._artists.layout == "force" and positions is None:
            self._force_positions = self._artists.positions()
        ax = self._artists.ax
        if self._view is None:
            self._home = (ax.get_xlim(), ax.get_ylim())
        self.note.setText(
            self._artists.note
            or "Click an item to highlight what it connects to · scroll to zoom · drag to pan"
        )
        if self._focus:
            highlight_graph(self._artists, self._focus)
        self._refresh_cache()
        self.canvas.draw_idle()

    def _apply_highlight(self) -> None:
        if self._artists is None:
            return
        keys = self._focus or [("initiative", i) for i in self._selection]
        highlight_graph(self._artists, keys)
        self.canvas.draw_idle()

    def _refresh_cache(self) -> None:
        if self._artists is None:
            self._disp = np.zeros((0, 2))
            self._radii = np.zeros(0)
            return
        self._disp = self._artists.display_xy()
        self._radii = self._artists.radii_px()

    def _on_resize(self, _event: Any) -> None:
        drawn_at = self._artists.size_inches if self._artists is not None else None
        if drawn_at is None or tuple(self.figure.get_size_inches()) != drawn_at:
            self._resize_timer.start()

    def _on_draw(self, _event: DrawEvent) -> None:
        self._refresh_cache()  # bookkeeping only: never draw from a draw_event

    def _apply_limits(self, xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
        if self._artists is None:
            return
        self._artists.ax.set_xlim(*xlim)
        self._artists.ax.set_ylim(*ylim)
        self._refresh_cache()
        self.canvas.draw_idle()

    def _bounds(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """How far the view may wander: the home view plus its own size on each side."""
        assert self._home is not None
        (x0, x1), (y0, y1) = self._home
        w, h = x1 - x0, y1 - y0
        return (x0 - w, x1 + w), (y0 - h, y1 + h)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._style_note()
            self._redraw()

    # -- mouse -------------------------------------------------------------------------------
    def _hit(self, x: float, y: float) -> int | None:
        return nearest_hit(
            self._disp, self._radii, x, y, HIT_TOLERANCE * self.canvas.device_pixel_ratio
        )

    def _on_press(self, event: MouseEvent) -> None:
        if event.button != 1 or self._artists is None or event.x is None or event.y is None:
            return
        ax = self._artists.ax
        self._press = _Press(
            x=float(event.x),
            y=float(event.y),
            node=self._hit(event.x, event.y),
            ctrl=control_pressed(event),
            limits=(ax.get_xlim(), ax.get_ylim()),
            inverse=ax.transData.inverted(),
        )

    def _on_motion(self, event: MouseEvent) -> None:
        if event.x is None or event.y is None:
            return
        press = self._press
        if press is None:
            row = self._hit(event.x, event.y)
            key = None if row is None or self._artists is None else self._artists.keys[row]
            self._set_hover(key, event)
            return
        moved = np.hypot(event.x - press.x, event.y - press.y)
        if moved < DRAG_THRESHOLD * self.canvas.device_pixel_ratio and not self._panning:
            return
        self._panning = True
        self._set_hover(None, None)
        start = press.inverse.transform((press.x, press.y))
        now = press.inverse.transform((event.x, event.y))
        dx, dy = start[0] - now[0], start[1] - now[1]
        (x0, x1), (y0, y1) = press.limits
        bx, by = self._bounds()
        self._apply_limits(clamp_span(x0 + dx, x1 + dx, bx), clamp_span(y0 + dy, y1 + dy, by))

    def _on_release(self, event: MouseEvent) -> None:
        if event.button != 1:
            return
        press, self._press = self._press, None
        if press is None:
            return
        if self._panning:
            self._panning = False
            if self._artists is not None:
                self._view = (self._artists.ax.get_xlim(), self._artists.ax.get_ylim())
            return
        self._click(press)

    def _click(self, press: _Press) -> None:
        if self._artists is None:
            return
        key = None if press.node is None else self._artists.keys[press.node]
        old_selection = list(self._selection)
        if key is None:
            self._focus = []
            if not press.ctrl:
                self._selection = []
        elif key[0] == "initiative":
            self._focus = []
            ident = key[1]
            if press.ctrl:
                self._selection = [i for i in self._selection if i != ident]
                if ident not in old_selection:
                    self._selection.append(ident)
            else:
                self._selection = [ident]
        else:
            # A need or an objective: highlight here; the shared selection is initiatives only.
            self._focus = [key]
        self._apply_highlight()
        if self._selection != old_selection:
            self.selectionChanged.emit(list(self._selection))

    def _on_scroll(self, event: MouseEvent) -> None:
        if self._artists is None or event.xdata is None or event.ydata is None:
            return
        gui = event.guiEvent
        steps = gui.angleDelta().y() / 120.0 if gui is not None else float(event.step)
        if not steps:
            return
        factor = ZOOM_STEP ** (-steps)
        ax = self._artists.ax
        bx, by = self._bounds()
        (x0, x1), (y0, y1) = self._home or (ax.get_xlim(), ax.get_ylim())
        xlim = zoom_limits(*ax.get_xlim(), float(event.xdata), factor, bx, (x1 - x0) / 50)
        ylim = zoom_limits(*ax.get_ylim(), float(event.ydata), factor, by, (y1 - y0) / 50)
        self._view = (xlim, ylim)
        self._apply_limits(xlim, ylim)

    def _on_leave(self, _event: LocationEvent) -> None:
        if self._press is None:
            self._set_hover(None, None)

    def _set_hover(self, key: NodeKey | None, event: MouseEvent | None) -> None:
        if key == self._hover:
            return
        self._hover = key
        if key is None or self._artists is None:
            self._tooltip = ""
            QToolTip.hideText()
            self.canvas.unsetCursor()
        else:
            self._tooltip = graph_tooltip(self._artists, key)
            self.canvas.setCursor(Qt.CursorShape.PointingHandCursor)
            if event is not None:
                dpr = self.canvas.device_pixel_ratio
                pos = QPoint(int(event.x / dpr), int((self.figure.bbox.height - event.y) / dpr))
                QToolTip.showText(self.canvas.mapToGlobal(pos), self._tooltip, self.canvas)
        self.hovered.emit(key)
