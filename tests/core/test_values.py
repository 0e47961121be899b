"""Cell values as consultants type them: text numbers, percentages, decimal commas, words."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sweetspot.core.values import (
    STRENGTH_WORDS,
    Numbers,
    blank_mask,
    confidence_fraction,
    custom_column,
    parse_number,
    parse_numbers,
    parse_strengths,
    show,
    to_text,
)


def col(*values: object) -> pd.Series:
    return pd.Series(list(values), dtype=object)


def test_numbers_stored_as_text_are_numbers() -> None:
    nums = parse_numbers(col(4.0, "4", " 4.5 ", "+3", "1e3", 7, "−2"))
    assert nums.values.tolist() == [4.0, 4.0, 4.5, 3.0, 1000.0, 7.0, -2.0]
    assert not nums.bad.any() and not nums.blank.any()


def test_blank_cells_are_blank_not_bad() -> None:
    nums = parse_numbers(col(None, "", "   ", float("nan"), "\u00a0"))
    assert nums.blank.all()
    assert not nums.bad.any()
    assert np.isnan(nums.values).all()
    assert blank_mask(col(None, "", " ", "x", 0.0)).tolist() == [True, True, True, False, False]


@pytest.mark.parametrize(
    ("text", "decimal_comma", "value"),
    [
        ("4,5", False, 4.5),
        ("4,5", True, 4.5),
        ("1,200", False, 1200.0),
        ("1,200", True, 1.2),
        ("1.234", True, 1234.0),
        ("1.234", False, 1.234),
        ("1.234,5", False, 1234.5),
        ("1,234.5", True, 1234.5),
        ("1 234", False, 1234.0),
        ("1\u00a0234,5", True, 1234.5),
        ("1'234", False, 1234.0),
        ("€1,200", False, 1200.0),
        ("$ 30", False, 30.0),
    ],
)
def test_decimal_commas_and_thousands_separators(
    text: str, decimal_comma: bool, value: float
) -> None:
    assert parse_number(text, decimal_comma=decimal_comma) == pytest.approx(value)


def test_percentages_are_fractions_and_marked() -> None:
    nums = parse_numbers(col("80%", "12,5 %", 0.8, "100%"))
    assert nums.values.tolist() == pytest.approx([0.8, 0.125, 0.8, 1.0])
    assert nums.percent.tolist() == [True, True, False, True]


@pytest.mark.parametrize(
    "value",
    ["high", "n/a", "4-5", "inf", "nan", "5 days", True, dt.date(2024, 1, 31), dt.time(9, 0)],
)
def test_things_that_are_not_numbers_are_bad(value: object) -> None:
    nums = parse_numbers(col(value))
    assert nums.bad.tolist() == [True]
    assert math.isnan(nums.values[0])


def test_numeric_columns_take_the_fast_path() -> None:
    nums = parse_numbers(pd.Series([1.0, np.nan, np.inf]))
    assert nums.blank.tolist() == [False, True, False]
    assert nums.bad.tolist() == [False, False, True]


@pytest.mark.parametrize(
    ("word", "strength"),
    [
        ("none", 0),
        ("Weak", 1),
        (" MEDIUM ", 3),
        ("strong", 9),
        ("N", 0),
        ("L", 1),
        ("M", 3),
        ("H", 9),
        ("low", 1),
        ("high", 9),
        ("✓", 3),
        ("✔", 3),
        ("x", 3),
        ("X", 3),
        ("yes", 3),
        ("y", 3),
        ("●", 9),
        ("○", 3),
        ("△", 1),
        ("9", 9),
        ("1,5", 1.5),
        (3.0, 3),
        (True, 3),
    ],
)
def test_strength_words_and_numbers(word: object, strength: float) -> None:
    nums = parse_strengths(col(word))
    assert nums.values[0] == pytest.approx(strength)
    assert not nums.bad[0]


def test_unknown_strength_words_are_bad_and_blank_is_blank() -> None:
    nums = parse_strengths(col("very", None, "maybe"))
    assert nums.bad.tolist() == [True, False, True]
    assert nums.blank.tolist() == [False, True, False]
    assert STRENGTH_WORDS["medium"] == 3.0


def test_confidence_accepts_fractions_and_percentages() -> None:
    nums = parse_numbers(col("80%", 0.8, 80, 1, 100, "120%", 150))
    assert confidence_fraction(nums).tolist() == pytest.approx([0.8, 0.8, 0.8, 1.0, 1.0, 1.2, 1.5])


def test_text_is_trimmed_and_whole_numbers_lose_their_decimal_point() -> None:
    text = to_text(
        col(" I01 ", 12.0, 2.5, None, dt.datetime(2024, 1, 31), dt.date(2024, 2, 1), False, "")
    )
    assert text.tolist() == ["I01", "12", "2.5", "", "2024-01-31", "2024-02-01", "FALSE", ""]
    assert to_text(pd.Series([1.0, 2.0])).tolist() == ["1", "2"]


def test_custom_columns_become_numbers_only_when_every_cell_is_one() -> None:
    assert custom_column(col("1", 2.0, None)).tolist()[:2] == [1.0, 2.0]
    assert custom_column(col("007", "12")).tolist() == ["007", "12"]
    assert custom_column(col("a", 1.0, None)).tolist() == ["a", "1", None]
    assert custom_column(col(None, "")).tolist() == [None, None]


def test_input_format_doc_lists_every_strength_word() -> None:
    from pathlib import Path

    doc = Path(__file__).resolve().parents[2] / "docs" / "input-format.md"
    text = doc.read_text(encoding="utf-8")
    for word, strength in STRENGTH_WORDS.items():
        row = next(line for line in text.splitlines() if line.startswith(f"  | {strength:g} |"))
        assert f"`{word}`" in row, word


def test_show_quotes_and_shortens() -> None:
    assert show("high") == "“high”"
    assert show(8.0) == "“8”"
    assert show("word " * 30).endswith("…”")


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False))
@settings(max_examples=200, deadline=None)
def test_numbers_written_as_text_read_back(x: float) -> None:
    text = repr(x)
    assert parse_number(text) == pytest.approx(x)
    assert parse_number(text.replace(".", ","), decimal_comma=True) == pytest.approx(x)


@given(
    st.lists(st.one_of(st.text(max_size=12), st.floats(), st.integers(), st.none()), max_size=30)
)
@settings(max_examples=200, deadline=None)
def test_any_cells_parse_without_raising(cells: list[object]) -> None:
    nums: Numbers = parse_numbers(col(*cells))
    assert len(nums.values) == len(cells)
    # Every cell is exactly one of: blank, bad, or a finite number.
    ok = nums.ok
    assert not (nums.blank & nums.bad).any()
    assert np.isfinite(nums.values[ok]).all()
    assert np.isnan(nums.values[~ok]).all()
    parse_strengths(col(*cells))
    assert len(to_text(col(*cells))) == len(cells)
