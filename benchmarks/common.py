"""What every benchmark row shares: the row, timing A B A B, formatting, the seeded workshops.

The ROOT folder is put on sys.path and Qt is set offscreen here, before anything imports Qt.
"""

from __future__ import annotations

import gc
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


from benchmarks.synthetic import SIZES, Size, make_workshop, write_input_workbook  # noqa: E402
from sweetspot.core.model import Workshop  # noqa: E402

PYTHON = sys.executable


@dataclass
class Row:
    measurement: str
    size: str
    median_s: float | None  # None: not measured
    floor_s: float | None
    floor: str  # what the floor is
    target: str
    passed: bool | None
    ratio: float | None = None
    runs: list[float] = field(default_factory=list)
    floor_runs: list[float] = field(default_factory=list)
    note: str = ""


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def timed(
    fn: Callable[[], Any], repeat: int, setup: Callable[[], Any] | None = None
) -> list[float]:
    """Wall times of `repeat` calls of fn (setup, untimed, before each).

    The garbage of earlier runs is collected before each call, untimed: a full collection
    over an L workshop's millions of objects (50–100 ms) would otherwise land in whichever
    run tips the collector, a cost of the run before it. The collector stays on: a call's
    own garbage is collected as the app would collect it."""
    out = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        gc.collect()
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def interleaved(
    fn: Callable[[], Any], floor: Callable[[], Any], repeat: int
) -> tuple[list[float], list[float]]:
    """Wall times of fn and its floor, run A B A B so a noisy neighbour hits both alike."""
    runs: list[float] = []
    floors: list[float] = []
    for _ in range(repeat):
        runs += timed(fn, 1)
        floors += timed(floor, 1)
    return runs, floors


def fmt_time(s: float | None) -> str:
    if s is None:
        return "—"
    if s >= 1.0:
        return f"{s:.2f} s"
    if s >= 0.001:
        return f"{s * 1000:.1f} ms"
    return f"{s * 1e6:.0f} µs"


def fmt_value(row: Row, value: float | None) -> str:
    if value is None:
        return "—"
    if row.measurement.startswith("peak memory"):
        return f"{value:.0f} MB"
    return fmt_time(value)


def ratio_of(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b


# ---------------------------------------------------------------------------------------------
# Workshops and files


class Data:
    """Workshops and input workbooks, made once per run (seeded: identical every run)."""

    def __init__(self, quick: bool, folder: Path) -> None:
        self.quick = quick
        self.folder = folder
        self.big = "M" if quick else "L"
        self._ws: dict[str, Workshop] = {}
        self._books: dict[str, Path] = {}

    def workshop(self, name: str) -> Workshop:
        if name not in self._ws:
            size: Size | str = name
            if name not in SIZES:  # "1k" / "10k" initiatives for the matrix interaction rows
                n = int(name.rstrip("k")) * 1000
                size = Size(name, n, 5_000, 20, max(10_000, 3 * n))
            self._ws[name] = make_workshop(size)
        return self._ws[name]

    def book(self, name: str) -> Path:
        if name not in self._books:
            path = self.folder / f"{name}.xlsx"
            write_input_workbook(self.workshop(name), path)
            self._books[name] = path
        return self._books[name]


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank): what one frame in twenty is slower than."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
