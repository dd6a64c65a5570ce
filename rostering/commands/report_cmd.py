"""``rostering report``: one self-contained report.html for any roster.csv."""

from __future__ import annotations

import argparse
from typing import Any

from rostering.check import check, hard_violations
from rostering.commands.common import EXIT_OK, say
from rostering.io import load_scenario, read_roster
from rostering.report import write_report


def run(args: argparse.Namespace) -> int:
    """Read the scenario and the roster, write ``report.html`` into ``--out``."""
    problem = load_scenario(args.scenario)
    roster = read_roster(args.roster, problem)
    path = write_report(args.out, problem, roster)
    hard = hard_violations(check(problem, roster))
    if hard:  # the report lists them; a planner reading the console should know too
        say(args, f"Note: the roster breaks {len(hard)} hard rule(s); see the Violations section.")
    say(args, f"Wrote {path}")
    return EXIT_OK


def register(sub: Any) -> None:
    """Add the sub-command to the parser."""
    s = sub.add_parser("report", help="write report.html (charts and tables) for a roster")
    s.add_argument("scenario")
    s.add_argument("--roster", required=True, help="roster.csv to report on")
    s.add_argument("--out", required=True, help="output folder")
    s.add_argument("--quiet", action="store_true")
    s.set_defaults(func=run)
