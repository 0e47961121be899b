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

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.backend_bases import DrawEvent, KeyEvent, MouseEvent
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from PySide6.QtCore import QPoint, QPointF, Qt, Signal
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
from sweetspot.ui.views.plot_canvas import VIEW_BOUNDS, PlotCanvasView, Press, tool_button

# The matrix may wander this far outside 0–100 on both axes.
MATRIX_BOUNDS = (VIEW_BOUNDS, VIEW_BOUNDS)


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
        )
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
        # What the grabbed bubble, its label and its arrow cover, measured while still shown.
        region = self._grab_region(row, ident)
        # Take the bubble out of the picture the drag moves over.
        sizes = artists.sizes.copy()
        sizes[row] = 0.0
        artists.scatter.set_sizes(sizes)
        self._set_static_visible(ident, False)
        self._hide_tooltip()
        self.canvas.setCursor(Qt.CursorShape.ClosedHandCursor)
        if region is not None:
            self._draw_without_grabbed(region)
            self._drag.background = self.canvas.copy_from_bbox(self.figure.bbox)
            self._draw_drag_artists()
        elif self._background is not None:
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

    def _grab_region(self, row: int, ident: str) -> Bbox | None:
        """The pixels a grabbed bubble, its label and its arrow cover, if the last painted
        picture is still what the artists show (else None: the drag starts from a redraw)."""
        artists = self._artists
        text_ok = self._text_background is not None
        if artists is None or self._picture is None or not text_ok:
            return None
        if getattr(self.canvas, "_draw_pending", False):
            return None  # a redraw is queued: the picture is older than the artists
        renderer = self.canvas.get_renderer()
        cx, cy = self._disp[row]
        r = float(self._radii[row]) + 4.0  # edge line and antialiasing
        boxes = [Bbox.from_extents(cx - r, cy - r, cx + r, cy + r)]
        for hidden in (artists.labels.get(ident), artists.arrows.get(ident)):
            if hidden is not None and hidden.get_visible():
                boxes.append(self._ink_extent(hidden, renderer))
        box = self._outward(Bbox.union(boxes).padded(2))
        inside = Bbox.intersection(box, self.figure.bbox)
        return None if inside is None else self._outward(inside)

    def _restore_rect(self, saved: Any, box: Bbox) -> None:
        """Put back one rectangle (display pixels, y up) of a whole-figure copy."""
        height = self.figure.bbox.height
        # Agg's restore is inclusive of its far edges; drawing clipped to `box` is not.
        extents = (int(box.x0), int(height - box.y1), int(box.x1) - 1, int(height - box.y0) - 1)
        self.canvas.restore_region(saved, bbox=extents, xy=(0, 0))

    def _draw_without_grabbed(self, region: Bbox) -> None:
        """The first drag frame's background: the painted picture, with only `region` (where
        the grabbed bubble was) drawn again without it. Redrawing every bubble instead costs a
        slider move (~40 ms on 1,000 bubbles); this costs what the few artists there cost."""
        artists = self._artists
        assert artists is not None
        renderer = self.canvas.get_renderer()
        # The canvas holds the painted picture (no redraw is queued, see _grab_region); only
        # the region is drawn again, over the static background with the quadrant names.
        self._restore_rect(self._text_background, region)
        in_text_background = {id(t) for t in (*artists.quadrant_names.values(), artists.note)}
        spill: list[Bbox] = []
        for artist in matrix_dynamic_artists(artists):
            if id(artist) in in_text_background or not artist.get_visible():
                continue
            if isinstance(artist, Text):  # labels and arrows: drawn whole if they touch it
                extent = self._ink_extent(artist, renderer)
                if extent.overlaps(region):
                    artist.draw(renderer)
                    spill.append(extent)
                continue
            old = artist.get_clip_box()
            clip = region if old is None else Bbox.intersection(old, region)
            if clip is None:
                continue
            artist.set_clip_box(clip)
            if artist is artists.scatter:
                self._draw_bubbles_near(region, renderer)
            else:  # rings, crosshair, tint: clipped to the region
                artist.draw(renderer)
            artist.set_clip_box(old)
        # A label drawn whole may spill past the region: there the picture is put back.
        if spill:
            reach = Bbox.union(spill)
            for x0, y0, x1, y1 in (
                (reach.x0, region.y1, reach.x1, reach.y1),  # above
                (reach.x0, reach.y0, reach.x1, region.y0),  # below
                (reach.x0, region.y0, region.x0, region.y1),  # left
                (region.x1, region.y0, reach.x1, region.y1),  # right
            ):
                if x1 <= x0 or y1 <= y0:
                    continue  # the spill does not pass the region on this side
                box = Bbox.intersection(Bbox.from_extents(x0, y0, x1, y1), self.figure.bbox)
                if box is not None and box.width > 0 and box.height > 0:
                    self._restore_rect(self._picture, self._outward(box))

    def _draw_bubbles_near(self, region: Bbox, renderer: Any) -> None:
        """Draw, clipped to `region`, only the bubbles that reach into it: Agg walks every
        path of a collection even when clipped (~20 ms for 1,000 bubbles)."""
        artists = self._artists
        assert artists is not None and artists.scatter is not None
        scatter = artists.scatter
        reach = self._radii + 4.0
        near = np.flatnonzero(
            (self._disp[:, 0] + reach >= region.x0)
            & (self._disp[:, 0] - reach <= region.x1)
            & (self._disp[:, 1] + reach >= region.y0)
            & (self._disp[:, 1] - reach <= region.y1)
        )
        n = len(artists.ids)
        saved = (
            scatter.get_offsets(),
            scatter.get_sizes(),
            scatter.get_facecolor(),
            scatter.get_edgecolor(),
            scatter.get_linewidth(),
        )

        def pick(values: Any) -> Any:
            values = np.asarray(values)
            return values[near] if len(values) == n else values

        offsets, sizes, faces, edges, widths = saved
        scatter.set_offsets(pick(offsets))
        scatter.set_sizes(pick(sizes))
        scatter.set_facecolor(pick(faces))
        scatter.set_edgecolor(pick(edges))
        scatter.set_linewidth(pick(widths))
        try:
            if len(near):
                scatter.draw(renderer)
        finally:
            scatter.set_offsets(offsets)
            scatter.set_sizes(sizes)
            scatter.set_facecolor(faces)
            scatter.set_edgecolor(edges)
            scatter.set_linewidth(widths)

    @staticmethod
    def _ink_extent(text: Text, renderer: Any) -> Bbox:
        """Every pixel a label or arrow inks: its text, the box behind it and its leader,
        with a margin for antialiasing."""
        boxes = [text.get_window_extent(renderer)]
        for patch in (text.get_bbox_patch(), getattr(text, "arrow_patch", None)):
            if patch is not None and patch.get_visible():
                boxes.append(patch.get_window_extent(renderer))
        return Bbox.union(boxes).padded(3)

    @staticmethod
    def _outward(box: Bbox) -> Bbox:
        return Bbox.from_extents(
            math.floor(box.x0), math.floor(box.y0), math.ceil(box.x1), math.ceil(box.y1)
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
