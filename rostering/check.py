"""Validate any roster against the problem's rules, in plain Python (no solver)."""

from __future__ import annotations

from collections import defaultdict

from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules import REGISTRY, Violation


def check(problem: Problem, roster: Roster) -> list[Violation]:
    """Every violation of every applicable rule, hard ones first.

    >>> # violations = check(problem, roster); [v.message for v in violations if v.hard]
    """
    out: list[Violation] = []
    for r in REGISTRY:
        if r.applies(problem):
            out.extend(r.check(problem, roster))
    return sorted(out, key=lambda v: (not v.hard, v.rule))


def penalties(violations: list[Violation]) -> dict[str, float]:
    """Soft penalty per rule, as the solver's objective counts it."""
    out: dict[str, float] = defaultdict(float)
    for v in violations:
        if not v.hard and v.penalty:
            out[v.rule] += v.penalty
    return {k: round(v, 6) for k, v in out.items()}


def hard_violations(violations: list[Violation]) -> list[Violation]:
    """The hard ones only."""
    return [v for v in violations if v.hard]
