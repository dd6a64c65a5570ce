"""Fairness: nights, weekend days and statutory-holiday days shared evenly within each role.

For every role with at least two people, and for each of the three burdens, the spread
(largest count − smallest count among that role's staff) costs ``weights.fairness`` per unit.
Counts include the history.csv days: a person who worked last week's nights starts ahead.

* night: a shift marked night (any time between 22:00 and 06:00 unless ``night`` is set);
* weekend day: a Saturday or Sunday worked (whatever the calendar's swaps);
* holiday: a worked ``holiday`` day of the calendar (statutory, premium pay).

The objective pays exactly ``coef(fairness) × spread`` per role and burden, and check recomputes
the same spreads from the roster, listing each person's count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rostering.calendar import day_types
from rostering.problem import DayType, Person, Problem, Shift
from rostering.roster import Roster
from rostering.rules.base import Rule, Term, Violation, coef, penalty

if TYPE_CHECKING:
    from rostering.model import ModelContext

# burden name -> does working this shift on this day (with this day type) count
Burden = Callable[[dt.date, DayType, Shift], bool]
BURDENS: dict[str, Burden] = {
    "nights": lambda _d, _t, s: s.night,
    "weekend days": lambda d, _t, _s: d.weekday() >= 5,
    "holidays": lambda _d, t, _s: t == DayType.HOLIDAY,
}


def role_groups(problem: Problem) -> dict[str, list[int]]:
    """Staff indices by role, for roles with at least two people.

    >>> # role_groups(problem) -> {"agent": [2, 3, 4, ...], "supervisor": [0, 1]}
    """
    groups: dict[str, list[int]] = defaultdict(list)
    for i, person in enumerate(problem.staff):
        groups[person.role].append(i)
    return {r: ix for r, ix in groups.items() if len(ix) >= 2}


def history_counts(problem: Problem, person: Person) -> dict[str, int]:
    """Each burden's count in the person's history.csv days."""
    entries = [
        (h.date, problem.shift_by_code[h.shift])
        for h in problem.history
        if h.staff_id == person.staff_id and h.shift in problem.shift_by_code
    ]
    types = day_types([d for d, _ in entries], problem.period.calendar)
    return {name: sum(1 for d, s in entries if f(d, types[d], s)) for name, f in BURDENS.items()}


class Fairness(Rule):
    """Spread of nights, weekend days and holidays worked within a role, penalised."""

    def __init__(self) -> None:
        super().__init__(key="fairness", title="fair share of nights, weekends and holidays")

    def applies(self, problem: Problem) -> bool:
        return coef(problem.weights.fairness) > 0 and bool(role_groups(problem))

    def encode(self, ctx: ModelContext) -> list[Term]:
        pr = ctx.problem
        m = ctx.model
        w = coef(pr.weights.fairness)
        terms = []
        for role, members in role_groups(pr).items():
            hist = {p: history_counts(pr, pr.staff[p]) for p in members}
            for name, f in BURDENS.items():
                counts: list[Any] = []
                for p in members:
                    base = hist[p][name]
                    parts = [
                        ctx.on_shift(p, d, s)
                        for d, day in enumerate(ctx.days)
                        for s, sh in enumerate(pr.shifts)
                        if f(day, pr.day_types[day], sh)
                    ]
                    counts.append((base, parts))
                if not any(parts for _b, parts in counts):
                    spread = max(b for b, _ in counts) - min(b for b, _ in counts)
                    if spread:  # fixed by history alone: still honest to report it
                        terms.append(Term(self.key, spread, w, f"{role} {name}"))
                    continue
                lo = min(b for b, _ in counts)
                hi = max(b + len(parts) for b, parts in counts)
                exprs = [b + sum(parts) for b, parts in counts]
                mx = m.new_int_var(lo, hi, f"fair_max[{role},{name}]")
                mn = m.new_int_var(lo, hi, f"fair_min[{role},{name}]")
                m.add_max_equality(mx, exprs)
                m.add_min_equality(mn, exprs)
                # the spread as its own non-negative variable keeps the objective's bound ≥ 0
                spread_var = m.new_int_var(0, hi - lo, f"fair_spread[{role},{name}]")
                m.add(spread_var == mx - mn)
                terms.append(Term(self.key, spread_var, w, f"{role} {name}"))
        return terms

    def check(self, problem: Problem, roster: Roster) -> list[Violation]:
        out = []
        wt = problem.weights.fairness
        for role, members in role_groups(problem).items():
            people = [problem.staff[p] for p in members]
            hist = {person.staff_id: history_counts(problem, person) for person in people}
            for name, f in BURDENS.items():
                counts = {}
                for person in people:
                    n = hist[person.staff_id][name]
                    for d in problem.days:
                        sh = roster.shift(person.staff_id, d)
                        if sh is not None and f(d, problem.day_types[d], sh):
                            n += 1
                    counts[person.staff_id] = n
                spread = max(counts.values()) - min(counts.values())
                if spread:
                    each = ", ".join(f"{p.name or p.staff_id} {counts[p.staff_id]}" for p in people)
                    out.append(
                        Violation(
                            self.key,
                            False,
                            f"role {role or '(none)'}: {name} worked (history included) differ "
                            f"by {spread}: {each}",
                            amount=spread,
                            penalty=penalty(wt, spread),
                        )
                    )
        return out
