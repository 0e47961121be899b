"""What CLI inputs hold beyond the workshop: the votes of a project, or of the workbooks.

Here rather than in sweetspot.core.votes because a project input is read with
sweetspot.core.project, which itself stores votes: votes ← project ← inputs, no cycle.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from sweetspot.core.model import Problem, Workshop
from sweetspot.core.project import ProjectError, load_project
from sweetspot.core.votes import empty_votes, load_votes, votes_extra_sheets


def votes_for_inputs(
    inputs: Sequence[str | Path], workshop: Workshop | None = None
) -> tuple[pd.DataFrame, dict[str, float], list[Problem]]:
    """The votes that go with CLI inputs: a project's saved votes and role weights, or the
    `Votes` sheets of the input workbooks (CSV inputs are tables, not votes)."""
    paths = [Path(p) for p in inputs]
    if len(paths) == 1 and paths[0].suffix.lower() == ".sweetspot":
        try:
            project = load_project(paths[0])
        except ProjectError:
            return empty_votes(), {}, []
        return project.votes, dict(project.vote_weights), []
    frames: list[pd.DataFrame] = []
    problems: list[Problem] = []
    for p in paths:
        if p.suffix.lower() not in (".xlsx", ".xlsm", ".xls", ".ods") or not p.is_file():
            continue
        found, probs = load_votes(p, workshop=workshop)
        problems += probs
        if len(found):
            frames.append(found)
    if not frames:
        return empty_votes(), {}, problems
    both = pd.concat(frames, ignore_index=True)
    both = both.drop_duplicates(["participant", "initiative"], keep="last").reset_index(drop=True)
    return both, {}, problems


def input_votes_sheets(
    inputs: Sequence[str | Path], workshop: Workshop | None = None
) -> dict[str, pd.DataFrame]:
    """The `Votes` export sheet for CLI inputs ({} when they hold no votes)."""
    votes, weights, _problems = votes_for_inputs(inputs, workshop)
    return votes_extra_sheets(votes, workshop, weights)


__all__ = ["input_votes_sheets", "votes_for_inputs"]
