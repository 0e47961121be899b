"""Import a spreadsheet without freezing the window: worker thread, progress, mapping, report.

The flow, as a consultant sees it:
1. the file is inspected off the UI thread (a progress dialog with Cancel appears if it is slow);
2. when a sheet or a column is not recognised, a mapping dialog lets them assign it (the answer
   is remembered for the next import of a file with the same name and headers);
3. the workbook is read off the UI thread;
4. if the import found warnings or errors, the import report lists each one (severity,
   `Sheet!Cell`, sentence) with "Import valid rows" and "Cancel".

Every dialog is opened non-modally (`open()`), so tests drive the flow with real widgets.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sweetspot.core.model import (
    FIELD_LABELS,
    INITIATIVE_FIELDS,
    INSIGHT_FIELDS,
    LINK_FIELDS,
    OBJECTIVE_FIELDS,
    Problem,
    Workshop,
)
from sweetspot.ui import dialogs

log = logging.getLogger(__name__)

ProgressFn = Callable[[float, str], None]
CancelledFn = Callable[[], bool]
# A job run in the worker thread: gets progress and cancelled callbacks, returns its result.
Job = Callable[[ProgressFn, CancelledFn], object]

TABLE_KINDS = ("insights", "objectives", "initiatives", "links", "matrix", "ignore")
TABLE_LABELS = {
    "insights": "Customer insights",
    "objectives": "Business objectives",
    "initiatives": "Initiatives",
    "links": "Links (one row per link)",
    "matrix": "Links (relationship matrix)",
    "ignore": "Ignore this sheet",
}
KIND_FIELDS = {
    "insights": INSIGHT_FIELDS,
    "objectives": OBJECTIVE_FIELDS,
    "initiatives": INITIATIVE_FIELDS,
    "links": LINK_FIELDS,
}
# Without these a table cannot be used; a missing one is worth asking about.
REQUIRED_FIELDS = {
    "insights": ("id", "need", "importance"),
    "objectives": ("id", "objective"),
    "initiatives": ("id", "initiative"),
    "links": ("initiative", "target", "strength"),
}
# The tables a workshop needs; "matrix" is links in matrix form.
NEEDED_TABLES = ("insights", "objectives", "initiatives", "links")
KEEP_AS_CUSTOM = ""
SETTINGS_GROUP = "import-mappings"


class ImportFailed(Exception):
    """The import could not run at all (the message is a plain sentence)."""


# -- worker ---------------------------------------------------------------------------------------
class ImportWorker(QObject):
    """Runs one job (inspect or load) in a worker thread; every outcome is a signal."""

    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop at its next check (thread-safe)."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        try:
            result = self._job(self._report, self.is_cancelled)
        except Exception as exc:
            if self._cancel.is_set() or type(exc).__name__ == "ImportCancelled":
                self.cancelled.emit()
                return
            log.exception("Import failed")
            self.failed.emit(_plain_failure(exc))
            return
        if self._cancel.is_set():
            self.cancelled.emit()
        else:
            self.finished.emit(result)

    def _report(self, fraction: float, message: str) -> None:
        self.progress.emit(float(fraction), str(message))


def _plain_failure(exc: BaseException) -> str:
    if isinstance(exc, ImportFailed):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "The file is too large to read on this computer."
    if isinstance(exc, FileNotFoundError):
        return f"The file was not found: {exc.filename or exc}."
    if isinstance(exc, PermissionError):
        return f"SweetSpot is not allowed to read {exc.filename or 'the file'}."
    return f"The file could not be read ({type(exc).__name__}: {exc})."


class JobRunner(QObject):
    """Runs a job in a QThread with a progress dialog (shown after a short delay) and Cancel."""

    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        job: Job,
        parent_widget: QWidget | None,
        title: str,
        *,
        show_progress: bool = True,
    ) -> None:
        super().__init__(parent_widget)
        self.worker = ImportWorker(job)
        self.worker_thread = QThread()
        self.worker_thread.setObjectName("sweetspot-import")
        self.worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.worker.run)
        # Queued to this (UI-thread) object whatever thread emits.
        self.worker.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self.worker.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.worker.cancelled.connect(self._cancelled, Qt.ConnectionType.QueuedConnection)
        self.worker.progress.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        self.progress_dialog: QProgressDialog | None = None
        if show_progress:
            dlg = QProgressDialog(title, "Cancel", 0, 1000, parent_widget)
            dlg.setWindowTitle(f"{title} — {dialogs.APP_NAME}")
            dlg.setWindowModality(Qt.WindowModality.WindowModal)
            # Quick imports should not flash a dialog.
            dlg.setMinimumDuration(400)
            dlg.setAutoClose(False)
            dlg.setAutoReset(False)
            dlg.setValue(0)
            dlg.canceled.connect(self.cancel)
            self.progress_dialog = dlg
        self.last_message = ""
        self.done = False

    def start(self) -> None:
        self.worker_thread.start()

    def cancel(self) -> None:
        self.worker.cancel()
        if self.progress_dialog is not None:
            self.progress_dialog.setLabelText("Cancelling…")

    def _progress(self, fraction: float, message: str) -> None:
        self.last_message = message
        if self.progress_dialog is not None and not self.worker.is_cancelled():
            self.progress_dialog.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
            if message:
                self.progress_dialog.setLabelText(message)

    def _stop(self) -> None:
        self.done = True
        self.worker_thread.quit()
        self.worker_thread.wait(5000)
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect(self.cancel)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _finished(self, result: object) -> None:
        self._stop()
        self.finished.emit(result)

    def _failed(self, message: str) -> None:
        self._stop()
        self.failed.emit(message)

    def _cancelled(self) -> None:
        self._stop()
        self.cancelled.emit()


# -- sheet guesses and the mapping dialog ---------------------------------------------------------
@dataclass
class SheetChoice:
    """One sheet as the mapping dialog shows it, adapted from the importer's SheetGuess."""

    key: str
    label: str
    kind: str  # a TABLE_KINDS entry, or "" when the importer could not tell
    columns: dict[str, str] = field(default_factory=dict)  # header → field ("" = custom)
    unrecognised: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    header_row: int = 0  # 1-based; 0 when unknown
    hidden: bool = False
    has_content: bool = True

    @property
    def headers(self) -> list[str]:
        return list(self.columns)


def _attr(obj: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if hasattr(obj, name):
            return getattr(obj, name)
    return default


def _header_guess(preview: Sequence[Sequence[Any]]) -> tuple[int, list[str]]:
    """For a sheet the importer could not read: the first row with two or more texts."""
    for i, row in enumerate(preview):
        cells = [str(c).strip() for c in row]
        texts = [c for c in cells if c and not _is_number(c)]
        if len(texts) >= 2:
            while cells and not cells[-1]:
                cells.pop()
            return i + 1, [c for c in cells if c]
    return 0, []


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def sheet_choices(guesses: Sequence[Any]) -> list[SheetChoice]:
    """The importer's guesses (`SheetGuess`) as dialog rows."""
    out = []
    files = {str(_attr(g, "file", default="") or "") for g in guesses}
    for g in guesses:
        key = str(_attr(g, "key", default=""))
        sheet = str(_attr(g, "sheet", default="") or key)
        file = str(_attr(g, "file", default="") or "")
        # Name the file only when sheets of several files are listed.
        several = len(files) > 1 and file and Path(file).name != sheet
        label = f"{Path(file).name} ▸ {sheet}" if several else sheet
        kind = str(_attr(g, "kind", default="") or "")
        if kind == "links" and _attr(g, "form", default="") == "matrix":
            kind = "matrix"
        kind = kind if kind in TABLE_KINDS else ""
        columns = {str(h): str(f or "") for h, f in dict(_attr(g, "columns", default={})).items()}
        unrecognised = [str(h) for h in _attr(g, "unrecognised", default=[]) or []]
        for h in unrecognised:
            columns.setdefault(h, "")
        header_row = int(_attr(g, "header_row", default=0) or 0)
        preview = list(_attr(g, "preview", default=[]) or [])
        has_content = bool(columns) or any(any(str(c).strip() for c in row) for row in preview)
        if not kind and not columns:
            header_row, headers = _header_guess(preview)
            columns = dict.fromkeys(headers, "")
            unrecognised = list(headers)
        have = set(columns.values())
        missing = [f for f in REQUIRED_FIELDS.get(kind, ()) if f not in have]
        out.append(
            SheetChoice(
                key,
                label,
                kind,
                columns,
                unrecognised,
                missing,
                header_row,
                bool(_attr(g, "hidden", default=False)),
                has_content,
            )
        )
    return out


def tables_found(choices: Sequence[SheetChoice]) -> set[str]:
    found = {c.kind for c in choices if c.kind}
    if "matrix" in found:
        found.add("links")
    return found


def needs_mapping(choices: Sequence[SheetChoice]) -> bool:
    """Ask only when something would be lost: a table the workshop needs is not found while
    a sheet with content was not recognised, or a table misses a required field while it has
    columns the importer did not recognise (the field is probably under another name). Extra
    sheets (instructions, notes) and extra columns alone are no reason to ask."""
    missing_tables = [k for k in NEEDED_TABLES if k not in tables_found(choices)]
    unknown = [c for c in choices if not c.kind and c.has_content and not c.hidden]
    if missing_tables and unknown:
        return True
    return any(c.kind in REQUIRED_FIELDS and c.missing and c.unrecognised for c in choices)


def mapping_signature(paths: Sequence[Path], choices: Sequence[SheetChoice]) -> str:
    """Key for remembering a mapping: the file names and every sheet's headers."""
    text = json.dumps(
        [sorted(p.name for p in paths), [[c.key, c.headers] for c in choices]], ensure_ascii=False
    )
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def remembered_mapping(settings: QSettings, signature: str) -> dict[str, Any] | None:
    raw = settings.value(f"{SETTINGS_GROUP}/{signature}", "")
    if not raw:
        return None
    try:
        data = json.loads(str(raw))
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def remember_mapping(settings: QSettings, signature: str, mapping: dict[str, Any]) -> None:
    settings.setValue(f"{SETTINGS_GROUP}/{signature}", json.dumps(mapping, ensure_ascii=False))


def make_import_mapping(data: dict[str, Any]) -> Any:
    """The core's ImportMapping from the dialog's plain dict."""
    from sweetspot.core.importing import ImportMapping

    return ImportMapping.from_dict(data)


class MappingDialog(QDialog):
    """Assign sheets to tables and columns to fields when the importer could not tell."""

    def __init__(
        self,
        parent: QWidget | None,
        choices: Sequence[SheetChoice],
        files_label: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Match your spreadsheet — {dialogs.APP_NAME}")
        self.choices = list(choices)
        intro = QLabel(
            f"SweetSpot could not recognise everything in <b>{files_label or 'the file'}</b>. "
            "Tell it what each sheet holds and which column is which. Columns left as "
            "<i>keep as extra column</i> are kept and exported unchanged. Your answer is "
            "remembered for the next import of this file."
        )
        intro.setWordWrap(True)

        self.sheets = QTableWidget(len(self.choices), 2)
        self.sheets.setHorizontalHeaderLabels(["Sheet", "Holds"])
        self.sheets.verticalHeader().hide()
        self.sheets.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.sheets.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.sheets.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sheets.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sheets.setToolTip("Each sheet of the input and the table it holds")
        self.kind_boxes: list[QComboBox] = []
        # One unreadable sheet and one missing table: that is almost surely the answer.
        missing = [k for k in NEEDED_TABLES if k not in tables_found(self.choices)]
        unknown = [c for c in self.choices if not c.kind and c.has_content and not c.hidden]
        preset = {unknown[0].key: missing[0]} if len(unknown) == 1 and len(missing) == 1 else {}
        for row, choice in enumerate(self.choices):
            item = QTableWidgetItem(choice.label)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.sheets.setItem(row, 0, item)
            box = QComboBox()
            box.setToolTip(f"What the sheet “{choice.label}” holds")
            for kind in TABLE_KINDS:
                box.addItem(TABLE_LABELS[kind], kind)
            kind = choice.kind or preset.get(choice.key, "ignore")
            box.setCurrentIndex(max(0, box.findData(kind)))
            if not choice.kind and choice.has_content:
                # Point at the sheets SweetSpot could not read.
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                item.setToolTip("SweetSpot did not recognise this sheet: choose what it holds")
            box.currentIndexChanged.connect(lambda _i, r=row: self._kind_changed(r))
            self.sheets.setCellWidget(row, 1, box)
            self.kind_boxes.append(box)
        self.sheets.currentCellChanged.connect(lambda r, *_: self._show_columns(r))

        self.columns_title = QLabel()
        self.columns = QTableWidget(0, 2)
        self.columns.setHorizontalHeaderLabels(["Column in your file", "Means"])
        self.columns.verticalHeader().hide()
        self.columns.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.columns.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.columns.setToolTip("Which SweetSpot field each column of the selected sheet holds")
        self.field_boxes: dict[str, dict[str, QComboBox]] = {}
        self.status = QLabel()
        self.status.setWordWrap(True)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Import")
        self.ok_button.setToolTip("Read the file with these choices")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip("Do not import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.sheets, 2)
        layout.addWidget(self.columns_title)
        layout.addWidget(self.columns, 3)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(640, 600)
        first = next((i for i, c in enumerate(self.choices) if needs_mapping([c])), 0)
        if self.choices:
            self.sheets.setCurrentCell(first, 0)
            self._show_columns(first)
        self._validate()

    def kind_of(self, row: int) -> str:
        return str(self.kind_boxes[row].currentData() or "")

    def set_kind(self, row: int, kind: str) -> None:
        box = self.kind_boxes[row]
        box.setCurrentIndex(box.findData(kind))

    def set_field(self, row: int, header: str, field_name: str) -> None:
        self._show_columns(row)
        box = self.field_boxes[self.choices[row].key][header]
        box.setCurrentIndex(box.findData(field_name))

    def _kind_changed(self, row: int) -> None:
        self.field_boxes.pop(self.choices[row].key, None)
        self.sheets.setCurrentCell(row, 0)
        self._show_columns(row)
        self._validate()

    def _show_columns(self, row: int) -> None:
        if not 0 <= row < len(self.choices):
            return
        choice = self.choices[row]
        kind = self.kind_of(row)
        self.columns_title.setText(f"<b>Columns of {choice.label}</b>")
        self.columns.setRowCount(0)
        fields = KIND_FIELDS.get(kind, [])
        self.columns.setEnabled(bool(fields))
        stored = self.field_boxes.setdefault(choice.key, {})
        self.columns.setRowCount(len(choice.headers))
        for r, header in enumerate(choice.headers):
            item = QTableWidgetItem(header)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            if header in choice.unrecognised:
                item.setToolTip("SweetSpot did not recognise this column")
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
            self.columns.setItem(r, 0, item)
            old = stored.get(header)
            current = str(old.currentData()) if old is not None else choice.columns.get(header, "")
            box = QComboBox()
            box.setToolTip(f"What the column “{header}” holds")
            box.addItem("keep as extra column", KEEP_AS_CUSTOM)
            for f in fields:
                box.addItem(FIELD_LABELS.get(f, f), f)
            box.setCurrentIndex(max(0, box.findData(current if current in fields else "")))
            box.currentIndexChanged.connect(lambda _i: self._validate())
            self.columns.setCellWidget(r, 1, box)
            stored[header] = box

    def _validate(self) -> None:
        notes = []
        chosen = {self.kind_of(r) for r in range(len(self.choices))}
        if "matrix" in chosen:
            chosen.add("links")
        for kind in NEEDED_TABLES:
            if kind not in chosen:
                notes.append(f"No sheet holds {TABLE_LABELS[kind].split(' (')[0]} yet.")
        columns = self.mapping()["columns"]
        for row, choice in enumerate(self.choices):
            kind = self.kind_of(row)
            have = set(columns.get(choice.key, {}).values())
            missing = [f for f in REQUIRED_FIELDS.get(kind, ()) if f not in have]
            if missing:
                names = ", ".join(FIELD_LABELS.get(f, f) for f in missing)
                notes.append(f"{choice.label}: which column holds {names}?")
        self.status.setText(" ".join(notes) if notes else "✓ Ready to import.")

    def mapping(self) -> dict[str, Any]:
        """The user's choices, as `ImportMapping.to_dict()` writes them."""
        tables: dict[str, str] = {}
        columns: dict[str, dict[str, str]] = {}
        header_rows: dict[str, int] = {}
        for row, choice in enumerate(self.choices):
            kind = self.kind_of(row)
            tables[choice.key] = kind
            if kind not in KIND_FIELDS:
                continue
            boxes = self.field_boxes.get(choice.key)
            if boxes:
                columns[choice.key] = {h: str(b.currentData() or "") for h, b in boxes.items()}
            elif kind == choice.kind:
                columns[choice.key] = dict(choice.columns)
            if choice.header_row > 0:
                header_rows[choice.key] = choice.header_row
        return {"tables": tables, "columns": columns, "header_rows": header_rows}


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
        self.setWindowTitle(f"Import report — {dialogs.APP_NAME}")
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
                dialogs.severity_icon(p.severity), dialogs.SEVERITY_LABELS[p.severity]
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


# -- the whole flow -------------------------------------------------------------------------------
Loader = Callable[..., Workshop]
Inspector = Callable[[Sequence[Path]], Sequence[Any]]


def _default_loader(inputs: Sequence[Path], **kwargs: Any) -> Workshop:
    from sweetspot.core.importing import load_workshop

    return load_workshop(list(inputs), **kwargs)


def _default_inspector(inputs: Sequence[Path]) -> Sequence[Any]:
    try:
        from sweetspot.core.importing import inspect_inputs
    except ImportError:  # older importer without inspection: just load
        return []
    return inspect_inputs(list(inputs))


class ImportFlow(QObject):
    """One import from files to a Workshop the user accepted (or a cancel / failure)."""

    # The accepted workshop and the paths it came from.
    finished = Signal(object, list)
    cancelled = Signal()
    failed = Signal(str)
    # The current step, for the status bar.
    message = Signal(str)

    def __init__(
        self,
        parent_widget: QWidget | None,
        paths: Sequence[Path],
        settings: QSettings,
        *,
        loader: Loader | None = None,
        inspector: Inspector | None = None,
        show_progress: bool = True,
    ) -> None:
        super().__init__(parent_widget)
        self.parent_widget = parent_widget
        self.paths = [Path(p) for p in paths]
        self.settings = settings
        self.loader = loader or _default_loader
        self.inspector = inspector or _default_inspector
        self.show_progress = show_progress
        self.runner: JobRunner | None = None
        self.mapping_dialog: MappingDialog | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.mapping: dict[str, Any] | None = None
        self.workshop: Workshop | None = None
        self.outcome = ""  # "finished", "cancelled" or "failed" once over

    @property
    def source_label(self) -> str:
        return dialogs.describe_paths(self.paths)

    def start(self) -> None:
        self.message.emit(f"Reading {self.source_label}…")
        paths = list(self.paths)

        def inspect(progress: ProgressFn, cancelled: CancelledFn) -> object:
            progress(0.02, f"Looking at {self.source_label}…")
            return list(self.inspector(paths))

        self._run(inspect, "Reading the spreadsheet", self._inspected)

    def cancel(self) -> None:
        """Cancel whatever step is running (also closes an open dialog)."""
        if self.runner is not None and not self.runner.done:
            self.runner.cancel()
            return
        for dlg in (self.mapping_dialog, self.report_dialog):
            if dlg is not None and dlg.isVisible():
                dlg.reject()
                return

    def _run(self, job: Job, title: str, then: Callable[[object], None]) -> None:
        runner = JobRunner(job, self.parent_widget, title, show_progress=self.show_progress)
        self.runner = runner
        runner.finished.connect(then)
        runner.failed.connect(self._failed)
        runner.cancelled.connect(self._cancelled)
        runner.start()

    def _inspected(self, guesses: object) -> None:
        choices = sheet_choices(guesses if isinstance(guesses, list) else [])
        if not needs_mapping(choices):
            self._load(None)
            return
        signature = mapping_signature(self.paths, choices)
        known = remembered_mapping(self.settings, signature)
        if known is not None:
            self.message.emit("Using the column matching you chose last time.")
            self._load(known)
            return
        dlg = MappingDialog(self.parent_widget, choices, self.source_label)
        self.mapping_dialog = dlg

        def accepted() -> None:
            mapping = dlg.mapping()
            remember_mapping(self.settings, signature, mapping)
            self._load(mapping)

        dlg.accepted.connect(accepted)
        dlg.rejected.connect(self._cancelled)
        dlg.open()

    def _load(self, mapping: dict[str, Any] | None) -> None:
        self.mapping = mapping
        paths = list(self.paths)
        loader = self.loader

        def load(progress: ProgressFn, cancelled: CancelledFn) -> object:
            core_mapping = make_import_mapping(mapping) if mapping is not None else None
            return loader(paths, mapping=core_mapping, progress=progress, cancelled=cancelled)

        self._run(load, f"Importing {self.source_label}", self._loaded)

    def _loaded(self, workshop: object) -> None:
        if not isinstance(workshop, Workshop):
            self._failed("The importer returned no workshop.")
            return
        self.workshop = workshop
        if not reportable(workshop.problems):
            self._finish()
            return
        dlg = ImportReportDialog(self.parent_widget, workshop, self.source_label)
        self.report_dialog = dlg
        dlg.accepted.connect(self._finish)
        dlg.rejected.connect(self._cancelled)
        dlg.open()

    def _finish(self) -> None:
        assert self.workshop is not None
        self.outcome = "finished"
        self.finished.emit(self.workshop, list(self.paths))

    def _failed(self, message: str) -> None:
        self.outcome = "failed"
        self.failed.emit(message)

    def _cancelled(self, *_args: object) -> None:
        if self.outcome:
            return
        self.outcome = "cancelled"
        self.message.emit("Import cancelled.")
        self.cancelled.emit()


def load_now(paths: Sequence[Path], loader: Loader | None = None) -> Workshop:
    """Read a workbook on the calling thread (command line, screenshots): no dialogs."""
    return (loader or _default_loader)([Path(p) for p in paths])


def wait_for(flow: ImportFlow, timeout_ms: int = 30000) -> str:
    """Spin the event loop until the flow is over (for scripts, not for the UI)."""
    from PySide6.QtCore import QEventLoop

    if flow.outcome:
        return flow.outcome
    loop = QEventLoop()
    flow.finished.connect(loop.quit)
    flow.cancelled.connect(loop.quit)
    flow.failed.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    return flow.outcome
