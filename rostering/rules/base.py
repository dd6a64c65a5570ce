"""What every rule module provides, and the small shared vocabulary of rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rostering.problem import Person, Problem, RuleSet
from rostering.roster import Roster

if TYPE_CHECKING:
    from rostering.model import ModelContext

# Objective coefficients must be integers for CP-SAT: weights are scaled by this and rounded,
# and checks use the very same rounding so solver and check agree to the cent.
SCALE = 100


def coef(weight: float) -> int:
    """Integer objective coefficient of a planner weight.

    >>> coef(5), coef(0.5)
    (500, 50)
    """
    return round(weight * SCALE)


def penalty(weight: float, amount: float) -> float:
    """Penalty in planner units, rounded exactly as the solver's objective is.

    >>> penalty(1000, 3)
    3000.0
    """
    return coef(weight) * amount / SCALE


@dataclass(frozen=True)
class Term:
    """A soft penalty: ``coef × expr`` in the objective, booked to ``rule``.

    ``expr`` may be a slack bounded only from below (``u ≥ need − count``): the search is faster
    that way and at the optimum it is tight anyway. A time-limited run can stop on a solution with
    slack to spare, so such terms give ``exact``: the term's true amount computed from solution
    values (``exact(value)`` where ``value(expr)`` reads the solver), which is what ``solve``
    reports and what ``check`` recomputes.

    ``person`` is the index of the one person whose schedule alone decides the term (None when
    it ties people, as cover does, or is not known): :mod:`rostering.lagrange_cut` needs each
    person's own penalty as an expression.
    """

    rule: str
    expr: Any  # a CP-SAT IntVar / LinearExpr, or an int constant
    coef: int
    label: str = ""
    exact: Callable[[Callable[[Any], int]], int] | None = None
    person: int | None = None


def evaluate(terms: list[Term], value: Callable[[Any], int]) -> tuple[int, dict[str, float]]:
    """(scaled objective, penalty per rule in planner units) of a solution, each term at its
    true amount (``Term.exact`` when given). ``value`` reads an expression off the solver.

    >>> evaluate([Term("r", 3, coef(2))], lambda e: e)
    (600, {'r': 6.0})
    """
    scaled = 0
    per_rule: dict[str, float] = {}
    for t in terms:
        if t.coef:
            amount = t.coef * (t.exact(value) if t.exact else value(t.expr))
            scaled += amount
            per_rule[t.rule] = per_rule.get(t.rule, 0.0) + amount / SCALE
    return scaled, {k: round(v, 6) for k, v in per_rule.items() if v}


@dataclass(frozen=True)
class Violation:
    """A broken rule in planner words; ``penalty`` is the objective cost of soft ones."""

    rule: str
    hard: bool
    message: str
    staff_id: str | None = None
    dates: tuple[dt.date, ...] = ()
    amount: float = 0.0
    penalty: float = 0.0


@dataclass
class Rule:
    """A rule family: its planner name, its CP-SAT encoding and its plain-Python check.

    Subclasses override :meth:`applies`, :meth:`encode` and :meth:`check`.
    """

    key: str = ""
    title: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)

    def applies(self, problem: Problem) -> bool:
        """Whether the problem uses this rule at all."""
        return True

    def encode(self, ctx: ModelContext) -> list[Term]:
        """Add hard constraints to ``ctx.model``; return the soft penalty terms."""
        return []

    def check(self, problem: Problem, roster: Roster) -> list[Violation]:
        """The same rule read again on a finished roster, without a solver."""
        return []


def people_with(problem: Problem, attr: str) -> list[tuple[int, Person, RuleSet, Any]]:
    """(index, person, profile, value) for everyone whose profile sets rule ``attr``."""
    out = []
    for i, person in enumerate(problem.staff):
        rs = problem.rules_for(person)
        value = getattr(rs, attr)
        if value is not None and value != ():
            out.append((i, person, rs, value))
    return out


def any_profile(problem: Problem, attr: str) -> bool:
    """True when any person's profile sets rule ``attr``."""
    return bool(people_with(problem, attr))


def history_of(problem: Problem, staff_id: str) -> dict[dt.date, str]:
    """History codes (shift code or OFF) by date for one person."""
    return {h.date: h.shift for h in problem.history if h.staff_id == staff_id}


def fmt_dates(dates: list[dt.date] | tuple[dt.date, ...]) -> str:
    """``2026-10-03..2026-10-05`` for a run, a single date, or a short list."""
    if not dates:
        return ""
    ds = sorted(dates)
    if len(ds) > 1 and (ds[-1] - ds[0]).days == len(ds) - 1:
        return f"{ds[0]}..{ds[-1]}"
    return ", ".join(d.isoformat() for d in ds)
