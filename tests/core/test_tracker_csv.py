"""The Jira and Azure DevOps backlog CSVs: the importers' headers, one row per initiative in rank
order, priorities from the documented rank bands, the description's facts, and input text that
looks like a formula staying text."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from sweetspot.core.importing import load_workshop
from sweetspot.core.scoring import ScoringSettings, score
from sweetspot.core.tracker_csv import (
    AZURE_HEADERS,
    DEFAULT_ISSUE_TYPES,
    JIRA_HEADERS,
    PRIORITY_BANDS,
    Tracker,
    priority_band,
    priority_bands_text,
    read_tracker_csv,
    tracker_table,
    write_tracker_csv,
)
from tests.conftest import make_small_workshop

ROOT = Path(__file__).resolve().parents[2]
RETAIL = ROOT / "sample_data" / "retail_bank.xlsx"


@pytest.fixture(scope="module")
def retail() -> Any:
    workshop = load_workshop([RETAIL])
    return workshop, score(workshop)


def header_row(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def test_the_documented_headers_exactly() -> None:
    assert JIRA_HEADERS == [
        "Summary",
        "Description",
        "Issue Type",
        "Priority",
        "Labels",
        "Labels",
        "Sweet-spot score",
        "Rank",
    ]
    assert AZURE_HEADERS == ["Work Item Type", "Title", "Description", "Priority", "Tags"]


def test_priority_bands_cover_every_rank_once() -> None:
    assert [priority_band(r).jira for r in (1, 3, 4, 10, 11, 20, 21, 40, 41, 5000)] == [
        "Highest",
        "Highest",
        "High",
        "High",
        "Medium",
        "Medium",
        "Low",
        "Low",
        "Lowest",
        "Lowest",
    ]
    assert [priority_band(r).azure for r in (1, 4, 11, 21, 41)] == [1, 2, 3, 4, 4]
    assert priority_bands_text()[0] == ("1–3", "Highest", "1")
    assert priority_bands_text()[-1] == ("41 and after", "Lowest", "4")
    assert PRIORITY_BANDS[-1].last_rank is None


def test_jira_csv_round_trips_through_pandas_in_rank_order(retail: Any, tmp_path: Path) -> None:
    workshop, result = retail
    out = write_tracker_csv(tmp_path / "jira.csv", workshop, result, "jira", workshop_name="Retail")
    assert header_row(out) == JIRA_HEADERS
    # No byte-order mark: the importer must see "Summary" as the first header.
    assert out.read_bytes()[:7] == b"Summary"
    df = read_tracker_csv(out)
    assert list(df.columns) == [*JIRA_HEADERS[:5], "Labels.1", *JIRA_HEADERS[6:]]
    t = result.table
    assert len(df) == len(t) == 21
    assert df["Summary"].tolist() == t["initiative"].tolist()
    assert df["Rank"].astype(int).tolist() == t["rank"].tolist() == sorted(t["rank"])
    scores = pd.to_numeric(df["Sweet-spot score"]).to_numpy()
    assert scores == pytest.approx(t["score"].round(2).to_numpy())
    assert set(df["Issue Type"]) == {DEFAULT_ISSUE_TYPES["jira"]}
    assert df["Priority"].tolist() == [priority_band(int(r)).jira for r in t["rank"]]
    assert set(df["Labels"]) == {"sweetspot"}
    assert df["Labels.1"].tolist() == [q.lower().replace(" ", "-") for q in t["quadrant"]]
    assert not any(" " in label for label in df["Labels.1"])


def test_description_holds_scores_quadrant_drivers_and_linked_insights(retail: Any) -> None:
    workshop, result = retail
    table = tracker_table(workshop, result, "jira", workshop_name="Retail")
    first = result.table.iloc[0]
    text = table.rows[0][1]
    assert f"Sweet-spot rank 1 of {len(result.table)}" in text
    assert f"Sweet-spot score {first['score']:.1f}" in text
    assert f"customer impact {first['customer_impact']:.1f}" in text
    assert f"business impact {first['business_impact']:.1f}" in text
    assert f"quadrant {first['quadrant']}" in text
    assert result.drivers("customer")[0] in text and result.drivers("business")[0] in text
    # Every linked insight with its need and evidence, every objective with its KPI.
    ident = str(first["id"])
    ins = workshop.insights.set_index("id")
    customer = result.customer_contributions
    for target in customer.loc[customer["initiative"] == ident, "target"]:
        assert f"- {target} (" in text
        assert ins.loc[target, "need"] in text and ins.loc[target, "evidence"] in text
    obj = workshop.objectives.set_index("id")
    business = result.business_contributions
    for target in business.loc[business["initiative"] == ident, "target"]:
        assert f"- {target} (" in text and obj.loc[target, "kpi"] in text
    assert "“Retail”" in text
    assert "<" not in text  # plain text for Jira


def test_azure_csv_paragraphs_tags_and_priorities(retail: Any, tmp_path: Path) -> None:
    workshop, result = retail
    out = write_tracker_csv(tmp_path / "azure.csv", workshop, result, "azure")
    assert header_row(out) == AZURE_HEADERS
    df = read_tracker_csv(out)
    t = result.table
    assert df["Title"].tolist() == t["initiative"].tolist()
    assert set(df["Work Item Type"]) == {"Epic"}
    assert df["Priority"].astype(int).tolist() == [priority_band(int(r)).azure for r in t["rank"]]
    assert df["Tags"].iloc[0].split("; ")[:2] == ["sweetspot", t["quadrant"].iloc[0]]
    # Azure's Description is an HTML field: one paragraph per line of the Jira text.
    jira = tracker_table(workshop, result, "jira").rows[0][1].split("\n")
    paragraphs = re.findall(r"<p>(.*?)</p>", df["Description"].iloc[0])
    assert len(paragraphs) == len(jira)
    assert paragraphs[0] == jira[0]


def test_issue_type_can_be_changed(retail: Any) -> None:
    workshop, result = retail
    table = tracker_table(workshop, result, "azure", issue_type=" User  Story ")
    assert {row[0] for row in table.rows} == {"User Story"}
    with pytest.raises(ValueError, match="Unknown tracker"):
        tracker_table(workshop, result, "trello")  # type: ignore[arg-type]


def test_formula_like_text_stays_text(tmp_path: Path) -> None:
    w = make_small_workshop()
    w.initiatives.loc[0, "initiative"] = '=HYPERLINK("http://evil.example","click")'
    w.initiatives.loc[1, "initiative"] = "+1 555 0100 call-back line"
    w.initiatives.loc[2, "initiative"] = "@SUM(A1:A9)"
    w.insights.loc[0, "need"] = "=cmd|'/c calc'!A1"
    w.objectives.loc[0, "objective"] = "-20% cost"
    result = score(w, ScoringSettings())
    trackers: tuple[Tracker, ...] = ("jira", "azure")
    for tracker in trackers:
        out = write_tracker_csv(tmp_path / f"{tracker}.csv", w, result, tracker)
        df = read_tracker_csv(out)
        title = "Summary" if tracker == "jira" else "Title"
        for value in df[title]:
            assert value.startswith("'") and value[1] in "=+@"
        # Every text cell: nothing a spreadsheet would run.
        for column in df.columns:
            for value in df[column]:
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (column, value)
        # The descriptions keep the hostile need as text, inside the cell.
        assert any("=cmd|'/c calc'!A1" in d for d in df["Description"])


def test_one_row_per_initiative_even_without_links(tmp_path: Path) -> None:
    w = make_small_workshop()
    w.links = w.links.iloc[0:0]
    result = score(w)
    df = read_tracker_csv(write_tracker_csv(tmp_path / "j.csv", w, result, "jira"))
    assert len(df) == 3
    assert "Linked customer insights: none" in df["Description"].iloc[0]
