"""The empty input workbook: exact headers, help, and entry checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sweetspot.core.model import (
    FIELD_LABELS,
    INITIATIVE_FIELDS,
    INSIGHT_FIELDS,
    LINK_FIELDS,
    OBJECTIVE_FIELDS,
)
from sweetspot.core.template import write_template


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = write_template(tmp_path_factory.mktemp("t") / "template.xlsx")
    return openpyxl.load_workbook(path)


def test_sheets_come_after_the_instructions(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == ["Instructions", "Insights", "Objectives", "Initiatives", "Links"]


def test_headers_are_exactly_the_canonical_ones(book: openpyxl.Workbook) -> None:
    expected = {
        "Insights": [
            "ID",
            "Need",
            "Importance",
            "Satisfaction",
            "Reach",
            "Segment",
            "Journey stage",
            "Sentiment",
            "Emotion",
            "Evidence",
            "Tags",
        ],
        "Objectives": ["ID", "Objective", "Weight", "KPI", "Owner"],
        "Initiatives": [
            "ID",
            "Initiative",
            "Effort",
            "Confidence",
            "Owner",
            "Theme",
            "Description",
            "Status",
        ],
        "Links": ["Initiative", "Target", "Strength"],
    }
    fields = {
        "Insights": INSIGHT_FIELDS,
        "Objectives": OBJECTIVE_FIELDS,
        "Initiatives": INITIATIVE_FIELDS,
        "Links": LINK_FIELDS,
    }
    for name, headers in expected.items():
        ws = book[name]
        assert [c.value for c in ws[1]] == headers
        assert headers == [FIELD_LABELS[f] for f in fields[name]]
        assert ws.max_row == 1, f"{name} has no data rows"
        assert ws.freeze_panes == "A2"
        assert ws["A1"].font.bold
        assert ws["A1"].font.name == "Calibri"  # a bare bold font prints as a serif
        assert all(c.comment is not None and c.comment.text for c in ws[1])
        assert ws.column_dimensions["B"].width >= 14
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"


def test_instructions_explain_the_ladder_and_the_scale(book: openpyxl.Workbook) -> None:
    text = " ".join(str(c.value) for row in book["Instructions"].iter_rows() for c in row)
    assert "none = 0, weak = 1, medium = 3, strong = 9" in text
    assert "1–5" in text
    for sheet in ("Insights", "Objectives", "Initiatives", "Links"):
        assert sheet in text


def test_instructions_print_on_one_page_width(book: openpyxl.Workbook) -> None:
    ws = book["Instructions"]
    assert ws["A1"].value == "SweetSpot input workbook"
    assert ws["B1"].value is None  # the unwrapped title runs on across B1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    # Wrapped explanations get row heights: programs do not grow rows on opening.
    assert ws["B7"].alignment.wrap_text
    assert ws.row_dimensions[7].height >= 30


def validations(book: openpyxl.Workbook, sheet: str) -> dict[str, Any]:
    return {str(dv.sqref): dv for dv in book[sheet].data_validations.dataValidation}


def test_strength_is_a_drop_down(book: openpyxl.Workbook) -> None:
    dv = validations(book, "Links")["C2:C2001"]
    assert dv.type == "list"
    assert dv.formula1 == '"none,weak,medium,strong,0,1,3,9"'
    assert dv.showErrorMessage


def test_importance_and_satisfaction_are_whole_numbers_1_to_5(book: openpyxl.Workbook) -> None:
    dv = validations(book, "Insights")["C2:D2001"]
    assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("whole", "between", "1", "5")


def test_weight_is_a_number_of_at_least_0(book: openpyxl.Workbook) -> None:
    dv = validations(book, "Objectives")["C2:C2001"]
    assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0")


def test_template_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"old")
    assert write_template(target) == target
    assert openpyxl.load_workbook(target).sheetnames[0] == "Instructions"
