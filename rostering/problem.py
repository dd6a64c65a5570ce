"""The validated, frozen description of one rostering problem.

Everything downstream (model, check, payroll, plots) reads only these objects; the file formats
live in :mod:`rostering.io`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import cached_property
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rostering.timeutil import days_between, fmt_hhmm

Minutes = int


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    def replace(self, **changes: Any) -> Self:
        """A validated copy with some fields changed, for what-if studies. Unlike
        ``model_copy(update=...)`` it re-runs the validators and rebuilds cached views.

        >>> p = Period(start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31))
        >>> p.replace(end=dt.date(2026, 10, 7)).days[-1]
        datetime.date(2026, 10, 7)
        """
        data = {name: getattr(self, name) for name in type(self).model_fields}
        return type(self).model_validate({**data, **changes})


class DayType(StrEnum):
    """How the official calendar classes a date."""

    WORKDAY = "workday"
    RESTDAY = "restday"
    HOLIDAY = "holiday"  # statutory day: premium pay
    MAKEUP = "makeup"  # a weekend made a workday (调休上班)


class Period(_Frozen):
    """The rostered days and the coverage granularity."""

    name: str = ""
    start: dt.date
    end: dt.date
    calendar: Literal["CN", "none"] = "CN"
    slot_minutes: Literal[15, 30, 60] = 30

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("period end is before its start")
        return self

    @cached_property
    def days(self) -> list[dt.date]:
        """Every date of the period, in order."""
        return days_between(self.start, self.end)


class Shift(_Frozen):
    """A shift template. Times are minutes from the start of the shift's day; an interval that
    crosses midnight simply runs past 1440, so every interval has ``end > start``.

    >>> s = Shift(code="E", name="Early", segments=((480, 990),), breaks=((720, 750),))
    >>> s.paid_minutes, s.work_intervals
    (480, ((480, 720), (750, 990)))
    """

    code: str
    name: str = ""
    segments: tuple[tuple[Minutes, Minutes], ...]
    breaks: tuple[tuple[Minutes, Minutes], ...] = ()
    night: bool = False

    @cached_property
    def work_intervals(self) -> tuple[tuple[Minutes, Minutes], ...]:
        """Segments less unpaid breaks: the time the person is actually on duty."""
        out: list[tuple[int, int]] = []
        for a, b in self.segments:
            pieces = [(a, b)]
            for ba, bb in self.breaks:
                nxt = []
                for pa, pb in pieces:
                    if bb <= pa or ba >= pb:
                        nxt.append((pa, pb))
                        continue
                    if ba > pa:
                        nxt.append((pa, ba))
                    if bb < pb:
                        nxt.append((bb, pb))
                pieces = nxt
            out.extend(pieces)
        return tuple(out)

    @cached_property
    def paid_minutes(self) -> Minutes:
        """Worked time less unpaid breaks."""
        return sum(b - a for a, b in self.work_intervals)

    @property
    def paid_hours(self) -> float:
        """Paid hours of one occurrence of the shift."""
        return self.paid_minutes / 60

    @property
    def start_min(self) -> Minutes:
        """First minute on duty (from the shift's own day)."""
        return self.segments[0][0]

    @property
    def end_min(self) -> Minutes:
        """Last minute on duty; above 1440 when the shift ends the next day."""
        return self.segments[-1][1]

    def covers(self, slot_start: Minutes, slot_len: Minutes) -> bool:
        """True when the whole slot lies inside one on-duty interval of this shift."""
        return any(a <= slot_start and slot_start + slot_len <= b for a, b in self.work_intervals)

    def label(self) -> str:
        """``E 08:00–16:30`` for messages."""
        return f"{self.code} {fmt_hhmm(self.start_min)}–{fmt_hhmm(self.end_min)}"


class Person(_Frozen):
    """One member of staff."""

    staff_id: str
    name: str = ""
    role: str = ""
    skills: tuple[str, ...] = ()
    base_wage: float = 0.0
    performance_wage: float = 0.0
    min_hours: float | None = None
    max_hours: float | None = None
    protected: bool = False


class DemandRow(_Frozen):
    """One row of demand.csv, with its day selector already parsed.

    ``start``/``end`` are minutes from the day's start (``end > start``; past 1440 when the window
    crosses midnight). ``dates`` is set when the row names dates (it then replaces general rows).
    """

    row: int
    days: str
    dates: frozenset[dt.date] | None = None
    start: Minutes = 0
    end: Minutes = 0
    skill: str = ""
    min: int
    target: int
    shift: str | None = None
    weight_under: float | None = None
    weight_over: float | None = None


AvailabilityKind = Literal["leave", "unavailable", "off_request", "on_request", "fixed"]


class Availability(_Frozen):
    """One row of availability.csv over an inclusive date range."""

    row: int
    staff_id: str
    start: dt.date
    end: dt.date
    kind: AvailabilityKind
    leave_kind: str | None = None
    shift: str | None = None
    weight: float = 1.0

    @property
    def dates(self) -> list[dt.date]:
        """The dates this row covers."""
        return days_between(self.start, self.end)


class HoursBand(_Frozen):
    """Monthly paid-hours band ``[target - tolerance, target + tolerance]``."""

    target: float
    tolerance: float = 0.0


class RuleSet(_Frozen):
    """The rules of one profile; ``None`` means the rule is off for that profile."""

    max_consecutive_work_days: int | None = Field(default=None, ge=1)
    max_consecutive_work_days_exception: int | None = Field(default=None, ge=1)
    rest_days_per_month: tuple[int, int] | None = None
    weekly_rest_days: int | None = Field(default=None, ge=0, le=7)
    monthly_hours: HoursBand | None = None
    standard_day_hours: float = Field(default=8.0, gt=0)
    daily_paid_hours: tuple[float, float] | None = None
    min_rest_hours: float | None = Field(default=None, ge=0)
    forbidden_successions: tuple[tuple[str, str], ...] = ()
    alternating_weeks: tuple[int, int] | None = None
    work_rest_cycle: tuple[int, int] | None = None
    max_swaps_per_month: int | None = Field(default=None, ge=0)
    min_consecutive_work_days: int | None = Field(default=None, ge=1)
    min_consecutive_days_off: int | None = Field(default=None, ge=1)
    max_worked_weekends: int | None = Field(default=None, ge=0)
    max_shifts: tuple[tuple[str, int], ...] = ()
    # how min_consecutive_* judge runs at the period's edges: "history" reads history.csv before
    # the start (unknown history = not judged) and leaves a run reaching the end unjudged;
    # "free" judges no run that touches the first or last day (Curtois–Qu semantics)
    runs_at_edges: Literal["history", "free"] = "history"

    @model_validator(mode="after")
    def _consistent(self) -> RuleSet:
        lo_hi = [self.rest_days_per_month, self.daily_paid_hours]
        for pair in lo_hi:
            if pair is not None and pair[1] < pair[0]:
                raise ValueError(f"range {list(pair)} ends before it starts")
        cap, exc = self.max_consecutive_work_days, self.max_consecutive_work_days_exception
        if cap is not None and exc is not None and exc < cap:
            raise ValueError(
                "max_consecutive_work_days_exception is below max_consecutive_work_days"
            )
        return self


class PayPolicy(_Frozen):
    """How worked hours become money (payroll)."""

    holiday_multiplier: float = 3.0
    day_divisor: float = Field(default=21.75, gt=0)
    overtime_multiplier: float = 1.5
    overtime_threshold: Literal["calendar", "average"] | float = "calendar"


class Weights(_Frozen):
    """Objective weights; higher means more important."""

    shortfall_min: float = Field(default=1000, ge=0)
    shortfall_target: float = Field(default=10, ge=0)
    overstaff: float = Field(default=1, ge=0)
    consecutive_exception: float = Field(default=50, ge=0)
    request: float = Field(default=5, ge=0)
    fairness: float = Field(default=20, ge=0)
    cost: float = Field(default=0, ge=0)


class HistoryEntry(_Frozen):
    """What a person did on a day just before the period (a shift code or ``OFF``)."""

    staff_id: str
    date: dt.date
    shift: str


class Problem(_Frozen):
    """A complete rostering problem: who, when, what is needed, and the rules.

    Build it with :func:`rostering.load_scenario` (from planner files) or directly.
    """

    period: Period
    shifts: tuple[Shift, ...]
    staff: tuple[Person, ...]
    demand: tuple[DemandRow, ...] = ()
    availability: tuple[Availability, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    rules: RuleSet = RuleSet()
    role_rules: dict[str, RuleSet] = Field(default_factory=dict)
    skill_cover: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    leave_credit: dict[str, float] = Field(default_factory=dict)
    pay: PayPolicy = PayPolicy()
    weights: Weights = Weights()
    day_types: dict[dt.date, DayType] = Field(default_factory=dict)
    strict_cover: bool = False
    source: str = ""

    @model_validator(mode="after")
    def _cross_checks(self) -> Problem:
        codes = [s.code for s in self.shifts]
        if len(set(codes)) != len(codes):
            raise ValueError("shift codes must be unique")
        ids = [p.staff_id for p in self.staff]
        if len(set(ids)) != len(ids):
            raise ValueError("staff ids must be unique")
        missing = [d for d in self.period.days if d not in self.day_types]
        if missing:
            raise ValueError(f"day_types lacks {missing[0]}")
        return self

    @property
    def days(self) -> list[dt.date]:
        """The period's dates."""
        return self.period.days

    @cached_property
    def shift_by_code(self) -> dict[str, Shift]:
        """Shift templates by code."""
        return {s.code: s for s in self.shifts}

    @cached_property
    def person_by_id(self) -> dict[str, Person]:
        """Staff by id."""
        return {p.staff_id: p for p in self.staff}

    @cached_property
    def availability_of(self) -> dict[str, tuple[Availability, ...]]:
        """Availability rows by staff id (people without rows absent): the per-person rules
        read a person's own rows without scanning everyone's.

        >>> # problem.availability_of.get("A17", ()) -> (Availability(staff_id="A17", ...), ...)
        """
        out: dict[str, list[Availability]] = {}
        for a in self.availability:
            out.setdefault(a.staff_id, []).append(a)
        return {k: tuple(v) for k, v in out.items()}

    def rules_for(self, person: Person) -> RuleSet:
        """The rule profile that applies to ``person`` (their role's, else the default)."""
        return self.role_rules.get(person.role, self.rules)

    def coverable_skills(self, person: Person) -> frozenset[str]:
        """Skills a person may cover: their own plus what ``[skill_cover]`` lets them fill.

        >>> from rostering.problem import Person
        >>> # a senior listed as able to fill junior seats covers both
        """
        out = set(person.skills)
        for s in person.skills:
            out.update(self.skill_cover.get(s, ()))
        return frozenset(out)
