"""Reading the Curtois–Qu instance text format (``shared/benchmarks/curtois/FORMAT.md``) into
plain records, every bad line an :class:`InputError` naming the file, line and column. The
mapping of these records onto a :class:`Problem` is :mod:`rostering.io.curtois`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rostering.errors import InputError

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
