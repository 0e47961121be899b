"""The sweet-spot matrix as the room uses it: hover, select, zoom, pan, and drag a bubble.

Drawing lives in `sweetspot.core.plot`; this widget only adds interaction, and it is built
to stay smooth with thousands of bubbles:
- hover and click use a numpy nearest-point test on bubble centres cached in display pixels
  after every draw (matplotlib's pick_event costs 50–80 ms per event at 10k points);
- a dragged bubble is an animated artist blitted over a background captured after the last full
  draw; the full figure is redrawn only when a drag starts and when it ends;
- everything that moves with the scores (bubbles, crosshair, labels, ...) is animated too: a full
  draw renders the static rest (axes, ticks, legends) once and caches it, and new scores of the
  same initiatives update the artists in place and repaint them over that cache (M, score
  included: ~40 ms instead of ~155 ms for a rebuild and a full draw).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.backend_bases import DrawEvent, KeyEvent, MouseEvent
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QWidget,
)

from sweetspot.core.model import Workshop
from sweetspot.core.plot import (
    MatrixArtists,
    MatrixStyle,
    draw_matrix,
    matrix_dynamic_artists,
    matrix_figure,
    matrix_tooltip,
    place_labels,
    relayout_matrix,
    set_matrix_selection,
    update_matrix,
    update_quadrant_names,
)
from sweetspot.core.scoring import ScoreResult
from sweetspot.ui import theme
from sweetspot.ui.views.matrix_picture import draw_without_grabbed, grab_region, restore_rect
from sweetspot.ui.views.plot_canvas import VIEW_BOUNDS, PlotCanvasView, Press, tool_button

# The matrix may wander this far outside 0–100 on both axes.
MATRIX_BOUNDS = (VIEW_BOUNDS, VIEW_BOUNDS)
# A pointer resting this long on a bubble gets its drag background prepared: longer than the
# gap between two motion events of a moving hand, shorter than a reach for the button.
PREPARE_AFTER_MS = 60


@dataclass(frozen=True)
class _Prepared:
    """A drag background made ahead: valid while `picture` is still the painted picture."""

    row: int
    picture: Any
    background: Any
    region: Bbox


@dataclass
class _Drag:
    """A bubble being moved: the artists blitted each frame and where it started."""

    ident: str
    row: int
    grab_dx: float  # pointer offset from the bubble centre, display pixels
    grab_dy: float
    bubble: Line2D
    background: Any = None
    last_bbox: Bbox | None = None
    x: float = 0.0  # current data position
    y: float = 0.0


class MatrixView(PlotCanvasView):
    """The interactive sweet-spot matrix. Emits what the user did; the window decides."""

    # A bubble was dropped: initiative ID, agreed customer impact, agreed business impact.
    overrideRequested = Signal(str, float, float)
    # A bubble under the pointer can be dragged.
    hover_cursor = Qt.CursorShape.OpenHandCursor

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            "Sweet-spot matrix",
            "Initiatives by customer impact (across) and business impact (up). Hover a bubble "
            "for its scores; click to select; drag a bubble to record the room's placement.",
            labels_tip="Show or hide the ID and title next to each bubble",
            reset_tip="Zoom back out to show every initiative",
        )
        self.canvas.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        self.ghosts_button = tool_button(
            "Computed positions",
            "For initiatives the room has moved, show where the scores put them (dashed ring) "
            "with an arrow to the agreed position",
            self.set_ghosts_visible,
            checked=True,
        )
        self.hint = QLabel(
            "Drag a bubble to record the room's placement · scroll to zoom · drag the "
            "background to pan · Ctrl-click to select several"
        )
        self.hint.setToolTip("How to use the matrix with a mouse or trackpad")

        self._result: ScoreResult | None = None
        self._workshop: Workshop | None = None
        self._artists: MatrixArtists | None = None
        self._ghosts = True
        self._drag: _Drag | None = None
        # The static part of the picture (no animated artists), captured after each full draw,
        # and the same with the quadrant names and the crosshair note on it: text costs ~1–4 ms
        # an artist to lay out, and those change far less often than the bubbles.
        self._background: Any = None
        self._text_background: Any = None
        self._text_key: tuple[Any, ...] | None = None
        # The whole picture as last painted (static part and bubbles): a drag starts from it
        # and redraws only the grabbed bubble's neighbourhood.
        self._picture: Any = None
        # The first drag frame's background for one bubble, made while nothing else is due
        # (the pointer resting on it, or the press): the frame itself then only copies it.
        self._prepared: _Prepared | None = None
        self._prepare_row: int | None = None
        self._prepare_timer = QTimer(self)
        self._prepare_timer.setSingleShot(True)
        self._prepare_timer.setInterval(PREPARE_AFTER_MS)
        self._prepare_timer.timeout.connect(self._prepare_hovered)
        self._relayout_due = False  # resized since the last layout (see _on_resize)
        self.canvas.before_draw = self._before_draw
        # Whether this view paused Python's cyclic collector for a gesture (see _pause_collector).
        self._collector_paused = False
        # How the last new scores were shown: "rebuild", "full draw" or "in place" (benchmarks
        # and tests read it).
        self.last_update = ""
        # The moving bubble's ID and position, drawn by Qt: matplotlib 3.11 lays text out glyph
        # by glyph in Python (~0.2 ms a glyph), too slow to redraw in every drag frame.
        self._drag_tip = QLabel(self.canvas)
        self._drag_tip.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._drag_tip.hide()
        self._build_toolbar([self.reset_button, self.labels_button, self.ghosts_button], self.hint)
        self.canvas.mpl_connect("key_press_event", self._on_key)
        self._redraw()

    # -- public API --------------------------------------------------------------------------
    @property
    def artists(self) -> MatrixArtists | None:
        """What is drawn now (for tests, benchmarks and the report)."""
        return self._artists

    @property
    def result(self) -> ScoreResult | None:
        return self._result

    def set_result(self, result: ScoreResult | None, workshop: Workshop | None = None) -> None:
        """Show new scores (full redraw). A zoomed view stays zoomed; the selection is kept
        for initiatives that still exist."""
        self._cancel_drag(redraw=False)
        self._keep_for(result)
        self._result = result
        if workshop is not None:
            self._workshop = workshop
        if result is not None and self._update_in_place(result):
            return
        self.last_update = "rebuild"
        self._redraw()

    def _update_in_place(self, result: ScoreResult) -> bool:
        """New scores of the same initiatives: move the drawn artists and repaint only them."""
        artists = self._artists
        if artists is None:
            return False
        ax = artists.ax
        limits = (ax.get_xlim(), ax.get_ylim())
        if not update_matrix(artists, result, selected=self._selection, limits=self._view):
            return False
        self._press = None
        self._panning = False
        self._refresh_cache()
        if (ax.get_xlim(), ax.get_ylim()) != limits or self._background is None:
            self.last_update = "full draw"  # the axes moved: the static part changed too
            self.canvas.draw_idle()
        else:
            self.last_update = "in place"
            self._repaint_dynamic()
        return True

    def set_selection(self, ids: list[str]) -> None:
        """Outline these initiatives (from another view); emits nothing."""
        ids = [str(i) for i in dict.fromkeys(ids)]
        if ids == self._selection:
            return
        self._selection = ids
        if self._artists is not None:
            set_matrix_selection(self._artists, ids)
            self._repaint_dynamic()

    def reset_view(self) -> None:
        """Back to the home view: every bubble and the crosshair in sight."""
        self._view = None
        if self._artists is None:
            return
        (x0, x1), (y0, y1) = self._artists.home_limits
        self._apply_limits((x0, x1), (y0, y1), relabel=True)

    def set_ghosts_visible(self, on: bool) -> None:
        if on != self._ghosts:
            self._ghosts = on
            self.ghosts_button.setChecked(on)
            self._redraw()

    def export_png(self, path: str | Path, *, dpi: float = 150) -> Path:
        """The current view as a picture for a document: light style, the same zoom, selection
        and labels as on screen, 10 × 7 inches."""
        if self._result is None:
            raise ValueError("There is no matrix to export yet: score a workshop first.")
        path = Path(path)
        style = MatrixStyle.presentation() if self._presentation else MatrixStyle.light()
        fig, _ = matrix_figure(
            self._result,
            dpi=dpi,
            style=style,
            selected=self._selection,
            labels=self._labels,
            show_ghosts=self._ghosts,
            limits=self._view,
        )
        fig.savefig(path, dpi=dpi, facecolor=fig.get_facecolor())
        return path

    def bubble_at(self, pos: QPointF | QPoint) -> str | None:
        """The initiative whose bubble is under canvas widget position `pos`, if any."""
        row = self._hit_at(pos)
        return None if row is None or self._artists is None else str(self._artists.ids[row])

    def revert_preview(self) -> None:
        """Put a dropped bubble back where the current scores place it (the window calls this
        when the user cancels the placement)."""
        self._redraw()

    # -- drawing -----------------------------------------------------------------------------
    def _repaint_dynamic(self) -> None:
        """Static background back, the score-dependent artists over it, one repaint."""
        if self._background is None or self._drag is not None:
            self.canvas.draw_idle()
            return
        self._draw_dynamic()
        self.canvas.blit(self.figure.bbox)

    def _draw_dynamic(self) -> None:
        """Restore the cached background and draw the animated artists over it."""
        artists = self._artists
        if artists is None or self._background is None:
            return
        renderer = self.canvas.get_renderer()
        texts: list[Any] = [t for t in artists.quadrant_names.values() if t.get_visible()]
        if artists.note is not None:
            texts.append(artists.note)
        key = tuple((t.get_text(), t.get_position()) for t in texts)
        if self._text_background is not None and key == self._text_key:
            self.canvas.restore_region(self._text_background)
        else:
            self.canvas.restore_region(self._background)
            for text in texts:
                text.draw(renderer)
            self._text_background = self.canvas.copy_from_bbox(self.figure.bbox)
            self._text_key = key
        skip = {id(t) for t in (*artists.quadrant_names.values(), artists.note)}
        for artist in matrix_dynamic_artists(artists):
            if id(artist) not in skip and artist.get_visible():
                artist.draw(renderer)
        self._picture = self.canvas.copy_from_bbox(self.figure.bbox) if self._drag is None else None

    def _style(self) -> MatrixStyle:
        return theme.matrix_style(presentation=self._presentation, palette=self.palette())

    def _restyle(self) -> None:
        super()._restyle()
        pal = self.palette()
        self._drag_tip.setStyleSheet(
            "QLabel {"
            f" background: {pal.color(pal.ColorRole.ToolTipBase).name()};"
            f" color: {pal.color(pal.ColorRole.ToolTipText).name()};"
            f" border: 1px solid {theme.muted_colour(pal).name()};"
            " border-radius: 3px; padding: 2px 5px; }"
        )

    def _show_drag_tip(self, drag: _Drag) -> None:
        """The moving bubble's ID and where it would land, next to the bubble."""
        self._drag_tip.setText(
            f"<b>{drag.ident}</b>&nbsp; customer {drag.x:.1f} · business {drag.y:.1f}"
        )
        self._drag_tip.adjustSize()
        centre = self.data_to_widget(drag.x, drag.y)
        r = drag.bubble.get_markersize() / 2 * self.figure.dpi / 72 / self.canvas.device_pixel_ratio
        x = int(centre.x() + r + 8)
        if x + self._drag_tip.width() > self.canvas.width():
            x = int(centre.x() - r - 8 - self._drag_tip.width())
        self._drag_tip.move(x, int(centre.y() - self._drag_tip.height() / 2))
        self._drag_tip.show()

    def _redraw(self) -> None:
        """Full rebuild of the picture from the current result and settings."""
        self._press = None
        self._panning = False
        if self._result is None:
            self.figure.clear()
            self.figure.set_facecolor(self._style().background)
            self._artists = None
            self._refresh_cache()
            self.canvas.draw_idle()
            return
        self._artists = draw_matrix(
            self.figure,
            self._result,
            selected=self._selection,
            labels=self._labels,
            style=self._style(),
            show_ghosts=self._ghosts,
            limits=self._view,
            # A hidden matrix (another tab, or the window not shown yet) has no final size:
            # it is laid out when it is first drawn (see _before_draw).
            layout=self.canvas.isVisible(),
        )
        self._relayout_due = not self.canvas.isVisible()
        # Score-dependent artists are drawn over a cached static background (see _on_draw).
        for artist in matrix_dynamic_artists(self._artists):
            artist.set_animated(True)
        self._background = None
        self._refresh_cache()
        self.canvas.draw_idle()

    def _apply_limits(
        self, xlim: tuple[float, float], ylim: tuple[float, float], relabel: bool
    ) -> None:
        if self._artists is None:
            return
        ax = self._artists.ax
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        update_quadrant_names(self._artists)
        if relabel:
            place_labels(self._artists)
        self._refresh_cache()
        self.canvas.draw_idle()

    def _on_draw(self, _event: DrawEvent) -> None:
        # Only bookkeeping here: a draw started from a draw_event callback would loop.
        self._refresh_cache()
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self._text_background = None
        self._draw_dynamic()
        if self._drag is not None:
            self._drag.background = self.canvas.copy_from_bbox(self.figure.bbox)
            self._draw_drag_artists()

    def _on_resize(self, _event: Any) -> None:
        self._background = None
        if self._artists is not None:
            # Margins and labels follow the size at the next draw: a window settling at
            # start-up resizes the matrix five times (~35 ms a layout on the sample).
            self._relayout_due = True
            self._refresh_cache()

    def _before_draw(self) -> None:
        if self._relayout_due and self._artists is not None:
            self._relayout_due = False
            relayout_matrix(self._artists)
            self._refresh_cache()

    # -- mouse -------------------------------------------------------------------------------
    def _on_press(self, event: MouseEvent) -> None:
        if event.button != 1 or self._artists is None or event.x is None or event.y is None:
            return
        ax = self._artists.ax
        row = self.hit_test(event.x, event.y)
        if row is None and not ax.contains_point((event.x, event.y)):
            return
        self._hide_tooltip()
        self._press = self._new_press(event, row)
        self._prepare_timer.stop()
        if row is not None:
            self._pause_collector()
            if self._prepared_for(row) is None:
                # The press shows nothing new, so it pays for the first frame's background.
                self._prepared = self._prepare_drag(row)

    def _on_motion(self, event: MouseEvent) -> None:
        if event.x is None or event.y is None:
            return
        press = self._press
        if press is None:
            self._update_hover(event)
            return
        if self._drag is not None:
            self._move_drag(event.x, event.y)
            return
        if not self._moved_enough(press, event):
            return
        if press.hit is not None:
            self._start_drag(press)
            self._move_drag(event.x, event.y)
        else:
            self._pan_to(press, event.x, event.y)

    def _on_release(self, event: MouseEvent) -> None:
        press = self._take_press(event)
        if press is None:
            return
        try:
            self._release(press, event)
        finally:
            self._resume_collector()

    def hideEvent(self, event: Any) -> None:
        # A hidden matrix holds no bubble: a lost release must not leave the collector off.
        self._press = None
        self._cancel_drag(redraw=False)
        super().hideEvent(event)

    def _pause_collector(self) -> None:
        """No cyclic garbage collection while a bubble is held: a full collection over a
        loaded workshop takes 20–55 ms, three frames lost in the middle of a drag. The few
        cycles a drag makes are collected after the drop."""
        if not self._collector_paused and gc.isenabled():
            gc.disable()
            self._collector_paused = True

    def _resume_collector(self) -> None:
        if self._collector_paused:
            self._collector_paused = False
            gc.enable()

    def _release(self, press: Press, event: MouseEvent) -> None:
        if self._drag is not None:
            x = event.x if event.x is not None else press.x
            y = event.y if event.y is not None else press.y
            self._move_drag(x, y, blit=False)
            self._finish_drag()
            return
        if self._panning:
            self._panning = False
            if self._artists is not None:
                self._view = (self._artists.ax.get_xlim(), self._artists.ax.get_ylim())
                place_labels(self._artists)
                self._refresh_cache()
                self.canvas.draw_idle()
            return
        self._click(press)

    def _click(self, press: Press) -> None:
        if self._artists is None:
            return
        if press.hit is None:
            new: list[str] = [] if not press.ctrl else list(self._selection)
        else:
            ident = str(self._artists.ids[press.hit])
            if press.ctrl:
                new = [i for i in self._selection if i != ident]
                if ident not in self._selection:
                    new.append(ident)
            else:
                new = [ident]
        if new != self._selection:
            self._selection = new
            set_matrix_selection(self._artists, new)
            self._repaint_dynamic()
            self.selectionChanged.emit(list(new))

    def _pan_to(self, press: Press, x: float, y: float) -> None:
        self._apply_limits(*self._panned_limits(press, x, y, MATRIX_BOUNDS), relabel=False)

    def _on_scroll(self, event: MouseEvent) -> None:
        if self._artists is None or self._drag is not None:
            return
        limits = self._zoomed_limits(event, MATRIX_BOUNDS)
        if limits is not None:
            self._view = limits
            self._apply_limits(*limits, relabel=True)

    def _on_key(self, event: KeyEvent) -> None:
        if event.key == "escape" and self._drag is not None:
            self._press = None
            self._cancel_drag(redraw=True)

    # -- hover -------------------------------------------------------------------------------
    def _update_hover(self, event: MouseEvent) -> None:
        row = self.hit_test(event.x, event.y)
        ident = None if row is None or self._artists is None else str(self._artists.ids[row])
        self._set_hover(ident, event)
        if row is None or self._prepared_for(row) is not None:
            self._prepare_timer.stop()
        elif row != self._prepare_row or not self._prepare_timer.isActive():
            self._prepare_row = row
            self._prepare_timer.start()  # restarted by every move onto another bubble

    def _prepare_hovered(self) -> None:
        row = self._prepare_row
        if row is None or self._press is not None or self._drag is not None:
            return
        if self._artists is None or row >= len(self._artists.ids):
            return
        if self._hover != str(self._artists.ids[row]):
            return  # the pointer left the bubble before the timer fired
        self._prepared = self._prepare_drag(row)

    def _tooltip_for(self, ident: str) -> str | None:
        return None if self._result is None else matrix_tooltip(self._result, ident)

    # -- dragging a bubble -------------------------------------------------------------------
    def _start_drag(self, press: Press) -> None:
        artists = self._artists
        assert artists is not None and artists.scatter is not None and press.hit is not None
        row = press.hit
        ident = str(artists.ids[row])
        ax = artists.ax
        cx, cy = self._disp[row]
        x, y = artists.xy[row]
        edge = np.asarray(artists.scatter.get_edgecolor())
        widths = np.atleast_1d(np.asarray(artists.scatter.get_linewidth(), dtype=float))
        # A Line2D marker, not a one-point scatter: a collection re-measures its marker's
        # Bézier extents on every draw (~2 ms), a line marker does not.
        (bubble,) = ax.plot(
            [x],
            [y],
            linestyle="none",
            marker="o",
            markersize=float(np.sqrt(artists.sizes[row])),
            markerfacecolor=tuple(artists.face_colours[row]),
            markeredgecolor=tuple(edge[row] if len(edge) > row else edge[0]),
            markeredgewidth=float(widths[row] if len(widths) > row else widths[0]),
            zorder=10,
            animated=True,
        )
        self._drag = _Drag(
            ident=ident,
            row=row,
            grab_dx=press.x - cx,
            grab_dy=press.y - cy,
            bubble=bubble,
            x=float(x),
            y=float(y),
        )
        prepared = self._prepared_for(row)
        self._prepared = None
        # What the grabbed bubble, its label and its arrow cover, measured while still shown.
        region = prepared.region if prepared is not None else self._grab_region(row, ident)
        # Take the bubble out of the picture the drag moves over.
        artists.scatter.set_sizes(self._sizes_without(row))
        self._set_static_visible(ident, False)
        self._hide_tooltip()
        self.canvas.setCursor(Qt.CursorShape.ClosedHandCursor)
        if region is not None:
            if prepared is not None:
                # Outside the region the background is the picture the canvas holds already.
                restore_rect(self.canvas, prepared.background, region)
                self._drag.background = prepared.background
            else:
                self._draw_without_grabbed(region)
                self._drag.background = self.canvas.copy_from_bbox(self.figure.bbox)
            self._draw_drag_artists()
            self.canvas.blit(region)  # only the region differs from what is on screen
            return
        if self._background is not None:
            # The score-dependent artists over the cached static background: the first frame
            # costs what a slider move costs, not a full draw (~95 ms on 1,000 bubbles).
            self._draw_dynamic()
            self._drag.background = self.canvas.copy_from_bbox(self.figure.bbox)
            self._draw_drag_artists()
        else:
            self.canvas.draw()  # _on_draw captures the background and draws the bubble on top
        self.canvas.blit(self.figure.bbox)

    def _refresh_cache(self) -> None:
        super()._refresh_cache()
        self._picture = None  # artists moved: the painted picture no longer shows them
        self._prepared = None

    def _painted_picture(self) -> Any:
        """The picture as last painted, if the canvas still shows what the artists show
        (None: none kept, or a redraw is queued and the picture is older than the artists)."""
        if getattr(self.canvas, "_draw_pending", False):
            return None
        return self._picture

    def _sizes_without(self, row: int) -> np.ndarray:
        """The bubbles' sizes with the one at `row` taken out (what a drag moves over)."""
        assert self._artists is not None
        sizes = np.array(self._artists.sizes, dtype=float, copy=True)
        sizes[row] = 0.0
        return sizes

    def _prepared_for(self, row: int) -> _Prepared | None:
        """The background made ahead for `row`, if the canvas still shows its picture."""
        prepared = self._prepared
        if prepared is None or prepared.row != row:
            return None
        picture = self._painted_picture()
        return prepared if picture is not None and prepared.picture is picture else None

    def _prepare_drag(self, row: int) -> _Prepared | None:
        """Make the first drag frame's background for `row` and leave the canvas, the scatter
        and the label as they were: the user sees nothing of it."""
        artists = self._artists
        if artists is None or artists.scatter is None or self._drag is not None:
            return None
        ident = str(artists.ids[row])
        region = self._grab_region(row, ident)
        if region is None:
            return None
        picture = self._picture
        scatter = artists.scatter
        sizes = scatter.get_sizes()
        pair = (artists.labels.get(ident), artists.arrows.get(ident))
        hidden = [a for a in pair if a is not None]
        shown = [a.get_visible() for a in hidden]
        scatter.set_sizes(self._sizes_without(row))
        for artist in hidden:
            artist.set_visible(False)
        try:
            self._draw_without_grabbed(region)
            background = self.canvas.copy_from_bbox(self.figure.bbox)
        finally:
            scatter.set_sizes(sizes)
            for artist, visible in zip(hidden, shown, strict=True):
                artist.set_visible(visible)
            # Only the region was drawn again: the picture there makes the canvas whole.
            restore_rect(self.canvas, picture, region)
        return _Prepared(row, picture, background, region)

    def _grab_region(self, row: int, ident: str) -> Bbox | None:
        """The pixels a grabbed bubble, its label and its arrow cover, if the last painted
        picture is still what the artists show (else None: the drag starts from a redraw)."""
        artists = self._artists
        if artists is None or self._text_background is None or self._painted_picture() is None:
            return None
        return grab_region(self.canvas, artists, self._disp, self._radii, row, ident)

    def _draw_without_grabbed(self, region: Bbox) -> None:
        """The first drag frame's background: the painted picture, with only `region` (where
        the grabbed bubble was) drawn again (the canvas holds that picture: no redraw is
        queued, see _grab_region)."""
        assert self._artists is not None
        backgrounds = (self._text_background, self._picture)
        draw_without_grabbed(
            self.canvas, self._artists, self._disp, self._radii, backgrounds, region
        )

    def _set_static_visible(self, ident: str, visible: bool) -> None:
        artists = self._artists
        if artists is None:
            return
        label = artists.labels.get(ident)
        if label is not None:
            label.set_visible(visible and label.get_text() != "")
        arrow = artists.arrows.get(ident)
        if arrow is not None:
            arrow.set_visible(visible)

    def _move_drag(self, x: float, y: float, blit: bool = True) -> None:
        drag = self._drag
        if drag is None or self._artists is None:
            return
        ax = self._artists.ax
        data = ax.transData.inverted().transform((x - drag.grab_dx, y - drag.grab_dy))
        drag.x = float(np.clip(data[0], 0.0, 100.0))
        drag.y = float(np.clip(data[1], 0.0, 100.0))
        drag.bubble.set_data([drag.x], [drag.y])
        self._show_drag_tip(drag)
        if blit:
            self._blit_drag()

    def _drag_bbox(self) -> Bbox | None:
        drag = self._drag
        if drag is None:
            return None
        cx, cy = self._artists.ax.transData.transform((drag.x, drag.y)) if self._artists else (0, 0)
        r = float(drag.bubble.get_markersize() / 2 * self.figure.dpi / 72 + 4)
        return Bbox([[cx - r, cy - r], [cx + r, cy + r]])

    def _draw_drag_artists(self) -> None:
        drag = self._drag
        if drag is None or self._artists is None:
            return
        ax = self._artists.ax
        ax.draw_artist(drag.bubble)

    def _blit_drag(self) -> None:
        """One drag frame: background back, moving artists on top, repaint only what changed."""
        drag = self._drag
        if drag is None or drag.background is None:
            return
        self.canvas.restore_region(drag.background)
        self._draw_drag_artists()
        now = self._drag_bbox()
        dirty = now if drag.last_bbox is None or now is None else Bbox.union([now, drag.last_bbox])
        drag.last_bbox = now
        if dirty is not None:
            padded = Bbox.from_extents(dirty.x0 - 3, dirty.y0 - 3, dirty.x1 + 3, dirty.y1 + 3)
            dirty = Bbox.intersection(padded, self.figure.bbox)
        self.canvas.blit(dirty or self.figure.bbox)

    def _finish_drag(self) -> None:
        drag = self._drag
        artists = self._artists
        if drag is None or artists is None:
            return
        self._end_drag_artists()
        # Show the bubble where it was dropped until the window answers with new scores.
        artists.xy[drag.row] = (drag.x, drag.y)
        if artists.scatter is not None:
            artists.scatter.set_offsets(artists.xy)
            artists.scatter.set_sizes(artists.sizes)
        label = artists.labels.get(drag.ident)
        if label is not None:
            label.xy = (drag.x, drag.y)
        self._set_static_visible(drag.ident, True)
        place_labels(artists)
        self._refresh_cache()
        self.canvas.unsetCursor()
        self.canvas.draw_idle()
        self.overrideRequested.emit(drag.ident, drag.x, drag.y)

    def _end_drag_artists(self) -> None:
        drag, self._drag = self._drag, None
        if drag is None:
            return
        drag.bubble.remove()
        self._drag_tip.hide()

    def _cancel_drag(self, redraw: bool) -> None:
        self._resume_collector()
        if self._drag is None:
            return
        ident = self._drag.ident
        self._end_drag_artists()
        if self._artists is not None and self._artists.scatter is not None:
            self._artists.scatter.set_sizes(self._artists.sizes)
            self._set_static_visible(ident, True)
        self.canvas.unsetCursor()
        if redraw:
            self.canvas.draw_idle()
