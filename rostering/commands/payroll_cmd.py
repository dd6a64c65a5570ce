"""``rostering payroll``: payroll.csv and warnings.txt for any roster.csv, hand-edited too."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rostering.check import check, hard_violations
from rostering.commands.common import EXIT_OK, say
from rostering.io import load_scenario, read_roster
from rostering.io.calendar_io import read_calendar
from rostering.io.lang import LANGS
from rostering.io.payroll_io import write_payroll_csv, write_warnings
from rostering.payroll import pay_lines, payroll_table
from rostering.problem import Problem
from rostering.roster import Roster
from rostering.warnings import payroll_warnings


def add_lang_option(parser: Any) -> None:
    """``--lang en|zh``: the header language of every output file."""
    parser.add_argument(
        "--lang", choices=LANGS, default="en", help="headers of the output files (default en)"
    )


def emit_warnings(out: Path, problem: Problem, roster: Roster) -> list[str]:
    """Print the payroll clerk's warnings and write them to ``out/warnings.txt`` (removed when
    there are none). Printed even with ``--quiet``: they are about money, not progress."""
    overridden = read_calendar(Path(problem.source)) if problem.source else {}
    lines = [str(w) for w in payroll_warnings(problem, roster, overridden=overridden)]
    write_warnings(out / "warnings.txt", lines)
    for line in lines:
        print(f"Warning: {line}")
    return lines


def run(args: argparse.Namespace) -> int:
    """Read the scenario and the roster, write payroll.csv and warnings.txt."""
    problem = load_scenario(args.scenario)
    roster = read_roster(args.roster, problem)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    table = payroll_table(problem, roster)
    write_payroll_csv(out / "payroll.csv", table, lang=args.lang)
    hard = hard_violations(check(problem, roster))
    if hard:  # pay what was worked, but say the roster itself is not valid
        say(args, f"Note: the roster breaks {len(hard)} hard rule(s); run `rostering check`.")
    lines = pay_lines(problem, roster)
    say(
        args,
        f"{len(lines)} people: {float(sum(x.paid_hours for x in lines)):,.2f} paid h, "
        f"overtime {float(sum(x.overtime_hours for x in lines)):,.2f} h, "
        f"holiday premium {table['holiday_premium'].sum():,.2f}, "
        f"overtime pay {table['overtime_pay'].sum():,.2f}",
    )
    emit_warnings(out, problem, roster)
    say(args, f"Wrote {out}/payroll.csv")
    return EXIT_OK


def register(sub: Any) -> None:
    """Add the sub-command to the parser."""
    c = sub.add_parser("payroll", help="payroll.csv for any roster.csv")
    c.add_argument("scenario")
    c.add_argument("roster")
    c.add_argument("--out", required=True, help="output folder")
    add_lang_option(c)
    c.add_argument("--quiet", action="store_true", help="print only warnings")
    c.set_defaults(func=run)
