"""``rostering replan``: keep the past, re-read availability, change as few cells as possible."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd

from rostering.check import check, hard_violations, penalties
from rostering.commands.common import EXIT_INFEASIBLE, EXIT_NO_SOLUTION, EXIT_OK, say
from rostering.errors import InputError
from rostering.explain import explain
from rostering.io import load_scenario, read_roster
from rostering.io.outputs import write_roster_outputs
from rostering.io.writers import atomic_write_text, write_csv
from rostering.replan import CHANGE_WEIGHT, Change, pin_and_penalise, replan, shift_changes
from rostering.timeutil import parse_date

CHANGE_COLUMNS = ["staff_id", "name", "date", "old", "new"]


def changes_frame(changes: list[Change]) -> pd.DataFrame:
    """changes.csv: one row per changed cell (who, date, old → new).

    >>> list(changes_frame([]).columns)
    ['staff_id', 'name', 'date', 'old', 'new']
    """
    rows = [(c.staff_id, c.name, c.date.isoformat(), c.old, c.new) for c in changes]
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def run(args: argparse.Namespace) -> int:
    """Re-plan, verify with ``check``, write the outputs and changes.csv, list the changes."""
    problem = load_scenario(args.scenario, strict_cover=args.strict_cover)
    previous = read_roster(args.previous, problem)
    try:
        start = parse_date(args.start)
    except ValueError as exc:
        raise InputError("--from", "a date YYYY-MM-DD", value=args.start) from exc
    out = Path(args.out)
    r = replan(
        problem,
        previous,
        start,
        change_weight=args.change_weight,
        time_limit=args.time_limit,
        workers=args.workers,
        seed=args.seed,
    )
    res = r.result
    if res.roster is None:
        if res.status == "INFEASIBLE":
            text = (
                f"No roster keeps every assignment before {start} and satisfies every hard rule.\n"
                + explain(problem, extra=pin_and_penalise(previous, start, 0.0))
            )
            atomic_write_text(out / "explanation.txt", text + "\n")
            print(text)
            return EXIT_INFEASIBLE
        print(f"No roster found within {args.time_limit:g} s (status {res.status}).")
        return EXIT_NO_SOLUTION
    violations = check(problem, res.roster)
    hard = hard_violations(violations)
    if hard:  # never publish a roster that fails its own check
        print("Internal error: the re-planned roster breaks hard rules:")
        for v in hard[:20]:
            print(f"  - [{v.rule}] {v.message}")
        return EXIT_NO_SOLUTION
    write_roster_outputs(out, problem, res.roster, lang=args.lang)
    write_csv(out / "changes.csv", changes_frame(r.changes))
    moved = len(shift_changes(r.changes))
    say(
        args,
        f"Status {res.status}, {res.runtime:.1f} s; {len(r.changes)} cell(s) changed from {start} "
        f"on ({moved} shift change(s), {len(r.changes) - moved} desk change(s)):",
    )
    for c in r.changes:
        say(args, f"  - {c.name or c.staff_id} ({c.staff_id}) {c.date}: {c.old} → {c.new}")
    for rule_key, value in sorted(penalties(violations).items()):
        say(args, f"  penalty {rule_key}: {value:,.2f}")
    gaps = [v for v in violations if v.rule == "coverage" and v.dates and not v.hard]
    if gaps:
        say(args, "Coverage gaps below the minimum:")
        for v in gaps:
            say(args, f"  - {v.message}")
    else:
        say(args, "Every slot meets its minimum cover.")
    say(args, f"Wrote {out}/roster.csv, roster_grid.csv, coverage.csv, changes.csv")
    return EXIT_OK


def register(sub: Any) -> None:
    """Add the sub-command to the parser."""
    from rostering.commands.payroll_cmd import add_lang_option

    r = sub.add_parser("replan", help="re-plan from a date, changing as few cells as possible")
    r.add_argument("scenario")
    r.add_argument("--previous", required=True, help="the roster.csv being re-planned")
    r.add_argument("--from", dest="start", required=True, help="first date that may change")
    r.add_argument("--out", required=True, help="output folder")
    r.add_argument("--time-limit", type=float, default=30.0)
    r.add_argument("--workers", type=int, default=2)
    r.add_argument("--seed", type=int, default=0)
    r.add_argument(
        "--change-weight",
        type=float,
        default=CHANGE_WEIGHT,
        help=f"objective cost of one changed cell (default {CHANGE_WEIGHT:g})",
    )
    r.add_argument("--strict-cover", action="store_true")
    add_lang_option(r)
    r.add_argument("--quiet", action="store_true")
    r.set_defaults(func=run)
