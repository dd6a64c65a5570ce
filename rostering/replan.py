"""Minimal-change re-planning: keep the past, re-read availability, move as little as possible.

Every cell before ``start`` is pinned exactly as in the previous roster (shift *and* covered skill,
or not working). Those days stay inside the same period model, so they act as history for the
consecutive-day caps, minimum rest, weekly rest and monthly counts across ``start``.

From ``start`` on, each cell that differs from the previous roster costs ``change_weight``
(planner units, like every other weight) on top of the normal objective, in a single solve. The
previous roster — with newly absent days blanked — is also the solver's hint.

Why one weighted solve and not a lexicographic one (best objective first, then fewest changes):
the previous roster is usually not proven optimal, so "objective ≤ best found" would force the
re-plan to cash in every small improvement anywhere in the month (a target slot here, an overstaff
slot there), which is exactly the month-wide churn planners complain about. With the default
weight of 100 a change is worth a tenth of one person-slot below the minimum cover
(``shortfall_min`` = 1000): minimum cover and every hard rule always win, while target/overstaff
polish (10 and 1 per person-slot) and fairness never justify moving someone. Moving a person to
another desk (covered skill) on the same shift costs a tenth of that: cheap, but not free, so
desks are not reshuffled for nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rostering.errors import InputError
from rostering.model import ModelContext
from rostering.problem import Problem
from rostering.roster import OFF, Cell, Roster, absent_cells
from rostering.rules.base import Term, coef
from rostering.solve import ExtraEncoder, Result, solve

CHANGE_WEIGHT = 100.0
DESK_SHARE = 0.1  # a desk (covered skill) change on a kept shift costs a tenth of a change
CHANGE_RULE = "changes"


@dataclass(frozen=True)
class Change:
    """One cell that differs from the previous roster."""

    staff_id: str
    name: str
    date: dt.date
    old: str
    new: str


@dataclass
class Replan:
    """The solve result (roster, status, penalties) and the list of changes."""

    result: Result
    changes: list[Change]


def _check_past(problem: Problem, previous: Roster, start: dt.date) -> None:
    """New leave on a day already worked cannot be honoured: the past is kept."""
    for a in problem.availability:
        if a.kind not in ("leave", "unavailable"):
            continue
        for d in a.dates:
            if d < start and previous.works(a.staff_id, d):
                raise InputError(
                    "availability.csv",
                    f"no leave before --from {start} on a day the previous roster has worked "
                    "(days before --from are kept as they were)",
                    row=a.row,
                    column="date",
                    value=d.isoformat(),
                )


def changes_between(problem: Problem, old: Roster, new: Roster, start: dt.date) -> list[Change]:
    """Cells from ``start`` on that differ, in staff then date order. A shift kept with another
    covered skill (a desk change) shows the skills: ``E (aftersales)`` → ``E (presales)``.

    >>> # changes_between(problem, old, new, date(2026, 10, 14))[0]
    >>> # Change("A27", "田野", date(2026, 10, 14), "E", "LEAVE:sick")
    """
    out = []
    for person in problem.staff:
        for d in problem.days:
            if d < start:
                continue
            a = old.cell(person.staff_id, d) or Cell(OFF)
            b = new.cell(person.staff_id, d) or Cell(OFF)
            if a.code != b.code:
                out.append(Change(person.staff_id, person.name, d, a.code, b.code))
            elif a.code in problem.shift_by_code and a.skill and b.skill and a.skill != b.skill:
                old_text, new_text = f"{a.code} ({a.skill})", f"{b.code} ({b.skill})"
                out.append(Change(person.staff_id, person.name, d, old_text, new_text))
    return out


def shift_changes(changes: list[Change]) -> list[Change]:
    """Only the changes of what is worked (shift, rest, leave), not desk changes.

    >>> import datetime as dt
    >>> day = dt.date(2026, 10, 14)
    >>> cs = [Change("A", "", day, "E", "L"), Change("B", "", day, "E (x)", "E (y)")]
    >>> [c.staff_id for c in shift_changes(cs)]
    ['A']
    """
    return [c for c in changes if not c.old.endswith(")")]


def pin_and_penalise(
    previous: Roster, start: dt.date, change_weight: float, pin_past: bool = True
) -> ExtraEncoder:
    """The ``extra`` encoder for :func:`rostering.solve.solve`: pins before ``start``, a change
    term from ``start`` on.

    >>> # solve(problem, extra=pin_and_penalise(previous, date(2026, 10, 14), 100.0))
    """

    def encode(ctx: ModelContext) -> list[Term]:
        p = ctx.problem
        m = ctx.model
        terms: list[Term] = []
        w = coef(change_weight)
        for pi, person in enumerate(p.staff):
            for di, d in enumerate(ctx.days):
                c = previous.cell(person.staff_id, d)
                s = ctx.shift_index.get(c.code) if c is not None else None
                if d < start:
                    if not pin_past:
                        continue
                    if s is None:
                        m.add(ctx.work[pi, di] == 0)
                    elif c is not None and c.skill in ctx.skill_options[pi]:
                        m.add(ctx.x[pi, di, s, c.skill] == 1)
                    else:
                        m.add(ctx.on_shift(pi, di, s) == 1)
                    continue
                if not w or (pi, di) in ctx.absences:
                    continue  # a newly absent day changes whatever we do
                kept = ctx.work[pi, di] if s is None else ctx.on_shift(pi, di, s)
                changed = kept if s is None else 1 - kept
                terms.append(Term(CHANGE_RULE, changed, w, f"{person.staff_id} {d}"))
                options = ctx.skill_options[pi]
                if s is not None and c is not None and len(options) > 1 and c.skill in options:
                    # same shift, other desk: 1 when on the shift without the old skill
                    x_old = ctx.x[pi, di, s, c.skill]
                    desk = coef(change_weight * DESK_SHARE)
                    terms.append(Term(CHANGE_RULE, kept - x_old, desk, f"desk {person.staff_id}"))
        return terms

    return encode


def replan(
    problem: Problem,
    previous: Roster,
    start: dt.date,
    *,
    change_weight: float = CHANGE_WEIGHT,
    pin_past: bool = True,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
) -> Replan:
    """Re-plan from ``start`` on, keeping everything before it and changing as little as possible.

    >>> # r = replan(load_scenario("sc"), read_roster("out/roster.csv", p), date(2026, 10, 15))
    >>> # [(c.staff_id, c.date, c.old, c.new) for c in r.changes]
    """
    if not problem.days[0] <= start <= problem.days[-1]:
        raise InputError(
            "--from", f"a date within {problem.days[0]}..{problem.days[-1]}", value=str(start)
        )
    _check_past(problem, previous, start)
    hint = previous.replace(absent_cells(problem))
    extra = pin_and_penalise(previous, start, change_weight, pin_past)
    result = solve(
        problem,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        hint=hint,
        extra=extra,
    )
    changes = (
        [] if result.roster is None else changes_between(problem, previous, result.roster, start)
    )
    return Replan(result, changes)
