"""One loader for everything a consultant hands the tool: workbooks, CSV files, a folder of
CSVs, or a SweetSpot project. Each file is read once, and what it holds beyond the four tables
(a project's settings, lenses, votes and view state; a workbook's Votes sheet) comes back with
it, so the CLI, the app and the report all start from the same `Project`.

Here rather than in sweetspot.core.project because a project stores votes and votes are read with
the workshop: model ← votes ← project ← inputs, no cycle.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from sweetspot.core.import_run import Cancelled, ImportMapping, Progress
from sweetspot.core.importing import SheetGuess, load_workshop
from sweetspot.core.model import Problem
from sweetspot.core.project import PROJECT_SUFFIX, Project, ProjectError, load_project
from sweetspot.core.votes import votes_from_grid
from sweetspot.core.waves import waves_from_grid


class InputError(Exception):
    """The inputs cannot be used at all; the message is a plain sentence for the consultant."""


def is_project_input(inputs: Sequence[str | Path]) -> bool:
    return len(inputs) == 1 and str(inputs[0]).lower().endswith(PROJECT_SUFFIX)


def open_inputs(inputs: Sequence[str | Path]) -> Project:
    """Read the inputs once into a project.

    A `.sweetspot` file comes back as saved (its path set). Spreadsheets come back with default
    settings and the votes of their `Votes` sheets; problems found in those votes are in
    `project.vote_problems` (bad votes are left out and never stop scoring). Missing files and
    unreadable projects raise InputError; problems in readable data are records in
    `project.workshop.problems`, never exceptions.
    """
    missing = [str(p) for p in inputs if not Path(p).exists()]
    if missing:
        raise InputError(f"File not found: {', '.join(missing)}")
    if is_project_input(inputs):
        try:
            return load_project(Path(inputs[0]))
        except ProjectError as exc:
            raise InputError(str(exc)) from exc
    return read_spreadsheets([Path(p) for p in inputs])


def read_spreadsheets(
    paths: Sequence[Path],
    *,
    mapping: ImportMapping | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    guesses: list[SheetGuess] | None = None,
) -> Project:
    """Workbooks and CSV files into a project with default settings: the four tables (with
    the import's column mapping, progress and cancel, as the app's import runs it) and the
    votes of their `Votes` sheets, with the problems found in those votes in
    `project.vote_problems`. `guesses`: see `load_workshop`."""
    grids: list[tuple[str, Any]] = []
    wave_grids: list[tuple[str, Any]] = []
    workshop = load_workshop(
        list(paths),
        mapping=mapping,
        progress=progress,
        cancelled=cancelled,
        votes=grids,
        waves=wave_grids,
        guesses=guesses,
    )
    project = Project(workshop)
    frames: list[pd.DataFrame] = []
    problems: list[Problem] = []
    # The Votes sheets come from the same read of each workbook (one open, one zip scan).
    for sheet, grid in grids:
        found, probs = votes_from_grid(grid, sheet, workshop=workshop)
        problems += probs
        if len(found):
            frames.append(found)
    if frames:
        both = pd.concat(frames, ignore_index=True)
        # A later workbook's vote of a participant on an initiative replaces an earlier one.
        both = both.drop_duplicates(["participant", "initiative"], keep="last")
        project.votes = both.reset_index(drop=True)
    # Survey waves: a later sheet's row for the same insight and wave replaces an earlier one.
    wave_frames = []
    for sheet, grid in wave_grids:
        found, probs = waves_from_grid(grid, sheet)
        problems += probs
        wave_frames.append(found)
    if wave_frames:
        both_waves = pd.concat(wave_frames, ignore_index=True)
        project.waves = both_waves.drop_duplicates(["id", "wave"], keep="last").reset_index(
            drop=True
        )
    seen = {str(p) for p in workshop.problems}  # a file that cannot be read is said once
    project.vote_problems = [p for p in problems if str(p) not in seen]
    return project
