"""Start-up as `sweetspot FILE` runs it: the start window is painted before the heavy
libraries load, then the main window shows and opens the file with the usual progress."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "retail_bank.xlsx"

CHILD = textwrap.dedent(
    """
    import gc, json, os, sys
    from PySide6.QtWidgets import QApplication
    from sweetspot.ui.app import start_app
    from sweetspot.ui.start_window import StartWindow

    seen = []

    def start_windows():
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, StartWindow)]

    def report(milestone):
        shown = [w for w in start_windows() if w.isVisible()]
        seen.append({
            "milestone": milestone,
            "pandas": "pandas" in sys.modules,
            "matplotlib": "matplotlib" in sys.modules,
            "main window module": "sweetspot.ui.main_window" in sys.modules,
            "start window painted": bool(shown) and all(w.painted for w in shown),
            "start window shown": bool(shown),
            "start step": shown[0].status.text() if shown else "",
            "collecting": gc.isenabled(),
            "frozen": gc.get_freeze_count(),
        })
        if milestone in ("file open", "file failed"):
            window.grab()
            artists = window.matrix.artists
            seen.append({"bubbles": 0 if artists is None else len(artists.ids),
                         "matrix shown": window.matrix.isVisible(),
                         "title": window.windowTitle()})
            print(json.dumps(seen), flush=True)
            os._exit(0)

    app, window = start_app([sys.argv[1]], report=report)
    app.exec()
    """
)


def test_the_start_window_paints_before_the_heavy_imports_then_the_file_opens(
    tmp_path: Path,
) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    for var in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp_path)  # no real settings, recent files or recovery copies
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(SAMPLE)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    first, main, opened, final = seen
    assert first["milestone"] == "start window"
    assert first["start window painted"] and first["start step"] == "Starting…"
    assert not first["pandas"] and not first["matplotlib"] and not first["main window module"]
    assert main["milestone"] == "main window" and not main["start window shown"]
    assert main["pandas"] and main["matplotlib"]
    # No collection while the libraries load; what start-up built is frozen, then the
    # collector runs again.
    assert not first["collecting"]
    assert main["collecting"] and main["frozen"] > first["frozen"] + 100_000
    assert opened["milestone"] == "file open"
    initiatives = openpyxl.load_workbook(SAMPLE, read_only=True)["Initiatives"]
    rows = sum(1 for row in initiatives.iter_rows(min_row=2, values_only=True) if row[0])
    assert final["bubbles"] == rows and final["matrix shown"]
    assert "retail_bank" in final["title"]


def test_a_failing_start_closes_the_start_window_and_collects_again(
    qtbot: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from PySide6.QtWidgets import QApplication

    import sweetspot.ui.app as app_module
    import sweetspot.ui.main_window as main_window
    from sweetspot.ui.app import start_app
    from sweetspot.ui.start_window import StartWindow

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the window could not be built")

    monkeypatch.setattr(main_window, "MainWindow", broken)
    # Not in the test process: no log file in the real home, no hook left behind.
    monkeypatch.setattr(app_module, "setup_logging", lambda: None)
    monkeypatch.setattr(app_module, "install_excepthook", lambda: None)
    try:
        with pytest.raises(RuntimeError, match="could not be built"):
            start_app([])
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, StartWindow) and w.isVisible()
        ]
        assert shown == []  # an error dialog would not open under it
        assert gc.isenabled()
    finally:
        gc.unfreeze()
