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
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sweetspot import __version__

if TYPE_CHECKING:
    from sweetspot.core.model import Workshop
    from sweetspot.core.scoring import ScoreResult, ScoringSettings

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
VIEWS = ("matrix", "graph", "backlog", "data")
PROJECT_SUFFIX = ".sweetspot"


class InputError(Exception):
    """The input cannot be used; the message is a plain sentence for the consultant."""


def _out(text: str = "") -> None:
    print(text, flush=True)


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def load_inputs(inputs: Sequence[str]) -> tuple[Workshop, ScoringSettings | None]:
    """Read workbooks, CSV files, a CSV folder, or one project file."""
    from sweetspot.core.importing import load_workshop

    missing = [p for p in inputs if not Path(p).exists()]
    if missing:
        raise InputError(f"File not found: {', '.join(missing)}")
    if len(inputs) == 1 and inputs[0].lower().endswith(PROJECT_SUFFIX):
        from sweetspot.core.project import ProjectError, load_project

        try:
            project = load_project(Path(inputs[0]))
        except ProjectError as exc:
            raise InputError(str(exc)) from exc
        return project.workshop, project.settings
    return load_workshop([Path(p) for p in inputs]), None


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


def format_ranking(result: ScoreResult, limit: int | None = None) -> str:
    """The ranked table as fixed-width text for the terminal."""
    rows = result.table if limit is None else result.table.head(limit)
    title_width = 38
    head = (
        f"{'Rank':>4}  {'ID':<8} {'Initiative':<{title_width}} {'Customer':>8} "
        f"{'Business':>8} {'Score':>6} {'Value':>6}  Quadrant"
    )
    lines = [head, "-" * len(head)]
    for r in rows.itertuples(index=False):
        title = str(r.initiative)
        if len(title) > title_width:
            title = title[: title_width - 1] + "…"
        value_num = float(r.value)  # type: ignore[arg-type]
        value = "" if math.isnan(value_num) else f"{value_num:.2f}"
        mark = " *" if r.overridden else ""
        lines.append(
            f"{r.rank:>4}  {r.id!s:<8} {title:<{title_width}} {r.customer_impact:>8.1f} "
            f"{r.business_impact:>8.1f} {r.score:>6.1f} {value:>6}  {r.quadrant}{mark}"
        )
    return "\n".join(lines)


def cmd_validate(args: argparse.Namespace) -> int:
    workshop, _ = load_inputs(args.inputs)
    print_problems(workshop)
    _out(_summary(workshop))
    return EXIT_OK if workshop.can_score else EXIT_INPUT


def cmd_rank(args: argparse.Namespace) -> int:
    from sweetspot.core.scoring import ScoringSettings, score

    workshop, settings = load_inputs(args.inputs)
    if not workshop.can_score:
        print_problems(workshop)
        _out(_summary(workshop))
        return EXIT_INPUT
    print_problems(workshop, include_info=False)
    settings = settings or ScoringSettings()
    if args.alpha is not None:
        if not 0.0 <= args.alpha <= 1.0:
            _err("--alpha must be between 0 and 1 (0 = business only, 1 = customer only).")
            return EXIT_USAGE
        settings = settings.with_changes(alpha=args.alpha)
    if args.by is not None:
        settings = settings.with_changes(rank_by=args.by)
    result = score(workshop, settings)
    _out(format_ranking(result, limit=args.top))
    if args.output:
        from sweetspot.core.export import write_backlog

        out = Path(args.output)
        if out.suffix.lower() == ".csv":
            from sweetspot.core.export import write_backlog_csv

            write_backlog_csv(out, result)
        else:
            write_backlog(out, workshop, result)
        _out(f"\nBacklog written to {out}")
    if args.png:
        from sweetspot.core.plotting import save_matrix_png

        save_matrix_png(Path(args.png), result)
        _out(f"Matrix picture written to {args.png}")
    return EXIT_OK


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
    p.set_defaults(func=cmd_rank)

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
    commands = {"validate", "rank", "template", "open"}
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
