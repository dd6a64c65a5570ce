"""Strict-cover capacity arithmetic: heads a day needs per skill against the people free to
cover it, per day and over the period (a finding is a necessary condition, so a true cause)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

from rostering.explain_checks import absent_days, max_work_days, who
from rostering.problem import Problem
from rostering.rules.coverage_spec import needs
from rostering.rules.weekends import weekends
from rostering.timeutil import fmt_hhmm
from rostering.weekend_bound import weekend_supply


def people(n: int) -> str:
    """``1 person``, ``3 people``.

    >>> people(1), people(3)
    ('1 person', '3 people')
    """
    return f"{n} person" if n == 1 else f"{n} people"


def day_needs(problem: Problem) -> dict[tuple[dt.date, str], tuple[int, str]]:
    """Heads a date needs per skill under its minimum cover, at least, and how that reads.

    One person works one shift a day covering one skill, so the heads needed are the larger of
    the busiest slot and the sum over per-shift rows (``1 on E + 1 on L`` needs two people).

    >>> # day_needs(problem)[date(2026, 4, 13), "senior"] -> (2, "1 on E + 1 on L")
    """
    first = problem.days[0]
    slot: dict[tuple[dt.date, str], tuple[int, int]] = {}
    per_shift: dict[tuple[dt.date, str], list[tuple[str, int]]] = defaultdict(list)
    for n in needs(problem):
        # a slot reached from the day before (overnight shift) may be covered by someone off or
        # on leave that date: such needs are left out, the check stays a true necessary condition
        if not n.min or any(d != (n.date - first).days for d, _s in n.covering):
            continue
        if n.shift is not None:
            per_shift[n.date, n.skill].append((n.shift, n.min))
        elif n.min > slot.get((n.date, n.skill), (0, 0))[0]:
            slot[n.date, n.skill] = (n.min, n.minute)
    out: dict[tuple[dt.date, str], tuple[int, str]] = {}
    for key in set(slot) | set(per_shift):
        by_slot = slot.get(key, (0, 0))
        shifts = per_shift.get(key, [])
        total = sum(m for _s, m in shifts)
        if total > by_slot[0]:
            out[key] = (total, " + ".join(f"{m} on {code}" for code, m in sorted(shifts)))
        else:
            out[key] = (by_slot[0], f"{by_slot[0]} at {fmt_hhmm(by_slot[1])}")
    return out


def cover_checks(problem: Problem) -> list[str]:
    """Strict cover: heads needed per day (and over the period) per group of skills."""
    if not problem.strict_cover:
        return []
    peak = day_needs(problem)
    skills = sorted({k for _d, k in peak if k})
    absent = {p.staff_id: absent_days(problem, p.staff_id) for p in problem.staff}
    can = {p.staff_id: problem.coverable_skills(p) for p in problem.staff}
    out: list[str] = []
    groups = [
        frozenset(g)
        for r in range(1, min(len(skills), 4) + 1)
        for g in itertools.combinations(skills, r)
    ]
    for d in problem.days:
        avail = [p for p in problem.staff if d not in absent[p.staff_id]]
        any_need = peak.get((d, ""), (0, 0))[0]
        if any_need > len(avail):
            out.append(
                f"{d}: {people(any_need)} needed at once but only {len(avail)} not on leave."
            )
        failed: list[frozenset[str]] = []
        for g in groups:
            need = sum(peak.get((d, k), (0, 0))[0] for k in g)
            able = [p for p in avail if can[p.staff_id] & g]
            if need > len(able) and not any(f < g for f in failed):  # smallest groups only
                failed.append(g)
                parts = ", ".join(f"{peak[d, k][1]} {k}" for k in sorted(g) if (d, k) in peak)
                away = [
                    who(p) for p in problem.staff if can[p.staff_id] & g and d in absent[p.staff_id]
                ]
                out.append(
                    f"{d}: the minimum cover needs {parts} ({need} people, each covering one "
                    f"skill a day), but only {people(len(able))} who can cover "
                    f"{' or '.join(sorted(g))} available"
                    + (f"; on leave: {', '.join(away)}" if away else "")
                    + "."
                )
    failed = []
    for g in groups:
        need = sum(v[0] for (d, k), v in peak.items() if k in g)
        holders = [p for p in problem.staff if can[p.staff_id] & g]
        cap = sum(max(0, max_work_days(problem, p)[0]) for p in holders)
        if need > cap and not any(f < g for f in failed):
            failed.append(g)
            out.append(
                f"Over the period the minimum cover needs {need} person-days of "
                f"{' or '.join(sorted(g))}, but the {people(len(holders))} who can cover it can "
                f"work at most {cap} days after leave and rest days."
            )
    return out + _weekend_check(problem, peak)


def _weekend_check(problem: Problem, peak: dict[tuple[dt.date, str], tuple[int, str]]) -> list[str]:
    """Strict cover against the caps on worked weekends: the weekend person-days the minimum
    cover needs (per date the larger of its any-skill heads and its per-skill heads summed: a
    person covers one skill a day) against :func:`rostering.weekend_bound.weekend_supply`."""
    if not any(problem.rules_for(p).max_worked_weekends is not None for p in problem.staff):
        return []  # without caps the per-day checks above already hold every weekend day
    by_date: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])  # [any skill, per skill]
    for (d, k), (heads, _text) in peak.items():
        if k:
            by_date[d][1] += heads
        else:
            by_date[d][0] = heads
    dates = [problem.days[i] for we in weekends(problem.days) for i in we]
    asked = sum(max(by_date[d]) for d in dates if d in by_date)
    supply = weekend_supply(problem)
    if asked <= supply:
        return []
    return [
        f"Weekends: the minimum cover needs {asked} person-days on Saturdays and Sundays, but "
        f"with the caps on worked weekends (max_worked_weekends) and leave everybody together "
        f"can work at most {supply} of them."
    ]
