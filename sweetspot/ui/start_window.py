"""The start window: painted a few tenths of a second after launch, before the heavy imports.

Loading the charting and data libraries and building the workspace takes about a second on a
consultant's laptop; a window that appears at once and says what is happening is what keeps
a room from clicking the icon a second time. It uses only Qt and the brand drawing, so it
can show before matplotlib and pandas are imported.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QProgressBar, QVBoxLayout, QWidget

from sweetspot import __version__
from sweetspot.ui import brand

log = logging.getLogger("sweetspot")

STEPS = 100  # the progress bar's range: stages report a fraction of it


class StartWindow(QWidget):
    """A small branded window with the current start-up step and a progress bar."""

    def __init__(self) -> None:
        super().__init__(
            None,
            Qt.WindowType.SplashScreen
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint,
        )
        self.setObjectName("startWindow")
        self.setWindowTitle(f"{brand.APP_NAME} is starting")
        self.setAccessibleName(f"{brand.APP_NAME} is starting")
        self.setFixedSize(460, 260)
        self._started = time.perf_counter()
        # The icon's dark background: the window reads as the app's mark in any system theme.
        palette = self.palette()
        dark, light = QColor(brand.ICON_BACKGROUND), QColor("#F4F6F9")
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            palette.setColor(role, dark)
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
            palette.setColor(role, light)
        palette.setColor(QPalette.ColorRole.Highlight, QColor(brand.SWEET_COLOUR))
        self.setPalette(palette)
        self.setAutoFillBackground(True)

        icon = QLabel()
        ratio = self.devicePixelRatioF()
        icon.setPixmap(brand.icon_pixmap(72, ratio) if ratio > 0 else QPixmap())
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        name = QLabel(brand.APP_NAME)
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.9)
        title_font.setBold(True)
        name.setFont(title_font)
        name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        tagline = QLabel(brand.TAGLINE)
        tagline.setWordWrap(True)
        tagline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = QLabel("Starting…")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setAccessibleName("Start-up step")
        self.progress = QProgressBar()
        self.progress.setRange(0, STEPS)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        self.progress.setAccessibleName("Start-up progress")
        track = self.progress.palette()
        track.setColor(QPalette.ColorRole.Base, QColor("#34445C"))  # the groove, on the dark
        self.progress.setPalette(track)
        version = QLabel(f"Version {__version__}")
        version.setAlignment(Qt.AlignmentFlag.AlignCenter)
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.85)
        version.setFont(small)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 18)
        layout.setSpacing(6)
        layout.addWidget(icon)
        layout.addWidget(name)
        layout.addWidget(tagline)
        layout.addStretch(1)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(version)
        self.painted = False

    def show_centred(self) -> None:
        """Show in the middle of the screen and paint now (the event loop is not running yet)."""
        screen = QApplication.primaryScreen()
        if screen is not None:
            centre = screen.availableGeometry().center()
            self.move(centre.x() - self.width() // 2, centre.y() - self.height() // 2)
        self.show()
        self.raise_()
        self._paint_now()

    def step(self, text: str, fraction: float) -> None:
        """Say what the app is doing now, with how far start-up has come (0–1)."""
        self.status.setText(text)
        self.progress.setValue(round(max(0.0, min(1.0, fraction)) * STEPS))
        log.info("Start-up: %s (%.0f ms)", text, (time.perf_counter() - self._started) * 1000)
        self._paint_now()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.painted = True

    def _paint_now(self) -> None:
        # Imports block the event loop: paint synchronously so each step is on screen.
        self.repaint()
        QApplication.processEvents()
