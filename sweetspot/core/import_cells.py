"""The values of one table's fields, cleaned, and an error at every cell that cannot be used:
a required cell left blank, text where a number belongs, a number out of its range. A row with
an error is flagged (`CellErrors.error`), not dropped: the caller keeps the valid rows."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sweetspot.core.columns import TABLE_FIELDS, TABLE_ITEM, field_label, required_fields
from sweetspot.core.import_run import Run
from sweetspot.core.model import NUMERIC_FIELDS
from sweetspot.core.values import (
    STRENGTH_OUTSIDE,
    Numbers,
    confidence_fraction,
    show,
    strength_out_of_range,
)

_NOT_A_NUMBER = {
    "strength": "Strength {value} is not a strength SweetSpot knows; use none, weak, medium, "
    "strong (or 0, 1, 3, 9).",
    "effort": "Effort {value} is not a number; give effort as a number (days, points or cost), "
    "not a size such as M or XL.",
}

Test = Callable[[np.ndarray], np.ndarray]
# Per numeric field: the values it may not take, and what is said about them ({value} shows
# the cell). A field not listed here may not be negative (see `_range_checks`).
_OUT_OF_RANGE: dict[str, tuple[tuple[Test, str], ...]] = {
    "confidence": (
        (lambda v: v > 1.0, "Confidence {value} is above 100%."),
        (lambda v: v < 0, "Confidence {value} is negative; use 0–100% or 0–1."),
    ),
    "effort": ((lambda v: v <= 0, "Effort {value} must be more than 0."),),
    "strength": (
        (
            strength_out_of_range,
            STRENGTH_OUTSIDE,
        ),
    ),
}


def _range_checks(f: str, name: str) -> tuple[tuple[Test, str], ...]:
    negative = (lambda v: v < 0, name + " {value} is negative; it must be 0 or more.")
    return _OUT_OF_RANGE.get(f, (negative,))


@dataclass
class CellErrors:
    """Problems at a field's cell, per row of one table; `error` flags the rows with one."""

    run: Run
    sheet: str
    letters: dict[str, str]  # field → column letter
    rows: np.ndarray  # per row: its spreadsheet row number
    error: np.ndarray

    def report(
        self, mask: np.ndarray, f: str, template: str, raw: np.ndarray | None = None
    ) -> None:
        """An error at the field's cell in each masked row; `{value}` shows the cell."""
        for k in np.flatnonzero(mask):
            value = show(raw[k]) if raw is not None else ""
            self.run.add(
                "error",
                self.sheet,
                f"{self.letters[f]}{self.rows[k]}",
                template.format(value=value),
            )
        self.error[mask] = True

    def warn(self, mask: np.ndarray, f: str, message: str) -> None:
        for k in np.flatnonzero(mask):
            self.run.add("warning", self.sheet, f"{self.letters[f]}{self.rows[k]}", message)


def blank_message(kind: str, f: str) -> str:
    name = field_label(kind, f)
    if kind == "links":
        what = (
            "an initiative ID"
            if f == "initiative"
            else ("a target ID" if f == "target" else "a strength")
        )
        return f"{name} is blank; every link needs {what}."
    if f == "id":
        return f"The ID is blank; every {TABLE_ITEM[kind]} needs an ID (links refer to it)."
    return f"{name} is blank; every {TABLE_ITEM[kind]} needs one."


def clean_fields(
    kind: str,
    text: Mapping[str, pd.Series],
    nums: Mapping[str, Numbers],
    raw: Mapping[str, np.ndarray],
    idx: np.ndarray,
    errors: CellErrors,
) -> dict[str, np.ndarray]:
    """Every field of the table for the rows `idx`: text as read, numbers cleaned (NaN where
    not usable), a field the sheet lacks filled with blanks. `raw`: a numeric field's cells as
    written, for the messages. Fields are checked in table order (a blank reach is only news
    on a row without an error so far)."""
    required = required_fields(kind)
    out: dict[str, np.ndarray] = {}
    for f in TABLE_FIELDS[kind]:
        if f in text:
            values = text[f].to_numpy(dtype=object)[idx]
            out[f] = values
            if f in required:
                errors.report(values == "", f, blank_message(kind, f))
        elif f in nums:
            out[f] = _clean_number(kind, f, nums[f].take(idx), raw[f], f in required, errors)
        else:
            out[f] = np.full(len(idx), np.nan if f in NUMERIC_FIELDS else "", dtype=object)
    return out


def _clean_number(
    kind: str, f: str, nm: Numbers, raw: np.ndarray, required: bool, errors: CellErrors
) -> np.ndarray:
    name = field_label(kind, f)
    values = nm.values.copy()
    if f in ("importance", "satisfaction"):
        # "80%" importance is 80 points of 100 (the scale is then 0–100).
        values = np.where(nm.percent, values * 100.0, values)
    errors.report(nm.bad, f, _NOT_A_NUMBER.get(f, name + " {value} is not a number."), raw)
    if required:
        errors.report(nm.blank, f, blank_message(kind, f))
    ok = nm.ok
    with np.errstate(invalid="ignore"):
        if f == "confidence":
            values = confidence_fraction(Numbers(values, nm.blank, nm.bad, nm.percent))
        for test, template in _range_checks(f, name):
            errors.report(ok & test(values), f, template, raw)
    if f == "reach" and ok.any():
        # Scoring counts a blank reach as the median (scoring.need_weights).
        errors.warn(
            nm.blank & ~errors.error, f, "Reach is blank; it is counted as the median reach."
        )
    return np.where(ok, values, np.nan)
