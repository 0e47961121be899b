"""An empty input workbook a consultant fills in before (or during) the workshop.

The headers are exactly the canonical ones the import recognises, drop-downs and number checks
catch typos at entry, and the first sheet explains what goes where.
"""

from __future__ import annotations

import math
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from sweetspot.core.atomic import atomic_write

HEADER_FILL = "1F3A5F"
# Fonts name their face: a bare bold font falls back to a serif in LibreOffice.
FONT_NAME = "Calibri"
# Validation covers this many data rows; the import itself accepts any number of rows.
TEMPLATE_ROWS = 2000

# Sheet → (header, width, note on the header). Headers are the import's canonical labels.
TEMPLATE_SHEETS: dict[str, list[tuple[str, float, str]]] = {
    "Insights": [
        ("ID", 8, "Required. A short unique code, e.g. I01. Links refer to it."),
        ("Need", 50, "Required. The customer need in the customer's words."),
        ("Importance", 12, "Required. How much the need matters to customers, 1 (little) to 5."),
        ("Satisfaction", 12, "How well it is met today, 1 (badly) to 5 (fully). Blank = unknown."),
        ("Reach", 10, "Optional. How many customers feel it (mentions, customers, share)."),
        ("Segment", 16, "Optional. Customer segment; lets you score through a segment lens."),
        ("Journey stage", 16, "Optional. Journey stage; lets you score through a stage lens."),
        ("Sentiment", 12, "Optional. e.g. negative, neutral, positive."),
        ("Emotion", 12, "Optional. e.g. frustrated, anxious, delighted."),
        ("Evidence", 36, "Optional. Quote, source or research reference."),
        ("Tags", 18, "Optional. Comma-separated tags."),
    ],
    "Objectives": [
        ("ID", 8, "Required. A short unique code, e.g. O01."),
        ("Objective", 44, "Required. The business objective."),
        ("Weight", 10, "Required. Relative importance, any number ≥ 0 (e.g. 1–5 or points)."),
        ("KPI", 24, "Optional. How progress is measured."),
        ("Owner", 18, "Optional. Who owns the objective."),
    ],
    "Initiatives": [
        ("ID", 8, "Required. A short unique code, e.g. A01."),
        ("Initiative", 44, "Required. What the organisation could do."),
        ("Effort", 10, "Optional. Any positive number (days, points, 1–5); used for value."),
        ("Confidence", 12, "Optional. 0–1 or a percentage (80%). Blank counts as 100%."),
        ("Owner", 18, "Optional."),
        ("Theme", 18, "Optional."),
        ("Description", 44, "Optional."),
        ("Status", 14, "Optional. e.g. idea, planned, in progress."),
    ],
    "Links": [
        ("Initiative", 14, "Required. An initiative ID from the Initiatives sheet."),
        ("Target", 14, "Required. An insight ID or objective ID the initiative addresses."),
        ("Strength", 12, "Required. none, weak, medium, strong (or 0, 1, 3, 9)."),
    ],
}

INSTRUCTIONS: list[tuple[str, str]] = [
    ("SweetSpot input workbook", ""),
    (
        "How to use it",
        "Fill in the four sheets below, one row per item, keeping the header names. Extra "
        "columns you add are kept and exported. Then open this file in SweetSpot.",
    ),
    ("Insights", "Customer needs from research: ID, Need and Importance are required."),
    ("Objectives", "Business objectives: ID, Objective and Weight are required."),
    ("Initiatives", "Ideas to prioritise: ID and Initiative are required."),
    (
        "Links",
        "Which initiative addresses which insight or objective, and how strongly: one row "
        "per link with Initiative, Target and Strength.",
    ),
    (
        "Link strength",
        "none = 0, weak = 1, medium = 3, strong = 9 (the QFD ladder: a strong link counts "
        "nine times a weak one). Type the word or the number.",
    ),
    (
        "Scale",
        "Importance and Satisfaction use a 1–5 scale: 1 = not at all important / very "
        "dissatisfied, 5 = extremely important / very satisfied.",
    ),
    (
        "How it is scored",
        "Needs that matter most and are met worst weigh most. Customer impact is the share of "
        "that weight an initiative addresses; business impact the share of objective weight "
        "it serves. The sweet-spot score is high only when both are.",
    ),
]


def write_template(path: str | Path) -> Path:
    """Write the empty input workbook to `path` (atomically) and return the path."""
    return atomic_write(path, lambda temp: _build().save(temp))


def _build() -> Workbook:
    wb = Workbook()
    info = wb.active
    assert info is not None
    info.title = "Instructions"
    _instructions(info)
    for name, columns in TEMPLATE_SHEETS.items():
        ws = wb.create_sheet(name)
        _headers(ws, columns)
    _validations(wb)
    return wb


INSTRUCTION_WIDTH = 90  # column B, in characters
LINE_HEIGHT = 15.0  # points per line of 11-point text


def _instructions(ws: Worksheet) -> None:
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = INSTRUCTION_WIDTH
    title, _ = INSTRUCTIONS[0]
    # The title is not wrapped, so it runs on across the empty B1.
    ws.cell(row=1, column=1, value=title).font = Font(name=FONT_NAME, bold=True, size=14)
    ws.row_dimensions[1].height = 24
    for r, (label, text) in enumerate(INSTRUCTIONS[1:], start=2):
        a = ws.cell(row=r, column=1, value=label)
        b = ws.cell(row=r, column=2, value=text)
        a.font = Font(name=FONT_NAME, size=11, bold=True)
        a.alignment = b.alignment = Alignment(wrap_text=True, vertical="top")
        # Spreadsheet programs do not grow rows for wrapped text on opening: set the height.
        lines = math.ceil(len(text) / (INSTRUCTION_WIDTH * 1.1))
        ws.row_dimensions[r].height = LINE_HEIGHT * max(lines, 1) + 4
    ws.sheet_view.showGridLines = False
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _headers(ws: Worksheet, columns: list[tuple[str, float, str]]) -> None:
    font = Font(name=FONT_NAME, size=11, bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for j, (header, width, note) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j, value=header)
        cell.font = font
        cell.fill = fill
        cell.alignment = Alignment(vertical="center")
        cell.comment = Comment(note, "SweetSpot", width=240, height=80)
        ws.column_dimensions[cell.column_letter].width = width
    ws.row_dimensions[1].height = 22
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


# Entry checks: sheet, the columns checked (from row 2 down), and the rule.
VALIDATIONS: tuple[tuple[str, str, dict[str, str]], ...] = (
    (
        "Links",
        "C:C",
        {
            "type": "list",
            "formula1": '"none,weak,medium,strong,0,1,3,9"',
            "errorTitle": "Link strength",
            "error": "Use none, weak, medium, strong (or 0, 1, 3, 9).",
        },
    ),
    (
        "Insights",
        "C:D",
        {
            "type": "whole",
            "operator": "between",
            "formula1": "1",
            "formula2": "5",
            "errorTitle": "1–5 scale",
            "error": "Importance and satisfaction are whole numbers from 1 to 5.",
        },
    ),
    (
        "Objectives",
        "C:C",
        {
            "type": "decimal",
            "operator": "greaterThanOrEqual",
            "formula1": "0",
            "errorTitle": "Weight",
            "error": "Weight is a number of 0 or more.",
        },
    ),
)


def _validations(wb: Workbook) -> None:
    last = TEMPLATE_ROWS + 1
    for sheet, columns, rule in VALIDATIONS:
        first_col, last_col = columns.split(":")
        check = DataValidation(allow_blank=True, showErrorMessage=True, **rule)
        check.add(f"{first_col}2:{last_col}{last}")
        wb[sheet].add_data_validation(check)
