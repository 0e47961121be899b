"""The journey's figures on a hand-computed workshop (sweetspot.core.journey's docstring).

Scale 1–5, no reach, so N = imp/5 + max(imp − sat, 0)/5:
  I1 Join, segment A, imp 5 sat 1 → N 1.8; sentiment −0.5; angry, anxious
  I2 Join, segment B, imp 4 sat 4 → N 0.8; sentiment "positive" (0.5); happy
  I3 Use,  segment A, imp 3 sat 1 → N 1.0; sentiment −1
  I4 no stage,        imp 2 sat 2 → N 0.4
Median N = 0.9. Links: X→I1 3, X→O1 9; Y→I2 9, Y→I3 1, Y→O1 3; Z none.
Customer impact (total need 4.0): X 3/9 × 1.8 × 25 = 15, Y 0.8 × 25 + 1/9 × 25 = 22.78, Z 0.
Business: X 100, Y 33.3, Z 0. X is the one sweet spot (rank 1), Y customer-led (rank 2).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from sweetspot.core.edits import SetViewState
from sweetspot.core.export import write_backlog
from sweetspot.core.inputs import open_inputs
from sweetspot.core.journey import (
    ALL_CUSTOMERS,
    PLAN_KEY,
    JourneyMap,
    JourneyPlan,
    StageTarget,
    empty_state,
    journey_map,
    journey_table,
    plan_of,
    read_sentiment,
    sentiment_empty_state,
    stage_order,
)
from sweetspot.core.model import Workshop
from sweetspot.core.project import Project, project_from_dict, project_to_dict
from sweetspot.core.scoring import score
from sweetspot.core.session import Session

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"


def hand_workshop() -> Workshop:
    w = Workshop()
    n = 4
    w.insights = pd.DataFrame(
        {
            "id": ["I1", "I2", "I3", "I4"],
            "need": ["Open an account fast", "Friendly staff", "Find fees", "Nice app icon"],
            "importance": [5.0, 4.0, 3.0, 2.0],
            "satisfaction": [1.0, 4.0, 1.0, 2.0],
            "reach": [np.nan] * n,
            "segment": ["A", "B", "A", ""],
            "journey_stage": ["Join", "Join", "Use", ""],
            "sentiment": [-0.5, "positive", -1, None],
            "emotion": ["Angry, anxious", "happy", "", ""],
            "evidence": [""] * n,
            "tags": [""] * n,
        }
    )
    w.objectives = pd.DataFrame(
        {"id": ["O1"], "objective": ["Grow"], "weight": [1.0], "kpi": [""], "owner": [""]}
    )
    w.initiatives = pd.DataFrame(
        {
            "id": ["X", "Y", "Z"],
            "initiative": ["Fast account", "Staff training", "Rebrand"],
            "effort": [np.nan] * 3,
            "confidence": [np.nan] * 3,
            "owner": [""] * 3,
            "theme": [""] * 3,
            "description": [""] * 3,
            "status": [""] * 3,
        }
    )
    w.links = pd.DataFrame(
        {
            "initiative": ["X", "X", "Y", "Y", "Y"],
            "target": ["I1", "O1", "I2", "I3", "O1"],
            "strength": [3.0, 9.0, 9.0, 1.0, 3.0],
        }
    )
    return w


@pytest.fixture
def jmap() -> JourneyMap:
    w = hand_workshop()
    result = score(w)
    assert list(result.table["id"]) == ["X", "Y", "Z"]
    assert list(result.table["quadrant"][:2]) == ["Sweet spot", "Customer-led"]
    return journey_map(w, result, JourneyPlan(top=5))


def test_layout_of_the_map(jmap: JourneyMap) -> None:
    assert jmap.stages == ["Join", "Use"]
    assert jmap.segments == [ALL_CUSTOMERS, "A", "B"]
    assert len(jmap.cells) == 6
    assert jmap.unstaged == 1 and jmap.median_need == pytest.approx(0.9)
    assert jmap.shipped == ["X"]
    assert jmap.grid("total_need").shape == (3, 2)


def test_all_customers_at_join(jmap: JourneyMap) -> None:
    cell = jmap.cell(ALL_CUSTOMERS, "Join")
    assert cell["insights"] == ("I1", "I2")
    assert cell["total_need"] == pytest.approx(2.6)
    assert cell["unmet_need"] == pytest.approx(0.0)  # I1 (3) and I2 (9) are both addressed
    assert cell["coverage"] == pytest.approx((1.8 * 3 / 9 + 0.8) / 2.6)
    assert cell["relieved"] == pytest.approx(0.6)  # only X ships: 1.8 × 3/9
    assert cell["need_left"] == pytest.approx(2.0)
    assert cell["sentiment"] == pytest.approx(0.0) and cell["sentiment_n"] == 2
    assert cell["emotions"] == (("angry", 1), ("anxious", 1), ("happy", 1))
    assert cell["initiatives"] == ("X", "Y")  # rank order
    assert not cell["flagged"]


def test_a_stage_with_an_unmet_need_and_no_initiative_is_flagged(jmap: JourneyMap) -> None:
    for segment in (ALL_CUSTOMERS, "A"):
        cell = jmap.cell(segment, "Use")
        assert cell["insights"] == ("I3",)
        assert cell["total_need"] == pytest.approx(1.0)
        assert cell["unmet_need"] == pytest.approx(1.0)  # only a weak link (1)
        assert cell["coverage"] == pytest.approx(1 / 9)
        assert cell["relieved"] == 0.0
        assert cell["sentiment"] == pytest.approx(-1.0)
        assert cell["initiatives"] == ()
        assert cell["flagged"]  # N 1.0 above the median 0.9, nothing acts there
    assert jmap.flagged_stages() == ["Use"]


def test_segment_cells(jmap: JourneyMap) -> None:
    a = jmap.cell("A", "Join")
    assert a["total_need"] == pytest.approx(1.8)
    assert a["coverage"] == pytest.approx(1 / 3)
    assert a["relieved"] == pytest.approx(0.6)
    assert a["initiatives"] == ("X",)
    b = jmap.cell("B", "Join")
    assert (b["total_need"], b["coverage"], b["relieved"]) == pytest.approx((0.8, 1.0, 0.0))
    assert b["sentiment"] == pytest.approx(0.5) and b["initiatives"] == ("Y",)
    empty = jmap.cell("B", "Use")
    assert empty["insights"] == () and empty["total_need"] == 0.0
    assert math.isnan(empty["coverage"]) and math.isnan(empty["sentiment"])
    assert not empty["flagged"]


def test_more_shipped_relieves_more() -> None:
    w = hand_workshop()
    # Make Y a sweet spot too by placing it: the projection then ships X and Y.
    result = score(w)
    result.table.loc[result.table["id"] == "Y", "quadrant"] = "Sweet spot"
    jmap = journey_map(w, result, JourneyPlan(top=5))
    assert jmap.shipped == ["X", "Y"]
    assert jmap.cell(ALL_CUSTOMERS, "Join")["relieved"] == pytest.approx(0.6 + 0.8)
    assert jmap.cell(ALL_CUSTOMERS, "Use")["relieved"] == pytest.approx(1 / 9)
    one = journey_map(w, result, JourneyPlan(top=1))
    assert one.shipped == ["X"]


def test_the_exported_table_holds_the_same_figures(jmap: JourneyMap) -> None:
    plan = JourneyPlan(targets={"Use": StageTarget(0.25, "in control")})
    jmap.plan = plan
    table = journey_table(jmap)
    assert list(table["Stage"]) == ["Join", "Use"] * 3
    assert list(table["Segment"]) == [ALL_CUSTOMERS] * 2 + ["A"] * 2 + ["B"] * 2
    row = table.iloc[0]
    assert row["Total need"] == pytest.approx(2.6) and row["Insights"] == 2
    assert row["Dominant emotions"] == "angry (1), anxious (1), happy (1)"
    assert row["Initiatives acting"] == "X; Y" and row["Insight IDs"] == "I1; I2"
    use = table.iloc[1]
    assert use["No initiative for an unmet need"] == "yes"
    assert use["Target sentiment"] == 0.25 and use["Target feeling"] == "in control"
    # Targets belong to the stage: only on the All-customers rows.
    assert table.iloc[3]["Target feeling"] == ""


def test_sentiment_scales() -> None:
    assert read_sentiment([-0.5, 0.2, None]).scale == "−1 to 1"
    five = read_sentiment([-5, 2.5, "4"])
    assert five.scale == "−5 to 5 (divided by 5)"
    assert np.allclose(five.values, [-1.0, 0.5, 0.8])
    words = read_sentiment(["Very negative", "neutral", "Positiv", "très positif", "sehr negativ"])
    assert np.allclose(words.values, [-1.0, 0.0, 0.5, 1.0, -1.0])
    bad = read_sentiment(["meh", 9, -0.5], ["I1", "I2", "I3"])
    assert bad.unreadable == ("I1", "I2") and np.isnan(bad.values[:2]).all()
    assert bad.values[2] == pytest.approx(-0.1)  # 9 makes it a −5…5 column; 9 itself is out


def test_stage_order_keeps_the_saved_order_and_adds_new_stages() -> None:
    w = hand_workshop()
    assert stage_order(w) == ["Join", "Use"]
    assert stage_order(w, JourneyPlan(("Use", "Gone", "Join"))) == ["Use", "Join"]
    assert stage_order(w, JourneyPlan(("Use",))) == ["Use", "Join"]
    jmap = journey_map(w, score(w), JourneyPlan(("Use", "Join")))
    assert list(jmap.cells["stage"][:2]) == ["Use", "Join"]


def test_plan_round_trips_through_the_project_file() -> None:
    plan = JourneyPlan(("Use", "Join"), {"Join": StageTarget(0.5, "welcomed")}, top=3)
    project = Project(hand_workshop(), view_state={PLAN_KEY: plan.to_state()})
    back = project_from_dict(project_to_dict(project))
    assert plan_of(back.view_state) == plan
    # Damaged state falls back to the default rather than failing.
    assert JourneyPlan.from_state({"top": "x", "targets": [1], "stage_order": 3}) == JourneyPlan()
    assert JourneyPlan.from_state({"targets": {"Join": {"sentiment": 7}}}).targets == {
        "Join": StageTarget(1.0, "")
    }


def test_a_target_is_an_undoable_edit() -> None:
    session = Session(Project(hand_workshop()))
    before = plan_of(session.project.view_state)
    plan = before.with_target("Join", StageTarget(0.5, "welcomed"))
    undo = session.apply(SetViewState(PLAN_KEY, plan.to_state(), "Set the target for Join"))
    assert plan_of(session.project.view_state).targets["Join"] == StageTarget(0.5, "welcomed")
    session.apply(undo)
    assert plan_of(session.project.view_state) == before


def test_empty_states_name_the_column_to_add() -> None:
    w = hand_workshop()
    assert empty_state(w) == "" and sentiment_empty_state(w) == ""
    w.insights["journey_stage"] = ""
    assert "Journey stage column" in empty_state(w)
    w.insights["sentiment"] = None
    assert "Sentiment column" in sentiment_empty_state(w)
    assert "Import insights" in empty_state(Workshop())
    flat = journey_map(w, score(w))
    assert not flat.has_stages and not flat.has_sentiment and flat.cells.empty
    assert flat.unstaged == 4


@pytest.mark.parametrize("sample", ["retail_bank.xlsx", "pharma_hcp.xlsx"])
def test_the_journey_sheet_holds_the_cores_figures(sample: str, tmp_path: Path) -> None:
    project = open_inputs([SAMPLES / sample])
    w = project.workshop
    result = score(w)
    first = stage_order(w)[0]
    plan = JourneyPlan(targets={first: StageTarget(0.3, "welcomed")}, top=3)
    path = write_backlog(tmp_path / "backlog.xlsx", w, result, journey=plan)
    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    assert names[:3] == ["Backlog", "Unmet needs", "Journey"]
    sheet = pd.read_excel(path, sheet_name="Journey", engine="calamine")
    jmap = journey_map(w, result, plan)
    cells = jmap.cells
    assert list(sheet["Stage"]) == list(cells["stage"])
    assert list(sheet["Segment"]) == list(cells["segment"])
    for column, field in (
        ("Total need", "total_need"),
        ("Unmet need", "unmet_need"),
        ("Need relieved by top 3", "relieved"),
        ("Mean sentiment", "sentiment"),
    ):
        assert np.allclose(sheet[column], cells[field], equal_nan=True), column
    assert list(sheet["Insights"]) == [len(i) for i in cells["insights"]]
    assert sheet.loc[0, "Target feeling"] == "welcomed" and sheet.loc[0, "Target sentiment"] == 0.3
    # Every staged insight is on the All-customers row exactly once.
    staged = [i for ids in cells.loc[cells["segment"] == ALL_CUSTOMERS, "insights"] for i in ids]
    assert sorted(staged) == sorted(w.insights["id"])


def test_the_kept_evidence_follows_every_edit() -> None:
    from sweetspot.core.edits import SetCell, apply_edit

    project = Project(hand_workshop())
    w = project.workshop
    assert journey_map(w, score(w)).cell(ALL_CUSTOMERS, "Use")["insights"] == ("I3",)
    apply_edit(project, SetCell("insights", "I4", "journey_stage", "Use"))
    jmap = journey_map(w, score(w))
    assert jmap.cell(ALL_CUSTOMERS, "Use")["insights"] == ("I3", "I4") and jmap.unstaged == 0
    apply_edit(project, SetCell("insights", "I3", "sentiment", "positive"))
    assert journey_map(w, score(w)).cell("A", "Use")["sentiment"] == pytest.approx(0.5)
    # A weight edit keeps the evidence (same content), and the projection follows the ranks.
    apply_edit(project, SetCell("objectives", "O1", "weight", 2.0))
    assert journey_map(w, score(w)).cell(ALL_CUSTOMERS, "Join")["relieved"] == pytest.approx(0.6)
