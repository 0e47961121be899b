"""Build matplotlib's font cache at build time, so the built app never builds it on start.

matplotlib scans every installed font the first time it is imported with an empty cache
folder (0.2 s on a Linux machine with 350 fonts; seconds on a Windows machine with thousands).
PyInstaller's own run-time hook gives matplotlib a fresh, empty cache folder on every start, so a
built app would pay that on *every* start. Instead `build.spec` calls `write_font_cache` to write
a cache that lists only the fonts bundled with matplotlib (the charts use DejaVu Sans, one of
them; paths are stored relative to matplotlib's data folder, so the cache is valid wherever the
app is unpacked), and `rthook_mpl_cache.py` copies it into a private temporary folder at start.
"""

from __future__ import annotations

import sys
from pathlib import Path


def write_font_cache(out_dir: Path) -> Path:
    """Write `fontlist-v<N>.json` with matplotlib's bundled fonts only; return its path."""
    import matplotlib as mpl
    from matplotlib import font_manager as fm

    data = Path(mpl.get_data_path()).resolve()

    def bundled(entry: object) -> bool:
        return Path(str(getattr(entry, "fname", ""))).resolve().is_relative_to(data)

    manager = fm.FontManager()
    manager.ttflist = [e for e in manager.ttflist if bundled(e)]
    manager.afmlist = [e for e in manager.afmlist if bundled(e)]
    if not any(e.name == "DejaVu Sans" for e in manager.ttflist):
        raise RuntimeError("matplotlib's bundled DejaVu Sans was not found")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"fontlist-v{fm.FontManager.__version__}.json"
    fm.json_dump(manager, str(path))
    return path


if __name__ == "__main__":
    print(write_font_cache(Path(sys.argv[1] if len(sys.argv) > 1 else "build/mpl-fontcache")))
