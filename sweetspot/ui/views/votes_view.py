"""The Votes view: where the room disagrees, role weights, and the vote spread on the matrix.

- `VotesView`: the disagreement list (initiatives ranked by how far the votes are from their
  consensus, largest first), the role weights, and buttons to collect, import or clear votes.
- `VoteSpreadOverlay`: draws `sweetspot.core.plot.charts.draw_vote_spread` (consensus diamond with
  ± 1 SD whiskers) on the matrix view's Axes and draws it again after the matrix rebuilds.
- `install_votes(window)`: the Votes dock, the "Collect votes…" / "Import votes…" actions and
  the overlay, added to the main window; also reads a `Votes` sheet after a spreadsheet import.

Every change to votes or role weights is an undoable core `SetVotes` edit.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from PySide6.QtCore import QObject, Qt, QTimer, SignalInstance
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDockWidget,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sweetspot.core.edits import SetVotes
from sweetspot.core.model import Problem
from sweetspot.core.plot import draw_vote_spread
from sweetspot.core.votes import (
    consensus,
    disagreement_ranking,
    empty_votes,
    load_votes,
)
from sweetspot.ui.dialogs.vote_dialog import VoteDialog
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.models.cells import number_text
from sweetspot.ui.views.matrix_view import MatrixView
from sweetspot.ui.widgets import headed_table

if TYPE_CHECKING:
    from matplotlib.artist import Artist


DISAGREEMENT_COLUMNS = (
    "Rank",
    "ID",
    "Initiative",
    "Votes",
    "Customer",
    "Business",
    "Customer SD",
    "Business SD",
    "Disagreement",
    "Dots",
)
TABLE_TIP = "The room's votes per initiative, most disagreement first"
DISAGREEMENT_TIPS = (
    "1 = where the room disagrees most",
    "Initiative ID",
    "Initiative",
    "Participants who voted on it",
    "Consensus customer score (role-weighted mean, 0–100)",
    "Consensus business score (role-weighted mean, 0–100)",
    "Spread of the customer scores (weighted standard deviation, points of 0–100)",
    "Spread of the business scores (weighted standard deviation, points of 0–100)",
    "√(customer SD² + business SD²): typical distance of a vote from the consensus",
    "Dots given (role-weighted)",
)


class VotesView(QWidget):
    """Disagreement list and role weights for the document's votes."""

    def __init__(self, doc: WorkshopDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("votes-view")
        self.doc = doc
        self.table_data = pd.DataFrame()
        self._roles: list[str] = []
        self._dialog: VoteDialog | None = None

        self.collect_button = QPushButton("Collect votes…")
        self.collect_button.setToolTip("Pass the laptop around: each participant votes silently")
        self.collect_button.clicked.connect(self.collect_votes)
        self.import_button = QPushButton("Import votes…")
        self.import_button.setToolTip("Read a Votes sheet from a workbook (or a CSV of votes)")
        self.import_button.clicked.connect(self.import_dialog)
        self.clear_button = QPushButton("Clear votes")
        self.clear_button.setToolTip("Remove every vote (undoable)")
        self.clear_button.clicked.connect(self.clear_votes)
        self.spread_check = QCheckBox("Show spread on the matrix")
        self.spread_check.setToolTip(
            "Draw each voted initiative's consensus (◇) with ± 1 SD whiskers on the matrix"
        )
        self.summary = QLabel("")
        self.summary.setWordWrap(True)

        self.weights = QTableWidget(0, 2)
        self.weights.setHorizontalHeaderLabels(["Role", "Weight"])
        self.weights.verticalHeader().setVisible(False)
        self.weights.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.weights.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.weights.setMaximumWidth(260)
        self.weights.setToolTip("How much each role's votes count in the consensus (1 = normal)")

        self.table = headed_table(DISAGREEMENT_COLUMNS, DISAGREEMENT_TIPS, TABLE_TIP)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._select_in_doc)

        bar = QHBoxLayout()
        for w in (self.collect_button, self.import_button, self.clear_button):
            bar.addWidget(w)
        bar.addWidget(self.spread_check)
        bar.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.table, 1)
        body.addWidget(self.weights)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addLayout(body, 1)

        self._stale = True
        doc.votesChanged.connect(self._on_doc_changed)
        doc.changed.connect(self._on_doc_changed)
        self._on_doc_changed()

    def _on_doc_changed(self) -> None:
        # Every slider move re-scores: a hidden list waits until it is shown.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # -- reading -----------------------------------------------------------------------------
    def consensus(self) -> pd.DataFrame:
        return consensus(self.doc.votes, self.doc.vote_weights)

    def row_texts(self) -> list[list[str]]:
        out = []
        for r in range(self.table.rowCount()):
            out.append(
                [
                    (it.text() if (it := self.table.item(r, c)) is not None else "")
                    for c in range(self.table.columnCount())
                ]
            )
        return out

    def weight_spin(self, role: str) -> QDoubleSpinBox:
        spin = self.weights.cellWidget(self._roles.index(role), 1)
        assert isinstance(spin, QDoubleSpinBox)
        return spin

    # -- changing ----------------------------------------------------------------------------
    def set_role_weight(self, role: str, weight: float) -> None:
        weights = dict(self.doc.vote_weights)
        if weights.get(role) == weight or (role not in weights and weight == 1.0):
            return
        weights[role] = float(weight)
        self.doc.edit(SetVotes(self.doc.votes, f"Weight {role} votes × {weight:g}", weights))

    def clear_votes(self) -> None:
        if len(self.doc.votes):
            self.doc.edit(SetVotes(empty_votes(), "Clear votes"))

    def collect_votes(self) -> VoteDialog:
        """Open the vote dialog (non-modal, so the room can glance at the list meanwhile)."""
        if self._dialog is None or not self._dialog.isVisible():
            self._dialog = VoteDialog(self.doc, self.window())
        self._dialog.show()
        self._dialog.raise_()
        return self._dialog

    def import_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Import votes",
            "",
            "Workbooks and CSV (*.xlsx *.xlsm *.xls *.ods *.csv);;All files (*)",
        )
        if name:
            problems = self.import_votes(Path(name))
            if problems:
                from sweetspot.ui import dialogs

                dialogs.show_error(
                    self,
                    "Import votes",
                    "\n".join(str(p) for p in problems[:20])
                    + (f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""),
                )

    def import_votes(self, path: Path) -> list[Problem]:
        """Add the votes of a workbook's Votes sheet (a participant's vote on an initiative
        replaces the one already there); one undoable step. Returns the problems found."""
        votes, problems = load_votes(path, workshop=self.doc.workshop)
        if len(votes):
            merged = merge_votes(self.doc.votes, votes)
            self.doc.edit(SetVotes(merged, f"Import votes from {path.name}"))
        elif not problems:
            problems = [Problem("info", "", "", f"{path.name} has no Votes sheet with votes.")]
        return problems

    # -- showing -----------------------------------------------------------------------------
    def refresh(self) -> None:
        self._stale = False
        votes = self.doc.votes
        table = disagreement_ranking(self.consensus())
        self.table_data = table
        titles = dict(
            zip(
                self.doc.workshop.initiatives["id"].astype(str),
                self.doc.workshop.initiatives["initiative"].astype(str),
                strict=True,
            )
        )
        self.table.setRowCount(len(table))
        for r, row in enumerate(table.itertuples(index=False)):
            cells = (
                str(row.rank),
                str(row.initiative),
                titles.get(str(row.initiative), ""),
                str(row.votes),
                number_text(row.customer),
                number_text(row.business),
                number_text(row.customer_sd),
                number_text(row.business_sd),
                number_text(row.disagreement),
                number_text(row.dots, 0) if row.dots else "",
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c not in (1, 2):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        people = votes["participant"].dropna().astype(str).nunique() if len(votes) else 0
        self.summary.setText(
            f"{people} participant{'s' if people != 1 else ''}, {len(votes)} vote"
            f"{'s' if len(votes) != 1 else ''} on {len(table)} initiative"
            f"{'s' if len(table) != 1 else ''}. Disagreement = √(customer SD² + business SD²)."
            if len(votes)
            else "No votes yet. Collect them on this laptop or import a Votes sheet."
        )
        self.clear_button.setEnabled(bool(len(votes)))
        self._refresh_weights()

    def _refresh_weights(self) -> None:
        votes = self.doc.votes
        known = [] if not len(votes) else list(votes["role"].dropna().astype(str).unique())
        roles = sorted({r for r in [*known, *self.doc.vote_weights] if r.strip()}, key=str.casefold)
        if roles != self._roles:
            self._roles = roles
            self.weights.setRowCount(len(roles))
            for r, role in enumerate(roles):
                self.weights.setItem(r, 0, QTableWidgetItem(role))
                spin = QDoubleSpinBox()
                spin.setRange(0.0, 10.0)
                spin.setSingleStep(0.5)
                spin.setDecimals(1)
                spin.setToolTip(f"Weight of the {role} votes (0 leaves them out)")
                spin.setValue(self.doc.vote_weights.get(role, 1.0))
                spin.editingFinished.connect(lambda s=spin, name=role: self._weight_edited(name, s))
                self.weights.setCellWidget(r, 1, spin)
        else:
            for role in roles:
                spin = self.weight_spin(role)
                spin.blockSignals(True)
                spin.setValue(self.doc.vote_weights.get(role, 1.0))
                spin.blockSignals(False)

    def _weight_edited(self, role: str, spin: QDoubleSpinBox) -> None:
        # Deferred: the command rebuilds the table, which must not happen inside the spin's signal.
        value = spin.value()
        QTimer.singleShot(0, lambda: self.set_role_weight(role, value))

    def _select_in_doc(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        ids = [it.text() for r in rows if (it := self.table.item(r, 1)) is not None]
        if ids:
            self.doc.select(ids)


def merge_votes(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Old votes plus new ones; a participant's new vote on an initiative replaces the old."""
    if not len(old):
        return new.reset_index(drop=True)
    both = pd.concat([old, new], ignore_index=True)
    return both.drop_duplicates(["participant", "initiative"], keep="last").reset_index(drop=True)


class VoteSpreadOverlay(QObject):
    """Keeps the vote consensus and spread drawn on a MatrixView's Axes while enabled."""

    def __init__(
        self, matrix: MatrixView, doc: WorkshopDocument, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.matrix = matrix
        self.doc = doc
        self.enabled = False
        self.artists: list[Artist] = []
        doc.votesChanged.connect(self.redraw)
        # After a rescore the matrix may rebuild its figure (dropping our artists): check once the
        # matrix has handled the same signal.
        doc.changed.connect(lambda: QTimer.singleShot(0, self._ensure))

    def set_enabled(self, on: bool) -> None:
        self.enabled = bool(on)
        self.redraw()

    def _axes(self) -> Any:
        artists = getattr(self.matrix, "artists", None)
        return None if artists is None else artists.ax

    def _ensure(self) -> None:
        ax = self._axes()
        current = bool(self.artists) and all(a.axes is ax for a in self.artists)
        if self.enabled and not current:
            self.redraw()

    def redraw(self) -> None:
        for a in self.artists:
            # Its figure may have been cleared already.
            with contextlib.suppress(ValueError, NotImplementedError, AttributeError):
                a.remove()
        self.artists = []
        ax = self._axes()
        if self.enabled and ax is not None and len(self.doc.votes):
            table = consensus(self.doc.votes, self.doc.vote_weights)
            self.artists = draw_vote_spread(ax, table)
        canvas = getattr(self.matrix, "canvas", None)
        if canvas is not None:
            canvas.draw_idle()


class VotesUi(QObject):
    """The Votes dock, its actions in the Edit and View menus, and the matrix overlay."""

    def __init__(
        self,
        window: QMainWindow,
        doc: WorkshopDocument,
        matrix: MatrixView,
        menus: tuple[QMenu, QMenu],
        load_finished: SignalInstance,
    ) -> None:
        """`menus` are the Edit and View menus; `load_finished` is the window's signal that an
        open or import ended (with "finished" when it brought a workshop)."""
        super().__init__(window)
        self.window = window
        self.doc = doc
        edit_menu, view_menu = menus
        self.view = VotesView(doc, window)
        self.dock = QDockWidget("Votes", window)
        self.dock.setObjectName("dock-votes")
        self.dock.setWidget(self.view)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.overlay = VoteSpreadOverlay(matrix, doc, self)
        self.view.spread_check.toggled.connect(self.overlay.set_enabled)

        self.act_collect = QAction("Collect &votes…", window)
        self.act_collect.setStatusTip(
            "Pass the laptop around the room: each participant scores the initiatives silently"
        )
        self.act_collect.triggered.connect(self.collect)
        self.act_import = QAction("Import vo&tes…", window)
        self.act_import.setStatusTip("Read a Votes sheet (participant, role, initiative, scores)")
        self.act_import.triggered.connect(self.view.import_dialog)
        self.act_show = self.dock.toggleViewAction()
        self.act_show.setText("&Votes and disagreement")
        edit_menu.addSeparator()
        edit_menu.addAction(self.act_collect)
        edit_menu.addAction(self.act_import)
        view_menu.addAction(self.act_show)
        load_finished.connect(self._show_if_voted)

    def collect(self) -> VoteDialog:
        self.dock.show()
        self.dock.raise_()
        return self.view.collect_votes()

    def _show_if_voted(self, how: str) -> None:
        """An import that brought votes (a workbook's Votes sheet) opens the votes panel."""
        if how == "finished" and len(self.doc.votes):
            self.dock.show()
