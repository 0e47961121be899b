"""The interactive matrix driven through real mouse events on the canvas (offscreen)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from matplotlib.image import imread
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sweetspot.core.scoring import Override, ScoringSettings, score
from sweetspot.ui.views.graph_view import GraphView
from sweetspot.ui.views.matrix_view import MatrixView
from sweetspot.ui.views.plot_canvas import clamp_span, nearest_hit, zoom_limits
from tests.core.test_plotting import GRID, THRESHOLDS, grid_result, grid_workshop

pytestmark = pytest.mark.gui


@pytest.fixture
def view(qtbot: QtBot) -> MatrixView:
    v = MatrixView()
    qtbot.addWidget(v)
    v.resize(1000, 700)
    v.set_result(grid_result(), grid_workshop())
    v.show()
    qtbot.waitExposed(v)
    v.canvas.draw()
    return v


def at(view: MatrixView, ident: str) -> QPoint:
    a, b, _ = GRID[ident]
    return view.data_to_widget(10.0 * a, 10.0 * b).toPoint()


def hover(view: MatrixView | GraphView, pos: QPoint) -> None:
    """A mouse move with no button held, sent to the canvas as the window system would.

    (QTest.mouseMove without a button goes through the cursor position, which the offscreen
    platform drops when a device pixel ratio is set.)"""
    canvas = view.canvas
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(pos),
        QPointF(canvas.mapToGlobal(pos)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(canvas, event)


def drag(qtbot: QtBot, view: MatrixView, start: QPoint, end: QPoint, steps: int = 6) -> None:
    canvas = view.canvas
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, steps + 1):
        p = start + (end - start) * (k / steps)
        qtbot.mouseMove(canvas, p)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)


def test_data_to_widget_lands_on_the_bubble(view: MatrixView) -> None:
    for ident in GRID:
        assert view.bubble_at(QPointF(at(view, ident))) == ident
    assert view.bubble_at(view.data_to_widget(86.0, 4.0)) is None


def test_dragging_a_bubble_requests_an_override_at_the_drop_point(
    qtbot: QtBot, view: MatrixView
) -> None:
    target = view.data_to_widget(40.0, 60.0).toPoint()
    with qtbot.waitSignal(view.overrideRequested, timeout=2000) as blocker:
        drag(qtbot, view, at(view, "L1"), target)
    ident, c, b = blocker.args
    assert ident == "L1"
    assert c == pytest.approx(40.0, abs=1.0)
    assert b == pytest.approx(60.0, abs=1.0)
    # Until the window answers, the bubble stays where it was dropped.
    assert view.bubble_at(QPointF(target)) == "L1"


def test_drag_frames_are_blitted_not_redrawn(qtbot: QtBot, view: MatrixView) -> None:
    draws: list[int] = []
    view.canvas.mpl_connect("draw_event", lambda _e: draws.append(1))
    blits: list[Any] = []
    real_blit = view.canvas.blit
    view.canvas.blit = lambda bbox=None: (blits.append(bbox), real_blit(bbox))  # type: ignore
    canvas = view.canvas
    start = at(view, "S1")
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, 21):
        qtbot.mouseMove(canvas, start + QPoint(-8 * k, -3 * k))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(-160, -60))
    # No full draw at all (the first frame is drawn over the cached static background); every
    # move after the first is a blit of a small region.
    assert len(draws) == 0
    assert len(blits) >= 20
    fig_area = view.figure.bbox.width * view.figure.bbox.height
    small = [b for b in blits[1:] if b is not None and b.width * b.height < fig_area / 20]
    assert len(small) == len(blits) - 1


def test_the_first_drag_frame_shows_the_bubble_gone_from_where_it_was(
    qtbot: QtBot, view: MatrixView
) -> None:
    artists = view._artists
    assert artists is not None
    row = int(np.flatnonzero(artists.ids == "S1")[0])
    bubble = np.round(np.asarray(artists.face_colours[row][:3]) * 255)
    a, b, _ = GRID["S1"]
    x, y = artists.ax.transData.transform((10.0 * a, 10.0 * b))

    def pixel() -> np.ndarray:
        buffer = np.asarray(view.canvas.buffer_rgba())
        return buffer[int(buffer.shape[0] - y), int(x), :3].astype(float)

    before = pixel()
    assert np.abs(before - bubble).max() < 60  # the bubble's colour (blended) before the drag
    start = at(view, "S1")
    qtbot.mousePress(view.canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.canvas, start + QPoint(-200, 120))
    assert view._drag is not None
    after = pixel()
    assert np.abs(after - before).max() > 60  # its old place shows what lies under it
    qtbot.mouseRelease(view.canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(-200, 120))


def test_drop_is_clamped_to_the_0_to_100_scale(qtbot: QtBot, view: MatrixView) -> None:
    beyond = view.data_to_widget(-30.0, 130.0).toPoint()
    with qtbot.waitSignal(view.overrideRequested, timeout=2000) as blocker:
        drag(qtbot, view, at(view, "C1"), beyond)
    assert blocker.args[1:] == [0.0, 100.0]


def test_set_result_after_a_drop_shows_the_agreed_position_and_ghost(
    qtbot: QtBot, view: MatrixView
) -> None:
    got: list[tuple[str, float, float]] = []

    def accept(ident: str, c: float, b: float) -> None:
        got.append((ident, c, b))
        settings = ScoringSettings(thresholds=THRESHOLDS, overrides={ident: Override(c, b)})
        view.set_result(score(grid_workshop(), settings))

    view.overrideRequested.connect(accept)
    drag(qtbot, view, at(view, "B1"), view.data_to_widget(75.0, 85.0).toPoint())
    assert len(got) == 1
    artists = view.artists
    assert artists is not None and artists.ghosts is not None
    assert list(artists.arrows) == ["B1"]
    assert np.asarray(artists.ghosts.get_offsets())[0] == pytest.approx([20.0, 60.0])
    row = artists.index_of("B1")
    assert artists.xy[row] == pytest.approx([got[0][1], got[0][2]])


def test_a_small_wobble_is_a_click_not_a_drag(qtbot: QtBot, view: MatrixView) -> None:
    requests: list[object] = []
    view.overrideRequested.connect(lambda *a: requests.append(a))
    with qtbot.waitSignal(view.selectionChanged, timeout=2000) as blocker:
        drag(qtbot, view, at(view, "S1"), at(view, "S1") + QPoint(2, 1), steps=2)
    assert blocker.args == [["S1"]]
    assert requests == []


def test_click_selects_and_ctrl_click_adds_and_toggles(qtbot: QtBot, view: MatrixView) -> None:
    canvas = view.canvas
    left = Qt.MouseButton.LeftButton
    ctrl = Qt.KeyboardModifier.ControlModifier
    with qtbot.waitSignal(view.selectionChanged) as blocker:
        qtbot.mouseClick(canvas, left, pos=at(view, "S1"))
    assert blocker.args == [["S1"]]
    with qtbot.waitSignal(view.selectionChanged) as blocker:
        qtbot.mouseClick(canvas, left, ctrl, pos=at(view, "C1"))
    assert blocker.args == [["S1", "C1"]]
    with qtbot.waitSignal(view.selectionChanged) as blocker:
        qtbot.mouseClick(canvas, left, ctrl, pos=at(view, "S1"))
    assert blocker.args == [["C1"]]
    # The selected bubble carries the thick outline.
    artists = view.artists
    assert artists is not None and artists.scatter is not None
    widths = np.asarray(artists.scatter.get_linewidth())
    assert widths[artists.index_of("C1")] == artists.style.selected_edge_width
    with qtbot.waitSignal(view.selectionChanged) as blocker:
        qtbot.mouseClick(canvas, left, pos=view.data_to_widget(86.0, 4.0).toPoint())
    assert blocker.args == [[]]


def test_set_selection_outlines_without_emitting(qtbot: QtBot, view: MatrixView) -> None:
    with qtbot.assertNotEmitted(view.selectionChanged):
        view.set_selection(["B1", "L1"])
    assert view.selection() == ["B1", "L1"]
    artists = view.artists
    assert artists is not None and artists.selected == {"B1", "L1"}


def test_hover_names_the_bubble_and_shows_its_scores(qtbot: QtBot, view: MatrixView) -> None:
    with qtbot.waitSignal(view.hovered, timeout=2000) as blocker:
        hover(view, at(view, "S1"))
    assert blocker.args == ["S1"]
    text = view.tooltip_text()
    result = view.result
    assert result is not None
    assert "S1" in text and f"{result.row('S1')['score']:.1f}" in text
    assert "Sweet spot" in text and "Rank 1" in text
    with qtbot.waitSignal(view.hovered, timeout=2000) as blocker:
        hover(view, view.data_to_widget(86.0, 4.0).toPoint())
    assert blocker.args == [None]
    assert view.tooltip_text() == ""


def _wheel(view: MatrixView | GraphView, pos: QPointF, notches: int) -> None:
    canvas = view.canvas
    event = QWheelEvent(
        pos,
        QPointF(canvas.mapToGlobal(pos.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas, event)


def test_scroll_zooms_about_the_cursor_and_reset_restores(view: MatrixView) -> None:
    artists = view.artists
    assert artists is not None
    ax = artists.ax
    home = (ax.get_xlim(), ax.get_ylim())
    cursor = view.data_to_widget(70.0, 20.0)
    _wheel(view, cursor, 2)
    x0, x1 = ax.get_xlim()
    assert x1 - x0 == pytest.approx((home[0][1] - home[0][0]) / 1.2**2)
    # The point under the cursor stays under the cursor.
    after = view.data_to_widget(70.0, 20.0)
    assert (after.x(), after.y()) == pytest.approx((cursor.x(), cursor.y()), abs=0.5)
    assert x0 < 70.0 < x1
    # The zoom survives new scores; reset goes home.
    view.set_result(grid_result())
    new = view.artists
    assert new is not None and new.ax.get_xlim() == pytest.approx((x0, x1))
    view.reset_button.click()
    assert new.ax.get_xlim() == pytest.approx(home[0])
    assert new.ax.get_ylim() == pytest.approx(home[1])


def test_dragging_the_background_pans(qtbot: QtBot, view: MatrixView) -> None:
    artists = view.artists
    assert artists is not None
    before = artists.ax.get_xlim()
    start = view.data_to_widget(90.0, 30.0).toPoint()
    drag(qtbot, view, start, start + QPoint(-100, 0))
    after = artists.ax.get_xlim()
    assert after[0] > before[0] and after[1] - after[0] == pytest.approx(before[1] - before[0])


def test_toolbar_toggles_labels_and_ghosts(view: MatrixView) -> None:
    view.labels_button.click()
    artists = view.artists
    assert artists is not None and artists.labels == {}
    view.labels_button.click()
    assert view.artists is not None and "S1" in view.artists.labels
    for button in (view.reset_button, view.labels_button, view.ghosts_button):
        assert button.toolTip()


def test_presentation_mode_enlarges_type(view: MatrixView) -> None:
    before = view.artists
    assert before is not None
    size = before.labels["S1"].get_fontsize()
    view.set_presentation(True)
    after = view.artists
    assert after is not None and float(after.labels["S1"].get_fontsize()) > float(size)
    assert view.reset_button.font().pointSizeF() > 0


def test_export_png_writes_the_picture(view: MatrixView, tmp_path: Path) -> None:
    out = view.export_png(tmp_path / "m.png", dpi=60)
    image = imread(out)
    assert image.shape[:2] == (7 * 60, 10 * 60)
    assert image[..., :3].std() > 0.05  # not a blank page


def test_hit_testing_helpers() -> None:
    pts = np.array([[0.0, 0.0], [10.0, 0.0], [10.5, 0.0]])
    radii = np.array([3.0, 3.0, 1.0])
    assert nearest_hit(pts, radii, 1.0, 1.0) == 0
    assert nearest_hit(pts, radii, 10.4, 0.0) == 2  # nearest centre wins where discs overlap
    assert nearest_hit(pts, radii, 5.0, 5.0) is None
    assert zoom_limits(0.0, 100.0, 50.0, 0.5) == (25.0, 75.0)
    assert clamp_span(-40.0, 10.0) == (-15.0, 35.0)


def test_drag_through_the_document_is_undoable(qtbot: QtBot, view: MatrixView) -> None:
    """Wired as the main window wires it: drop → undoable command → new scores → redraw."""
    from sweetspot.core.edits import SetPlacement
    from sweetspot.ui.document import WorkshopDocument

    doc = WorkshopDocument(grid_workshop(), ScoringSettings(thresholds=THRESHOLDS))
    doc.changed.connect(lambda: view.set_result(doc.result, doc.workshop))
    view.overrideRequested.connect(
        lambda ident, c, b: doc.edit(SetPlacement(ident, Override(c, b)))
    )
    view.set_result(doc.result, doc.workshop)
    drag(qtbot, view, at(view, "L1"), view.data_to_widget(60.0, 80.0).toPoint())
    placed = doc.settings.overrides["L1"]
    assert (placed.customer_impact, placed.business_impact) == pytest.approx((60, 80), abs=1)
    assert doc.result.row("L1")["quadrant"] == "Sweet spot"
    assert view.artists is not None and list(view.artists.arrows) == ["L1"]
    doc.undo_stack.undo()
    assert "L1" not in doc.settings.overrides
    assert view.artists is not None and view.artists.arrows == {}
    assert view.bubble_at(QPointF(at(view, "L1"))) == "L1"


def test_follows_a_dark_palette(view: MatrixView) -> None:
    from matplotlib.colors import to_hex
    from PySide6.QtGui import QColor, QPalette

    pal = QPalette(view.palette())
    pal.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    pal.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    pal.setColor(QPalette.ColorRole.Base, QColor("#17181a"))
    view.setPalette(pal)
    artists = view.artists
    assert artists is not None and artists.style.name == "dark"
    assert to_hex(view.figure.get_facecolor()) == "#17181a"


def test_new_scores_of_the_same_initiatives_repaint_in_place(view: MatrixView) -> None:
    before = np.asarray(view.canvas.buffer_rgba()).copy()
    w = grid_workshop()
    new = score(w, ScoringSettings(alpha=0.7, thresholds=(25.0, 65.0)))
    view.set_result(new, w)
    assert view.last_update == "in place"
    fast = np.asarray(view.canvas.buffer_rgba()).copy()
    assert not np.array_equal(fast, before)
    # The bubbles are where the new scores put them, and the pointer finds them there.
    for ident in GRID:
        row = new.row(ident)
        pos = view.data_to_widget(row["customer_impact"], row["business_impact"])
        assert view.bubble_at(pos) == ident
    assert view.artists is not None and view.artists.result is new
    # The repaint is, pixel for pixel, what a full redraw of the same state gives.
    view.canvas.draw()
    assert np.array_equal(np.asarray(view.canvas.buffer_rgba()), fast)


def test_other_initiatives_or_a_new_placement_rebuild_the_picture(view: MatrixView) -> None:
    view.set_result(grid_result({"C1": Override(20.0, 80.0)}), grid_workshop())
    assert view.last_update == "rebuild"
    assert view.artists is not None and view.artists.ghosts is not None
    fewer = grid_workshop({k: v for k, v in GRID.items() if k != "B1"})
    view.set_result(score(fewer, ScoringSettings(thresholds=THRESHOLDS)), fewer)
    assert view.last_update == "rebuild"
    assert view.artists is not None and "B1" not in set(view.artists.ids)


@pytest.mark.parametrize("ident", ["S1", "L1", "B1"])
def test_the_first_drag_frame_redraws_only_the_neighbourhood_and_matches_a_full_redraw(
    qtbot: QtBot, view: MatrixView, ident: str
) -> None:
    """The first frame starts from the painted picture and redraws only where the grabbed
    bubble, its label and arrow were; the result must be the picture a redraw of every
    bubble gives."""
    settings = ScoringSettings(thresholds=THRESHOLDS, overrides={"B1": Override(75.0, 85.0)})
    view.set_result(score(grid_workshop(), settings))  # B1 moved: it has an arrow and a ring
    QApplication.processEvents()  # the queued redraw runs, as it would before a user's drag
    assert view._picture is not None
    drawn: list[Any] = []
    scatter = view.artists.scatter if view.artists else None
    assert scatter is not None
    real_draw = scatter.draw
    scatter.draw = lambda r: (drawn.append(scatter.get_clip_box()), real_draw(r))  # type: ignore
    row = int(np.flatnonzero(view.artists.ids == ident)[0])
    bx, by = view.artists.xy[row]
    start = view.data_to_widget(bx, by).toPoint()
    qtbot.mousePress(view.canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.canvas, start + QPoint(30, 30))
    drag_state = view._drag
    assert drag_state is not None
    # The bubbles were drawn once, clipped to a box around the grabbed one (and its arrow).
    fig_area = view.figure.bbox.width * view.figure.bbox.height
    assert len(drawn) == 1 and drawn[0].width * drawn[0].height < fig_area / 4
    view.canvas.restore_region(drag_state.background)
    quick = np.asarray(view.canvas.buffer_rgba()).astype(int)
    view._draw_dynamic()  # every score-dependent artist again, as before this change
    full = np.asarray(view.canvas.buffer_rgba()).astype(int)
    # Identical but for antialiasing where a clipped bubble's edge meets the region's edge.
    gap = np.abs(quick - full).max(axis=2)
    assert (gap > 0).sum() <= 4 and gap.max() <= 16, f"{(gap > 0).sum()} pixels differ"
    # And the grabbed bubble is really gone from where it was.
    x, y = view.artists.ax.transData.transform((bx, by))
    colour = np.round(np.asarray(view.artists.face_colours[row][:3]) * 255)
    assert np.abs(quick[int(quick.shape[0] - y), int(x), :3] - colour).max() > 30
    qtbot.mouseRelease(view.canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(30, 30))


def test_a_pointer_resting_on_a_bubble_prepares_its_drag_and_the_user_sees_nothing_of_it(
    qtbot: QtBot, view: MatrixView
) -> None:
    """Resting on a bubble makes the first drag frame's background ahead; the canvas, the
    scatter and the labels are left exactly as painted, and the drag then draws no bubble."""
    settings = ScoringSettings(thresholds=THRESHOLDS, overrides={"B1": Override(75.0, 85.0)})
    view.set_result(score(grid_workshop(), settings))
    QApplication.processEvents()
    assert view.artists is not None and view.artists.scatter is not None
    row = int(np.flatnonzero(view.artists.ids == "B1")[0])
    start = view.data_to_widget(*view.artists.xy[row]).toPoint()
    painted = np.asarray(view.canvas.buffer_rgba()).copy()
    sizes = view.artists.scatter.get_sizes().copy()
    label, arrow = view.artists.labels["B1"], view.artists.arrows["B1"]
    shown = (label.get_visible(), arrow.get_visible())
    qtbot.mouseMove(view.canvas, start)
    qtbot.waitUntil(lambda: view._prepared is not None, timeout=2000)
    assert view._prepared is not None and view._prepared.row == row
    assert np.array_equal(np.asarray(view.canvas.buffer_rgba()), painted)
    assert np.array_equal(view.artists.scatter.get_sizes(), sizes)
    assert (label.get_visible(), arrow.get_visible()) == shown
    prepared_background = view._prepared.background

    drawn: list[Any] = []
    scatter = view.artists.scatter
    real_draw = scatter.draw

    def counted_draw(renderer: Any) -> None:
        drawn.append(1)
        real_draw(renderer)

    scatter.draw = counted_draw  # type: ignore[method-assign]
    qtbot.mousePress(view.canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.canvas, start + QPoint(30, 30))
    assert view._drag is not None and view._drag.background is prepared_background
    assert drawn == []  # neither the press nor the first frame drew a bubble
    view.canvas.restore_region(view._drag.background)
    quick = np.asarray(view.canvas.buffer_rgba()).astype(int)
    view._draw_dynamic()
    gap = np.abs(quick - np.asarray(view.canvas.buffer_rgba()).astype(int)).max(axis=2)
    assert (gap > 0).sum() <= 4 and gap.max() <= 16, f"{(gap > 0).sum()} pixels differ"
    qtbot.mouseRelease(view.canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(30, 30))


def test_a_prepared_drag_is_dropped_once_the_picture_changes(
    qtbot: QtBot, view: MatrixView
) -> None:
    assert view.artists is not None
    row = int(np.flatnonzero(view.artists.ids == "S1")[0])
    start = view.data_to_widget(*view.artists.xy[row]).toPoint()
    QApplication.processEvents()
    qtbot.mouseMove(view.canvas, start)
    qtbot.waitUntil(lambda: view._prepared is not None, timeout=2000)
    old = view._prepared
    view.set_selection(["L1"])  # a new picture: the old background shows the old selection
    assert view._prepared_for(row) is None
    qtbot.mousePress(view.canvas, Qt.MouseButton.LeftButton, pos=start)
    assert view._prepared is not None and view._prepared is not old
    assert view._prepared.picture is view._picture
    qtbot.mouseRelease(view.canvas, Qt.MouseButton.LeftButton, pos=start)


@pytest.mark.parametrize("ending", ["drop", "escape", "hide"])
def test_the_collector_is_paused_only_while_a_bubble_is_held(
    qtbot: QtBot, view: MatrixView, ending: str
) -> None:
    import gc

    assert view.artists is not None and gc.isenabled()
    row = int(np.flatnonzero(view.artists.ids == "S1")[0])
    start = view.data_to_widget(*view.artists.xy[row]).toPoint()
    QApplication.processEvents()
    qtbot.mousePress(view.canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.canvas, start + QPoint(20, 20))
    assert view._drag is not None and not gc.isenabled()
    if ending == "drop":
        qtbot.mouseRelease(view.canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(20, 20))
    elif ending == "escape":
        qtbot.keyClick(view.canvas, Qt.Key.Key_Escape)
    else:
        view.hide()
    assert view._drag is None and gc.isenabled()


def test_a_window_settling_through_several_sizes_lays_the_matrix_out_once_at_the_last(
    qtbot: QtBot, view: MatrixView, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sweetspot.ui.views.matrix_view as matrix_module
    from sweetspot.core.plot import relayout_matrix

    layouts: list[tuple[float, float]] = []

    def counted(artists: Any) -> None:
        layouts.append(tuple(artists.fig.get_size_inches()))
        relayout_matrix(artists)

    monkeypatch.setattr(matrix_module, "relayout_matrix", counted)
    for width, height in ((900, 650), (1100, 720), (1200, 800), (1150, 760), (1300, 820)):
        view.resize(width, height)  # a shown widget gets each resize at once, as at start-up
    QApplication.processEvents()
    view.canvas.draw()
    assert len(layouts) == 1
    assert np.allclose(layouts[0], view.figure.get_size_inches())
    # The laid-out picture is the one a fresh layout at the final size gives.
    assert view.artists is not None
    placed = {k: t.get_position() for k, t in view.artists.labels.items()}
    axes = view.artists.ax.get_position().bounds
    relayout_matrix(view.artists)
    assert view.artists.ax.get_position().bounds == pytest.approx(axes)
    assert {k: t.get_position() for k, t in view.artists.labels.items()} == placed


def test_a_hidden_matrix_is_laid_out_once_when_first_drawn_at_its_shown_size(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sweetspot.core.plot.matrix as plot_matrix
    import sweetspot.ui.views.matrix_view as matrix_module

    sizes: list[tuple[float, float]] = []
    real = plot_matrix.relayout_matrix

    def counted(artists: Any) -> None:
        sizes.append(tuple(artists.fig.get_size_inches()))
        real(artists)

    monkeypatch.setattr(plot_matrix, "relayout_matrix", counted)
    monkeypatch.setattr(matrix_module, "relayout_matrix", counted)
    v = MatrixView()
    qtbot.addWidget(v)
    v.set_result(grid_result(), grid_workshop())  # hidden: scores arrive before the window shows
    assert sizes == []
    v.resize(1100, 760)
    v.show()
    qtbot.waitExposed(v)
    v.canvas.draw()
    assert len(sizes) == 1 and np.allclose(sizes[0], v.figure.get_size_inches())
    assert v.artists is not None
    placed = {k: t.get_position() for k, t in v.artists.labels.items()}
    real(v.artists)
    assert {k: t.get_position() for k, t in v.artists.labels.items()} == placed
