"""The `sweetspot` command: the headless path (validate, rank, template) and the app's launcher.

Built on the same core calls as the desktop app. Bad input never produces a traceback: problems
are printed as `SEVERITY Sheet!Cell: sentence` lines and the exit code says what happened
(0 fine, 1 input has errors or cannot be read, 2 wrong usage).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sweetspot import __version__

if TYPE_CHECKING:
    import pandas as pd

    from sweetspot.core.journey import JourneyPlan
    from sweetspot.core.model import Workshop
    from sweetspot.core.project import Project
    from sweetspot.core.scoring import ScoreResult, ScoringSettings

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
VIEWS = ("matrix", "graph", "backlog", "data", "journey", "review")
PROJECT_SUFFIX = ".sweetspot"


class InputError(Exception):
    """The input cannot be used; the message is a plain sentence for the consultant."""


def _out(text: str = "") -> None:
    print(text, flush=True)


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def load_inputs(inputs: Sequence[str]) -> Project:
    """Read workbooks, CSV files, a CSV folder, or one project file: once, with lenses and
    votes (the core's one loader)."""
    from sweetspot.core.inputs import InputError as CoreInputError
    from sweetspot.core.inputs import open_inputs

    try:
        return open_inputs(inputs)
    except CoreInputError as exc:
        raise InputError(str(exc)) from exc


def print_problems(workshop: Workshop, *, include_info: bool = True) -> None:
    for problem in workshop.problems:
        if problem.severity == "info" and not include_info:
            continue
        _out(str(problem))


def _summary(workshop: Workshop) -> str:
    n_err, n_warn = len(workshop.errors), len(workshop.warnings)
    counts = (
        f"{len(workshop.insights)} insights, {len(workshop.objectives)} objectives, "
        f"{len(workshop.initiatives)} initiatives, {len(workshop.links)} links"
    )
    verdict = (
        "can be scored" if workshop.can_score else "cannot be scored until the errors are fixed"
    )
    return f"{counts}; {n_err} errors, {n_warn} warnings: {verdict}."


def _clip(text: object, width: int) -> str:
    """`text` cut to `width` characters, an ellipsis marking the cut."""
    out = str(text)
    return out if len(out) <= width else out[: width - 1] + "…"


def text_table(columns: Sequence[tuple[str, str]], rows: Iterable[Sequence[object]]) -> str:
    """Fixed-width text for the terminal: (header, format spec) per column ("" for the last,
    free-width one), a rule under the headers; a spec's leading "  " adds a gap before it."""

    def line(cells: Sequence[object]) -> str:
        parts = []
        for (_header, spec), cell in zip(columns, cells, strict=True):
            gap = "  " if spec.startswith("  ") else " "
            parts.append(gap + format(cell, spec.strip()))
        return "".join(parts)[1:]

    head = line([h for h, _spec in columns])
    return "\n".join([head, "-" * len(head), *(line(r) for r in rows)])


def format_ranking(result: ScoreResult, limit: int | None = None) -> str:
    """The ranked table as fixed-width text for the terminal."""
    rows = result.table if limit is None else result.table.head(limit)
    width = 38
    columns = [("Rank", ">4"), ("ID", "  <8"), ("Initiative", f"<{width}"), ("Customer", ">8")]
    columns += [("Business", ">8"), ("Score", ">6"), ("Value", ">6"), ("Quadrant", "  ")]

    def cells(r: Any) -> list[object]:
        value = float(r.value)
        mark = " *" if r.overridden else ""
        return [
            r.rank,
            str(r.id),
            _clip(r.initiative, width),
            f"{r.customer_impact:.1f}",
            f"{r.business_impact:.1f}",
            f"{r.score:.1f}",
            "" if math.isnan(value) else f"{value:.2f}",
            f"{r.quadrant}{mark}",
        ]

    return text_table(columns, (cells(r) for r in rows.itertuples(index=False)))


def cmd_validate(args: argparse.Namespace) -> int:
    project = load_inputs(args.inputs)
    workshop = project.workshop
    print_problems(workshop)
    # A Votes sheet is checked too; its problems never stop scoring (bad votes are left out).
    for problem in project.vote_problems:
        _out(str(problem))
    _out(_summary(workshop))
    return EXIT_OK if workshop.can_score else EXIT_INPUT


def _scoreable_inputs(args: argparse.Namespace) -> tuple[Project, ScoringSettings] | None:
    """The inputs and the settings to score them with (a project's own, or its lens with
    --lens), warnings printed; None, with every problem printed, when they cannot be scored."""
    project = load_inputs(args.inputs)
    workshop = project.workshop
    if not workshop.can_score:
        print_problems(workshop)
        _out(_summary(workshop))
        return None
    print_problems(workshop, include_info=False)
    settings = project.settings
    if getattr(args, "lens", None):
        settings = lens_settings(project, args.inputs, args.lens)
    return project, settings


def _scored_inputs(
    args: argparse.Namespace,
) -> tuple[Project, ScoringSettings, ScoreResult] | None:
    """The inputs, the settings with the command's options applied, and their scores."""
    from sweetspot.core.scoring import score

    loaded = _scoreable_inputs(args)
    if loaded is None:
        return None
    project, settings = loaded
    settings = _with_args(settings, args)
    return project, settings, score(project.workshop, settings)


def _alpha_ok(args: argparse.Namespace) -> bool:
    """False (with the reason said) when --alpha is outside 0–1."""
    if args.alpha is None or 0.0 <= args.alpha <= 1.0:
        return True
    _err("--alpha must be between 0 and 1 (0 = business only, 1 = customer only).")
    return False


def _with_args(settings: ScoringSettings, args: argparse.Namespace) -> ScoringSettings:
    """The settings with --alpha and --by applied where given."""
    if args.alpha is not None:
        settings = settings.with_changes(alpha=args.alpha)
    if args.by is not None:
        settings = settings.with_changes(rank_by=args.by)
    return settings


def cmd_rank(args: argparse.Namespace) -> int:

    # Wrong options are said before any file is read.
    if not _alpha_ok(args):
        return EXIT_USAGE
    if getattr(args, "what_if", False) and (
        not args.output or Path(args.output).suffix.lower() == ".csv"
    ):
        _err("--what-if needs an .xlsx workbook to write (-o backlog.xlsx).")
        return EXIT_USAGE
    problem = _issues_usage(args)
    if problem:
        _err(problem)
        return EXIT_USAGE
    scored = _scored_inputs(args)
    if scored is None:
        return EXIT_INPUT
    project, _settings, result = scored
    workshop = project.workshop
    _out(format_ranking(result, limit=args.top))
    if getattr(args, "issues", None):
        _write_issues(args, project, result)
    elif args.output:
        from sweetspot.core.export import write_backlog

        out = Path(args.output)
        if out.suffix.lower() == ".csv":
            from sweetspot.core.export import write_backlog_csv

            write_backlog_csv(out, result)
        else:
            from sweetspot.core.lenses import compare_lenses

            # Votes (a project's votes or the Votes sheet) and Scenarios (its saved lenses).
            write_backlog(
                out,
                workshop,
                result,
                votes=project.votes,
                vote_weights=project.vote_weights,
                lenses=compare_lenses(project, top_n=5),
                what_if=getattr(args, "what_if", False),
                journey=_journey_plan(project),
                waves=project.waves,
            )
        _out(f"\nBacklog written to {out}")
    if args.png:
        from sweetspot.core.plot import save_matrix_png

        save_matrix_png(Path(args.png), result)
        _out(f"Matrix picture written to {args.png}")
    return EXIT_OK


def lens_settings(project: Project, inputs: Sequence[str], name: str) -> ScoringSettings:
    """The settings of a lens saved in the project; InputError (listing the names) otherwise."""
    from sweetspot.core.inputs import is_project_input

    if not is_project_input(inputs):
        raise InputError(f"--lens needs one {PROJECT_SUFFIX} project (lenses are saved in it).")
    if name not in project.lenses:
        known = ", ".join(f'"{n}"' for n in project.lenses) or "none saved"
        raise InputError(f'No lens "{name}" in {inputs[0]}. Lenses: {known}.')
    return project.lenses[name]


def cmd_robustness(args: argparse.Namespace) -> int:
    from sweetspot.core.robustness import RobustnessParams, robustness, robustness_table

    # Wrong options are said before any file is read.
    if args.draws < 1 or args.top < 1:
        _err("--draws and --top must be at least 1.")
        return EXIT_USAGE
    if not 0.0 <= args.flip <= 1.0 or args.alpha_spread < 0 or args.concentration < 0:
        _err("--flip must be in [0, 1]; --alpha-spread and --concentration at least 0.")
        return EXIT_USAGE
    loaded = _scoreable_inputs(args)
    if loaded is None:
        return EXIT_INPUT
    project, settings = loaded
    workshop = project.workshop
    params = RobustnessParams(
        draws=args.draws,
        top_n=args.top,
        seed=args.seed,
        concentration=args.concentration or None,
        flip_probability=args.flip,
        alpha_spread=args.alpha_spread,
        survey_intervals=not args.no_survey_intervals,
    )
    result = robustness(workshop, settings, params)
    table = robustness_table(result)
    _out(format_robustness(table, args.top, limit=args.rows))
    _out(f"\n{result.params.describe()}.")
    if args.output:
        out = Path(args.output)
        if out.suffix.lower() == ".csv":
            from sweetspot.core.safe_text import csv_safe

            safe = table.copy()
            for col in safe.columns:
                if safe[col].dtype == object:
                    safe[col] = [csv_safe(v) for v in safe[col]]
            safe.to_csv(out, index=False, encoding="utf-8-sig")
        else:
            from sweetspot.core.export import write_backlog
            from sweetspot.core.scoring import score

            write_backlog(out, workshop, score(workshop, settings), robustness=table)
        _out(f"Robustness written to {out}")
    return EXIT_OK


def format_robustness(table: pd.DataFrame, top: int, limit: int | None = None) -> str:
    """The robustness table as fixed-width text: rank, ID, title, P(top N), rank interval."""
    rows = table if limit is None else table.head(limit)
    width = 34
    p_top = f"P(top {top})"
    columns = [("Rank", ">4"), ("ID", "  <8"), ("Initiative", f"<{width}"), (p_top, ">10")]
    columns += [("Median", ">6"), ("Rank 5–95%", "  ")]
    return text_table(
        columns,
        (
            [
                r["Rank"],
                str(r["ID"]),
                _clip(r["Initiative"], width),
                f"{float(r[p_top]):.1%}",
                r["Median rank"],
                r["Rank interval (5–95%)"],
            ]
            for r in rows.to_dict("records")
        ),
    )


def _deliverable_args_ok(args: argparse.Namespace, out: Path, suffix: str, wrong: str) -> bool:
    """The report's and the deck's options checked before any file is read (said when wrong)."""
    if out.suffix.lower() != suffix:
        _err(wrong)
        return False
    if not _alpha_ok(args):
        return False
    if args.draws < 0 or args.top < 1:
        _err("--draws must be at least 0 and --top at least 1.")
        return False
    return True


def cmd_report(args: argparse.Namespace) -> int:
    """The workshop report PDF: matrix, top-10 backlog, unmet needs, lenses, robustness, method."""
    from sweetspot.core.plot.report import write_report

    out = Path(args.output)
    if not _deliverable_args_ok(args, out, ".pdf", "The report is a PDF: give -o report.pdf."):
        return EXIT_USAGE
    scored = _scored_inputs(args)
    if scored is None:
        return EXIT_INPUT
    project, settings, result = scored
    write_report(
        out, project.workshop, result, None, **_deliverable_inputs(args, project, settings)
    )
    _out(f"Report written to {out}")
    return EXIT_OK


def _deliverable_inputs(
    args: argparse.Namespace, project: Project, settings: ScoringSettings
) -> dict[str, Any]:
    """What the report and the deck add to the scores, from the same options: the saved
    lenses compared, a robustness run (unless --draws 0), the journey plan and the waves."""
    from sweetspot.core.lenses import compare_lenses

    robust = None
    if args.draws:
        from sweetspot.core.robustness import RobustnessParams, robustness

        params = RobustnessParams(draws=args.draws, top_n=args.top, seed=args.seed)
        robust = robustness(project.workshop, settings, params)
    return {
        "lenses": compare_lenses(project, settings, args.top),
        "robustness": robust,
        "journey": _journey_plan(project),
        "waves": project.waves,
    }


def _journey_plan(project: Project, top: int | None = None) -> JourneyPlan:
    """The journey plan saved in a project (stage order, targets, top N), --top applied."""
    from sweetspot.core.journey import plan_of

    plan = plan_of(project.view_state)
    return plan.with_top(top) if top else plan


def cmd_journey(args: argparse.Namespace) -> int:
    """The journey by stage (all customers) printed; every stage × segment to -o, the picture
    to --png: the Journey tab's figures, from the same core calls."""
    from sweetspot.core.journey import empty_state, journey_map, journey_table

    if args.top is not None and args.top < 1:
        _err("--top must be at least 1.")
        return EXIT_USAGE
    if args.output and Path(args.output).suffix.lower() not in (".csv", ".xlsx"):
        _err("The journey table is a .csv or .xlsx file: give -o journey.csv.")
        return EXIT_USAGE
    if not _alpha_ok(args):
        return EXIT_USAGE
    scored = _scored_inputs(args)
    if scored is None:
        return EXIT_INPUT
    project, _settings, result = scored
    workshop = project.workshop
    missing = empty_state(workshop)
    if missing:
        _err(missing)
        return EXIT_INPUT
    jmap = journey_map(workshop, result, _journey_plan(project, args.top))
    _out(format_journey(jmap))
    for note in jmap.notes():
        _out(f"Note: {note}")
    if args.output:
        out = Path(args.output)
        table = journey_table(jmap)
        if out.suffix.lower() == ".csv":
            from sweetspot.core.export import write_table_csv

            write_table_csv(out, table)
        else:
            from sweetspot.core.export import JOURNEY_SHEET, write_tables

            write_tables(out, {JOURNEY_SHEET: table})
        _out(f"\nJourney table written to {out}")
    if args.png:
        from sweetspot.core.plot.journey import save_journey_png

        save_journey_png(Path(args.png), jmap, workshop)
        _out(f"Journey picture written to {args.png}")
    return EXIT_OK


def format_journey(jmap: Any) -> str:
    """One line per stage for all customers: need, unmet need, coverage, relief, sentiment."""
    table = jmap.stage_table()
    top = jmap.plan.top

    def sentiment(x: float) -> str:
        return "—" if math.isnan(x) else f"{x:+.2f}"

    rows = [
        [
            r["stage"],
            len(r["insights"]),
            f"{r['total_need']:.2f}",
            f"{r['unmet_need']:.2f}",
            "—" if math.isnan(r["coverage"]) else f"{r['coverage']:.0%}",
            f"{r['relieved']:.2f}",
            sentiment(r["sentiment"]),
            sentiment(r["target_sentiment"]),
            "no initiative" if r["flagged"] else ", ".join(r["initiatives"][:4]),
        ]
        for r in table.to_dict("records")
    ]
    shipped = ", ".join(jmap.shipped) or "no sweet spot yet"
    head = f"Customer journey · all customers · top {top} sweet spots shipped: {shipped}"
    relieved = f"Relieved by top {top}"
    width = max([len("Stage"), *(len(str(r[0])) for r in rows)])
    columns = [
        ("Stage", f"<{width}"),
        ("Needs", "  >5"),
        ("Need", "  >6"),
        ("Unmet", "  >6"),
        ("Covered", "  >7"),
        (relieved, f"  >{len(relieved)}"),
        ("Feeling", "  >7"),
        ("Target", "  >6"),
        ("Initiatives acting", "  "),
    ]
    return head + "\n" + text_table(columns, rows)


# ---- deliverables: the slide deck and the tracker CSVs (docs/deliverables.md) -----------------
def _issues_usage(args: argparse.Namespace) -> str | None:
    """What is wrong with --issues / --issue-type on `rank` (None when nothing is)."""
    if getattr(args, "issue_type", None) and not getattr(args, "issues", None):
        return "--issue-type goes with --issues jira|azure."
    if not getattr(args, "issues", None):
        return None
    if not args.output or Path(args.output).suffix.lower() != ".csv":
        return "--issues writes a CSV for the tracker's importer: give -o issues.csv."
    if getattr(args, "what_if", False):
        return "--what-if is a workbook sheet; --issues writes a tracker CSV. Use one of them."
    return None


def _write_issues(args: argparse.Namespace, project: Project, result: ScoreResult) -> None:
    """`rank --issues jira|azure -o issues.csv`: the tracker CSV instead of the workbook."""
    from sweetspot.core.tracker_csv import TRACKER_NAMES, write_tracker_csv

    out = write_tracker_csv(
        Path(args.output),
        project.workshop,
        result,
        args.issues,
        issue_type=args.issue_type,
        workshop_name=_workshop_name(args.inputs),
    )
    name = TRACKER_NAMES[args.issues]
    _out(f"\n{name} backlog ({len(result.table)} issues, in rank order) written to {out}")


def _workshop_name(inputs: Sequence[str]) -> str:
    """The workshop's name on a deck or an issue: the project's or the first input's name."""
    first = Path(inputs[0])
    return first.stem if first.suffix else first.name


def cmd_deck(args: argparse.Namespace) -> int:
    """The workshop deck (PowerPoint): matrix, top 10, top-5 initiatives, unmet needs,
    lenses, robustness, method; speaker notes with the numbers."""
    out = Path(args.output)
    wrong = "The deck is a PowerPoint file: give -o workshop.pptx."
    if not _deliverable_args_ok(args, out, ".pptx", wrong):
        return EXIT_USAGE
    scored = _scored_inputs(args)
    if scored is None:
        return EXIT_INPUT
    project, settings, result = scored
    from sweetspot.core.deck import write_deck

    write_deck(
        out,
        project.workshop,
        result,
        title=args.title or _workshop_name(args.inputs),
        **_deliverable_inputs(args, project, settings),
    )
    _out(f"Deck written to {out}")
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    """Closing the loop: two survey waves compared, delivered initiatives against the rest."""
    from sweetspot.core.waves import review, review_sheets

    if args.output and Path(args.output).suffix.lower() not in (".xlsx", ".csv"):
        _err("The impact review is a workbook: give -o review.xlsx (or .csv for the insights).")
        return EXIT_USAGE
    project = load_inputs(args.inputs)
    workshop = project.workshop
    if not workshop.can_score:
        print_problems(workshop)
        _out(_summary(workshop))
        return EXIT_INPUT
    for problem in project.vote_problems:
        _out(str(problem))
    result = review(workshop, project.waves, args.from_wave, args.to_wave)
    if result.insights.empty:
        _err(result.message)
        return EXIT_INPUT
    _out(result.summary())
    if result.message:
        _out(f"Note: {result.message}")
    _out(format_review(result))
    for label, ids in (("New in", result.new_ids), ("Not measured in", result.vanished_ids)):
        if ids:
            _out(f"{label} {result.to_wave}: {', '.join(ids)}")
    if args.output:
        out = Path(args.output)
        sheets = review_sheets(result)
        if out.suffix.lower() == ".csv":
            from sweetspot.core.export import write_table_csv

            write_table_csv(out, sheets["Impact review insights"])
        else:
            from sweetspot.core.export import write_tables

            write_tables(out, sheets)
        _out(f"\nImpact review written to {out}")
    return EXIT_OK


def format_review(result: Any) -> str:
    """One line per delivered initiative: its needs' change against the rest."""

    def signed(x: float) -> str:
        return "—" if not math.isfinite(x) else f"{x:+.2f}"

    rows = [
        [r["id"], _clip(r["initiative"], 40), r["insights_measured"], signed(r["change"]),
         signed(r["difference"])]
        for r in result.initiatives.to_dict("records")
    ]  # fmt: skip
    columns = [
        ("ID", "<8"),
        ("Delivered initiative", "  <40"),
        ("Needs", "  >5"),
        ("Change", "  >7"),
        ("vs rest", "  >7"),
    ]
    return text_table(columns, rows)


def cmd_template(args: argparse.Namespace) -> int:
    from sweetspot.core.template import write_template

    out = write_template(Path(args.output))
    _out(f"Template written to {out}")
    return EXIT_OK


def cmd_open(args: argparse.Namespace) -> int:
    if args.screenshot:
        if not args.file:
            _err("--screenshot needs a FILE to open.")
            return EXIT_USAGE
        from sweetspot.ui.app import screenshot

        return screenshot(Path(args.file), args.view, Path(args.screenshot))
    from sweetspot.ui.app import run_app

    return run_app([args.file] if args.file else [])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sweetspot",
        description=(
            "Find the sweet spots where customer needs and business objectives overlap. "
            "Run without a command to open the desktop app."
        ),
    )
    parser.add_argument("--version", action="version", version=f"SweetSpot {__version__}")
    parser.add_argument("--debug", action="store_true", help="show full error details")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    inputs_help = "a workbook (.xlsx .xlsm .ods .xls), CSV files, a folder of CSVs, or a project"
    p = sub.add_parser("validate", help="list every problem in the input")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=inputs_help)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("rank", help="score, rank, print the backlog and write the workbook")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=inputs_help)
    p.add_argument("-o", "--output", help="backlog workbook to write (.xlsx, or .csv)")
    p.add_argument("--alpha", type=float, help="customer weight α in [0, 1] (default 0.5)")
    p.add_argument("--by", choices=("score", "value"), help="rank by sweet-spot score or value")
    p.add_argument("--png", help="also write the sweet-spot matrix as a PNG picture")
    p.add_argument("--top", type=int, help="print only the first N rows")
    p.add_argument("--lens", metavar="NAME", help="rank under a lens saved in the project")
    p.add_argument(
        "--what-if",
        action="store_true",
        help="add a live What-if sheet: edit weights and α in Excel/LibreOffice, scores re-rank",
    )
    p.add_argument(
        "--issues",
        choices=("jira", "azure"),
        help="write -o issues.csv for Jira's or Azure DevOps' CSV importer instead of the workbook",
    )
    p.add_argument(
        "--issue-type",
        metavar="TYPE",
        help="issue type of every row with --issues (default: Task in Jira, Epic in Azure DevOps)",
    )
    p.set_defaults(func=cmd_rank)

    p = sub.add_parser("robustness", help="how robust the ranking is (Monte Carlo, swaps)")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=inputs_help)
    p.add_argument("-o", "--output", help="table to write (.csv, or .xlsx with the backlog)")
    p.add_argument("--draws", type=int, default=2000, help="number of draws (default 2000)")
    p.add_argument("--top", type=int, default=5, help="N of P(top N) (default 5)")
    p.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    p.add_argument(
        "--concentration",
        type=float,
        default=50.0,
        help="Dirichlet concentration of the weights, higher = closer (0 = fixed; default 50)",
    )
    p.add_argument(
        "--flip", type=float, default=0.1, help="probability a link moves a step (default 0.1)"
    )
    p.add_argument("--alpha-spread", type=float, default=0.15, help="α ± this (default 0.15)")
    p.add_argument(
        "--no-survey-intervals",
        action="store_true",
        help="keep every need weight fixed (by default an insight's survey interval, its "
        "Importance CI and Satisfaction CI, widens the draws)",
    )
    p.add_argument("--lens", metavar="NAME", help="use a lens saved in the project")
    p.add_argument("--rows", type=int, default=20, help="rows to print (default 20)")
    p.set_defaults(func=cmd_robustness)

    p = sub.add_parser("report", help="write the workshop report (PDF)")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=inputs_help)
    p.add_argument("-o", "--output", required=True, metavar="REPORT.pdf", help="PDF to write")
    p.add_argument("--alpha", type=float, help="customer weight α in [0, 1] (default 0.5)")
    p.add_argument("--by", choices=("score", "value"), help="rank by sweet-spot score or value")
    p.add_argument("--lens", metavar="NAME", help="report under a lens saved in the project")
    p.add_argument(
        "--draws", type=int, default=2000, help="robustness draws (default 2000; 0 = leave out)"
    )
    p.add_argument("--top", type=int, default=5, help="N of P(top N) and of the lenses' top N")
    p.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("journey", help="the customer journey: need, feeling and relief by stage")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=inputs_help)
    p.add_argument("-o", "--output", help="every stage × segment to a table (.csv or .xlsx)")
    p.add_argument("--png", help="also write the journey picture as a PNG")
    p.add_argument("--top", type=int, help="how many sweet spots ship in the projection (5)")
    p.add_argument("--alpha", type=float, help="customer weight α in [0, 1] (default 0.5)")
    p.add_argument("--by", choices=("score", "value"), help="rank by sweet-spot score or value")
    p.add_argument("--lens", metavar="NAME", help="rank under a lens saved in the project")
    p.set_defaults(func=cmd_journey)

    p = sub.add_parser("deck", help="write the workshop slide deck (PowerPoint, 16:9)")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=inputs_help)
    p.add_argument("-o", "--output", required=True, metavar="DECK.pptx", help="deck to write")
    p.add_argument("--title", help="workshop name on the slides (default: the input's name)")
    p.add_argument("--alpha", type=float, help="customer weight α in [0, 1] (default 0.5)")
    p.add_argument("--by", choices=("score", "value"), help="rank by sweet-spot score or value")
    p.add_argument("--lens", metavar="NAME", help="present under a lens saved in the project")
    p.add_argument(
        "--draws", type=int, default=2000, help="robustness draws (default 2000; 0 = leave out)"
    )
    p.add_argument("--top", type=int, default=5, help="N of P(top N) and of the lenses' top N")
    p.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    p.set_defaults(func=cmd_deck)

    p = sub.add_parser(
        "review", help="impact review: did the delivered initiatives move what customers say?"
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=inputs_help)
    p.add_argument(
        "--from", dest="from_wave", metavar="WAVE", help="earlier wave (default: 2nd last)"
    )
    p.add_argument("--to", dest="to_wave", metavar="WAVE", help="later wave (default: the last)")
    p.add_argument("-o", "--output", help="the Impact review sheets (.xlsx; .csv: the insights)")
    p.set_defaults(func=cmd_review)

    from sweetspot import cli_survey

    cli_survey.add_parser(sub)

    p = sub.add_parser("template", help="write an empty input workbook to fill in")
    p.add_argument("output", metavar="OUT.xlsx")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("open", help="open a workbook or project in the desktop app")
    p.add_argument("file", nargs="?", metavar="FILE")
    p.add_argument("--view", choices=VIEWS, default="matrix", help="view to show")
    p.add_argument("--screenshot", metavar="OUT.png", help="render the view to a PNG and exit")
    p.set_defaults(func=cmd_open)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # `sweetspot FILE` is short for `sweetspot open FILE`.
    commands = {
        *("validate", "rank", "template", "open", "robustness", "report"),
        *("journey", "deck", "review", "insights"),
    }
    if args_list and args_list[0] not in commands and not args_list[0].startswith("-"):
        args_list = ["open", *args_list]
    if not args_list:
        args_list = ["open"]
    args = parser.parse_args(args_list)
    if args.command is None:
        args = parser.parse_args(["open"])
    try:
        return int(args.func(args))
    except InputError as exc:
        _err(f"ERROR {exc}")
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug of ours: one clear line, details only on request
        if args.debug or os.environ.get("SWEETSPOT_DEBUG"):
            raise
        _err(
            f"SweetSpot hit an internal problem ({type(exc).__name__}: {exc}). "
            "Run again with --debug for details."
        )
        return 3


if __name__ == "__main__":
    sys.exit(main())
