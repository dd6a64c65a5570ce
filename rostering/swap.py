"""Swapping two people's cells on one date, checked against every rule before it is accepted.

A swap is refused (with the rule named) when, for either person, it breaks a hard rule that held
before, exceeds ``max_swaps_per_month`` (counted from the swap log kept beside the roster), or
leaves a coverage slot below its minimum where the minimum was met before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from rostering.check import check
from rostering.errors import InputError
from rostering.io.tables import read_table
from rostering.problem import Problem
from rostering.roster import Cell, Roster
from rostering.rules.coverage import coverage_table
from rostering.timeutil import parse_date

LOG_NAME = "swaps.csv"
LOG_COLUMNS = ["date", "staff_a", "staff_b", "shift_a", "shift_b", "recorded_at"]


@dataclass
class SwapOutcome:
    """The swapped roster when accepted, or the refusals as (rule, message)."""

    roster: Roster | None
    refusals: list[tuple[str, str]] = field(default_factory=list)
    log_row: dict[str, str] = field(default_factory=dict)

    @property
    def accepted(self) -> bool:
        """True when no rule refused the swap."""
        return not self.refusals


def read_log(path: Path) -> pd.DataFrame:
    """The swap log (empty when the file does not exist yet).

    >>> from pathlib import Path
    >>> len(read_log(Path("no/such/swaps.csv")))
    0
    """
    if not path.exists():
        return pd.DataFrame(columns=LOG_COLUMNS)
    rows = read_table(path, required=tuple(LOG_COLUMNS[:3]), optional=tuple(LOG_COLUMNS[3:]))
    out = []
    for r in rows:
        d = r.parse("date", parse_date, "a date YYYY-MM-DD")
        out.append({c: r.get(c) for c in LOG_COLUMNS} | {"date": d.isoformat()})
    return pd.DataFrame(out, columns=LOG_COLUMNS)


def swaps_in_month(log: pd.DataFrame, staff_id: str, day: dt.date) -> int:
    """Swaps already logged for a person in ``day``'s calendar month.

    >>> log = pd.DataFrame({"date": ["2026-10-03"], "staff_a": ["A01"], "staff_b": ["A02"]})
    >>> day = dt.date(2026, 10, 20)
    >>> swaps_in_month(log, "A02", day), swaps_in_month(log, "A03", day)
    (1, 0)
    """
    month = day.isoformat()[:7]
    mask = (log["staff_a"] == staff_id) | (log["staff_b"] == staff_id)
    return int((mask & log["date"].astype(str).str.startswith(month)).sum())


def _moved(problem: Problem, cell: Cell, to: str) -> Cell:
    """``cell`` as worked by person ``to``: keep the skill if they can cover it, else pick one
    of theirs that demand asks for (or none)."""
    if cell.code not in problem.shift_by_code:
        return Cell(cell.code)
    person = problem.person_by_id[to]
    can = problem.coverable_skills(person)
    if cell.skill and cell.skill in can:
        return Cell(cell.code, cell.skill)
    demanded = sorted(can & {r.skill for r in problem.demand if r.skill})
    return Cell(cell.code, demanded[0] if demanded else "")


def try_swap(
    problem: Problem, roster: Roster, a: str, b: str, day: dt.date, log: pd.DataFrame
) -> SwapOutcome:
    """Swap the cells of ``a`` and ``b`` on ``day`` and judge the result.

    >>> # out = try_swap(problem, roster, "A01", "A02", date(2026, 10, 5), read_log(path))
    >>> # out.accepted, out.refusals
    """
    for sid, col in ((a, "staff_a"), (b, "staff_b")):
        if sid not in problem.person_by_id:
            raise InputError(
                "command line", "a staff_id listed in staff.csv", column=col, value=sid
            )
    if a == b:
        raise InputError("command line", "two different people", column="staff_b", value=b)
    if day not in set(problem.days):
        raise InputError(
            "command line",
            f"a date within {problem.days[0]}..{problem.days[-1]}",
            column="date",
            value=day.isoformat(),
        )
    ca, cb = roster.cell(a, day) or Cell("OFF"), roster.cell(b, day) or Cell("OFF")
    refusals: list[tuple[str, str]] = []
    if ca.code == cb.code:
        refusals.append(("swap", f"{a} and {b} both have {ca.code} on {day}: nothing to swap"))
    for sid, c in ((a, ca), (b, cb)):
        if c.is_leave:
            refusals.append(("availability", f"{sid} is on {c.code} on {day}: leave cannot move"))
    if refusals:
        return SwapOutcome(None, refusals)
    new = roster.replace({(a, day): _moved(problem, cb, a), (b, day): _moved(problem, ca, b)})
    before = {(v.rule, v.message) for v in check(problem, roster) if v.hard}
    for v in check(problem, new):
        if v.hard and v.staff_id in (a, b) and (v.rule, v.message) not in before:
            refusals.append((v.rule, v.message))
    old_t, new_t = coverage_table(problem, roster), coverage_table(problem, new)
    worse = new_t[(new_t["shortfall"] > 0) & (old_t["shortfall"] == 0)]
    if len(worse):
        first = worse.iloc[0]
        refusals.append(
            (
                "coverage",
                f"{first['date']} {first['slot_start']} {first['skill'] or 'any skill'} would drop "
                f"to {first['scheduled']}, below the minimum {first['required_min']} "
                f"({len(worse)} slot(s) in all)",
            )
        )
    for sid in (a, b):
        cap = problem.rules_for(problem.person_by_id[sid]).max_swaps_per_month
        done = swaps_in_month(log, sid, day)
        if cap is not None and done + 1 > cap:
            refusals.append(
                (
                    "max_swaps_per_month",
                    f"{sid} already has {done} swap(s) in {day:%Y-%m}; the limit is {cap}",
                )
            )
    row = {
        "date": day.isoformat(),
        "staff_a": a,
        "staff_b": b,
        "shift_a": ca.code,
        "shift_b": cb.code,
        "recorded_at": dt.datetime.now().isoformat(timespec="seconds"),
    }
    return SwapOutcome(None if refusals else new, refusals, row)
