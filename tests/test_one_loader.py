"""One loader: the CLI reads a project once, however many of its parts (settings, a lens, its
votes, its other lenses for the Scenarios sheet) a command uses."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pandas as pd

from sweetspot.core.inputs import open_inputs
from sweetspot.core.project import Project, save_project
from sweetspot.core.scoring import ScoringSettings
from sweetspot.core.votes import empty_votes
from tests.conftest import make_small_workshop

ROOT = Path(__file__).resolve().parents[1]

# Counts how often the child opens the project file (an audit hook sees every open()).
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    target = str(Path(sys.argv[1]).resolve())
    opens = []

    def hook(event, args):
        if event == "open" and args and isinstance(args[0], str | bytes | Path):
            name = args[0].decode() if isinstance(args[0], bytes) else str(args[0])
            if str(Path(name).resolve()) == target:
                opens.append(name)

    sys.addaudithook(hook)
    from sweetspot.cli import main

    code = main(["rank", sys.argv[1], "--lens", "CFO", "-o", sys.argv[2]])
    print("OPENS", len(opens), "CODE", code)
    """
)


def _project(tmp_path: Path) -> Path:
    row = {"participant": "Ann", "role": "CFO", "initiative": "A"}
    votes = pd.DataFrame([{**row, "customer": 50.0, "business": 80.0, "dots": 2.0}])
    votes = votes.reindex(columns=empty_votes().columns)
    project = Project(
        make_small_workshop(),
        ScoringSettings(alpha=0.5),
        lenses={"CFO": ScoringSettings(alpha=0.1), "CX": ScoringSettings(alpha=0.9)},
        votes=votes,
    )
    return save_project(project, tmp_path / "w.sweetspot")


def test_rank_with_a_lens_opens_the_project_file_once(tmp_path: Path) -> None:
    path = _project(tmp_path)
    out = tmp_path / "backlog.xlsx"
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "OPENS 1 CODE 0" in done.stdout, done.stdout + done.stderr
    # The one read served the lens, the Scenarios sheet and the Votes sheet.
    book = openpyxl.load_workbook(out)
    assert {"Scenarios", "Votes"} <= set(book.sheetnames)
    method = {row[0]: row[1] for row in book["Method"].iter_rows(values_only=True)}
    assert str(method["Customer↔business balance (α)"]).startswith("0.1 (customer 10%")


def test_open_inputs_brings_a_projects_lenses_and_votes(tmp_path: Path) -> None:
    project = open_inputs([_project(tmp_path)])
    assert list(project.lenses) == ["CFO", "CX"]
    assert project.lenses["CFO"].alpha == 0.1
    assert list(project.votes["participant"]) == ["Ann"]
    assert project.path is not None and project.path.name == "w.sweetspot"
