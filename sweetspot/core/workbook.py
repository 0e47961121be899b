"""The workbook writer: sheets described as plain data, written fast and formula-safe.

A `Sheet` is a list of `Column`s (header, values, how to show them). `write_workbook` has
openpyxl build the shell (headers, styles, widths, frozen panes, filters, data bars, print setup),
then streams the data rows straight into each sheet's XML. A 100,000-insight programme has
millions of cells and openpyxl spends most of its time building one cell object per value, so the
rows are written as text with the style numbers openpyxl assigned, which keeps the export as fast
as xlsxwriter.

Every piece of text goes through `safe_text` and is written as a string, never a formula; text
that a spreadsheet program could take for a formula also gets the quote-prefix style. The only
formulas are those of columns of kind "formula", which the What-if sheet builds from cell
addresses (sweetspot.core.whatif).

The sheet builders (sweetspot.core.export, sweetspot.core.whatif) import this module; it imports
neither, so they never need each other.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import DataBar, FormatObject, Rule
from openpyxl.styles import Alignment, Border, Color, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sweetspot.core.safe_text import FORMULA_STARTS, safe_text

HEADER_FILL = "1F3A5F"
DATA_BAR_COLOUR = "009E73"
# Fonts name their face and size: a bare bold font falls back to a serif in LibreOffice.
FONT_NAME = "Calibri"
FONT_SIZE = 11

# "formula" is written only by the What-if sheet (sweetspot.core.whatif): the value is a formula
# the app built itself (without the leading "="), never input text.
Kind = Literal["text", "number", "auto", "formula"]


# ---------------------------------------------------------------------------------------------
# Sheet description: plain data, turned into a workbook by `write_workbook`.


@dataclass
class Column:
    """One exported column: header, values (one per row) and how to show them."""

    header: str
    values: Sequence[Any]
    kind: Kind = "text"
    number_format: str = "General"
    wrap: bool = False
    width: float | None = None
    bold: bool = False
    # Text value → fill colour (hex), for the quadrant column.
    fills: dict[str, str] = field(default_factory=dict)
    # Comment shown on the header cell.
    note: str = ""
    # Fill colour (hex) of every data cell, e.g. the editable cells of the What-if sheet.
    fill: str | None = None
    hidden: bool = False


@dataclass
class Sheet:
    name: str
    columns: list[Column]
    freeze: str | None = "A2"
    auto_filter: bool = True
    data_bar_column: str | None = None
    landscape: bool = True
    header: bool = True
    hidden: bool = False

    @property
    def rows(self) -> int:
        return len(self.columns[0].values) if self.columns else 0


# ---------------------------------------------------------------------------------------------
# Writing: openpyxl shell, then the rows streamed into each sheet's XML.


_SHEET_DATA = re.compile(rb"<sheetData\s*/>|<sheetData>.*?</sheetData>", re.S)
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"\s*/>')
_CHUNK_ROWS = 2000
LINE_HEIGHT = 14.5  # points per wrapped line of 11-point text, as Excel fits them
MAX_ROW_LINES = 8  # very long text is cut off in view rather than making giant rows


@dataclass
class _ColumnStyles:
    plain: int
    quoted: int
    by_value: dict[str, int]
    # Empty cells: without the column's fill, so padding rows stay white.
    blank: int = -1


def write_workbook(path: Path, sheets: list[Sheet]) -> None:
    """Write the sheets, in order, as an .xlsx file at `path` (callers write to a temporary
    file and replace the target: see `atomic.atomic_write`)."""
    wb = Workbook()
    wb.remove(wb.active)
    styles: list[list[_ColumnStyles]] = []
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        _write_shell(ws, sheet)
        styles.append([_column_styles(ws, c, j == 0) for j, c in enumerate(sheet.columns)])
    shell = io.BytesIO()
    wb.save(shell)
    shell.seek(0)
    parts = {f"xl/worksheets/sheet{i + 1}.xml": i for i in range(len(sheets))}
    with (
        zipfile.ZipFile(shell) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        names = source.namelist()
        missing = set(parts) - set(names)
        if missing:  # openpyxl changed how it names sheet parts
            raise RuntimeError(f"Unexpected workbook layout: {sorted(missing)} not written")
        for name in names:
            data = source.read(name)
            if name not in parts:
                if b"\r" in data and name.endswith(".xml"):
                    # A CR in text (headers, notes) would be read back as LF: write it as a
                    # character reference so the cell shows the input text exactly.
                    data = data.replace(b"\r", b"&#13;")
                target.writestr(source.getinfo(name), data, compresslevel=6)
                continue
            i = parts[name]
            with target.open(name, "w", force_zip64=True) as out:
                _stream_sheet(out, data, sheets[i], styles[i])


def _write_shell(ws: Worksheet, sheet: Sheet) -> None:
    """Header, widths, panes, filter, data bars and print setup; rows come later."""
    ncols = len(sheet.columns)
    last_row = sheet.rows + (1 if sheet.header else 0)
    header_font = Font(name=FONT_NAME, size=FONT_SIZE, bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    header_align = Alignment(wrap_text=True, vertical="center")
    number_header_align = Alignment(wrap_text=True, vertical="center", horizontal="right")
    # Text headers line up with their indented cells (see _column_styles).
    text_header_align = Alignment(wrap_text=True, vertical="center", horizontal="left", indent=1)
    thin = Side(style="thin", color="D0D7E1")
    for j, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(j)
        if column.width is not None:
            ws.column_dimensions[letter].width = column.width
        if column.hidden:
            ws.column_dimensions[letter].hidden = True
        if not sheet.header:
            continue
        cell = ws.cell(row=1, column=j)
        _set_text(cell, safe_text(column.header))
        cell.font = header_font
        cell.fill = header_fill
        if column.kind == "number":
            cell.alignment = number_header_align
        else:
            cell.alignment = header_align if j == 1 else text_header_align
        cell.border = Border(bottom=thin)
        if column.note:
            from openpyxl.comments import Comment

            cell.comment = Comment(safe_text(column.note), "SweetSpot", width=260, height=90)
    if sheet.header:
        ws.row_dimensions[1].height = 32
    if sheet.freeze:
        ws.freeze_panes = sheet.freeze
    if ncols and sheet.header:
        ref = f"A1:{get_column_letter(ncols)}{max(last_row, 1)}"
        if sheet.auto_filter:
            ws.auto_filter.ref = ref
        ws.print_title_rows = "1:1"
    if sheet.data_bar_column and sheet.rows:
        j = 1 + [c.header for c in sheet.columns].index(sheet.data_bar_column)
        letter = get_column_letter(j)
        ws.conditional_formatting.add(
            f"{letter}2:{letter}{last_row}",
            Rule(
                type="dataBar",
                # minLength 0: a score of 0 shows no bar (the default draws 10% of one).
                dataBar=DataBar(
                    cfvo=[FormatObject(type="num", val=0), FormatObject(type="max")],
                    color=Color(DATA_BAR_COLOUR),
                    showValue=True,
                    minLength=0,
                    maxLength=100,
                ),
            ),
        )
    if sheet.hidden:
        ws.sheet_state = "hidden"
    ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "&A — page &P of &N"
    ws.oddFooter.center.size = 8


def _set_text(cell: Cell, text: str) -> None:
    """Text that stays text: never a formula, quote-prefixed when it looks like one."""
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def _column_styles(ws: Worksheet, column: Column, first: bool) -> _ColumnStyles:
    """The workbook style numbers of a column's cells, registered through openpyxl."""
    border = Border(bottom=Side(style="hair", color="D0D7E1"))

    def style(fill: str | None = None, quoted: bool = False, bare: bool = False) -> int:
        cell = Cell(ws)
        cell.number_format = column.number_format
        # A small indent keeps text clear of the right-aligned number in the column before;
        # spreadsheet programs apply an indent only to explicitly left-aligned cells.
        if column.kind != "number" and not first:
            cell.alignment = Alignment(
                wrap_text=column.wrap, vertical="top", horizontal="left", indent=1
            )
        else:
            cell.alignment = Alignment(wrap_text=column.wrap, vertical="top")
        cell.border = border
        if column.bold:
            cell.font = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
        if fill or (column.fill and not bare):
            cell.fill = PatternFill("solid", fgColor=fill or column.fill)
        if quoted:
            cell.quotePrefix = True
        return int(cell.style_id)

    return _ColumnStyles(
        plain=style(),
        quoted=style(quoted=True),
        by_value={value: style(fill) for value, fill in column.fills.items()},
        blank=style(bare=True) if column.fill else -1,
    )


def _stream_sheet(
    out: IO[bytes], shell_xml: bytes, sheet: Sheet, styles: list[_ColumnStyles]
) -> None:
    found = _SHEET_DATA.search(shell_xml)
    if found is None:
        raise RuntimeError(f"Sheet {sheet.name!r}: no sheetData in the workbook shell")
    head, tail = shell_xml[: found.start()], shell_xml[found.end() :]
    ncols = len(sheet.columns)
    nrows = sheet.rows + (1 if sheet.header else 0)
    if ncols and nrows:
        dimension = f'<dimension ref="A1:{get_column_letter(ncols)}{nrows}"/>'.encode()
        head = _DIMENSION.sub(dimension, head, count=1)
    out.write(head)
    old = shell_xml[found.start() : found.end()]
    header_row = b""
    if sheet.header:
        start = old.find(b"<row ")
        header_row = old[start : old.rfind(b"</row>") + len(b"</row>")] if start >= 0 else b""
        header_row = header_row.replace(b"\r", b"&#13;")  # read back as CR, not LF
    out.write(b"<sheetData>" + header_row)
    first = 2 if sheet.header else 1
    for chunk in _row_chunks(sheet, styles, first):
        out.write(chunk.encode("utf-8"))
    out.write(b"</sheetData>")
    out.write(tail)


def _row_chunks(sheet: Sheet, styles: list[_ColumnStyles], first: int) -> Iterator[str]:
    """The sheet's rows as XML, a few thousand at a time, built column by column."""
    letters = [get_column_letter(j + 1) for j in range(len(sheet.columns))]
    n = sheet.rows
    for start in range(0, n, _CHUNK_ROWS):
        stop = min(start + _CHUNK_ROWS, n)
        row_numbers = range(first + start, first + stop)
        cells = [
            _cells(column.values[start:stop], column.kind, letter, style, row_numbers)
            for column, letter, style in zip(sheet.columns, letters, styles, strict=True)
        ]
        lines = [1] * (stop - start)
        for column in sheet.columns:
            if column.wrap and column.width:
                lines = list(map(max, lines, _line_counts(column.values[start:stop], column.width)))
        # Spreadsheet programs do not grow rows for wrapped text on opening, so set the height.
        starts = [
            f'<row r="{r}" ht="{LINE_HEIGHT * n:g}" customHeight="1">'
            if n > 1
            else f'<row r="{r}">'
            for r, n in zip(row_numbers, lines, strict=True)
        ]
        yield "".join(
            f"{begin}{''.join(parts)}</row>"
            for begin, parts in zip(starts, zip(*cells, strict=True), strict=True)
        )


def _line_counts(values: Sequence[Any], width: float) -> list[int]:
    """How many lines each value takes when wrapped in a column this wide (an estimate)."""
    # Average text is narrower than the "0" that column widths are measured in.
    per_line = max(width * 1.15 - 1, 4.0)
    out = []
    for v in values:
        text = v if isinstance(v, str) else safe_text(v)
        if len(text) <= per_line and "\n" not in text:
            out.append(1)
            continue
        n = sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))
        out.append(min(n, MAX_ROW_LINES))
    return out


def _cells(
    values: Sequence[Any], kind: Kind, letter: str, style: _ColumnStyles, rows: range
) -> list[str]:
    if kind == "number":
        if style.blank >= 0:
            return [
                _number_cell(
                    v, letter, r, style.plain if finite_number(v) is not None else style.blank
                )
                for v, r in zip(values, rows, strict=True)
            ]
        return [_number_cell(v, letter, r, style.plain) for v, r in zip(values, rows, strict=True)]
    if kind == "formula":
        return [_formula_cell(v, letter, r, style.plain) for v, r in zip(values, rows, strict=True)]
    if kind == "text":
        return [
            _text_cell(safe_text(v), letter, r, style) for v, r in zip(values, rows, strict=True)
        ]
    return [
        _number_cell(v, letter, r, style.plain)
        if is_number(v)
        else _text_cell(_auto_text(v), letter, r, style)
        for v, r in zip(values, rows, strict=True)
    ]


def _number_cell(value: Any, letter: str, row: int, style: int) -> str:
    x = finite_number(value)
    if x is None:
        # Blank, but styled: the row's hairline rule runs on under empty cells.
        return f'<c r="{letter}{row}" s="{style}"/>'
    # Whole numbers as integers, so ranks and counts read back as 1, not 1.0.
    v = int(x) if x.is_integer() and abs(x) < 1e15 else x
    return f'<c r="{letter}{row}" s="{style}"><v>{v!r}</v></c>'


def _formula_cell(formula: Any, letter: str, row: int, style: int) -> str:
    """A formula the app built (What-if sheet only), without a cached value: spreadsheet
    programs compute it on opening. Anything that is not a str is written as a number/blank."""
    if not isinstance(formula, str):
        return _number_cell(formula, letter, row, style)
    if not formula:
        return f'<c r="{letter}{row}" s="{style}"/>'
    text = formula.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{letter}{row}" s="{style}"><f>{text}</f></c>'


def _text_cell(text: str, letter: str, row: int, style: _ColumnStyles) -> str:
    if not text:
        return f'<c r="{letter}{row}" s="{style.plain}"/>'
    s = style.by_value.get(text, style.plain) if style.by_value else style.plain
    if text.startswith(FORMULA_STARTS):
        s = style.quoted
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in text:  # XML readers turn a literal CR into LF: keep the text as it was
        text = text.replace("\r", "&#13;")
    return (
        f'<c r="{letter}{row}" s="{s}" t="inlineStr"><is>'
        f'<t xml:space="preserve">{text}</t></is></c>'
    )


def finite_number(value: Any) -> float | None:
    """The value as a finite float, or None (blank, text, bool, NaN, infinity)."""
    if value is None or isinstance(value, bool | np.bool_):
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def is_number(value: Any) -> bool:
    """A real number type (not a bool, not numeric text)."""
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    )


def _auto_text(value: Any) -> str:
    if value is pd.NaT or value is pd.NA:  # a blank date passes the datetime check below
        return ""
    if isinstance(value, bool | np.bool_):
        return "TRUE" if value else "FALSE"
    if isinstance(value, pd.Timestamp | dt.datetime):
        if value.hour == value.minute == value.second == 0:
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M")
    return safe_text(value)


__all__ = [
    "DATA_BAR_COLOUR",
    "FONT_NAME",
    "FONT_SIZE",
    "HEADER_FILL",
    "Column",
    "Kind",
    "Sheet",
    "finite_number",
    "is_number",
    "write_workbook",
]
