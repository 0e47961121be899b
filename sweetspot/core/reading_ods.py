"""A small streaming reader of .ods content, for the files calamine cannot be given: cells
spanning a huge area (a stray far cell after a long run of repeated empty rows or columns)."""

from __future__ import annotations

import contextlib
import zipfile
from pathlib import Path
from typing import Any

from sweetspot.core.reading_base import Check, no_check

_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODS_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
# Filled cells kept from an .ods read by our own reader; more is not a workshop.
MAX_ODS_CELLS = 5_000_000


def read_ods_cells(path: Path, check: Check = no_check) -> dict[str, dict[tuple[int, int], Any]]:
    """The filled cells of every sheet of an .ods, by 0-based (row, column), streamed from
    content.xml. Used only when calamine refuses the file because its cells span a huge area:
    repeated empty rows and cells cost nothing here, whatever their count."""
    from defusedxml.ElementTree import iterparse

    sheets: dict[str, dict[tuple[int, int], Any]] = {}
    cells: dict[tuple[int, int], Any] = {}
    in_row: list[tuple[int, Any]] = []  # filled cells of the current row: (column, value)
    row = col = 0
    kept = 0
    row_tag, table_tag = f"{_ODS_TABLE}table-row", f"{_ODS_TABLE}table"
    cell_tags = (f"{_ODS_TABLE}table-cell", f"{_ODS_TABLE}covered-table-cell")
    with zipfile.ZipFile(path) as zf, zf.open("content.xml") as f:
        for event, elem in iterparse(f, events=("start", "end")):
            tag = elem.tag
            if event == "start":
                if tag == table_tag:
                    cells = {}
                    sheets[elem.get(f"{_ODS_TABLE}name") or f"Sheet{len(sheets) + 1}"] = cells
                    row = 0
                elif tag == row_tag:
                    col = 0
                    in_row = []
                continue
            if tag in cell_tags:
                repeat = _repeat(elem, "number-columns-repeated")
                value = _ods_value(elem)
                if value is not None:
                    # A filled cell repeated across columns is that many filled cells.
                    in_row.extend((col + k, value) for k in range(min(repeat, MAX_ODS_CELLS)))
                col += repeat
                elem.clear()
            elif tag == row_tag:
                # A repeated row with values repeats them (usually repeated rows are empty).
                repeat = _repeat(elem, "number-rows-repeated") if in_row else 1
                kept += len(in_row) * repeat
                if kept > MAX_ODS_CELLS:
                    raise MemoryError("the sheet has too many filled cells")
                for k in range(repeat):
                    for c, value in in_row:
                        cells[(row + k, c)] = value
                row += _repeat(elem, "number-rows-repeated")
                elem.clear()
                if row % 10_000 == 0:
                    check()
    return sheets


def _repeat(elem: Any, attribute: str) -> int:
    try:
        return max(int(elem.get(f"{_ODS_TABLE}{attribute}", "1")), 1)
    except ValueError:
        return 1


def _ods_value(elem: Any) -> Any:
    """A cell's value: a float for numbers, percentages and currencies, else its text."""
    kind = elem.get(f"{_ODS_OFFICE}value-type")
    if kind in ("float", "percentage", "currency"):
        with contextlib.suppress(TypeError, ValueError):
            return float(elem.get(f"{_ODS_OFFICE}value"))
    if kind == "boolean":
        return elem.get(f"{_ODS_OFFICE}boolean-value") == "true"
    if kind == "date":
        return elem.get(f"{_ODS_OFFICE}date-value")
    # Direct paragraphs only: a comment on the cell holds paragraphs of its own.
    paragraphs = ["".join(p.itertext()) for p in elem.findall(f"{_ODS_TEXT}p")]
    text = "\n".join(paragraphs)
    return text if text.strip() else None
