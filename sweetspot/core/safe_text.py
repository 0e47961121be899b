"""One cleaning step for every piece of input text that leaves SweetSpot in a file.

Workshop text comes from clients' spreadsheets, so it may hold anything: a need that starts with
"=" would run as a formula in the client's spreadsheet program (OWASP "CSV injection"), control
characters make the xlsx invalid, and a cell holds at most 32,767 characters.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

# Excel's cell limit; longer text is cut and ends with an ellipsis so the cut is visible.
MAX_CELL_CHARS = 32_767
ELLIPSIS = "…"

# What a spreadsheet program may read as the start of a formula (OWASP list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Characters XML 1.0 (and so xlsx) cannot hold: C0 controls other than tab, LF, CR; lone
# surrogates; U+FFFE/U+FFFF. openpyxl rejects the first group with IllegalCharacterError.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def safe_text(value: object) -> str:
    """Any cell value as text a workbook can hold: blanks become "", illegal characters go,
    over-long text is cut with "…". The visible text is otherwise unchanged."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    text = value if isinstance(value, str) else _as_text(value)
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + ELLIPSIS
    return text


def _as_text(value: object) -> str:
    # pandas' NA/NaT and numpy NaN are "blank" too.
    if value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float | np.floating) and math.isnan(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def needs_quote_prefix(text: str) -> bool:
    """True when a spreadsheet program could take this text for a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_safe(text: str) -> str:
    """Text for a CSV cell: a leading apostrophe stops formula evaluation (OWASP advice)."""
    text = safe_text(text)
    return "'" + text if needs_quote_prefix(text) else text
