"""Text cleaning for exports: no formulas, no characters a workbook rejects, no over-long cells."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sweetspot.core.atomic import atomic_write, atomic_write_bytes
from sweetspot.core.safe_text import (
    MAX_CELL_CHARS,
    csv_safe,
    needs_quote_prefix,
    safe_text,
)


@pytest.mark.parametrize("blank", [None, float("nan"), np.nan, pd.NA, pd.NaT])
def test_blanks_become_empty_text(blank: object) -> None:
    assert safe_text(blank) == ""


def test_numbers_read_as_people_write_them() -> None:
    assert safe_text(3.0) == "3"
    assert safe_text(2.5) == "2.5"
    assert safe_text(np.int64(7)) == "7"


def test_control_characters_are_removed_but_tabs_and_newlines_stay() -> None:
    assert safe_text("Queue\x00s\x07 in\x1f branch") == "Queues in branch"
    assert safe_text("line one\nline two\tend\r") == "line one\nline two\tend\r"


def test_text_over_the_cell_limit_is_cut_with_an_ellipsis() -> None:
    cut = safe_text("x" * 40_000)
    assert len(cut) == MAX_CELL_CHARS
    assert cut.endswith("…")
    assert safe_text("y" * MAX_CELL_CHARS) == "y" * MAX_CELL_CHARS


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tcmd", "\rcmd"]
)
def test_formula_starts_are_detected_and_csv_gets_an_apostrophe(text: str) -> None:
    assert needs_quote_prefix(text)
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize("text", ["Queues", "1+1", "a=b", "", " =x"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert not needs_quote_prefix(text)
    assert csv_safe(text) == text


@given(st.text(max_size=200))
def test_cleaned_text_is_always_writable_and_never_a_formula_in_csv(text: str) -> None:
    cleaned = safe_text(text)
    assert all(
        not ("\x00" <= ch <= "\x08" or ch in "\x0b\x0c" or "\x0e" <= ch <= "\x1f") for ch in cleaned
    )
    cleaned.encode("utf-8")  # no lone surrogates
    assert not needs_quote_prefix(csv_safe(text))


def test_atomic_write_replaces_the_file_in_one_step(tmp_path: Path) -> None:
    target = tmp_path / "backlog.xlsx"
    target.write_bytes(b"old")
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["backlog.xlsx"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "project.sweetspot"
    target.write_bytes(b"good project")

    def broken(temp: Path) -> None:
        temp.write_bytes(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, broken)
    assert target.read_bytes() == b"good project"
    assert [p.name for p in tmp_path.iterdir()] == ["project.sweetspot"]
