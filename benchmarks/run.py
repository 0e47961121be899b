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
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script: benchmarks/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import Data, Row, fmt_value, p95
from benchmarks.rows_core import bench_export, bench_import, bench_robustness, bench_score
from benchmarks.rows_process import bench_cli, bench_memory, bench_start, bench_survey
from benchmarks.rows_qt import (
    bench_drag,
    bench_graph,
    bench_hover,
    bench_journey,
    bench_slider,
    bench_table,
)

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
