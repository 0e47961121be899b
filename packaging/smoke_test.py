"""Check the built app headless: `python packaging/smoke_test.py` after `packaging/build.sh`.

1. `SweetSpot --version` names the version in pyproject.toml.
2. `SweetSpot rank sample_data/retail_bank.xlsx -o X.xlsx` writes a workbook whose Backlog sheet
   (and every other sheet) holds the same values as the one the source tree writes.
3. `SweetSpot open sample_data/retail_bank.xlsx --view matrix --screenshot m.png` writes a
   1600×1000 picture that is not blank, without matplotlib building its font cache.
4. The bundled samples, resources and font cache are where the app looks for them, and every
   module of the sweetspot package is frozen in (the window imports its views by name).
5. Start-up to a painted window with the sample (the screenshot command, median of 3 runs),
   reported next to the same command from the source tree. The target is ≤ 3 s; it is reported,
   not asserted (a shared machine is noisy).

Runs with the project's venv (it needs openpyxl and Pillow to read the results). Exit code 0
when every check passed; prints one line per check.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "retail_bank.xlsx"
SURVEY = ROOT / "sample_data" / "retail_bank_survey.xlsx"
SHOT_SIZE = (1600, 1000)
STARTUP_TARGET_S = 3.0


class SmokeFailure(Exception):
    pass


def built_binary(onefile: bool) -> Path:
    exe = "SweetSpot.exe" if os.name == "nt" else "SweetSpot"
    if onefile:
        return ROOT / "dist" / "onefile" / exe
    if sys.platform == "darwin" and (ROOT / "dist" / "SweetSpot.app").exists():
        return ROOT / "dist" / "SweetSpot.app" / "Contents" / "MacOS" / "SweetSpot"
    return ROOT / "dist" / "SweetSpot" / exe


def source_command() -> list[str]:
    for candidate in (ROOT / ".venv" / "bin" / "python", ROOT / ".venv" / "Scripts" / "python.exe"):
        if candidate.exists():
            return [str(candidate), "-m", "sweetspot"]
    return [sys.executable, "-m", "sweetspot"]


def headless_env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("MPLCONFIGDIR", None)
    return env


def cpu_seconds() -> float:
    """CPU time (user + system) used so far by finished child processes (0 where unknown)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], timeout: float = 180) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=timeout, env=headless_env(), cwd=ROOT
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SmokeFailure(
            f"{' '.join(cmd)} exited with {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        )
    return proc, seconds


def sheet_values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in wb}
    finally:
        wb.close()


def same_value(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12) or (math.isnan(a) and math.isnan(b))
    return bool(a == b)


def compare_workbooks(built: Path, source: Path, first_sheet: str = "Backlog") -> int:
    got, want = sheet_values(built), sheet_values(source)
    if first_sheet not in want:
        raise SmokeFailure(f"the source workbook has no {first_sheet} sheet: {list(want)}")
    if list(got) != list(want):
        raise SmokeFailure(f"sheets differ: built {list(got)} vs source {list(want)}")
    cells = 0
    for name in want:
        if len(got[name]) != len(want[name]):
            raise SmokeFailure(f"{name}: {len(got[name])} rows built vs {len(want[name])}")
        for r, (row_a, row_b) in enumerate(zip(got[name], want[name], strict=True), start=1):
            if len(row_a) != len(row_b) or not all(
                same_value(a, b) for a, b in zip(row_a, row_b, strict=True)
            ):
                raise SmokeFailure(f"{name} row {r} differs:\n built  {row_a}\n source {row_b}")
            cells += len(row_a)
    return cells


def check_png(path: Path) -> tuple[tuple[int, int], int]:
    from PIL import Image

    if not path.exists():
        raise SmokeFailure(f"{path} was not written")
    with Image.open(path) as image:
        size = image.size
        rgb = image.convert("RGB")
        colours = len(rgb.getcolors(maxcolors=1 << 24) or [])
    w, h = size
    # A high-DPI screen doubles the pixels; the ratio stays 16:10.
    if not (abs(w / h - SHOT_SIZE[0] / SHOT_SIZE[1]) < 0.02 and w >= SHOT_SIZE[0] * 0.9):
        raise SmokeFailure(f"screenshot is {w}×{h}, expected about {SHOT_SIZE[0]}×{SHOT_SIZE[1]}")
    if colours < 50:
        raise SmokeFailure(f"screenshot looks blank: {colours} colours")
    return size, colours


def check_bundle(binary: Path, onefile: bool) -> list[str]:
    if onefile:
        return []
    internal = binary.parent / "_internal"
    if not internal.is_dir():  # macOS .app keeps the data under Contents/Resources
        internal = binary.parents[1] / "Resources"
    wanted = [
        internal / "sample_data" / "retail_bank.xlsx",
        internal / "sample_data" / "retail_bank_csv" / "links.csv",
        internal / "resources" / "sweetspot.desktop",
        internal / "resources" / "sweetspot-256.png",
    ]
    missing = [str(p) for p in wanted if not p.exists()]
    if not list((internal / "mpl-fontcache").glob("fontlist-*.json")):
        missing.append(str(internal / "mpl-fontcache" / "fontlist-*.json"))
    if missing:
        raise SmokeFailure("missing from the bundle: " + ", ".join(missing))
    return [str(p.relative_to(internal)) for p in wanted]


def source_modules() -> set[str]:
    """Every module of the sweetspot package in the source tree (`__main__` is the entry
    script, frozen separately)."""
    names = {
        ".".join(f.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for f in (ROOT / "sweetspot").rglob("*.py")
    }
    return names - {"sweetspot.__main__"}


def bundled_modules(binary: Path) -> set[str]:
    """The sweetspot modules frozen into the app (read from its embedded PYZ archive)."""
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(binary))
    names = [n for n in archive.toc if n.endswith(".pyz")]
    if not names:
        raise SmokeFailure(f"no PYZ archive inside {binary}")
    pyz = archive.open_embedded_archive(names[0])
    return {m for m in pyz.toc if m == "sweetspot" or m.startswith("sweetspot.")}


def check_modules(binary: Path) -> str:
    """The window builds its views with importlib (a missing one silently becomes a
    placeholder), so every module of the package must be in the bundle."""
    try:
        bundled = bundled_modules(binary)
    except ImportError:
        return "skipped: PyInstaller is not installed here"
    missing = sorted(source_modules() - bundled)
    if missing:
        raise SmokeFailure("modules missing from the bundle: " + ", ".join(missing))
    return f"all {len(bundled)} sweetspot modules bundled"


def folder_size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Smoke-test the built SweetSpot app.")
    parser.add_argument(
        "--onefile", action="store_true", help="test dist/onefile/SweetSpot (one file)"
    )
    parser.add_argument("--binary", type=Path, help="the built executable to test")
    parser.add_argument("--runs", type=int, default=3, help="start-up timing runs (default 3)")
    args, _unknown = parser.parse_known_args(argv)  # build.sh passes its own flags on
    binary = args.binary or built_binary(args.onefile)
    if not binary.exists():
        print(f"FAIL no built app at {binary}: run packaging/build.sh first")
        return 1
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    failures = 0

    def check(name: str, fn: Any) -> Any:
        nonlocal failures
        try:
            result = fn()
        except (SmokeFailure, subprocess.TimeoutExpired, OSError) as exc:
            failures += 1
            print(f"FAIL {name}: {exc}")
            return None
        print(f"ok   {name}: {result}")
        return result

    with tempfile.TemporaryDirectory(prefix="sweetspot-smoke-") as tmp_name:
        tmp = Path(tmp_name)

        def version_check() -> str:
            proc, _ = run([str(binary), "--version"])
            text = (proc.stdout + proc.stderr).strip()
            if text != f"SweetSpot {version}":
                raise SmokeFailure(f"--version says {text!r}, pyproject says {version}")
            return text

        def rank_check() -> str:
            built_out, source_out = tmp / "built.xlsx", tmp / "source.xlsx"
            _, built_s = run([str(binary), "rank", str(SAMPLE), "-o", str(built_out)])
            _, source_s = run([*source_command(), "rank", str(SAMPLE), "-o", str(source_out)])
            cells = compare_workbooks(built_out, source_out)
            return (
                f"{cells} cells equal to the source tree's "
                f"(built {built_s:.1f} s, source {source_s:.1f} s)"
            )

        def screenshot_check() -> str:
            out = tmp / "m.png"
            proc, seconds = run(
                [str(binary), "open", str(SAMPLE), "--view", "matrix", "--screenshot", str(out)]
            )
            if "building the font cache" in proc.stderr:
                raise SmokeFailure("matplotlib built its font cache at start-up")
            (w, h), colours = check_png(out)
            return f"{w}×{h} PNG, {colours} colours, {seconds:.1f} s"

        def survey_check() -> str:
            # Sentiment in three languages: VADER's and TextBlob's lexicon files must be found
            # in the bundle, or every comment reads as neutral.
            built_out, source_out = tmp / "insights-built.xlsx", tmp / "insights-source.xlsx"
            run([str(binary), "insights", str(SURVEY), "-o", str(built_out)])
            run([*source_command(), "insights", str(SURVEY), "-o", str(source_out)])
            cells = compare_workbooks(built_out, source_out, first_sheet="Insights")
            return f"{cells} cells of the survey analysis equal to the source tree's"

        def deck_check() -> str:
            from pptx import Presentation

            built_out, source_out = tmp / "built.pptx", tmp / "source.pptx"
            run([str(binary), "deck", str(SAMPLE), "-o", str(built_out)])
            run([*source_command(), "deck", str(SAMPLE), "-o", str(source_out)])

            def slide_texts(path: Path) -> list[list[str]]:
                deck = Presentation(str(path))
                return [
                    [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
                    for slide in deck.slides
                ]

            built, source = slide_texts(built_out), slide_texts(source_out)
            if built != source:
                raise SmokeFailure("the deck's slides differ from the source tree's")
            return f"{len(built)} slides, their text equal to the source tree's"

        def bundle_check() -> str:
            found = check_bundle(binary, args.onefile)
            return ", ".join(found) if found else "one-file build: contents not inspected"

        def startup_check() -> str:
            def median(cmd: list[str]) -> tuple[float, float]:
                wall, cpu = [], []
                for i in range(max(1, args.runs)):
                    out = tmp / f"t{i}.png"
                    before = cpu_seconds()
                    wall.append(run([*cmd, "open", str(SAMPLE), "--screenshot", str(out)])[1])
                    cpu.append(cpu_seconds() - before)
                return statistics.median(wall), statistics.median(cpu)

            built_s, built_cpu = median([str(binary)])
            source_s, source_cpu = median(source_command())
            verdict = "within" if built_s <= STARTUP_TARGET_S else "OVER"
            try:
                load = f"; load average {os.getloadavg()[0]:.1f}"
            except OSError:
                load = ""
            return (
                f"window with the sample painted in {built_s:.2f} s wall, {built_cpu:.2f} s CPU "
                f"(median of {args.runs}; wall {verdict} the {STARTUP_TARGET_S:.0f} s target"
                f"{load}); source tree {source_s:.2f} s wall, {source_cpu:.2f} s CPU"
            )

        check("version", version_check)
        check("rank", rank_check)
        check("screenshot", screenshot_check)
        check("survey", survey_check)
        check("deck", deck_check)
        check("bundle", bundle_check)
        check("modules", lambda: check_modules(binary))
        check("start-up", startup_check)
    target = binary if args.onefile else binary.parent
    print(f"size {folder_size_mb(target):.0f} MB ({target.relative_to(ROOT)})")
    print("PASSED" if not failures else f"FAILED ({failures} checks)")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
