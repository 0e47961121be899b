"""Every question the app asks the user, and the small dialogs that ask them.

Each question is a module-level function (`ask_override_reason`, `ask_save_changes`,
`choose_save_path`, ...) that the window calls through `sweetspot.ui.dialogs`, so tests replace
it with `monkeypatch.setattr(dialogs, "ask_...", ...)` and never block on a modal dialog.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from sweetspot.ui.brand import APP_NAME

SPREADSHEET_FILTER = "Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv)"
PROJECT_FILTER = "SweetSpot projects (*.sweetspot)"
OPEN_FILTER = (
    "Projects and spreadsheets (*.sweetspot *.xlsx *.xlsm *.xls *.ods *.csv);;"
    f"{PROJECT_FILTER};;{SPREADSHEET_FILTER};;All files (*)"
)


# -- questions (replace these in tests) ----------------------------------------------------------
SaveAnswer = Literal["save", "discard", "cancel"]
DiskAnswer = Literal["overwrite", "save_as", "cancel"]
RecoveryAnswer = Literal["restore", "discard", "later"]


_ROLES = {
    "accept": QMessageBox.ButtonRole.AcceptRole,
    "destructive": QMessageBox.ButtonRole.DestructiveRole,
    "reject": QMessageBox.ButtonRole.RejectRole,
}


@dataclass(frozen=True)
class Question:
    """A question with named buttons, written "label: role = answer; …" (role: accept,
    destructive or reject); `{name}` in the texts is filled in when asked; the button at
    `default` is the default; `otherwise` answers a box closed some other way."""

    icon: QMessageBox.Icon
    text: str
    detail: str
    buttons: str
    default: int = 0
    otherwise: str = "cancel"

    def choices(self) -> list[tuple[str, QMessageBox.ButtonRole, str]]:
        out = []
        for part in self.buttons.split(";"):
            label, rest = part.rsplit(":", 1)
            role, answer = (s.strip() for s in rest.split("="))
            out.append((label.strip(), _ROLES[role], answer))
        return out


SAVE_CHANGES = Question(
    QMessageBox.Icon.Warning,
    "Save the changes to “{name}”?",
    "Your changes will be lost if you don't save them.",
    "Save: accept = save; Don't Save: destructive = discard; Cancel: reject = cancel",
)
CHANGED_ON_DISK = Question(
    QMessageBox.Icon.Warning,
    "“{name}” was changed by someone else since you opened it.",
    "Overwrite it with your version, or save your version under another name?",
    "Overwrite: destructive = overwrite; Save As…: accept = save_as; Cancel: reject = cancel",
    default=1,
)
RESTORE_RECOVERY = Question(
    QMessageBox.Icon.Question,
    "SweetSpot did not close properly last time.",
    "A recovery copy of your work was kept: {name}.\nRestore it?",
    "Restore: accept = restore; Discard: destructive = discard; Not now: reject = later",
    otherwise="later",
)


def ask(parent: QWidget | None, question: Question, name: str = "") -> str:
    """Ask `question`; the answer of the button clicked."""
    box = QMessageBox(parent)
    box.setIcon(question.icon)
    box.setWindowTitle(APP_NAME)
    box.setText(question.text.format(name=name))
    box.setInformativeText(question.detail.format(name=name))
    choices = question.choices()
    buttons = [box.addButton(label, role) for label, role, _answer in choices]
    box.setDefaultButton(buttons[question.default])
    box.exec()
    clicked = box.clickedButton()
    answers = (c[2] for b, c in zip(buttons, choices, strict=True) if b is clicked)
    return next(answers, question.otherwise)


def ask_save_changes(parent: QWidget | None, name: str) -> SaveAnswer:
    """Save, discard or cancel before the open workshop is closed."""
    return cast(SaveAnswer, ask(parent, SAVE_CHANGES, name))


def ask_changed_on_disk(parent: QWidget | None, name: str) -> DiskAnswer:
    """The project file was changed by someone else since we opened it."""
    return cast(DiskAnswer, ask(parent, CHANGED_ON_DISK, name))


def ask_restore_recovery(parent: QWidget | None, description: str) -> RecoveryAnswer:
    """Offer the recovery copy a crashed session left behind."""
    return cast(RecoveryAnswer, ask(parent, RESTORE_RECOVERY, description))


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.warning(parent, f"{title} — {APP_NAME}", message)


def choose_open_path(parent: QWidget | None, directory: str = "") -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, "Open project or spreadsheet", directory, OPEN_FILTER
    )
    return Path(name) if name else None


def choose_import_paths(parent: QWidget | None, directory: str = "") -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(
        parent, "Import spreadsheet", directory, f"{SPREADSHEET_FILTER};;All files (*)"
    )
    return [Path(n) for n in names]


def ask_wave_name(parent: QWidget | None, suggested: str) -> str | None:
    """The name of a survey wave (a period such as 2026 Q3, or a date); None when cancelled."""
    text, ok = QInputDialog.getText(
        parent,
        f"Survey wave — {APP_NAME}",
        "Name of this survey wave (a period such as 2026 Q3, or a date):",
        text=suggested,
    )
    return text.strip() if ok and text.strip() else None


def choose_save_path(
    parent: QWidget | None, caption: str, suggested: str, file_filter: str
) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, caption, suggested, file_filter)
    return Path(name) if name else None


# -- workshop placement --------------------------------------------------------------------------
class OverrideReasonDialog(QDialog):
    """Asks why the room moved an initiative; the reason goes to the backlog export."""

    def __init__(
        self,
        parent: QWidget | None,
        initiative_id: str,
        title: str,
        customer: float,
        business: float,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record workshop placement")
        intro = QLabel(
            f"<b>{html.escape(initiative_id)}</b> {html.escape(title)}<br>"
            f"The room placed it at customer impact <b>{customer:.1f}</b> and business impact "
            f"<b>{business:.1f}</b>. It will be ranked there until the placement is cleared."
        )
        intro.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Optional, e.g. “Regulator deadline makes this urgent”")
        self.reason.setToolTip(
            "Why the room agreed on this position; shown in the exported backlog"
        )
        self.reason.setClearButtonEnabled(True)
        form = QFormLayout()
        form.addRow("Reason:", self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Record placement")
        ok.setToolTip("Rank this initiative at the position the room agreed")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip(
            "Put the bubble back where the scores place it"
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)


def ask_override_reason(
    parent: QWidget | None, initiative_id: str, title: str, customer: float, business: float
) -> str | None:
    """The reason for a workshop placement ("" for none), or None when the user cancels."""
    dialog = OverrideReasonDialog(parent, initiative_id, title, customer, business)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.reason.text().strip()
