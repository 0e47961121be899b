"""What every reader of a spreadsheet shares: a sheet before it is read (`SheetRef`) and after
(`RawSheet`), the cancellation hook, and the problem that names a file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sweetspot.core.model import Problem


class ImportCancelled(Exception):
    """The import was stopped because `cancelled()` returned True."""


Check = Callable[[], None]


def no_check() -> None:
    return None


@dataclass
class SheetRef:
    """One sheet of an input, before it is read."""

    key: str  # unique across the inputs: "book.xlsx:Insights", or "insights.csv"
    file: Path
    name: str  # the sheet name (the file name for a CSV): the `sheet` of its problems
    hidden: bool = False
    position: int = 0  # order within the file
    # Read cell by cell with openpyxl (the sheet spans a huge, mostly empty area).
    cell_by_cell: bool = False
    extent: tuple[int, int] = (0, 0)  # rows, columns spanned (xlsx scan)
    # Error cells (#N/A, #DIV/0! …) by 0-based (row, column): calamine reads them as empty.
    error_cells: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass
class RawSheet:
    """A sheet's cells as a grid: grid row i is spreadsheet row i + 1, column j is letter j."""

    ref: SheetRef
    grid: pd.DataFrame
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    decimal_comma: bool = False


def file_problem(path: Path, message: str, severity: str = "error") -> Problem:
    return Problem(severity, path.name, "", message)  # type: ignore[arg-type]


def grid_of(rows: list[list[Any]]) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame(dtype=object)
    width = max(map(len, rows))
    if min(map(len, rows)) != width:
        rows = [r if len(r) == width else [*r, *[""] * (width - len(r))] for r in rows]
    return pd.DataFrame(rows, dtype=object)


def size_text(n: float) -> str:
    if n >= 1024**3:
        return f"{n / 1024**3:.1f} GB"
    return f"{n / 1024**2:.0f} MB"
