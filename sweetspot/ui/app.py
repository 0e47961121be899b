"""Starting the desktop app, and rendering one view to a picture for documentation.

`run_app(argv)` is what `sweetspot` and `sweetspot FILE` call; `screenshot(path, view, out)` is
what `sweetspot open FILE --view … --screenshot OUT.png` calls. Both set up the application the
same way: name and organisation "SweetSpot" (for QSettings and the recovery folder), the app
icon, sharp high-DPI rendering, the Fusion style (which follows the system light/dark scheme),
and an exception hook so no traceback ever reaches a consultant: it is logged and shown as a
plain dialog instead.
"""

from __future__ import annotations

import gc
import logging
import logging.handlers
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from sweetspot import __version__
from sweetspot.ui import brand
from sweetspot.ui.start_window import StartWindow

if TYPE_CHECKING:
    from sweetspot.ui.main_window import MainWindow

log = logging.getLogger("sweetspot")

SCREENSHOT_SIZE = (1600, 1000)
EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


def log_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".sweetspot") / "logs"


def setup_logging() -> Path | None:
    """Log to a small rotating file in the app's data folder (for support requests)."""
    try:
        folder = log_folder()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "sweetspot.log"
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=2, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


_in_hook = False


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log an unexpected error and tell the user in plain words (details on request)."""
    global _in_hook
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("Unexpected error\n%s", details)
    if _in_hook or QApplication.instance() is None:
        sys.stderr.write(details)
        return
    _in_hook = True
    try:
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(brand.APP_NAME)
        box.setText("SweetSpot hit an unexpected problem.")
        box.setInformativeText(
            "Your work is still open and a recovery copy is kept. Save it under a new name to be "
            f"safe. If this happens again, send the log file in {log_folder()} to support."
        )
        box.setDetailedText(f"SweetSpot {__version__}\n\n{details}")
        box.exec()
    finally:
        _in_hook = False


def install_excepthook() -> None:
    sys.excepthook = excepthook


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication, set up once (reused if one exists, e.g. under pytest-qt)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        _configure(existing)
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    QApplication.setApplicationName(brand.APP_NAME)
    QApplication.setOrganizationName(brand.APP_NAME)
    QApplication.setApplicationVersion(__version__)
    app = QApplication([sys.argv[0] if sys.argv else "sweetspot", *(argv or [])])
    app.setStyle("Fusion")
    _configure(app)
    return app


def _configure(app: QApplication) -> None:
    app.setApplicationName(brand.APP_NAME)
    app.setOrganizationName(brand.APP_NAME)
    app.setApplicationDisplayName(brand.APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(brand.app_icon())
    # Lets the desktop match the running app to its .desktop file and icon on Linux.
    app.setDesktopFileName("sweetspot")


def start_app(
    argv: Sequence[str],
    *,
    settings: QSettings | None = None,
    report: Callable[[str], None] | None = None,
) -> tuple[QApplication, MainWindow]:
    """Everything `run_app` does before the event loop: the start window is painted first,
    then the libraries are loaded and the window built with progress on it, then the window
    shows and the file in `argv` (if any) is opened the usual way, off the UI thread.

    `report` hears "start window", "main window" and, when a file was given, "file open" or
    "file failed" (the benchmark times them; tests check them)."""
    # No cyclic collection while the libraries load: the heap grows by some 400,000 objects
    # and full collections over it cost about 0.1 s of start-up. They are frozen once the
    # window stands (gc.freeze: what start-up built lives as long as the app), so later
    # collections, in a drag or a slider move, no longer walk them either.
    collecting = gc.isenabled()
    gc.disable()
    app = create_application()
    tell = report or (lambda _milestone: None)
    start = StartWindow()
    start.show_centred()
    tell("start window")
    setup_logging()
    install_excepthook()
    # The heavy imports one by one, so the bar moves and says what takes the time.
    try:
        start.step("Loading the charts…", 0.15)
        import matplotlib.figure  # noqa: F401
        from matplotlib.backends import backend_qtagg  # noqa: F401

        start.step("Loading the spreadsheet reader…", 0.4)
        import pandas  # noqa: F401

        start.step("Building the workspace…", 0.65)
        from sweetspot.ui.main_window import MainWindow

        window = MainWindow(settings)
        start.step("Ready", 1.0)
        window.show()
    finally:
        # Also when start-up fails: the error dialog must not open under a window that stays
        # on top, and the collector must run again.
        start.close()
        start.deleteLater()
        gc.freeze()
        if collecting:
            gc.enable()
    tell("main window")

    if argv:
        window.loadFinished.connect(
            lambda outcome: tell("file open" if outcome == "finished" else "file failed")
        )

    def after_start() -> None:
        restored = window.files.offer_recovery()
        if argv and not restored:
            window.files.open_path(Path(argv[0]))

    QTimer.singleShot(0, after_start)
    return app, window


def run_app(argv: list[str]) -> int:
    """Start the desktop app; `argv` may hold one file to open (workbook, CSV folder, project)."""
    app, _window = start_app(argv)
    return int(app.exec())


def _ensure_platform() -> None:
    """Screenshots work without a screen: use the offscreen platform when there is none."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def render_window(window: QWidget, out_png: Path) -> Path:
    """Grab a window (after its charts finished drawing) and write it as a PNG."""
    app = QApplication.instance()
    for _ in range(3):
        if app is not None:
            app.processEvents()
        for canvas in window.findChildren(QWidget):
            draw = getattr(canvas, "draw", None)
            if callable(draw) and type(canvas).__name__.startswith("FigureCanvas"):
                draw()
    out_png.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out_png), "PNG"):
        raise OSError(f"{out_png} could not be written")
    return out_png


def screenshot(path_in: Path | str | None, view: str, out_png: Path | str) -> int:
    """Open `path_in` (or nothing: the welcome page), show `view` in a 1600×1000 window, write
    the picture to `out_png`, and return an exit code (0 fine, 1 the input cannot be opened)."""
    _ensure_platform()
    app = create_application()
    from sweetspot.core.project import ProjectError
    from sweetspot.ui.main_window import VIEWS, MainWindow

    out = Path(out_png)
    with tempfile.TemporaryDirectory(prefix="sweetspot-shot-") as tmp:
        # A throwaway settings file: screenshots never touch the user's recent files or layout.
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings, autosave=False, show_progress=False)
        window.resize(*SCREENSHOT_SIZE)
        try:
            if path_in:
                path = Path(path_in)
                if not path.exists():
                    print(f"ERROR File not found: {path}", file=sys.stderr)
                    return EXIT_INPUT
                window.files.load_sync(path)
                window.show_view(view if view in VIEWS else "matrix")
                table = window.doc.result.table
                if not window.doc.selection and len(table):
                    # A picture for the docs shows the details of the top initiative.
                    window.doc.select([str(table["id"].iloc[0])])
            window.show()
            window.resize(*SCREENSHOT_SIZE)
            render_window(window, out)
        except ProjectError as exc:
            print(f"ERROR {exc}", file=sys.stderr)
            return EXIT_INPUT
        except OSError as exc:
            print(f"ERROR {exc}", file=sys.stderr)
            return EXIT_INPUT
        finally:
            window.recovery.stop()
            window.doc.undo_stack.setClean()
            window.close()
            window.deleteLater()
            app.processEvents()
    print(f"Screenshot written to {out}")
    return EXIT_OK
