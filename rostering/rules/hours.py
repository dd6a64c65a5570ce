"""Monthly paid-hours band, adjusted for leave, and the paid-hours range of shift templates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rostering.problem import Person, Problem, RuleSet
from rostering.roster import Roster
from rostering.rules.base import Rule, Term, Violation, people_with

if TYPE_CHECKING:
    from rostering.model import ModelContext


def leave_minutes(problem: Problem, person: Person) -> tuple[int, int]:
    """(credited minutes, band deficit minutes) from the person's leave and unavailable days.

    Each leave day is credited its ``[leave]`` hours; each day whose credit is below the daily
    share (``standard_day_hours``) lowers both ends of the band by the difference.
    """
    std = round(problem.rules_for(person).standard_day_hours * 60)
    credit = deficit = 0
    days = set(problem.days)
    for a in problem.availability_of.get(person.staff_id, ()):
        if a.kind not in ("leave", "unavailable"):
            continue
        per_day = round(problem.leave_credit.get(a.leave_kind or "", 0.0) * 60)
        for d in a.dates:
            if d in days:
                credit += per_day
                deficit += max(0, std - per_day)
    return credit, deficit


def band_minutes(problem: Problem, person: Person, rs: RuleSet) -> tuple[int, int] | None:
    """The person's band on worked + credited minutes, or None when no band applies."""
    lo = hi = None
    if rs.monthly_hours is not None:
        lo = rs.monthly_hours.target - rs.monthly_hours.tolerance
        hi = rs.monthly_hours.target + rs.monthly_hours.tolerance
    if person.min_hours is not None:
        lo = person.min_hours
    if person.max_hours is not None:
        hi = person.max_hours
    if lo is None and hi is None:
        return None
    _credit, deficit = leave_minutes(problem, person)
    lo_m = max(0, round(lo * 60) - deficit) if lo is not None else 0
    hi_m = max(0, round(hi * 60) - deficit) if hi is not None else 10**9
    return lo_m, hi_m


def _fmt_h(minutes: int) -> str:
    return f"{minutes / 60:g} h"


class MonthlyHours(Rule):
    """Paid hours plus leave credits within the band (target ± tolerance, less leave deficits)."""

    def __init__(self) -> None:
        super().__init__(key="monthly_hours", title="monthly paid-hours band")

    def _people(self, problem: Problem) -> list[tuple[int, Person, tuple[int, int]]]:
        out = []
        for i, person in enumerate(problem.staff):
            band = band_minutes(problem, person, problem.rules_for(person))
            if band is not None:
                out.append((i, person, band))
        return out

    def applies(self, problem: Problem) -> bool:
        return bool(self._people(problem))

    def encode(self, ctx: ModelContext) -> list[Term]:
        for p, person, (lo, hi) in self._people(ctx.problem):
            credit, _ = leave_minutes(ctx.problem, person)
            total = ctx.paid_minutes(p, range(len(ctx.days))) + credit
            ctx.model.add(total >= lo)
            ctx.model.add(total <= hi)
        return []

    def check(self, problem: Problem, roster: Roster) -> list[Violation]:
        out = []
        for _p, person, (lo, hi) in self._people(problem):
            credit, _ = leave_minutes(problem, person)
            worked = 0
            for d in problem.days:
                s = roster.shift(person.staff_id, d)
                worked += s.paid_minutes if s else 0
            total = worked + credit
            if not lo <= total <= hi:
                out.append(
                    Violation(
                        self.key,
                        True,
                        f"{person.name} has {_fmt_h(total)} (worked {_fmt_h(worked)} + leave "
                        f"{_fmt_h(credit)}); the band is {_fmt_h(lo)}–{_fmt_h(hi)}",
                        person.staff_id,
                        (),
                        abs(total - (lo if total < lo else hi)) / 60,
                    )
                )
        return out


class DailyPaidHours(Rule):
    """Only shift templates whose paid hours lie in ``daily_paid_hours`` may be worked."""

    def __init__(self) -> None:
        super().__init__(key="daily_paid_hours", title="paid hours of a day's shift")

    def applies(self, problem: Problem) -> bool:
        return bool(people_with(problem, "daily_paid_hours"))

    def encode(self, ctx: ModelContext) -> list[Term]:
        for p, _person, _rs, (lo, hi) in people_with(ctx.problem, "daily_paid_hours"):
            for s, sh in enumerate(ctx.problem.shifts):
                if not lo * 60 <= sh.paid_minutes <= hi * 60:
                    for d in range(len(ctx.days)):
                        ctx.model.add(ctx.on_shift(p, d, s) == 0)
        return []

    def check(self, problem: Problem, roster: Roster) -> list[Violation]:
        out = []
        for _p, person, _rs, (lo, hi) in people_with(problem, "daily_paid_hours"):
            for d in problem.days:
                s = roster.shift(person.staff_id, d)
                if s is not None and not lo * 60 <= s.paid_minutes <= hi * 60:
                    out.append(
                        Violation(
                            self.key,
                            True,
                            f"{person.name} on {d}: shift {s.code} pays {s.paid_hours:g} h, "
                            f"outside {lo:g}–{hi:g} h",
                            person.staff_id,
                            (d,),
                        )
                    )
        return out
