"""Colours and fonts that follow the system: light or dark palette, and presentation mode.

The pictures are drawn by the Qt-free core (`sweetspot.core.plot`), which knows nothing of
palettes; this module reads the application's QPalette and picks the matching `MatrixStyle`, so
the matrix and the graph sit on the same background as the widgets around them.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

from sweetspot.core.plot import MatrixStyle

# Type in presentation mode is this much larger, so the back row of a room can read it.
PRESENTATION_SCALE = 1.5


def current_palette(palette: QPalette | None = None) -> QPalette:
    if palette is not None:
        return palette
    app = QGuiApplication.instance()
    return QGuiApplication.palette() if app is not None else QPalette()


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the window background is darker than its text (a dark theme)."""
    pal = current_palette(palette)
    window = pal.color(QPalette.ColorRole.Window)
    text = pal.color(QPalette.ColorRole.WindowText)
    return window.lightnessF() < text.lightnessF()


def background_colour(palette: QPalette | None = None) -> str:
    """The colour charts are drawn on: the palette's Base (the colour behind lists and tables)."""
    return current_palette(palette).color(QPalette.ColorRole.Base).name()


def matrix_style(*, presentation: bool = False, palette: QPalette | None = None) -> MatrixStyle:
    """The chart style for the current palette (and presentation mode)."""
    dark = is_dark(palette)
    if presentation:
        # Presentation keeps its own high-contrast background: projectors wash out greys.
        return MatrixStyle.presentation(dark=dark)
    base = MatrixStyle.dark() if dark else MatrixStyle.light()
    return base.with_background(background_colour(palette))


def muted_colour(palette: QPalette | None = None) -> QColor:
    """Secondary text (hints, notes): the text colour halfway towards the background."""
    pal = current_palette(palette)
    text = pal.color(QPalette.ColorRole.WindowText)
    window = pal.color(QPalette.ColorRole.Window)
    return QColor(
        (text.red() + window.red()) // 2,
        (text.green() + window.green()) // 2,
        (text.blue() + window.blue()) // 2,
    )


def presentation_font(font: QFont, on: bool = True, base_size: float | None = None) -> QFont:
    """A copy of `font`, enlarged for presentation mode (or back to `base_size` when off)."""
    out = QFont(font)
    size = base_size if base_size is not None else font.pointSizeF()
    if size > 0:
        out.setPointSizeF(size * PRESENTATION_SCALE if on else size)
    return out


def apply_presentation_font(widget: QWidget, on: bool) -> None:
    """Enlarge (or restore) a widget's font; remembers the original size on the widget."""
    base = widget.property("_sweetspot_base_font_size")
    if base is None:
        base = widget.font().pointSizeF()
        widget.setProperty("_sweetspot_base_font_size", base)
    widget.setFont(presentation_font(widget.font(), on, float(base)))
