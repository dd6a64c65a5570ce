"""``rostering solve``: roster a scenario folder and write the outputs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rostering.check import check, hard_violations, penalties
from rostering.commands.common import EXIT_INFEASIBLE, EXIT_NO_SOLUTION, EXIT_OK, say
from rostering.commands.payroll_cmd import add_lang_option, emit_warnings
from rostering.explain import explain
from rostering.io import load_scenario
from rostering.io.outputs import write_roster_outputs
from rostering.io.writers import atomic_write_text
from rostering.progress import Mode, ProgressDisplay
from rostering.report import write_report
from rostering.rules.coverage import coverage_table
from rostering.solve import solve


def run(args: argparse.Namespace) -> int:
    """Solve, verify with ``check``, write the files, report gaps."""
    problem = load_scenario(args.scenario, strict_cover=args.strict_cover)
    out = Path(args.out)

    # progress goes to stderr so stdout keeps the summary; --log-json wins over --quiet
    mode: Mode = "json" if args.log_json else ("quiet" if args.quiet else "auto")
    with ProgressDisplay(sys.stderr, mode=mode) as show:
        result = solve(
            problem,
            time_limit=args.time_limit,
            workers=args.workers,
            seed=args.seed,
            on_progress=show,
            deterministic=not args.portfolio,
        )
    show.done(result)
    if result.roster is not None and not args.portfolio and not result.reproducible:
        print(
            "Note: the machine was too slow or busy for the reproducible budget; the search "
            "was cut by the clock, so a rerun may give another roster.",
            file=sys.stderr,
        )
    if result.roster is None:
        if result.status == "INFEASIBLE":
            text = explain(problem)
            out.mkdir(parents=True, exist_ok=True)
            atomic_write_text(out / "explanation.txt", text + "\n")
            print(text)
            return EXIT_INFEASIBLE
        print(
            f"No roster found within {args.time_limit:g} s (status {result.status}). "
            "Try a longer --time-limit."
        )
        return EXIT_NO_SOLUTION
    violations = check(problem, result.roster)
    hard = hard_violations(violations)
    if hard:  # a solver roster that fails its own check is a defect: never publish it
        print("Internal error: the solver's roster breaks hard rules:")
        for v in hard[:20]:
            print(f"  - [{v.rule}] {v.message}")
        return EXIT_NO_SOLUTION
    write_roster_outputs(out, problem, result.roster, lang=args.lang)
    assert result.objective is not None and result.bound is not None
    say(
        args,
        f"Status {result.status}: objective {result.objective:,.2f}, bound "
        f"{result.bound:,.2f}, gap {result.gap:.2%}, {result.runtime:.1f} s",
    )
    for rule_key, value in sorted(penalties(violations).items()):
        say(args, f"  penalty {rule_key}: {value:,.2f}")
    table = coverage_table(problem, result.roster)
    gaps = table[table["shortfall"] > 0]
    if len(gaps):
        say(args, f"Coverage gaps below the minimum ({int(gaps['shortfall'].sum())} person-slots):")
        for v in violations:
            if v.rule == "coverage" and v.dates and not v.hard:
                say(args, f"  - {v.message}")
    else:
        say(args, "Every slot meets its minimum cover.")
    emit_warnings(out, problem, result.roster)
    say(args, f"Wrote {out}/roster.csv, roster_grid.csv, coverage.csv, payroll.csv, roster.xlsx")
    if args.report:
        say(args, f"Wrote {write_report(out, problem, result.roster, result=result)}")
    return EXIT_OK


def register(sub: Any) -> None:
    """Add the sub-command to the parser."""
    s = sub.add_parser("solve", help="roster a scenario folder")
    s.add_argument("scenario")
    s.add_argument("--out", required=True, help="output folder")
    s.add_argument("--time-limit", type=float, default=30.0, help="seconds (default 30)")
    s.add_argument("--workers", type=int, default=2)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument(
        "--portfolio",
        action="store_true",
        help="CP-SAT's parallel portfolio: often a better roster, but not the same run to run "
        "(default: reproducible for a given --seed and --workers)",
    )
    s.add_argument("--strict-cover", action="store_true", help="make demand min a hard rule")
    add_lang_option(s)
    s.add_argument("--quiet", action="store_true", help="print no progress and no summary")
    s.add_argument(
        "--log-json", action="store_true", help="progress as JSON lines on stderr (for scripts)"
    )
    s.add_argument("--report", action="store_true", help="also write report.html (charts, tables)")
    s.set_defaults(func=run)
