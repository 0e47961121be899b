"""The client workbook, read back as a client's spreadsheet program would see it."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from sweetspot import __version__
from sweetspot.core import export
from sweetspot.core.export import QUADRANT_FILLS, write_backlog, write_backlog_csv
from sweetspot.core.model import Workshop
from sweetspot.core.scoring import Override, ScoreResult, ScoringSettings, score

INJECTIONS = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)"]

BACKLOG_HEADERS = [
    "Rank",
    "ID",
    "Initiative",
    "Customer impact",
    "Business impact",
    "Sweet-spot score",
    "Quadrant",
    "Effort",
    "Confidence",
    "Value for effort",
    "Top customer drivers",
    "Top business drivers",
    "Workshop override",
]


@dataclass
class FakeReport:
    unmet_needs: pd.DataFrame


def headers(ws: Worksheet) -> list[object]:
    return [c.value for c in ws[1]]


def column(ws: Worksheet, header: str) -> list[Any]:
    j = headers(ws).index(header) + 1
    return [ws.cell(row=r, column=j).value for r in range(2, ws.max_row + 1)]


def cell_of(ws: Worksheet, header: str, row: int) -> openpyxl.cell.cell.Cell:
    return ws.cell(row=row, column=headers(ws).index(header) + 1)


@pytest.fixture
def scored(small_workshop: Workshop) -> tuple[Workshop, ScoreResult]:
    return small_workshop, score(small_workshop)


@pytest.fixture
def book(tmp_path: Path, scored: tuple[Workshop, ScoreResult]) -> openpyxl.Workbook:
    workshop, result = scored
    path = write_backlog(tmp_path / "backlog.xlsx", workshop, result, FakeReport(pd.DataFrame()))
    return openpyxl.load_workbook(path)


def test_sheets_in_the_order_a_client_reads_them(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == [
        "Backlog",
        "Unmet needs",
        "Journey",
        "Insights",
        "Objectives",
        "Links",
        "Link effects",
        "Method",
    ]


def test_backlog_matches_the_ranking(
    book: openpyxl.Workbook, scored: tuple[Workshop, ScoreResult]
) -> None:
    ws = book["Backlog"]
    table = scored[1].table
    assert headers(ws) == BACKLOG_HEADERS  # owner, theme… are blank in the fixture: left out
    assert column(ws, "Rank") == [1, 2, 3]
    assert column(ws, "ID") == table["id"].tolist() == ["A", "B", "C"]
    for header, name in [
        ("Customer impact", "customer_impact"),
        ("Business impact", "business_impact"),
        ("Sweet-spot score", "score"),
    ]:
        assert column(ws, header) == pytest.approx(table[name].tolist(), abs=0.01)
    assert column(ws, "Sweet-spot score")[0] == pytest.approx(43.42, abs=0.01)
    assert column(ws, "Quadrant") == ["Sweet spot", "Low overlap", "Business-led"]
    assert column(ws, "Value for effort") == pytest.approx([21.71, None, 0.0], abs=0.01)
    assert column(ws, "Confidence")[1:] == [0.5, 1.0]
    assert column(ws, "Top customer drivers")[0] == "I1 Queues in branch are too long (+72.7)"
    # One driver per line in the wrapped cell; points of business impact.
    assert column(ws, "Top business drivers")[0] == (
        "O1 Cut cost to serve (+22.2)\nO2 Grow digital sales (+3.7)"
    )


def test_backlog_is_formatted_for_a_client(book: openpyxl.Workbook) -> None:
    ws = book["Backlog"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:M4"
    assert cell_of(ws, "Customer impact", 2).number_format == "0.0"
    assert cell_of(ws, "Sweet-spot score", 2).number_format == "0.0"
    assert cell_of(ws, "Value for effort", 2).number_format == "0.00"
    assert cell_of(ws, "Confidence", 3).number_format == "0%"
    assert cell_of(ws, "Top customer drivers", 2).alignment.wrap_text
    assert ws["A1"].font.bold
    for row in (2, 3, 4):
        quadrant = cell_of(ws, "Quadrant", row)
        assert quadrant.fill.fgColor.rgb.endswith(QUADRANT_FILLS[str(quadrant.value)])
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert [r.type for r in rules] == ["dataBar"]
    assert [str(cf.sqref) for cf in ws.conditional_formatting] == ["F2:F4"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"
    assert ws.column_dimensions["C"].width >= 30


def test_backlog_reads_cleanly_in_any_spreadsheet_program(book: openpyxl.Workbook) -> None:
    ws = book["Backlog"]
    # Bold cells name their font: a bare bold font prints in a serif fallback in LibreOffice.
    for cell in (ws["A1"], cell_of(ws, "Initiative", 2)):
        assert cell.font.b
        assert (cell.font.name, cell.font.sz) == ("Calibri", 11)
    # Text after a right-aligned number is indented, which only works when left-aligned.
    quadrant = cell_of(ws, "Quadrant", 2).alignment
    assert (quadrant.horizontal, quadrant.indent) == ("left", 1)
    header = cell_of(ws, "Quadrant", 1).alignment
    assert (header.horizontal, header.indent) == ("left", 1)
    assert cell_of(ws, "Customer impact", 2).alignment.horizontal is None
    # A blank cell keeps the style, so the hairline under each row is unbroken.
    blank = cell_of(ws, "Workshop override", 2)
    assert blank.value is None
    assert blank.border.bottom.style == "hair"
    assert cell_of(ws, "Value for effort", 3).border.bottom.style == "hair"
    # A score of 0 shows no data bar (the default minimum bar is 10% of the cell).
    (rule,) = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert (rule.dataBar.minLength, rule.dataBar.maxLength) == (0, 100)
    assert [c.type for c in rule.dataBar.cfvo] == ["num", "max"]
    assert rule.dataBar.color.rgb.endswith(export.DATA_BAR_COLOUR)


def test_custom_dates_flags_and_blank_dates_export(
    small_workshop: Workshop, tmp_path: Path
) -> None:
    w = small_workshop
    w.initiatives["Start"] = pd.to_datetime(["2024-05-01 00:00", None, "2024-06-30 14:30"])  # type: ignore[arg-type]
    w.initiatives["Funded"] = [True, False, True]
    path = write_backlog(tmp_path / "b.xlsx", w, score(w), FakeReport(pd.DataFrame()))
    ws = openpyxl.load_workbook(path)["Backlog"]
    starts = dict(zip(column(ws, "ID"), column(ws, "Start"), strict=True))
    assert starts == {"A": "2024-05-01", "B": None, "C": "2024-06-30 14:30"}
    funded = dict(zip(column(ws, "ID"), column(ws, "Funded"), strict=True))
    assert funded == {"A": "TRUE", "B": "FALSE", "C": "TRUE"}


def test_override_shows_the_reason_and_the_move(small_workshop: Workshop, tmp_path: Path) -> None:
    settings = ScoringSettings(
        overrides={
            "B": Override(50.0, 40.0, "Regulator deadline"),
            "C": Override(10.0, 20.0),
        }
    )
    result = score(small_workshop, settings)
    path = write_backlog(tmp_path / "b.xlsx", small_workshop, result, FakeReport(pd.DataFrame()))
    ws = openpyxl.load_workbook(path)["Backlog"]
    overrides = dict(zip(column(ws, "ID"), column(ws, "Workshop override"), strict=True))
    assert overrides["A"] is None
    assert overrides["B"] == "Regulator deadline — moved from (9.1, 0.0) to (50.0, 40.0)"
    assert overrides["C"] == "moved from (0.0, 33.3) to (10.0, 20.0)"


def test_initiative_fields_and_custom_columns_follow_meta_columns_never(
    small_workshop: Workshop, tmp_path: Path
) -> None:
    w = small_workshop
    w.initiatives["owner"] = ["Ana", "", "Raj"]
    w.initiatives["Budget code"] = ["X1", "X2", "X3"]
    w.initiatives["_row"] = [2, 3, 4]
    w.insights["Region"] = ["North", "South"]
    w.insights["_sheet"] = ["Insights", "Insights"]
    path = write_backlog(tmp_path / "b.xlsx", w, score(w), FakeReport(pd.DataFrame()))
    book = openpyxl.load_workbook(path)
    backlog = book["Backlog"]
    assert headers(backlog) == [*BACKLOG_HEADERS, "Owner", "Budget code"]
    assert column(backlog, "Owner") == ["Ana", None, "Raj"]
    assert column(backlog, "Budget code") == ["X1", "X2", "X3"]
    insights = book["Insights"]
    assert headers(insights)[-2:] == ["Need weight", "Region"]
    assert column(insights, "Need weight") == pytest.approx([1.6, 0.6])
    assert cell_of(insights, "Need weight", 2).number_format == "0.00"
    for ws in book:
        assert not [h for h in headers(ws) if str(h).startswith("_")], ws.title


def test_injected_text_stays_text_and_looks_the_same(
    small_workshop: Workshop, tmp_path: Path
) -> None:
    w = small_workshop
    w.initiatives["initiative"] = INJECTIONS[:3]
    w.insights["need"] = INJECTIONS[2:]
    w.objectives["objective"] = ["=1+1", "@cmd"]
    w.initiatives["Note"] = ["=2*3", "ok", "+44 20 7946 0000"]
    path = write_backlog(tmp_path / "b.xlsx", w, score(w), FakeReport(pd.DataFrame()))
    book = openpyxl.load_workbook(path)
    checked = 0
    for ws in book:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
                    checked += 1
    assert checked >= 10
    assert sorted(column(book["Backlog"], "Initiative")) == sorted(INJECTIONS[:3])
    assert column(book["Insights"], "Need") == INJECTIONS[2:]
    assert column(book["Backlog"], "Note")[0] in {"=2*3", "ok", "+44 20 7946 0000"}


def test_unwritable_characters_and_huge_text_are_cleaned(
    small_workshop: Workshop, tmp_path: Path
) -> None:
    w = small_workshop
    w.insights["need"] = ["Queues\x00 in\x0b branch", "z" * 40_000]
    path = write_backlog(tmp_path / "b.xlsx", w, score(w), FakeReport(pd.DataFrame()))
    needs = column(openpyxl.load_workbook(path)["Insights"], "Need")
    assert needs[0] == "Queues in branch"
    assert len(str(needs[1])) == 32_767
    assert str(needs[1]).endswith("…")


def test_unmet_needs_come_from_the_report(scored: tuple[Workshop, ScoreResult], tmp_path: Path):
    workshop, result = scored
    report = FakeReport(
        pd.DataFrame(
            {
                "id": ["I2"],
                "need": ["App login keeps failing"],
                "need_weight": [0.6],
                "segment": ["Young families"],
                "journey_stage": ["Log in"],
                "best_strength": [1.0],
            }
        )
    )
    path = write_backlog(tmp_path / "b.xlsx", workshop, result, report)
    ws = openpyxl.load_workbook(path)["Unmet needs"]
    assert headers(ws) == [
        "ID",
        "Need",
        "Need weight",
        "Segment",
        "Journey stage",
        "Best link strength",
    ]
    assert [c.value for c in ws[2]] == [
        "I2",
        "App login keeps failing",
        0.6,
        "Young families",
        "Log in",
        1,
    ]


def test_unmet_needs_fall_back_without_the_graph_module(
    small_workshop: Workshop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = small_workshop
    extra = pd.DataFrame(
        {
            "id": ["I3"],
            "need": ["Nobody explains the fees"],
            "importance": [5.0],
            "satisfaction": [1.0],
            "segment": ["Retail"],
            "journey_stage": ["Pay"],
        }
    )
    w.insights = pd.concat([w.insights, extra], ignore_index=True)
    monkeypatch.setitem(sys.modules, "sweetspot.core.graph", None)  # import fails
    path = write_backlog(tmp_path / "b.xlsx", w, score(w))
    ws = openpyxl.load_workbook(path)["Unmet needs"]
    # Need weights 1.6, 0.6, 1.8 (median 1.6): only I3 is above it, and nothing links to it.
    assert column(ws, "ID") == ["I3"]
    assert column(ws, "Need weight") == pytest.approx([1.8])
    assert column(ws, "Best link strength") == [0]


def test_links_as_a_matrix(book: openpyxl.Workbook) -> None:
    ws = book["Links"]
    assert headers(ws) == ["ID", "Initiative", "I1", "I2", "O1", "O2"]
    rows = {r[0]: r[2:] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows == {"A": (9, None, 3, 1), "B": (None, 3, None, None), "C": (None, None, None, 9)}
    assert ws.freeze_panes == "C2"


def test_links_in_long_form_when_the_matrix_is_too_wide(
    scored: tuple[Workshop, ScoreResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "MATRIX_MAX_TARGETS", 3)
    workshop, result = scored
    path = write_backlog(tmp_path / "b.xlsx", workshop, result, FakeReport(pd.DataFrame()))
    ws = openpyxl.load_workbook(path)["Links"]
    assert headers(ws) == ["Initiative", "Target", "Strength"]
    assert len(list(ws.iter_rows(min_row=2))) == len(workshop.links)
    assert [c.value for c in ws[2]] == ["A", "I1", 9]


def test_method_says_how_the_numbers_were_made(small_workshop: Workshop, tmp_path: Path) -> None:
    small_workshop.files = ["=workshop.xlsx"]
    result = score(small_workshop, ScoringSettings(alpha=0.7, thresholds=(20.0, 10.0)))
    path = write_backlog(
        tmp_path / "b.xlsx",
        small_workshop,
        result,
        FakeReport(pd.DataFrame()),
        extra_method={"Facilitator": "J. Doe"},
    )
    ws = openpyxl.load_workbook(path)["Method"]
    method = {r[0]: r[1] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert method["Customer↔business balance (α)"].startswith("0.7 ")
    assert method["Quadrant thresholds"].startswith("customer impact 20.0, business impact 10.0")
    assert "set for this workshop" in method["Quadrant thresholds"]
    assert method["Importance and satisfaction scale"] == "1–5 (default 1–5 scale)"
    assert method["SweetSpot version"] == __version__
    assert method["Source files"] == "=workshop.xlsx"
    assert method["Facilitator"] == "J. Doe"
    assert "Sweet-spot score" in method


def test_csv_backlog_opens_in_excel_without_formulas(
    small_workshop: Workshop, tmp_path: Path
) -> None:
    small_workshop.initiatives["initiative"] = INJECTIONS[:3]
    result = score(small_workshop)
    path = write_backlog_csv(tmp_path / "b.csv", result)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == BACKLOG_HEADERS
    assert len(rows) == 4
    initiatives = {r[1]: r[2] for r in rows[1:]}
    assert sorted(initiatives.values()) == sorted("'" + t for t in INJECTIONS[:3])
    assert rows[1][5] == "43.4226"


def test_a_failed_export_leaves_the_previous_file(
    scored: tuple[Workshop, ScoreResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "b.xlsx"
    target.write_bytes(b"previous export")

    def broken(path: Path, sheets: list[export.Sheet]) -> None:
        path.write_bytes(b"half")
        raise RuntimeError("boom")

    monkeypatch.setattr(export, "_write_workbook", broken)
    with pytest.raises(RuntimeError):
        write_backlog(target, *scored, FakeReport(pd.DataFrame()))
    assert target.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["b.xlsx"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_shows_injected_text_not_computed_values(
    small_workshop: Workshop, tmp_path: Path
) -> None:
    small_workshop.initiatives["initiative"] = INJECTIONS[:3]
    small_workshop.initiatives["owner"] = ["@SUM(A1)", "=1+1", "x"]
    path = write_backlog(
        tmp_path / "b.xlsx", small_workshop, score(small_workshop), FakeReport(pd.DataFrame())
    )
    profile = tmp_path / "lo-profile"
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path / "csv"),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    out = tmp_path / "csv" / "b.csv"
    assert out.exists(), done.stderr
    rows = list(csv.reader(out.read_text(encoding="utf-8", errors="replace").splitlines()))
    assert rows[0][:3] == ["Rank", "ID", "Initiative"]
    assert sorted(r[2] for r in rows[1:]) == sorted(INJECTIONS[:3])
    owner = rows[0].index("Owner")
    assert sorted(r[owner] for r in rows[1:]) == sorted(["@SUM(A1)", "=1+1", "x"])


# ---------------------------------------------------------------------------------------------
# Extra sheets (Scenarios, Robustness, Votes … from other features)


def test_extra_sheets_follow_the_standard_ones_formatted_and_safe(
    scored: tuple[Workshop, ScoreResult], tmp_path: Path
) -> None:
    workshop, result = scored
    robustness = pd.DataFrame(
        {
            "ID": ["A", "B", "C"],
            "P(top 5)": [1.0, 0.25, 0.125],
            "Draws": [2000, 2000, 2000],
            "In top under every lens": [True, False, True],
            "Note": ['=HYPERLINK("http://x")', "+1", "plain"],
        }
    )
    scenarios = pd.DataFrame(
        {"CX lens": [1, 2], "CFO lens": [2, 1]}, index=pd.Index(["A", "B"], name="ID")
    )
    path = write_backlog(
        tmp_path / "b.xlsx",
        workshop,
        result,
        FakeReport(pd.DataFrame()),
        extra_sheets={"Robustness": robustness, "Scenarios": scenarios, "Links": robustness},
    )
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:8] == [
        "Backlog",
        "Unmet needs",
        "Journey",
        "Insights",
        "Objectives",
        "Links",
        "Link effects",
        "Method",
    ]
    # A clashing name gets a suffix rather than replacing a standard sheet.
    assert wb.sheetnames[8:] == ["Robustness", "Scenarios", "Links (2)"]
    ws = wb["Robustness"]
    assert headers(ws) == ["ID", "P(top 5)", "Draws", "In top under every lens", "Note"]
    assert column(ws, "P(top 5)") == [1, 0.25, 0.125]
    assert cell_of(ws, "P(top 5)", 3).number_format == "0.00"
    assert column(ws, "Draws") == [2000, 2000, 2000]
    assert cell_of(ws, "Draws", 2).number_format == "0"
    assert column(ws, "In top under every lens") == ["TRUE", "FALSE", "TRUE"]
    # Injected text stays text, quote-prefixed; no formula anywhere.
    assert column(ws, "Note") == ['=HYPERLINK("http://x")', "+1", "plain"]
    assert cell_of(ws, "Note", 2).data_type == "s"
    assert cell_of(ws, "Note", 2).quotePrefix
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:E4"
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("1F3A5F")
    # A named index becomes the first column.
    sc = wb["Scenarios"]
    assert headers(sc) == ["ID", "CX lens", "CFO lens"]
    assert column(sc, "ID") == ["A", "B"]
    assert column(sc, "CFO lens") == [2, 1]


def test_extra_sheet_names_are_made_valid(scored: tuple[Workshop, ScoreResult], tmp_path: Path):
    workshop, result = scored
    df = pd.DataFrame({"x": [1.5]})
    path = write_backlog(
        tmp_path / "b.xlsx",
        workshop,
        result,
        FakeReport(pd.DataFrame()),
        extra_sheets={"a/b:c*?[d]": df, "x" * 40: df, "": pd.DataFrame()},
    )
    names = openpyxl.load_workbook(path).sheetnames[8:]
    assert names == ["a b c   d", "x" * 31, "Sheet"]


# -- one composer for the CLI and the app; one wording of the parameters ----------------------
def test_compose_backlog_puts_the_session_sheets_after_the_standard_ones(
    scored: tuple[Workshop, ScoreResult],
) -> None:
    from sweetspot.core.lenses import compare
    from sweetspot.core.robustness import RobustnessParams, robustness, robustness_table

    workshop, result = scored
    votes = pd.DataFrame(
        {
            "participant": ["Ana", "Bo"],
            "role": ["Customer", "Exec"],
            "initiative": ["A", "A"],
            "customer": [100.0, 0.0],
            "business": [50.0, 100.0],
            "dots": [float("nan"), float("nan")],
        }
    )
    lenses = compare(workshop, {"Now": ScoringSettings(), "CX": ScoringSettings(alpha=0.9)})
    robust = robustness(workshop, ScoringSettings(), RobustnessParams(draws=20, top_n=2, seed=1))
    sheets = export.compose_backlog(
        workshop,
        result,
        FakeReport(pd.DataFrame()),
        votes=votes,
        vote_weights={"Exec": 2.0},
        lenses=lenses,
        robustness=robust,
        extra_sheets={"Votes": pd.DataFrame({"x": [1]})},
        what_if=True,
    )
    assert [s.name for s in sheets] == [
        "Backlog",
        "Unmet needs",
        "Journey",
        "Insights",
        "Objectives",
        "Links",
        "Link effects",
        "Method",
        "Votes",
        "Scenarios",
        "Robustness",
        "Votes (2)",  # an extra sheet never replaces one the composer made
        "What-if",
        "What-if data",
    ]
    # A table is taken as it is: the same sheet as from the run itself.
    from_table = export.compose_backlog(
        workshop, result, FakeReport(pd.DataFrame()), robustness=robustness_table(robust)
    )
    assert from_table[-1] == sheets[10]
    # No votes, no Votes sheet.
    empty = export.compose_backlog(workshop, result, FakeReport(pd.DataFrame()), votes=votes[:0])
    assert [s.name for s in empty][-1] == "Method"


def test_describe_settings_is_what_the_method_sheet_and_the_report_say(
    small_workshop: Workshop,
) -> None:
    from sweetspot.core.plot.report import _parameters
    from sweetspot.core.settings_text import describe_settings

    settings = ScoringSettings(
        alpha=0.7,
        thresholds=(20.0, 10.0),
        segments=frozenset({"Retail"}),
        overrides={"A": Override(50.0, 50.0, "")},
    )
    result = score(small_workshop, settings)
    full = dict(describe_settings(settings, small_workshop, result=result))
    assert full == {
        "Customer↔business balance (α)": "0.7 (customer 70% · business 30%; 1 = customer only, "
        "0 = business only, 0.5 = equal weight)",
        "Ranked by": "sweet-spot score",
        "Quadrant thresholds": "customer impact 20.0, business impact 10.0 — set for this workshop",
        "Lens": "segments Retail",
        "Importance and satisfaction scale": "1–5 (default 1–5 scale)",
        "Reach": "not given: need weights do not depend on reach",
        "Workshop placements": "1 initiative placed by the workshop",
    }
    sheet = export.method_sheet(small_workshop, result, {})
    items = dict(zip(sheet.columns[0].values, sheet.columns[1].values, strict=True))
    assert all(items[k] == v for k, v in full.items())
    # The report's cover has the short form, plus the score formula and the links.
    brief = dict(_parameters(small_workshop, result))
    assert brief["Balance α"] == "0.7  (1 = customer only, 0 = business only)"
    assert brief["Crosshair"] == "C 20.0, B 10.0 (set for this workshop)"
    assert brief["Lens"] == full["Lens"] and "Score" in brief and "Links" in brief
    # On screen α has the slider's two decimals; without a result the thresholds are the rule.
    screen = dict(describe_settings(ScoringSettings(alpha=0.7), alpha_decimals=2))
    assert screen["Customer↔business balance (α)"].startswith("0.70 (customer 70%")
    assert screen["Quadrant thresholds"] == (
        "the mean customer and business impact of the computed positions"
    )
    assert screen["Lens"] == "none — all insights count"
    assert screen["Workshop placements"] == "0 initiatives placed by the workshop"
