"""The overlap graph: which customer needs and business objectives each initiative connects.

Drawing lives in `sweetspot.core.plot.draw_graph`; this widget adds the layout toggle,
hover tooltips, click-to-select with a neighbourhood highlight, zoom and pan. Hit-testing uses
the same cached display positions and numpy nearest-point test as the matrix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from matplotlib.backend_bases import MouseEvent
from PySide6.QtCore import QPoint, QPointF, QTimer
from PySide6.QtWidgets import QButtonGroup, QLabel, QWidget

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
from sweetspot.ui.views.plot_canvas import Limits, PlotCanvasView, Press, tool_button

if TYPE_CHECKING:
    from sweetspot.core.graph import OverlapReport

Layout = Literal["layered", "force"]
USAGE = "Click an item to highlight what it connects to · scroll to zoom · drag to pan"


class GraphView(PlotCanvasView):
    """Needs, initiatives and objectives with their links; one shared initiative selection."""

    # selectionChanged: initiative IDs after a click on an initiative (as the matrix).
    # hovered: the node under the pointer as (kind, id), or None.

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            "Overlap graph",
            "Customer needs on the left, initiatives in the middle, business objectives on the "
            "right; lines are links, thicker for stronger links.",
            labels_tip="Show or hide the names next to the items",
            reset_tip="Zoom back out to show the whole graph",
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
        self.note = QLabel(USAGE)
        self.note.setToolTip("How to use the overlap graph")

        self._workshop: Workshop | None = None
        self._result: ScoreResult | None = None
        self._report: OverlapReport | None = None
        self._artists: GraphArtists | None = None
        self._layout: Layout = "layered"
        self._focus: list[NodeKey] = []  # a need or objective clicked here (not shared)
        self._home: Limits | None = None
        self._force_positions: dict[NodeKey, tuple[float, float]] | None = None
        self._force_signature: tuple[Any, ...] | None = None
        # A resize changes how much room each node gets (sizes, fonts): redraw once it settles.
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(120)
        self._resize_timer.timeout.connect(self._redraw)
        self._build_toolbar(
            [self.layered_button, self.force_button, self.labels_button, self.reset_button],
            self.note,
        )

    # -- public API --------------------------------------------------------------------------
    @property
    def artists(self) -> GraphArtists | None:
        return self._artists

    def set_data(
        self,
        workshop: Workshop | None,
        result: ScoreResult | None,
        report: OverlapReport | None = None,
    ) -> None:
        """Show a workshop's graph (full redraw). The view and a force layout stay put when
        only the scores changed."""
        if not self._keep_for(result):
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

    def reset_view(self) -> None:
        self._view = None
        if self._artists is not None and self._home is not None:
            self._apply_limits(*self._home)

    def node_widget_pos(self, key: NodeKey) -> QPointF:
        """Where a node is drawn, in canvas widget pixels."""
        if self._artists is None or key not in self._artists.index:
            raise KeyError(key)
        x, y = self._artists.xy[self._artists.index[key]]
        return self.data_to_widget(float(x), float(y))

    def node_at(self, pos: QPointF | QPoint) -> NodeKey | None:
        row = self._hit_at(pos)
        return None if row is None or self._artists is None else self._artists.keys[row]

    # -- drawing -----------------------------------------------------------------------------
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
        self.note.setText(self._artists.note or USAGE)
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

    def _on_resize(self, _event: Any) -> None:
        drawn_at = self._artists.size_inches if self._artists is not None else None
        if drawn_at is None or tuple(self.figure.get_size_inches()) != drawn_at:
            self._resize_timer.start()

    def _apply_limits(self, xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
        if self._artists is None:
            return
        self._artists.ax.set_xlim(*xlim)
        self._artists.ax.set_ylim(*ylim)
        self._refresh_cache()
        self.canvas.draw_idle()

    def _bounds(self) -> Limits:
        """How far the view may wander: the home view plus its own size on each side."""
        assert self._home is not None
        (x0, x1), (y0, y1) = self._home
        w, h = x1 - x0, y1 - y0
        return (x0 - w, x1 + w), (y0 - h, y1 + h)

    # -- mouse -------------------------------------------------------------------------------
    def _on_press(self, event: MouseEvent) -> None:
        if event.button != 1 or self._artists is None or event.x is None or event.y is None:
            return
        self._press = self._new_press(event, self.hit_test(event.x, event.y))

    def _on_motion(self, event: MouseEvent) -> None:
        if event.x is None or event.y is None:
            return
        press = self._press
        if press is None:
            row = self.hit_test(event.x, event.y)
            key = None if row is None or self._artists is None else self._artists.keys[row]
            self._set_hover(key, event)
            return
        if not self._moved_enough(press, event):
            return
        self._set_hover(None, None)
        self._apply_limits(*self._panned_limits(press, event.x, event.y, self._bounds()))

    def _on_release(self, event: MouseEvent) -> None:
        press = self._take_press(event)
        if press is None:
            return
        if self._panning:
            self._panning = False
            if self._artists is not None:
                self._view = (self._artists.ax.get_xlim(), self._artists.ax.get_ylim())
            return
        self._click(press)

    def _click(self, press: Press) -> None:
        if self._artists is None:
            return
        key = None if press.hit is None else self._artists.keys[press.hit]
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
        if self._artists is None:
            return
        ax = self._artists.ax
        (x0, x1), (y0, y1) = self._home or (ax.get_xlim(), ax.get_ylim())
        limits = self._zoomed_limits(event, self._bounds(), ((x1 - x0) / 50, (y1 - y0) / 50))
        if limits is not None:
            self._view = limits
            self._apply_limits(*limits)

    def _tooltip_for(self, key: NodeKey) -> str | None:
        return None if self._artists is None else graph_tooltip(self._artists, key)
