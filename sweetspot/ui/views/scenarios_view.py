"""Scenarios: saved lenses side by side, the robust sweet spots, and a rank-change (bump) chart.

A lens is a named copy of the scoring settings (α, ranking, segment / journey-stage filter,
workshop placements) kept in `doc.lenses` and saved with the project. The room saves the current
settings as a lens, ticks the lenses to compare, and reads which initiatives stay in the top N
under all of them. Saving, applying and deleting a lens are undoable commands.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sweetspot.core.edits import Compound, Edit, SaveLens, SetCell, SetSettings
from sweetspot.core.lenses import LensComparison, compare, scenarios_table
from sweetspot.core.plot import draw_bump_chart
from sweetspot.core.scoring import ScoringSettings
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.widgets import whole_box

CURRENT = "Current settings"
ROBUST_BRUSH = QBrush(QColor(0, 158, 115, 60))
Index = QModelIndex | QPersistentModelIndex


class DataFrameModel(QAbstractTableModel):
    """A read-only table over a pandas DataFrame (numbers right-aligned, floats 2 decimals)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.df = pd.DataFrame()
        self.highlight: np.ndarray = np.zeros(0, dtype=bool)

    def set_frame(self, df: pd.DataFrame, highlight: np.ndarray | None = None) -> None:
        self.beginResetModel()
        self.df = df.reset_index(drop=True)
        self.highlight = (
            np.zeros(len(df), dtype=bool) if highlight is None else np.asarray(highlight, bool)
        )
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.df)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.df.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.df.columns):
            return str(self.df.columns[section])
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def value(self, row: int, column: int | str) -> Any:
        col = column if isinstance(column, int) else self.df.columns.get_loc(column)
        return self.df.iat[row, int(col)]  # type: ignore[arg-type]

    def text(self, row: int, column: int | str) -> str:
        return _format(self.value(row, column))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.df.iat[index.row(), index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _format(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and _is_number(value):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and index.row() < len(self.highlight):
            return ROBUST_BRUSH if self.highlight[index.row()] else None
        return None


def frame_table(model: DataFrameModel, name: str) -> QTableView:
    """A read-only table of whole rows over a DataFrameModel, as the analytics tabs show them."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    table.setAccessibleName(name)
    return table


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)


def _format(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return ""
        return f"{int(value)}" if float(value).is_integer() else f"{value:.2f}"
    return str(value)


class ScenariosView(QWidget):
    """Each initiative's rank under every ticked lens, robust sweet spots, and a bump chart."""

    def __init__(self, doc: WorkshopDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.comparison: LensComparison | None = None
        self._unticked: set[str] = set()
        self._stale = True
        self._chart_stale = False  # the bump chart missed a change while hidden
        self._updating = False

        self.lens_list = QListWidget()
        self.lens_list.setToolTip("Tick the lenses to compare; the current settings come first")
        self.lens_list.setAccessibleName("Lenses to compare")
        self.lens_list.setMaximumHeight(130)
        self.top_spin = whole_box(
            1, 100, 5, "A robust sweet spot is in the top N under every ticked lens"
        )
        self.top_spin.setPrefix("Top ")
        self.top_spin.setAccessibleName("Top N")
        self.save_button = QPushButton("Save current as lens…")
        self.save_button.setToolTip(
            "Keep the current balance, ranking, segment/stage filter and placements as a lens"
        )
        self.apply_button = QPushButton("Apply lens")
        self.apply_button.setToolTip("Make the selected lens the current settings (undoable)")
        self.delete_button = QPushButton("Delete lens")
        self.delete_button.setToolTip("Remove the selected lens from the project (undoable)")
        buttons = QVBoxLayout()
        for w in (self.top_spin, self.save_button, self.apply_button, self.delete_button):
            buttons.addWidget(w)
        buttons.addStretch(1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setToolTip("The initiatives in the top N under every ticked lens")
        controls = QHBoxLayout()
        controls.addWidget(self.lens_list, 2)
        controls.addLayout(buttons)
        controls.addWidget(self.summary, 3)

        self.model = DataFrameModel(self)
        self.table = frame_table(self.model, "Rank of each initiative under each lens")
        self.figure = Figure(figsize=(7, 3.5))
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setAccessibleName("Rank change chart")
        self.canvas.setAccessibleDescription(
            "One line per initiative: its rank under each lens, left to right; rank 1 on top."
        )
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.canvas)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(split, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        self.lens_list.itemChanged.connect(self._ticked)
        self.lens_list.currentRowChanged.connect(lambda _r: self._sync_buttons())
        self.top_spin.valueChanged.connect(lambda _v: self.refresh())
        self.save_button.clicked.connect(self._ask_save)
        self.apply_button.clicked.connect(self.apply_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.selectionModel().selectionChanged.connect(self._row_selected)
        doc.changed.connect(self._on_changed)
        doc.lensesChanged.connect(self._on_changed)
        doc.selectionChanged.connect(self._on_selection)
        self.refresh()

    # -- public ----------------------------------------------------------------------------
    @property
    def top_n(self) -> int:
        return int(self.top_spin.value())

    def lens_names(self) -> list[str]:
        """Every lens listed (the current settings first), ticked or not."""
        return [self.lens_list.item(i).text() for i in range(self.lens_list.count())]

    def ticked(self) -> list[str]:
        return [n for n in self.lens_names() if n not in self._unticked]

    def set_ticked(self, name: str, on: bool) -> None:
        for i in range(self.lens_list.count()):
            item = self.lens_list.item(i)
            if item.text() == name:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def compared_lenses(self) -> dict[str, ScoringSettings]:
        out: dict[str, ScoringSettings] = {}
        for name in self.ticked():
            if name == CURRENT:
                out[CURRENT] = self.doc.settings
            elif name in self.doc.lenses:
                out[name] = self.doc.lenses[name]
        return out

    def save_current_as(self, name: str) -> bool:
        name = name.strip()
        if not name or name == CURRENT:
            return False
        verb = "Replace" if name in self.doc.lenses else "Save"
        # A lens keeps the objective weights of the moment too: the CFO lens is mostly weights.
        lens = self.doc.settings.with_changes(objective_weights=self._table_weights())
        self.doc.edit(SaveLens(name, lens, f'{verb} lens "{name}"'))
        return True

    def _table_weights(self) -> dict[str, float]:
        obj = self.doc.workshop.objectives
        weights = pd.to_numeric(obj["weight"], errors="coerce")
        return {
            str(i): float(w) for i, w in zip(obj["id"], weights, strict=True) if not math.isnan(w)
        }

    def apply_lens(self, name: str) -> None:
        """The lens becomes the current settings, and its weights go into the objectives table
        (where the weights panel shows them): one undo step."""
        lens = self.doc.lenses.get(name)
        if lens is None:
            return
        settings = lens.with_changes(objective_weights=None)
        current = self._table_weights()
        changed = {
            ident: float(w)
            for ident, w in (lens.objective_weights or {}).items()
            if ident in current and abs(current[ident] - float(w)) > 1e-9
        }
        if settings == self.doc.settings and not changed:
            return
        text = f'Apply lens "{name}"'
        steps: list[Edit] = [SetSettings(settings, text)] if settings != self.doc.settings else []
        steps += [SetCell("objectives", i, "weight", w) for i, w in changed.items()]
        self.doc.edit(Compound(tuple(steps), text))

    def delete_lens(self, name: str) -> None:
        if name in self.doc.lenses:
            self.doc.edit(SaveLens(name, None, f'Delete lens "{name}"'))

    def selected_lens(self) -> str | None:
        item = self.lens_list.currentItem()
        if item is None or item.text() == CURRENT:
            return None
        return item.text()

    def apply_selected(self) -> None:
        name = self.selected_lens()
        if name is not None:
            self.apply_lens(name)

    def delete_selected(self) -> None:
        name = self.selected_lens()
        if name is not None:
            self.delete_lens(name)

    def export_sheets(self) -> dict[str, pd.DataFrame]:
        """The `Scenarios` sheet for the workbook (empty when there is no saved lens)."""
        if not self.doc.lenses:
            return {}
        if self._stale or self.comparison is None:
            self.refresh()
        return {"Scenarios": scenarios_table(self.comparison)} if self.comparison else {}

    # -- building --------------------------------------------------------------------------
    def _sync_list(self) -> None:
        names = [CURRENT, *self.doc.lenses]
        if names == self.lens_names():
            return
        current = self.lens_list.currentItem()
        keep = current.text() if current is not None else None
        self._updating = True
        try:
            self.lens_list.clear()
            for name in names:
                item = QListWidgetItem(name)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                )
                item.setCheckState(
                    Qt.CheckState.Unchecked if name in self._unticked else Qt.CheckState.Checked
                )
                if name == CURRENT:
                    item.setToolTip("The settings in use now (weights panel, placements)")
                else:
                    item.setToolTip(_describe(self.doc.lenses[name]))
                self.lens_list.addItem(item)
                if name == keep:
                    self.lens_list.setCurrentItem(item)
        finally:
            self._updating = False
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        chosen = self.selected_lens() is not None
        self.apply_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def refresh(self) -> None:
        """Compare the ticked lenses now and redraw."""
        self._stale = False
        self._sync_list()
        lenses = self.compared_lenses()
        cmp = compare(self.doc.workshop, lenses, self.top_n)
        self.comparison = cmp
        table = scenarios_table(cmp)
        keep = [c for c in table.columns if not str(c).startswith("Score: ")]
        self.model.set_frame(table[keep], cmp.table["robust"].to_numpy())
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(1, min(max(self.table.columnWidth(1), 160), 320))
        robust = cmp.robust_ids
        if len(lenses) < 2:
            self.summary.setText(
                "Save a lens (Save current as lens…) and tick two or more to compare rankings."
            )
        elif robust:
            self.summary.setText(
                f"<b>{len(robust)} robust sweet spot{'s' if len(robust) != 1 else ''}</b> "
                f"(top {cmp.top_n} under all {len(lenses)} lenses): {', '.join(robust)}"
            )
        else:
            self.summary.setText(
                f"No initiative is in the top {cmp.top_n} under all {len(lenses)} lenses."
            )
        self._draw()

    def _draw(self) -> None:
        if self.comparison is None:
            return
        if not self.isVisible():
            self._chart_stale = True  # drawn when the tab is shown (showEvent)
            return
        self._chart_stale = False
        sel = self.doc.selection[0] if self.doc.selection else None
        draw_bump_chart(self.figure, self.comparison, highlight=sel)
        self.canvas.draw_idle()

    # -- events ----------------------------------------------------------------------------
    def _ticked(self, item: QListWidgetItem) -> None:
        if self._updating:
            return
        if item.checkState() == Qt.CheckState.Checked:
            self._unticked.discard(item.text())
        else:
            self._unticked.add(item.text())
        self.refresh()

    def _on_changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self._timer.start()
        else:
            self._sync_list()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self._timer.start()
        elif self._chart_stale:
            self._draw()

    def _row_selected(self, *_args: object) -> None:
        if self._updating:
            return
        rows = self.table.selectionModel().selectedRows()
        if rows:
            ident = str(self.model.value(rows[0].row(), 0))
            self.doc.select([ident])

    def _on_selection(self, ids: list[str]) -> None:
        self._draw()

    def _ask_save(self) -> None:
        name, ok = QInputDialog.getText(
            self, "Save lens", "Name of the lens (e.g. CFO lens, Young families):"
        )
        if ok:
            self.save_current_as(name)


def _describe(s: ScoringSettings) -> str:
    parts = [f"α = {s.alpha:.2f}", f"rank by {s.rank_by}"]
    if s.segments:
        parts.append("segments: " + ", ".join(sorted(s.segments)))
    if s.journey_stages:
        parts.append("stages: " + ", ".join(sorted(s.journey_stages)))
    if s.overrides:
        parts.append(f"{len(s.overrides)} placements")
    return "; ".join(parts)
