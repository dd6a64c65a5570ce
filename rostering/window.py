"""A long period's roster cut into a window of weeks: a small problem whose rosters fit back.

One CP-SAT model of everyone over a year is too large to search in a minute (Curtois–Qu 22–24:
the model alone takes longer to build than the time limit), while every rule of such problems
looks only a few days around a day (runs, rest, successions) or counts over the whole period
(hours band, caps per shift type, worked weekends). So a window of days can be re-optimised on
its own: :func:`window_problem` gives the planner's :class:`~rostering.problem.Problem` over the
window plus a margin of days on each side, whose cells stay as they are (they carry the runs and
rest across the window's edges), and with each whole-period limit reduced by what the person
works outside it. A roster of the window's problem, put back into the period's roster
(:func:`merge`), holds every hard rule of the period's problem, and the two objectives differ by
a constant (the cost outside the window), so a better window roster is a better period roster.

Only problems whose rules all fit that argument are cut (:func:`windowable`); the others are left
to the searches that see the whole model.

>>> # sub = window_problem(problem, roster, first=28, last=55)
>>> # sub.problem.days[0] <= problem.days[28]; merge(roster, better_window_roster)
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from rostering.problem import HistoryEntry, Person, Problem, RuleSet
from rostering.roster import OFF, Cell, Roster, roster_from_shifts
from rostering.rules.hours import band_minutes, leave_minutes
from rostering.rules.weekends import weekends

# the rules a window keeps exact: runs, rest and successions look at most a margin of days
# away; caps per shift type, worked weekends and the hours band count over the whole period
# and are reduced by the usage outside. Any other rule set away from its default (monthly rest
# days, weekly rest, cycles, …) keeps a problem whole, as do fairness, cost and protected staff
WINDOW_RULES = frozenset(
    {
        "max_consecutive_work_days",
        "min_consecutive_work_days",
        "min_consecutive_days_off",
        "max_worked_weekends",
        "max_shifts",
        "forbidden_successions",
        "runs_at_edges",
        "standard_day_hours",
    }
)
# days on each side of the window that stay as they are, at least: a week, and longer than any
# run or rest rule reaches (:func:`margin`)
MARGIN = 7
HISTORY_DAYS = 14  # days before a window's margin handed to its problem as history


@dataclasses.dataclass(frozen=True)
class Window:
    """A window's problem: ``problem`` covers period days ``lo``..``hi`` (indices into the
    period), of which ``first``..``last`` may change; the rest keep ``roster``'s cells."""

    problem: Problem
    roster: Roster
    lo: int
    hi: int
    first: int
    last: int

    @property
    def fixed_days(self) -> list[int]:
        """Indices into the window's own days of the margin days (to keep as they are)."""
        return [
            i for i in range(self.hi - self.lo + 1) if not self.first <= self.lo + i <= self.last
        ]


def windowable(problem: Problem) -> bool:
    """Whether every rule of ``problem`` is one a window keeps exact (see :data:`WINDOW_RULES`).

    >>> # windowable(load_curtois("Instance22.txt")) -> True
    """
    w = problem.weights
    # fairness spreads and cost weigh the whole period across people, and protected staff's
    # overtime counts against the period's standard hours: none of them is cut
    if w.fairness or w.cost or any(p.protected for p in problem.staff):
        return False
    default = RuleSet()
    for rs in (problem.rules, *problem.role_rules.values()):
        for name in type(rs).model_fields:
            if name not in WINDOW_RULES and getattr(rs, name) != getattr(default, name):
                return False
    return True


def margin(problem: Problem) -> int:
    """Days kept on each side of a window: more than the longest run or rest any rule counts,
    so that every run a change inside the window touches ends inside the margin (a run of work
    cannot cross it; a run of rest that does is longer than any minimum).

    >>> # margin(problem) -> 7 when no rule counts more than 6 days
    """
    reach = 0
    for rs in (problem.rules, *problem.role_rules.values()):
        for n in (
            rs.max_consecutive_work_days,
            rs.min_consecutive_work_days,
            rs.min_consecutive_days_off,
        ):
            reach = max(reach, n or 0)
    return max(MARGIN, reach + 1)


def _span(problem: Problem, first: int, last: int) -> tuple[int, int]:
    """The window's days with their margin, widened so that no weekend is cut in two (a
    weekend counts once, inside or outside)."""
    nd, m = len(problem.days), margin(problem)
    lo, hi = max(0, first - m), min(nd - 1, last + m)
    for we in weekends(problem.days):
        if we[0] < lo <= we[-1]:
            lo = we[0]
        if we[0] <= hi < we[-1]:
            hi = we[-1]
    return lo, hi


def window_problem(problem: Problem, roster: Roster, first: int, last: int) -> Window:
    """The problem of days ``first``..``last`` (period indices) given ``roster`` elsewhere.

    Each person's limits over the whole period (hours band, caps per shift type, worked
    weekends) are reduced by what they work outside the window and its margin; the days just
    before the margin become history. Each person gets a rule profile of their own.
    """
    days = problem.days
    lo, hi = _span(problem, first, last)
    inside = set(days[lo : hi + 1])
    outside = [i for i in range(len(days)) if not lo <= i <= hi]
    out_weekends = [we for we in weekends(days) if we[-1] < lo or we[0] > hi]
    shift = problem.shift_by_code
    staff: list[Person] = []
    roles: dict[str, RuleSet] = {}
    base = problem.replace(
        period=problem.period.replace(start=days[lo], end=days[hi]),
        day_types={d: t for d, t in problem.day_types.items() if d in inside},
        availability=tuple(
            a.replace(start=max(a.start, days[lo]), end=min(a.end, days[hi]))
            for a in problem.availability
            if a.start <= days[hi] and a.end >= days[lo]
        ),
        demand=tuple(
            r if r.dates is None else r.replace(dates=r.dates & inside)
            for r in problem.demand
            if r.dates is None or r.dates & inside
        ),
    )
    for person in problem.staff:
        sid = person.staff_id
        rs = problem.rules_for(person)
        out_cells = [roster.cell(sid, days[i]) for i in outside]
        codes = [c.code for c in out_cells if c is not None and c.code in shift]
        used = {code: codes.count(code) for code in set(codes)}
        caps = tuple((code, max(0, n - used.get(code, 0))) for code, n in rs.max_shifts)
        wk = rs.max_worked_weekends
        if wk is not None:
            wk = max(
                0, wk - sum(any(roster.works(sid, days[i]) for i in we) for we in out_weekends)
            )
        role = f"{sid}@window"
        roles[role] = rs.replace(max_shifts=caps, max_worked_weekends=wk)
        update: dict[str, object] = {"role": role}
        band = band_minutes(problem, person, rs)
        if band is not None:
            credit, _ = leave_minutes(problem, person)
            sub_credit, sub_deficit = leave_minutes(base, person)
            # what the window must add up to: the period's band less the minutes (and leave
            # credit) outside it; the window's problem lowers a band by its own leave deficit
            done = sum(shift[c].paid_minutes for c in codes) + credit - sub_credit
            update["min_hours"] = max(0, band[0] - done + sub_deficit) / 60
            if band[1] < 10**9:
                update["max_hours"] = max(0, band[1] - done + sub_deficit) / 60
        staff.append(person.replace(**update))
    history = [
        HistoryEntry(
            staff_id=p.staff_id,
            date=days[i],
            shift=c.code if (c := roster.cell(p.staff_id, days[i])) and c.code in shift else OFF,
        )
        for p in problem.staff
        for i in range(max(0, lo - HISTORY_DAYS), lo)
    ]
    sub = base.replace(
        staff=tuple(staff),
        role_rules=roles,
        history=tuple(history) if lo > 0 else problem.history,
    )
    worked = {
        (sid, d): c for (sid, d), c in roster.cells.items() if d in inside and c.code in shift
    }
    return Window(sub, roster_from_shifts(sub, worked), lo, hi, first, last)


def merge(roster: Roster, window: Window, better: Roster) -> Roster:
    """``roster`` with the window's days taken from ``better`` (a roster of ``window.problem``).

    >>> # merge(roster, w, improved).cell("A", day) == improved.cell("A", day)
    """
    days = roster.problem.days[window.first : window.last + 1]
    changes: dict[tuple[str, dt.date], Cell] = {}
    for person in window.problem.staff:
        for d in days:
            changes[person.staff_id, d] = better.cell(person.staff_id, d) or Cell(OFF)
    return roster.replace(changes)
