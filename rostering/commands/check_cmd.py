"""``rostering check``: validate any roster.csv, hand-made ones too (no solver)."""

from __future__ import annotations

import argparse
from typing import Any

from rostering.check import check, hard_violations
from rostering.commands.common import EXIT_INFEASIBLE, EXIT_OK
from rostering.io import load_scenario, read_roster


def run(args: argparse.Namespace) -> int:
    """Print every violation; exit 0 when no hard rule is broken (2 otherwise)."""
    problem = load_scenario(args.scenario, strict_cover=args.strict_cover)
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


def register(sub: Any) -> None:
    """Add the sub-command to the parser."""
    c = sub.add_parser("check", help="validate any roster.csv against the scenario's rules")
    c.add_argument("scenario")
    c.add_argument("roster")
    c.add_argument("--strict-cover", action="store_true", help="treat demand min as hard")
    c.set_defaults(func=run)
