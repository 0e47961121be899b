"""The mapping dialog: which sheet is which table, which column is which field.

Shown only when the importer could not tell and something would otherwise be lost; the answer is
remembered (per file names and headers) for the next import of the same file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sweetspot.core.columns import TABLE_SPECS, required_fields
from sweetspot.core.model import (
    FIELD_LABELS,
    INITIATIVE_FIELDS,
    INSIGHT_FIELDS,
    LINK_FIELDS,
    OBJECTIVE_FIELDS,
)
from sweetspot.ui import brand

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
# The tables a workshop needs; "matrix" is links in matrix form.
NEEDED_TABLES = ("insights", "objectives", "initiatives", "links")
KEEP_AS_CUSTOM = ""
SETTINGS_GROUP = "import-mappings"


def required_of(kind: str) -> list[str]:
    """Fields without which a table cannot be used: the core's list (none for other kinds)."""
    return required_fields(kind) if kind in TABLE_SPECS else []


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
        missing = [f for f in required_of(kind) if f not in have]
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
    return any(c.kind in TABLE_SPECS and c.missing and c.unrecognised for c in choices)


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
        self.setWindowTitle(f"Match your spreadsheet — {brand.APP_NAME}")
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
            missing = [f for f in required_of(kind) if f not in have]
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
