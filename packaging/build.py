"""Build the SweetSpot desktop app: `python packaging/build.py` (from any folder).

Uses the project's virtual environment (`.venv`, or the Python running this script when there
is none), installs PyInstaller into it if it is missing, refreshes the package metadata when
pyproject.toml's version changed, and runs `pyinstaller build.spec`. The result is
dist/SweetSpot/ (one folder; `--onefile` gives the single file dist/onefile/SweetSpot instead).
Then `python packaging/smoke_test.py` checks the built app. Details: docs/packaging.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYINSTALLER_REQUIREMENT = "pyinstaller>=6.10"


def venv_python() -> Path:
    for candidate in (ROOT / ".venv" / "bin" / "python", ROOT / ".venv" / "Scripts" / "python.exe"):
        if candidate.exists():
            return candidate
    return Path(sys.executable)


def run(cmd: list[str], **kwargs: object) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def folder_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def make_archive(target: Path, version: str) -> Path:
    """dist/SweetSpot-<version>-<os>-<arch>.tar.gz (or .zip on Windows) of the built app."""
    system = {"linux": "linux", "darwin": "macos", "win32": "windows"}.get(sys.platform, "os")
    base = ROOT / "dist" / f"SweetSpot-{version}-{system}-{platform.machine().lower()}"
    fmt = "zip" if os.name == "nt" else "gztar"
    return Path(shutil.make_archive(str(base), fmt, target.parent, target.name))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onefile", action="store_true", help="build one file, not a folder")
    parser.add_argument("--clean", action="store_true", help="ignore PyInstaller's build cache")
    parser.add_argument(
        "--archive",
        action="store_true",
        help="also pack the result as dist/SweetSpot-VERSION-OS-ARCH.tar.gz (.zip on Windows)",
    )
    args = parser.parse_args(argv)
    python = str(venv_python())

    probe = subprocess.run([python, "-c", "import PyInstaller"], capture_output=True, cwd=ROOT)
    if probe.returncode != 0:
        run([python, "-m", "pip", "install", PYINSTALLER_REQUIREMENT])

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    installed = subprocess.run(
        [python, "-c", "import importlib.metadata as m; print(m.version('sweetspot'))"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.strip()
    if installed != version:
        run([python, "-m", "pip", "install", "--no-deps", "-e", str(ROOT)])

    env = dict(os.environ)
    env["SWEETSPOT_ONEFILE"] = "1" if args.onefile else "0"
    # The one-file build goes to dist/onefile/ so it never collides with dist/SweetSpot/.
    distpath = ROOT / "dist" / ("onefile" if args.onefile else "")
    cmd = [python, "-m", "PyInstaller", "--noconfirm", "--distpath", str(distpath)]
    if args.clean:
        cmd.append("--clean")
    cmd.append(str(ROOT / "build.spec"))
    target = distpath / ("SweetSpot" + (".exe" if os.name == "nt" and args.onefile else ""))
    start = time.perf_counter()
    run(cmd, env=env)
    seconds = time.perf_counter() - start
    if sys.platform.startswith("linux") and not args.onefile:
        # The per-user installer (menu entry, icon, file type) travels with the folder.
        installer = target / "install-linux.sh"
        shutil.copy2(ROOT / "packaging" / "install-linux.sh", installer)
    size = folder_size(target) / 1e6
    print(f"Built {target.relative_to(ROOT)} in {seconds:.0f} s: {size:.0f} MB.")
    if args.archive:
        print(f"Archive: {make_archive(target, version).relative_to(ROOT)}")
    print("Check it: python packaging/smoke_test.py" + (" --onefile" if args.onefile else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
