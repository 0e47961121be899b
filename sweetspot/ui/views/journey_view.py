"""The Journey tab: where in the journey customers hurt, how they feel, what the plan covers.

Core computes (`core.journey.journey_map`), `core.plot.journey` draws; this view adds the
clicks (a cell selects the initiatives acting there, shared with every other view), the hover
text, the stage order and top N, and the per-stage targets table. Every change the room makes
(order, top N, a target) is a `SetViewState` edit on the project: undoable and saved.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib.backend_bases import MouseEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QCursor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from sweetspot.core.edits import SetViewState
from sweetspot.core.journey import (
    ALL_CUSTOMERS,
    PLAN_KEY,
    JourneyMap,
    JourneyPlan,
    StageTarget,
    empty_state,
    journey_map,
    plan_of,
    read_sentiment,
    sentiment_empty_state,
    sentiment_word,
)
from sweetspot.core.plot.common import ATTENTION_COLOUR
from sweetspot.core.plot.journey import (
    JourneyArtists,
    ReliefChange,
    cell_tooltip,
    draw_journey,
    relief_key,
    update_relief,
)
from sweetspot.core.scoring import need_weights
from sweetspot.ui import theme
from sweetspot.ui.document import WorkshopDocument

Index = QModelIndex | QPersistentModelIndex
TARGET_SENTIMENT, TARGET_FEELING = 4, 5


class StageTargetsModel(QAbstractTableModel):
    """One row per stage (all customers): the as-is figures and the editable targets."""

    HEADERS = (
        "Stage",
        "Unmet need",
        "Coverage",
        "Feeling now",
        "Target",
        "Target feeling",
        "Acting",
    )

    def __init__(self, view: JourneyView) -> None:
        super().__init__(view)
        self.view = view
        self.rows: list[dict[str, Any]] = []

    def reload(self, jmap: JourneyMap | None) -> None:
        records = jmap.stage_table().to_dict("records") if jmap and jmap.has_stages else []
        rows = [{str(k): v for k, v in rec.items()} for rec in records]
        same_shape = [r["stage"] for r in rows] == [r["stage"] for r in self.rows]
        if same_shape and rows:
            # The same stages (a weight or α moved): refresh the cells, keep the view's layout.
            self.rows = rows
            last = self.index(len(rows) - 1, len(self.HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return {
                1: "Need of the stage's insights that no initiative addresses with strength ≥ 3",
                2: "Share of the stage's need addressed (strongest link per need, strength ÷ 9)",
                3: "Mean of the insights' Sentiment on −1…1",
                4: "What the workshop wants the stage to feel like, −1…1 or a word (positive…)",
                5: "The feeling the workshop wants customers to leave this stage with",
            }.get(section)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (TARGET_SENTIMENT, TARGET_FEELING):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return str(row["stage"])
            if col == 1:
                return f"{row['unmet_need']:.2f} of {row['total_need']:.2f}"
            if col == 2:
                return "—" if math.isnan(row["coverage"]) else f"{row['coverage']:.0%}"
            if col == 3:
                value = row["sentiment"]
                return "—" if math.isnan(value) else f"{value:+.2f} ({sentiment_word(value)})"
            if col == TARGET_SENTIMENT:
                value = row["target_sentiment"]
                if math.isnan(value):
                    return "" if role == Qt.ItemDataRole.EditRole else "—"
                return f"{value:+.2f}"
            if col == TARGET_FEELING:
                return str(row["target_feeling"])
            if col == 6:
                acting = row["initiatives"]
                return ", ".join(acting) if acting else "none"
        if role == Qt.ItemDataRole.ToolTipRole and col == 0 and row["flagged"]:
            return "An unmet need here has no initiative at all."
        if role == Qt.ItemDataRole.ForegroundRole and col == 0 and row["flagged"]:
            return QBrush(QColor(ATTENTION_COLOUR))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 2, 3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        stage = str(self.rows[index.row()]["stage"])
        return self.view.set_target(stage, index.column(), str(value))


class JourneyView(QWidget):
    """Stages across, segments down: feelings, unmet need, and what the top N would relieve."""

    def __init__(self, doc: WorkshopDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.jmap: JourneyMap | None = None
        self.artists: JourneyArtists | None = None
        self.selected_cell: tuple[int, int] | None = None
        self._dirty = True
        self._presentation = False
        self._drawn_state: tuple[Any, ...] = ()

        self.figure = Figure(figsize=(8, 5), dpi=100)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumHeight(260)
        self.canvas.mpl_connect("button_press_event", self._on_press)
        self.canvas.mpl_connect("motion_notify_event", self._on_motion)
        self.canvas.mpl_connect("resize_event", lambda _e: self._redraw())
        self.canvas.mpl_connect("draw_event", self._on_draw)
        # The picture without the relief lane, kept after each full draw: a weight or α
        # change redraws that lane alone over it (blitting), within the re-score budget.
        self._background: Any = None
        self.last_update = ""

        self.top_spin = QSpinBox()
        self.top_spin.setRange(1, 50)
        self.top_spin.setPrefix("Top ")
        self.top_spin.setSuffix(" sweet spots ship")
        self.top_spin.setToolTip(
            "How many sweet spots, in rank order, the relief lane assumes are delivered"
        )
        self.top_spin.valueChanged.connect(self._top_changed)
        self.left_button = QPushButton("◀ Move stage")
        self.right_button = QPushButton("Move stage ▶")
        self.reset_order_button = QPushButton("Data order")
        for button, tip in (
            (self.left_button, "Move the selected cell's stage one place earlier"),
            (self.right_button, "Move the selected cell's stage one place later"),
            (self.reset_order_button, "Stages in the order they first appear in the insights"),
        ):
            button.setToolTip(tip)
        self.left_button.clicked.connect(lambda: self.move_stage(-1))
        self.right_button.clicked.connect(lambda: self.move_stage(1))
        self.reset_order_button.clicked.connect(self.reset_order)
        self.hint = QLabel(
            "Click a cell to see its insights and select the initiatives acting there."
        )
        self.hint.setWordWrap(True)
        self.shipped_label = QLabel()
        self.shipped_label.setObjectName("journey-shipped")
        self.shipped_label.setToolTip("The sweet spots, in rank order, the relief lane ships")
        bar = QHBoxLayout()
        bar.addWidget(self.top_spin)
        bar.addWidget(self.shipped_label)
        bar.addSpacing(12)
        bar.addWidget(self.left_button)
        bar.addWidget(self.right_button)
        bar.addWidget(self.reset_order_button)
        bar.addSpacing(12)
        bar.addWidget(self.hint, 1)

        self.targets_model = StageTargetsModel(self)
        self.targets = QTableView()
        self.targets.setModel(self.targets_model)
        self.targets.setObjectName("journey-targets")
        self.targets.verticalHeader().setVisible(False)
        self.targets.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.targets.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.targets.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.cell_title = QLabel()
        self.cell_title.setObjectName("journey-cell-title")
        self.cell_table = QTableWidget(0, 4)
        self.cell_table.setHorizontalHeaderLabels(["", "ID", "What", "Figure"])
        self.cell_table.verticalHeader().setVisible(False)
        self.cell_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cell_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        cell_box = QWidget()
        cell_layout = QVBoxLayout(cell_box)
        cell_layout.setContentsMargins(0, 0, 0, 0)
        cell_layout.addWidget(self.cell_title)
        cell_layout.addWidget(self.cell_table)

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.targets)
        lower.addWidget(cell_box)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.canvas)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([560, 170])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        doc.changed.connect(self._data_changed)
        doc.viewStateChanged.connect(self._data_changed)
        doc.selectionChanged.connect(lambda _ids: self._selection_changed())
        self._fill_cell_table()

    # -- state ---------------------------------------------------------------------------------
    @property
    def plan(self) -> JourneyPlan:
        return plan_of(self.doc.view_state)

    def _edit_plan(self, plan: JourneyPlan, text: str) -> None:
        if plan.to_state() != self.plan.to_state():
            self.doc.edit(SetViewState(PLAN_KEY, plan.to_state(), text))

    def set_target(self, stage: str, column: int, text: str) -> bool:
        """A typed target (sentiment −1…1, −5…5 or a word; or a feeling): one undoable edit."""
        old = self.plan.targets.get(stage, StageTarget())
        if column == TARGET_SENTIMENT:
            if not text.strip():
                value = None
            else:
                reading = read_sentiment([text])
                if reading.unreadable or math.isnan(reading.values[0]):
                    self.hint.setText(
                        f"“{text}” is not a sentiment: type a number from −1 to 1 (or −5 to 5) "
                        "or a word such as negative, neutral, positive."
                    )
                    return False
                value = float(reading.values[0])
            target = StageTarget(value, old.feeling)
        else:
            target = StageTarget(old.sentiment, text.strip())
        self._edit_plan(self.plan.with_target(stage, target), f"Set the target for {stage}")
        return True

    def move_stage(self, step: int) -> None:
        if self.jmap is None or self.selected_cell is None:
            return
        stages = list(self.jmap.stages)
        col = self.selected_cell[1]
        new = col + step
        if not 0 <= new < len(stages):
            return
        stages[col], stages[new] = stages[new], stages[col]
        self.selected_cell = (self.selected_cell[0], new)
        self._edit_plan(self.plan.with_order(stages), f"Move {stages[new]} in the journey")

    def reset_order(self) -> None:
        self._edit_plan(self.plan.with_order(()), "Journey stages in data order")

    def _top_changed(self, value: int) -> None:
        if value != self.plan.top:
            self._edit_plan(self.plan.with_top(value), f"Project the top {value} sweet spots")

    # -- drawing -------------------------------------------------------------------------------
    def _data_changed(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def _selection_changed(self) -> None:
        if self.isVisible() and self.jmap is not None:
            self._redraw()
        else:
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Recompute the map from the session's scores and plan, then draw."""
        self._dirty = False
        workshop = self.doc.workshop
        plan = self.plan
        self.jmap = journey_map(workshop, self.doc.result, plan)
        self.top_spin.blockSignals(True)
        self.top_spin.setValue(plan.top)
        self.top_spin.blockSignals(False)
        if self.selected_cell and self.jmap.has_stages:
            r, c = self.selected_cell
            if r >= len(self.jmap.segments) or c >= len(self.jmap.stages):
                self.selected_cell = None
        else:
            self.selected_cell = None
        self.targets_model.reload(self.jmap)
        shipped = ", ".join(self.jmap.shipped) or "no sweet spot yet"
        self.shipped_label.setText(f"({shipped})")
        if not self._update_relief_only():
            self._redraw()
        self._fill_cell_table()
        notes = self.jmap.notes()
        if notes:
            self.hint.setText(" ".join(notes))
        has = self.jmap.has_stages
        for w in (self.left_button, self.right_button, self.reset_order_button, self.top_spin):
            w.setEnabled(has)

    def acting_cells(self) -> set[tuple[int, int]]:
        """Cells where a selected initiative acts (outlined)."""
        if self.jmap is None:
            return set()
        chosen = set(self.doc.selection)
        if not chosen:
            return set()
        n_st = len(self.jmap.stages)
        return {
            divmod(k, n_st)
            for k, acting in enumerate(self.jmap.cells["initiatives"])
            if chosen.intersection(acting)
        }

    def _update_relief_only(self) -> bool:
        """Only the projection moved (a weight, α, top N): update the relief lane and blit it
        over the kept background. False when the picture needs a full draw."""
        a, jmap = self.artists, self.jmap
        if a is None or jmap is None or self._background is None or not a.animated:
            return False
        if relief_key(jmap) != a.relief_key or self._drawn_state != self._state():
            return False
        change = update_relief(a, jmap)
        self._blit(change)
        self.last_update = "relief lane blitted" if change.any else "nothing to redraw"
        return True

    def _state(self) -> tuple[Any, ...]:
        size = (self.canvas.width(), self.canvas.height())
        return (self.selected_cell, frozenset(self.acting_cells()), self._presentation, size)

    def _on_draw(self, _event: object) -> None:
        a = self.artists
        if a is None or not a.animated:
            self._background = None
            return
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        for artist in a.relief_artists():
            self.figure.draw_artist(artist)

    def _blit(self, change: ReliefChange) -> None:
        """Redraw the relief lane's axes (its bars and their labels) over the kept background,
        and only when something in it changed; Qt repaints only that box."""
        a = self.artists
        assert a is not None and a.relief_ax is not None
        if not change.any:
            return
        box = a.relief_ax.bbox
        band = Bbox([[box.x0 - 2.0, max(box.y0 - 2.0, 0.0)], [box.x1 + 2.0, box.y1 + 1.0]])
        # Agg counts rows from the top; `xy` is where the saved region's corner goes (it
        # covers the whole figure, so the origin: restored in place).
        height = self.figure.bbox.height
        rows = (band.x0, height - band.y1, band.x1, height - band.y0)
        self.canvas.restore_region(self._background, bbox=rows, xy=(0, 0))
        for artist in a.relief_artists():
            self.figure.draw_artist(artist)
        self.canvas.blit(band)

    def _redraw(self) -> None:
        if self.jmap is None:
            return
        self._background = None
        self._drawn_state = self._state()
        self.last_update = "full draw"
        style = theme.matrix_style(presentation=self._presentation)
        self.artists = draw_journey(
            self.figure,
            self.jmap,
            style,
            empty_message=empty_state(self.doc.workshop),
            sentiment_message=sentiment_empty_state(self.doc.workshop),
            selected_cell=self.selected_cell,
            acting=self.acting_cells(),
            animated=True,
        )
        self.canvas.draw_idle()

    def set_presentation(self, on: bool) -> None:
        self._presentation = on
        self._redraw()

    # -- mouse ---------------------------------------------------------------------------------
    def _cell_at(self, event: MouseEvent) -> tuple[int, int] | None:
        if self.artists is None or event.x is None or event.y is None:
            return None
        return self.artists.cell_at(float(event.x), float(event.y))

    def _on_press(self, event: MouseEvent) -> None:
        cell = self._cell_at(event)
        if cell is None or self.jmap is None:
            return
        self.select_cell(*cell)

    def select_cell(self, row: int, col: int) -> None:
        """Open a cell: its insights and initiatives below, its initiatives selected everywhere."""
        assert self.jmap is not None
        self.selected_cell = (row, col)
        cell = self.jmap.cells.iloc[row * len(self.jmap.stages) + col]
        self._fill_cell_table()
        ids = list(cell["initiatives"])
        if ids != list(self.doc.selection):
            self.doc.select(ids)  # redraws through selectionChanged
        else:
            self._redraw()

    def _on_motion(self, event: MouseEvent) -> None:
        cell = self._cell_at(event)
        if cell is None or self.jmap is None:
            QToolTip.hideText()
            return
        QToolTip.showText(QCursor.pos(), cell_tooltip(self.jmap, *cell), self.canvas)

    def _fill_cell_table(self) -> None:
        table = self.cell_table
        table.setRowCount(0)
        if self.jmap is None or self.selected_cell is None:
            self.cell_title.setText("No cell selected")
            return
        row, col = self.selected_cell
        cell = self.jmap.cells.iloc[row * len(self.jmap.stages) + col]
        who = "all customers" if cell["segment"] == ALL_CUSTOMERS else str(cell["segment"])
        self.cell_title.setText(
            f"<b>{cell['stage']}</b> · {who}: {len(cell['insights'])} insights, "
            f"{len(cell['initiatives'])} initiatives acting"
        )
        ins = self.doc.workshop.insights
        need_text = dict(zip(ins["id"].astype(str), ins["need"].astype(str), strict=False))
        weights = need_weights(self.doc.workshop)  # unlensed, as on the map
        result = self.doc.result.table
        titles = dict(zip(result["id"].astype(str), result["initiative"].astype(str), strict=True))
        ranks = dict(zip(result["id"].astype(str), result["rank"], strict=True))
        rows: list[tuple[str, str, str, str]] = []
        for ident in cell["insights"]:
            weight = float(weights.get(ident, np.nan))
            rows.append(("Insight", ident, need_text.get(ident, ""), f"N {weight:.2f}"))
        for ident in cell["initiatives"]:
            rows.append(("Initiative", ident, titles.get(ident, ""), f"rank {ranks.get(ident)}"))
        table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                table.setItem(r, c, QTableWidgetItem(value))
        table.resizeColumnToContents(0)
        table.resizeColumnToContents(1)
        table.resizeColumnToContents(3)
