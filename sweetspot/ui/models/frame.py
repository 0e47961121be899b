"""The cached display frame and the base model every table model shares: sorting and
filtering in numpy, and the smallest change signal that keeps selections (see the package)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    Qt,
)

from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.models.cells import DISPLAY, Index, SearchIndex, sort_positions


class LazyColumns(dict[str, np.ndarray]):
    """Source arrays by key, some built only when first read: text nobody may look at (a
    hidden backlog after every slider move) costs nothing until a cell, a sort or a search
    asks for it."""

    def __init__(
        self, arrays: dict[str, np.ndarray], later: dict[str, Callable[[], np.ndarray]]
    ) -> None:
        super().__init__(arrays)
        self._later = dict(later)

    def __missing__(self, key: str) -> np.ndarray:
        make = self._later.pop(key, None)
        if make is None:
            raise KeyError(key)
        self[key] = made = make()
        return made

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self or key in self._later else default


@dataclass
class DisplayFrame:
    """What a model shows: source columns (numpy), row IDs, and which rows in which order."""

    columns: tuple[str, ...] = ()
    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    ids: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.intp))
    sort_keys: dict[str, np.ndarray] = field(default_factory=dict)
    search: SearchIndex | None = None

    def shown_ids(self) -> np.ndarray:
        return self.ids[self.rows]


class FrameModel(QAbstractTableModel):
    """Sorting, filtering and change propagation shared by the backlog and data-table models."""

    def __init__(self, doc: WorkshopDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._filter_text = ""
        self._frame = DisplayFrame()
        self._row_of: dict[str, int] | None = None
        self._frame = self._build()
        doc.changed.connect(self.refresh)

    # -- to be provided by subclasses ------------------------------------------------------
    def _load(self) -> tuple[tuple[str, ...], dict[str, np.ndarray], np.ndarray]:
        """Column keys, source arrays by key, and row IDs (in the natural order)."""
        raise NotImplementedError

    def _sort_key(self, frame: DisplayFrame, column: str) -> np.ndarray:
        raise NotImplementedError

    def _search_columns(self, frame: DisplayFrame) -> list[np.ndarray]:
        raise NotImplementedError

    def _extra_mask(self, frame: DisplayFrame) -> np.ndarray | None:
        return None

    def _column_header(self, section: int, role: int) -> Any:
        """Label, tip and alignment of column `section`."""
        raise NotImplementedError

    # -- Qt model --------------------------------------------------------------------------
    # Flags of every cell, and the roles `data` answers (the others, asked for every painted
    # cell, return at once).
    CELL_FLAGS = Qt.ItemFlag.NoItemFlags
    ROLES: frozenset[int] = frozenset()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            return self._column_header(section, role)
        return section + 1 if role == DISPLAY else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return self.CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role not in self.ROLES or not index.isValid():
            return None
        frame = self._frame
        row, column = index.row(), index.column()
        if not (0 <= row < len(frame.rows) and 0 <= column < len(frame.columns)):
            return None
        return self._cell_data(int(frame.rows[row]), frame.columns[column], role)

    def _cell_data(self, pos: int, key: str, role: int) -> Any:
        """What the cell of source row `pos`, column `key` shows for `role`."""
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._frame.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._frame.columns)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column with pandas/numpy (numbers as numbers, IDs naturally, blanks last)."""
        self._sort_column = column if 0 <= column < len(self._frame.columns) else -1
        self._sort_order = Qt.SortOrder(order)
        self._rearrange()

    # -- public reading --------------------------------------------------------------------
    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    @property
    def filter_text(self) -> str:
        return self._filter_text

    @property
    def column_keys(self) -> tuple[str, ...]:
        return self._frame.columns

    def column_of(self, key: str) -> int:
        """The column number showing a field (−1 when it is not shown)."""
        try:
            return self._frame.columns.index(key)
        except ValueError:
            return -1

    def total_count(self) -> int:
        """Rows before filtering."""
        return len(self._frame.ids)

    def id_at(self, row: int) -> str:
        return str(self._frame.ids[self._frame.rows[row]])

    def ids(self) -> list[str]:
        """IDs in the order shown."""
        return [str(i) for i in self._frame.shown_ids().tolist()]

    def row_of(self, ident: str) -> int:
        """The row showing an ID (−1 when filtered out or unknown)."""
        if self._row_of is None:
            self._row_of = {str(i): r for r, i in enumerate(self._frame.shown_ids().tolist())}
        return self._row_of.get(ident, -1)

    def value(self, row: int, key: str) -> Any:
        """The raw value of a field in a shown row."""
        arr = self._frame.arrays.get(key)
        return None if arr is None else arr[self._frame.rows[row]]

    def _rearrange(self) -> None:
        """The same data in a new order or filter: rows re-chosen, the smallest change shown."""
        frame = DisplayFrame(
            self._frame.columns,
            self._frame.arrays,
            self._frame.ids,
            sort_keys=self._frame.sort_keys,
            search=self._frame.search,
        )
        frame.rows = self._arrange(frame)
        self._apply(frame)

    # -- filtering and refreshing ----------------------------------------------------------
    def _set_filter_text(self, text: str) -> None:
        self._filter_text = text
        self._rearrange()

    def refresh(self) -> None:
        """Re-read the document (connected to `changed`)."""
        self._apply(self._build())

    def _build(self) -> DisplayFrame:
        columns, arrays, ids = self._load()
        frame = DisplayFrame(columns, arrays, np.asarray(ids, dtype=object))
        if self._sort_column >= len(columns):
            self._sort_column = -1
        frame.rows = self._arrange(frame)
        return frame

    def _arrange(self, frame: DisplayFrame) -> np.ndarray:
        """The rows shown, in order: sort the whole table once, then keep the filtered ones."""
        n = len(frame.ids)
        if self._sort_column < 0:
            order = np.arange(n, dtype=np.intp)
        else:
            key = frame.columns[self._sort_column]
            keys = frame.sort_keys.get(key)
            if keys is None:
                keys = self._sort_key(frame, key)
                frame.sort_keys[key] = keys
            order = sort_positions(keys, self._sort_order == Qt.SortOrder.AscendingOrder)
        mask: np.ndarray | None = None
        if self._filter_text.strip():
            if frame.search is None:
                frame.search = SearchIndex(self._search_columns(frame), len(frame.ids))
            mask = frame.search.mask(self._filter_text)
        extra = self._extra_mask(frame)
        if extra is not None:
            mask = extra if mask is None else mask & extra
        if mask is not None:
            order = order[mask[order]]
        return order.astype(np.intp, copy=False)

    def _apply(self, new: DisplayFrame) -> None:
        """Swap in a new frame telling views as little as possible (selections survive)."""
        old = self._frame
        old_ids = old.shown_ids()
        new_ids = new.shown_ids()
        same_shape = old.columns == new.columns and len(old_ids) == len(new_ids)
        self._row_of = None
        if same_shape and np.array_equal(old_ids, new_ids):
            self._frame = new
            if len(new_ids) and new.columns:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(new_ids) - 1, len(new.columns) - 1)
                )
            return
        unique = same_shape and pd.Index(new_ids).is_unique and pd.Index(old_ids).is_unique
        if not unique:
            self.beginResetModel()
            self._frame = new
            self.endResetModel()
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        if persistent:
            moved_ids = [old_ids[p.row()] for p in persistent]
            targets = pd.Index(new_ids).get_indexer(moved_ids)
            self._frame = new
            self.changePersistentIndexList(
                persistent,
                [
                    self.index(int(t), p.column()) if t >= 0 else QModelIndex()
                    for p, t in zip(persistent, targets, strict=True)
                ],
            )
        self._frame = new
        self.layoutChanged.emit()


# ==== the backlog ===============================================================================


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    tip: str
    kind: str  # "number" (1 decimal), "plain" (as typed), "int", "text", "id", "quadrant", "move"


# key | header | kind | tooltip: one backlog column a line, in the order shown (an indented
# line goes on with the tooltip above it).
_BACKLOG_TABLE = """
rank | Rank | int | Place in the ranking (1 = do first)
move | Move | move | Places gained ▲ or lost ▼ by the latest change (weights, links, placements)
id | ID | id | The initiative's ID
initiative | Initiative | text | What the initiative is
customer_impact | Customer impact | number | Share of the weighted customer need this initiative
    addresses (0–100)
business_impact | Business impact | number | Share of the weighted business objectives this
    initiative addresses (0–100)
score | Sweet-spot score | number | Customer and business impact combined: C^α · B^(1−α) (0–100)
quadrant | Quadrant | quadrant | Where the initiative sits against the crosshair
effort | Effort | plain | Effort estimate, as given in the data
value | Value for effort | number | Sweet-spot score × confidence ÷ effort: what each unit of
    effort buys
top_customer_drivers | Top customer drivers | text | The insights contributing most to customer
    impact (impact points)
top_business_drivers | Top business drivers | text | The objectives contributing most to
    business impact (impact points)
placement | Workshop placement | text | Where the room placed the initiative on the matrix, and
    why
"""


def _column_table(text: str) -> tuple[Column, ...]:
    entries: list[str] = []
    for line in text.strip().splitlines():
        if line.startswith(" ") and entries:
            entries[-1] += " " + line.strip()
        else:
            entries.append(line)
    columns = []
    for entry in entries:
        key, label, kind, tip = (part.strip() for part in entry.split("|"))
        columns.append(Column(key, label, tip, kind))
    return tuple(columns)


BACKLOG_COLUMNS = _column_table(_BACKLOG_TABLE)
