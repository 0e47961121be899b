"""Small widget recipes several views share (so each look is set in one place)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QSpinBox,
    QTableView,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)


def scroll_page(owner: QWidget, content: QWidget, *, horizontal: bool = True) -> QScrollArea:
    """Put `content` in a frameless scroll area that fills `owner` (a side panel's body)."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    if not horizontal:
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(content)
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(scroll)
    return scroll


def read_only_rows(table: QTableView) -> None:
    """A list to read and select rows in: no editing, no grid, banded rows, one line a row."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)


def bar_above(owner: QWidget, bar: QHBoxLayout, view: QWidget) -> None:
    """A table tab's layout: its toolbar row, then the table filling the rest (and taking
    the keyboard focus for the tab)."""
    bar.setContentsMargins(0, 0, 0, 0)
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(0, 6, 0, 0)
    layout.setSpacing(6)
    layout.addLayout(bar)
    layout.addWidget(view, 1)
    owner.setFocusProxy(view)


def whole_box(lo: int, hi: int, value: int, tip: str, step: int = 1) -> QSpinBox:
    """A spin box for a whole number in [lo, hi]."""
    box = QSpinBox()
    box.setRange(lo, hi)
    box.setSingleStep(step)
    box.setValue(value)
    box.setToolTip(tip)
    return box


def decimal_box(
    lo: float, hi: float, value: float, tip: str, *, step: float, decimals: int
) -> QDoubleSpinBox:
    """A spin box for a number in [lo, hi] shown to `decimals` places."""
    box = QDoubleSpinBox()
    box.setRange(lo, hi)
    box.setDecimals(decimals)
    box.setSingleStep(step)
    box.setValue(value)
    box.setToolTip(tip)
    return box


def headed_table(headers: Sequence[str], tips: Sequence[str], tip: str) -> QTableWidget:
    """A read-only row list with a tooltip on every column header and none for row numbers."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    for c, header_tip in enumerate(tips):
        item = table.horizontalHeaderItem(c)
        if item is not None:
            item.setToolTip(header_tip)
    table.setToolTip(tip)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    return table


class CompactSpinBox(QDoubleSpinBox):
    """A number box that accepts `decimals` places but shows no trailing zeros (2, 2.5,
    0.125), so a precise value can be typed without every value looking precise."""

    def textFromValue(self, value: float) -> str:
        text = self.locale().toString(float(value), "f", self.decimals())
        point = self.locale().decimalPoint()
        if point in text:
            text = text.rstrip("0").rstrip(point)
        return text
