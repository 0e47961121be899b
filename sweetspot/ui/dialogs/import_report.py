"""The import report: every problem an import found (severity, `Sheet!Cell`, sentence)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sweetspot.core.model import (
    Problem,
    Workshop,
)
from sweetspot.ui import brand

# -- import report --------------------------------------------------------------------------------
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def reportable(problems: Sequence[Problem]) -> list[Problem]:
    """Problems worth a report: everything beyond notes."""
    return [p for p in problems if p.severity in ("error", "warning")]


def summary_sentence(workshop: Workshop, source: str = "") -> str:
    n_err, n_warn = len(workshop.errors), len(workshop.warnings)
    parts = []
    if n_err:
        parts.append(f"{n_err} error{'s' if n_err != 1 else ''}")
    if n_warn:
        parts.append(f"{n_warn} warning{'s' if n_warn != 1 else ''}")
    found = " and ".join(parts) if parts else "no problems"
    where = f" in {source}" if source else ""
    return f"SweetSpot found {found}{where}."


class ImportReportDialog(QDialog):
    """Every problem of an import, where it is and what to do; import the valid rows or not."""

    def __init__(
        self,
        parent: QWidget | None,
        workshop: Workshop,
        source: str = "",
        *,
        review_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import report — {brand.APP_NAME}")
        self.workshop = workshop
        problems = sorted(
            workshop.problems,
            key=lambda p: (SEVERITY_ORDER.get(p.severity, 3), p.sheet, _cell_key(p.cell)),
        )
        self.problems = problems
        n_err = len(workshop.errors)
        counts = (
            f"{len(workshop.insights)} insights, {len(workshop.objectives)} objectives, "
            f"{len(workshop.initiatives)} initiatives and {len(workshop.links)} links can be used."
        )
        advice = (
            "Rows with errors are left out. Fix them in the spreadsheet and import it again, or "
            "import the valid rows now and fix them later."
            if n_err
            else "Nothing is left out; the warnings tell you what SweetSpot assumed."
        )
        head = QLabel(
            f"<b>{summary_sentence(workshop, source)}</b><br>{counts}<br>"
            + ("" if review_only else advice)
        )
        head.setWordWrap(True)

        self.table = QTableWidget(len(problems), 3)
        self.table.setHorizontalHeaderLabels(["Severity", "Where", "Problem"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.setToolTip("Every problem the import found, with the cell it is in")
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, p in enumerate(problems):
            sev = QTableWidgetItem(
                brand.severity_icon(p.severity), brand.SEVERITY_LABELS[p.severity]
            )
            where = QTableWidgetItem(p.location)
            where.setToolTip(f"Sheet {p.sheet}, cell {p.cell}" if p.cell else p.sheet)
            text = QTableWidgetItem(p.message)
            text.setToolTip(p.message)
            for col, item in enumerate((sev, where, text)):
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()

        copy = QPushButton("Copy list")
        copy.setToolTip("Copy every problem as text, to paste into an e-mail or a ticket")
        copy.clicked.connect(self.copy_to_clipboard)
        if review_only:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            buttons.rejected.connect(self.reject)
            buttons.button(QDialogButtonBox.StandardButton.Close).setToolTip("Close the report")
            self.import_button = None
        else:
            buttons = QDialogButtonBox()
            self.import_button = buttons.addButton(
                "Import valid rows", QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.import_button.setToolTip("Open the workshop without the rows that have errors")
            self.import_button.setDefault(True)
            cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
            cancel.setToolTip("Do not import; fix the spreadsheet first")
            buttons.accepted.connect(self.accept)
            buttons.rejected.connect(self.reject)
        footer = QHBoxLayout()
        footer.addWidget(copy)
        footer.addStretch(1)
        footer.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        self.resize(820, 520)

    def rows(self) -> list[tuple[str, str, str]]:
        """(severity, location, sentence) as shown, for tests and copying."""
        out = []
        for r in range(self.table.rowCount()):
            cells = [self.table.item(r, c) for c in range(3)]
            out.append(tuple(c.text() if c is not None else "" for c in cells))
        return out  # type: ignore[return-value]

    def as_text(self) -> str:
        return "\n".join(f"{s}\t{w}\t{m}" for s, w, m in self.rows())

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.as_text())


def _cell_key(cell: str) -> tuple[int, str]:
    """Sort A2 before A10: by row number, then column letters."""
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (int(digits) if digits else 0, letters.rjust(3))
