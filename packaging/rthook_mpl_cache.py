# PyInstaller run-time hook (runs before SweetSpot's code): give matplotlib a private cache
# folder that already holds the font cache built at build time (packaging/mpl_font_cache.py).
# Replaces PyInstaller's pyi_rth_mplconfig hook, which `build.spec` removes: that one starts
# every run with an empty folder, so matplotlib would rescan all system fonts on every start.


def _sweetspot_mpl_cache() -> None:
    import atexit
    import contextlib
    import os
    import shutil
    import sys
    import tempfile
    from pathlib import Path

    bundled = Path(getattr(sys, "_MEIPASS", "")) / "mpl-fontcache"
    configdir = tempfile.mkdtemp(prefix="sweetspot-mpl-")  # mode 0700
    for cache in bundled.glob("fontlist-*.json"):
        # On failure matplotlib builds the cache itself: slower, still correct.
        with contextlib.suppress(OSError):
            shutil.copyfile(cache, os.path.join(configdir, cache.name))
    os.environ["MPLCONFIGDIR"] = configdir
    atexit.register(shutil.rmtree, configdir, ignore_errors=True)


_sweetspot_mpl_cache()
del _sweetspot_mpl_cache
