"""Every edit is a value: applied to a project it changes exactly what it says, and the edit it
returns gives back the same project (tables, column types, row order, settings, lenses, votes)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sweetspot.core import edits as E
from sweetspot.core.importing import load_workshop
from sweetspot.core.project import Project
from sweetspot.core.scoring import Override, ScoringSettings, score
from sweetspot.core.session import (
    LensesChanged,
    ScoresChanged,
    SelectionChanged,
    Session,
    VotesChanged,
)
from sweetspot.core.votes import empty_votes
from tests.conftest import make_small_workshop

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "retail_bank.xlsx"


def _project() -> Project:
    return Project(make_small_workshop(), ScoringSettings(overrides={"C": Override(80, 90, "x")}))


def assert_same_project(a: Project, b: Project) -> None:
    for table in ("insights", "objectives", "initiatives", "links"):
        pd.testing.assert_frame_equal(getattr(a.workshop, table), getattr(b.workshop, table))
    assert a.settings == b.settings
    assert list(a.lenses.items()) == list(b.lenses.items())
    pd.testing.assert_frame_equal(a.votes, b.votes)
    assert a.vote_weights == b.vote_weights
    assert a.workshop.problems == b.workshop.problems
    assert a.view_state == b.view_state


def _value(table: pd.DataFrame, ident: str, column: str) -> float:
    return float(table.loc[table["id"] == ident, column].iloc[0])


def _copy(p: Project) -> Project:
    return Project(
        p.workshop.copy(),
        p.settings,
        dict(p.lenses),
        dict(p.view_state),
        p.votes.copy(),
        dict(p.vote_weights),
    )


def _round_trip(p: Project, edit: E.Edit) -> E.Edit:
    before = _copy(p)
    undo = E.apply_edit(p, edit)
    redo = E.apply_edit(p, undo)
    assert_same_project(p, before)
    E.apply_edit(p, redo)
    return undo


# -- each edit on a hand-made example ---------------------------------------------------------
def test_cell_edit_changes_one_value_and_undoes() -> None:
    p = _project()
    undo = E.apply_edit(p, E.SetCell("objectives", "O1", "weight", 0.0))
    assert p.workshop.objectives["weight"].tolist() == [0.0, 1.0]
    assert _value(score(p.workshop, p.settings).table, "A", "business_impact") < 50
    E.apply_edit(p, undo)
    assert p.workshop.objectives["weight"].tolist() == [2.0, 1.0]


def test_cell_edit_of_a_new_column_removes_the_column_on_undo() -> None:
    p = _project()
    before = _copy(p)
    undo = E.apply_edit(p, E.SetCell("initiatives", "A", "Budget owner", "Ops"))
    assert p.workshop.initiatives["Budget owner"].tolist() == ["Ops", "", ""]
    E.apply_edit(p, undo)
    assert_same_project(p, before)


def test_renaming_an_initiative_carries_links_and_placement_and_back() -> None:
    p = _project()
    before = _copy(p)
    undo = E.apply_edit(p, E.SetCell("initiatives", "C", "id", "C9"))
    assert "C9" in set(p.workshop.initiatives["id"])
    assert p.workshop.links["initiative"].tolist() == ["A", "A", "B", "C9", "A"]
    assert "C9" in p.settings.overrides and "C" not in p.settings.overrides
    E.apply_edit(p, undo)
    assert_same_project(p, before)


def test_renaming_an_insight_carries_only_its_own_links() -> None:
    p = _project()
    E.apply_edit(p, E.SetCell("insights", "I1", "id", "I7"))
    assert p.workshop.links["target"].tolist() == ["I7", "O1", "I2", "O2", "O2"]


def test_rename_to_a_used_id_is_refused_with_a_sentence() -> None:
    p = _project()
    with pytest.raises(E.EditRefused, match="already used by an objective"):
        E.apply_edit(p, E.SetCell("insights", "I1", "id", "O1"))
    with pytest.raises(E.EditRefused, match="No initiative with ID Z"):
        E.apply_edit(p, E.SetCell("initiatives", "Z", "effort", 1.0))


def test_link_set_changed_and_removed_round_trip_at_the_same_row() -> None:
    p = _project()
    _round_trip(p, E.SetLink("B", "O2", 9.0))  # new link, appended
    assert p.workshop.links.iloc[-1].tolist()[:3] == ["B", "O2", 9.0]
    p = _project()
    _round_trip(p, E.SetLink("A", "O1", 9.0))  # changed in place
    assert p.workshop.links["strength"].tolist() == [9.0, 9.0, 3.0, 9.0, 1.0]
    p = _project()
    _round_trip(p, E.SetLink("A", "O1", 0.0))  # removed; undo puts it back as row 2
    assert p.workshop.links["target"].tolist() == ["I1", "I2", "O2", "O2"]


def test_duplicated_link_collapses_and_undo_restores_both() -> None:
    p = _project()
    p.workshop.links = pd.concat(
        [p.workshop.links, pd.DataFrame([{"initiative": "A", "target": "O1", "strength": 1.0}])],
        ignore_index=True,
    )
    _round_trip(p, E.SetLink("A", "O1", 3.0))
    assert p.workshop.links["strength"].tolist() == [9.0, 3.0, 3.0, 9.0, 1.0]


def test_strength_outside_the_ladder_is_refused_naming_the_ladder() -> None:
    with pytest.raises(E.EditRefused, match="0/1/3/9"):
        E.apply_edit(_project(), E.SetLink("A", "O1", 12.0))


def test_delete_cascades_links_and_placement_and_undo_puts_rows_back_in_place() -> None:
    p = _project()
    before = _copy(p)
    undo = E.apply_edit(p, E.DeleteRows("initiatives", ("A", "C")))
    assert p.workshop.initiatives["id"].tolist() == ["B"]
    assert p.workshop.links["initiative"].tolist() == ["B"]
    assert p.settings.overrides == {}
    E.apply_edit(p, undo)
    assert_same_project(p, before)


def test_add_row_then_undo() -> None:
    p = _project()
    before = _copy(p)
    undo = E.apply_edit(p, E.AddRow("objectives", {"id": "O3", "objective": "Keep", "weight": 1}))
    assert p.workshop.objectives["id"].tolist() == ["O1", "O2", "O3"]
    assert p.workshop.objectives["weight"].dtype == np.float64
    E.apply_edit(p, undo)
    assert_same_project(p, before)
    with pytest.raises(E.EditRefused, match="already used"):
        E.apply_edit(p, E.AddRow("objectives", {"id": "I1"}))


def test_settings_placement_lens_votes_view_edits_round_trip() -> None:
    p = _project()
    _round_trip(p, E.SetSettings(p.settings.with_changes(alpha=0.9), "Change balance"))
    _round_trip(p, E.SetPlacement("A", Override(10, 20, "room")))
    _round_trip(p, E.SetPlacement("C", None))
    p.lenses = {"CFO": ScoringSettings(alpha=0.1), "CX": ScoringSettings(alpha=0.9)}
    _round_trip(p, E.SaveLens("CFO", None))  # deleting the first keeps the order on undo
    _round_trip(p, E.SaveLens("New", ScoringSettings(alpha=0.3)))
    votes = pd.DataFrame(
        [
            {
                "participant": "Ann",
                "role": "CFO",
                "initiative": "A",
                "customer": 50.0,
                "business": 60.0,
                "dots": 2.0,
            }
        ]
    ).reindex(columns=empty_votes().columns)
    _round_trip(p, E.SetVotes(votes, "Votes of Ann", {"CFO": 2.0}))
    _round_trip(p, E.SetVotes(votes, "with problems", problems=()))
    _round_trip(p, E.SetViewState("journey_order", ["Log in", "Visit"]))


def test_reimport_replaces_data_and_undo_brings_the_old_back() -> None:
    p = _project()
    before = _copy(p)
    other = make_small_workshop()
    other.objectives.loc[0, "weight"] = 7.0
    undo = E.apply_edit(p, E.ReplaceData(other, ScoringSettings(alpha=0.2)))
    assert p.workshop.objectives["weight"].tolist() == [7.0, 1.0]
    assert p.workshop is not other  # the value stays a value
    E.apply_edit(p, undo)
    assert_same_project(p, before)


def test_clean_cell_value_speaks_plainly() -> None:
    w = make_small_workshop()
    assert E.clean_cell_value(w, "initiatives", "A", "confidence", "80%") == pytest.approx(0.8)
    assert math.isnan(E.clean_cell_value(w, "initiatives", "A", "effort", ""))
    with pytest.raises(E.EditRefused, match="between 1 and 5"):
        E.clean_cell_value(w, "insights", "I1", "importance", 7)
    with pytest.raises(E.EditRefused, match="must be a number"):
        E.clean_cell_value(w, "objectives", "O1", "weight", "lots")
    with pytest.raises(E.EditRefused, match="can't be blank"):
        E.clean_cell_value(w, "objectives", "O1", "objective", "  ")


# -- property: any sequence of edits, undone in reverse, gives back the same project -----------
IDS = {"insights": ["I1", "I2"], "objectives": ["O1", "O2"], "initiatives": ["A", "B", "C"]}
FIELDS: dict[str, list[tuple[str, st.SearchStrategy[Any]]]] = {
    "insights": [("importance", st.sampled_from([1.0, 3.0, 5.0])), ("need", st.text(max_size=8))],
    "objectives": [("weight", st.sampled_from([0.0, 1.0, 7.5]))],
    "initiatives": [
        ("effort", st.sampled_from([float("nan"), 1.0, 4.0])),
        ("status", st.sampled_from(["", "Done"])),
        ("Budget", st.sampled_from(["x", "y"])),
    ],
}


@st.composite
def an_edit(draw: st.DrawFn) -> E.Edit:
    kind = draw(st.sampled_from(["cell", "link", "delete", "add", "rename", "place", "lens"]))
    table = draw(st.sampled_from(list(IDS)))
    ident = draw(st.sampled_from(IDS[table]))
    if kind == "cell":
        name, values = draw(st.sampled_from(FIELDS[table]))
        return E.SetCell(table, ident, name, draw(values))
    if kind == "link":
        target = draw(st.sampled_from(IDS["insights"] + IDS["objectives"]))
        s = draw(st.sampled_from([0.0, 1.0, 3.0, 9.0]))
        return E.SetLink(draw(st.sampled_from(IDS["initiatives"])), target, s)
    if kind == "delete":
        return E.DeleteRows(table, tuple(draw(st.sets(st.sampled_from(IDS[table]), min_size=1))))
    if kind == "add":
        return E.AddRow(table, {"id": f"N{draw(st.integers(0, 99))}"})
    if kind == "rename":
        return E.SetCell(table, ident, "id", f"R{draw(st.integers(0, 99))}")
    if kind == "place":
        return E.SetPlacement(ident, draw(st.sampled_from([None, Override(1, 2, "r")])))
    return E.SaveLens(ident, draw(st.sampled_from([None, ScoringSettings(alpha=0.2)])))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(an_edit(), min_size=1, max_size=6))
def test_any_edits_undone_in_reverse_give_back_the_same_project(edits: list[E.Edit]) -> None:
    p = _project()
    p.lenses = {"A": ScoringSettings(alpha=0.7)}
    start = _copy(p)
    undos: list[E.Edit] = []
    states: list[Project] = []
    for edit in edits:
        try:
            undos.append(E.apply_edit(p, edit))
        except E.EditRefused:
            continue
        states.append(_copy(p))
    redos = []
    for undo in reversed(undos):
        redos.append(E.apply_edit(p, undo))
    assert_same_project(p, start)
    # Redo (the inverse of each inverse) walks forward through the same states.
    for redo, state in zip(reversed(redos), states, strict=True):
        E.apply_edit(p, redo)
        assert_same_project(p, state)


# -- the session --------------------------------------------------------------------------------
def test_session_rescores_after_data_edits_and_tells_specific_events() -> None:
    s = Session(_project())
    seen: list[object] = []
    s.subscribe(seen.append)
    a_before = _value(s.result.table, "A", "score")
    s.select(["A", "C"])
    undo = s.apply(E.SetCell("objectives", "O1", "weight", 0.0))
    assert _value(s.result.table, "A", "score") < a_before
    assert seen == [SelectionChanged(("A", "C")), ScoresChanged()]
    seen.clear()
    s.apply(E.SaveLens("CFO", ScoringSettings(alpha=0.1)))
    assert seen == [LensesChanged()]  # a lens never re-scores
    seen.clear()
    s.apply(E.DeleteRows("initiatives", ("C",)))
    assert seen == [SelectionChanged(("A",)), ScoresChanged()]
    s.apply(undo)
    # O1's weight is back; A's score does not depend on C, which stays deleted.
    assert _value(s.result.table, "A", "score") == pytest.approx(a_before)
    assert "C" not in set(s.result.table["id"])
    seen.clear()
    s.apply(E.SetVotes(empty_votes(), "Clear votes"))
    assert VotesChanged() in seen and ScoresChanged() not in seen


def test_session_scores_the_sample_as_score_does() -> None:
    w = load_workshop([SAMPLE])
    s = Session(Project(w))
    pd.testing.assert_frame_equal(s.result.table, score(w, ScoringSettings()).table)
    first = str(s.result.table["id"].iloc[0])
    s.apply(E.SetPlacement(first, Override(0.0, 0.0, "room says no")))
    assert s.result.table.set_index("id").loc[first, "quadrant"] == "Low overlap"
    assert s.movement(first) < 0
