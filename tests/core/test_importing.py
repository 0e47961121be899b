"""Importing the spreadsheets consultants really have: layouts, values, and every problem at its
cell."""

from __future__ import annotations

import codecs
import json
import math
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sweetspot.core.importing import (
    ImportCancelled,
    ImportMapping,
    inspect_inputs,
    load_workshop,
)
from sweetspot.core.model import (
    INITIATIVE_FIELDS,
    INSIGHT_FIELDS,
    LINK_FIELDS,
    OBJECTIVE_FIELDS,
    Scale,
    Workshop,
)
from sweetspot.core.scoring import score

Rows = list[list[Any]]


def write_book(path: Path, sheets: dict[str, Rows], hidden: tuple[str, ...] = ()) -> Path:
    wb = openpyxl.Workbook()
    for i, (name, rows) in enumerate(sheets.items()):
        ws = wb.active if i == 0 else wb.create_sheet(name)
        assert ws is not None
        ws.title = name
        for row in rows:
            ws.append(row)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def clean_sheets() -> dict[str, Rows]:
    return {
        "Insights": [
            ["ID", "Need", "Importance", "Satisfaction", "Reach", "Segment"],
            ["I1", "Queues in branch are too long", 5, 2, 40, "Retail"],
            ["I2", "App login keeps failing", 3, None, 10, "Young families"],
        ],
        "Objectives": [
            ["ID", "Objective", "Weight", "KPI"],
            ["O1", "Cut cost to serve", 2, "Cost per contact"],
            ["O2", "Grow digital sales", 1, None],
        ],
        "Initiatives": [
            ["ID", "Initiative", "Effort", "Confidence"],
            ["A", "Queue-free branch booking", 2, "80%"],
            ["B", "Biometric login", 3, 0.5],
            ["C", "Upsell banner", 1, None],
        ],
        "Links": [
            ["Initiative", "Target", "Strength"],
            ["A", "I1", "strong"],
            ["A", "O1", "medium"],
            ["B", "I2", 3],
            ["C", "O2", 9],
            ["A", "O2", "weak"],
        ],
    }


def load(tmp_path: Path, sheets: dict[str, Rows], **kwargs: object) -> Workshop:
    path = write_book(tmp_path / "workshop.xlsx", sheets)
    return load_workshop([path], **kwargs)  # type: ignore[arg-type]


def at(w: Workshop, severity: str | None = None) -> dict[str, str]:
    """Location → message of every problem (of one severity)."""
    return {p.location: p.message for p in w.problems if severity is None or p.severity == severity}


# -- the documented layout ---------------------------------------------------------------------


def test_clean_workbook(tmp_path: Path) -> None:
    w = load(tmp_path, clean_sheets())
    assert w.can_score, [str(p) for p in w.problems]
    assert [p.severity for p in w.problems] == ["info"]
    assert w.problems[0].message == (
        "Importance and satisfaction were read on a 1–5 scale (default: no importance or "
        "satisfaction is above 5)."
    )
    assert list(w.insights.columns[: len(INSIGHT_FIELDS)]) == INSIGHT_FIELDS
    assert list(w.objectives.columns[: len(OBJECTIVE_FIELDS)]) == OBJECTIVE_FIELDS
    assert list(w.initiatives.columns[: len(INITIATIVE_FIELDS)]) == INITIATIVE_FIELDS
    assert list(w.links.columns[: len(LINK_FIELDS)]) == LINK_FIELDS
    assert w.insights["importance"].tolist() == [5.0, 3.0]
    assert w.insights["satisfaction"].tolist()[0] == 2.0
    assert math.isnan(w.insights["satisfaction"].tolist()[1])
    assert w.insights["journey_stage"].tolist() == ["", ""]
    assert w.initiatives["confidence"].tolist()[:2] == [0.8, 0.5]
    assert w.links["strength"].tolist() == [9.0, 3.0, 3.0, 9.0, 1.0]
    assert w.insights["_sheet"].tolist() == ["Insights", "Insights"]
    assert w.insights["_row"].tolist() == [2, 3]
    assert w.links["_cell"].tolist() == ["C2", "C3", "C4", "C5", "C6"]
    assert w.scale == Scale(1.0, 5.0, "default: no importance or satisfaction is above 5")
    assert w.sources["insights"].sheet == "Insights"
    assert w.sources["insights"].columns == {
        "id": "A",
        "need": "B",
        "importance": "C",
        "satisfaction": "D",
        "reach": "E",
        "segment": "F",
    }
    assert w.files == [str(tmp_path / "workshop.xlsx")]
    assert w.custom_columns("insights") == []
    # The worked example of "How scores work", now from a file.
    table = score(w).table
    assert table["id"].iloc[0] == "A"


def test_template_headers_round_trip(tmp_path: Path) -> None:
    from sweetspot.core.template import write_template

    path = write_template(tmp_path / "template.xlsx")
    wb = openpyxl.load_workbook(path)
    for name, rows in clean_sheets().items():
        ws = wb[name]
        headers = [c.value for c in ws[1]]
        for row in rows[1:]:
            by_header = dict(zip(rows[0], row, strict=True))
            ws.append([by_header.get(h) for h in headers])
    wb.save(path)
    w = load_workshop([path])
    assert w.can_score, [str(p) for p in w.errors]
    assert "Instructions" in at(w, "info")
    assert len(w.links) == 5


def test_empty_template_says_what_is_missing(tmp_path: Path) -> None:
    from sweetspot.core.template import write_template

    w = load_workshop([write_template(tmp_path / "t.xlsx")])
    assert at(w, "error") == {
        "Insights": "The Insights table on Insights has no rows; add at least one insight.",
        "Objectives": "The Objectives table on Objectives has no rows; add at least one objective.",
        "Initiatives": "The Initiatives table on Initiatives has no rows; add at least one "
        "initiative.",
        "Links": "The Links table on Links has no rows; add at least one link.",
    }


# -- messy layouts -----------------------------------------------------------------------------


def messy_sheets() -> dict[str, Rows]:
    return {
        "Customer insights": [
            ["Voice of the customer — Q3 survey"],
            ["Prepared for the steering group"],
            [],
            [
                "Ref",
                "Customer need / pain point",
                "Importance (1-5)",
                "Current satisfaction",
                "# mentions",
                "Touchpoint",
                "Interviewer",
            ],
            [" I1 ", "Queues in branch are too long", "5", 2, 40, "Branch", "Ana"],
            [],
            ["I2", "App login keeps failing", 3, None, 10, "App", None],
            ["Source: survey of 1,200 customers in three regions"],
        ],
        "Business goals": [
            ["Goal ID", "Business goal", "Priority weight"],
            ["O1", "Cut cost to serve", 2],
            ["O2", "Grow digital sales", 1],
            ["Total", None, 3],
        ],
        "Ideas": [
            ["Idea ID", "Idea", "Effort (person-days)", "Certainty"],
            ["A", "Queue-free branch booking", 2, 80],
            ["B", "Biometric login", 3, 50],
            ["C", "Upsell banner", 1, None],
        ],
        "Matrix": [
            ["ID", "Initiative", "I1", "I2", "O1", "O2", "Total"],
            ["A", "Queue-free branch booking", "●", None, "M", "L", 13],
            ["B", "Biometric login", None, "medium", 0, None, 3],
            ["C", "Upsell banner", "", None, None, "H", 9],
        ],
    }


def test_tables_are_found_by_their_columns_under_titles_and_notes(tmp_path: Path) -> None:
    w = load(tmp_path, messy_sheets())
    assert w.can_score, [str(p) for p in w.errors]
    assert w.insights["id"].tolist() == ["I1", "I2"]  # trimmed
    assert w.insights["_row"].tolist() == [5, 7]  # blank row 6 ignored
    assert w.insights["importance"].tolist() == [5.0, 3.0]
    assert w.insights["reach"].tolist() == [40.0, 10.0]
    assert w.insights["journey_stage"].tolist() == ["Branch", "App"]
    assert w.initiatives["confidence"].tolist()[:2] == [0.8, 0.5]
    assert w.objectives["id"].tolist() == ["O1", "O2"]
    warnings = at(w, "warning")
    assert warnings == {
        "Customer insights!A8": "This row has no ID and no numbers, so it was read as a note "
        "and skipped: “Source: survey of 1,200 customers in three regions”.",
        "Business goals!A4": "This row looks like a total (“Total”), so it was skipped.",
    }
    # The same links as the documented layout; 0 in a matrix means no link.
    got = sorted(zip(w.links["initiative"], w.links["target"], w.links["strength"], strict=True))
    assert got == [
        ("A", "I1", 9.0),
        ("A", "O1", 3.0),
        ("A", "O2", 1.0),
        ("B", "I2", 3.0),
        ("C", "O2", 9.0),
    ]
    assert dict(zip(w.links["target"], w.links["_cell"], strict=True))["I2"] == "D3"
    infos = at(w, "info")
    assert infos["Matrix!G1"] == (
        "Column G (“Total”) of the relationship matrix was not read as links: it holds totals "
        "or weights, not links."
    )
    assert w.sources["links"].sheet == "Matrix"
    reference = score(load(tmp_path / "..", clean_sheets()) if False else w).table
    clean = score(load_workshop([write_book(tmp_path / "clean.xlsx", clean_sheets())])).table
    assert reference["id"].tolist() == clean["id"].tolist()
    assert (reference["score"] - clean["score"]).abs().max() < 1e-9


def test_custom_columns_are_kept_under_their_header(tmp_path: Path) -> None:
    w = load(tmp_path, messy_sheets())
    assert w.custom_columns("insights") == ["Interviewer"]
    assert w.insights["Interviewer"].tolist() == ["Ana", None]
    sheets = clean_sheets()
    sheets["Initiatives"][0] += ["Budget line", "", "Notes", "Notes"]
    sheets["Initiatives"][1] += ["007", "x", 1.5, "a"]
    w = load(tmp_path, sheets)
    assert w.custom_columns("initiatives") == ["Budget line", "Column F", "Notes", "Notes (2)"]
    assert w.initiatives["Budget line"].tolist() == ["007", None, None]
    assert w.initiatives["Notes"].tolist()[0] == 1.5
    assert at(w, "info")["Initiatives!F1"] == (
        "Column F has values but no header; it was kept as a custom column named “Column F”."
    )


def test_merged_two_row_header(tmp_path: Path) -> None:
    path = tmp_path / "merged.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Needs"
    ws.append(["ID", "Need", "Scores", None, "Segment"])
    ws.append([None, None, "Importance", "Satisfaction", None])
    ws.append(["I1", "Queues", 4, 2, "Retail"])
    ws.append(["I2", "Login", 3, 3, None])
    for rng in ("A1:A2", "B1:B2", "C1:D1", "E1:E2"):
        ws.merge_cells(rng)
    # A segment written once for two rows.
    ws.merge_cells("E3:E4")
    wb.save(path)
    w = load_workshop([path])
    assert w.insights["importance"].tolist() == [4.0, 3.0]
    assert w.insights["satisfaction"].tolist() == [2.0, 3.0]
    assert w.insights["segment"].tolist() == ["Retail", "Retail"]
    assert w.insights["_row"].tolist() == [3, 4]
    assert not [p for p in w.problems if p.sheet == "Needs" and p.severity != "info"]


def test_separate_customer_and_business_link_sheets_are_merged(tmp_path: Path) -> None:
    sheets = clean_sheets()
    del sheets["Links"]
    sheets["Customer links"] = [
        ["Initiative ID", "Insight ID", "Link strength"],
        ["A", "I1", 9],
        ["B", "I2", "M"],
    ]
    sheets["Business links"] = [
        ["Idea", "Goal ID", "Impact"],
        ["A", "O1", 3],
        ["C", "O2", "H"],
        ["A", "O2", "L"],
    ]
    w = load(tmp_path, sheets)
    assert w.can_score, [str(p) for p in w.errors]
    assert w.links["_sheet"].tolist() == ["Customer links"] * 2 + ["Business links"] * 3
    assert w.links["strength"].tolist() == [9.0, 3.0, 3.0, 9.0, 1.0]


def test_targets_in_two_columns_and_lists_in_one_cell(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Links"] = [
        ["Initiative", "Insight ID", "Objective ID", "Strength"],
        ["A", "I1", "O1", "strong"],  # both filled: two links of the same strength
        ["A", None, "O2", 1],
        ["B", "I2; I9", None, 3],  # a list, with one unknown ID
        ["C", "", "O2", 9],
        ["C", None, None, 3],  # row 6: no target at all
    ]
    w = load(tmp_path, sheets)
    got = list(zip(w.links["initiative"], w.links["target"], w.links["strength"], strict=True))
    assert got == [
        ("A", "I1", 9.0),
        ("A", "O1", 9.0),
        ("A", "O2", 1.0),
        ("B", "I2", 3.0),
        ("C", "O2", 9.0),
    ]
    assert w.links["_cell"].tolist() == ["D2", "D2", "D3", "D4", "D5"]
    assert at(w, "error") == {
        "Links!B4": "The target I9 is not an insight or objective ID.",
        "Links!B6": "Target is blank; every link needs a target ID.",
    }
    assert w.custom_columns("links") == []


def test_transposed_matrix_beside_the_insights_house_of_quality(tmp_path: Path) -> None:
    sheets = clean_sheets()
    del sheets["Links"]
    sheets["Insights"] = [
        ["ID", "Need", "Importance", "A", "B", "C"],
        ["I1", "Queues in branch are too long", 5, 9, None, None],
        ["I2", "App login keeps failing", 3, None, "✓", None],
    ]
    sheets["Objective links"] = [
        ["Objective", "A", "B", "C"],
        ["O1", 3, None, None],
        ["O2", 1, None, 9],
    ]
    w = load(tmp_path, sheets)
    assert w.can_score, [str(p) for p in w.errors]
    assert len(w.insights) == 2 and w.custom_columns("insights") == []
    got = sorted(zip(w.links["initiative"], w.links["target"], w.links["strength"], strict=True))
    assert got == [
        ("A", "I1", 9.0),
        ("A", "O1", 3.0),
        ("A", "O2", 1.0),
        ("B", "I2", 3.0),
        ("C", "O2", 9.0),
    ]


def test_matrix_cells_rows_and_columns(tmp_path: Path) -> None:
    sheets = clean_sheets()
    del sheets["Links"]
    sheets["QFD"] = [
        ["Relationship matrix"],
        ["Initiative", "I1", "I2", "O1", "O2", "I9", "Notes"],
        ["Importance", 5, 3, None, None, None, None],  # row 3: weights, not links
        ["A", "strong", "", "medium", "weak", None, "pilot first"],
        ["B", 0, "✓", "-", None, None, None],
        ["C", None, "maybe", None, 12, 3, None],  # row 6
        ["Z", 1, None, None, None, None, None],  # row 7: unknown initiative
        [None, 3, None, None, None, None, None],  # row 8: strengths without an ID
    ]
    w = load(tmp_path, sheets)
    got = list(zip(w.links["initiative"], w.links["target"], w.links["strength"], strict=True))
    assert got == [("A", "I1", 9.0), ("A", "O1", 3.0), ("A", "O2", 1.0), ("B", "I2", 3.0)]
    assert w.links["_cell"].tolist() == ["B4", "D4", "E4", "C5"]
    assert w.links["_row"].tolist() == [4, 4, 4, 5]
    assert at(w, "error") == {
        "QFD!F2": "The matrix column headed “I9” is not an insight or objective ID, so its 1 "
        "link could not be read.",
        "QFD!C6": "Strength “maybe” is not a strength SweetSpot knows; use none, weak, medium, "
        "strong (or 0, 1, 3, 9).",
        "QFD!E6": "Strength “12” is outside 0–9 (none 0, weak 1, medium 3, strong 9).",
        "QFD!A7": "“Z” is not an initiative ID, so the 1 link in this row could not be read.",
        "QFD!A8": "This matrix row has 1 link but no ID in column A.",
    }
    assert at(w, "warning")["QFD!A3"] == (
        "The matrix row “Importance” holds totals or weights, not links; it was skipped."
    )
    assert at(w, "info")["QFD!G2"] == (
        "Column G (“Notes”) of the relationship matrix was not read as links: it holds totals "
        "or weights, not links."
    )


def test_initiatives_table_with_link_columns_beside_it(tmp_path: Path) -> None:
    sheets = clean_sheets()
    del sheets["Links"]
    sheets["Initiatives"] = [
        ["ID", "Initiative", "Effort", "I1", "I2", "O1", "O2", "Pilot region"],
        ["A", "Queue-free branch booking", 2, 9, None, 3, 1, "pilot"],
        ["B", "Biometric login", 3, None, 3, None, None, None],
        ["C", "Upsell banner", 1, None, None, None, 9, None],
    ]
    w = load(tmp_path, sheets)
    assert w.can_score, [str(p) for p in w.errors]
    assert w.initiatives["effort"].tolist() == [2.0, 3.0, 1.0]
    assert w.custom_columns("initiatives") == ["Pilot region"]
    assert len(w.links) == 5
    assert w.sources["links"].sheet == "Initiatives"


def test_hidden_sheets(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Old links"] = [["Initiative", "Target", "Strength"], ["A", "I2", 9]]
    path = write_book(tmp_path / "h.xlsx", sheets, hidden=("Old links",))
    w = load_workshop([path])
    assert at(w, "info")["Old links"] == (
        "The hidden sheet Old links was skipped. Unhide it, or choose it in the import dialog, "
        "to use it."
    )
    assert len(w.links) == 5
    # A hidden sheet holding the only Links table is used, with a warning.
    path = write_book(tmp_path / "h2.xlsx", clean_sheets(), hidden=("Links",))
    w = load_workshop([path])
    assert len(w.links) == 5
    assert at(w, "warning") == {
        "Links": "The sheet Links is hidden; it was used because no visible sheet holds the "
        "Links table."
    }


# -- validation, each at its cell --------------------------------------------------------------


def test_every_kind_of_error_is_at_its_own_cell(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Insights"] += [
        ["I1", "Duplicate of the first", 4, 1, 5, ""],  # row 4
        ["I3", "", 4, 1, 5, ""],  # row 5: blank need
        ["I4", "Fees are unclear", "high", 1, 5, ""],  # row 6: not a number
        ["O1", "Shares an objective's ID", 4, 1, 5, ""],  # row 7
        ["I5", "Reach unknown", 4, 1, None, ""],  # row 8: blank reach (warning)
        [None, "No ID but numbers", 4, 1, 5, ""],  # row 9
    ]
    sheets["Objectives"] += [["O3", "Shrink churn", -2, ""]]  # row 4
    sheets["Initiatives"] += [
        ["D", "Chatbot", 0, None],  # row 5: effort 0
        ["E", "Kiosk", "M", None],  # row 6: effort not a number
        ["F", "Advisers", 2, "120%"],  # row 7: confidence above 100%
    ]
    sheets["Links"] += [
        ["A", "I9", 3],  # row 7: unknown target
        ["Z", "I1", 3],  # row 8: unknown initiative
        ["B", "I1", "very strong"],  # row 9: unknown word
        ["C", "I2", 12],  # row 10: strength out of range
        ["B", "I2", 9],  # row 11: duplicate pair (warning)
        ["C", "", 3],  # row 12: blank target
    ]
    w = load(tmp_path, sheets)
    assert not w.can_score
    assert at(w, "error") == {
        "Insights!A4": "The insight ID I1 is used twice; the first is at Insights!A2. Give each "
        "one its own ID.",
        "Insights!B5": "Need is blank; every insight needs one.",
        "Insights!C6": "Importance “high” is not a number.",
        "Objectives!A2": "The ID O1 is used for an objective and for an insight (Insights!A7); "
        "a link to it could mean either. Give one of them another ID.",
        "Insights!A7": "The ID O1 is used for an insight and for an objective (Objectives!A2); "
        "a link to it could mean either. Give one of them another ID.",
        "Insights!A9": "The ID is blank; every insight needs an ID (links refer to it).",
        "Objectives!C4": "Weight “-2” is negative; it must be 0 or more.",
        "Initiatives!C5": "Effort “0” must be more than 0.",
        "Initiatives!C6": "Effort “M” is not a number; give effort as a number (days, points or "
        "cost), not a size such as M or XL.",
        "Initiatives!D7": "Confidence “120%” is above 100%.",
        "Links!B7": "The target I9 is not an insight or objective ID.",
        "Links!A8": "The initiative Z is not in the initiatives table.",
        "Links!C9": "Strength “very strong” is not a strength SweetSpot knows; use none, weak, "
        "medium, strong (or 0, 1, 3, 9).",
        "Links!C10": "Strength “12” is outside 0–9 (none 0, weak 1, medium 3, strong 9).",
        "Links!B12": "Target is blank; every link needs a target ID.",
    }
    assert at(w, "warning") == {
        "Insights!E8": "Reach is blank; it is counted as the median reach.",
        "Links!C4": "The link from B to I2 is given more than once; the strongest (9, at "
        "Links!C11) counts.",
        "Links": "1 link on this sheet points to a row that has errors; it is left out until "
        "that row is fixed.",
    }
    # Only valid rows are kept; problems list the rest.
    assert w.insights["id"].tolist() == ["I1", "I2", "I5"]
    assert w.objectives["id"].tolist() == ["O2"]
    assert w.initiatives["id"].tolist() == ["A", "B", "C"]
    pairs = list(zip(w.links["initiative"], w.links["target"], w.links["strength"], strict=True))
    assert pairs == [("A", "I1", 9.0), ("C", "O2", 9.0), ("A", "O2", 1.0), ("B", "I2", 9.0)]


def test_links_to_an_id_of_the_wrong_kind(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Links"] += [["I1", "A", 3], ["A", "i1", 1]]
    w = load(tmp_path, sheets)
    errors = at(w, "error")
    assert errors["Links!A7"] == (
        "I1 is an insight or objective, not an initiative; a link goes from an initiative to "
        "the insight or objective it serves."
    )
    assert (
        errors["Links!B7"]
        == "A is an initiative; a link's target must be an insight or an objective ID."
    )
    assert errors["Links!B8"] == "The target i1 is not an insight or objective ID. Did you mean I1?"


def test_missing_table_and_missing_required_column(tmp_path: Path) -> None:
    sheets = clean_sheets()
    del sheets["Objectives"]
    sheets["Insights"] = [["ID", "Need", "Satisfaction"], ["I1", "Queues", 2]]
    w = load(tmp_path, sheets)
    errors = at(w, "error")
    assert errors["workshop.xlsx"] == (
        "No Objectives table was found. It needs a sheet (or CSV file) with the columns ID, "
        "Objective and Weight."
    )
    assert errors["Insights"] == (
        "The Insights table on Insights has no Importance column, so its rows cannot be used. "
        "Add the column, or choose which column holds importance in the import dialog."
    )
    assert w.insights.empty
    # Links to the unusable insight are left out without an "unknown ID" error of their own.
    assert "Links!B2" not in errors
    assert not w.can_score


def test_warnings_do_not_stop_scoring(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Insights"][2][4] = None  # blank reach
    sheets["Links"].append(["A", "I1", 3])  # repeated link, weaker
    w = load(tmp_path, sheets)
    assert w.can_score
    assert set(at(w, "warning")) == {"Insights!E3", "Links!C7"}
    assert at(w, "warning")["Links!C7"] == (
        "The link from A to I1 is given more than once; the strongest (9, at Links!C2) counts."
    )
    assert len(w.links) == 5


# -- values and scale --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "scale", "how"),
    [
        ([4, 8, 2], (0, 10), "detected: largest importance is 8"),
        ([40, 80, 20], (0, 100), "detected: largest importance is 80"),
        (["40%", "80%", "20%"], (0, 100), "detected: largest importance is 80"),
        ([0, 3, 5], (0, 5), "detected: smallest importance is 0"),
    ],
)
def test_scale_detection(
    tmp_path: Path, values: list[object], scale: tuple[float, float], how: str
) -> None:
    sheets = clean_sheets()
    sheets["Insights"] = [["ID", "Need", "Importance"]] + [
        [f"I{i}", f"Need {i}", v] for i, v in enumerate(values, start=1)
    ]
    sheets["Links"] = [["Initiative", "Target", "Strength"], ["A", "I1", 9], ["A", "O1", 9]]
    w = load(tmp_path, sheets)
    assert (w.scale.minimum, w.scale.maximum) == scale
    assert w.scale.how == how
    lo, hi = (f"{x:g}" for x in scale)
    assert at(w, "info")["Insights"] == (
        f"Importance and satisfaction were read on a {lo}–{hi} scale ({how})."
    )


def test_forced_scale_and_values_above_it(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Insights"][2][2] = 7
    w = load(tmp_path, sheets, scale=Scale(1, 5, "set in the workshop settings"))
    assert w.scale.how == "set in the workshop settings"
    assert at(w, "error") == {"Insights!C3": "Importance 7 is above the top of the 1–5 scale."}
    sheets["Insights"][2][2] = 170
    w = load(tmp_path, sheets)
    assert at(w, "error") == {"Insights!C3": "Importance 170 is above the top of the 0–100 scale."}


def test_percent_formatted_cells_and_text(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Initiatives"] = [
        ["ID", "Initiative", "Confidence"],
        ["A", "x", 0.8],
        ["B", "y", "80%"],
        ["C", "z", 80],
    ]
    path = write_book(tmp_path / "p.xlsx", sheets)
    wb = openpyxl.load_workbook(path)
    wb["Initiatives"]["C2"].number_format = "0%"
    wb.save(path)
    w = load_workshop([path])
    assert w.initiatives["confidence"].tolist() == pytest.approx([0.8, 0.8, 0.8])


# -- CSV -------------------------------------------------------------------------------------


def european_csvs(folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    files = {
        "insights.csv": "ID;Need;Importance;Satisfaction;Reach\n"
        "I1;Warteschlangen in der Filiale;4,5;2;40\nI2;Login schlägt fehl;3;;10\n",
        "objectives.csv": "ID;Objective;Weight\nO1;Kosten senken;2\nO2;Digital wachsen;1,5\n",
        "initiatives.csv": "ID;Initiative;Effort;Confidence\nA;Termin buchen;2;80%\n"
        "B;Biometrie für Kunden;3;0,5\nC;Banner;1;\n",
        "links.csv": "Initiative;Target;Strength\nA;I1;stark\nA;I1;9\nA;O1;3\nB;I2;3\nC;O2;9\n",
    }
    paths = []
    for name, text in files.items():
        p = folder / name
        data = text.encode("utf-8")
        if name == "insights.csv":
            data = codecs.BOM_UTF8 + data
        if name == "initiatives.csv":
            data = text.encode("cp1252")
        p.write_bytes(data)
        paths.append(p)
    return paths


def test_csv_files_semicolons_decimal_commas_bom_and_cp1252(tmp_path: Path) -> None:
    paths = european_csvs(tmp_path / "csv")
    w = load_workshop(paths)
    assert w.insights["importance"].tolist() == [4.5, 3.0]
    assert w.insights["need"].tolist()[1] == "Login schlägt fehl"
    assert w.initiatives["initiative"].tolist()[1] == "Biometrie für Kunden"
    assert w.objectives["weight"].tolist() == [2.0, 1.5]
    assert w.initiatives["confidence"].tolist()[:2] == [0.8, 0.5]
    assert w.insights["_sheet"].tolist() == ["insights.csv"] * 2
    # The CSV file name is the sheet in every location.
    assert at(w, "error") == {
        "links.csv!C2": "Strength “stark” is not a strength SweetSpot knows; use none, weak, "
        "medium, strong (or 0, 1, 3, 9)."
    }
    assert "initiatives.csv" in at(w, "info")
    assert w.files == [str(p) for p in paths]


def test_a_folder_of_csv_files(tmp_path: Path) -> None:
    european_csvs(tmp_path / "csv")
    (tmp_path / "csv" / "links.csv").write_text(
        "Initiative,Target,Strength\nA,I1,9\nA,O1,3\nB,I2,3\nC,O2,9\n", "utf-8"
    )
    w = load_workshop([tmp_path / "csv"])
    assert w.can_score, [str(p) for p in w.errors]
    assert len(w.links) == 4
    assert [Path(f).name for f in w.files] == [
        "initiatives.csv",
        "insights.csv",
        "links.csv",
        "objectives.csv",
    ]


# .ods files: sample_data/retail_bank.ods (saved by LibreOffice) must rank like the xlsx, in
# tests/test_cli.py::test_messy_layout_european_csv_and_libreoffice_ods_rank_identically.


# -- mapping, inspection, progress ---------------------------------------------------------------


def test_inspect_inputs_guesses_each_sheet(tmp_path: Path) -> None:
    path = write_book(tmp_path / "m.xlsx", messy_sheets())
    guesses = {g.sheet: g for g in inspect_inputs([path, tmp_path / "gone.csv"])}
    g = guesses["Customer insights"]
    assert (g.key, g.kind, g.header_row) == ("m.xlsx:Customer insights", "insights", 4)
    assert g.columns == {
        "Ref": "id",
        "Customer need / pain point": "need",
        "Importance (1-5)": "importance",
        "Current satisfaction": "satisfaction",
        "# mentions": "reach",
        "Touchpoint": "journey_stage",
    }
    assert g.unrecognised == ["Interviewer"]
    assert g.preview[1][:2] == ["I1", "Queues in branch are too long"]
    assert (guesses["Matrix"].kind, guesses["Matrix"].form) == ("links", "matrix")
    assert guesses["Ideas"].kind == "initiatives"
    gone = guesses[""]
    assert gone.kind is None and gone.problems[0].message == "gone.csv was not found."


def test_mapping_forces_kinds_columns_and_skips(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Objectives"] = [
        ["Code", "Was wir wollen", "Gewicht"],
        ["O1", "Kosten", 2],
        ["O2", "Wachstum", 1],
    ]
    sheets["Scratch"] = [["ID", "Need", "Importance"], ["I9", "draft", 1]]
    path = write_book(tmp_path / "m.xlsx", sheets)
    mapping = ImportMapping(
        tables={"m.xlsx:Objectives": "objectives", "m.xlsx:Scratch": "ignore"},
        columns={"m.xlsx:Objectives": {"Was wir wollen": "objective", "Gewicht": "weight"}},
    )
    again = ImportMapping.from_dict(json.loads(json.dumps(mapping.to_dict())))
    assert again == mapping
    w = load_workshop([path], mapping=again)
    assert w.can_score, [str(p) for p in w.errors]
    assert w.objectives["objective"].tolist() == ["Kosten", "Wachstum"]
    assert at(w, "info")["Scratch"] == "The sheet Scratch was skipped, as chosen."
    assert w.insights["id"].tolist() == ["I1", "I2"]


def test_mapping_sets_the_header_row_and_a_matrix(tmp_path: Path) -> None:
    sheets = clean_sheets()
    del sheets["Links"]
    # A legend row that looks like a header sits above the real one.
    sheets["Insights"] = [
        ["ID", "Need", "(legend)"],
        ["Workshop notes below"],
        ["ID", "Need", "Importance"],
        ["I1", "Queues", 5],
        ["I2", "Login", 3],
    ]
    sheets["Sheet5"] = [
        ["", "I1", "I2", "O1", "O2"],
        ["A", 9, None, 3, 1],
        ["B", None, 3, None, None],
        ["C", None, None, None, 9],
    ]
    path = write_book(tmp_path / "m.xlsx", sheets)
    w = load_workshop([path])
    assert not w.can_score
    mapping = ImportMapping(tables={"m.xlsx:Sheet5": "matrix"}, header_rows={"m.xlsx:Insights": 3})
    w = load_workshop([path], mapping=mapping)
    assert w.can_score, [str(p) for p in w.errors]
    assert w.insights["_row"].tolist() == [4, 5]
    assert len(w.links) == 5


def test_inspect_csv_files(tmp_path: Path) -> None:
    paths = european_csvs(tmp_path / "csv")
    guesses = inspect_inputs([tmp_path / "csv"])
    assert [(g.key, g.kind, g.header_row) for g in guesses] == [
        ("initiatives.csv", "initiatives", 1),
        ("insights.csv", "insights", 1),
        ("links.csv", "links", 1),
        ("objectives.csv", "objectives", 1),
    ]
    assert guesses[2].form == "long"
    assert guesses[1].preview[1] == ["I1", "Warteschlangen in der Filiale", "4,5", "2", "40"]
    assert [g.file for g in guesses] == [str(p) for p in sorted(paths)]


def test_an_internal_problem_costs_one_sheet_not_the_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sweetspot.core import importing

    real = importing._build_table

    def flaky(plan: importing._Plan, layout: importing.Layout, run: importing._Run) -> object:
        if plan.raw.ref.name == "Objectives":
            raise ValueError("boom")
        return real(plan, layout, run)

    monkeypatch.setattr(importing, "_build_table", flaky)
    w = load(tmp_path, clean_sheets())
    assert at(w, "error")["Objectives"] == (
        "SweetSpot could not import the sheet Objectives because of an internal problem "
        "(ValueError: boom). Please report it with the file."
    )
    assert len(w.insights) == 2 and len(w.initiatives) == 3


def test_mapping_from_junk_is_empty_not_an_error() -> None:
    m = ImportMapping.from_dict({"tables": {"a": "nonsense", "b": "links"}, "columns": 3})
    assert m == ImportMapping(tables={"b": "links"})
    assert ImportMapping.from_dict(None) == ImportMapping()


def test_progress_and_cancel(tmp_path: Path) -> None:
    path = write_book(tmp_path / "p.xlsx", clean_sheets())
    seen: list[tuple[float, str]] = []
    load_workshop([path], progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any("Reading Links" in m for _, m in seen)
    calls = 0

    def cancel_after_three() -> bool:
        nonlocal calls
        calls += 1
        return calls > 3

    with pytest.raises(ImportCancelled):
        load_workshop([path], cancelled=cancel_after_three)


# -- properties ---------------------------------------------------------------------------------

BAD_NUMBERS = st.one_of(
    st.sampled_from(["high", "n/a", "?", "4-5", "5 stars", "TBD", "inf", "-", "1..2", "#DIV/0!"]),
    st.text(alphabet="abcxyz!?/", min_size=1, max_size=8),
)


@given(
    row=st.integers(min_value=0, max_value=5),
    field=st.sampled_from(["Importance", "Satisfaction", "Reach"]),
    bad=BAD_NUMBERS,
    title_rows=st.integers(min_value=0, max_value=3),
)
@settings(max_examples=25, deadline=None)
def test_a_bad_number_is_an_error_at_its_cell(
    row: int, field: str, bad: str, title_rows: int
) -> None:
    headers = ["ID", "Need", "Importance", "Satisfaction", "Reach"]
    rows: Rows = [["Survey results"]] * title_rows + [headers]
    for i in range(6):
        rows.append([f"I{i}", f"Need {i}", 3, 2, 10])
    col = headers.index(field)
    rows[title_rows + 1 + row][col] = bad
    sheets = clean_sheets()
    sheets["Insights"] = rows
    with tempfile.TemporaryDirectory() as folder:
        w = load(Path(folder), sheets)
    cell = f"Insights!{'ABCDE'[col]}{title_rows + 2 + row}"
    errors = at(w, "error")
    assert list(errors) == [cell]
    assert errors[cell] == f"{field} “{bad.strip()}” is not a number."
    assert f"I{row}" not in set(w.insights["id"])


# -- the sample workshops ----------------------------------------------------------------------

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"
CANONICAL = {
    "insights": INSIGHT_FIELDS,
    "objectives": OBJECTIVE_FIELDS,
    "initiatives": INITIATIVE_FIELDS,
    "links": LINK_FIELDS,
}


@pytest.mark.skipif(not (SAMPLES / "retail_bank.xlsx").exists(), reason="no sample data")
def test_the_three_retail_bank_variants_import_to_identical_tables() -> None:
    clean = load_workshop([SAMPLES / "retail_bank.xlsx"])
    messy = load_workshop([SAMPLES / "retail_bank_messy.xlsx"])
    csv_folder = load_workshop([SAMPLES / "retail_bank_csv"])
    for w in (clean, messy, csv_folder):
        assert w.can_score, [str(p) for p in w.errors]
    # The messy workbook's "Source: interviews Q3" line is a note, said at its cell.
    assert [p.message for p in messy.warnings] == [
        "This row has no ID and no numbers, so it was read as a note and skipped: "
        "“Source: interviews Q3”."
    ]
    assert messy.custom_columns("initiatives") == ["Workshop comment"]
    for other in (messy, csv_folder):
        for table, fields in CANONICAL.items():
            a, b = getattr(clean, table)[fields], getattr(other, table)[fields]
            if table == "links":  # a matrix lists its links row by row
                a = a.sort_values(["initiative", "target"], ignore_index=True)
                b = b.sort_values(["initiative", "target"], ignore_index=True)
            pd.testing.assert_frame_equal(a, b, check_dtype=False)
    assert [len(getattr(clean, t)) for t in CANONICAL] == [28, 7, 21, 72]


@pytest.mark.skipif(not (SAMPLES / "planted_errors.xlsx").exists(), reason="no sample data")
def test_planted_errors_are_each_found_at_their_cell() -> None:
    w = load_workshop([SAMPLES / "planted_errors.xlsx"])
    assert [p.location for p in w.errors] == [
        "Insights!C4",
        "Insights!A5",
        "Insights!C6",
        "Insights!B7",
        "Objectives!C3",
        "Links!B4",
        "Links!C5",
    ]


def _count_builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sheet name of every table the import builds, in order."""
    from sweetspot.core import importing

    real = importing._build_table
    built: list[str] = []

    def counted(plan: importing._Plan, layout: importing.Layout, run: importing._Run) -> object:
        built.append(plan.raw.ref.name)
        return real(plan, layout, run)

    monkeypatch.setattr(importing, "_build_table", counted)
    return built


def test_each_table_is_built_once_while_later_sheets_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = _count_builds(monkeypatch)
    sheets = clean_sheets()
    sheets["Insights"].append(["I3", "Statements are confusing", None, 3, 5, "Retail"])
    w = load(tmp_path, sheets)
    assert built == ["Insights", "Objectives", "Initiatives", "Links"]
    # What building found is reported once, at its cell, as before.
    assert [p.location for p in w.errors] == ["Insights!C4"]


def test_a_table_whose_columns_a_matrix_takes_is_built_again_and_reported_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = _count_builds(monkeypatch)
    sheets = clean_sheets()
    del sheets["Links"]
    sheets["Insights"] = [
        ["ID", "Need", "Importance", "A", "B", "C"],
        ["I1", "Queues in branch are too long", 5, 9, None, None],
        ["I2", "App login keeps failing", None, None, "✓", None],
    ]
    w = load(tmp_path, sheets)
    # Built early with A, B, C as its own columns, then again once they became links.
    assert built.count("Insights") == 2
    assert w.custom_columns("insights") == []
    assert [p.location for p in w.errors] == ["Insights!C3"]


@pytest.mark.parametrize(
    "name",
    [
        "retail_bank.xlsx",
        "retail_bank_messy.xlsx",
        "retail_bank.ods",
        "retail_bank_csv",
        "pharma_hcp.xlsx",
        "planted_errors.xlsx",
        "retail_bank_survey.xlsx",
    ],
)
def test_the_import_tells_what_an_inspection_would_from_the_same_read(name: str) -> None:
    path = SAMPLES / name
    guesses: list[Any] = []
    load_workshop([path], guesses=guesses)
    assert guesses == inspect_inputs([path])
    assert guesses and all(g.kind or g.problems or g.preview for g in guesses)


def test_the_import_guesses_name_an_unrecognised_sheet_and_its_columns(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Voice"] = [
        ["Ref", "What customers said", "How much it matters"],
        ["C1", "Queues too long", 5],
    ]
    del sheets["Insights"]
    path = write_book(tmp_path / "voice.xlsx", sheets)
    guesses: list[Any] = []
    load_workshop([path], guesses=guesses)
    assert guesses == inspect_inputs([path])
    voice = next(g for g in guesses if g.sheet == "Voice")
    assert voice.kind is None and voice.preview[0][:2] == ["Ref", "What customers said"]
