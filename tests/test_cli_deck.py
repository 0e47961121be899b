"""`sweetspot deck` and `sweetspot rank --issues jira|azure`, as a consultant runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation

from sweetspot.cli import main
from sweetspot.core.deck import slide_titles, top_rows
from sweetspot.core.importing import load_workshop
from sweetspot.core.project import Project, save_project
from sweetspot.core.scoring import ScoringSettings, score
from sweetspot.core.tracker_csv import AZURE_HEADERS, JIRA_HEADERS, read_tracker_csv

ROOT = Path(__file__).resolve().parents[1]
RETAIL = ROOT / "sample_data" / "retail_bank.xlsx"
PHARMA = ROOT / "sample_data" / "pharma_hcp.xlsx"


def test_deck_writes_the_pptx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "workshop.pptx"
    code = main(["deck", str(RETAIL), "-o", str(out), "--alpha", "0.6", "--draws", "200"])
    assert code == 0
    assert f"Deck written to {out}" in capsys.readouterr().out
    prs = Presentation(str(out))
    titles = slide_titles(prs)
    assert titles[0] == "retail_bank"  # the input's name unless --title
    assert any("of 200 draws" in t for t in titles)
    assert len(titles) == 12  # no lenses in a workbook; the journey slide (stages)
    assert any("unmet need" in t for t in titles)
    # The top-10 table is the backlog under the command's α.
    workshop = load_workshop([RETAIL])
    expected = top_rows(workshop, score(workshop, ScoringSettings(alpha=0.6)))
    table = next(s for s in prs.slides[2].shapes if s.has_table).table
    assert [[c.text for c in row.cells] for row in table.rows][1:] == expected


def test_deck_from_a_project_with_a_lens(tmp_path: Path) -> None:
    workshop = load_workshop([PHARMA])
    project = Project(workshop, lenses={"Field force": ScoringSettings(alpha=0.3)})
    path = tmp_path / "pharma.sweetspot"
    save_project(project, path)
    out = tmp_path / "pharma.pptx"
    code = main(
        [
            "deck",
            str(path),
            "-o",
            str(out),
            "--draws",
            "0",
            "--title",
            "HCP engagement",
            "--top",
            "3",
        ]
    )
    assert code == 0
    titles = slide_titles(Presentation(str(out)))
    assert titles[0] == "HCP engagement"
    assert any(t.endswith("under every lens") and "top 3" in t for t in titles)
    assert not any("draws" in t for t in titles)
    # Under the lens: the deck ranks as `rank --lens` does.
    out2 = tmp_path / "lens.pptx"
    assert main(["deck", str(path), "-o", str(out2), "--draws", "0", "--lens", "Field force"]) == 0
    lensed = score(workshop, ScoringSettings(alpha=0.3))
    table = next(s for s in Presentation(str(out2)).slides[2].shapes if s.has_table).table
    assert table.cell(1, 1).text == str(lensed.table["id"].iloc[0])


def test_deck_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deck", str(RETAIL), "-o", str(tmp_path / "deck.pdf")]) == 2
    assert "give -o workshop.pptx" in capsys.readouterr().err
    assert main(["deck", str(RETAIL), "-o", str(tmp_path / "d.pptx"), "--alpha", "2"]) == 2
    assert main(["deck", str(RETAIL), "-o", str(tmp_path / "d.pptx"), "--draws", "-1"]) == 2
    assert main(["deck", str(tmp_path / "missing.xlsx"), "-o", str(tmp_path / "d.pptx")]) == 1
    assert not list(tmp_path.glob("*.pptx"))


@pytest.mark.parametrize(("tracker", "headers"), [("jira", JIRA_HEADERS), ("azure", AZURE_HEADERS)])
def test_rank_issues_writes_the_tracker_csv(
    tracker: str, headers: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "issues.csv"
    assert main(["rank", str(RETAIL), "--issues", tracker, "-o", str(out), "--by", "value"]) == 0
    said = capsys.readouterr().out
    assert "21 issues, in rank order" in said and str(out) in said
    df = read_tracker_csv(out)
    assert [c.split(".")[0] for c in df.columns] == headers
    expected = score(load_workshop([RETAIL]), ScoringSettings(rank_by="value")).table
    title = "Summary" if tracker == "jira" else "Title"
    assert df[title].tolist() == expected["initiative"].tolist()
    assert "(by value for effort)" in df["Description"].iloc[0]
    # Instead of the workbook: nothing else written.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["issues.csv"]


def test_rank_issue_type(tmp_path: Path) -> None:
    out = tmp_path / "stories.csv"
    assert (
        main(["rank", str(RETAIL), "--issues", "jira", "--issue-type", "Story", "-o", str(out)])
        == 0
    )
    assert set(read_tracker_csv(out)["Issue Type"]) == {"Story"}


def test_rank_issues_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rank", str(RETAIL), "--issues", "jira"]) == 2
    assert main(["rank", str(RETAIL), "--issues", "jira", "-o", str(tmp_path / "b.xlsx")]) == 2
    assert "give -o issues.csv" in capsys.readouterr().err
    code = main(
        ["rank", str(RETAIL), "--issues", "azure", "--what-if", "-o", str(tmp_path / "i.csv")]
    )
    assert code == 2
    assert main(["rank", str(RETAIL), "--issue-type", "Story"]) == 2
    assert "--issue-type goes with --issues" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["rank", str(RETAIL), "--issues", "trello", "-o", str(tmp_path / "i.csv")])
    assert not list(tmp_path.iterdir())
