"""Core rows: import, score, export and robustness, in this process."""

from __future__ import annotations

import numpy as np
import pandas as pd

from benchmarks.common import (
    Data,
    Row,
    interleaved,
    median,
    ratio_of,
    timed,
)
from sweetspot.core.model import Workshop
from sweetspot.core.scoring import ScoringSettings, score

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
        # The bare stack, none of the project's sheet builders: the ranked score table and
        # the workshop's own tables as they are, one row at a time through xlsxwriter in
        # constant-memory mode, unstyled (what a script writing the same data would do).
        frames = {
            "Backlog": result.table,
            "Insights": w.insights,
            "Objectives": w.objectives,
            "Initiatives": w.initiatives,
            "Links": w.links,
        }
        book = xlsxwriter.Workbook(
            str(d.folder / "floor.xlsx"),
            {"constant_memory": True, "strings_to_formulas": False, "nan_inf_to_errors": True},
        )
        for name, frame in frames.items():
            ws = book.add_worksheet(name)
            ws.write_row(0, 0, [str(c) for c in frame.columns])
            for r, row in enumerate(frame.itertuples(index=False, name=None), start=1):
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
            "score table + workshop tables via xlsxwriter constant_memory, unstyled, no builders",
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
