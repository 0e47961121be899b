"""The toolbar glyphs: every one parses, stays on its 24 × 24 grid and paints visible ink."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

from sweetspot.ui.brand import GLYPHS, glyph_path, toolbar_icon

pytestmark = pytest.mark.gui


def test_glyph_language_builds_the_documented_shapes(qapp: object) -> None:
    box = glyph_path("R 4 4 16 16 2").boundingRect()
    assert (box.x(), box.y(), box.width(), box.height()) == (4, 4, 16, 16)
    oval = glyph_path("O 12 12 9 9").boundingRect()
    assert (oval.x(), oval.width()) == (3, 18)
    # "L" repeats: one command, three segments.
    assert glyph_path("M 0 0 L 1 0 1 1 0 1").elementCount() == 4


@pytest.mark.parametrize("name", sorted(GLYPHS))
def test_every_glyph_paints_inside_its_grid(qapp: object, name: str) -> None:
    outline, filled = GLYPHS[name]
    for spec in (outline, filled):
        box = glyph_path(spec).boundingRect()
        assert box.left() >= 0 and box.top() >= 0 and box.right() <= 24 and box.bottom() <= 24
    image = toolbar_icon(name, "#000000").pixmap(QSize(24, 24)).toImage()
    ink = sum(image.pixelColor(x, y).alpha() > 0 for x in range(image.width()) for y in range(24))
    assert ink > 20
