"""Why a scenario cannot be rostered, in planner words.

Two stages. First cheap capacity arithmetic (:mod:`rostering.explain_checks`): a finding there is
a necessary condition broken, so a true cause, with its numbers. Then CP-SAT
(:mod:`rostering.explain_core`): a small set of rule instances that cannot all hold, and the
single instance whose relaxation lets a roster exist, with the violation such a roster shows.
"""

from __future__ import annotations

import re
import time

from rostering.explain_checks import absent_days, leave_text, person_checks, pins, who
from rostering.explain_core import KEPT, SHOWN, Conflict, Instance, conflict
from rostering.explain_cover import cover_checks, day_needs, people
from rostering.problem import Problem
from rostering.rules import REGISTRY
from rostering.rules.base import fmt_dates
from rostering.rules.hours import band_minutes
from rostering.rules.succession import banned_pairs
from rostering.solve import ExtraEncoder

__all__ = ["Conflict", "Instance", "capacity_findings", "conflict", "describe", "explain"]


def capacity_findings(problem: Problem) -> list[str]:
    """Arithmetic that already rules a roster out (no solver), as planner sentences.

    >>> # capacity_findings(problem) -> ["王芳 (A01): the hours band asks at least 168 h ..."]
    """
    out: list[str] = []
    for person in problem.staff:
        out += person_checks(problem, person)
    return out + cover_checks(problem)


def describe(problem: Problem, inst: Instance) -> str:
    """One rule instance in planner words, with its numbers.

    >>> # describe(problem, Instance("rest_days_per_month", "A01")) -> "王芳 (A01): rest days ..."
    """
    title = next((r.title for r in REGISTRY if r.key == inst.rule), inst.rule)
    if inst.rule == "coverage":
        day = inst.dates[0]
        heads, how = day_needs(problem).get((day, inst.skill), (0, "nothing"))
        able = [
            p for p in problem.staff if not inst.skill or inst.skill in problem.coverable_skills(p)
        ]
        away = [who(p) for p in able if day in absent_days(problem, p.staff_id)]
        text = (
            f"{day} {inst.skill or 'any skill'}: the minimum cover needs {how} "
            f"({people(heads)}); "
            f"{len(able) - len(away)} of the {len(able)} who can cover it are not on leave"
        )
        return text + (f" (on leave: {', '.join(away)})" if away else "")
    person = problem.person_by_id.get(inst.staff_id)
    if person is None:
        return f"{title} (as a whole)"
    rs = problem.rules_for(person)
    if inst.rule == KEPT:
        on = inst.dates[0] if inst.dates else None
        return f"{who(person)} keeps the previous roster's cell on {on} (before --from)"
    if inst.rule == "availability":
        on = inst.dates[0] if inst.dates else None
        pin = pins(problem, person.staff_id).get(on) if on else None
        leave = absent_days(problem, person.staff_id).get(on) if on else None
        what = f"pinned to {pin}" if pin else (f"on {leave}" if leave else "availability")
        return f"{who(person)} is {what} on {on} (availability.csv)"
    if inst.rule == "succession":
        pairs = "; ".join(banned_pairs(problem, rs).values())
        return f"{who(person)}: {title} ({pairs})"
    value = getattr(rs, inst.rule, None)
    if inst.rule == "monthly_hours":
        band = band_minutes(problem, person, rs)
        value = f"{band[0] / 60:g}–{band[1] / 60:g} h after leave" if band else value
    elif isinstance(value, tuple) and len(value) == 2 and inst.rule == "rest_days_per_month":
        value = str(value[0]) if value[0] == value[1] else f"{value[0]}–{value[1]}"
    elif isinstance(value, tuple) and all(isinstance(v, tuple) for v in value):
        value = ", ".join(f"{a}: {b}" for a, b in value)  # e.g. max_shifts Q: 0
    elif isinstance(value, tuple):
        value = "/".join(str(v) for v in value)
    text = f"{who(person)}: {title}" + (f" = {value}" if value is not None else "")
    gone = absent_days(problem, person.staff_id)
    extra = []
    if gone:
        extra.append(leave_text(gone))
    pinned = pins(problem, person.staff_id)
    if pinned:
        extra.append(f"pinned on {fmt_dates(sorted(pinned))}")
    return text + (f" ({'; '.join(extra)})" if extra else "")


def explain(
    problem: Problem, time_limit: float = 20.0, *, extra: ExtraEncoder | None = None
) -> str:
    """A plain-language explanation of why no roster satisfies every hard rule (plus the
    constraints of ``extra``, e.g. the cells a re-plan keeps).

    >>> # print(explain(load_scenario("scenarios/too-few-agents")))
    """
    t0 = time.perf_counter()
    cap = capacity_findings(problem)
    budget = max(2.0, time_limit - (time.perf_counter() - t0))
    named = re.findall(r"\(([^()\s]+)\)", " ".join(cap))
    suspects = tuple(dict.fromkeys(s for s in named if s in problem.person_by_id))
    found = conflict(problem, budget, suspects=suspects, extra=extra)
    if found.status == "feasible" and not cap:
        return "A roster exists that satisfies every hard rule of this scenario."
    lines = ["No roster can satisfy every hard rule of this scenario."]
    if cap:
        lines.append("Capacity checks (plain arithmetic):")
        lines += [f"  - {c}" for c in cap[:SHOWN]]
        if len(cap) > SHOWN:
            lines.append(f"  - … and {len(cap) - SHOWN} more findings of the same kinds")
    for n, core in enumerate(found.cores, 1):
        head = "These rules cannot all hold together"
        lines.append(f"{head} (conflict {n}):" if len(found.cores) > 1 else f"{head}:")
        lines += [f"  - {describe(problem, i)}" for i in core[:SHOWN]]
        if len(core) > SHOWN:
            lines.append(f"  - … and {len(core) - SHOWN} more of the same kind")
        fixes = [i for i in core if i in found.relaxations]
        if fixes:
            lines.append("  Smallest relaxation: any one of these alone resolves it:")
            for inst in fixes[:4]:
                lines.append(f"    - drop or loosen: {describe(problem, inst)}")
                lines += [f"        e.g. {m}" for m in found.relaxations[inst][:3]]
            if len(fixes) > 4:
                lines.append(f"    - … and {len(fixes) - 4} more like these")
        else:
            lines.append(
                "  No single one of these alone makes the whole scenario feasible: other "
                "conflicts remain (see above), or two must be relaxed together."
            )
    if not found.cores and found.status == "unknown" and not cap:
        lines.append(
            f"The search could not settle within {time_limit:g} s; try a longer --time-limit."
        )
    elif not found.cores and not cap:
        lines.append("The conflict lies in the structure of the model (one shift a day).")
    return "\n".join(lines)
