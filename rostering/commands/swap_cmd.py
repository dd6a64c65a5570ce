"""``rostering swap``: swap two people's cells on a date, or refuse with the rule named."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd

from rostering.commands.common import EXIT_INFEASIBLE, EXIT_OK, say
from rostering.errors import InputError
from rostering.io import load_scenario, read_roster
from rostering.io.outputs import write_roster_outputs
from rostering.io.writers import write_csv
from rostering.swap import LOG_COLUMNS, LOG_NAME, read_log, try_swap
from rostering.timeutil import parse_date


def run(args: argparse.Namespace) -> int:
    """Apply the swap when every rule still holds for both people; exit 2 when refused."""
    problem = load_scenario(args.scenario, strict_cover=args.strict_cover)
    src = Path(args.roster)
    roster = read_roster(src, problem)
    try:
        day = parse_date(args.date)
    except ValueError as exc:
        raise InputError(
            "command line", "a date YYYY-MM-DD", column="date", value=args.date
        ) from exc
    log = read_log(src.parent / LOG_NAME)
    outcome = try_swap(problem, roster, args.staff_a, args.staff_b, day, log)
    if outcome.roster is None:
        print(f"Swap of {args.staff_a} and {args.staff_b} on {day} refused:")
        for rule, message in outcome.refusals:
            print(f"  - [{rule}] {message}")
        return EXIT_INFEASIBLE
    new_log = pd.concat([log, pd.DataFrame([outcome.log_row], columns=LOG_COLUMNS)])
    if args.out:
        out = Path(args.out)
        write_roster_outputs(out, problem, outcome.roster)
        target = out / "roster.csv"
    else:
        target = src
        write_csv(target, outcome.roster.to_frame())  # atomic: temporary file + rename
    write_csv(target.parent / LOG_NAME, new_log, bom=False)
    say(
        args,
        f"Swapped {args.staff_a} ({outcome.log_row['shift_a']}) and {args.staff_b} "
        f"({outcome.log_row['shift_b']}) on {day}; every rule still holds for both. "
        f"Wrote {target} and logged it in {target.parent / LOG_NAME}",
    )
    return EXIT_OK


def register(sub: Any) -> None:
    """Add the sub-command to the parser."""
    s = sub.add_parser("swap", help="swap two people's shifts on a date, checked against the rules")
    s.add_argument("scenario")
    s.add_argument("roster", help="roster.csv to change (swaps.csv beside it is the swap log)")
    s.add_argument("staff_a")
    s.add_argument("staff_b")
    s.add_argument("date")
    s.add_argument("--out", help="write the new roster here instead of in place")
    s.add_argument("--strict-cover", action="store_true")
    s.add_argument("--quiet", action="store_true")
    s.set_defaults(func=run)
