"""Tiny-problem builders for rule tests: Problem objects made by hand, no planner files.

Days are written as one token per day, separated by spaces::

    cells(p, A="E E - L:annual U E/presales")

``-`` is a rest day (OFF), ``U`` is UNAVAILABLE, ``L:<kind>`` is leave of that kind, anything
else is a shift code, optionally followed by ``/skill`` for the skill covered that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from rostering.calendar import day_types
from rostering.problem import (
    Availability,
    DemandRow,
    HistoryEntry,
    Period,
    Person,
    Problem,
    RuleSet,
    Shift,
    Weights,
)
from rostering.roster import OFF, UNAVAILABLE, Cell, Roster
from rostering.rules import rule
from rostering.rules.base import Violation
from rostering.solve import Result, solve
from rostering.timeutil import days_between, parse_hhmm

MONDAY = dt.date(2026, 10, 5)  # a plain Monday (calendar "none" everywhere in these tests)


def d(day: int, month: int = 10, year: int = 2026) -> dt.date:
    """A date in October 2026 by default: ``d(5)`` is Monday 2026-10-05."""
    return dt.date(year, month, day)


def _span(start: str, end: str) -> tuple[int, int]:
    a, b = parse_hhmm(start), parse_hhmm(end)
    return (a, b if b > a else b + 1440)


def shift(
    code: str,
    start: str = "",
    end: str = "",
    *,
    breaks: Sequence[tuple[str, str]] = (),
    segments: Sequence[tuple[str, str]] = (),
) -> Shift:
    """A shift template from clock times; an end at or before the start runs past midnight.

    Breaks and later segments earlier than the first start belong to the next day.
    """
    segs = [_span(a, b) for a, b in segments] if segments else [_span(start, end)]
    for i in range(1, len(segs)):
        while segs[i][0] < segs[i - 1][1]:
            segs[i] = (segs[i][0] + 1440, segs[i][1] + 1440)
    brks = []
    for a, b in breaks:
        lo, hi = _span(a, b)
        if lo < segs[0][0]:
            lo, hi = lo + 1440, hi + 1440
        brks.append((lo, hi))
    return Shift(code=code, name=code, segments=tuple(segs), breaks=tuple(brks))


def person(staff_id: str, *skills: str, role: str = "", **kw: Any) -> Person:
    """A person; ``name`` defaults to the id."""
    return Person(staff_id=staff_id, name=kw.pop("name", staff_id), role=role, skills=skills, **kw)


def demand(
    days: str = "all",
    start: str = "",
    end: str = "",
    *,
    min: int = 1,
    target: int | None = None,
    skill: str = "",
    shift: str | None = None,
    dates: Iterable[dt.date] | None = None,
    weight_under: float | None = None,
    weight_over: float | None = None,
    row: int = 2,
) -> DemandRow:
    """A demand row; ``dates`` makes it a dated row (which replaces general rows)."""
    s, e = _span(start, end) if shift is None else (0, 0)
    return DemandRow(
        row=row,
        days=days,
        dates=frozenset(dates) if dates is not None else None,
        start=s,
        end=e,
        skill=skill,
        min=min,
        target=min if target is None else target,
        shift=shift,
        weight_under=weight_under,
        weight_over=weight_over,
    )


def avail(
    staff_id: str,
    start: dt.date,
    end: dt.date | None = None,
    kind: str = "leave",
    *,
    leave_kind: str | None = None,
    shift: str | None = None,
    weight: float = 1.0,
    row: int = 2,
) -> Availability:
    """An availability row over ``start..end``."""
    return Availability(
        row=row,
        staff_id=staff_id,
        start=start,
        end=end or start,
        kind=kind,  # type: ignore[arg-type]
        leave_kind=leave_kind,
        shift=shift,
        weight=weight,
    )


def history(staff_id: str, codes: str, *, before: dt.date) -> tuple[HistoryEntry, ...]:
    """History rows for the days just before ``before``; ``codes`` like ``"E E - M"`` (oldest
    first, ``-`` is OFF)."""
    toks = codes.split()
    out = []
    for i, tok in enumerate(toks):
        day = before - dt.timedelta(days=len(toks) - i)
        out.append(HistoryEntry(staff_id=staff_id, date=day, shift=OFF if tok == "-" else tok))
    return tuple(out)


def problem(
    *,
    staff: Sequence[Person],
    shifts: Sequence[Shift],
    days: int = 7,
    start: dt.date = MONDAY,
    rules: RuleSet | None = None,
    role_rules: dict[str, RuleSet] | None = None,
    demand_rows: Sequence[DemandRow] = (),
    availability: Sequence[Availability] = (),
    history_rows: Sequence[HistoryEntry] = (),
    weights: Weights | None = None,
    leave_credit: dict[str, float] | None = None,
    skill_cover: dict[str, tuple[str, ...]] | None = None,
    slot_minutes: int = 30,
    strict_cover: bool = False,
) -> Problem:
    """A tiny Problem on the plain Mon–Fri calendar ("none")."""
    end = start + dt.timedelta(days=days - 1)
    period = Period(
        name="test",
        start=start,
        end=end,
        calendar="none",
        slot_minutes=slot_minutes,  # type: ignore[arg-type]
    )
    return Problem(
        period=period,
        shifts=tuple(shifts),
        staff=tuple(staff),
        demand=tuple(demand_rows),
        availability=tuple(availability),
        history=tuple(history_rows),
        rules=rules or RuleSet(),
        role_rules=role_rules or {},
        skill_cover=skill_cover or {},
        leave_credit=leave_credit if leave_credit is not None else {"annual": 8.0},
        weights=weights or Weights(),
        day_types=day_types(days_between(start, end), "none"),
        strict_cover=strict_cover,
    )


def _cell(tok: str) -> Cell:
    if tok == "-":
        return Cell(OFF)
    if tok == "U":
        return Cell(UNAVAILABLE)
    if tok.startswith("L:"):
        return Cell("LEAVE:" + tok[2:])
    code, _, skill = tok.partition("/")
    return Cell(code, skill)


def cells(p: Problem, **rows: str) -> Roster:
    """A roster from one token string per person (see the module docstring)."""
    out: dict[tuple[str, dt.date], Cell] = {}
    for sid, text in rows.items():
        toks = text.split()
        assert len(toks) == len(p.days), f"{sid}: {len(toks)} tokens for {len(p.days)} days"
        for day, tok in zip(p.days, toks, strict=True):
            out[sid, day] = _cell(tok)
    return Roster(p, out)


def violations(p: Problem, r: Roster, key: str) -> list[Violation]:
    """What one rule's ``check`` finds on a roster."""
    return rule(key).check(p, r)


def solve_small(p: Problem, time_limit: float = 5.0) -> Result:
    """Solve a tiny problem deterministically within a short limit."""
    return solve(p, time_limit=time_limit, workers=2, seed=0)


# A one-hour shift and a one-hour daily window: every uncovered day costs exactly
# weights.shortfall_min (one 60-minute slot), which makes optimum values easy to count by hand.
D = shift("D", "09:00", "10:00")


def one_slot_problem(n_days: int, **kw: Any) -> Problem:
    """One person ``A`` (unless ``staff`` is given), shift D, 60-minute slots, one head wanted
    09:00–10:00 every day."""
    kw.setdefault("staff", [person("A")])
    kw.setdefault("shifts", [D])
    kw.setdefault("demand_rows", [demand("all", "09:00", "10:00")])
    return problem(days=n_days, slot_minutes=60, **kw)
