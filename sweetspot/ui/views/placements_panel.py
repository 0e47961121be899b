"""Workshop placements: which initiatives the room moved on the matrix, where to, and why.

Clearing a placement is an undoable core edit; the panel only lists what the scores say.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sweetspot.core.edits import Compound, SetPlacement
from sweetspot.ui import theme
from sweetspot.ui.document import WorkshopDocument


class PlacementsPanel(QWidget):
    """Workshop placements: which initiatives the room moved, where, why; Clear to undo one."""

    def __init__(self, doc: WorkshopDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["ID", "Initiative", "Moved", "Reason"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setToolTip(
            "Initiatives the room placed by hand on the matrix: they are ranked at the agreed "
            "position until the placement is cleared"
        )
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.tree.itemSelectionChanged.connect(self._selected)
        self.empty = QLabel(
            "No workshop placements yet. Drag a bubble on the matrix to record where the room "
            "places an initiative."
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(16)
        self.empty.setToolTip("Placements appear here once the room moves a bubble")
        self.empty.setStyleSheet(f"color: {theme.muted_colour(self.palette()).name()};")
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip(
            "Clear the selected placements: rank those initiatives at their computed positions"
        )
        self.clear_button.clicked.connect(self.clear_selected)
        self.clear_all_button = QPushButton("Clear all")
        self.clear_all_button.setToolTip("Clear every workshop placement (undoable)")
        self.clear_all_button.clicked.connect(self.clear_all)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.clear_all_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self._updating = False
        doc.changed.connect(self.refresh)
        doc.selectionChanged.connect(self._show_selection)
        self.refresh()

    def ids(self) -> list[str]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item.text(0) for item in items if item is not None]

    def refresh(self) -> None:
        self._updating = True
        self.tree.clear()
        table = self.doc.result.table
        moved = table.loc[table["overridden"].astype(bool)]
        for r in moved.itertuples(index=False):
            shift = (
                f"C {r.computed_customer_impact:.0f}→{r.customer_impact:.0f} · "
                f"B {r.computed_business_impact:.0f}→{r.business_impact:.0f}"
            )
            item = QTreeWidgetItem([str(r.id), str(r.initiative), shift, str(r.override_reason)])
            item.setToolTip(1, str(r.initiative))
            item.setToolTip(
                2,
                f"Computed: customer {r.computed_customer_impact:.1f}, business "
                f"{r.computed_business_impact:.1f}\nAgreed: customer {r.customer_impact:.1f}, "
                f"business {r.business_impact:.1f}",
            )
            item.setToolTip(3, str(r.override_reason) or "No reason given")
            self.tree.addTopLevelItem(item)
        has = len(moved) > 0
        self.tree.setVisible(has)
        self.empty.setVisible(not has)
        self.clear_all_button.setVisible(has)
        self.clear_button.setVisible(has)
        self._updating = False
        self._show_selection(self.doc.selection)

    def _show_selection(self, ids: list[str]) -> None:
        self._updating = True
        wanted = set(ids)
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None:
                item.setSelected(item.text(0) in wanted)
        self.clear_button.setEnabled(bool(self._selected_ids()))
        self._updating = False

    def _selected_ids(self) -> list[str]:
        return [item.text(0) for item in self.tree.selectedItems()]

    def _selected(self) -> None:
        self.clear_button.setEnabled(bool(self._selected_ids()))
        if not self._updating and self._selected_ids():
            self.doc.select(self._selected_ids())

    def clear_selected(self) -> None:
        ids = [i for i in self._selected_ids() if i in self.doc.settings.overrides]
        self.clear(ids)

    def clear_all(self) -> None:
        self.clear(list(self.doc.settings.overrides))

    def clear(self, ids: list[str]) -> None:
        if not ids:
            return
        clears = tuple(SetPlacement(ident, None) for ident in ids)
        if len(clears) == 1:
            self.doc.edit(clears[0])
        else:
            self.doc.edit(Compound(clears, f"Clear {len(ids)} workshop placements"))
