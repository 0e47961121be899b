"""The performance benchmark: every row of issue #6, each with its floor measured in the same run.

    .venv/bin/python benchmarks/run.py [--quick] [--json out.json] [--only NAME ...]

Generates seeded synthetic workshops (benchmarks/synthetic.py), runs each measurement several
times and prints one table: measurement | size | median | floor | ratio | target | pass/fail,
and writes the same rows as JSON. The floor is the bare stack doing the same job (a plain
`pandas.read_excel`, one `groupby().sum()`, a bare matplotlib figure, a bare Qt window, ...),
measured in the same run, so the ratios hold on a noisy shared machine. Qt runs offscreen.
`--quick` uses M where the full run uses L and fewer repeats (a smoke test, ~2 minutes).
See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from benchmarks.synthetic import SIZES, Size, make_workshop, write_input_workbook  # noqa: E402
from sweetspot.core.model import Workshop  # noqa: E402
from sweetspot.core.scoring import ScoreResult, ScoringSettings, score  # noqa: E402

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


# ---------------------------------------------------------------------------------------------
# Core rows


def bench_import(d: Data, reps: int) -> list[Row]:
    from sweetspot.core.inputs import open_inputs

    size = d.big
    path = d.book(size)
    loaded: list[Workshop] = []
    # What `sweetspot validate` and the app's import do: the tables and the Votes sheet, from
    # one open and one scan of the workbook (interleaved with the floor).
    runs, floor = interleaved(
        lambda: loaded.append(open_inputs([path]).workshop),
        lambda: pd.read_excel(path, sheet_name=None, engine="calamine"),
        reps,
    )
    w = loaded[-1]
    errors = len(w.errors)
    note = f"{len(w.insights):,} insights, {len(w.links):,} links read; {errors} error(s)"
    rows = [
        Row(
            "import + validate (xlsx), as `sweetspot validate`",
            size,
            median(runs),
            median(floor),
            "pandas.read_excel(engine='calamine'), all sheets",
            "≤ 1.25× floor",
            None,
            runs=runs,
            floor_runs=floor,
            note=note,
        )
    ]
    # openpyxl is the slow reference: once is enough (tens of seconds at L).
    slow = timed(lambda: pd.read_excel(path, sheet_name=None, engine="openpyxl"), 1)
    rows.append(
        Row(
            "import vs openpyxl engine",
            size,
            median(runs),
            median(slow),
            "pandas.read_excel(engine='openpyxl'), all sheets (1 run)",
            "≥ 3× faster (ratio ≤ 0.33)",
            None,
            runs=runs,
            floor_runs=slow,
        )
    )
    for r in rows:
        r.ratio = ratio_of(r.median_s, r.floor_s)
    rows[0].passed = rows[0].ratio is not None and rows[0].ratio <= 1.25
    rows[1].passed = rows[1].ratio is not None and rows[1].ratio <= 1 / 3
    return rows


def bench_score(d: Data, reps: int) -> list[Row]:
    size = d.big
    w = d.workshop(size)
    score(w)  # warm caches (imports, first-call costs)
    links = w.links

    def group() -> None:
        links.groupby("initiative")["strength"].sum()

    # A re-score (slider, lens, weights: no ID changed) reuses the links' ID lookup; the first
    # score of a workshop (after an import or an ID edit) builds it: both are measured.
    runs, floor = interleaved(lambda: score(w), group, reps)

    def first_score() -> None:
        w.score_cache.clear()
        score(w)

    cold, cold_floor = interleaved(first_score, group, reps)
    rows = []
    for name, r, f, note in (
        ("score + rank (re-score)", runs, floor, "the links' ID lookup kept from the last score"),
        ("score + rank (first score)", cold, cold_floor, "the links' ID lookup built afresh"),
    ):
        ratio = ratio_of(median(r), median(f))
        rows.append(
            Row(
                name,
                size,
                median(r),
                median(f),
                "links.groupby('initiative')['strength'].sum()",
                "≤ 4× floor",
                ratio is not None and ratio <= 4,
                ratio=ratio,
                runs=r,
                floor_runs=f,
                note=f"{len(links):,} links; {note}",
            )
        )
    return rows


def bench_export(d: Data, reps: int) -> list[Row]:
    import xlsxwriter

    from sweetspot.core import export
    from sweetspot.core.graph import analyse

    size = d.big
    w = d.workshop(size)
    result = score(w)
    report = analyse(w, result)
    out = d.folder / "backlog.xlsx"
    runs = timed(lambda: export.write_backlog(out, w, result, report), reps)

    def floor_write() -> None:
        sheets = [
            export.backlog_sheet(w, result),
            export.unmet_needs_sheet(w, result, report),
            export.insights_sheet(w, result),
            export.objectives_sheet(w),
            export.links_sheet(w, result),
            export.method_sheet(w, result, {}),
        ]
        book = xlsxwriter.Workbook(
            str(d.folder / "floor.xlsx"),
            {"constant_memory": True, "strings_to_formulas": False, "nan_inf_to_errors": True},
        )
        for sheet in sheets:
            ws = book.add_worksheet(sheet.name)
            ws.write_row(0, 0, [c.header for c in sheet.columns])
            values = [list(c.values) for c in sheet.columns]
            for r, row in enumerate(zip(*values, strict=True), start=1):
                ws.write_row(r, 0, row)
        book.close()

    floor = timed(floor_write, reps)
    ratio = ratio_of(median(runs), median(floor))
    return [
        Row(
            "export backlog workbook (all sheets)",
            size,
            median(runs),
            median(floor),
            "the same cells (same sheet builders) via xlsxwriter constant_memory, unstyled",
            "≤ 1.5× floor",
            ratio is not None and ratio <= 1.5,
            ratio=ratio,
            runs=runs,
            floor_runs=floor,
            note=f"{out.stat().st_size / 1e6:.1f} MB written",
        )
    ]


def bench_robustness(d: Data, reps: int) -> list[Row]:
    try:
        from sweetspot.core.robustness import RobustnessParams, robustness
    except ImportError:
        return [
            Row(
                "robustness, 2,000 draws",
                "M",
                None,
                None,
                "—",
                "≤ 2 s",
                None,
                note="not built (sweetspot/core/robustness.py has no robustness())",
            )
        ]
    w = d.workshop("M")
    settings = ScoringSettings()
    params = RobustnessParams(draws=2000, seed=7)
    robustness(w, settings, RobustnessParams(draws=50, seed=7))  # warm up
    runs = timed(lambda: robustness(w, settings, params), reps)
    # Floor: the arithmetic any Monte Carlo over these links needs: a (draws × links) array of
    # perturbed strengths, weighted and summed per initiative (one reduceat), in batches of 250.
    links = w.links.sort_values("initiative", kind="stable")
    codes, _ = pd.factorize(links["initiative"])
    starts = np.flatnonzero(np.r_[True, np.diff(codes) != 0])
    base = links["strength"].to_numpy(float)
    rng = np.random.default_rng(7)

    def floor_run() -> None:
        for _ in range(2000 // 250):
            s = base * rng.random((250, len(base)))
            sums = np.add.reduceat(s, starts, axis=1)
            np.argsort(-sums, axis=1)

    floor = timed(floor_run, reps)
    ratio = ratio_of(median(runs), median(floor))
    return [
        Row(
            "robustness, 2,000 draws",
            "M",
            median(runs),
            median(floor),
            "numpy: 2,000 × links random strengths, reduceat per initiative, argsort",
            "≤ 2 s",
            median(runs) <= 2.0,
            ratio=ratio,
            runs=runs,
            floor_runs=floor,
        )
    ]


# ---------------------------------------------------------------------------------------------
# Subprocess rows: start-up time and peak memory

APP_CHILD = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from sweetspot.ui.app import start_app

    def report(milestone):
        if milestone == "start window":
            print("painted", flush=True)
        elif milestone == "file failed":
            print("failed", flush=True)
            os._exit(1)
        elif milestone == "file open":
            from PySide6.QtCore import QTimer
            QTimer.singleShot(0, on_screen)

    def on_screen():
        window.grab()  # paints every widget; the matrix canvas draws its figure
        assert window.matrix.isVisible(), "the matrix is not the view shown"
        assert window.matrix.artists is not None and len(window.matrix.artists.ids) > 0
        print("sample", flush=True)
        os._exit(0)

    # The real start-up path (what `sweetspot FILE` runs), in a throwaway home folder.
    app, window = start_app([sys.argv[1]], report=report)
    app.exec()
    """
)

BARE_CHILD = textwrap.dedent(
    """
    import os, sys
    import numpy as np
    from PySide6.QtWidgets import QApplication, QMainWindow
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    fig = Figure()
    canvas = FigureCanvasQTAgg(fig)
    ax = fig.add_subplot()
    rng = np.random.default_rng(7)
    ax.scatter(rng.uniform(0, 100, 50), rng.uniform(0, 100, 50), s=rng.uniform(30, 1500, 50))
    window.setCentralWidget(canvas)
    window.resize(1200, 800)
    window.show()
    app.processEvents()
    window.grab()
    print("painted", flush=True)
    if len(sys.argv) > 1:  # and what any pandas tool pays to read the same workbook
        import pandas as pd
        pd.read_excel(sys.argv[1], sheet_name=None, engine="calamine")
        print("sample", flush=True)
    os._exit(0)
    """
)


def _child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT)
    # Measure what an installed app pays: pip and PyInstaller ship compiled bytecode, so a
    # child must not recompile every module on every start (some shells export this).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # The app must not touch the real user's settings, recent files or recovery folder.
    for var in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[var] = str(home)
    env.setdefault("MPLCONFIGDIR", str(home / "mpl"))
    return env


def _time_child(code: str, args: list[str], env: dict[str, str]) -> list[float]:
    """Seconds from spawning the interpreter to each line the child prints ("painted", then
    "sample" if it reads one)."""
    t = time.perf_counter()
    proc = subprocess.Popen(
        [PYTHON, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    marks: list[float] = []
    lines: list[str] = []
    for line in proc.stdout:
        marks.append(time.perf_counter() - t)
        lines.append(line.strip())
    _, err = proc.communicate(timeout=120)
    expected = ["painted", "sample"][: len(lines)]
    if not lines or lines != expected or proc.returncode != 0:
        raise RuntimeError(f"child failed ({lines}): {err[-2000:]}")
    return marks


def bench_start(d: Data, reps: int) -> list[Row]:
    """Two moments of `sweetspot sample.xlsx`, each against what the libraries alone cost:
    the first window on screen, and the sample's matrix on screen."""
    book = d.book("S")
    home = d.folder / "home"
    home.mkdir(exist_ok=True)
    env = _child_env(home)
    app_args, floor_args = [str(book)], [str(book)]
    # One untimed run of each fills the OS file cache and matplotlib's font cache.
    _time_child(BARE_CHILD, floor_args, env)
    _time_child(APP_CHILD, app_args, env)
    runs: list[list[float]] = []
    floor: list[list[float]] = []
    for _ in range(reps):  # interleaved, so both see the same machine load
        floor.append(_time_child(BARE_CHILD, floor_args, env))
        runs.append(_time_child(APP_CHILD, app_args, env))
    rows = []
    for k, (name, floor_text, note) in enumerate(
        (
            (
                "app start: first window painted",
                "bare PySide6 window with one matplotlib canvas (50-point scatter)",
                "fresh interpreter each run, the real start-up path (start_app); from spawn "
                "to the start window's first paint",
            ),
            (
                "app start: sample's matrix on screen",
                "the same bare window, then pandas reads the same workbook (calamine)",
                "from spawn to the main window painted with the opened sample's matrix",
            ),
        )
    ):
        mine = [r[k] for r in runs]
        base = [f[k] for f in floor]
        ratio = ratio_of(median(mine), median(base))
        rows.append(
            Row(
                name,
                "S",
                median(mine),
                median(base),
                floor_text,
                "≤ 1.5× floor",
                ratio is not None and ratio <= 1.5,
                ratio=ratio,
                runs=mine,
                floor_runs=base,
                note=note,
            )
        )
    return rows


def _time_process(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning `python argv…` to its exit (it must succeed)."""
    t = time.perf_counter()
    proc = subprocess.run([PYTHON, *argv], capture_output=True, text=True, env=env, timeout=300)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"{argv} failed: {proc.stderr[-2000:]}")
    return elapsed


def bench_cli(d: Data, reps: int) -> list[Row]:
    """The headless commands as a consultant runs them: whole processes, each interleaved
    with its floor (the bare interpreter, or the libraries every spreadsheet tool imports)."""
    home = d.folder / "home"
    home.mkdir(exist_ok=True)
    env = _child_env(home)
    sample = ROOT / "sample_data" / "retail_bank.xlsx"
    out = d.folder / "cli-backlog.xlsx"
    cases = [
        (
            "sweetspot --version",
            ["-m", "sweetspot", "--version"],
            ["-c", "pass"],
            "python -c pass",
            1.5,
        ),
        (
            "sweetspot rank (sample workbook → backlog.xlsx)",
            ["-m", "sweetspot", "rank", str(sample), "-o", str(out)],
            ["-c", "import pandas, openpyxl"],
            'python -c "import pandas, openpyxl"',
            1.5,
        ),
    ]
    rows = []
    for name, argv, floor_argv, floor_text, target in cases:
        _time_process(argv, env), _time_process(floor_argv, env)  # warm the file cache
        runs, floor = [], []
        for _ in range(reps):
            floor.append(_time_process(floor_argv, env))
            runs.append(_time_process(argv, env))
        ratio = ratio_of(median(runs), median(floor))
        rows.append(
            Row(
                name,
                "sample",
                median(runs),
                median(floor),
                floor_text,
                f"≤ {target:g}× floor",
                ratio is not None and ratio <= target,
                ratio=ratio,
                runs=runs,
                floor_runs=floor,
                note="whole processes, interleaved with the floor",
            )
        )
    return rows


# Peak resident memory of this process: VmHWM. (getrusage's ru_maxrss is no good in a child:
# Linux carries the parent's high-water mark across fork and exec, so a child spawned by this
# 700 MB benchmark reports 700 MB whatever it does.)
PEAK = textwrap.dedent(
    """
    def peak_mb():
        try:
            with open("/proc/self/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    """
)

MEMORY_CHILD = PEAK + textwrap.dedent(
    """
    import sys, tempfile
    from pathlib import Path
    from sweetspot.core.importing import load_workshop
    from sweetspot.core.scoring import score
    from sweetspot.core.export import write_backlog
    w = load_workshop([sys.argv[1]])
    r = score(w)
    with tempfile.TemporaryDirectory() as tmp:
        write_backlog(Path(tmp) / "backlog.xlsx", w, r)
    print(peak_mb(), flush=True)
    """
)

MEMORY_FLOOR_CHILD = PEAK + textwrap.dedent(
    """
    import sys
    import pandas as pd
    frames = pd.read_excel(sys.argv[1], sheet_name=None, engine="calamine")
    print(peak_mb(), flush=True)
    """
)


def bench_memory(d: Data) -> list[Row]:
    size = d.big
    book = d.book(size)
    env = _child_env(d.folder / "home")

    def peak(code: str) -> float:
        out = subprocess.run(
            [PYTHON, "-c", code, str(book)], capture_output=True, text=True, env=env, check=True
        )
        return float(out.stdout.strip().splitlines()[-1])  # MB

    mb = peak(MEMORY_CHILD)
    floor = peak(MEMORY_FLOOR_CHILD)
    return [
        Row(
            "peak memory, import + score + export",
            size,
            mb,
            floor,
            "peak of a bare pandas.read_excel(engine='calamine') of the same workbook",
            "≤ 1 GB (1,024 MB)",
            mb <= 1024,
            ratio=ratio_of(mb, floor),
            runs=[mb],
            floor_runs=[floor],
            note="VmHWM (peak resident set) of a fresh process",
        )
    ]


# ---------------------------------------------------------------------------------------------
# Qt rows (offscreen, in this process)


def qt_app() -> Any:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    return app


def _matrix_view(app: Any, w: Workshop, result: ScoreResult) -> Any:
    from sweetspot.ui.views.matrix_view import MatrixView

    view = MatrixView()
    view.resize(1200, 800)
    view.show()
    app.processEvents()
    view.set_result(result, w)
    view.canvas.draw()
    app.processEvents()
    return view


class PaintCounter:
    """Counts paint events a widget gets (to check a measured update really reached the screen)."""

    def __init__(self, widget: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        counter = self

        class Filter(QObject):
            def eventFilter(self, obj: Any, event: Any) -> bool:
                if event.type() == QEvent.Type.Paint:
                    counter.count += 1
                return False

        self.count = 0
        self._filter = Filter()
        widget.installEventFilter(self._filter)


def _bare_scatter_draw(view: Any) -> Callable[[], None]:
    """A bare figure (one axes, one scatter of the same bubbles) on an Agg canvas: full draw."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    a = view.artists
    w_px, h_px = view.figure.bbox.width, view.figure.bbox.height
    fig = Figure(figsize=(w_px / view.figure.dpi, h_px / view.figure.dpi), dpi=view.figure.dpi)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.scatter(a.xy[:, 0], a.xy[:, 1], s=a.sizes, facecolors=a.face_colours, edgecolors="white")
    ax.set_xlim(*view.figure.axes[0].get_xlim())
    ax.set_ylim(*view.figure.axes[0].get_ylim())
    return canvas.draw


def bench_slider(d: Data, reps: int) -> list[Row]:
    app = qt_app()
    w = d.workshop("M")
    base = ScoringSettings()
    view = _matrix_view(app, w, score(w, base))
    paints = PaintCounter(view.canvas)
    rows = []

    # The customer↔business balance slider: α moves, the crosshair (mean impacts) stays.
    alphas = iter(np.linspace(0.30, 0.70, reps * 4 + 8).tolist())

    def alpha_move() -> None:
        result = score(w, base.with_changes(alpha=next(alphas)))
        view.set_result(result, w)
        app.processEvents()

    for _ in range(3):
        alpha_move()
    before = paints.count
    runs = timed(alpha_move, reps * 4)
    assert paints.count > before, "the matrix was never repainted"
    how = view.last_update
    floor_fn = _bare_scatter_draw(view)
    floor = timed(floor_fn, reps * 2)
    rows.append(
        Row(
            "re-score + redraw after a slider move (balance α)",
            "M",
            median(runs),
            median(floor),
            "bare matplotlib: one full draw of a figure with the same 500-bubble scatter",
            "≤ 50 ms",
            median(runs) <= 0.050,
            ratio=ratio_of(median(runs), median(floor)),
            runs=runs,
            floor_runs=floor,
            note=f"score() + MatrixView.set_result + paint; matrix updated {how}",
        )
    )

    # An objective weight slider: business impacts and the crosshair move.
    objectives = w.objectives.copy()
    weights = iter(np.tile(np.arange(1.0, 10.0), reps * 2 + 4).tolist())

    def weight_move() -> None:
        ob = objectives.copy()
        ob.loc[ob.index[0], "weight"] = next(weights)
        w.objectives = ob
        result = score(w, base)
        view.set_result(result, w)
        app.processEvents()

    for _ in range(3):
        weight_move()
    runs_w = timed(weight_move, reps * 4)
    how_w = view.last_update
    w.objectives = objectives
    rows.append(
        Row(
            "re-score + redraw after a slider move (objective weight)",
            "M",
            median(runs_w),
            median(floor),
            "as above",
            "≤ 50 ms",
            median(runs_w) <= 0.050,
            ratio=ratio_of(median(runs_w), median(floor)),
            runs=runs_w,
            floor_runs=floor,
            note=f"the crosshair moves too; matrix updated {how_w}",
        )
    )
    view.close()
    view.deleteLater()
    app.processEvents()
    return rows


def _send_mouse(app: Any, widget: Any, kind: str, pos: Any, held: bool) -> None:
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent

    types = {
        "press": QEvent.Type.MouseButtonPress,
        "move": QEvent.Type.MouseMove,
        "release": QEvent.Type.MouseButtonRelease,
    }
    left = Qt.MouseButton.LeftButton
    button = Qt.MouseButton.NoButton if kind == "move" else left
    buttons = left if held else Qt.MouseButton.NoButton
    p = QPointF(pos)
    event = QMouseEvent(
        types[kind], p, widget.mapToGlobal(p), button, buttons, Qt.KeyboardModifier.NoModifier
    )
    app.sendEvent(widget, event)


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank): what one frame in twenty is slower than."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def bench_drag(d: Data, reps: int) -> list[Row]:
    """Drags as a hand makes them: every event timed as a frame, the press included.

    Two ways in: the pointer rests on the bubble before the press (as it does when a person
    aims), and the press comes at once with the pointer's arrival (a flick)."""
    from PySide6.QtCore import QPointF

    app = qt_app()
    w = d.workshop("1k")
    view = _matrix_view(app, w, score(w))
    a = view.artists
    # A bubble the pointer finds at its own (whole-pixel) centre: drawn late, so on top.
    ident, start = "", QPointF()
    for row in range(len(a.ids) - 1, -1, -1):
        centre = view.data_to_widget(*a.xy[row])
        start = QPointF(round(centre.x()), round(centre.y()))
        if view.bubble_at(start) == str(a.ids[row]):
            ident = str(a.ids[row])
            break
    assert ident, "no bubble to grab"
    received: list[str] = []
    view.overrideRequested.connect(lambda i, _x, _y: received.append(i))
    away = QPointF(start.x() - 60, start.y() + 60)

    def frame(kind: str, pos: Any, held: bool) -> float:
        t = time.perf_counter()
        _send_mouse(app, view.canvas, kind, pos, held)
        app.processEvents()
        return time.perf_counter() - t

    def drags(rest: bool) -> list[float]:
        frames: list[float] = []
        for k in range(reps):
            frame("move", away, False)
            frames.append(frame("move", start, False))  # the pointer arrives on the bubble
            if rest:  # aiming: the pointer stays put a moment before the press
                until = time.perf_counter() + 0.15
                while time.perf_counter() < until:
                    app.processEvents()
                    time.sleep(0.005)
            frames.append(frame("press", start, True))
            for step in range(1, 41):
                pos = QPointF(start.x() + 4 * step, start.y() - 2 * step + 3 * np.sin(step + k))
                frames.append(frame("move", pos, True))
            drops.append(frame("release", pos, False))  # the drop redraws: not a drag frame
            view.set_result(score(w), w)  # put it back (the window would record an override)
            app.processEvents()
        return frames

    drops: list[float] = []
    rested, flicked = drags(rest=True), drags(rest=False)
    assert received == [ident] * (2 * reps), "the drag did not drop the bubble"

    def full() -> None:
        view.canvas.draw()
        view.canvas.repaint()

    floor = timed(full, reps * 3)
    view.close()
    view.deleteLater()
    app.processEvents()
    rows = []
    for name, frames in (
        ("drag a bubble, pointer resting first: every frame", rested),
        ("drag a bubble, pressed on arrival: every frame", flicked),
    ):
        worst = max(frames)
        rows.append(
            Row(
                name,
                "1,000 bubbles",
                median(frames),
                median(floor),
                "one full redraw of the same matrix (draw + repaint)",
                "max ≤ 16 ms",
                worst <= 0.016,
                ratio=ratio_of(worst, median(floor)),
                runs=frames,
                floor_runs=floor,
                note=(
                    f"{len(frames)} mouse events through Qt (arrival, press, 40 moves per "
                    "drag), each timed to its repaint; ratio = max ÷ floor; the drop (release, "
                    f"relabel, redraw) is not a frame: median {fmt_time(median(drops))}"
                ),
            )
        )
    return rows


def bench_hover(d: Data, reps: int) -> list[Row]:
    from matplotlib.backend_bases import MouseEvent

    app = qt_app()
    w = d.workshop("10k")
    view = _matrix_view(app, w, score(w))
    rng = np.random.default_rng(7)
    box = view.artists.ax.bbox
    xs = rng.uniform(box.x0, box.x1, 2000)
    ys = rng.uniform(box.y0, box.y1, 2000)
    per_call: list[float] = []
    for k in range(reps * 4):
        t = time.perf_counter()
        for x, y in zip(xs[k::8].tolist(), ys[k::8].tolist(), strict=True):
            view.hit_test(x, y)
        per_call.append((time.perf_counter() - t) / len(xs[k::8]))
    scatter = view.artists.scatter
    events = [
        MouseEvent("motion_notify_event", view.canvas, x, y)
        for x, y in zip(xs[:reps], ys[:reps], strict=True)
    ]
    it = iter(events)
    floor = timed(lambda: scatter.contains(next(it)), reps)
    hits = sum(view.hit_test(x, y) is not None for x, y in zip(xs, ys, strict=True))
    view.close()
    view.deleteLater()
    app.processEvents()
    return [
        Row(
            "hover hit-test",
            "10,000 bubbles",
            median(per_call),
            median(floor),
            "matplotlib PathCollection.contains (what pick_event does)",
            "≤ 1 ms",
            median(per_call) <= 0.001,
            ratio=ratio_of(median(per_call), median(floor)),
            runs=per_call,
            floor_runs=floor,
            note=f"{hits} of {len(xs)} random points hit a bubble",
        )
    ]


def bench_graph(d: Data, reps: int) -> list[Row]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure

    from sweetspot.core.graph import analyse
    from sweetspot.ui.views.graph_view import GraphView

    app = qt_app()
    w = d.workshop("M")
    result = score(w)
    report = analyse(w, result)
    view = GraphView()
    view.resize(1200, 800)
    view.show()
    app.processEvents()

    draws: list[int] = []
    view.canvas.mpl_connect("draw_event", lambda _e: draws.append(1))

    def show() -> None:
        view.set_data(w, result, report)  # the view asks for a draw; the event loop does it
        app.processEvents()

    show()  # warm up
    draws.clear()
    runs = timed(show, reps)
    assert len(draws) == reps, f"{len(draws)} draws for {reps} updates"
    a = view.artists
    assert a is not None
    n_nodes, n_edges = len(a.keys), len(a.edge_nodes)
    rng = np.random.default_rng(7)

    def bare() -> None:
        w_in, h_in = view.figure.get_size_inches()
        fig = Figure(figsize=(float(w_in), float(h_in)), dpi=view.figure.dpi)
        canvas = FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        xy = rng.random((n_nodes, 2))
        ends = rng.integers(0, n_nodes, (n_edges, 2))
        segments: Any = xy[ends]
        ax.add_collection(LineCollection(segments, linewidths=0.5, alpha=0.2))
        ax.scatter(xy[:, 0], xy[:, 1], s=20)
        canvas.draw()

    floor = timed(bare, reps)
    t_report = timed(lambda: analyse(w, result), 1)[0]
    view.close()
    view.deleteLater()
    app.processEvents()
    return [
        Row(
            "overlap graph: layered layout + draw",
            "M",
            median(runs),
            median(floor),
            "bare matplotlib: same node and edge counts, one LineCollection + scatter",
            "≤ 1 s",
            median(runs) <= 1.0,
            ratio=ratio_of(median(runs), median(floor)),
            runs=runs,
            floor_runs=floor,
            note=f"{n_nodes:,} nodes, {n_edges:,} edges; the analyses (not timed) take "
            f"{fmt_time(t_report)}",
        )
    ]


def bench_journey(d: Data, reps: int) -> list[Row]:
    """The Journey tab after an objective weight moves: re-score, the map, the relief lane."""
    from sweetspot.ui.document import WorkshopDocument
    from sweetspot.ui.views.journey_view import JourneyView

    app = qt_app()
    w = d.workshop("M").copy()
    doc = WorkshopDocument(w)
    view = JourneyView(doc)
    view.resize(1100, 700)
    view.show()
    app.processEvents()
    view.canvas.draw()
    app.processEvents()
    objectives = w.objectives.copy()
    weights = iter(np.tile(np.arange(1.0, 10.0), reps * 4 + 8).tolist())

    def weight_move() -> None:
        ob = objectives.copy()
        ob.loc[ob.index[0], "weight"] = next(weights)
        doc.workshop.objectives = ob
        doc.rescore()  # the view listens: journey_map, then the relief lane
        app.processEvents()

    for _ in range(3):
        weight_move()
    # Time each move and note what the view did: only the moves that redrew the lane count
    # (a move that leaves the projection alone redraws nothing and would flatter the row).
    redrawn: list[float] = []
    idle: list[float] = []
    for _ in range(reps * 8):
        t = time.perf_counter()
        weight_move()
        took = time.perf_counter() - t
        (redrawn if view.last_update == "relief lane blitted" else idle).append(took)
    runs = redrawn or idle
    how = f"{len(redrawn)} of {len(redrawn) + len(idle)} moves changed the projection (timed)"
    if idle:
        how += f"; the others took {fmt_time(median(idle))}"

    def full() -> None:
        view._redraw()
        view.canvas.draw()

    full_runs = timed(full, reps)
    floor = timed(lambda: score(doc.workshop, doc.settings), reps * 4)
    view.close()
    view.deleteLater()
    app.processEvents()
    return [
        Row(
            "journey view after an objective weight moves",
            "M",
            median(runs),
            median(floor),
            "score() alone (the re-score the 50 ms budget is for)",
            "≤ 50 ms",
            median(runs) <= 0.050,
            ratio=ratio_of(median(runs), median(floor)),
            runs=runs,
            floor_runs=floor,
            note=f"re-score + journey_map + the relief lane blitted: {how}; a full draw of the "
            f"tab takes {fmt_time(median(full_runs))}",
        )
    ]


def _backlog_sort_rows(app: Any, reps: int) -> list[Row]:
    """The backlog table of 100,000 initiatives, sorted by its drivers' text (built on the
    first sort: the lazy column) and by score, each on a fresh model."""
    from PySide6.QtCore import Qt

    from sweetspot.ui.document import WorkshopDocument
    from sweetspot.ui.models import BacklogModel

    w = make_workshop(Size("100k", 100_000, 5_000, 20, 300_000))
    doc = WorkshopDocument(w)
    probe = BacklogModel(doc)
    drivers, score_col = probe.column_of("top_customer_drivers"), probe.column_of("score")
    table = doc.result.table
    text_runs, number_runs = [], []
    for _ in range(reps):
        m = BacklogModel(doc)
        doc.result._driver_columns.clear()  # the drivers' text is built on the first sort
        t = time.perf_counter()
        m.sort(drivers, Qt.SortOrder.DescendingOrder)
        text_runs.append(time.perf_counter() - t)
        m = BacklogModel(doc)
        t = time.perf_counter()
        m.sort(score_col, Qt.SortOrder.AscendingOrder)
        number_runs.append(time.perf_counter() - t)
    texts = pd.Series(doc.result.drivers("customer"), dtype=object)
    text_floor = timed(
        lambda: texts.sort_values(ascending=False, kind="stable", key=lambda s: s.str.lower()), reps
    )
    number_floor = timed(lambda: table["score"].sort_values(kind="stable"), reps)
    app.processEvents()
    label = f"{len(table):,} rows"
    return [
        Row(
            "backlog sort by drivers (cold: text built)",
            label,
            median(text_runs),
            median(text_floor),
            "Series.sort_values on the same drivers' text, lower-cased (text already built)",
            "≤ 1 s",
            median(text_runs) <= 1.0,
            ratio=ratio_of(median(text_runs), median(text_floor)),
            runs=text_runs,
            floor_runs=text_floor,
            note="BacklogModel.sort on a fresh model; includes building the drivers' text",
        ),
        Row(
            "backlog sort by score",
            label,
            median(number_runs),
            median(number_floor),
            "Series.sort_values on the score",
            "≤ 0.2 s",
            median(number_runs) <= 0.2,
            ratio=ratio_of(median(number_runs), median(number_floor)),
            runs=number_runs,
            floor_runs=number_floor,
        ),
    ]


def bench_table(d: Data, reps: int) -> list[Row]:
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QTableView

    from sweetspot.ui.document import WorkshopDocument
    from sweetspot.ui.models import TableModel

    app = qt_app()
    size = d.big
    w = d.workshop(size)
    doc = WorkshopDocument(w)
    n = len(w.insights)
    need_col = None

    def fresh() -> TableModel:
        return TableModel(doc, "insights")

    probe = fresh()
    need_col = probe.column_of("need")
    imp_col = probe.column_of("importance")
    models: list[TableModel] = []

    # Sort: a fresh model each time (sort keys are cached per model after the first sort).
    sort_runs = []
    for k in range(reps):
        m = fresh()
        t = time.perf_counter()
        m.sort(need_col if k % 2 == 0 else imp_col, Qt.SortOrder.DescendingOrder)
        sort_runs.append(time.perf_counter() - t)
        models.append(m)
    df = w.insights
    sort_floor = timed(
        lambda: df.sort_values("need", ascending=False, kind="stable", key=lambda s: s.str.lower()),
        reps,
    )
    # Filter: first keystroke on a fresh model (builds the search index) and later ones.
    cold, warm = [], []
    for _ in range(reps):
        m = fresh()
        t = time.perf_counter()
        m.set_filter("queue")
        cold.append(time.perf_counter() - t)
        for term in ("queue w", "queue wa", "queue wait", "app"):
            t = time.perf_counter()
            m.set_filter(term)
            warm.append(time.perf_counter() - t)
    shown = m.rowCount()
    filter_floor = timed(lambda: df["need"].str.contains("queue", case=False, regex=False), reps)

    # Scroll repaint: page down through the real model in a QTableView.
    view = QTableView()
    view.setModel(probe)
    view.resize(1200, 800)
    view.show()
    app.processEvents()

    class Bare(QAbstractTableModel):
        def __init__(self, cells: list[list[str]]) -> None:
            super().__init__()
            self.cells = cells

        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return len(self.cells)

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return len(self.cells[0]) if self.cells else 0

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.cells[index.row()][index.column()]
            return None

    def scrolls(v: QTableView) -> list[float]:
        bar = v.verticalScrollBar()
        out = []
        for k in range(reps * 6):
            bar.setValue(int((k * 7919) % max(bar.maximum(), 1)))
            t = time.perf_counter()
            v.viewport().repaint()
            out.append(time.perf_counter() - t)
        return out

    scrolls(view)
    scroll_runs = scrolls(view)
    cols = probe.columnCount()
    bare_cells = [
        [str(probe.data(probe.index(r, c))) for c in range(cols)] for r in range(min(n, 2000))
    ]
    bare_cells = bare_cells * (n // len(bare_cells))
    bare_view = QTableView()
    bare_model = Bare(bare_cells)
    bare_view.setModel(bare_model)
    bare_view.resize(1200, 800)
    bare_view.show()
    app.processEvents()
    scrolls(bare_view)
    scroll_floor = scrolls(bare_view)
    for v in (view, bare_view):
        v.close()
        v.deleteLater()
    app.processEvents()
    label = f"{n:,} rows"
    backlog_rows = _backlog_sort_rows(app, reps)
    return [
        *backlog_rows,
        Row(
            "table sort (cold, text or number column)",
            label,
            median(sort_runs),
            median(sort_floor),
            "DataFrame.sort_values on the need text (lower-cased)",
            "≤ 0.5 s",
            median(sort_runs) <= 0.5,
            ratio=ratio_of(median(sort_runs), median(sort_floor)),
            runs=sort_runs,
            floor_runs=sort_floor,
            note="insights TableModel.sort on a fresh model (no cached sort keys)",
        ),
        Row(
            "table filter (first keystroke, builds the index)",
            label,
            median(cold),
            median(filter_floor),
            "Series.str.contains(case=False) on the need column",
            "≤ 0.1 s",
            median(cold) <= 0.1,
            ratio=ratio_of(median(cold), median(filter_floor)),
            runs=cold,
            floor_runs=filter_floor,
            note="searches every text column of the row",
        ),
        Row(
            "table filter (next keystrokes)",
            label,
            median(warm),
            median(filter_floor),
            "as above",
            "≤ 0.1 s",
            median(warm) <= 0.1,
            ratio=ratio_of(median(warm), median(filter_floor)),
            runs=warm,
            floor_runs=filter_floor,
            note=f"last filter shows {shown:,} rows",
        ),
        Row(
            "table scroll repaint",
            label,
            median(scroll_runs),
            median(scroll_floor),
            "the same QTableView over a bare model of prepared strings",
            "≤ 20 ms",
            median(scroll_runs) <= 0.020,
            ratio=ratio_of(median(scroll_runs), median(scroll_floor)),
            runs=scroll_runs,
            floor_runs=scroll_floor,
            note="viewport().repaint() after a jump of the scroll bar",
        ),
    ]


def bench_survey(d: Data, reps: int) -> list[Row]:
    """Survey responses analysed (benchmarks/survey_bench.py, in a child process)."""
    n, comments = (20_000, 10_000) if d.quick else (100_000, 50_000)
    size = f"{n // 1000}k × 12, {comments // 1000}k comments"
    out = subprocess.run(
        [PYTHON, str(ROOT / "benchmarks" / "survey_bench.py"), str(n), "12", str(comments),
         str(max(1, min(reps, 2)))],
        capture_output=True, text=True, check=True, env=_child_env(d.folder / "home"),
    )  # fmt: skip
    got = json.loads(out.stdout.strip().splitlines()[-1])
    t, floor = median(got["runs"]), median(got["floors"])
    return [
        Row(
            "survey analysis: drivers (bootstrap 500, Shapley), sentiment, themes",
            size,
            t,
            floor,
            "one pandas corr() of the ratings + one TF-IDF fit of the comments",
            "≤ 20 s",
            t <= 20,
            ratio=ratio_of(t, floor),
            runs=got["runs"],
            floor_runs=got["floors"],
        ),
        Row(
            "peak memory, survey analysis",
            size,
            got["peak_mb"],
            None,
            "—",
            "≤ 1.5 GB (1,536 MB)",
            got["peak_mb"] <= 1536,
            runs=[got["peak_mb"]],
            note="ru_maxrss of the child (data made in the same process)",
        ),
    ]


# ---------------------------------------------------------------------------------------------

BENCHES: dict[str, Callable[..., list[Row]]] = {
    "import": bench_import,
    "score": bench_score,
    "slider": bench_slider,
    "drag": bench_drag,
    "hover": bench_hover,
    "graph": bench_graph,
    "journey": bench_journey,
    "table": bench_table,
    "export": bench_export,
    "robustness": bench_robustness,
    "start": bench_start,
    "cli": bench_cli,
    "memory": bench_memory,
    "survey": bench_survey,
}


def print_table(rows: list[Row]) -> str:
    header = ["measurement", "size", "median", "p95", "max", "floor", "ratio", "target", "result"]
    lines = []
    for r in rows:
        result = "not built" if r.median_s is None else ("pass" if r.passed else "FAIL")
        lines.append(
            [
                r.measurement,
                r.size,
                fmt_value(r, r.median_s),
                fmt_value(r, p95(r.runs)) if r.runs else "—",
                fmt_value(r, max(r.runs)) if r.runs else "—",
                fmt_value(r, r.floor_s),
                "—" if r.ratio is None else f"{r.ratio:.2f}×",
                r.target,
                result,
            ]
        )
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    out = [
        "| " + " | ".join(h.ljust(widths[i]) for i, h in enumerate(header)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    for line in lines:
        out.append("| " + " | ".join(c.ljust(widths[i]) for i, c in enumerate(line)) + " |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="M instead of L, fewer repeats")
    parser.add_argument("--json", type=Path, help="write the rows as JSON here")
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHES), help="run only these")
    args = parser.parse_args(argv)
    reps = 3 if args.quick else 5
    started = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="sweetspot-bench-") as tmp:
        data = Data(args.quick, Path(tmp))
        for name, bench in BENCHES.items():
            if args.only and name not in args.only:
                continue
            t = time.perf_counter()
            print(f"… {name}", file=sys.stderr, flush=True)
            heavy = name in ("import", "export")
            if name == "memory":
                got = bench(data)
            else:
                got = bench(data, max(reps - 2, 2) if heavy else reps)
            rows.extend(got)
            print(f"  {name}: {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)
    total = time.perf_counter() - started
    table = print_table(rows)
    print(table)
    for r in rows:
        if r.note:
            print(f"- {r.measurement} ({r.size}): {r.note}")
    print(
        f"\nTotal {total:.0f} s on {platform.machine()}, {os.cpu_count()} CPU(s), "
        f"Python {platform.python_version()}{' (quick)' if args.quick else ''}"
    )
    if args.json:
        payload = {
            "quick": args.quick,
            "seconds": total,
            "python": platform.python_version(),
            "machine": platform.platform(),
            "cpus": os.cpu_count(),
            "rows": [asdict(r) for r in rows],
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
