"""Thin Qt table models over the workshop's DataFrames: the backlog, the data tables, the links.

Sorting and filtering happen in pandas/numpy inside the models, never in a
QSortFilterProxyModel: the proxy takes ~44 s to sort 100,000 rows, an argsort takes well under
a second. Each model keeps one cached "display frame" (the source columns as numpy arrays plus
the order of the rows shown), rebuilt when the document changes; `data()` only indexes arrays,
so a scroll repaint stays a few milliseconds at any size.

When the document changes, a model tells its views as little as possible, so selections and
the current cell survive a slider drag: the same rows in the same order → `dataChanged`; the
same rows in another order → a layout change that carries persistent indexes by ID; anything
else → a reset.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QIcon, QPainter, QPixmap

from sweetspot.core.columns import required_fields
from sweetspot.core.edits import TABLE_NOUNS, Compound, SetCell, SetLink, clean_cell_value
from sweetspot.core.model import (
    FIELD_LABELS,
    INITIATIVE_FIELDS,
    INSIGHT_FIELDS,
    NUMERIC_FIELDS,
    OBJECTIVE_FIELDS,
    STRENGTH_LADDER,
    STRENGTH_NAMES,
)
from sweetspot.core.scoring import QUADRANTS
from sweetspot.core.values import format_number, parse_strengths
from sweetspot.ui.document import WorkshopDocument

Index = QModelIndex | QPersistentModelIndex

# Roles as plain ints: data() is called thousands of times per repaint, enum lookups add up.
DISPLAY = Qt.ItemDataRole.DisplayRole.value
EDIT = Qt.ItemDataRole.EditRole.value
TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
ALIGN = Qt.ItemDataRole.TextAlignmentRole.value
DECORATION = Qt.ItemDataRole.DecorationRole.value
FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
FONT = Qt.ItemDataRole.FontRole.value
# The raw value behind a cell (a float for numbers), for sorting checks, delegates and tests.
VALUE_ROLE = Qt.ItemDataRole.UserRole.value
# The ID of the row's record (initiative, insight or objective), whatever the column.
ID_ROLE = Qt.ItemDataRole.UserRole.value + 1

# Item flags computed once: flags() is asked for every painted cell too.
READ_ONLY = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)
EDITABLE = READ_ONLY | Qt.ItemFlag.ItemIsEditable

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
CENTRE = int(Qt.AlignmentFlag.AlignCenter)

# Movement arrows: the colour-blind-safe green and vermillion of the quadrant palette, mid-tones
# that read on light and dark backgrounds alike.
UP_COLOUR = "#009E73"
DOWN_COLOUR = "#D55E00"
# Link shades: customer side in the Customer-led blue, business side in the Business-led amber,
# so the matrix speaks the same colour language as the sweet-spot chart.
CUSTOMER_COLOUR = "#0072B2"
BUSINESS_COLOUR = "#E69F00"
# Lighter members of the same palette for text and bars on a dark background.
CUSTOMER_COLOUR_DARK = "#56B4E9"
BUSINESS_COLOUR_DARK = "#F0B030"
STRENGTH_ALPHA = {1.0: 0.16, 3.0: 0.36, 9.0: 0.62}
STRENGTH_SYMBOLS = {0.0: "", 1.0: "○", 3.0: "◐", 9.0: "●"}


_QUADRANT_COLOURS: dict[str, str] = {}


def quadrant_colours() -> dict[str, str]:
    """The shared quadrant colours (imported on first use: the plotting module pulls in
    matplotlib, which the app imports lazily to start fast)."""
    if not _QUADRANT_COLOURS:
        from sweetspot.core.plotting import QUADRANT_COLOURS

        _QUADRANT_COLOURS.update(QUADRANT_COLOURS)
    return _QUADRANT_COLOURS


def side_colours() -> tuple[str, str]:
    """Customer and business colours for text and bars, readable on the current palette."""
    from sweetspot.ui import theme

    if theme.is_dark():
        return CUSTOMER_COLOUR_DARK, BUSINESS_COLOUR_DARK
    return CUSTOMER_COLOUR, BUSINESS_COLOUR


_DOT_CACHE: dict[str, QIcon] = {}


def colour_dot(colour: str) -> QIcon:
    """A small round swatch, drawn at 2× so it stays sharp on high-DPI screens."""
    icon = _DOT_CACHE.get(colour)
    if icon is None:
        size = 24
        pix = QPixmap(size, size)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(colour))
        p.drawEllipse(3, 3, size - 6, size - 6)
        p.end()
        pix.setDevicePixelRatio(2.0)
        icon = QIcon(pix)
        _DOT_CACHE[colour] = icon
    return icon


def quadrant_icon(quadrant: str) -> QIcon | None:
    colour = quadrant_colours().get(quadrant)
    # Pixmaps need a GUI application (a headless script may read the model without one).
    if not colour or QGuiApplication.instance() is None:
        return None
    return colour_dot(colour)


def is_blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (float, np.floating)):
        return math.isnan(value)
    if isinstance(value, str):
        return not value.strip()
    return False


def one_decimal(value: object) -> str:
    """Scores as the room reads them: 1 decimal, blank for "no value"."""
    if value is None:
        return ""
    v = float(value)  # type: ignore[arg-type]
    return "" if math.isnan(v) else f"{v:.1f}"


def plain_number(value: object) -> str:
    """Inputs as they were typed: 8, 4.5, 0.25; blank stays blank."""
    if value is None:
        return ""
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    return "" if math.isnan(v) else format_number(v)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else format_number(value)
    if isinstance(value, (np.floating, np.integer)):
        return plain_number(value)
    return "" if value is pd.NA else str(value)


def movement_text(move: float) -> str:
    if math.isnan(move):
        return "new"
    m = int(move)
    if m > 0:
        return f"▲{m}"
    if m < 0:
        return f"▼{-m}"
    return "–"


# Characters an ID prefix is made of ("I", "CX-", "obj_"): digits follow.
_ID_PREFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-./ "
_DIGITS = re.compile(r"\d+")


def _texts(values: Sequence[object] | np.ndarray) -> list[str]:
    """Cells as strings ("" for blanks), through plain lists: 3–5× faster than `.str` here."""
    return [
        x if isinstance(x, str) else ("" if is_blank(x) else str(x))
        for x in np.asarray(values, dtype=object).tolist()
    ]


def natural_codes(values: Sequence[object] | np.ndarray) -> np.ndarray:
    """Integer sort codes putting IDs in the order people expect: I2 before I10, blanks last."""
    texts = [t.strip() for t in _texts(values)]
    n = len(texts)
    if n and all(texts):
        # Fast path for the usual "letters then digits" IDs, with numpy's vectorised strings.
        arr = np.array(texts, dtype=np.dtypes.StringDType())
        digits = np.strings.lstrip(arr, _ID_PREFIX_CHARS)
        if bool(np.strings.isdigit(digits).all()) and int(np.strings.str_len(digits).max()) < 18:
            prefix = np.strings.lower(np.strings.rstrip(arr, "0123456789"))
            prefix_codes, _ = pd.factorize(prefix.astype(object), sort=True)
            number = digits.astype(np.int64)
            order = np.lexsort((number, prefix_codes))
            same = np.zeros(n, dtype=bool)
            p, num = prefix_codes[order], number[order]
            same[1:] = (p[1:] == p[:-1]) & (num[1:] == num[:-1])
            codes = np.empty(n, dtype=np.int64)
            codes[order] = np.cumsum(~same) - 1
            return codes
    padded = [_DIGITS.sub(lambda m: m.group(0).zfill(20), t.lower()) for t in texts]
    return _codes(padded, blank=[not t for t in texts])


def text_codes(values: Sequence[object] | np.ndarray) -> np.ndarray:
    """Integer sort codes for text, case-insensitive, blanks last."""
    texts = _texts(values)
    return _codes([t.lower() for t in texts], blank=[not t.strip() for t in texts])


def _codes(keys: list[str], blank: list[bool]) -> np.ndarray:
    """Dense ranks of the keys (equal keys share a code), −1 for blanks."""
    n = len(keys)
    arr = np.array(keys, dtype=object)
    order = np.argsort(arr, kind="stable")
    ordered = arr[order]
    new = np.ones(n, dtype=bool)
    if n > 1:
        new[1:] = ordered[1:] != ordered[:-1]
    codes = np.empty(n, dtype=np.int64)
    codes[order] = np.cumsum(new) - 1
    # Blank cells sort after every value in both directions (as NaN does for numbers).
    codes[np.asarray(blank, dtype=bool)] = -1
    return codes


def sort_positions(key: np.ndarray, ascending: bool) -> np.ndarray:
    """A stable argsort with "no value" (NaN, or code −1) last in both directions."""
    if key.dtype.kind == "f":
        missing = np.isnan(key)
        k = key if ascending else -key
        k = np.where(missing, np.inf, k)
    else:
        missing = key < 0
        k = key if ascending else -key
        k = np.where(missing, np.iinfo(np.int64).max, k)
    return np.argsort(k, kind="stable")


class SearchColumn:
    """One column, lower-cased into a single string, searched with `str.find` at C speed.

    Only the distinct values are joined and searched (a segment column of 100,000 rows has a
    handful); a hit on a value marks every row holding it through the factorized codes. Building
    the index for 100,000 insights takes ~60 ms instead of ~250 ms one row at a time, and
    lower-casing the values joined costs a tenth of lower-casing them one by one."""

    SEPARATOR = "\x00"

    def __init__(self, values: Sequence[object] | np.ndarray) -> None:
        arr = np.asarray(values, dtype=object)
        # Blanks (None, NaN, NA) get code −1: they hold no text, so no term matches them.
        codes, uniques = pd.factorize(arr, use_na_sentinel=True)
        distinct = np.asarray(uniques, dtype=object).tolist()
        texts: list[str]
        if all(type(u) is str for u in distinct):
            self.codes = np.asarray(codes, dtype=np.intp)
            texts = distinct
        else:
            # Numbers among the values: 5 and 5.0 are one value to a hash table but read "5"
            # and "5.0", so every row keeps its own text.
            self.codes = np.arange(len(arr), dtype=np.intp)
            texts = _texts(arr)
        joined = self.SEPARATOR.join(texts)
        low = joined.lower()
        if len(low) != len(joined):
            # A few characters change length when lowered (İ → i̇): lower them one by one.
            texts = [t.lower() for t in texts]
            low = self.SEPARATOR.join(texts)
        self.text = low
        self.count = len(texts)
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        starts = np.zeros(len(texts), dtype=np.int64)
        if len(texts) > 1:
            starts[1:] = np.cumsum(lengths[:-1] + 1)
        self.starts: list[int] = starts.tolist()

    def values_with(self, term: str) -> list[int]:
        """Positions of the distinct values containing `term` (already lower case)."""
        hits: list[int] = []
        text, starts, n = self.text, self.starts, self.count
        pos = text.find(term)
        while pos >= 0:
            value = bisect_right(starts, pos) - 1
            hits.append(value)
            if value + 1 >= n:
                break
            # Skip to the next value: one hit per value is enough.
            pos = text.find(term, starts[value + 1])
        return hits

    def rows_with(self, term: str) -> np.ndarray:
        """Row positions whose text contains `term` (already lower case)."""
        hits = self.values_with(term)
        if not hits:
            return np.zeros(0, dtype=np.intp)
        if len(hits) == self.count == len(self.codes):  # every value distinct and a hit
            return np.flatnonzero(self.codes >= 0)
        wanted = np.zeros(self.count + 1, dtype=bool)  # the extra last slot is for blanks (−1)
        wanted[hits] = True
        return np.flatnonzero(wanted[self.codes])


class SearchIndex:
    """Case-insensitive "every word somewhere in the row" search over some columns."""

    def __init__(self, columns: Sequence[Sequence[object] | np.ndarray], count: int) -> None:
        self.columns = [SearchColumn(c) for c in columns]
        self.count = count

    def mask(self, text: str) -> np.ndarray | None:
        """Rows holding every word of `text` (None when there is no filter)."""
        terms = [t for t in text.lower().replace(SearchColumn.SEPARATOR, " ").split() if t]
        if not terms:
            return None
        result = np.ones(self.count, dtype=bool)
        for term in terms:
            found = np.zeros(self.count, dtype=bool)
            for col in self.columns:
                found[col.rows_with(term)] = True
            result &= found
        return result


@dataclass
class _Frame:
    """What a model shows: source columns (numpy), row IDs, and which rows in which order."""

    columns: tuple[str, ...] = ()
    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    ids: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.intp))
    sort_keys: dict[str, np.ndarray] = field(default_factory=dict)
    search: SearchIndex | None = None

    def shown_ids(self) -> np.ndarray:
        return self.ids[self.rows]


class _FrameModel(QAbstractTableModel):
    """Sorting, filtering and change propagation shared by the backlog and data-table models."""

    def __init__(self, doc: WorkshopDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._filter_text = ""
        self._frame = _Frame()
        self._row_of: dict[str, int] | None = None
        self._frame = self._build()
        doc.changed.connect(self.refresh)

    # -- to be provided by subclasses ------------------------------------------------------
    def _load(self) -> tuple[tuple[str, ...], dict[str, np.ndarray], np.ndarray]:
        """Column keys, source arrays by key, and row IDs (in the natural order)."""
        raise NotImplementedError

    def _sort_key(self, frame: _Frame, column: str) -> np.ndarray:
        raise NotImplementedError

    def _search_columns(self, frame: _Frame) -> list[np.ndarray]:
        raise NotImplementedError

    def _extra_mask(self, frame: _Frame) -> np.ndarray | None:
        return None

    # -- Qt model --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._frame.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._frame.columns)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column with pandas/numpy (numbers as numbers, IDs naturally, blanks last)."""
        self._sort_column = column if 0 <= column < len(self._frame.columns) else -1
        self._sort_order = Qt.SortOrder(order)
        frame = _Frame(
            self._frame.columns,
            self._frame.arrays,
            self._frame.ids,
            sort_keys=self._frame.sort_keys,
            search=self._frame.search,
        )
        frame.rows = self._arrange(frame)
        self._apply(frame)

    # -- public reading --------------------------------------------------------------------
    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    @property
    def filter_text(self) -> str:
        return self._filter_text

    @property
    def column_keys(self) -> tuple[str, ...]:
        return self._frame.columns

    def column_of(self, key: str) -> int:
        """The column number showing a field (−1 when it is not shown)."""
        try:
            return self._frame.columns.index(key)
        except ValueError:
            return -1

    def total_count(self) -> int:
        """Rows before filtering."""
        return len(self._frame.ids)

    def id_at(self, row: int) -> str:
        return str(self._frame.ids[self._frame.rows[row]])

    def ids(self) -> list[str]:
        """IDs in the order shown."""
        return [str(i) for i in self._frame.shown_ids().tolist()]

    def row_of(self, ident: str) -> int:
        """The row showing an ID (−1 when filtered out or unknown)."""
        if self._row_of is None:
            self._row_of = {str(i): r for r, i in enumerate(self._frame.shown_ids().tolist())}
        return self._row_of.get(ident, -1)

    def value(self, row: int, key: str) -> Any:
        """The raw value of a field in a shown row."""
        arr = self._frame.arrays.get(key)
        return None if arr is None else arr[self._frame.rows[row]]

    # -- filtering and refreshing ----------------------------------------------------------
    def _set_filter_text(self, text: str) -> None:
        self._filter_text = text
        frame = _Frame(
            self._frame.columns,
            self._frame.arrays,
            self._frame.ids,
            sort_keys=self._frame.sort_keys,
            search=self._frame.search,
        )
        frame.rows = self._arrange(frame)
        self._apply(frame)

    def refresh(self) -> None:
        """Re-read the document (connected to `changed`)."""
        self._apply(self._build())

    def _build(self) -> _Frame:
        columns, arrays, ids = self._load()
        frame = _Frame(columns, arrays, np.asarray(ids, dtype=object))
        if self._sort_column >= len(columns):
            self._sort_column = -1
        frame.rows = self._arrange(frame)
        return frame

    def _arrange(self, frame: _Frame) -> np.ndarray:
        """The rows shown, in order: sort the whole table once, then keep the filtered ones."""
        n = len(frame.ids)
        if self._sort_column < 0:
            order = np.arange(n, dtype=np.intp)
        else:
            key = frame.columns[self._sort_column]
            keys = frame.sort_keys.get(key)
            if keys is None:
                keys = self._sort_key(frame, key)
                frame.sort_keys[key] = keys
            order = sort_positions(keys, self._sort_order == Qt.SortOrder.AscendingOrder)
        mask: np.ndarray | None = None
        if self._filter_text.strip():
            if frame.search is None:
                frame.search = SearchIndex(self._search_columns(frame), len(frame.ids))
            mask = frame.search.mask(self._filter_text)
        extra = self._extra_mask(frame)
        if extra is not None:
            mask = extra if mask is None else mask & extra
        if mask is not None:
            order = order[mask[order]]
        return order.astype(np.intp, copy=False)

    def _apply(self, new: _Frame) -> None:
        """Swap in a new frame telling views as little as possible (selections survive)."""
        old = self._frame
        old_ids = old.shown_ids()
        new_ids = new.shown_ids()
        same_shape = old.columns == new.columns and len(old_ids) == len(new_ids)
        self._row_of = None
        if same_shape and np.array_equal(old_ids, new_ids):
            self._frame = new
            if len(new_ids) and new.columns:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(new_ids) - 1, len(new.columns) - 1)
                )
            return
        unique = same_shape and pd.Index(new_ids).is_unique and pd.Index(old_ids).is_unique
        if not unique:
            self.beginResetModel()
            self._frame = new
            self.endResetModel()
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        if persistent:
            moved_ids = [old_ids[p.row()] for p in persistent]
            targets = pd.Index(new_ids).get_indexer(moved_ids)
            self._frame = new
            self.changePersistentIndexList(
                persistent,
                [
                    self.index(int(t), p.column()) if t >= 0 else QModelIndex()
                    for p, t in zip(persistent, targets, strict=True)
                ],
            )
        self._frame = new
        self.layoutChanged.emit()


# ==== the backlog ===============================================================================


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    tip: str
    kind: str  # "number" (1 decimal), "plain" (as typed), "int", "text", "id", "quadrant", "move"


BACKLOG_COLUMNS: tuple[Column, ...] = (
    Column("rank", "Rank", "Place in the ranking (1 = do first)", "int"),
    Column(
        "move",
        "Move",
        "Places gained ▲ or lost ▼ by the latest change (weights, links, placements)",
        "move",
    ),
    Column("id", "ID", "The initiative's ID", "id"),
    Column("initiative", "Initiative", "What the initiative is", "text"),
    Column(
        "customer_impact",
        "Customer impact",
        "Share of the weighted customer need this initiative addresses (0–100)",
        "number",
    ),
    Column(
        "business_impact",
        "Business impact",
        "Share of the weighted business objectives this initiative addresses (0–100)",
        "number",
    ),
    Column(
        "score",
        "Sweet-spot score",
        "Customer and business impact combined: C^α · B^(1−α) (0–100)",
        "number",
    ),
    Column("quadrant", "Quadrant", "Where the initiative sits against the crosshair", "quadrant"),
    Column("effort", "Effort", "Effort estimate, as given in the data", "plain"),
    Column(
        "value",
        "Value for effort",
        "Sweet-spot score × confidence ÷ effort: what each unit of effort buys",
        "number",
    ),
    Column(
        "top_customer_drivers",
        "Top customer drivers",
        "The insights contributing most to customer impact (impact points)",
        "text",
    ),
    Column(
        "top_business_drivers",
        "Top business drivers",
        "The objectives contributing most to business impact (impact points)",
        "text",
    ),
    Column(
        "placement",
        "Workshop placement",
        "Where the room placed the initiative on the matrix, and why",
        "text",
    ),
)


class BacklogModel(_FrameModel):
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
        table = self.doc.result.table
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
                "top_customer_drivers",
                "top_business_drivers",
                "computed_customer_impact",
                "computed_business_impact",
                "computed_score",
                "overridden",
                "override_reason",
            )
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
        return tuple(c.key for c in BACKLOG_COLUMNS), arrays, ids

    def _sort_key(self, frame: _Frame, column: str) -> np.ndarray:
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

    def _search_columns(self, frame: _Frame) -> list[np.ndarray]:
        a = frame.arrays
        return [a["id"], a["initiative"], a["top_customer_drivers"], a["top_business_drivers"]]

    def _extra_mask(self, frame: _Frame) -> np.ndarray | None:
        if self._quadrant is None:
            return None
        return np.asarray(frame.arrays["quadrant"] == self._quadrant, dtype=bool)

    # -- Qt --------------------------------------------------------------------------------
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(BACKLOG_COLUMNS):
                col = BACKLOG_COLUMNS[section]
                if role == DISPLAY:
                    return col.label
                if role == TOOLTIP:
                    return col.tip
                if role == ALIGN:
                    return LEFT if col.kind in ("text", "id", "quadrant") else RIGHT
            return None
        if role == DISPLAY:
            return section + 1
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return READ_ONLY

    # Roles this model answers; the others (asked for every painted cell) return at once.
    _ROLES = frozenset((DISPLAY, ALIGN, FOREGROUND, FONT, DECORATION, TOOLTIP, VALUE_ROLE, ID_ROLE))

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role not in self._ROLES or not index.isValid():
            return None
        frame = self._frame
        row, column = index.row(), index.column()
        if not (0 <= row < len(frame.rows) and 0 <= column < len(frame.columns)):
            return None
        pos = frame.rows[row]
        key = frame.columns[column]
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
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return "" if math.isnan(v) else f"{v * 100:.0f}%"


class TableModel(_FrameModel):
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

    def _sort_key(self, frame: _Frame, column: str) -> np.ndarray:
        values = frame.arrays[column]
        if column == "id":
            return natural_codes(values)
        if column in NUMERIC_FIELDS or values.dtype.kind == "f":
            return pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float)
        return text_codes(values)

    def _search_columns(self, frame: _Frame) -> list[np.ndarray]:
        # Numbers are not worth searching; the text columns (ID, need, segment, …) are.
        return [
            frame.arrays[c]
            for c in frame.columns
            if c not in NUMERIC_FIELDS and frame.arrays[c].dtype.kind != "f"
        ]

    # -- Qt --------------------------------------------------------------------------------
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal:
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
        if role == DISPLAY:
            return section + 1
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return EDITABLE

    _ROLES = frozenset((DISPLAY, EDIT, ALIGN, TOOLTIP, VALUE_ROLE, ID_ROLE))

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role not in self._ROLES or not index.isValid():
            return None
        frame = self._frame
        row, column = index.row(), index.column()
        if not (0 <= row < len(frame.rows) and 0 <= column < len(frame.columns)):
            return None
        pos = frame.rows[row]
        key = frame.columns[column]
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
        if _same(old, clean):
            return True
        self.doc.edit(SetCell(self.table, row_id, key, clean))
        return True

    def validate(self, row_id: str, key: str, value: Any) -> Any:
        """The value to store for an edit, or ValueError with a sentence for the consultant."""
        return clean_cell_value(self.doc.workshop, self.table, row_id, key, value)


def _same(old: Any, new: Any) -> bool:
    if is_blank(old) and is_blank(new):
        return True
    try:
        return bool(old == new)
    except (TypeError, ValueError):
        return False


# ==== the link matrix ===========================================================================


def next_strength(current: float) -> float:
    """The next step of the ladder none → weak → medium → strong → none."""
    for step in STRENGTH_LADDER:
        if step > current:
            return step
    return 0.0


def strength_name(strength: float) -> str:
    name = STRENGTH_NAMES.get(float(strength))
    return name if name is not None else format_number(strength)


ROW_TITLE_CHARS = 28

KEY_STRENGTHS = {
    "0": 0.0,
    "1": 1.0,
    "3": 3.0,
    "9": 9.0,
    "n": 0.0,
    "w": 1.0,
    "m": 3.0,
    "s": 9.0,
}


class LinkMatrixModel(QAbstractTableModel):
    """Links as a relationship matrix: rows initiatives, columns insights then objectives."""

    editRejected = Signal(str)

    def __init__(self, doc: WorkshopDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self._numbers = False
        self._row_ids = np.empty(0, dtype=object)
        self._row_titles = np.empty(0, dtype=object)
        self._col_ids = np.empty(0, dtype=object)
        self._col_texts = np.empty(0, dtype=object)
        self._n_insights = 0
        self._strengths: dict[tuple[str, str], float] | None = None
        self._brushes = {
            (side, s): QBrush(_with_alpha(colour, a))
            for side, colour in (("insight", CUSTOMER_COLOUR), ("objective", BUSINESS_COLOUR))
            for s, a in STRENGTH_ALPHA.items()
        }
        self._read()
        doc.changed.connect(self.refresh)

    # -- public ----------------------------------------------------------------------------
    @property
    def show_numbers(self) -> bool:
        return self._numbers

    def set_show_numbers(self, on: bool) -> None:
        """Show 9/3/1 instead of ●/◐/○."""
        if on != self._numbers:
            self._numbers = on
            self._emit_all()

    @property
    def insight_count(self) -> int:
        return self._n_insights

    def initiative_at(self, row: int) -> str:
        return str(self._row_ids[row])

    def target_at(self, column: int) -> str:
        return str(self._col_ids[column])

    def is_objective_column(self, column: int) -> bool:
        return column >= self._n_insights

    def index_of(self, initiative: str, target: str) -> QModelIndex:
        rows = np.flatnonzero(self._row_ids == initiative)
        cols = np.flatnonzero(self._col_ids == target)
        if not len(rows) or not len(cols):
            return QModelIndex()
        return self.index(int(rows[0]), int(cols[0]))

    def strength(self, index: Index) -> float:
        if not index.isValid():
            return 0.0
        return self._lookup().get(
            (str(self._row_ids[index.row()]), str(self._col_ids[index.column()])), 0.0
        )

    def cycle(self, index: Index) -> None:
        """Click on a cell: none → weak → medium → strong → none."""
        if index.isValid():
            self.set_strength([index], next_strength(self.strength(index)))

    def set_strength(self, indexes: Sequence[Index], strength: float) -> None:
        """Set the link strength of cells (one undo step for several)."""
        cells = [i for i in indexes if i.isValid() and self.strength(i) != strength]
        if not cells:
            return
        pairs = [(self.initiative_at(i.row()), self.target_at(i.column())) for i in cells]
        links = tuple(SetLink(initiative, target, strength) for initiative, target in pairs)
        if len(links) == 1:
            self.doc.edit(links[0])
        else:
            self.doc.edit(Compound(links, f"Set {len(pairs)} links to {strength_name(strength)}"))

    # -- Qt --------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._row_ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._col_ids)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return EDITABLE

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._col_ids):
                return None
            if role == DISPLAY:
                return str(self._col_ids[section])
            if role == TOOLTIP:
                kind = "Objective" if section >= self._n_insights else "Insight"
                return f"{kind} {self._col_ids[section]}: {cell_text(self._col_texts[section])}"
            if role == FOREGROUND:
                side = BUSINESS_COLOUR if section >= self._n_insights else CUSTOMER_COLOUR
                return QBrush(QColor(side))
            return None
        if not 0 <= section < len(self._row_ids):
            return None
        if role == DISPLAY:
            # ID and a short title: the room reads titles, and the header stays put while
            # the matrix scrolls sideways (a frozen first column).
            title = " ".join(cell_text(self._row_titles[section]).split())
            if len(title) > ROW_TITLE_CHARS:
                title = title[: ROW_TITLE_CHARS - 1].rstrip() + "…"
            return f"{self._row_ids[section]}  {title}" if title else str(self._row_ids[section])
        if role == TOOLTIP:
            return f"{self._row_ids[section]}: {cell_text(self._row_titles[section])}"
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._row_ids) and 0 <= column < len(self._col_ids)):
            return None
        if role in (DISPLAY, BACKGROUND, EDIT, VALUE_ROLE, TOOLTIP):
            s = self._lookup().get((str(self._row_ids[row]), str(self._col_ids[column])), 0.0)
            if role == DISPLAY:
                if self._numbers:
                    return format_number(s) if s > 0 else ""
                return STRENGTH_SYMBOLS.get(s, format_number(s))
            if role == BACKGROUND:
                if s <= 0:
                    return None
                side = "objective" if column >= self._n_insights else "insight"
                step = max((x for x in STRENGTH_ALPHA if x <= s), default=1.0)
                return self._brushes[(side, step)]
            if role in (EDIT, VALUE_ROLE):
                return s
            kind = "objective" if column >= self._n_insights else "insight"
            return (
                f"{self._row_ids[row]} → {kind} {self._col_ids[column]}: "
                f"{strength_name(s)} ({format_number(s)})\n"
                f"{cell_text(self._col_texts[column])}\n"
                "Click to cycle; type 0/1/3/9 or N/W/M/S"
            )
        if role == ALIGN:
            return CENTRE
        if role == ID_ROLE:
            return str(self._row_ids[row])
        return None

    def setData(self, index: Index, value: Any, role: int = EDIT) -> bool:
        if not index.isValid() or role != EDIT:
            return False
        nums = parse_strengths(pd.Series([value], dtype=object))
        s = float(nums.values[0]) if nums.ok[0] else math.nan
        if nums.blank[0]:
            s = 0.0
        if math.isnan(s) or s not in STRENGTH_LADDER:
            self.editRejected.emit(
                f"A link strength is none, weak, medium or strong (0, 1, 3 or 9); “{value}” is not."
            )
            return False
        self.set_strength([index], s)
        return True

    # -- refreshing ------------------------------------------------------------------------
    def refresh(self) -> None:
        old = (self._row_ids, self._col_ids)
        w = self.doc.workshop
        new_rows = w.initiatives["id"].astype(str).to_numpy(dtype=object)
        new_cols = np.concatenate(
            [
                w.insights["id"].astype(str).to_numpy(dtype=object),
                w.objectives["id"].astype(str).to_numpy(dtype=object),
            ]
        )
        if np.array_equal(old[0], new_rows) and np.array_equal(old[1], new_cols):
            self._read()
            self._emit_all()
            if len(self._row_ids):
                self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._row_ids) - 1)
            if len(self._col_ids):
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._col_ids) - 1)
            return
        self.beginResetModel()
        self._read()
        self.endResetModel()

    def _read(self) -> None:
        w = self.doc.workshop
        self._row_ids = w.initiatives["id"].astype(str).to_numpy(dtype=object)
        self._row_titles = w.initiatives["initiative"].to_numpy(dtype=object)
        ins_ids = w.insights["id"].astype(str).to_numpy(dtype=object)
        obj_ids = w.objectives["id"].astype(str).to_numpy(dtype=object)
        self._n_insights = len(ins_ids)
        self._col_ids = np.concatenate([ins_ids, obj_ids])
        self._col_texts = np.concatenate(
            [
                w.insights["need"].to_numpy(dtype=object),
                w.objectives["objective"].to_numpy(dtype=object),
            ]
        )
        # Built on first use: a slider drag re-scores many times while the matrix is hidden.
        self._strengths = None

    def _lookup(self) -> dict[tuple[str, str], float]:
        if self._strengths is None:
            links = self.doc.workshop.links
            s = pd.to_numeric(links["strength"], errors="coerce").fillna(0.0).to_numpy(float)
            order = np.argsort(s, kind="stable")  # weakest first: a repeated pair keeps its max
            a = links["initiative"].astype(str).to_numpy(dtype=object)[order]
            t = links["target"].astype(str).to_numpy(dtype=object)[order]
            self._strengths = dict(
                zip(zip(a.tolist(), t.tolist(), strict=True), s[order].tolist(), strict=True)
            )
        return self._strengths

    def _emit_all(self) -> None:
        if len(self._row_ids) and len(self._col_ids):
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._row_ids) - 1, len(self._col_ids) - 1)
            )


def _with_alpha(colour: str, alpha: float) -> QColor:
    c = QColor(colour)
    c.setAlphaF(alpha)
    return c
