"""The ranked backlog as a read-only table model."""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import repeat
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QObject,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from sweetspot.core.scoring import QUADRANTS
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.models.cells import (
    ALIGN,
    CENTRE,
    DECORATION,
    DISPLAY,
    DOWN_COLOUR,
    FONT,
    FOREGROUND,
    ID_ROLE,
    LEFT,
    READ_ONLY,
    RIGHT,
    TOOLTIP,
    UP_COLOUR,
    VALUE_ROLE,
    movement_text,
    natural_codes,
    one_decimal,
    plain_number,
    quadrant_icon,
    text_codes,
)
from sweetspot.ui.models.frame import BACKLOG_COLUMNS, Column, DisplayFrame, FrameModel, LazyColumns


class BacklogModel(FrameModel):
    """The ranked initiatives of `doc.result`, sortable and filterable, read-only."""

    COLUMNS: ClassVar[tuple[Column, ...]] = BACKLOG_COLUMNS
    # Emitted after the rows shown changed (filter, quadrant, or new data).
    filterChanged = Signal()

    def __init__(self, doc: WorkshopDocument, parent: QObject | None = None) -> None:
        self._quadrant: str | None = None
        self._by_key = {c.key: c for c in BACKLOG_COLUMNS}
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)
        self._bold_italic = QFont(self._bold)
        self._bold_italic.setItalic(True)
        self._up = QBrush(QColor(UP_COLOUR))
        self._down = QBrush(QColor(DOWN_COLOUR))
        super().__init__(doc, parent)

    # -- public ----------------------------------------------------------------------------
    @property
    def quadrant_filter(self) -> str | None:
        return self._quadrant

    def set_filter(self, text: str, quadrant: str | None = None) -> None:
        """Show the initiatives whose ID, title or drivers hold every word of `text`
        (case-insensitive), in one quadrant or in all (None)."""
        self._quadrant = quadrant if quadrant in QUADRANTS else None
        self._set_filter_text(text)
        self.filterChanged.emit()

    def refresh(self) -> None:
        super().refresh()
        self.filterChanged.emit()

    # -- frame -----------------------------------------------------------------------------
    def _load(self) -> tuple[tuple[str, ...], dict[str, np.ndarray], np.ndarray]:
        result = self.doc.result
        table = result.table
        arrays = {
            c: table[c].to_numpy()
            for c in (
                "rank",
                "id",
                "initiative",
                "customer_impact",
                "business_impact",
                "score",
                "quadrant",
                "effort",
                "value",
                "confidence",
                "computed_customer_impact",
                "computed_business_impact",
                "computed_score",
                "overridden",
                "override_reason",
            )
        }
        # The drivers' text of every initiative: built when a cell, sort or search first reads
        # it (a re-score does not, and this model re-loads on every one).
        later: dict[str, Callable[[], np.ndarray]] = {
            "top_customer_drivers": lambda: np.array(result.drivers("customer"), dtype=object),
            "top_business_drivers": lambda: np.array(result.drivers("business"), dtype=object),
        }
        ids = table["id"].astype(str).to_numpy(dtype=object)
        arrays["id"] = ids
        previous = self.doc.previous_ranks
        # dict.get through map(): a pandas .map with a 100,000-key dict costs 7× more.
        before = np.fromiter(
            map(previous.get, ids.tolist(), repeat(math.nan, len(ids))),
            dtype=float,
            count=len(ids),
        )
        arrays["move"] = before - table["rank"].to_numpy(dtype=float)
        placement = np.full(len(ids), "", dtype=object)
        for pos in np.flatnonzero(arrays["overridden"]):
            c, b = arrays["customer_impact"][pos], arrays["business_impact"][pos]
            reason = str(arrays["override_reason"][pos] or "")
            text = f"Placed at C {c:.0f} · B {b:.0f}"
            placement[pos] = f"{text} — {reason}" if reason else text
        arrays["placement"] = placement
        return tuple(c.key for c in BACKLOG_COLUMNS), LazyColumns(arrays, later), ids

    def _sort_key(self, frame: DisplayFrame, column: str) -> np.ndarray:
        kind = self._by_key[column].kind
        values = frame.arrays[column]
        if kind == "id":
            return natural_codes(values)
        if kind == "quadrant":
            order = {q: i for i, q in enumerate(QUADRANTS)}
            return pd.Series(values).map(order).fillna(-1).to_numpy(dtype=np.int64)
        if kind == "move":
            # New initiatives count as the biggest climbers.
            return np.nan_to_num(values.astype(float), nan=np.inf)
        if kind in ("number", "plain", "int"):
            return pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float)
        return text_codes(values)

    def _search_columns(self, frame: DisplayFrame) -> list[np.ndarray]:
        a = frame.arrays
        return [a["id"], a["initiative"], a["top_customer_drivers"], a["top_business_drivers"]]

    def _extra_mask(self, frame: DisplayFrame) -> np.ndarray | None:
        if self._quadrant is None:
            return None
        return np.asarray(frame.arrays["quadrant"] == self._quadrant, dtype=bool)

    # -- Qt --------------------------------------------------------------------------------
    def _column_header(self, section: int, role: int) -> Any:
        if 0 <= section < len(BACKLOG_COLUMNS):
            col = BACKLOG_COLUMNS[section]
            if role == DISPLAY:
                return col.label
            if role == TOOLTIP:
                return col.tip
            if role == ALIGN:
                return LEFT if col.kind in ("text", "id", "quadrant") else RIGHT
        return None

    CELL_FLAGS = READ_ONLY
    ROLES = frozenset((DISPLAY, ALIGN, FOREGROUND, FONT, DECORATION, TOOLTIP, VALUE_ROLE, ID_ROLE))

    def _cell_data(self, pos: int, key: str, role: int) -> Any:
        frame = self._frame
        a = frame.arrays
        if role == DISPLAY:
            v = a[key][pos]
            kind = self._by_key[key].kind
            if kind == "number":
                return one_decimal(v)
            if kind == "move":
                return movement_text(float(v))
            if kind == "int":
                return str(int(v))
            if kind == "plain":
                return plain_number(v)
            return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
        if role == ALIGN:
            kind = self._by_key[key].kind
            if kind in ("number", "plain"):
                return RIGHT
            if kind in ("int", "move"):
                return CENTRE
            return LEFT
        if role == FOREGROUND:
            if key == "move":
                m = a["move"][pos]
                if m > 0 or math.isnan(m):
                    return self._up
                if m < 0:
                    return self._down
            return None
        if role == FONT:
            placed = bool(a["overridden"][pos])
            if key == "score":
                return self._bold_italic if placed else self._bold
            if placed and key in ("customer_impact", "business_impact"):
                return self._italic
            return None
        if role == DECORATION:
            if key == "quadrant":
                return quadrant_icon(str(a["quadrant"][pos]))
            return None
        if role == TOOLTIP:
            return self._tooltip(pos, key)
        if role == VALUE_ROLE:
            v = a[key][pos]
            return v.item() if isinstance(v, np.generic) else v
        if role == ID_ROLE:
            return str(frame.ids[pos])
        return None

    def _tooltip(self, pos: int, key: str) -> str | None:
        a = self._frame.arrays
        ident = str(a["id"][pos])
        if key == "move":
            m = float(a["move"][pos])
            if math.isnan(m):
                return f"{ident} is new since the latest change"
            if m == 0:
                return f"{ident} kept its place in the latest change"
            word = "Up" if m > 0 else "Down"
            n = abs(int(m))
            return f"{word} {n} place{'s' if n != 1 else ''} in the latest change"
        if key in ("customer_impact", "business_impact", "score"):
            if bool(a["overridden"][pos]):
                computed = float(a[f"computed_{key}"][pos])
                return (
                    f"{one_decimal(a[key][pos])} from the workshop placement "
                    f"(computed from the links: {computed:.1f})"
                )
            return None
        if key in ("top_customer_drivers", "top_business_drivers"):
            text = str(a[key][pos] or "")
            return "\n".join(text.split("; ")) if text else "No links on this side"
        if key == "value":
            v = float(a["value"][pos])
            if math.isnan(v):
                return "No effort estimate: add one in Data → Initiatives"
            conf = float(a["confidence"][pos])
            conf_text = "100% (blank)" if math.isnan(conf) else f"{conf:.0%}"
            return (
                f"{float(a['score'][pos]):.1f} score × {conf_text} confidence ÷ "
                f"{plain_number(a['effort'][pos])} effort"
            )
        if key == "placement":
            if not bool(a["overridden"][pos]):
                return "Computed position (drag the bubble on the matrix to place it)"
            reason = str(a["override_reason"][pos] or "")
            return (
                f"The room placed {ident} at customer {float(a['customer_impact'][pos]):.0f}, "
                f"business {float(a['business_impact'][pos]):.0f} (computed "
                f"{float(a['computed_customer_impact'][pos]):.1f}, "
                f"{float(a['computed_business_impact'][pos]):.1f})"
                + (f".\nReason: {reason}" if reason else "")
            )
        if key in ("initiative", "id"):
            return f"{ident} {a['initiative'][pos]}"
        if key == "quadrant":
            return str(a["quadrant"][pos])
        return None


# ==== insights, objectives, initiatives =========================================================
