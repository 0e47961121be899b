"""Write SweetSpot's app icon files: PNGs at several sizes, an SVG, a Windows .ico, a macOS .icns.

The running app draws its icon itself (`sweetspot.ui.brand.draw_icon`), so it never depends on
these files being found; they are for packaging (PyInstaller `icon=`, a Linux .desktop entry,
the README). Run from the repository root:

    QT_QPA_PLATFORM=offscreen .venv/bin/python resources/make_icons.py
"""

from __future__ import annotations

import io
import os
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage  # noqa: E402

from sweetspot.ui.brand import (  # noqa: E402
    BUSINESS_COLOUR,
    CUSTOMER_COLOUR,
    ICON_BACKGROUND,
    ICON_SIZES,
    SWEET_COLOUR,
    draw_icon,
)

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # stubs say bytes
    buffer.close()
    return bytes(data.data())


def write_ico(path: Path, sizes: tuple[int, ...] = ICO_SIZES) -> Path:
    """A .ico with one PNG-compressed image per size (supported since Windows Vista)."""
    images = [png_bytes(draw_icon(s)) for s in sizes]
    out = io.BytesIO()
    out.write(struct.pack("<HHH", 0, 1, len(images)))
    offset = 6 + 16 * len(images)
    for size, data in zip(sizes, images, strict=True):
        dim = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        out.write(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset))
        offset += len(data)
    for data in images:
        out.write(data)
    path.write_bytes(out.getvalue())
    return path


# ICNS element types holding PNG data, and the pixel size of each (the @2x ones are Retina).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
    (b"ic10", 1024),
)


def write_icns(path: Path) -> Path:
    """A macOS .icns: the magic `icns`, the total length, then (type, length, PNG) elements.

    All integers are big-endian and each element's length includes its 8-byte header.
    """
    cache: dict[int, bytes] = {}
    body = io.BytesIO()
    for kind, size in ICNS_TYPES:
        if size not in cache:
            cache[size] = png_bytes(draw_icon(size))
        data = cache[size]
        body.write(kind + struct.pack(">I", len(data) + 8) + data)
    payload = body.getvalue()
    path.write_bytes(b"icns" + struct.pack(">I", len(payload) + 8) + payload)
    return path


def svg_text() -> str:
    """The same drawing as `draw_icon`, as a scalable SVG (viewBox 0–100)."""
    svg = 'xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 100 100"'
    return f"""<svg {svg}>
  <title>SweetSpot</title>
  <rect width="100" height="100" rx="22" ry="22" fill="{ICON_BACKGROUND}"/>
  <circle cx="37" cy="50" r="27" fill="{CUSTOMER_COLOUR}" fill-opacity="0.85"/>
  <circle cx="63" cy="50" r="27" fill="{BUSINESS_COLOUR}" fill-opacity="0.85"/>
  <path d="M 50 26.336 A 27 27 0 0 1 50 73.664 A 27 27 0 0 1 50 26.336 Z" fill="{SWEET_COLOUR}"/>
  <g fill="none" stroke="#FFFFFF" stroke-opacity="0.9" stroke-width="3">
    <circle cx="37" cy="50" r="27"/>
    <circle cx="63" cy="50" r="27"/>
  </g>
</svg>
"""


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication([])
    written = []
    for size in ICON_SIZES:
        path = HERE / f"sweetspot-{size}.png"
        if not draw_icon(size).save(str(path)):
            raise OSError(f"{path} could not be written")
        written.append(path)
    svg = HERE / "sweetspot.svg"
    svg.write_text(svg_text(), encoding="utf-8")
    written.append(svg)
    written.append(write_ico(HERE / "sweetspot.ico"))
    written.append(write_icns(HERE / "sweetspot.icns"))
    for path in written:
        print(f"wrote {path.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
