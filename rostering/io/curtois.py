"""Curtois–Qu "Employee Shift Scheduling" instances 1–24 → the planner's :class:`Problem`.

The format is described in ``shared/benchmarks/curtois/FORMAT.md``. Each element becomes the
product rule that means the same thing, so the product's own objective (``check`` penalties)
equals the benchmark's penalty exactly:

* horizon → a period starting on a Monday, calendar ``none``; day ``i`` is ``start + i``;
* shift rows → shift templates of that length; ``CannotFollow`` → ``forbidden_successions``;
* staff rows → one rule profile per person (``role`` = staff id): ``max_shifts``,
  ``max_consecutive_work_days`` (no history: days before day 0 count as off),
  ``min_consecutive_work_days`` with the horizon edges counted as worked,
  ``min_consecutive_days_off`` with the edges counted as off, ``max_worked_weekends``; the
  minute band becomes the person's ``min_hours``/``max_hours``;
* days off → ``unavailable`` days (zero credit; the hours band is pre-raised so the product's
  leave adjustment does not lower it — the benchmark's band is on worked minutes only);
* on/off requests → weighted ``on_request``/``off_request`` rows, ``weights.request = 1``;
* cover rows → per-shift demand rows with ``min = target = requirement`` and their own
  under/over weights.

>>> problem = load_curtois("../shared/benchmarks/curtois/instances/Instance1.txt")  # doctest: +SKIP
>>> len(problem.staff), len(problem.days)  # doctest: +SKIP
(8, 14)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from rostering.calendar import day_types
from rostering.errors import InputError
from rostering.problem import (
    Availability,
    DemandRow,
    Period,
    Person,
    Problem,
    RuleSet,
    Shift,
    Weights,
)
from rostering.rules.hours import leave_minutes

# Any Monday will do (the format only says day 0 is a Monday); a fixed one keeps output stable.
START = dt.date(2024, 1, 1)
SHIFT_START_MIN = 8 * 60  # the format has lengths only; every shift is shown starting 08:00

SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)


@dataclass(frozen=True)
class StaffRow:
    """One SECTION_STAFF row (note the file's max-before-min column order)."""

    staff_id: str
    max_shifts: dict[str, int]
    max_minutes: int
    min_minutes: int
    max_consecutive: int
    min_consecutive: int
    min_days_off: int
    max_weekends: int


@dataclass(frozen=True)
class Request:
    """An on- or off-request: ``staff_id`` wants (or not) ``shift`` on ``day``."""

    staff_id: str
    day: int
    shift: str
    weight: int
    line: int


@dataclass(frozen=True)
class CoverRow:
    """Target heads on ``shift`` on ``day`` and the per-head penalties below/above it."""

    day: int
    shift: str
    requirement: int
    weight_under: int
    weight_over: int
    line: int


@dataclass
class Instance:
    """A parsed instance file, still in the format's own terms."""

    name: str
    horizon: int
    shift_minutes: dict[str, int] = field(default_factory=dict)
    cannot_follow: dict[str, tuple[str, ...]] = field(default_factory=dict)
    staff: list[StaffRow] = field(default_factory=list)
    days_off: dict[str, tuple[int, ...]] = field(default_factory=dict)
    on_requests: list[Request] = field(default_factory=list)
    off_requests: list[Request] = field(default_factory=list)
    cover: list[CoverRow] = field(default_factory=list)


class _Line:
    """A data line with its 1-based line number, for precise errors."""

    def __init__(self, file: str, number: int, text: str, section: str) -> None:
        self.file, self.number, self.text, self.section = file, number, text, section
        self.fields = text.split(",")

    def error(self, column: str, value: object, expected: str) -> InputError:
        return InputError(
            self.file, f"{expected} ({self.section})", row=self.number, column=column, value=value
        )

    def need(self, n: int, names: str) -> None:
        # a trailing empty field is allowed (``D,480,``): pad, never truncate real data
        if len(self.fields) < n:
            raise self.error("line", self.text, f"{n} comma-separated fields: {names}")

    def int_at(self, i: int, column: str, low: int = 0) -> int:
        raw = self.fields[i] if i < len(self.fields) else ""
        try:
            v = int(raw)
        except ValueError:
            raise self.error(column, raw, f"a whole number ≥ {low}") from None
        if v < low:
            raise self.error(column, raw, f"a whole number ≥ {low}")
        return v


def _sections(text: str, file: str) -> dict[str, list[_Line]]:
    out: dict[str, list[_Line]] = {}
    current: str | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip().rstrip("\r").strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            if line not in SECTIONS:
                raise InputError(
                    file, f"one of {', '.join(SECTIONS)}", row=number, column="section", value=line
                )
            if line in out:
                raise InputError(
                    file, "each section once", row=number, column="section", value=line
                )
            current = line
            out[current] = []
            continue
        if current is None:
            raise InputError(file, "a SECTION_ header first", row=number, value=line)
        out[current].append(_Line(file, number, line, current))
    missing = [s for s in SECTIONS if s not in out]
    if missing:
        raise InputError(file, f"the sections {', '.join(SECTIONS)}", column=missing[0])
    return out


def parse_curtois(text: str, name: str = "instance.txt") -> Instance:
    r"""Parse the text of an instance file; bad content raises :class:`InputError`.

    >>> text = "SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480,\nSECTION_STAFF\n" + "\n".join(
    ...     ["SECTION_DAYS_OFF", "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS",
    ...      "SECTION_COVER", "0,D,1,100,1"])
    >>> inst = parse_curtois(text)
    >>> inst.horizon, inst.shift_minutes, len(inst.cover)
    (7, {'D': 480}, 1)
    """
    sec = _sections(text, name)
    hz = sec["SECTION_HORIZON"]
    if len(hz) != 1:
        raise InputError(name, "exactly one line with the horizon in days", column="HORIZON")
    inst = Instance(name=name, horizon=hz[0].int_at(0, "horizon", low=1))
    for ln in sec["SECTION_SHIFTS"]:
        ln.need(2, "ShiftID,LengthMinutes,CannotFollow")
        code = ln.fields[0]
        if not code or code in inst.shift_minutes:
            raise ln.error("ShiftID", code, "a unique, non-empty shift id")
        inst.shift_minutes[code] = ln.int_at(1, "LengthMinutes", low=1)
        follow = ln.fields[2] if len(ln.fields) > 2 else ""
        inst.cannot_follow[code] = tuple(f for f in follow.split("|") if f)
    for code, banned in inst.cannot_follow.items():
        for b in banned:
            if b not in inst.shift_minutes:
                raise InputError(name, "a shift id of SECTION_SHIFTS", column=code, value=b)
    _parse_staff(inst, sec["SECTION_STAFF"])
    _parse_days_off(inst, sec["SECTION_DAYS_OFF"])
    inst.on_requests = _parse_requests(inst, sec["SECTION_SHIFT_ON_REQUESTS"])
    inst.off_requests = _parse_requests(inst, sec["SECTION_SHIFT_OFF_REQUESTS"])
    _parse_cover(inst, sec["SECTION_COVER"])
    return inst


def _parse_staff(inst: Instance, lines: list[_Line]) -> None:
    names = (
        "ID,MaxShifts,MaxTotalMinutes,MinTotalMinutes,MaxConsecutiveShifts,"
        "MinConsecutiveShifts,MinConsecutiveDaysOff,MaxWeekends"
    )
    seen: set[str] = set()
    for ln in lines:
        ln.need(8, names)
        sid = ln.fields[0]
        if not sid or sid in seen:
            raise ln.error("ID", sid, "a unique, non-empty staff id")
        seen.add(sid)
        caps: dict[str, int] = {}
        for pair in (p for p in ln.fields[1].split("|") if p):
            code, eq, limit = pair.partition("=")
            if not eq or code not in inst.shift_minutes or not limit.isdigit():
                raise ln.error("MaxShifts", pair, "ShiftID=limit with a known shift id")
            caps[code] = int(limit)
        row = StaffRow(
            sid,
            caps,
            max_minutes=ln.int_at(2, "MaxTotalMinutes"),
            min_minutes=ln.int_at(3, "MinTotalMinutes"),
            max_consecutive=ln.int_at(4, "MaxConsecutiveShifts", low=1),
            min_consecutive=ln.int_at(5, "MinConsecutiveShifts", low=1),
            min_days_off=ln.int_at(6, "MinConsecutiveDaysOff", low=1),
            max_weekends=ln.int_at(7, "MaxWeekends"),
        )
        if row.min_minutes > row.max_minutes:
            raise ln.error("MinTotalMinutes", row.min_minutes, "at most MaxTotalMinutes")
        inst.staff.append(row)


def _staff_id(inst: Instance, ln: _Line) -> str:
    sid = ln.fields[0]
    if sid not in {s.staff_id for s in inst.staff}:
        raise ln.error("EmployeeID", sid, "a staff id of SECTION_STAFF")
    return sid


def _day(inst: Instance, ln: _Line, i: int, column: str) -> int:
    d = ln.int_at(i, column)
    if d >= inst.horizon:
        raise ln.error(column, d, f"a day index 0..{inst.horizon - 1}")
    return d


def _parse_days_off(inst: Instance, lines: list[_Line]) -> None:
    for ln in lines:
        sid = _staff_id(inst, ln)
        days = [_day(inst, ln, i, "day") for i in range(1, len(ln.fields)) if ln.fields[i]]
        inst.days_off[sid] = tuple(sorted({*inst.days_off.get(sid, ()), *days}))


def _parse_requests(inst: Instance, lines: list[_Line]) -> list[Request]:
    out = []
    for ln in lines:
        ln.need(4, "EmployeeID,Day,ShiftID,Weight")
        sid = _staff_id(inst, ln)
        day = _day(inst, ln, 1, "Day")
        code = ln.fields[2]
        if code not in inst.shift_minutes:
            raise ln.error("ShiftID", code, "a shift id of SECTION_SHIFTS")
        out.append(Request(sid, day, code, ln.int_at(3, "Weight", low=1), ln.number))
    return out


def _parse_cover(inst: Instance, lines: list[_Line]) -> None:
    seen: set[tuple[int, str]] = set()
    for ln in lines:
        ln.need(5, "Day,ShiftID,Requirement,WeightUnder,WeightOver")
        day = _day(inst, ln, 0, "Day")
        code = ln.fields[1]
        if code not in inst.shift_minutes:
            raise ln.error("ShiftID", code, "a shift id of SECTION_SHIFTS")
        if (day, code) in seen:
            raise ln.error("Day", day, f"one cover row per day and shift ({code})")
        seen.add((day, code))
        inst.cover.append(
            CoverRow(
                day,
                code,
                ln.int_at(2, "Requirement"),
                ln.int_at(3, "WeightUnder"),
                ln.int_at(4, "WeightOver"),
                ln.number,
            )
        )


def _profile(inst: Instance, s: StaffRow) -> RuleSet:
    """The person's own rule profile; limits that can never bind are left out (same meaning,
    smaller model)."""
    h = inst.horizon
    pairs = tuple((a, b) for a, bs in inst.cannot_follow.items() for b in bs)
    return RuleSet(
        max_shifts=tuple((c, n) for c, n in s.max_shifts.items() if n < h),
        max_consecutive_work_days=s.max_consecutive if s.max_consecutive < h else None,
        min_consecutive_work_days=s.min_consecutive if s.min_consecutive > 1 else None,
        min_consecutive_days_off=s.min_days_off if s.min_days_off > 1 else None,
        max_worked_weekends=s.max_weekends if s.max_weekends < h // 7 else None,
        forbidden_successions=pairs,
        runs_at_edges="free",
    )


def to_problem(inst: Instance) -> Problem:
    """The planner's :class:`Problem` for a parsed instance (see the module docstring)."""
    start = START
    days = [start + dt.timedelta(days=i) for i in range(inst.horizon)]
    date = days.__getitem__
    shifts = tuple(
        Shift(code=c, name=c, segments=((SHIFT_START_MIN, SHIFT_START_MIN + m),))
        for c, m in inst.shift_minutes.items()
    )
    staff = [
        Person(
            staff_id=s.staff_id,
            name=s.staff_id,
            role=s.staff_id,
            min_hours=s.min_minutes / 60,
            max_hours=s.max_minutes / 60,
        )
        for s in inst.staff
    ]
    avail: list[Availability] = []
    for sid, offs in inst.days_off.items():
        for d in offs:
            avail.append(
                Availability(row=0, staff_id=sid, start=date(d), end=date(d), kind="unavailable")
            )
    for kind, reqs in (("on_request", inst.on_requests), ("off_request", inst.off_requests)):
        for r in reqs:
            avail.append(
                Availability(
                    row=r.line,
                    staff_id=r.staff_id,
                    start=date(r.day),
                    end=date(r.day),
                    kind=kind,  # type: ignore[arg-type]
                    shift=r.shift,
                    weight=r.weight,
                )
            )
    demand = tuple(
        DemandRow(
            row=c.line,
            days=date(c.day).isoformat(),
            dates=frozenset({date(c.day)}),
            shift=c.shift,
            min=c.requirement,
            target=c.requirement,
            weight_under=c.weight_under,
            weight_over=c.weight_over,
        )
        for c in inst.cover
    )
    problem = Problem(
        period=Period(name=inst.name, start=start, end=days[-1], calendar="none"),
        shifts=shifts,
        staff=tuple(staff),
        demand=demand,
        availability=tuple(avail),
        role_rules={s.staff_id: _profile(inst, s) for s in inst.staff},
        weights=Weights(
            shortfall_min=0, shortfall_target=0, overstaff=0, request=1, fairness=0, cost=0
        ),
        day_types=day_types(days, "none"),
        source=inst.name,
    )
    # The product lowers an hours band for each zero-credit absence (a planner's month shrinks
    # with leave); the benchmark's band is on worked minutes only, so raise it by what the
    # product will take off again.
    raised = []
    for s, person in zip(inst.staff, problem.staff, strict=True):
        _credit, deficit = leave_minutes(problem, person)
        raised.append(
            person.model_copy(
                update={
                    "min_hours": (s.min_minutes + deficit) / 60,
                    "max_hours": (s.max_minutes + deficit) / 60,
                }
            )
        )
    return problem.model_copy(update={"staff": tuple(raised)})


def load_curtois(path: str | Path) -> Problem:
    """Read an instance file into a :class:`Problem`.

    >>> load_curtois("no/such/Instance1.txt")
    Traceback (most recent call last):
    ...
    rostering.errors.InputError: Instance1.txt — expected an existing Curtois–Qu instance file
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise InputError(path.name, "an existing Curtois–Qu instance file") from None
    except (UnicodeDecodeError, IsADirectoryError):
        raise InputError(path.name, "a plain ASCII Curtois–Qu instance file") from None
    return to_problem(parse_curtois(text, path.name))
