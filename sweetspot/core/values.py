"""Cell values as consultants type them: numbers stored as text, "80%", "4,5", strength words.

Everything here works on whole columns (pandas Series) because a sheet can hold 100,000 rows:
plain numbers take the fast vectorised path and only the cells that need it (text with a
percent sign, a decimal comma, a thousands separator, a word) go through the slower string
operations. A cell that still is not a number is flagged `bad` for the caller to report at
its cell; nothing here raises on bad data.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sweetspot.core.model import FULL_STRENGTH

# Strength words (compared in lower case, surrounding spaces ignored) → points on the 0/1/3/9
# ladder. QFD symbols included: ● strong, ○ medium, △ weak. A tick or a cross means "linked"
# without a size, which counts as medium.
STRENGTH_WORDS: dict[str, float] = {
    "none": 0.0,
    "no": 0.0,
    "n": 0.0,
    "-": 0.0,
    "–": 0.0,
    "—": 0.0,
    "weak": 1.0,
    "low": 1.0,
    "l": 1.0,
    "w": 1.0,
    "△": 1.0,
    "▲": 1.0,
    "▽": 1.0,
    "medium": 3.0,
    "med": 3.0,
    "moderate": 3.0,
    "m": 3.0,
    "○": 3.0,
    "◯": 3.0,
    "strong": 9.0,
    "high": 9.0,
    "h": 9.0,
    "●": 9.0,
    "◉": 9.0,
    "◎": 9.0,
}
TICK_WORDS = ("✓", "✔", "☑", "✅", "x", "yes", "y")
TICK_STRENGTH = 3.0
STRENGTH_WORDS.update(dict.fromkeys(TICK_WORDS, TICK_STRENGTH))

# Characters that group digits ("1 234", "1'234") or mark a currency ("€1,200"): dropped.
_NOISE = re.compile(r"[\s\u00a0\u202f\u2009'’€$£¥]")
_THOUSANDS_COMMA = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+")
_THOUSANDS_DOT = re.compile(r"[-+]?\d{1,3}(?:\.\d{3})+")
_NUMERIC_TYPES = (float, int, np.floating, np.integer)
# What pandas' type inference calls a column of plain numbers.
_INFERRED_NUMBERS = frozenset({"floating", "integer", "mixed-integer-float"})


@dataclass
class Numbers:
    """A column read as numbers."""

    values: np.ndarray  # float; NaN where blank or bad
    blank: np.ndarray  # bool: nothing in the cell
    bad: np.ndarray  # bool: something in the cell, but not a number
    percent: np.ndarray  # bool: written as a percentage ("80%"); values[i] is then 0.8

    @property
    def ok(self) -> np.ndarray:
        return ~self.blank & ~self.bad

    def take(self, rows: np.ndarray) -> Numbers:
        """The same column for some rows only (positions or a mask)."""
        return Numbers(self.values[rows], self.blank[rows], self.bad[rows], self.percent[rows])


# Element-wise str methods as numpy ufuncs: about twice as fast as pandas' .str accessor.
_strip = np.frompyfunc(str.strip, 1, 1)
_isspace = np.frompyfunc(str.isspace, 1, 1)


@dataclass
class _Kinds:
    """Which cells of a column are text, numbers, or something else, and which are blank.

    The types are factorised once (a hash of each cell's type), so every mask after that is
    a cheap integer comparison rather than a Python call per cell.
    """

    text: np.ndarray
    number: np.ndarray
    blank: np.ndarray

    @classmethod
    def of(cls, arr: np.ndarray, *, whitespace: bool = True) -> _Kinds:
        """`whitespace=False` leaves whitespace-only text unmarked (to_text finds it when it
        strips, for free)."""
        n = len(arr)
        # Fast paths for the usual columns: all text, or numbers with empty cells ("" from
        # calamine). pandas' C type inference is twenty times faster than the general path.
        kind = pd.api.types.infer_dtype(arr, skipna=False)
        if kind == "string":
            text = np.ones(n, dtype=bool)
            return cls._text_blanks(arr, text, np.zeros(n, dtype=bool), whitespace)
        empty = np.asarray(arr == "", dtype=bool) if kind == "mixed" else np.zeros(n, bool)
        if kind in _INFERRED_NUMBERS or (
            kind == "mixed" and pd.api.types.infer_dtype(arr[~empty]) in _INFERRED_NUMBERS
        ):
            number = ~empty
            blank = empty.copy()
            idx = np.flatnonzero(number)
            blank[idx[np.isnan(arr[idx].astype(float))]] = True
            return cls(np.zeros(n, dtype=bool), number & ~blank, blank)
        return cls._general(arr, whitespace)

    @classmethod
    def _text_blanks(
        cls, arr: np.ndarray, text: np.ndarray, blank: np.ndarray, whitespace: bool
    ) -> _Kinds:
        idx = np.flatnonzero(text)
        if len(idx):
            # "" and whitespace-only text is blank: one C-level comparison, then isspace
            # only on what is left.
            empty = np.asarray(arr[idx] == "", dtype=bool)
            blank[idx[empty]] = True
            rest = idx[~empty]
            if len(rest) and whitespace:
                blank[rest[np.asarray(_isspace(arr[rest]), dtype=bool)]] = True
        return cls(text & ~blank, np.zeros(len(arr), dtype=bool), blank)

    @classmethod
    def _general(cls, arr: np.ndarray, whitespace: bool) -> _Kinds:
        codes, uniques = pd.factorize(pd.Series(arr, dtype=object).map(type), sort=False)
        n = len(arr)
        text = np.zeros(n, dtype=bool)
        number = np.zeros(n, dtype=bool)
        blank = np.zeros(n, dtype=bool)
        for code, kind in enumerate(uniques):
            mask = codes == code
            if kind is str:
                text |= mask
            elif issubclass(kind, _NUMERIC_TYPES) and not issubclass(kind, (bool, np.bool_)):
                number |= mask
                if issubclass(kind, (float, np.floating)):
                    idx = np.flatnonzero(mask)
                    blank[idx[np.isnan(arr[idx].astype(float))]] = True
            elif kind is type(None) or kind is type(pd.NA) or kind is type(pd.NaT):
                blank |= mask
        kinds = cls._text_blanks(arr, text, blank, whitespace)
        kinds.number = number & ~kinds.blank
        return kinds


def is_blank(value: object) -> bool:
    """None, NA, NaN or only white space: an empty cell, whatever type its column has."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


def blank_mask(column: pd.Series) -> np.ndarray:
    """True where a cell is empty: missing, NaN, or text of only spaces."""
    if column.dtype != object:
        return column.isna().to_numpy()
    return _Kinds.of(column.to_numpy(dtype=object)).blank


def parse_numbers(column: pd.Series, *, decimal_comma: bool = False) -> Numbers:
    """Read a column as numbers: real numbers, numbers stored as text, "80%", "4,5", "1 234".

    `decimal_comma` says the file writes decimals with a comma (a `;`-separated CSV), so
    "1,234" is 1.234 and "1.234" is 1234; otherwise a lone comma is a decimal comma unless it
    groups thousands ("4,5" → 4.5, "1,200" → 1200).
    """
    n = len(column)
    if column.dtype != object and pd.api.types.is_numeric_dtype(column.dtype):
        values = column.to_numpy(dtype=float, na_value=np.nan)
        blank = np.isnan(values)
        bad = np.isinf(values)
        values = np.where(bad, np.nan, values)
        return Numbers(values, blank, bad, np.zeros(n, dtype=bool))
    arr = column.to_numpy(dtype=object)
    kinds = _Kinds.of(arr)
    values = np.full(n, np.nan)
    percent = np.zeros(n, dtype=bool)
    blank = kinds.blank
    numeric = kinds.number
    if numeric.any():
        values[numeric] = arr[numeric].astype(float)
    text = np.flatnonzero(kinds.text)
    if len(text):
        parsed, pct = _parse_text(pd.Series(arr[text], dtype=object), decimal_comma)
        values[text] = parsed
        percent[text] = pct
    bad = ~blank & ~np.isfinite(values)
    values[bad] = np.nan
    return Numbers(values, blank, bad, percent)


def _parse_text(texts: pd.Series, decimal_comma: bool) -> tuple[np.ndarray, np.ndarray]:
    """Numbers written as text; NaN where the text is not a number."""
    values = pd.to_numeric(texts, errors="coerce").to_numpy(dtype=float, na_value=np.nan, copy=True)
    slow = ~np.isfinite(values)
    if decimal_comma:
        # "1.234" in a decimal-comma file groups thousands.
        slow |= texts.str.strip().str.fullmatch(_THOUSANDS_DOT).fillna(False).to_numpy(bool)
    percent = np.zeros(len(texts), dtype=bool)
    idx = np.flatnonzero(slow)
    if not len(idx):
        return values, percent
    t = texts.iloc[idx].str.replace(_NOISE, "", regex=True).str.replace("−", "-", regex=False)
    pct = t.str.endswith("%").to_numpy(bool)
    t = t.where(~pct, t.str[:-1])
    has_comma = t.str.contains(",", regex=False).to_numpy(bool)
    has_dot = t.str.contains(".", regex=False).to_numpy(bool)
    out = t.to_numpy(dtype=object).copy()
    if (has_comma & has_dot).any():
        both = np.flatnonzero(has_comma & has_dot)
        sub = t.iloc[both]
        comma_last = (sub.str.rfind(",") > sub.str.rfind(".")).to_numpy(bool)
        # The later mark is the decimal one: "1.234,5" and "1,234.5" are both 1234.5.
        out[both] = np.where(
            comma_last,
            sub.str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
            sub.str.replace(",", "", regex=False),
        )
    only_comma = np.flatnonzero(has_comma & ~has_dot)
    if len(only_comma):
        sub = t.iloc[only_comma]
        if decimal_comma:
            out[only_comma] = sub.str.replace(",", ".", regex=False).to_numpy(dtype=object)
        else:
            grouped = sub.str.fullmatch(_THOUSANDS_COMMA).fillna(False).to_numpy(bool)
            out[only_comma] = np.where(
                grouped,
                sub.str.replace(",", "", regex=False),
                sub.str.replace(",", ".", regex=False),
            )
    if decimal_comma:
        only_dot = np.flatnonzero(has_dot & ~has_comma)
        if len(only_dot):
            sub = t.iloc[only_dot]
            grouped = sub.str.fullmatch(_THOUSANDS_DOT).fillna(False).to_numpy(bool)
            out[only_dot] = np.where(grouped, sub.str.replace(".", "", regex=False), sub)
    parsed = pd.to_numeric(pd.Series(out, dtype=object), errors="coerce").to_numpy(
        dtype=float, na_value=np.nan
    )
    parsed = np.where(pct, parsed / 100.0, parsed)
    values[idx] = parsed
    percent[idx] = pct & np.isfinite(parsed)
    return values, percent


def parse_number(value: object, *, decimal_comma: bool = False) -> float | None:
    """One cell as a number, or None when it is blank or not a number."""
    nums = parse_numbers(pd.Series([value], dtype=object), decimal_comma=decimal_comma)
    return None if not nums.ok[0] else float(nums.values[0])


def parse_strengths(column: pd.Series, *, decimal_comma: bool = False) -> Numbers:
    """Link strengths: numbers, or words (none/weak/medium/strong, N/L/M/H, ticks, ●○△)."""
    nums = parse_numbers(column, decimal_comma=decimal_comma)
    idx = np.flatnonzero(nums.bad)
    if not len(idx):
        return nums
    arr = column.to_numpy(dtype=object)[idx]
    words = pd.Series(arr, dtype=object).map(_strength_word).to_numpy(dtype=float)
    known = ~np.isnan(words)
    nums.values[idx[known]] = words[known]
    nums.bad[idx[known]] = False
    return nums


def _strength_word(value: object) -> float:
    if value is True:
        return TICK_STRENGTH
    if value is False:
        return 0.0
    if isinstance(value, str):
        return STRENGTH_WORDS.get(" ".join(value.split()).casefold(), math.nan)
    return math.nan


# What is said of a strength off the scale, wherever it is typed (import, link matrix, table).
STRENGTH_OUTSIDE = "Strength {value} is outside 0–9 (none 0, weak 1, medium 3, strong 9)."
# Typed in the app, the refusal also says what to type instead.
STRENGTH_REFUSED = STRENGTH_OUTSIDE + " Type one of 0/1/3/9 or none/weak/medium/strong."


def strength_out_of_range(values: np.ndarray) -> np.ndarray:
    """Strengths outside 0–9 (NaN is not out of range)."""
    with np.errstate(invalid="ignore"):
        return (values < 0) | (values > FULL_STRENGTH)


def confidence_fraction(nums: Numbers) -> np.ndarray:
    """Confidence as a fraction 0–1: "80%" is 0.8; a number up to 1 is a fraction already
    (0.8, and 1 is 100%); a number above 1 is a percentage (80 is 0.8). The caller reports
    values still above 1 (over 100%) or below 0."""
    values = nums.values.copy()
    with np.errstate(invalid="ignore"):
        points = nums.ok & ~nums.percent & (values > 1.0)
    values[points] = values[points] / 100.0
    return values


def to_text(column: pd.Series) -> pd.Series:
    """A column as trimmed text: 12.0 → "12", a date → "2024-01-31", blank → ""."""
    n = len(column)
    if column.dtype != object:
        column = column.astype(object)
    arr = column.to_numpy(dtype=object)
    out = np.full(n, "", dtype=object)
    kinds = _Kinds.of(arr, whitespace=False)
    blank = kinds.blank
    strs = np.flatnonzero(kinds.text)
    if len(strs):
        stripped = _strip(arr[strs])
        out[strs] = stripped
        blank[strs[stripped == ""]] = True
    numeric = np.flatnonzero(kinds.number)
    if len(numeric):
        nums = arr[numeric].astype(float)
        whole = np.isfinite(nums) & (nums == np.floor(nums)) & (np.abs(nums) < 1e15)
        out[numeric[whole]] = nums[whole].astype(np.int64).astype(str).astype(object)
        out[numeric[~whole]] = [format_number(float(v)) for v in nums[~whole]]
    rest = np.flatnonzero(~blank & ~kinds.text & ~kinds.number)
    for i in rest:
        out[i] = _text_of(arr[i])
    return pd.Series(out, index=column.index, dtype=object)


def _text_of(value: object) -> str:
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value).strip()


def format_number(x: float) -> str:
    """A number as a consultant would write it: 8, 4.5, 0.25."""
    if math.isfinite(x) and x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6g}"


def show(value: object, limit: int = 40) -> str:
    """A cell's content for a message, quoted and shortened: “high”."""
    if isinstance(value, float) and not math.isnan(value):
        text = format_number(value)
    elif value is None or (isinstance(value, float) and math.isnan(value)):
        text = ""
    else:
        text = _text_of(value)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"“{text}”"


def custom_column(
    column: pd.Series, *, decimal_comma: bool = False, text: pd.Series | None = None
) -> pd.Series:
    """An extra column kept as it came: numbers if every filled cell is a number, else text
    (codes with leading zeros such as "007" stay text). `text` is `to_text(column)` when the
    caller has it already."""
    if text is None:
        text = to_text(column)
    blank = (text == "").to_numpy()
    if blank.all():
        return pd.Series(np.full(len(column), None, dtype=object), index=column.index)
    nums = parse_numbers(column, decimal_comma=decimal_comma)
    coded = text.str.match(r"0\d").to_numpy(bool) & _Kinds.of(column.to_numpy(object)).text
    if not nums.bad.any() and not nums.percent.any() and not coded.any():
        return pd.Series(nums.values, index=column.index, dtype=float)
    out = text.to_numpy(dtype=object).copy()
    out[blank] = None
    return pd.Series(out, index=column.index, dtype=object)
