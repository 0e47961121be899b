"""The "Suggested links" dialog: insights and objectives an initiative probably addresses.

Lists `sweetspot.core.suggest` suggestions for the selected initiative, with the words that
matched and a suggested strength the consultant can change. Nothing is applied silently:
"Accept" pushes one undoable `SetLinkCommand` per accepted row (several rows in one macro), the
document re-scores, and the accepted targets leave the list (they are linked now).
"""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sweetspot.core.edits import Compound, SetLink
from sweetspot.core.model import STRENGTH_NAMES
from sweetspot.core.suggest import Suggestion, SuggestionIndex
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.widgets import headed_table

COLUMNS = ("ID", "Kind", "Need / objective", "Matched words", "Similarity", "Strength")
TABLE_TIP = "Links the texts suggest; select rows and accept them with a strength"
COLUMN_TIPS = (
    "The insight or objective suggested",
    "Customer side (insight) or business side (objective)",
    "What the insight or objective says",
    "Words the initiative and the target share (after light stemming), strongest first; "
    "shared tags are listed after a '+'",
    "TF-IDF cosine similarity of the texts plus 0.1 per shared tag (0–1)",
    "The link strength to create when you accept (suggested from the similarity; change it "
    "before accepting if the room disagrees)",
)
STRENGTH_CHOICES = (1.0, 3.0, 9.0)
STRENGTH_COLUMN = 5


class SuggestionsDialog(QDialog):
    """Suggested links for one initiative (follows the selection unless pinned by the combo)."""

    def __init__(
        self, doc: WorkshopDocument, parent: QWidget | None = None, *, top: int = 12
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Suggested links")
        self.setObjectName("suggested-links")
        self.doc = doc
        self.top = top
        self.suggestions: list[Suggestion] = []
        self._index: SuggestionIndex | None = None
        self._key: tuple[object, ...] = ()

        self.initiative_combo = QComboBox()
        self.initiative_combo.setToolTip("The initiative to find links for")
        self.initiative_combo.currentIndexChanged.connect(self._combo_changed)
        self.note = QLabel(
            "Suggestions come from the words the texts share; nothing is linked until you "
            "accept it, and every accepted link can be undone."
        )
        self.note.setWordWrap(True)
        self.table = headed_table(COLUMNS, COLUMN_TIPS, TABLE_TIP)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.accept_selected())
        self.empty = QLabel("")
        self.empty.setWordWrap(True)

        self.accept_button = QPushButton("Accept")
        self.accept_button.setToolTip("Create the selected links (undoable)")
        self.accept_button.clicked.connect(self.accept_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        buttons.addButton(self.accept_button, QDialogButtonBox.ButtonRole.ActionRole)

        top_row = QHBoxLayout()
        top_row.addWidget(QLabel("Initiative:"))
        top_row.addWidget(self.initiative_combo, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top_row)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.resize(820, 420)

        doc.changed.connect(self._doc_changed)
        doc.selectionChanged.connect(self._selection_changed)
        self._fill_combo()
        self._selection_changed(doc.selection)

    # -- public ------------------------------------------------------------------------------
    @property
    def initiative_id(self) -> str:
        data = self.initiative_combo.currentData()
        return "" if data is None else str(data)

    def set_initiative(self, ident: str) -> None:
        pos = self.initiative_combo.findData(ident)
        if pos >= 0:
            self.initiative_combo.setCurrentIndex(pos)

    def strength_of(self, row: int) -> float:
        combo = self.table.cellWidget(row, STRENGTH_COLUMN)
        if isinstance(combo, QComboBox):
            return float(combo.currentData())
        return self.suggestions[row].strength

    def set_strength(self, row: int, strength: float) -> None:
        combo = self.table.cellWidget(row, STRENGTH_COLUMN)
        if isinstance(combo, QComboBox):
            combo.setCurrentIndex(combo.findData(float(strength)))

    def accept_rows(self, rows: list[int]) -> int:
        """Create the links of these rows (one undoable step); returns how many were made."""
        valid = [r for r in sorted(set(rows)) if 0 <= r < len(self.suggestions)]
        picked = [(self.suggestions[r], self.strength_of(r)) for r in valid]
        if not picked:
            return 0
        links = tuple(SetLink(s.initiative, s.target, strength) for s, strength in picked)
        if len(links) == 1:
            self.doc.edit(links[0])
        else:
            text = f"Accept {len(picked)} suggested links for {picked[0][0].initiative}"
            self.doc.edit(Compound(links, text))
        return len(picked)

    def accept_selected(self) -> int:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return self.accept_rows(rows) if rows else 0

    def refresh(self) -> None:
        ident = self.initiative_id
        self.table.setRowCount(0)
        self.suggestions = []
        if not ident:
            self.empty.setText("Select an initiative to see the links its texts suggest.")
            self._update_buttons()
            return
        if self._index is None:
            self._index = SuggestionIndex(self.doc.workshop)
            self._key = self._text_key()
        try:
            self.suggestions = self._index.suggest(ident, top=self.top)
        except KeyError:
            self.suggestions = []
        self.table.setRowCount(len(self.suggestions))
        for r, s in enumerate(self.suggestions):
            words = ", ".join(s.matched_words)
            if s.shared_tags:
                words += f"  + tags: {', '.join(s.shared_tags)}"
            cells = (
                s.target,
                "insight" if s.kind == "insight" else "objective",
                s.label,
                words,
                f"{s.score:.2f}",
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 4:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                    item.setToolTip(
                        f"cosine {s.similarity:.3f}"
                        + (f" + {len(s.shared_tags)} shared tag(s)" if s.shared_tags else "")
                    )
                self.table.setItem(r, c, item)
            combo = QComboBox()
            for value in STRENGTH_CHOICES:
                combo.addItem(f"{STRENGTH_NAMES[value]} ({value:g})", value)
            combo.setCurrentIndex(combo.findData(s.strength))
            combo.setToolTip(COLUMN_TIPS[STRENGTH_COLUMN])
            self.table.setCellWidget(r, STRENGTH_COLUMN, combo)
        self.empty.setText(
            ""
            if self.suggestions
            else f"No suggestions for {ident}: no unlinked insight or objective shares "
            "enough words with it."
        )
        self._update_buttons()

    # -- slots -------------------------------------------------------------------------------
    def _fill_combo(self) -> None:
        current = self.initiative_id
        ini = self.doc.workshop.initiatives
        self.initiative_combo.blockSignals(True)
        self.initiative_combo.clear()
        for ident, title in zip(ini["id"].astype(str), ini["initiative"].astype(str), strict=True):
            self.initiative_combo.addItem(f"{ident} · {title}", ident)
        pos = self.initiative_combo.findData(current) if current else -1
        self.initiative_combo.setCurrentIndex(pos if pos >= 0 else -1)
        self.initiative_combo.blockSignals(False)

    def _text_key(self) -> tuple[object, ...]:
        """Changes when any text the suggestions read changes (links are read live)."""
        w = self.doc.workshop
        key: list[object] = [id(w)]
        for table, cols in (
            (w.insights, ("id", "need", "evidence", "tags")),
            (w.objectives, ("id", "objective", "kpi")),
            (w.initiatives, ("id", "initiative", "description", "theme", "tags")),
        ):
            present = [c for c in cols if c in table.columns]
            hashed = pd.util.hash_pandas_object(table[present].astype(str), index=False)
            key.append((len(table), int(hashed.sum())))
        return tuple(key)

    def _doc_changed(self) -> None:
        key = self._text_key()
        if key != self._key:
            self._index = None
            self._key = key
        self._fill_combo()
        if self.isVisible():
            self.refresh()

    def _selection_changed(self, ids: list[str]) -> None:
        if ids:
            self.set_initiative(str(ids[0]))
        if not self.initiative_id and self.initiative_combo.count():
            self.initiative_combo.setCurrentIndex(0)
        self.refresh()

    def _combo_changed(self, _index: int) -> None:
        self.refresh()

    def _update_buttons(self) -> None:
        self.accept_button.setEnabled(bool(self.table.selectionModel().selectedRows()))


class SuggestionsUi(QObject):
    """The "Suggest links…" action of the main window and its (single, non-modal) dialog."""

    def __init__(self, window: QMainWindow, doc: WorkshopDocument, edit_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.doc = doc
        self.dialog: SuggestionsDialog | None = None
        self.act_suggest = QAction("Suggest &links…", window)
        self.act_suggest.setStatusTip(
            "Insights and objectives the selected initiative probably addresses, from the words "
            "their texts share; accept the ones the room agrees with (undoable)"
        )
        self.act_suggest.triggered.connect(self.show_dialog)
        edit_menu.addSeparator()
        edit_menu.addAction(self.act_suggest)
        window.addAction(self.act_suggest)

    def show_dialog(self) -> SuggestionsDialog:
        if self.dialog is None:
            self.dialog = SuggestionsDialog(self.doc, self.window)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.refresh()
        return self.dialog
