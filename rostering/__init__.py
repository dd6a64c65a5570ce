"""rostering: monthly shift rosters for customer-service teams, built with OR-Tools CP-SAT.

>>> from rostering import load_scenario, solve, check
>>> problem = load_scenario("scenarios/hotline")  # doctest: +SKIP
>>> result = solve(problem, time_limit=20)  # doctest: +SKIP
>>> [v for v in check(problem, result.roster) if v.hard]  # doctest: +SKIP
[]
"""

from rostering.check import check, hard_violations, penalties
from rostering.errors import InputError
from rostering.explain import explain
from rostering.io import load_scenario, read_roster
from rostering.payroll import payroll_table
from rostering.problem import Availability, DayType, Person, Problem, RuleSet, Shift
from rostering.progress import ProgressDisplay
from rostering.roster import Cell, Roster
from rostering.rules import Violation
from rostering.solve import Progress, Result, solve
from rostering.warnings import payroll_warnings

__all__ = [
    "Availability",
    "Cell",
    "DayType",
    "InputError",
    "Person",
    "Problem",
    "Progress",
    "ProgressDisplay",
    "Result",
    "Roster",
    "RuleSet",
    "Shift",
    "Violation",
    "check",
    "explain",
    "hard_violations",
    "load_scenario",
    "payroll_table",
    "payroll_warnings",
    "penalties",
    "read_roster",
    "solve",
]
