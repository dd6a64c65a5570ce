"""Curtois–Qu "Employee Shift Scheduling" instances 1–24 → the planner's :class:`Problem`.

The format is described in ``shared/benchmarks/curtois/FORMAT.md``. Each element becomes the
product rule that means the same thing, so the product's own objective (``check`` penalties)
equals the benchmark's penalty exactly:

* horizon → a period starting on a Monday, calendar ``none``; day ``i`` is ``start + i``;
* shift rows → shift templates of that length; ``CannotFollow`` → ``forbidden_successions``;
* staff rows → one rule profile per person (``role`` = staff id): ``max_shifts``,
  ``max_consecutive_work_days`` (no history: days before day 0 count as off),
  ``min_consecutive_work_days`` with the horizon edges counted as worked,
  ``min_consecutive_days_off`` with the edges counted as off, ``max_worked_weekends``; the
  minute band becomes the person's ``min_hours``/``max_hours``;
* days off → ``unavailable`` days (zero credit; the hours band is pre-raised so the product's
  leave adjustment does not lower it — the benchmark's band is on worked minutes only);
* on/off requests → weighted ``on_request``/``off_request`` rows, ``weights.request = 1``;
* cover rows → per-shift demand rows with ``min = target = requirement`` and their own
  under/over weights.

>>> problem = load_curtois("../shared/benchmarks/curtois/instances/Instance1.txt")  # doctest: +SKIP
>>> len(problem.staff), len(problem.days)  # doctest: +SKIP
(8, 14)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rostering.calendar import day_types
from rostering.errors import InputError
from rostering.io.curtois_format import Instance, StaffRow, parse_curtois
from rostering.problem import (
    Availability,
    DemandRow,
    Period,
    Person,
    Problem,
    RuleSet,
    Shift,
    Weights,
)
from rostering.rules.hours import leave_minutes

# Any Monday will do (the format only says day 0 is a Monday); a fixed one keeps output stable.
START = dt.date(2024, 1, 1)
SHIFT_START_MIN = 8 * 60  # the format has lengths only; every shift is shown starting 08:00


def _profile(inst: Instance, s: StaffRow) -> RuleSet:
    """The person's own rule profile; limits that can never bind are left out (same meaning,
    smaller model)."""
    h = inst.horizon
    pairs = tuple((a, b) for a, bs in inst.cannot_follow.items() for b in bs)
    return RuleSet(
        max_shifts=tuple((c, n) for c, n in s.max_shifts.items() if n < h),
        max_consecutive_work_days=s.max_consecutive if s.max_consecutive < h else None,
        min_consecutive_work_days=s.min_consecutive if s.min_consecutive > 1 else None,
        min_consecutive_days_off=s.min_days_off if s.min_days_off > 1 else None,
        max_worked_weekends=s.max_weekends if s.max_weekends < h // 7 else None,
        forbidden_successions=pairs,
        runs_at_edges="free",
    )


def to_problem(inst: Instance) -> Problem:
    """The planner's :class:`Problem` for a parsed instance (see the module docstring)."""
    start = START
    days = [start + dt.timedelta(days=i) for i in range(inst.horizon)]
    date = days.__getitem__
    shifts = tuple(
        Shift(code=c, name=c, segments=((SHIFT_START_MIN, SHIFT_START_MIN + m),))
        for c, m in inst.shift_minutes.items()
    )
    staff = [
        Person(
            staff_id=s.staff_id,
            name=s.staff_id,
            role=s.staff_id,
            min_hours=s.min_minutes / 60,
            max_hours=s.max_minutes / 60,
        )
        for s in inst.staff
    ]
    avail: list[Availability] = []
    for sid, offs in inst.days_off.items():
        for d in offs:
            avail.append(
                Availability(row=0, staff_id=sid, start=date(d), end=date(d), kind="unavailable")
            )
    for kind, reqs in (("on_request", inst.on_requests), ("off_request", inst.off_requests)):
        for r in reqs:
            avail.append(
                Availability(
                    row=r.line,
                    staff_id=r.staff_id,
                    start=date(r.day),
                    end=date(r.day),
                    kind=kind,  # type: ignore[arg-type]
                    shift=r.shift,
                    weight=r.weight,
                )
            )
    demand = tuple(
        DemandRow(
            row=c.line,
            days=date(c.day).isoformat(),
            dates=frozenset({date(c.day)}),
            shift=c.shift,
            min=c.requirement,
            target=c.requirement,
            weight_under=c.weight_under,
            weight_over=c.weight_over,
        )
        for c in inst.cover
    )
    problem = Problem(
        period=Period(name=inst.name, start=start, end=days[-1], calendar="none"),
        shifts=shifts,
        staff=tuple(staff),
        demand=demand,
        availability=tuple(avail),
        role_rules={s.staff_id: _profile(inst, s) for s in inst.staff},
        weights=Weights(
            shortfall_min=0, shortfall_target=0, overstaff=0, request=1, fairness=0, cost=0
        ),
        day_types=day_types(days, "none"),
        source=inst.name,
    )
    # The product lowers an hours band for each zero-credit absence (a planner's month shrinks
    # with leave); the benchmark's band is on worked minutes only, so raise it by what the
    # product will take off again.
    raised = []
    for s, person in zip(inst.staff, problem.staff, strict=True):
        _credit, deficit = leave_minutes(problem, person)
        raised.append(
            person.model_copy(
                update={
                    "min_hours": (s.min_minutes + deficit) / 60,
                    "max_hours": (s.max_minutes + deficit) / 60,
                }
            )
        )
    return problem.model_copy(update={"staff": tuple(raised)})


def load_curtois(path: str | Path) -> Problem:
    """Read an instance file into a :class:`Problem`.

    >>> load_curtois("no/such/Instance1.txt")
    Traceback (most recent call last):
    ...
    rostering.errors.InputError: Instance1.txt — expected an existing Curtois–Qu instance file
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise InputError(path.name, "an existing Curtois–Qu instance file") from None
    except (UnicodeDecodeError, IsADirectoryError):
        raise InputError(path.name, "a plain ASCII Curtois–Qu instance file") from None
    return to_problem(parse_curtois(text, path.name))
