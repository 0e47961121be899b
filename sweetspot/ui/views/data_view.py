"""The data editor: insights, objectives and initiatives as editable tables, links as a matrix.

Every edit is validated at the cell (spin boxes keep numbers in range, the model refuses the
rest) and becomes one undoable command. A refused edit is explained in a small message bar
under the tables rather than a dialog: the room should not have to click a box away.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QMouseEvent, QPainter, QPen, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sweetspot.core.edits import TABLE_NOUNS, AddRow, DeleteRows
from sweetspot.core.model import NUMERIC_FIELDS, STRENGTH_LADDER
from sweetspot.ui import theme
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.models import (
    BUSINESS_COLOUR,
    CUSTOMER_COLOUR,
    KEY_STRENGTHS,
    NAME_FIELD,
    LinkMatrixModel,
    TableModel,
    side_colours,
    strength_name,
)
from sweetspot.ui.views.backlog_view import RowSelectionSync, plural
from sweetspot.ui.widgets import bar_above

Index = QModelIndex | QPersistentModelIndex

TABLES = ("insights", "objectives", "initiatives")
TAB_TITLES = {
    "insights": "Insights",
    "objectives": "Objectives",
    "initiatives": "Initiatives",
    "links": "Links",
}
DEFAULT_PREFIX = {"insights": "I", "objectives": "O", "initiatives": "A"}
NEW_NAME = {"insights": "New need", "objectives": "New objective", "initiatives": "New initiative"}
# Optional numbers can be emptied: the spin box's lowest step shows this and means "blank".
BLANK_TEXT = "blank"
REQUIRED_NUMBERS = {"importance", "weight"}

_ID_PATTERN = re.compile(r"^(.*?)(\d+)$")


def fresh_id(existing: Iterable[str], default_prefix: str, taken: Iterable[str] = ()) -> str:
    """The next free ID in the style already used: I40 → I41, A025 → A026, none → I1.

    `taken` holds IDs that must be avoided too (insights and objectives share one namespace)."""
    ids = [str(i).strip() for i in existing if str(i).strip()]
    avoid = set(ids) | {str(t).strip() for t in taken}
    parsed = [m for m in (_ID_PATTERN.match(i) for i in ids) if m]
    prefix, number, width = default_prefix, 1, 1
    if parsed:
        prefixes = Counter(m.group(1) for m in parsed)
        best = max(prefixes.values())
        common = [p for p, n in prefixes.items() if n == best]
        prefix = default_prefix if default_prefix in common else sorted(common)[0]
        digits = [m.group(2) for m in parsed if m.group(1) == prefix]
        number = max(int(d) for d in digits) + 1
        # Keep zero padding only when the IDs are padded (I007, not I7 … I12).
        if any(d.startswith("0") and len(d) > 1 for d in digits):
            width = max(len(d) for d in digits)
    candidate = f"{prefix}{number:0{width}d}"
    while candidate in avoid:
        number += 1
        candidate = f"{prefix}{number:0{width}d}"
    return candidate


# ==== the message bar ===========================================================================


class MessageBar(QFrame):
    """A quiet inline message under the tables: why an edit was refused, or what just happened."""

    TINTS: ClassVar[dict[str, str]] = {"warning": BUSINESS_COLOUR, "info": CUSTOMER_COLOUR}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.icon = QLabel()
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton()
        self.close_button.setAutoRaise(True)
        self.close_button.setText("✕")
        self.close_button.setToolTip("Hide this message (Esc)")
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        layout.setSpacing(8)
        layout.addWidget(self.icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button)
        self.kind = "info"
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_message(self, text: str, kind: str = "warning", timeout_ms: int = 10_000) -> None:
        self.kind = kind if kind in self.TINTS else "info"
        tint = QColor(self.TINTS[self.kind])
        self.icon.setText("⚠" if self.kind == "warning" else "ℹ")
        self.label.setText(text)
        self.setToolTip(text)
        # A tint of a fixed hue over the palette's own window colour: readable in light and dark.
        r, g, b = tint.red(), tint.green(), tint.blue()
        self.setStyleSheet(
            f"#messageBar {{ background: rgba({r}, {g}, {b}, 40); "
            f"border: 1px solid rgba({r}, {g}, {b}, 150); border-radius: 4px; }}"
        )
        self.show()
        if timeout_ms > 0:
            self._timer.start(timeout_ms)

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""


# ==== editing a cell ============================================================================


class CellDelegate(QStyledItemDelegate):
    """Spin boxes for numbers (range from the field and the workshop's scale), text otherwise."""

    def __init__(self, doc: WorkshopDocument, model: TableModel, parent: QObject | None = None):
        super().__init__(parent)
        self.doc = doc
        self.model = model

    def _key(self, index: Index) -> str:
        return self.model.column_keys[index.column()]

    def _is_number(self, key: str) -> bool:
        return key in NUMERIC_FIELDS or self.model.value_dtype(key) == "f"

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        key = self._key(index)
        if not self._is_number(key):
            editor = super().createEditor(parent, option, index)
            if isinstance(editor, QLineEdit):
                editor.setFrame(False)
            return editor
        spin = QDoubleSpinBox(parent)
        spin.setFrame(False)
        spin.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        spin.setKeyboardTracking(False)
        scale = self.doc.workshop.scale
        if key in ("importance", "satisfaction"):
            lo, hi = scale.minimum, scale.maximum
            step = 1.0 if hi - lo >= 10 else 0.5
            decimals = 1
            spin.setToolTip(f"{scale.describe()}")
        elif key == "confidence":
            lo, hi, step, decimals = 0.0, 100.0, 5.0, 0
            spin.setSuffix(" %")
            spin.setToolTip("How sure the team is that it delivers (0–100%)")
        elif key in NUMERIC_FIELDS:
            lo, hi, step, decimals = 0.0, 1e9, 1.0, 2
            spin.setToolTip("A number of 0 or more")
        else:
            lo, hi, step, decimals = -1e12, 1e12, 1.0, 2
            spin.setToolTip("A number")
        spin.setDecimals(decimals)
        spin.setSingleStep(step)
        if key not in REQUIRED_NUMBERS:
            # One step below the range means "blank": the consultant can clear a value.
            spin.setRange(lo - step, hi)
            spin.setSpecialValueText(BLANK_TEXT)
        else:
            spin.setRange(lo, hi)
        spin.setProperty("blank_value", spin.minimum() if key not in REQUIRED_NUMBERS else None)
        return spin

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QDoubleSpinBox):
            value = index.data(Qt.ItemDataRole.EditRole)
            if value is None or (isinstance(value, float) and math.isnan(value)):
                blank = editor.property("blank_value")
                editor.setValue(float(blank) if blank is not None else editor.minimum())
            else:
                editor.setValue(float(value))
            editor.selectAll()
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QDoubleSpinBox):
            editor.interpretText()
            value: Any = editor.value()
            blank = editor.property("blank_value")
            if blank is not None and value <= float(blank):
                value = None
            elif self._key(index) == "confidence":
                value = f"{value:g}%"  # a percentage, never read as a fraction
            model.setData(index, value, Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class DataTable(QTableView):
    """A data table: type to edit (like a spreadsheet), Del deletes rows, Ins adds one."""

    deleteRequested = Signal()
    addRequested = Signal()

    _OWN_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Insert)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vh = self.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 10)
        vh.setVisible(False)
        hh = self.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def event(self, event: QEvent) -> bool:
        # Claim Del before the window's Delete action sees it: here it deletes the rows.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in self._OWN_KEYS
            and self.state() != self.State.EditingState
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != self.State.EditingState:
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.deleteRequested.emit()
                return
            if event.key() == Qt.Key.Key_Insert:
                self.addRequested.emit()
                return
        super().keyPressEvent(event)

    def selected_rows(self) -> list[int]:
        sm = self.selectionModel()
        return sorted({i.row() for i in sm.selectedIndexes()}) if sm is not None else []


class TablePage(QWidget):
    """One table: a bar with Add, Delete, a filter and a count, then the editable table."""

    message = Signal(str, str)  # text, kind ("warning"/"info")

    def __init__(self, doc: WorkshopDocument, table: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.table_name = table
        self.noun = TABLE_NOUNS[table]
        self.model = TableModel(doc, table, self)
        self.view = DataTable()
        self.view.setModel(self.model)
        self.view.setItemDelegate(CellDelegate(doc, self.model, self.view))
        self.view.setAccessibleName(TAB_TITLES[table])
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

        self.add_button = QPushButton(f"Add {self.noun}")
        self.add_button.setToolTip(f"Add an {self.noun} with a new ID (Ins or Ctrl+Shift+N)")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip(
            f"Delete the selected {table} with their links (Del; Undo brings them back)"
        )
        self.delete_button.setEnabled(False)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(f"Filter {table}…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setToolTip(
            f"Show only the {table} whose text contains every word typed (Ctrl+F)"
        )
        self.count = QLabel()
        self.count.setToolTip(f"How many {table} the workshop has")
        _mute(self.count)

        bar = QHBoxLayout()
        bar.setSpacing(6)
        bar.addWidget(self.add_button)
        bar.addWidget(self.delete_button)
        bar.addSpacing(12)
        bar.addWidget(self.filter_edit, 1)
        bar.addSpacing(12)
        bar.addWidget(self.count)
        bar_above(self, bar, self.view)

        self.add_shortcut = QShortcut(QKeySequence("Ctrl+Shift+N"), self)
        self.add_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.add_shortcut.activated.connect(self.add_row)

        self.add_button.clicked.connect(self.add_row)
        self.delete_button.clicked.connect(self.delete_selected)
        self.view.addRequested.connect(self.add_row)
        self.view.deleteRequested.connect(self.delete_selected)
        self.filter_edit.textChanged.connect(self.model.set_filter)
        self.model.editRejected.connect(lambda text: self.message.emit(text, "warning"))
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_count)
        self.model.layoutChanged.connect(self._update_count)
        doc.changed.connect(self._update_count)
        self.selection_sync: RowSelectionSync | None = None
        if table == "initiatives":
            # The initiatives table shares the selection with the matrix and the backlog.
            self.selection_sync = RowSelectionSync(doc, self.view, self.model, self)
        self._fit_columns()
        self.model.modelReset.connect(self._fit_columns)
        self._update_count()

    def _fit_columns(self) -> None:
        header = self.view.horizontalHeader()
        wide = {"need": 380, "objective": 300, "initiative": 320, "description": 360}
        for col, key in enumerate(self.model.column_keys):
            if key == "id":
                width = 72
            elif key in wide:
                width = wide[key]
            elif key in NUMERIC_FIELDS:
                width = 104
            else:
                width = 140
            header.resizeSection(col, width)

    def _update_buttons(self, *_: object) -> None:
        self.delete_button.setEnabled(bool(self.view.selected_rows()))

    def _update_count(self) -> None:
        total, shown = self.model.total_count(), self.model.rowCount()
        text = plural(total, self.noun)
        if shown != total:
            text = f"{shown} of {text} shown"
        self.count.setText(text)

    def selected_ids(self) -> list[str]:
        return [self.model.id_at(r) for r in self.view.selected_rows()]

    def add_row(self) -> str:
        """Add a record with a fresh ID, select it and start typing its name."""
        w = self.doc.workshop
        others = ("insights", "objectives") if self.table_name != "initiatives" else ()
        taken = [i for t in others for i in getattr(w, t)["id"].astype(str).tolist()]
        mine = getattr(w, self.table_name)["id"].astype(str).tolist()
        new_id = fresh_id(mine, DEFAULT_PREFIX[self.table_name], taken)
        values: dict[str, Any] = {
            "id": new_id,
            NAME_FIELD[self.table_name]: NEW_NAME[self.table_name],
        }
        if self.table_name == "insights":
            scale = w.scale
            values["importance"] = round((scale.minimum + scale.maximum) / 2)
        elif self.table_name == "objectives":
            weights = w.objectives["weight"].dropna()
            values["weight"] = float(weights.median()) if len(weights) else 1.0
        self.filter_edit.clear()
        self.doc.edit(AddRow(self.table_name, values))
        row = self.model.row_of(new_id)
        if row >= 0:
            index = self.model.index(row, self.model.column_of(NAME_FIELD[self.table_name]))
            self.view.setFocus()
            self.view.selectionModel().clearSelection()
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
            self.view.edit(index)
        self.message.emit(
            f"Added {self.noun} {new_id}: type its {NAME_FIELD[self.table_name]} "
            "(Undo takes it back).",
            "info",
        )
        return new_id

    def delete_selected(self) -> list[str]:
        ids = self.selected_ids()
        if not ids:
            self.message.emit(f"Select the {self.table_name} to delete first.", "info")
            return []
        col = "initiative" if self.table_name == "initiatives" else "target"
        links = self.doc.workshop.links
        n_links = int(links[col].astype(str).isin(set(ids)).sum())
        self.doc.edit(DeleteRows(self.table_name, tuple(ids)))
        names = ", ".join(ids[:5]) + ("…" if len(ids) > 5 else "")
        self.message.emit(
            f"Deleted {plural(len(ids), self.noun)} ({names}) and {plural(n_links, 'link')}. "
            "Undo brings them back.",
            "info",
        )
        return ids


# ==== the link matrix ===========================================================================


class StrengthDelegate(QStyledItemDelegate):
    """Paints a divider between insight and objective columns; F2 edits with a combo box."""

    def __init__(self, model: LinkMatrixModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.displayAlignment = Qt.AlignmentFlag.AlignCenter

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        if index.column() == self.model.insight_count and index.column() > 0:
            rect: QRect = option.rect
            painter.save()
            pen = QPen(option.palette.color(option.palette.ColorRole.Text))
            pen.setWidth(2)
            painter.setPen(pen)
            painter.drawLine(rect.topLeft(), rect.bottomLeft())
            painter.restore()

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for s in STRENGTH_LADDER:
            combo.addItem(f"{strength_name(s)} ({s:g})", s)
        combo.setToolTip("Link strength: none, weak (1), medium (3) or strong (9)")
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            value = float(index.data(Qt.ItemDataRole.EditRole) or 0.0)
            i = editor.findData(value)
            editor.setCurrentIndex(max(i, 0))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class LinkMatrixView(QTableView):
    """The relationship matrix: click cycles a cell, 0/1/3/9 or N/W/M/S set the selected cells,
    Del clears them, Space cycles, F2 opens a list."""

    def __init__(self, model: LinkMatrixModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.link_model = model
        self.setItemDelegate(StrengthDelegate(model, self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setWordWrap(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setAccessibleName("Link matrix")
        hh = self.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        hh.setHighlightSections(True)
        hh.setTextElideMode(Qt.TextElideMode.ElideRight)
        vh = self.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 12)
        vh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        vh.setHighlightSections(True)
        self._press: QModelIndex | None = None
        self._fit_headers()
        model.modelReset.connect(self._fit_headers)

    def _fit_headers(self) -> None:
        fm = self.fontMetrics()
        model = self.link_model
        longest = max((len(model.target_at(c)) for c in range(model.columnCount())), default=4)
        # Wide enough for the longest target ID (I000123), never wider than a short word.
        width = fm.horizontalAdvance("0" * min(max(longest, 3), 9)) + 16
        self.horizontalHeader().setDefaultSectionSize(max(40, width))
        vh = self.verticalHeader()
        vh.setMinimumWidth(fm.horizontalAdvance("A000  " + "x" * 28) + 12)

    # -- keys ------------------------------------------------------------------------------
    def _strength_for(self, event: QKeyEvent) -> float | None:
        if event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        ):
            return None
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            return 0.0
        return KEY_STRENGTHS.get(event.text().lower())

    def event(self, event: QEvent) -> bool:
        # Del here clears links: claim it before the window's Delete action deletes rows.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self.state() != self.State.EditingState
            and (self._strength_for(event) is not None or event.key() == Qt.Key.Key_Space)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != self.State.EditingState:
            strength = self._strength_for(event)
            if strength is not None:
                self.set_selected(strength)
                return
            if event.key() == Qt.Key.Key_Space:
                current = self.currentIndex()
                if current.isValid():
                    self.link_model.cycle(current)
                return
        super().keyPressEvent(event)

    def set_selected(self, strength: float) -> None:
        indexes = self.selectionModel().selectedIndexes()
        if not indexes and self.currentIndex().isValid():
            indexes = [self.currentIndex()]
        self.link_model.set_strength(indexes, strength)

    # -- mouse -----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        plain = event.modifiers() == Qt.KeyboardModifier.NoModifier
        is_left = event.button() == Qt.MouseButton.LeftButton
        index = self.indexAt(event.position().toPoint())
        self._press = index if plain and is_left and index.isValid() else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self._press is not None and event.button() == Qt.MouseButton.LeftButton:
            index = self.indexAt(event.position().toPoint())
            if index == self._press:
                self.link_model.cycle(index)
        self._press = None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        # A double click is two clicks: two steps of the cycle, nothing else.
        self.mousePressEvent(event)


class LinksPage(QWidget):
    """The link matrix with its legend and a symbols/numbers switch."""

    message = Signal(str, str)

    def __init__(self, doc: WorkshopDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.model = LinkMatrixModel(doc, self)
        self.view = LinkMatrixView(self.model)
        customer_colour, business_colour = side_colours()
        self.legend = QLabel(
            f"Rows: initiatives · columns: <span style='color:{customer_colour}'>insights</span>"
            f" then <span style='color:{business_colour}'>objectives</span> · "
            "● strong (9) · ◐ medium (3) · ○ weak (1) — click a cell to cycle, "
            "or type 0/1/3/9, N/W/M/S, Del"
        )
        self.legend.setToolTip(
            "Each cell links an initiative to an insight (customer side) or an objective "
            "(business side). Select several cells and type a strength to set them all."
        )
        self.legend.setWordWrap(True)
        self.numbers = QCheckBox("Show numbers")
        self.numbers.setToolTip("Show strengths as 9/3/1 instead of ●/◐/○")
        self.numbers.toggled.connect(self.model.set_show_numbers)
        self.count = QLabel()
        self.count.setToolTip("How many links the workshop has")
        _mute(self.count)
        bar = QHBoxLayout()
        bar.addWidget(self.legend, 1)
        bar.addWidget(self.count)
        bar.addSpacing(12)
        bar.addWidget(self.numbers)
        bar_above(self, bar, self.view)
        self.model.editRejected.connect(lambda text: self.message.emit(text, "warning"))
        doc.changed.connect(self._update_count)
        self._update_count()

    def _update_count(self) -> None:
        links = self.doc.workshop.links
        n = int((links["strength"].fillna(0) > 0).sum()) if len(links) else 0
        self.count.setText(plural(n, "link"))

    def clear_selected(self) -> None:
        self.view.set_selected(0.0)


def _mute(label: QLabel) -> None:
    pal = label.palette()
    pal.setColor(label.foregroundRole(), theme.muted_colour())
    label.setPalette(pal)


# ==== the view ==================================================================================


class DataView(QWidget):
    """Tabs Insights, Objectives, Initiatives and Links, with an inline message bar."""

    def __init__(self, doc: WorkshopDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.pages: dict[str, TablePage] = {}
        tips = {
            "insights": "Customer needs with importance, satisfaction and reach",
            "objectives": "Business objectives and their weights",
            "initiatives": "Candidate initiatives with effort and confidence",
            "links": "Which initiative addresses which need or objective, and how strongly",
        }
        self.message_bar = MessageBar()
        for table in TABLES:
            page = TablePage(doc, table)
            page.message.connect(self.message_bar.show_message)
            self.pages[table] = page
            i = self.tabs.addTab(page, TAB_TITLES[table])
            self.tabs.setTabToolTip(i, tips[table])
        self.links = LinksPage(doc)
        self.links.message.connect(self.message_bar.show_message)
        i = self.tabs.addTab(self.links, TAB_TITLES["links"])
        self.tabs.setTabToolTip(i, tips["links"])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message_bar)
        self.setFocusProxy(self.tabs)

        self.find_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        self.find_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.find_shortcut.activated.connect(self.focus_filter)
        self.hide_message = QShortcut(QKeySequence("Esc"), self.message_bar)
        self.hide_message.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.hide_message.activated.connect(self.message_bar.hide)
        doc.changed.connect(self._update_tab_titles)
        self._update_tab_titles()

    # -- public ----------------------------------------------------------------------------
    def current_table(self) -> str:
        """ "insights", "objectives", "initiatives" or "links"."""
        widget = self.tabs.currentWidget()
        for name, page in self.pages.items():
            if page is widget:
                return name
        return "links"

    def show_table(self, table: str) -> None:
        widget = self.links if table == "links" else self.pages[table]
        self.tabs.setCurrentWidget(widget)

    def add_row(self, table: str | None = None) -> str:
        """Add a record to a table (the current one by default); returns its new ID."""
        name = table or self.current_table()
        if name == "links":
            name = "initiatives"
        self.show_table(name)
        return self.pages[name].add_row()

    def delete_selected(self) -> None:
        """Edit ▸ Delete: delete the selected rows, or clear the selected links."""
        name = self.current_table()
        if name == "links":
            self.links.clear_selected()
        else:
            self.pages[name].delete_selected()

    def focus_filter(self) -> None:
        name = self.current_table()
        if name in self.pages:
            edit = self.pages[name].filter_edit
            edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            edit.selectAll()

    def _update_tab_titles(self) -> None:
        w = self.doc.workshop
        counts = {
            "insights": len(w.insights),
            "objectives": len(w.objectives),
            "initiatives": len(w.initiatives),
        }
        for name, page in self.pages.items():
            self.tabs.setTabText(self.tabs.indexOf(page), f"{TAB_TITLES[name]} ({counts[name]})")
