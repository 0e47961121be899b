"""The insights, objectives and initiatives tables as editable models; every edit is a core
edit value."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QObject,
    Signal,
)

from sweetspot.core.columns import required_fields
from sweetspot.core.edits import TABLE_NOUNS, SetCell, clean_cell_value, same_value
from sweetspot.core.model import (
    FIELD_LABELS,
    INITIATIVE_FIELDS,
    INSIGHT_FIELDS,
    NUMERIC_FIELDS,
    OBJECTIVE_FIELDS,
)
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.models.cells import (
    ALIGN,
    DISPLAY,
    EDIT,
    EDITABLE,
    ID_ROLE,
    LEFT,
    RIGHT,
    TOOLTIP,
    VALUE_ROLE,
    Index,
    cell_text,
    is_blank,
    natural_codes,
    number_text,
    text_codes,
)
from sweetspot.ui.models.frame import DisplayFrame, FrameModel

TABLE_FIELDS = {
    "insights": INSIGHT_FIELDS,
    "objectives": OBJECTIVE_FIELDS,
    "initiatives": INITIATIVE_FIELDS,
}
# The text that names a record, shown next to its ID in messages and tooltips.
NAME_FIELD = {"insights": "need", "objectives": "objective", "initiatives": "initiative"}

FIELD_TIPS = {
    "id": "A short unique ID, used by the links",
    "need": "The customer need, in the customer's words",
    "importance": "How much the need matters to customers, on the workshop's scale",
    "satisfaction": "How well the need is met today, on the workshop's scale (blank = unknown)",
    "reach": "How many customers have the need (any unit; blank = the median)",
    "segment": "Customer segment (used by the segment lens)",
    "journey_stage": "Journey stage (used by the journey lens)",
    "sentiment": "Sentiment of the evidence",
    "emotion": "The emotion behind the need",
    "evidence": "Where the insight comes from",
    "tags": "Tags, separated by commas",
    "objective": "The business objective",
    "weight": "How much this objective counts in business impact (any scale, 0 or more)",
    "kpi": "How the objective is measured",
    "owner": "Who owns it",
    "initiative": "The initiative's title",
    "effort": "Effort estimate (any unit, more than 0 for value for effort)",
    "confidence": "How sure the team is that it delivers (0–100%, blank = 100%)",
    "theme": "Theme or programme",
    "description": "What the initiative does",
    "status": "Where the initiative is (idea, discovery, delivery, …)",
}


def format_confidence(value: object) -> str:
    """Confidence 0–1 as a percentage."""
    return number_text(value, 0, scale=100, suffix="%")


class TableModel(FrameModel):
    """An editable view of one workshop table: canonical fields, then the custom columns.

    Every valid edit becomes an `EditCellCommand`; an invalid one is refused with a sentence
    on `editRejected` so the view can say what is wrong without a dialog."""

    editRejected = Signal(str)

    def __init__(self, doc: WorkshopDocument, table: str, parent: QObject | None = None) -> None:
        if table not in TABLE_FIELDS:
            raise ValueError(f"Unknown table {table!r}")
        self.table = table
        self.noun = TABLE_NOUNS[table]
        self._required = set(required_fields(table))
        super().__init__(doc, parent)

    @property
    def frame(self) -> pd.DataFrame:
        df: pd.DataFrame = getattr(self.doc.workshop, self.table)
        return df

    def set_filter(self, text: str) -> None:
        """Show the rows whose text holds every word of `text` (case-insensitive)."""
        self._set_filter_text(text)

    # -- frame -----------------------------------------------------------------------------
    def _load(self) -> tuple[tuple[str, ...], dict[str, np.ndarray], np.ndarray]:
        df = self.frame
        custom = self.doc.workshop.custom_columns(self.table)
        columns = (*TABLE_FIELDS[self.table], *custom)
        n = len(df)
        arrays: dict[str, np.ndarray] = {}
        for c in columns:
            if c in df.columns:
                arrays[c] = df[c].to_numpy(dtype=object if df[c].dtype != float else float)
            else:
                blank: Any = np.nan if c in NUMERIC_FIELDS else ""
                arrays[c] = np.full(n, blank, dtype=float if c in NUMERIC_FIELDS else object)
        ids = pd.Series(arrays["id"], dtype=object).fillna("").astype(str).to_numpy(dtype=object)
        return tuple(columns), arrays, ids

    def value_dtype(self, key: str) -> str:
        """The numpy kind of a column's values ("f" for numbers, "O" for text)."""
        arr = self._frame.arrays.get(key)
        return "" if arr is None else arr.dtype.kind

    def _is_number_column(self, key: str) -> bool:
        return key in NUMERIC_FIELDS or self._frame.arrays[key].dtype.kind == "f"

    def _sort_key(self, frame: DisplayFrame, column: str) -> np.ndarray:
        values = frame.arrays[column]
        if column == "id":
            return natural_codes(values)
        if column in NUMERIC_FIELDS or values.dtype.kind == "f":
            return pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float)
        return text_codes(values)

    def _search_columns(self, frame: DisplayFrame) -> list[np.ndarray]:
        # Numbers are not worth searching; the text columns (ID, need, segment, …) are.
        return [
            frame.arrays[c]
            for c in frame.columns
            if c not in NUMERIC_FIELDS and frame.arrays[c].dtype.kind != "f"
        ]

    # -- Qt --------------------------------------------------------------------------------
    def _column_header(self, section: int, role: int) -> Any:
        if not 0 <= section < len(self._frame.columns):
            return None
        key = self._frame.columns[section]
        if role == DISPLAY:
            return FIELD_LABELS.get(key, key)
        if role == TOOLTIP:
            tip = FIELD_TIPS.get(key, "A column kept from your spreadsheet")
            if key in ("importance", "satisfaction"):
                tip += f" ({self.doc.workshop.scale.describe()})"
            if key in self._required:
                tip += " — required"
            return tip
        if role == ALIGN:
            return RIGHT if self._is_number_column(key) else LEFT
        return None

    CELL_FLAGS = EDITABLE
    ROLES = frozenset((DISPLAY, EDIT, ALIGN, TOOLTIP, VALUE_ROLE, ID_ROLE))

    def _cell_data(self, pos: int, key: str, role: int) -> Any:
        frame = self._frame
        if role == DISPLAY:
            v = frame.arrays[key][pos]
            if key == "confidence":
                return format_confidence(v)
            return cell_text(v)
        if role == EDIT:
            v = frame.arrays[key][pos]
            if self._is_number_column(key):
                f = float(v) if not is_blank(v) else math.nan
                if key == "confidence" and not math.isnan(f):
                    return f * 100.0
                return None if math.isnan(f) else f
            return cell_text(v)
        if role == ALIGN:
            return RIGHT if self._is_number_column(key) else LEFT
        if role == TOOLTIP:
            v = frame.arrays[key][pos]
            if key in ("need", "objective", "initiative", "description", "evidence"):
                text = cell_text(v)
                return text if len(text) > 30 else None
            if key in self._required and is_blank(v):
                return f"{FIELD_LABELS.get(key, key)} is required"
            return None
        if role == VALUE_ROLE:
            v = frame.arrays[key][pos]
            return v.item() if isinstance(v, np.generic) else v
        if role == ID_ROLE:
            return str(frame.ids[pos])
        return None

    def setData(self, index: Index, value: Any, role: int = EDIT) -> bool:
        if not index.isValid() or role != EDIT:
            return False
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._frame.rows) and 0 <= column < len(self._frame.columns)):
            return False
        key = self._frame.columns[column]
        row_id = self.id_at(row)
        try:
            clean = self.validate(row_id, key, value)
        except ValueError as exc:
            self.editRejected.emit(str(exc))
            return False
        old = self._frame.arrays[key][self._frame.rows[row]]
        if same_value(old, clean):
            return True
        self.doc.edit(SetCell(self.table, row_id, key, clean))
        return True

    def validate(self, row_id: str, key: str, value: Any) -> Any:
        """The value to store for an edit, or ValueError with a sentence for the consultant."""
        return clean_cell_value(self.doc.workshop, self.table, row_id, key, value)


# ==== the link matrix ===========================================================================
