"""Rows timed as whole processes: start-up, the command line, peak memory, the survey analysis."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
import time
from pathlib import Path

from benchmarks.common import (
    PYTHON,
    ROOT,
    Data,
    Row,
    median,
    ratio_of,
)

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
