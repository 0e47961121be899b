"""Where SweetSpot's bundled files are: in a built app (PyInstaller) or in the source tree.

The desktop build (`build.spec`) puts `sample_data/` and `resources/` next to the frozen code,
in the folder PyInstaller names `sys._MEIPASS` (the app folder for a one-folder build, a temporary
unpack folder for a one-file build). Running from a checkout or an installed package, they are
in the repository root. Qt-free: the core and the CLI may use it.
"""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def is_frozen() -> bool:
    """True in an app built with PyInstaller."""
    return bool(getattr(sys, "frozen", False))


def bundle_roots() -> list[Path]:
    """Folders that may hold `sample_data/` and `resources/`, most specific first."""
    roots: list[Path] = []
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        roots.append(Path(meipass))
    if is_frozen():
        # Files placed next to the executable (e.g. a one-file build shipped with samples).
        roots.append(Path(sys.executable).resolve().parent)
    roots += [PACKAGE_DIR, PACKAGE_DIR.parent]
    seen: set[Path] = set()
    unique = []
    for root in roots:
        if root not in seen:
            seen.add(root)
            unique.append(root)
    return unique


def data_dirs(name: str) -> list[Path]:
    """Candidate folders called `name` (e.g. "sample_data"), whether they exist or not."""
    return [root / name for root in bundle_roots()]


def find_data_dir(name: str) -> Path | None:
    """The first existing folder called `name`, or None."""
    for folder in data_dirs(name):
        if folder.is_dir():
            return folder
    return None


def sample_data_dir() -> Path | None:
    """The bundled sample workshops, or None when they are not installed."""
    return find_data_dir("sample_data")


def resources_dir() -> Path | None:
    """Icons, the .desktop file and the MIME description, or None."""
    return find_data_dir("resources")
