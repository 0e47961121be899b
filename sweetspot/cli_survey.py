"""`sweetspot insights`: survey responses and comments → an Insights workbook (with Drivers and
Themes sheets) that `sweetspot rank` reads beside the objectives, initiatives and links."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


def _out(text: str = "") -> None:
    print(text, flush=True)


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "insights",
        help="survey responses and comments → evidence-backed insights (Insights, Drivers, Themes)",
    )
    p.add_argument("inputs", nargs="+", metavar="RESPONSES", help="the survey export(s)")
    p.add_argument("-o", "--output", required=True, help="the workbook to write (.xlsx)")
    p.add_argument("--outcome", metavar="COLUMN", help="the overall outcome column")
    p.add_argument(
        "--comments",
        metavar="COLUMN",
        action="append",
        default=[],
        help="a free-text comment column (repeat for several)",
    )
    p.add_argument(
        "--importance",
        choices=("stated", "derived", "mean"),
        default="stated",
        help="importance for scoring: stated where asked (else derived), derived, or the mean",
    )
    p.add_argument(
        "--themes", type=int, metavar="N", help="number of comment themes (default: chosen)"
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the bootstrap and the themes")
    p.add_argument(
        "--missing",
        choices=("listwise", "pairwise"),
        default="listwise",
        help="how the driver analysis treats unanswered ratings",
    )
    p.set_defaults(func=cmd_insights)


def _find(table: object, header: str) -> str | None:
    from sweetspot.core.survey_read import ResponseTable

    assert isinstance(table, ResponseTable)
    wanted = header.strip().casefold()
    for c in table.columns:
        if wanted in (c.name.casefold(), c.code.casefold(), c.letter.casefold()):
            return c.name
    return None


def cmd_insights(args: argparse.Namespace) -> int:
    from sweetspot.core.survey import SurveySettings, analyse_survey, survey_summary
    from sweetspot.core.survey_read import read_survey
    from sweetspot.core.survey_tables import survey_sheets

    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        _err("The insights are a workbook: give -o insights.xlsx.")
        return EXIT_USAGE
    if args.themes is not None and not 1 <= args.themes <= 30:
        _err("--themes must be between 1 and 30.")
        return EXIT_USAGE
    read = read_survey(args.inputs)
    table = read.table
    roles: dict[str, str] = {}
    if table is not None:
        wanted = [(args.outcome, "outcome")] if args.outcome else []
        wanted += [(c, "comment") for c in args.comments]
        for header, role in wanted:
            name = _find(table, header)
            if name is None:
                _err(f"No column '{header}' in {table.sheet}.")
                return EXIT_USAGE
            roles[name] = role
        if roles:
            read = read_survey(args.inputs, roles)
            table = read.table
    for p in read.problems:
        _out(str(p))
    if table is None or table.respondents == 0:
        return EXIT_INPUT
    _out(f"Columns of {table.sheet} ({table.header_rows} header row(s)):")
    for c in table.columns:
        if c.role != "ignore":
            mark = "" if c.sure else "  (a guess: check it)"
            _out(f"  {c.letter:>3}  {c.role:<10}  {c.name[:70]}{mark}")
    settings = SurveySettings(
        importance=args.importance, missing=args.missing, themes=args.themes, seed=args.seed
    )
    analysis = analyse_survey(table, read.attributes, settings)
    for p in analysis.problems:
        _out(str(p))
    if any(p.severity == "error" for p in analysis.problems):
        return EXIT_INPUT
    _out("")
    _out(survey_summary(analysis))
    sheets = survey_sheets(analysis)
    drivers = sheets["Drivers"]
    if len(drivers) and "Relative weight (% of R²)" in drivers:
        _out("\nKey drivers (relative weight, % of R², 95 % interval; Shapley check):")
        for r in drivers.sort_values("Relative weight (% of R²)", ascending=False).to_dict(
            "records"
        ):
            pct, lo, hi = r["Relative weight (% of R²)"], r["CI low (%)"], r["CI high (%)"]
            shap = r["Shapley (% of R²)"]
            interval = f"{lo:5.1f}–{hi:5.1f}" if math.isfinite(lo) else "    —     "
            check = f"{shap:5.1f}" if math.isfinite(shap) else "  —"
            _out(f"  {pct:5.1f} %  [{interval}]  Shapley {check}  {r['Attribute'][:50]}")
    if analysis.themes:
        _out("\nComment themes (mentions, sentiment, outcome difference):")
        for t in analysis.themes:
            diff = t.outcome_difference
            shown = f"{diff:+.1f}" if math.isfinite(diff) else "—"
            senti = f"{t.sentiment:+.2f}" if math.isfinite(t.sentiment) else "—"
            _out(f"  {t.respondents:6,}  {senti:>6}  {shown:>7}  {t.label[:60]}")
    from sweetspot.core.export import write_tables

    write_tables(out, sheets)
    _out(f"\nInsights written to {out} (Insights, Drivers, Themes)")
    return EXIT_OK
