"""The backlog: the ranked initiatives as a table the room can sort, filter and select from.

Selection is shared with every other view through `doc.selection`, both ways; a guard flag
keeps the two directions from echoing each other.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sweetspot.core.scoring import QUADRANTS
from sweetspot.ui import theme
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.models import BacklogModel, TableModel, quadrant_icon
from sweetspot.ui.widgets import read_only_rows

# Starting widths (logical pixels); the consultant can drag them, the initiative column stretches.
COLUMN_WIDTHS = {
    "rank": 52,
    "move": 56,
    "id": 70,
    "initiative": 280,
    "customer_impact": 92,
    "business_impact": 92,
    "score": 96,
    "quadrant": 118,
    "effort": 60,
    "value": 100,
    "top_customer_drivers": 280,
    "top_business_drivers": 280,
    "placement": 220,
}
ALL_QUADRANTS = "All quadrants"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class BacklogTable(QTableView):
    """The table itself: rows, not cells, and fast with 100,000 of them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        read_only_rows(self)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setTabKeyNavigation(False)
        vh = self.verticalHeader()
        vh.setVisible(False)
        # Fixed row heights: Qt then never measures rows, which keeps 100,000 rows instant.
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 10)
        hh = self.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setSectionsMovable(True)
        hh.setStretchLastSection(False)
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class RowSelectionSync(QObject):
    """Keeps a table's selected rows and `doc.selection` the same, in both directions.

    The model must offer `id_at(row)` and `row_of(id)` (the models in `sweetspot.ui.models`
    do). A flag stops the echo: selecting rows from the document does not tell the document."""

    def __init__(
        self,
        doc: WorkshopDocument,
        table: QTableView,
        model: BacklogModel | TableModel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent or table)
        self.doc = doc
        self.table = table
        self.model = model
        self.syncing = False
        table.selectionModel().selectionChanged.connect(self._from_table)
        model.modelReset.connect(self.show_document_selection)
        model.layoutChanged.connect(self.show_document_selection)
        doc.selectionChanged.connect(self._from_document)

    def _from_table(self, *_: object) -> None:
        if self.syncing:
            return
        # Any selected cell selects its row (the data tables select cells, not rows).
        rows = sorted({i.row() for i in self.table.selectionModel().selectedIndexes()})
        ids = [self.model.id_at(r) for r in rows]
        chosen = set(ids)
        # Keep the earlier order: the first selected is the one the details panel shows.
        ordered = [i for i in self.doc.selection if i in chosen]
        seen = set(ordered)
        ordered += [i for i in ids if i not in seen]
        current = self.table.currentIndex()
        if len(ordered) > 1 and current.isValid() and current.row() in rows:
            # The row just clicked goes first, so the details follow the click.
            first = self.model.id_at(current.row())
            if first not in self.doc.selection:
                ordered = [first] + [i for i in ordered if i != first]
        self.syncing = True
        try:
            self.doc.select(ordered)
        finally:
            self.syncing = False

    def _from_document(self, _ids: list[str]) -> None:
        if not self.syncing:
            self.show_document_selection(scroll=True)

    def show_document_selection(self, scroll: bool = False) -> None:
        """Select the document's rows in the table (without telling the document)."""
        sm = self.table.selectionModel()
        if sm is None:
            return
        rows = [r for r in (self.model.row_of(i) for i in self.doc.selection) if r >= 0]
        if {i.row() for i in sm.selectedIndexes()} == set(rows):
            return
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for r in sorted(rows):
            selection.select(self.model.index(r, 0), self.model.index(r, last))
        self.syncing = True
        try:
            sm.select(
                selection,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            if rows:
                first = self.model.index(rows[0], 0)
                sm.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
                if scroll:
                    self.table.scrollTo(first, QAbstractItemView.ScrollHint.EnsureVisible)
        finally:
            self.syncing = False


class BacklogView(QWidget):
    """Ranked backlog with a filter box, a quadrant filter and a one-line summary."""

    def __init__(self, doc: WorkshopDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc

        self.model = BacklogModel(doc, self)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter initiatives…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setToolTip(
            "Show only initiatives whose ID, title or drivers contain every word typed (Ctrl+F)"
        )
        self.filter_edit.setMinimumWidth(240)

        self.quadrant_combo = QComboBox()
        self.quadrant_combo.addItem(ALL_QUADRANTS, None)
        for q in QUADRANTS:
            icon = quadrant_icon(q)
            if icon is not None:
                self.quadrant_combo.addItem(icon, q, q)
            else:
                self.quadrant_combo.addItem(q, q)
        self.quadrant_combo.setToolTip("Show the initiatives of one quadrant only")

        self.summary = QLabel()
        self.summary.setToolTip("How many initiatives are shown, and how they are ranked")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self._style_summary()

        self.table = BacklogTable()
        self.table.setModel(self.model)
        self.table.setToolTip("")  # the cells carry their own tooltips
        self.table.setAccessibleName("Ranked backlog")
        header = self.table.horizontalHeader()
        fm = header.fontMetrics()
        for key, width in COLUMN_WIDTHS.items():
            col = self.model.column_of(key)
            if col >= 0:
                # Never narrower than the header text plus room for the sort arrow.
                label = str(self.model.headerData(col, Qt.Orientation.Horizontal))
                header.resizeSection(col, max(width, fm.horizontalAdvance(label) + 34))
        # Show the verdict first: score and quadrant right after the title, so they stay in
        # view on a laptop screen; the two impacts that explain the score follow.
        for visual, key in enumerate(
            ("score", "quadrant"), start=self.model.column_of("initiative") + 1
        ):
            col = self.model.column_of(key)
            if col >= 0:
                header.moveSection(header.visualIndex(col), visual)
        # Sorting: start in rank order, then the header clicks sort in the model (pandas).
        header.setSortIndicator(self.model.column_of("rank"), Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        header.setSortIndicatorShown(True)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(8)
        bar.addWidget(self.filter_edit, 2)
        bar.addWidget(self.quadrant_combo)
        bar.addSpacing(12)
        bar.addWidget(self.summary, 3)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        self.find_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        # Window-wide, but only while the backlog is visible (Qt ignores hidden widgets' keys).
        self.find_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.find_shortcut.activated.connect(self.focus_filter)
        self.setFocusProxy(self.table)
        self.setTabOrder(self.filter_edit, self.quadrant_combo)
        self.setTabOrder(self.quadrant_combo, self.table)

        self.filter_edit.textChanged.connect(self._apply_filter)
        self.quadrant_combo.currentIndexChanged.connect(self._apply_filter)
        self.selection_sync = RowSelectionSync(doc, self.table, self.model, self)
        self.model.filterChanged.connect(self._update_summary)
        doc.changed.connect(self._update_summary)
        self._update_summary()
        self.selection_sync.show_document_selection()

    # -- public ----------------------------------------------------------------------------
    def focus_filter(self) -> None:
        """Ctrl+F: jump to the filter box with its text selected."""
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def set_filter(self, text: str, quadrant: str | None = None) -> None:
        """Set the filter box and quadrant filter as if typed and chosen."""
        i = self.quadrant_combo.findData(quadrant) if quadrant else 0
        self.quadrant_combo.setCurrentIndex(max(i, 0))
        self.filter_edit.setText(text)

    def shown_ids(self) -> list[str]:
        return self.model.ids()

    # -- filter and summary ----------------------------------------------------------------
    def _apply_filter(self) -> None:
        self.model.set_filter(self.filter_edit.text(), self.quadrant_combo.currentData())

    def _update_summary(self) -> None:
        table = self.doc.result.table
        total = len(table)
        shown = self.model.rowCount()
        sweet = int((table["quadrant"] == QUADRANTS[0]).sum()) if total else 0
        placed = int(table["overridden"].sum()) if total else 0
        ranked = (
            "ranked by value for effort"
            if self.doc.settings.rank_by == "value"
            else "ranked by sweet-spot score"
        )
        if not total:
            text = "No initiatives yet: import a workbook, or add them in the Data view."
        elif shown == total:
            text = f"{plural(total, 'initiative')} · {plural(sweet, 'sweet spot')}"
        elif shown == 0:
            text = f"No initiative matches the filter (of {total})"
        else:
            text = (
                f"Showing {shown} of {plural(total, 'initiative')} · {plural(sweet, 'sweet spot')}"
            )
        if total:
            text += f" · {ranked}"
            if placed:
                text += f" · {placed} placed by the room"
            if self.doc.settings.lens_active:
                text += " · lens on"
        self.summary.setText(text)

    def _style_summary(self) -> None:
        pal = self.summary.palette()
        pal.setColor(self.summary.foregroundRole(), theme.muted_colour())
        self.summary.setPalette(pal)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._style_summary()

    def current_row_index(self) -> QModelIndex:
        return self.table.currentIndex()
