"""The rule registry: adding a rule family is one module plus one line here."""

from __future__ import annotations

from rostering.rules.alternating import AlternatingWeeks
from rostering.rules.assignment import Assignment
from rostering.rules.availability import Availability
from rostering.rules.base import Rule, Term, Violation
from rostering.rules.consecutive import MaxConsecutiveWork
from rostering.rules.cost import Cost
from rostering.rules.coverage import Coverage
from rostering.rules.cycle import WorkRestCycle
from rostering.rules.fairness import Fairness
from rostering.rules.hours import DailyPaidHours, MonthlyHours
from rostering.rules.protected import Protected
from rostering.rules.requests import Requests
from rostering.rules.rest_days import RestDaysPerMonth
from rostering.rules.runs import MinConsecutiveOff, MinConsecutiveWork
from rostering.rules.shift_caps import MaxShifts
from rostering.rules.succession import Succession
from rostering.rules.weekends import MaxWorkedWeekends
from rostering.rules.weekly_rest import WeeklyRest

REGISTRY: tuple[Rule, ...] = (
    Assignment(),
    Availability(),
    Coverage(),
    RestDaysPerMonth(),
    WeeklyRest(),
    MaxConsecutiveWork(),
    MonthlyHours(),
    DailyPaidHours(),
    Succession(),
    AlternatingWeeks(),
    WorkRestCycle(),
    MinConsecutiveWork(),
    MinConsecutiveOff(),
    MaxWorkedWeekends(),
    MaxShifts(),
    Fairness(),
    Requests(),
    Protected(),
    Cost(),
)


def rule(key: str) -> Rule:
    """The registered rule with this key.

    >>> rule("coverage").title
    'cover demand (demand.csv)'
    """
    for r in REGISTRY:
        if r.key == key:
            return r
    raise KeyError(key)


__all__ = ["REGISTRY", "Rule", "Term", "Violation", "rule"]
