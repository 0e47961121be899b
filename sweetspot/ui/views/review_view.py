"""The Impact review tab: two survey waves side by side, per insight, as dumbbells.

`core.waves.review` computes, `core.plot.review` draws; this view picks the two waves, shows the
summary, and shares the selection: a click on an insight selects the delivered initiatives that
act on it, and the insights the selected initiatives are linked to are drawn bold.
"""

from __future__ import annotations

from matplotlib.backend_bases import MouseEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from sweetspot.core.edits import use_wave
from sweetspot.core.plot.review import ReviewArtists, draw_review
from sweetspot.core.waves import Review, review, wave_order
from sweetspot.ui import theme
from sweetspot.ui.document import WorkshopDocument


class ReviewView(QWidget):
    """Did the needs the delivered initiatives act on move more than the rest?"""

    def __init__(self, doc: WorkshopDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.result: Review | None = None
        self.artists: ReviewArtists | None = None
        self._dirty = True

        self.from_box = QComboBox()
        self.to_box = QComboBox()
        for box, tip in (
            (self.from_box, "The earlier survey wave"),
            (self.to_box, "The later survey wave"),
        ):
            box.setToolTip(tip)
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("review-summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("From"))
        bar.addWidget(self.from_box)
        bar.addWidget(QLabel("to"))
        bar.addWidget(self.to_box)
        self.use_button = QPushButton("Score with this wave")
        self.use_button.setToolTip(
            "Let the later wave's satisfaction (and importance, reach, sentiment where it has "
            "them) be what the scores use: one undoable edit"
        )
        self.use_button.clicked.connect(self.use_later_wave)
        bar.addWidget(self.use_button)
        bar.addSpacing(12)
        bar.addWidget(self.summary, 1)

        self.figure = Figure(figsize=(8, 5), dpi=100)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.mpl_connect("button_press_event", self._on_press)
        self.canvas.mpl_connect("motion_notify_event", self._on_motion)
        self.canvas.mpl_connect("resize_event", lambda _e: self._redraw())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.canvas, 1)

        doc.changed.connect(self._data_changed)
        doc.selectionChanged.connect(lambda _ids: self._redraw() if self.isVisible() else None)

    # -- data ------------------------------------------------------------------------------------
    def _data_changed(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _fill_waves(self) -> None:
        order = wave_order(self.doc.project.waves)
        current = [self.from_box.itemText(i) for i in range(self.from_box.count())]
        if current == order:
            return
        for box, default in ((self.from_box, -2), (self.to_box, -1)):
            box.blockSignals(True)
            box.clear()
            box.addItems(order)
            if len(order) >= 2:
                box.setCurrentIndex(len(order) + default)
            box.blockSignals(False)

    def refresh(self) -> None:
        """Compare the two chosen waves with the current links and statuses, then draw."""
        self._dirty = False
        self._fill_waves()
        waves = self.doc.project.waves
        a = self.from_box.currentText() or None
        b = self.to_box.currentText() or None
        self.result = review(self.doc.workshop, waves, a, b)
        for box in (self.from_box, self.to_box):
            box.setEnabled(self.from_box.count() >= 2)
        self.use_button.setEnabled(bool(self.to_box.currentText()))
        self.use_button.setText(f"Score with {self.to_box.currentText() or 'this wave'}")
        self.summary.setText(self.result.summary())
        self._redraw()

    def use_later_wave(self) -> None:
        """Score with the later wave's figures (undoable)."""
        wave = self.to_box.currentText()
        if wave:
            edit = use_wave(self.doc.project, wave)
            if edit.edits:
                self.doc.edit(edit)

    def highlighted(self) -> set[str]:
        """Insights the selected initiatives are linked to."""
        chosen = set(self.doc.selection)
        if not chosen:
            return set()
        links = self.doc.workshop.links
        mine = links["initiative"].astype(str).isin(chosen)
        return set(links.loc[mine, "target"].astype(str))

    def _redraw(self) -> None:
        if self.result is None:
            return
        style = theme.matrix_style()
        self.artists = draw_review(
            self.figure, self.result, style, highlight=self.highlighted(), title=False
        )
        self.canvas.draw_idle()

    # -- mouse ---------------------------------------------------------------------------------
    def _row_at(self, event: MouseEvent) -> int | None:
        if self.artists is None or event.x is None or event.y is None:
            return None
        return self.artists.row_at(float(event.x), float(event.y))

    def _on_press(self, event: MouseEvent) -> None:
        row = self._row_at(event)
        if row is not None:
            self.select_row(row)

    def select_row(self, row: int) -> None:
        """Select the delivered initiatives acting on the insight of this row."""
        assert self.artists is not None and self.result is not None
        ident = self.artists.ids[row]
        ins = self.result.insights.set_index("id")
        by = str(ins.loc[ident, "delivered_by"]) if ident in ins.index else ""
        self.doc.select([i for i in by.split("; ") if i])

    def _on_motion(self, event: MouseEvent) -> None:
        row = self._row_at(event)
        if row is None or self.artists is None or self.result is None:
            QToolTip.hideText()
            return
        ident = self.artists.ids[row]
        r = self.result.insights.set_index("id").loc[ident]
        lines: list[str] = [
            f"{ident} {r['need']}",
            f"Satisfaction {r['satisfaction_from']:.2f} → {r['satisfaction_to']:.2f} "
            f"({r['change']:+.2f})",
            str(r["judgement"])
            if r["judgement"] != "larger than noise"
            else f"larger than noise (95 % interval {r['ci_low']:+.2f} to {r['ci_high']:+.2f})",
            f"Delivered initiatives: {r['delivered_by']}"
            if r["delivered_by"]
            else "No delivered initiative is linked to this need.",
        ]
        QToolTip.showText(QCursor.pos(), "\n".join(lines), self.canvas)
