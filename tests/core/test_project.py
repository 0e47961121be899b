"""The `.sweetspot` project file: round trip, atomic save with backup, versions, bad files."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sweetspot.core.model import Problem, SourceInfo, Workshop
from sweetspot.core.project import (
    SCHEMA_VERSION,
    FileStamp,
    Project,
    ProjectError,
    backup_path,
    load_project,
    merge_reimport,
    save_project,
)
from sweetspot.core.scoring import Override, ScoringSettings, score


def _rich_project(w: Workshop) -> Project:
    """A project using every saved part: custom and meta columns, lens, placements, lenses."""
    w.insights["Region notes"] = pd.Series(["North, busy", np.nan])
    w.insights["Mentions"] = [12, 7]
    w.insights["_sheet"] = ["Insights", "Insights"]
    w.insights["_row"] = [2, 3]
    w.links["_cell"] = ["B2", "C2", "B3", "D4", "C2"]
    w.problems = [Problem("warning", "Insights", "E3", "Satisfaction is blank; gap taken as 0.")]
    w.sources = {"insights": SourceInfo("bank.xlsx", "Insights", {"id": "A", "need": "B"})}
    w.files = ["bank.xlsx"]
    settings = ScoringSettings(
        alpha=0.7,
        rank_by="value",
        thresholds=(30.0, 20.0),
        segments=frozenset({"Retail"}),
        overrides={"C": Override(80.0, 90.0, "Regulator deadline")},
    )
    lenses = {"Young families": ScoringSettings(segments=frozenset({"Young families"}))}
    return Project(w, settings, lenses, {"view": "backlog", "selection": ["A"]})


def test_save_then_load_gives_the_same_tables_settings_and_ranks(
    small_workshop: Workshop, tmp_path: Path
) -> None:
    project = _rich_project(small_workshop)
    path = save_project(project, tmp_path / "bank.sweetspot")
    back = load_project(path)

    for table in ("insights", "objectives", "initiatives", "links"):
        pd.testing.assert_frame_equal(
            getattr(back.workshop, table), getattr(project.workshop, table)
        )
    assert back.settings == project.settings
    assert back.lenses == project.lenses
    assert back.view_state == {"view": "backlog", "selection": ["A"]}
    assert back.workshop.problems == project.workshop.problems
    assert back.workshop.problems[0].location == "Insights!E3"
    assert back.workshop.sources["insights"].columns == {"id": "A", "need": "B"}
    assert back.workshop.files == ["bank.xlsx"]
    assert back.path == path
    before = score(project.workshop, project.settings).table
    after = score(back.workshop, back.settings).table
    assert list(after["id"]) == list(before["id"])
    assert after.loc[after["id"] == "C", "override_reason"].item() == "Regulator deadline"
    pd.testing.assert_series_equal(after["score"], before["score"])


def test_file_is_readable_json_with_nan_as_null(small_workshop: Workshop, tmp_path: Path) -> None:
    path = save_project(Project(small_workshop), tmp_path / "p.sweetspot")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["format"] == "sweetspot-project"
    first = doc["tables"]["insights"]["records"][0]
    assert first["id"] == "I1" and first["reach"] is None
    assert doc["settings"]["alpha"] == 0.5


def test_save_is_atomic_and_keeps_the_previous_version(
    small_workshop: Workshop, tmp_path: Path
) -> None:
    path = tmp_path / "p.sweetspot"
    save_project(Project(small_workshop, ScoringSettings(alpha=0.2)), path)
    save_project(Project(small_workshop, ScoringSettings(alpha=0.9)), path)
    assert load_project(path).settings.alpha == 0.9
    assert load_project(backup_path(path)).settings.alpha == 0.2
    assert backup_path(path).name == "p.sweetspot.bak"
    # No temporary files are left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.sweetspot", "p.sweetspot.bak"]


def test_failed_save_leaves_the_old_file_untouched(
    small_workshop: Workshop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.sweetspot"
    save_project(Project(small_workshop, ScoringSettings(alpha=0.2)), path)
    original = path.read_bytes()

    def broken_replace(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ProjectError, match="could not be saved"):
        save_project(Project(small_workshop, ScoringSettings(alpha=0.9)), path)
    monkeypatch.undo()
    assert path.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_newer_schema_is_refused_with_a_clear_message(
    small_workshop: Workshop, tmp_path: Path
) -> None:
    path = save_project(Project(small_workshop), tmp_path / "p.sweetspot")
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["schema_version"] = SCHEMA_VERSION + 1
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ProjectError, match="newer version of SweetSpot") as info:
        load_project(path)
    assert "Update SweetSpot" in str(info.value)


def test_pre_release_file_is_migrated(tmp_path: Path) -> None:
    old = {
        "alpha": 0.8,
        "overrides": {"A": {"customer_impact": 10, "business_impact": 20}},
        "insights": [{"id": "I1", "need": "Queues", "importance": 5, "satisfaction": 2}],
        "objectives": [{"id": "O1", "objective": "Cost", "weight": 1}],
        "initiatives": [{"id": "A", "initiative": "Booking"}],
        "links": [{"initiative": "A", "target": "I1", "strength": 9}],
    }
    path = tmp_path / "old.sweetspot"
    path.write_text(json.dumps(old), encoding="utf-8")
    project = load_project(path)
    assert project.settings.alpha == 0.8
    assert project.settings.overrides["A"] == Override(10.0, 20.0, "")
    assert project.workshop.insights["importance"].tolist() == [5.0]
    assert project.workshop.links["strength"].dtype == np.float64
    assert score(project.workshop, project.settings).ranks() == {"A": 1}


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"\xff\xfe\x00garbage",
        b"[1, 2, 3]",
        b'{"format": "sweetspot-project", "schema_version": 1, "tables": {"insights": 5}}',
        b'{"format": "sweetspot-project", "schema_version": 1, "settings": {"rank_by": "luck"}}',
        b'{"format": "something-else"}',
        b'{"schema_version": "one"}',
        b"PK\x03\x04 truncated zip",
    ],
)
def test_corrupt_file_gives_project_error_not_a_traceback(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "bad.sweetspot"
    path.write_bytes(content)
    with pytest.raises(ProjectError) as info:
        load_project(path)
    message = str(info.value)
    assert "bad.sweetspot" in message
    assert "Traceback" not in message


def test_missing_file_and_folder_give_project_error(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="was not found"):
        load_project(tmp_path / "gone.sweetspot")
    with pytest.raises(ProjectError):
        load_project(tmp_path)


def test_zipped_project_is_read(small_workshop: Workshop, tmp_path: Path) -> None:
    plain = save_project(
        Project(small_workshop, ScoringSettings(alpha=0.3)), tmp_path / "a.sweetspot"
    )
    zipped = tmp_path / "z.sweetspot"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("project.json", plain.read_text(encoding="utf-8"))
    assert load_project(zipped).settings.alpha == 0.3


def test_file_stamp_notices_another_writer(small_workshop: Workshop, tmp_path: Path) -> None:
    path = save_project(Project(small_workshop), tmp_path / "p.sweetspot")
    stamp = FileStamp.of(path)
    assert stamp is not None and stamp.matches(path)
    os.utime(path, ns=(stamp.mtime_ns + 5_000_000_000, stamp.mtime_ns + 5_000_000_000))
    assert stamp.matches(path)  # touched, same content: not a change
    save_project(Project(small_workshop, ScoringSettings(alpha=0.1)), path)
    assert not stamp.matches(path)


def test_reimport_keeps_links_weights_and_placements_for_ids_that_still_exist(
    small_workshop: Workshop,
) -> None:
    old = small_workshop.copy()
    # In the app: the room added a link, re-weighted O1 and placed A and C.
    old.links = pd.concat(
        [old.links, pd.DataFrame([{"initiative": "B", "target": "O1", "strength": 3.0}])],
        ignore_index=True,
    )
    old.objectives.loc[old.objectives["id"] == "O1", "weight"] = 5.0
    settings = ScoringSettings(
        overrides={"A": Override(90, 90, "agreed"), "C": Override(10, 10, "")}
    )
    # The updated spreadsheet: C is gone, A→I1 is now medium, a new insight I3.
    new = small_workshop.copy()
    new.initiatives = new.initiatives.loc[new.initiatives["id"] != "C"].reset_index(drop=True)
    new.links = pd.DataFrame(
        {"initiative": ["A", "A", "B"], "target": ["I1", "O1", "I2"], "strength": [3.0, 3.0, 3.0]}
    )
    new.insights = pd.concat(
        [new.insights, pd.DataFrame([{"id": "I3", "need": "New", "importance": 4.0}])],
        ignore_index=True,
    )

    merged, kept, summary = merge_reimport(old, settings, new)

    links = {
        (a, b): s
        for a, b, s in zip(
            merged.links["initiative"],
            merged.links["target"],
            merged.links["strength"],
            strict=True,
        )
    }
    assert links[("A", "I1")] == 3.0  # the spreadsheet's value wins where it gives one
    assert links[("B", "O1")] == 3.0  # drawn in the app, kept
    assert links[("A", "O2")] == 1.0  # not in the new sheet, both ends exist: kept
    assert ("C", "O2") not in links  # C no longer exists
    assert merged.objectives.set_index("id").loc["O1", "weight"] == 5.0
    assert set(kept.overrides) == {"A"} and kept.overrides["A"].reason == "agreed"
    assert summary.overrides_dropped == ["C"]
    assert "I3" in set(merged.insights["id"])
    assert score(merged, kept).ranks()["A"] == 1


def test_awkward_text_and_an_empty_workshop_survive_the_round_trip(
    small_workshop: Workshop, tmp_path: Path
) -> None:
    small_workshop.insights.loc[0, "need"] = 'Says "it\'s slow" },{ then\nleaves; =SUM(A1) ✓'
    path = save_project(Project(small_workshop), tmp_path / "awkward.sweetspot")
    back = load_project(path)
    pd.testing.assert_frame_equal(back.workshop.insights, small_workshop.insights)
    empty = save_project(Project(Workshop()), tmp_path / "empty.sweetspot")
    again = load_project(empty).workshop
    for table in ("insights", "objectives", "initiatives", "links"):
        pd.testing.assert_frame_equal(getattr(again, table), getattr(Workshop(), table))


def test_a_lens_with_its_own_weights_survives_save_and_load(
    small_workshop: Workshop, tmp_path: Path
) -> None:
    cfo = ScoringSettings(alpha=0.3, objective_weights={"O1": 0.0, "O2": 5.0})
    path = save_project(Project(small_workshop, ScoringSettings(), {"CFO": cfo}), tmp_path / "p")
    back = load_project(path)
    assert back.lenses["CFO"] == cfo
    assert back.settings.objective_weights is None
