"""The link matrix: initiatives down, insights and objectives across, strengths in the cells."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from sweetspot.core.edits import Compound, SetLink
from sweetspot.core.model import (
    STRENGTH_LADDER,
    STRENGTH_NAMES,
)
from sweetspot.core.values import format_number, parse_strengths
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.models.cells import (
    ALIGN,
    BACKGROUND,
    BUSINESS_COLOUR,
    CENTRE,
    CUSTOMER_COLOUR,
    DISPLAY,
    EDIT,
    EDITABLE,
    FOREGROUND,
    ID_ROLE,
    STRENGTH_ALPHA,
    STRENGTH_SYMBOLS,
    TOOLTIP,
    VALUE_ROLE,
    Index,
    cell_text,
)


def next_strength(current: float) -> float:
    """The next step of the ladder none → weak → medium → strong → none."""
    for step in STRENGTH_LADDER:
        if step > current:
            return step
    return 0.0


def strength_name(strength: float) -> str:
    name = STRENGTH_NAMES.get(float(strength))
    return name if name is not None else format_number(strength)


ROW_TITLE_CHARS = 28

KEY_STRENGTHS = {
    "0": 0.0,
    "1": 1.0,
    "3": 3.0,
    "9": 9.0,
    "n": 0.0,
    "w": 1.0,
    "m": 3.0,
    "s": 9.0,
}


class LinkMatrixModel(QAbstractTableModel):
    """Links as a relationship matrix: rows initiatives, columns insights then objectives."""

    editRejected = Signal(str)

    def __init__(self, doc: WorkshopDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self._numbers = False
        self._row_ids = np.empty(0, dtype=object)
        self._row_titles = np.empty(0, dtype=object)
        self._col_ids = np.empty(0, dtype=object)
        self._col_texts = np.empty(0, dtype=object)
        self._n_insights = 0
        self._strengths: dict[tuple[str, str], float] | None = None
        self._brushes = {
            (side, s): QBrush(_with_alpha(colour, a))
            for side, colour in (("insight", CUSTOMER_COLOUR), ("objective", BUSINESS_COLOUR))
            for s, a in STRENGTH_ALPHA.items()
        }
        self._read()
        doc.changed.connect(self.refresh)

    # -- public ----------------------------------------------------------------------------
    @property
    def show_numbers(self) -> bool:
        return self._numbers

    def set_show_numbers(self, on: bool) -> None:
        """Show 9/3/1 instead of ●/◐/○."""
        if on != self._numbers:
            self._numbers = on
            self._emit_all()

    @property
    def insight_count(self) -> int:
        return self._n_insights

    def initiative_at(self, row: int) -> str:
        return str(self._row_ids[row])

    def target_at(self, column: int) -> str:
        return str(self._col_ids[column])

    def is_objective_column(self, column: int) -> bool:
        return column >= self._n_insights

    def index_of(self, initiative: str, target: str) -> QModelIndex:
        rows = np.flatnonzero(self._row_ids == initiative)
        cols = np.flatnonzero(self._col_ids == target)
        if not len(rows) or not len(cols):
            return QModelIndex()
        return self.index(int(rows[0]), int(cols[0]))

    def strength(self, index: Index) -> float:
        if not index.isValid():
            return 0.0
        return self._lookup().get(
            (str(self._row_ids[index.row()]), str(self._col_ids[index.column()])), 0.0
        )

    def cycle(self, index: Index) -> None:
        """Click on a cell: none → weak → medium → strong → none."""
        if index.isValid():
            self.set_strength([index], next_strength(self.strength(index)))

    def set_strength(self, indexes: Sequence[Index], strength: float) -> None:
        """Set the link strength of cells (one undo step for several)."""
        cells = [i for i in indexes if i.isValid() and self.strength(i) != strength]
        if not cells:
            return
        pairs = [(self.initiative_at(i.row()), self.target_at(i.column())) for i in cells]
        links = tuple(SetLink(initiative, target, strength) for initiative, target in pairs)
        if len(links) == 1:
            self.doc.edit(links[0])
        else:
            self.doc.edit(Compound(links, f"Set {len(pairs)} links to {strength_name(strength)}"))

    # -- Qt --------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._row_ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._col_ids)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return EDITABLE

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._col_ids):
                return None
            if role == DISPLAY:
                return str(self._col_ids[section])
            if role == TOOLTIP:
                kind = "Objective" if section >= self._n_insights else "Insight"
                return f"{kind} {self._col_ids[section]}: {cell_text(self._col_texts[section])}"
            if role == FOREGROUND:
                side = BUSINESS_COLOUR if section >= self._n_insights else CUSTOMER_COLOUR
                return QBrush(QColor(side))
            return None
        if not 0 <= section < len(self._row_ids):
            return None
        if role == DISPLAY:
            # ID and a short title: the room reads titles, and the header stays put while
            # the matrix scrolls sideways (a frozen first column).
            title = " ".join(cell_text(self._row_titles[section]).split())
            if len(title) > ROW_TITLE_CHARS:
                title = title[: ROW_TITLE_CHARS - 1].rstrip() + "…"
            return f"{self._row_ids[section]}  {title}" if title else str(self._row_ids[section])
        if role == TOOLTIP:
            return f"{self._row_ids[section]}: {cell_text(self._row_titles[section])}"
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._row_ids) and 0 <= column < len(self._col_ids)):
            return None
        if role in (DISPLAY, BACKGROUND, EDIT, VALUE_ROLE, TOOLTIP):
            s = self._lookup().get((str(self._row_ids[row]), str(self._col_ids[column])), 0.0)
            if role == DISPLAY:
                if self._numbers:
                    return format_number(s) if s > 0 else ""
                return STRENGTH_SYMBOLS.get(s, format_number(s))
            if role == BACKGROUND:
                if s <= 0:
                    return None
                side = "objective" if column >= self._n_insights else "insight"
                step = max((x for x in STRENGTH_ALPHA if x <= s), default=1.0)
                return self._brushes[(side, step)]
            if role in (EDIT, VALUE_ROLE):
                return s
            kind = "objective" if column >= self._n_insights else "insight"
            return (
                f"{self._row_ids[row]} → {kind} {self._col_ids[column]}: "
                f"{strength_name(s)} ({format_number(s)})\n"
                f"{cell_text(self._col_texts[column])}\n"
                "Click to cycle; type 0/1/3/9 or N/W/M/S"
            )
        if role == ALIGN:
            return CENTRE
        if role == ID_ROLE:
            return str(self._row_ids[row])
        return None

    def setData(self, index: Index, value: Any, role: int = EDIT) -> bool:
        if not index.isValid() or role != EDIT:
            return False
        nums = parse_strengths(pd.Series([value], dtype=object))
        s = float(nums.values[0]) if nums.ok[0] else math.nan
        if nums.blank[0]:
            s = 0.0
        if math.isnan(s) or s not in STRENGTH_LADDER:
            self.editRejected.emit(
                f"A link strength is none, weak, medium or strong (0, 1, 3 or 9); “{value}” is not."
            )
            return False
        self.set_strength([index], s)
        return True

    # -- refreshing ------------------------------------------------------------------------
    def refresh(self) -> None:
        old = (self._row_ids, self._col_ids)
        w = self.doc.workshop
        new_rows = w.initiatives["id"].astype(str).to_numpy(dtype=object)
        new_cols = np.concatenate(
            [
                w.insights["id"].astype(str).to_numpy(dtype=object),
                w.objectives["id"].astype(str).to_numpy(dtype=object),
            ]
        )
        if np.array_equal(old[0], new_rows) and np.array_equal(old[1], new_cols):
            self._read()
            self._emit_all()
            if len(self._row_ids):
                self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._row_ids) - 1)
            if len(self._col_ids):
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._col_ids) - 1)
            return
        self.beginResetModel()
        self._read()
        self.endResetModel()

    def _read(self) -> None:
        w = self.doc.workshop
        self._row_ids = w.initiatives["id"].astype(str).to_numpy(dtype=object)
        self._row_titles = w.initiatives["initiative"].to_numpy(dtype=object)
        ins_ids = w.insights["id"].astype(str).to_numpy(dtype=object)
        obj_ids = w.objectives["id"].astype(str).to_numpy(dtype=object)
        self._n_insights = len(ins_ids)
        self._col_ids = np.concatenate([ins_ids, obj_ids])
        self._col_texts = np.concatenate(
            [
                w.insights["need"].to_numpy(dtype=object),
                w.objectives["objective"].to_numpy(dtype=object),
            ]
        )
        # Built on first use: a slider drag re-scores many times while the matrix is hidden.
        self._strengths = None

    def _lookup(self) -> dict[tuple[str, str], float]:
        if self._strengths is None:
            links = self.doc.workshop.links
            s = pd.to_numeric(links["strength"], errors="coerce").fillna(0.0).to_numpy(float)
            order = np.argsort(s, kind="stable")  # weakest first: a repeated pair keeps its max
            a = links["initiative"].astype(str).to_numpy(dtype=object)[order]
            t = links["target"].astype(str).to_numpy(dtype=object)[order]
            self._strengths = dict(
                zip(zip(a.tolist(), t.tolist(), strict=True), s[order].tolist(), strict=True)
            )
        return self._strengths

    def _emit_all(self) -> None:
        if len(self._row_ids) and len(self._col_ids):
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._row_ids) - 1, len(self._col_ids) - 1)
            )


def _with_alpha(colour: str, alpha: float) -> QColor:
    c = QColor(colour)
    c.setAlphaF(alpha)
    return c
