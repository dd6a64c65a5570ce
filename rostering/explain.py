"""Why a scenario cannot be rostered, in planner words.

First cheap capacity arithmetic per person; then, for the rule families in force, which one
(left out alone) lets a roster exist.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from rostering.problem import Problem
from rostering.rules import REGISTRY
from rostering.rules.hours import band_minutes, leave_minutes


def capacity_findings(problem: Problem) -> list[str]:
    """Per-person arithmetic that already rules a roster out (no solver).

    >>> # capacity_findings(problem) -> ["王芳: needs at least 21 shifts ... only 19 days ..."]
    """
    out = []
    longest = max(s.paid_minutes for s in problem.shifts)
    shortest = min(s.paid_minutes for s in problem.shifts)
    n = len(problem.days)
    for person in problem.staff:
        rs = problem.rules_for(person)
        absent = {
            d
            for a in problem.availability
            if a.staff_id == person.staff_id and a.kind in ("leave", "unavailable")
            for d in a.dates
        }
        free = n - len(absent)
        rest_lo, rest_hi = rs.rest_days_per_month or (0, n)
        max_days = free - rest_lo
        min_days = max(0, free - rest_hi)
        if max_days < 0:
            out.append(
                f"{person.name} ({person.staff_id}): {rest_lo} rest days are required but "
                f"only {free} days are free of leave in the period."
            )
            continue
        band = band_minutes(problem, person, rs)
        if band is None:
            continue
        lo, hi = band
        credit, _ = leave_minutes(problem, person)
        need_lo = max(0, lo - credit)
        if need_lo > max_days * longest:
            out.append(
                f"{person.name} ({person.staff_id}): the hours band needs at least "
                f"{need_lo / 60:g} h of work, but with {len(absent)} leave day(s) and "
                f"{rest_lo} rest days only {max_days} days remain, at most "
                f"{max_days * longest / 60:g} h even on the longest shift."
            )
        if min_days * shortest > hi - credit:
            out.append(
                f"{person.name} ({person.staff_id}): at most {rest_hi} rest days force "
                f"{min_days} work days, at least {min_days * shortest / 60:g} h, above the "
                f"band's {(hi - credit) / 60:g} h."
            )
    return out


def culprit_rules(problem: Problem, time_limit: float = 20.0) -> list[tuple[str, str]]:
    """Rule families which, left out alone, make a roster possible: (key, planner title)."""
    from rostering.solve import build

    hard = [r for r in REGISTRY if r.applies(problem) and r.key not in ("requests", "assignment")]
    if not hard:
        return []
    per = max(1.0, time_limit / len(hard))
    found = []
    for r in hard:
        if r.key == "coverage" and not problem.strict_cover:
            continue
        ctx, _ = build(problem, skip=frozenset({r.key}))
        ctx.model.clear_objective()
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = per
        solver.parameters.num_workers = 2
        if solver.solve(ctx.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found.append((r.key, r.title))
    return found


def explain(problem: Problem, time_limit: float = 20.0) -> str:
    """A plain-language explanation of why no roster satisfies every hard rule.

    >>> # print(explain(load_scenario("scenarios/too-few-agents")))
    """
    lines = ["No roster can satisfy every hard rule of this scenario."]
    cap = capacity_findings(problem)
    if cap:
        lines.append("Capacity checks:")
        lines += [f"  - {c}" for c in cap]
    culprits = culprit_rules(problem, time_limit)
    if culprits:
        lines.append("Leaving out any one of these rules would make a roster possible:")
        lines += [f"  - {title} ({key})" for key, title in culprits]
    elif not cap:
        lines.append(
            "No single rule family is to blame: several rules conflict together. "
            "Check leave, pinned shifts and the hours band against the rest-day rules."
        )
    return "\n".join(lines)
