"""The ``rostering`` command line: parse arguments, call the library, map outcomes to exit codes.

Exit codes: 0 roster written and every hard rule holds · 1 bad input · 2 infeasible ·
3 no solution within the time limit.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rostering.check import check, hard_violations, penalties
from rostering.errors import InputError
from rostering.explain import explain
from rostering.io import load_scenario, read_roster
from rostering.io.outputs import write_roster_outputs
from rostering.io.writers import atomic_write_text
from rostering.rules.coverage import coverage_table
from rostering.solve import Progress, solve

EXIT_OK, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_NO_SOLUTION = 0, 1, 2, 3


def _say(args: argparse.Namespace, text: str = "") -> None:
    if not getattr(args, "quiet", False):
        print(text)


def cmd_solve(args: argparse.Namespace) -> int:
    problem = load_scenario(args.scenario, strict_cover=args.strict_cover)
    out = Path(args.out)

    def show(p: Progress) -> None:
        if not args.quiet:
            print(f"  {p.elapsed:6.1f}s  objective {p.objective:,.2f}  bound {p.bound:,.2f}  "
                  f"gap {p.gap:.2%}", file=sys.stderr)

    result = solve(problem, time_limit=args.time_limit, workers=args.workers, seed=args.seed,
                   on_progress=show)
    if result.roster is None:
        if result.status == "INFEASIBLE":
            text = explain(problem)
            out.mkdir(parents=True, exist_ok=True)
            atomic_write_text(out / "explanation.txt", text + "\n")
            print(text)
            return EXIT_INFEASIBLE
        print(f"No roster found within {args.time_limit:g} s (status {result.status}). "
              "Try a longer --time-limit.")
        return EXIT_NO_SOLUTION
    violations = check(problem, result.roster)
    hard = hard_violations(violations)
    if hard:  # a solver roster that fails its own check is a defect: never publish it
        print("Internal error: the solver's roster breaks hard rules:")
        for v in hard[:20]:
            print(f"  - [{v.rule}] {v.message}")
        return EXIT_NO_SOLUTION
    write_roster_outputs(out, problem, result.roster)
    _say(args, f"Status {result.status}: objective {result.objective:,.2f}, bound "
               f"{result.bound:,.2f}, gap {result.gap:.2%}, {result.runtime:.1f} s")
    for rule_key, value in sorted(penalties(violations).items()):
        _say(args, f"  penalty {rule_key}: {value:,.2f}")
    table = coverage_table(problem, result.roster)
    gaps = table[table["shortfall"] > 0]
    if len(gaps):
        _say(args, f"Coverage gaps below the minimum ({int(gaps['shortfall'].sum())} "
                   "person-slots):")
        for v in violations:
            if v.rule == "coverage" and v.dates and not v.hard:
                _say(args, f"  - {v.message}")
    else:
        _say(args, "Every slot meets its minimum cover.")
    _say(args, f"Wrote {out}/roster.csv, roster_grid.csv, coverage.csv")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    problem = load_scenario(args.scenario)
    roster = read_roster(args.roster, problem)
    violations = check(problem, roster)
    hard = hard_violations(violations)
    soft = [v for v in violations if not v.hard]
    if hard:
        print(f"{len(hard)} hard rule violation(s):")
        for v in hard:
            print(f"  - [{v.rule}] {v.message}")
    else:
        print("Every hard rule holds.")
    if soft:
        total = sum(v.penalty for v in soft)
        print(f"{len(soft)} soft issue(s), penalty {total:,.2f}:")
        for v in soft:
            print(f"  - [{v.rule}] {v.message} (penalty {v.penalty:,.2f})")
    return EXIT_INFEASIBLE if hard else EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    problem = load_scenario(args.scenario, strict_cover=args.strict_cover)
    text = explain(problem, time_limit=args.time_limit)
    print(text)
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command."""
    ap = argparse.ArgumentParser(prog="rostering", description="Monthly rosters with CP-SAT.")
    sub = ap.add_subparsers(dest="command", required=True)

    s = sub.add_parser("solve", help="roster a scenario folder")
    s.add_argument("scenario")
    s.add_argument("--out", required=True, help="output folder")
    s.add_argument("--time-limit", type=float, default=30.0, help="seconds (default 30)")
    s.add_argument("--workers", type=int, default=2)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--strict-cover", action="store_true", help="make demand min a hard rule")
    s.add_argument("--quiet", action="store_true")
    s.set_defaults(func=cmd_solve)

    c = sub.add_parser("check", help="validate any roster.csv against the scenario's rules")
    c.add_argument("scenario")
    c.add_argument("roster")
    c.set_defaults(func=cmd_check)

    e = sub.add_parser("explain", help="why a scenario cannot be rostered")
    e.add_argument("scenario")
    e.add_argument("--time-limit", type=float, default=20.0)
    e.add_argument("--strict-cover", action="store_true")
    e.set_defaults(func=cmd_explain)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``rostering`` console script."""
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except InputError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
