"""The vote dialog: the laptop passed around the room.

Each participant types their name and role, scores the initiatives they have a view on
(customer and business, 0–10, or dots), and presses "Next participant": their votes are stored
through one undoable command and the form is cleared for the next person. The form never shows
anyone's earlier votes, nor the consensus, so nobody anchors on the room. A participant who
votes again replaces their own earlier votes.

Scores typed here are on 0–10 and stored on the matrix's 0–100 scale (× 10), like a 0–10
`Votes` sheet (see sweetspot.core.votes).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sweetspot.core.edits import SetVotes
from sweetspot.core.votes import empty_votes, set_vote
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.widgets import whole_box

DEFAULT_ROLES = ("Customer", "Frontline", "Product", "Exec")
NO_VOTE = -1
SCORE_MAX = 10
DOTS_MAX = 10
COL_CUSTOMER, COL_BUSINESS, COL_DOTS = 2, 3, 4


def _spin(maximum: int, none_text: str, tip: str) -> QSpinBox:
    spin = whole_box(NO_VOTE, maximum, NO_VOTE, tip)
    spin.setSpecialValueText(none_text)
    spin.setAccelerated(True)
    return spin


class VoteDialog(QDialog):
    """Silent voting, one participant after another."""

    def __init__(self, doc: WorkshopDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Collect votes")
        self.setObjectName("vote-dialog")
        self.doc = doc
        # Participants who submitted while this dialog was open (names only, never scores).
        self.submitted: list[str] = []

        self.participant_edit = QLineEdit()
        self.participant_edit.setPlaceholderText("Your name")
        self.participant_edit.setToolTip(
            "Who is voting (each name votes once; voting again replaces)"
        )
        self.role_combo = QComboBox()
        self.role_combo.setEditable(True)
        self.role_combo.setToolTip("Your role in the room; roles can be weighted in the Votes view")
        roles = list(dict.fromkeys([*doc.vote_weights, *self._known_roles(), *DEFAULT_ROLES]))
        self.role_combo.addItems(roles)
        self.role_combo.setCurrentIndex(-1)
        self.role_combo.setEditText("")

        ini = doc.workshop.initiatives
        self.initiative_ids = [str(i) for i in ini["id"]]
        self.table = QTableWidget(len(ini), 5)
        self.table.setHorizontalHeaderLabels(
            ["ID", "Initiative", "Customer 0–10", "Business 0–10", "Dots"]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for r, (ident, title) in enumerate(
            zip(self.initiative_ids, ini["initiative"].astype(str), strict=True)
        ):
            self.table.setItem(r, 0, QTableWidgetItem(ident))
            self.table.setItem(r, 1, QTableWidgetItem(title))
            self.table.setCellWidget(
                r,
                COL_CUSTOMER,
                _spin(SCORE_MAX, "–", "How much this does for customers (0 nothing, 10 a lot)"),
            )
            self.table.setCellWidget(
                r,
                COL_BUSINESS,
                _spin(SCORE_MAX, "–", "How much this does for the business (0 nothing, 10 a lot)"),
            )
            self.table.setCellWidget(
                r, COL_DOTS, _spin(DOTS_MAX, "–", "Dots you give this initiative (optional)")
            )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.message = QLabel(
            "Score silently: the votes of earlier participants are hidden. Leave “–” where you "
            "have no view."
        )
        self.message.setWordWrap(True)
        self.count_label = QLabel("")
        self.next_button = QPushButton("Next participant")
        self.next_button.setToolTip("Store these votes (undoable) and clear the form")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next_participant)
        self.done_button = QPushButton("Done")
        self.done_button.setToolTip("Store these votes, if any, and close")
        self.done_button.clicked.connect(self.finish)
        self.cancel_button = QPushButton("Close without storing")
        self.cancel_button.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow("Participant:", self.participant_edit)
        form.addRow("Role:", self.role_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(720, 560)
        self._update_count()

    # -- form access (tests and the room) --------------------------------------------------------
    def spin(self, initiative_id: str, column: int) -> QSpinBox:
        widget = self.table.cellWidget(self.initiative_ids.index(initiative_id), column)
        assert isinstance(widget, QSpinBox)
        return widget

    def set_scores(
        self,
        initiative_id: str,
        customer: int | None = None,
        business: int | None = None,
        dots: int | None = None,
    ) -> None:
        for col, value in ((COL_CUSTOMER, customer), (COL_BUSINESS, business), (COL_DOTS, dots)):
            self.spin(initiative_id, col).setValue(NO_VOTE if value is None else int(value))

    def form_values(self) -> dict[str, tuple[int | None, int | None, int | None]]:
        """What the form holds now, per initiative with any score (None = no vote)."""
        out = {}
        for ident in self.initiative_ids:
            vals = tuple(
                None if (v := self.spin(ident, c).value()) == NO_VOTE else v
                for c in (COL_CUSTOMER, COL_BUSINESS, COL_DOTS)
            )
            if any(v is not None for v in vals):
                out[ident] = (vals[0], vals[1], vals[2])
        return out

    def is_blank(self) -> bool:
        return not self.participant_edit.text().strip() and not self.form_values()

    # -- actions ---------------------------------------------------------------------------------
    def submit(self) -> int:
        """Store the form's votes in one undoable command; the number stored (0 and a message
        when the form is not complete)."""
        name = self.participant_edit.text().strip()
        values = self.form_values()
        if not name:
            self._say("Type your name first, so your votes count once.")
            return 0
        if not values:
            self._say("Give at least one initiative a score before moving on.")
            return 0
        role = self.role_combo.currentText().strip()
        votes = self.doc.votes if len(self.doc.votes.columns) else empty_votes()
        votes = votes.loc[votes["participant"].astype(str) != name]
        for ident, (c, b, d) in values.items():
            votes = set_vote(
                votes,
                name,
                role,
                ident,
                None if c is None else c * 10.0,
                None if b is None else b * 10.0,
                None if d is None else float(d),
            )
        again = name in set(self.doc.votes["participant"].astype(str))
        verb = "Replace" if again else "Record"
        self.doc.edit(SetVotes(votes, f"{verb} votes of {name}"))
        self.submitted.append(name)
        return len(values)

    def clear_form(self) -> None:
        self.participant_edit.clear()
        self.role_combo.setCurrentIndex(-1)
        self.role_combo.setEditText("")
        for ident in self.initiative_ids:
            self.set_scores(ident)
        self.table.scrollToTop()
        self.participant_edit.setFocus()

    def next_participant(self) -> bool:
        stored = self.submit()
        if not stored:
            return False
        name = self.submitted[-1]
        self.clear_form()
        self._say(
            f"Thank you, {name}: {stored} vote{'s' if stored != 1 else ''} stored. "
            "Pass the laptop on."
        )
        self._update_count()
        return True

    def finish(self) -> None:
        if self.is_blank() or self.submit():
            self.accept()

    # -- helpers ---------------------------------------------------------------------------------
    def _known_roles(self) -> list[str]:
        votes = self.doc.votes
        if "role" not in votes.columns:
            return []
        return [r for r in votes["role"].dropna().astype(str).unique() if r.strip()]

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def _update_count(self) -> None:
        people = self.doc.votes["participant"].dropna().astype(str).nunique()
        self.count_label.setText(f"{people} participant{'s' if people != 1 else ''} have voted")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
