"""The furniture of the workshop deck: the theme, text boxes, tables, tiles, notes, the layout
every slide shares (title, lead, footer), the `Deck` every slide builder reads and the number
formats. `deck_slides` (the backlog slides), `deck_analyses` (the analyses) and `deck_customer`
(the journey and the impact review) build their slides from these; `sweetspot.core.deck` puts
the deck together.

Sizes are for a 16:9 slide (13.333 × 7.5 in). Text is native PowerPoint text in the client
workbook's font (`workbook.FONT_NAME`); every box is sized for the widest font a viewer may put
in its place (LibreOffice falls back to DejaVu Sans), and text that could outgrow its box is
shortened before it is placed, so nothing spills over the slide's edge.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from sweetspot.core.model import STRENGTH_NAMES, Workshop
from sweetspot.core.safe_text import safe_text
from sweetspot.core.scoring import ScoreResult

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationType

SLIDE_W, SLIDE_H = 13.333, 7.5  # inches, 16:9
LEFT = RIGHT = 0.6
CONTENT_W = SLIDE_W - LEFT - RIGHT
TITLE_TOP = 0.38
CONTENT_TOP = 1.72  # below title and lead
FOOTER_TOP = 7.05
CONTENT_BOTTOM = 6.92  # above the footer


@dataclass(frozen=True)
class Theme:
    """The app's colours (hex without '#') and the client documents' font."""

    font: str
    navy: str
    ink: str
    muted: str
    rule: str
    stripe: str
    accent: str
    quadrants: dict[str, str] = field(default_factory=dict)  # strong colours, for text
    tints: dict[str, str] = field(default_factory=dict)  # light fills, dark text on them


def load_theme() -> Theme:
    """The theme from where the app keeps it: quadrant colours and text greys of the pictures
    (core.plot.common), header navy, font and quadrant tints of the client workbook."""
    from sweetspot.core.export import QUADRANT_FILLS
    from sweetspot.core.plot.common import QUADRANT_COLOURS, MatrixStyle
    from sweetspot.core.workbook import DATA_BAR_COLOUR, FONT_NAME, HEADER_FILL

    light = MatrixStyle.light()
    return Theme(
        font=FONT_NAME,
        navy=HEADER_FILL,
        ink=light.text.lstrip("#"),
        muted=light.muted.lstrip("#"),
        rule=light.faint.lstrip("#"),
        stripe="F4F6F9",
        accent=DATA_BAR_COLOUR,
        quadrants={q: c.lstrip("#") for q, c in QUADRANT_COLOURS.items()},
        tints=dict(QUADRANT_FILLS),
    )


def rows_of(df: pd.DataFrame) -> list[Any]:
    """A table's rows as named tuples (fields by column name)."""
    return list(df.itertuples(index=False))


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


# ---------------------------------------------------------------------------------------------
# Text


@dataclass(frozen=True)
class Run:
    """A piece of text with its own look (None: the paragraph's)."""

    text: str
    size: float | None = None
    bold: bool | None = None
    colour: str | None = None


Para = str | Run | Sequence[Run]


def shorten(text: object, limit: int) -> str:
    """One line of at most `limit` characters, cut at a word, with an ellipsis."""
    t = " ".join(safe_text(text).split())
    if len(t) <= limit:
        return t
    cut = t[: max(limit - 1, 1)]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-–·") + "…"


def fit_lines(text: object, chars: int, lines: int) -> str:
    """`text` wrapped at `chars` characters, at most `lines` lines (the last one cut with an
    ellipsis): what a box of that many lines holds."""
    t = " ".join(safe_text(text).split())
    wrapped = textwrap.wrap(t, chars) or [""]
    if len(wrapped) <= lines:
        return t
    kept = " ".join(wrapped[:lines])[:-1]
    if " " in kept[len(kept) // 2 :]:
        kept = kept[: kept.rfind(" ")]
    return kept.rstrip(" ,;:-–·") + "…"


def text_box(
    slide: Slide,
    theme: Theme,
    box: tuple[float, float, float, float],
    paragraphs: Sequence[Para],
    *,
    size: float = 14,
    colour: str | None = None,
    bold: bool = False,
    align: str = "left",
    anchor: str = "top",
    spacing: float = 0.0,
    line_spacing: float | None = None,
    name: str | None = None,
) -> TextFrame:
    """A text box at (left, top, width, height) inches; one paragraph per item."""
    left, top, width, height = box
    shape = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    if name:
        shape.name = name
    frame = shape.text_frame
    fill_frame(
        frame,
        theme,
        paragraphs,
        size=size,
        colour=colour or theme.ink,
        bold=bold,
        align=align,
        spacing=spacing,
        line_spacing=line_spacing,
    )
    frame.vertical_anchor = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE}.get(
        anchor, MSO_ANCHOR.BOTTOM
    )
    return frame


def fill_frame(
    frame: TextFrame,
    theme: Theme,
    paragraphs: Sequence[Para],
    *,
    size: float,
    colour: str,
    bold: bool = False,
    align: str = "left",
    spacing: float = 0.0,
    line_spacing: float | None = None,
    margins: float = 0.04,
) -> None:
    """Write paragraphs into a text frame (a text box's or a table cell's)."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Inches(margins)
    frame.margin_top = frame.margin_bottom = Inches(margins * 0.75)
    alignment = {"left": PP_ALIGN.LEFT, "right": PP_ALIGN.RIGHT, "center": PP_ALIGN.CENTER}[align]
    for i, item in enumerate(paragraphs or [""]):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = alignment
        if spacing and i:
            para.space_before = Pt(spacing)
        if line_spacing:
            para.line_spacing = line_spacing
        runs: Sequence[Run]
        if isinstance(item, str):
            runs = [Run(item)]
        elif isinstance(item, Run):
            runs = [item]
        else:
            runs = item
        for piece in runs:
            run = para.add_run()
            run.text = safe_text(piece.text)
            font = run.font
            font.name = theme.font
            font.size = Pt(piece.size if piece.size is not None else size)
            font.bold = piece.bold if piece.bold is not None else bold
            font.color.rgb = rgb(piece.colour or colour)


def rect(
    slide: Slide,
    box: tuple[float, float, float, float],
    fill: str,
    *,
    line: str | None = None,
    rounded: bool = False,
) -> Any:
    """A filled rectangle (bands, rules, tiles) without a shadow."""
    left, top, width, height = box
    kind = MSO_SHAPE.ROUNDED_RECTANGLE if rounded else MSO_SHAPE.RECTANGLE
    shape = slide.shapes.add_shape(kind, Inches(left), Inches(top), Inches(width), Inches(height))
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(fill)
    if line:
        shape.line.color.rgb = rgb(line)
        shape.line.width = Pt(0.75)
    else:
        shape.line.fill.background()
    shape.shadow.inherit = False
    if rounded:
        shape.adjustments[0] = 0.08
    shape.text_frame.text = ""
    return shape


# ---------------------------------------------------------------------------------------------
# Slide furniture


def content_slide(
    prs: Any, theme: Theme, title: str, lead: str = "", *, kicker: str = "", two_lines: bool = False
) -> Slide:
    """A slide with its title (a real title placeholder: PowerPoint's outline and screen
    readers see it), a green rule, an optional kicker above and lead line below.

    A title has one line at 26 pt; `two_lines` gives it two at 24 pt (an initiative's name),
    and the content then starts at `content_top(True)`."""
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
    heading = slide.shapes.title
    assert heading is not None
    if two_lines:
        top, height, size, text = 0.62, 0.92, 24.0, fit_lines(title, 62, 2)
    else:
        top = TITLE_TOP + (0.22 if kicker else 0.0)
        height, size, text = 0.62, 26.0, shorten(title, 56)
    heading.left, heading.top = Inches(LEFT), Inches(top)
    heading.width, heading.height = Inches(CONTENT_W), Inches(height)
    fill_frame(
        heading.text_frame, theme, [text], size=size, colour=theme.navy, bold=True, margins=0.0
    )
    heading.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    if kicker:
        kicker_top = TITLE_TOP - 0.08
        if two_lines and len(text) <= 58:  # one line: the kicker sits just above it
            kicker_top = top + height - 0.45 - 0.3
        text_box(
            slide,
            theme,
            (LEFT, kicker_top, CONTENT_W, 0.3),
            [shorten(kicker, 110).upper()],
            size=11,
            colour=theme.accent,
            bold=True,
        )
    rule_top = top + height + 0.08
    rect(slide, (LEFT, rule_top, 0.9, 0.05), theme.accent)
    if lead:
        text_box(
            slide,
            theme,
            (LEFT, rule_top + 0.1, CONTENT_W, 0.36),
            [shorten(lead, 140)],
            size=13,
            colour=theme.muted,
        )
    return slide


def content_top(two_lines: bool = False) -> float:
    """Where a slide's content starts, below its title and lead."""
    return 2.12 if two_lines else CONTENT_TOP


def footer(slide: Slide, theme: Theme, left: str, number: int, total: int) -> None:
    rect(slide, (LEFT, FOOTER_TOP, CONTENT_W, 0.012), theme.rule)
    text_box(
        slide,
        theme,
        (LEFT, FOOTER_TOP + 0.05, 9.0, 0.3),
        [shorten(left, 120)],
        size=9,
        colour=theme.muted,
    )
    text_box(
        slide,
        theme,
        (SLIDE_W - RIGHT - 3.0, FOOTER_TOP + 0.05, 3.0, 0.3),
        [f"{number} / {total}"],
        size=9,
        colour=theme.muted,
        align="right",
    )


def notes(slide: Slide, lines: Sequence[str]) -> None:
    """Speaker notes: the numbers behind the slide, one point a line."""
    frame = slide.notes_slide.notes_text_frame
    assert frame is not None
    frame.text = "\n".join(safe_text(line) for line in lines)


def tile(
    slide: Slide,
    theme: Theme,
    box: tuple[float, float, float, float],
    value: str,
    caption: str,
    *,
    colour: str | None = None,
    value_size: float = 28,
    caption_size: float = 12,
    name: str | None = None,
) -> None:
    """A key figure: a big number over its caption, in a light rounded box (`name` names the
    number's text box)."""
    left, top, width, height = box
    rect(slide, box, theme.stripe, line=theme.rule, rounded=True)
    text_box(
        slide,
        theme,
        (left + 0.15, top + 0.08, width - 0.3, height * 0.58),
        [value],
        size=value_size,
        colour=colour or theme.navy,
        bold=True,
        anchor="bottom",
        name=name,
    )
    text_box(
        slide,
        theme,
        (left + 0.15, top + height * 0.62, width - 0.3, height * 0.36),
        [caption],
        size=caption_size,
        colour=theme.muted,
    )


# ---------------------------------------------------------------------------------------------
# Tables


@dataclass(frozen=True)
class Col:
    header: str
    width: float  # inches
    align: str = "left"
    bold: bool = False
    size: float | None = None  # the table's size when None


def table(
    slide: Slide,
    theme: Theme,
    top: float,
    columns: Sequence[Col],
    rows: Sequence[Sequence[str]],
    *,
    size: float = 12,
    row_height: float = 0.42,
    header_height: float = 0.45,
    left: float = LEFT,
    quadrant_column: int | None = None,
    highlight: Sequence[bool] | None = None,
    name: str = "table",
) -> Any:
    """A native PowerPoint table: navy header, striped rows, quadrant cells tinted.

    Cells hold the text as given (`safe_text`); the caller fits it to the column. `highlight`
    marks rows to set in the accent colour (robust sweet spots)."""
    width = sum(c.width for c in columns)
    height = header_height + row_height * len(rows)
    shape = slide.shapes.add_table(
        len(rows) + 1,
        len(columns),
        Inches(left),
        Inches(top),
        Inches(width),
        Inches(height),
    )
    shape.name = name
    tbl = shape.table
    # No built-in style: the colours are set per cell (PowerPoint and LibreOffice agree then).
    element: Any = shape._element
    tbl_pr = element.graphic.graphicData.tbl.tblPr
    style = tbl_pr.find(qn("a:tableStyleId"))
    if style is not None:
        style.text = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"  # "No Style, No Grid"
    tbl.first_row = True
    tbl.horz_banding = False
    for j, col in enumerate(columns):
        tbl.columns[j].width = Inches(col.width)
    tbl.rows[0].height = Inches(header_height)
    for i in range(1, len(rows) + 1):
        tbl.rows[i].height = Inches(row_height)
    for j, col in enumerate(columns):
        cell = tbl.cell(0, j)
        _cell_fill(cell, theme.navy)
        fill_frame(
            cell.text_frame,
            theme,
            [col.header],
            size=size - 1,
            colour="FFFFFF",
            bold=True,
            align=col.align,
        )
        cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    for i, row in enumerate(rows, start=1):
        stripe = theme.stripe if i % 2 == 0 else "FFFFFF"
        marked = bool(highlight[i - 1]) if highlight is not None else False
        for j, (col, value) in enumerate(zip(columns, row, strict=True)):
            cell = tbl.cell(i, j)
            text = safe_text(value)
            colour = theme.accent if marked and col.bold else theme.ink
            fill = stripe
            bold = col.bold or marked
            if quadrant_column == j and text in theme.tints:
                fill = theme.tints[text]
                bold = True
            _cell_fill(cell, fill)
            fill_frame(
                cell.text_frame,
                theme,
                text.split("\n"),
                size=col.size or size,
                colour=colour,
                bold=bold,
                align=col.align,
            )
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            _cell_border(cell, theme.rule)
    return tbl


def _cell_fill(cell: Any, colour: str) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = rgb(colour)


def _cell_border(cell: Any, colour: str) -> None:
    """A thin rule under the cell, no other borders."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for edge in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
        old = tc_pr.find(qn(edge))
        if old is not None:
            tc_pr.remove(old)
    for edge, show in (("a:lnL", False), ("a:lnR", False), ("a:lnT", False), ("a:lnB", True)):
        line = tc_pr.makeelement(qn(edge), {"w": str(Emu(Pt(0.75))) if show else "0"})
        if show:
            solid = line.makeelement(qn("a:solidFill"), {})
            clr = solid.makeelement(qn("a:srgbClr"), {"val": colour.upper()})
            solid.append(clr)
            line.append(solid)
        else:
            line.append(line.makeelement(qn("a:noFill"), {}))
        # Borders go before the cell's fill in tcPr (schema order: lnL lnR lnT lnB … fill).
        tc_pr.insert(["a:lnL", "a:lnR", "a:lnT", "a:lnB"].index(edge), line)


# ---------------------------------------------------------------------------------------------
# The deck being built, and the numbers on it


@dataclass
class Deck:
    """What every slide builder reads."""

    prs: PresentationType
    theme: Theme
    workshop: Workshop
    result: ScoreResult
    title: str
    date: dt.date
    report: Any

    @property
    def stamp(self) -> str:
        return f"{self.date.day} {self.date.strftime('%B %Y')}"

    @property
    def ranked_by(self) -> str:
        return "value for effort" if self.result.settings.rank_by == "value" else "sweet-spot score"


def strength_name(value: Any) -> str:
    x = finite(value)
    return "none" if x is None else STRENGTH_NAMES.get(x, fmt(x, 0))


def finite(value: Any) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) or math.isinf(x) else x


def fmt(value: Any, digits: int = 1) -> str:
    x = finite(value)
    return "—" if x is None else f"{x:.{digits}f}"


def signed(value: Any, digits: int = 2) -> str:
    """A change with its sign: +0.69, −0.12 as -0.12, ±0.00 when it rounds to nothing, — when
    there is none (as the impact review's sentences write it)."""
    x = finite(value)
    if x is None:
        return "—"
    return f"±{0:.{digits}f}" if round(x, digits) == 0 else f"{x:+.{digits}f}"
