"""The app's name, its colours and every icon it draws.

The app icon is drawn with QPainter (two overlapping circles, the overlap highlighted) so the
running app never depends on a resource file being found; `resources/make_icons.py` writes the
same drawing to PNG/ICO files for packaging. Toolbar and severity icons are drawn the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QIcon,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)

APP_NAME = "SweetSpot"
TAGLINE = "Find where customer needs and business objectives overlap — and do those first."

# The icon's colours are the matrix's quadrant colours: customer (blue), business (amber),
# and the sweet spot where they overlap (green).
CUSTOMER_COLOUR = "#0072B2"
BUSINESS_COLOUR = "#E69F00"
SWEET_COLOUR = "#009E73"
ICON_BACKGROUND = "#1B2433"


# -- icon ----------------------------------------------------------------------------------------
def draw_icon(size: int, *, background: bool = True) -> QImage:
    """The SweetSpot mark at `size` × `size` pixels: two circles and their highlighted overlap."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    if background:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(ICON_BACKGROUND))
        p.drawRoundedRect(QRectF(0, 0, s, s), s * 0.22, s * 0.22)
    r = s * 0.27
    cy = s * 0.5
    left = QPainterPath()
    left.addEllipse(QPointF(s * 0.37, cy), r, r)
    right = QPainterPath()
    right.addEllipse(QPointF(s * 0.63, cy), r, r)
    overlap = left.intersected(right)
    pen_width = max(1.0, s * 0.03)
    for path, colour in ((left, CUSTOMER_COLOUR), (right, BUSINESS_COLOUR)):
        fill = QColor(colour)
        fill.setAlphaF(0.85)
        p.setBrush(fill)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawPath(path)
    p.setBrush(QColor(SWEET_COLOUR))
    p.drawPath(overlap)
    # A thin light rim makes the two circles read as separate shapes at 16 px too.
    rim = QColor("#FFFFFF")
    rim.setAlphaF(0.9)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(rim, pen_width))
    p.drawPath(left)
    p.drawPath(right)
    p.end()
    return image


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


@cache
def app_icon() -> QIcon:
    """The app icon at every size the platform may ask for (sharp on high-DPI screens)."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addPixmap(QPixmap.fromImage(draw_icon(size)))
    return icon


def icon_pixmap(size: int, device_pixel_ratio: float = 1.0) -> QPixmap:
    """A crisp pixmap of the icon for labels (drawn at the screen's pixel density)."""
    px = max(1, round(size * device_pixel_ratio))
    pixmap = QPixmap.fromImage(draw_icon(px))
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    return pixmap


# Toolbar glyphs on a 24 × 24 grid, in a small path language: M move, L line (repeats),
# C cubic (repeats), Z close, R rounded rectangle (x y w h radius), B box, O oval (cx cy rx ry).
# Each glyph: (outline, filled part).
GLYPHS: dict[str, tuple[str, str]] = {
    "open": ("M 3 7 L 3 19 21 19 21 9 11 9 9 6 3 6 Z", ""),
    "import": ("M 4 14 L 4 20 20 20 20 14 M 12 3 L 12 15 M 7.5 10.5 L 12 15 16.5 10.5", ""),
    "export": ("M 4 14 L 4 20 20 20 20 14 M 12 3 L 12 15 M 7.5 7.5 L 12 3 16.5 7.5", ""),
    "save": ("R 4 4 16 16 2 M 8 4 L 8 9 15 9 15 4", "B 8 13 8 4"),
    "undo": ("M 9 6 L 5 10 9 14 M 5 10 L 14 10 C 21 10 21 19 14 19 L 10 19", ""),
    "present": ("R 3 4 18 12 1.5 M 12 16 L 12 20 M 8 20 L 16 20", "M 10 7.5 L 15 10 10 12.5 Z"),
    "image": ("R 3 5 18 14 1.5 M 5 17 L 10 11 13 14 15 12 19 17", "O 15.5 8.5 1.5 1.5"),
    "delete": ("M 4 7 L 20 7 M 9 7 L 9 4 15 4 15 7 M 6 7 L 7 20 17 20 18 7", ""),
    "new": ("M 6 3 L 14 3 19 8 19 21 6 21 Z M 14 3 L 14 8 19 8", ""),
    "help": (
        "O 12 12 9 9 M 9.5 9.5 C 9.5 6.5 14.5 6.5 14.5 9.5 14.5 11.5 12 11.5 12 14",
        "O 12 17 1.1 1.1",
    ),
}
GLYPHS["redo"] = GLYPHS["undo"]  # drawn mirrored
_ARITY = {"M": 2, "L": 2, "C": 6, "R": 5, "B": 4, "O": 4, "Z": 0}


def glyph_path(spec: str) -> QPainterPath:
    """A QPainterPath from the small path language of GLYPHS."""
    path = QPainterPath()
    tokens = spec.split()
    i, op = 0, ""
    while i < len(tokens):
        if tokens[i] in _ARITY:
            op, i = tokens[i], i + 1
        n = _ARITY[op]
        v = [float(x) for x in tokens[i : i + n]]
        i += n
        if op == "M":
            path.moveTo(v[0], v[1])
        elif op == "L":
            path.lineTo(v[0], v[1])
        elif op == "C":
            path.cubicTo(v[0], v[1], v[2], v[3], v[4], v[5])
        elif op == "R":
            path.addRoundedRect(QRectF(v[0], v[1], v[2], v[3]), v[4], v[4])
        elif op == "B":
            path.addRect(QRectF(v[0], v[1], v[2], v[3]))
        elif op == "O":
            path.addEllipse(QPointF(v[0], v[1]), v[2], v[3])
        else:
            path.closeSubpath()
    return path


def _painted_icon(sizes: tuple[int, ...], paint: Callable[[QPainter, int], None]) -> QIcon:
    """An icon with one crisp pixmap per size, each painted by `paint(painter, size)`."""
    icon = QIcon()
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint(p, size)
        p.end()
        icon.addPixmap(QPixmap.fromImage(image))
    return icon


def toolbar_icon(name: str, colour: QColor | str) -> QIcon:
    """A crisp line icon for the toolbar and menus, in the palette's text colour."""
    outline, filled = GLYPHS[name]
    line, solid = glyph_path(outline), glyph_path(filled)

    def paint(p: QPainter, size: int) -> None:
        p.scale(size / 24.0, size / 24.0)
        if name == "redo":
            # Redo is undo seen in a mirror.
            p.translate(24, 0)
            p.scale(-1, 1)
        pen = QPen(QColor(colour), 1.8)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(line)
        p.fillPath(solid, QColor(colour))

    return _painted_icon((16, 24, 32, 48), paint)


SEVERITY_COLOURS = {"error": "#D1242F", "warning": "#BF8700", "info": "#0969DA"}
SEVERITY_LABELS = {"error": "Error", "warning": "Warning", "info": "Note"}


@cache
def severity_icon(severity: str) -> QIcon:
    """A round badge per problem severity: ✕ error, ! warning, i note."""

    def paint(p: QPainter, size: int) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QBrush(QColor(SEVERITY_COLOURS.get(severity, "#656D76"))))
        p.drawEllipse(QRectF(0.5, 0.5, size - 1.0, size - 1.0))
        p.setPen(QColor("#FFFFFF"))
        font = QFont()
        font.setBold(True)
        font.setPixelSize(max(8, int(size * 0.7)))
        p.setFont(font)
        glyph = {"error": "✕", "warning": "!", "info": "i"}.get(severity, "?")
        p.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, glyph)

    return _painted_icon((16, 32, 48), paint)
