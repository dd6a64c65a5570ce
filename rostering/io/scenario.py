"""A scenario folder (scenario.toml + CSV/XLSX tables) → a validated :class:`Problem`."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from rostering.calendar import day_types
from rostering.errors import InputError
from rostering.io.calendar_io import apply_calendar, read_calendar
from rostering.io.tables import Row, read_table, table_path
from rostering.io.toml_parts import (
    TOML,
    err,
    parse_leave,
    parse_pay,
    parse_period,
    parse_rules,
    parse_shifts,
    parse_skill_cover,
    parse_weights,
    reject_unknown,
)
from rostering.problem import (
    Availability,
    DemandRow,
    HistoryEntry,
    Period,
    Person,
    Problem,
    Shift,
)
from rostering.timeutil import parse_date, parse_date_range, parse_hhmm

_DAY_WORDS = {"all", "weekday", "weekend", "workday", "restday", "holiday", "makeup"}
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _opt_float(text: str) -> float | None:
    if text == "":
        return None
    v = float(text)
    if v != v or v < 0:  # NaN or negative
        raise ValueError(text)
    return v


def _count(text: str) -> int:
    v = int(text)
    if v < 0:
        raise ValueError(text)
    return v


def _bool_flag(text: str) -> bool:
    t = text.strip().lower()
    if t in ("", "0", "false", "no", "n"):
        return False
    if t in ("1", "true", "yes", "y"):
        return True
    raise ValueError(text)


def read_staff(folder: Path) -> tuple[Person, ...]:
    """staff.csv (or staff.xlsx)."""
    path = table_path(folder, "staff")
    if path is None:
        raise InputError("staff.csv", "a staff.csv file in the scenario folder")
    rows = read_table(
        path,
        required=("staff_id",),
        optional=(
            "name",
            "role",
            "skills",
            "base_wage",
            "performance_wage",
            "min_hours",
            "max_hours",
            "protected",
            "note",
        ),
    )
    people: list[Person] = []
    seen: dict[str, int] = {}
    for r in rows:
        sid = r.get("staff_id")
        if not sid:
            raise r.error("staff_id", sid, "a non-empty staff id")
        if sid in seen:
            raise r.error("staff_id", sid, f"a unique staff id (also on row {seen[sid]})")
        seen[sid] = r.number
        skills = tuple(s.strip() for s in r.get("skills").split(";") if s.strip())
        lo = r.parse("min_hours", _opt_float, "a number of hours or empty")
        hi = r.parse("max_hours", _opt_float, "a number of hours or empty")
        if lo is not None and hi is not None and hi < lo:
            raise r.error("max_hours", hi, f"max_hours ≥ min_hours ({lo})")
        people.append(
            Person(
                staff_id=sid,
                name=r.get("name") or sid,
                role=r.get("role"),
                skills=skills,
                base_wage=r.parse("base_wage", _opt_float, "a wage (number ≥ 0)") or 0.0,
                performance_wage=r.parse("performance_wage", _opt_float, "a wage (number ≥ 0)")
                or 0.0,
                min_hours=lo,
                max_hours=hi,
                protected=r.parse("protected", _bool_flag, "yes/no (true/false, 1/0)"),
            )
        )
    if not people:
        raise InputError(path.name, "at least one person", row=2)
    return tuple(people)


def _parse_days(r: Row, period: Period) -> tuple[str, frozenset[dt.date] | None]:
    text = r.get("days").lower()
    if text in _DAY_WORDS or text in _WEEKDAYS:
        return text, None
    try:
        a, b = parse_date_range(text)
    except ValueError:
        raise r.error(
            "days",
            r.get("days"),
            "all, weekday, weekend, mon…sun, workday, restday, holiday, a date YYYY-MM-DD "
            "or a range A..B (B not before A)",
        ) from None
    if a < period.start or b > period.end:
        raise r.error("days", r.get("days"), f"dates within {period.start}..{period.end}")
    return text, frozenset(d for d in period.days if a <= d <= b)


def read_demand(folder: Path, period: Period, shifts: dict[str, Shift]) -> tuple[DemandRow, ...]:
    """demand.csv (or demand.xlsx)."""
    path = table_path(folder, "demand")
    if path is None:
        raise InputError("demand.csv", "a demand.csv file in the scenario folder")
    rows = read_table(
        path,
        required=("days", "min"),
        optional=(
            "start",
            "end",
            "skill",
            "target",
            "shift",
            "weight_under",
            "weight_over",
            "note",
        ),
    )
    out: list[DemandRow] = []
    for r in rows:
        days, dates = _parse_days(r, period)
        code = r.get("shift") or None
        if code is not None:
            if code not in shifts:
                raise r.error("shift", code, f"a shift code ({', '.join(shifts)})")
            start = end = 0
        else:
            start = r.parse("start", parse_hhmm, "a time HH:MM")
            end = r.parse("end", parse_hhmm, "a time HH:MM")
            if end <= start:
                end += 1440
            if start % period.slot_minutes or end % period.slot_minutes:
                raise r.error(
                    "start" if start % period.slot_minutes else "end",
                    r.get("start") if start % period.slot_minutes else r.get("end"),
                    f"a time on the {period.slot_minutes}-minute slot grid",
                )
        mn = r.parse("min", _count, "a whole number of heads ≥ 0")
        tgt = mn if r.get("target") == "" else r.parse("target", _count, "a whole number ≥ min")
        if tgt < mn:
            raise r.error("target", tgt, f"a target ≥ min ({mn})")
        out.append(
            DemandRow(
                row=r.number,
                days=days,
                dates=dates,
                start=start,
                end=end,
                skill=r.get("skill"),
                min=mn,
                target=tgt,
                shift=code,
                weight_under=r.parse("weight_under", _opt_float, "a weight ≥ 0 or empty"),
                weight_over=r.parse("weight_over", _opt_float, "a weight ≥ 0 or empty"),
            )
        )
    return tuple(out)


_KINDS = ("unavailable", "off_request", "on_request", "fixed")


def read_availability(
    folder: Path,
    period: Period,
    staff: dict[str, Person],
    shifts: dict[str, Shift],
    leave: dict[str, float],
) -> tuple[Availability, ...]:
    """availability.csv (optional)."""
    path = table_path(folder, "availability")
    if path is None:
        return ()
    rows = read_table(
        path, required=("staff_id", "date", "kind"), optional=("shift", "weight", "note")
    )
    out: list[Availability] = []
    hard_days: dict[tuple[str, dt.date], int] = {}
    for r in rows:
        sid = r.get("staff_id")
        if sid not in staff:
            raise r.error("staff_id", sid, "a staff_id listed in staff.csv")
        a, b = r.parse("date", parse_date_range, "a date YYYY-MM-DD or a range A..B, B ≥ A")
        if a < period.start or b > period.end:
            raise r.error("date", r.get("date"), f"dates within {period.start}..{period.end}")
        kind_text = r.get("kind")
        leave_kind = None
        if kind_text.lower().startswith("leave:"):
            leave_kind = kind_text.split(":", 1)[1].strip()
            if leave_kind not in leave:
                raise r.error(
                    "kind",
                    kind_text,
                    f"a leave kind defined in [leave] of scenario.toml ({', '.join(leave) or '–'})",
                )
            kind = "leave"
        elif kind_text.lower() in _KINDS:
            kind = kind_text.lower()
        else:
            raise r.error(
                "kind", kind_text, "leave:<kind>, unavailable, off_request, on_request or fixed"
            )
        code = r.get("shift") or None
        if code is not None and code not in shifts:
            raise r.error("shift", code, f"a shift code ({', '.join(shifts)})")
        if kind == "fixed" and code is None:
            raise r.error("shift", "", "the shift a fixed row pins")
        if kind in ("leave", "unavailable") and code is not None:
            raise r.error("shift", code, "no shift on a leave or unavailable row")
        weight = r.parse("weight", lambda t: 1.0 if t == "" else float(t), "a positive number")
        if not weight > 0:
            raise r.error("weight", r.get("weight"), "a positive number")
        if kind in ("leave", "unavailable", "fixed"):
            for d in range(a.toordinal(), b.toordinal() + 1):
                key = (sid, dt.date.fromordinal(d))
                if key in hard_days:
                    raise r.error(
                        "date",
                        r.get("date"),
                        f"no second leave/unavailable/fixed entry for {sid} on {key[1]} "
                        f"(row {hard_days[key]} already has one)",
                    )
                hard_days[key] = r.number
        out.append(
            Availability(
                row=r.number,
                staff_id=sid,
                start=a,
                end=b,
                kind=kind,  # type: ignore[arg-type]
                leave_kind=leave_kind,
                shift=code,
                weight=weight,
            )
        )
    return tuple(out)


def read_history(
    folder: Path, period: Period, staff: dict[str, Person], shifts: dict[str, Shift]
) -> tuple[HistoryEntry, ...]:
    """history.csv (optional): days just before the period."""
    path = table_path(folder, "history")
    if path is None:
        return ()
    rows = read_table(path, required=("staff_id", "date", "shift"), optional=("note",))
    out: list[HistoryEntry] = []
    seen: set[tuple[str, dt.date]] = set()
    for r in rows:
        sid = r.get("staff_id")
        if sid not in staff:
            raise r.error("staff_id", sid, "a staff_id listed in staff.csv")
        d = r.parse("date", parse_date, "a date YYYY-MM-DD")
        if d >= period.start:
            raise r.error("date", r.get("date"), f"a date before the period start {period.start}")
        code = r.get("shift")
        upper = code.upper()
        if (
            code not in shifts
            and upper not in ("OFF", "UNAVAILABLE")
            and not upper.startswith("LEAVE")
        ):
            raise r.error("shift", code, f"a shift code ({', '.join(shifts)}) or OFF")
        if (sid, d) in seen:
            raise r.error("date", r.get("date"), f"one history row per person per date ({sid})")
        seen.add((sid, d))
        out.append(HistoryEntry(staff_id=sid, date=d, shift=code if code in shifts else "OFF"))
    return tuple(out)


def load_scenario(folder: str | Path, *, strict_cover: bool = False) -> Problem:
    """Read a scenario folder into a :class:`Problem`.

    Every bad input raises :class:`rostering.errors.InputError` naming file, row, column and value.

    >>> from pathlib import Path
    >>> p = load_scenario(Path(__file__).parents[2] / "scenarios" / "hotline")
    >>> p.period.start
    datetime.date(2026, 10, 1)
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(str(folder), "a scenario folder")
    toml_path = folder / TOML
    if not toml_path.exists():
        raise InputError(TOML, "a scenario.toml file in the scenario folder")
    try:
        with toml_path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(TOML, f"valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise InputError(TOML, "a UTF-8 text file") from None
    reject_unknown(
        data, {"scenario", "shifts", "rules", "skill_cover", "leave", "pay", "weights"}, "(top)"
    )
    period = parse_period(data)
    shifts = parse_shifts(data)
    by_code = {s.code: s for s in shifts}
    default, roles = parse_rules(data)
    for prefix, rs in [("rules", default), *((f"rules.by_role.{k}", v) for k, v in roles.items())]:
        for pair in rs.forbidden_successions:
            for c in pair:
                if c not in by_code:
                    raise err(
                        f"{prefix}.forbidden_successions",
                        list(pair),
                        f"shift codes ({', '.join(by_code)})",
                    )
        for c, _n in rs.max_shifts:
            if c not in by_code:
                raise err(f"{prefix}.max_shifts.{c}", c, f"shift codes ({', '.join(by_code)})")
    leave = parse_leave(data)
    staff = read_staff(folder)
    people = {p.staff_id: p for p in staff}
    return Problem(
        period=period,
        shifts=shifts,
        staff=staff,
        demand=read_demand(folder, period, by_code),
        availability=read_availability(folder, period, people, by_code, leave),
        history=read_history(folder, period, people, by_code),
        rules=default,
        role_rules=roles,
        skill_cover=parse_skill_cover(data),
        leave_credit=leave,
        pay=parse_pay(data),
        weights=parse_weights(data),
        day_types=apply_calendar(
            day_types(period.days, period.calendar), read_calendar(folder), period
        ),
        strict_cover=strict_cover,
        source=str(folder),
    )
