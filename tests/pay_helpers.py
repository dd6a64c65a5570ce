"""Builders for payroll tests: tiny problems on the official PRC calendar, scenario folders on
disk, and an independent recomputation of payroll.csv from roster.csv and the contract alone.

The recomputation deliberately shares no code with :mod:`rostering.payroll`: it reads the
roster.csv text (``shift``, ``paid_hours`` and ``day_type`` columns), computes exactly with
fractions, rounds money half up (四舍五入) once, and
follows the formulas of FILES.md word for word.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction as F
from pathlib import Path

from rostering.calendar import day_types
from rostering.problem import (
    Availability,
    DemandRow,
    PayPolicy,
    Period,
    Person,
    Problem,
    RuleSet,
    Shift,
    Weights,
)
from rostering.timeutil import days_between


def cn_problem(
    start: dt.date,
    end: dt.date,
    *,
    staff: Sequence[Person],
    shifts: Sequence[Shift],
    pay: PayPolicy | None = None,
    rules: RuleSet | None = None,
    availability: Sequence[Availability] = (),
    demand_rows: Sequence[DemandRow] = (),
    leave_credit: dict[str, float] | None = None,
    weights: Weights | None = None,
) -> Problem:
    """A tiny problem on the official PRC calendar ("CN")."""
    period = Period(name="pay test", start=start, end=end, calendar="CN", slot_minutes=60)
    return Problem(
        period=period,
        shifts=tuple(shifts),
        staff=tuple(staff),
        demand=tuple(demand_rows),
        availability=tuple(availability),
        rules=rules or RuleSet(),
        leave_credit=leave_credit if leave_credit is not None else {"annual": 8.0},
        pay=pay or PayPolicy(),
        weights=weights or Weights(),
        day_types=day_types(days_between(start, end), "CN"),
    )


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 (BOM) CSV file as dicts."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _q(x: F) -> Decimal:
    """Half up to the cent (四舍五入), from the exact value."""
    return Decimal(math.floor(x * 100 + F(1, 2))) / 100


def recompute_payroll(
    roster_csv: Path,
    *,
    wages: dict[str, tuple[str, str]],
    leave_credit: dict[str, str],
    holiday_multiplier: str = "3",
    day_divisor: str = "21.75",
    overtime_multiplier: str = "1.5",
    overtime_threshold: str = "calendar",
    standard_day_hours: str = "8",
) -> dict[str, dict[str, Decimal]]:
    """payroll.csv figures per staff_id, from roster.csv and FILES.md only (money to the cent)."""
    rows = read_csv_rows(roster_csv)
    by_person: dict[str, list[dict[str, str]]] = defaultdict(list)
    dates: dict[str, str] = {}
    for r in rows:
        by_person[r["staff_id"]].append(r)
        dates[r["date"]] = r["day_type"]
    sdh = F(standard_day_hours)
    if overtime_threshold == "calendar":
        base = sdh * sum(1 for t in dates.values() if t in ("workday", "makeup"))
    elif overtime_threshold == "average":
        per_month: dict[tuple[int, int], int] = defaultdict(int)
        for text in dates:
            day = dt.date.fromisoformat(text)
            per_month[day.year, day.month] += 1
        base = sum(
            (F(1984) / 12 * n / calendar.monthrange(y, m)[1] for (y, m), n in per_month.items()),
            F(0),
        )
    else:
        base = F(overtime_threshold)
    out = {}
    for sid, prs in by_person.items():
        worked = hol_days = 0
        paid = hol_hours = leave = deficit = F(0)
        for r in prs:
            code = r["shift"]
            if code == "OFF":
                continue
            if code == "UNAVAILABLE" or code.startswith("LEAVE:"):
                credit = F(leave_credit.get(code[6:], "0")) if code != "UNAVAILABLE" else 0
                leave += credit
                deficit += max(F(0), sdh - credit)
                continue
            h = F(r["paid_hours"])
            worked += 1
            paid += h
            if r["day_type"] == "holiday":
                hol_days += 1
                hol_hours += h
        standard = max(F(0), base - deficit)
        overtime = max(F(0), paid - hol_hours + leave - standard)
        basic, perf = wages[sid]
        monthly = F(basic) + F(perf)
        out[sid] = {
            "worked_days": Decimal(worked),
            "paid_hours": _q(paid),
            "leave_hours": _q(leave),
            "overtime_hours": _q(overtime),
            "holiday_days_worked": Decimal(hol_days),
            "holiday_hours": _q(hol_hours),
            "holiday_premium": _q(hol_days * monthly / F(day_divisor) * F(holiday_multiplier)),
            "overtime_pay": _q(overtime * monthly / F(day_divisor) / sdh * F(overtime_multiplier)),
        }
    return out


def payroll_csv_figures(path: Path) -> dict[str, dict[str, Decimal]]:
    """payroll.csv's numeric figures per staff_id, as exact decimals."""
    out = {}
    for r in read_csv_rows(path):
        out[r["staff_id"]] = {k: Decimal(v) for k, v in r.items() if k not in ("staff_id", "name")}
    return out


SCENARIO_TOML = """\
[scenario]
name = "pay test"
start = {start}
end = {end}
calendar = "CN"
slot_minutes = 60

[[shifts]]
code = "E"
name = "早班"
start = "08:00"
end = "16:30"
breaks = [["12:00", "12:30"]]

[[shifts]]
code = "N"
name = "夜班"
start = "22:00"
end = "06:00"

[rules]
standard_day_hours = 8

[leave]
annual = 8
half = 4
personal = 0

[pay]
holiday_multiplier = 3.0
day_divisor = {divisor}
overtime_multiplier = 1.5
overtime_threshold = {threshold}
"""


def write_scenario(
    folder: Path,
    *,
    start: str = "2026-10-01",
    end: str = "2026-10-31",
    staff_csv: str,
    availability_csv: str = "",
    divisor: str = "24",
    threshold: str = '"calendar"',
    demand_csv: str = "days,start,end,min\nall,08:00,16:00,0\n",
) -> Path:
    """A scenario folder on disk with shifts E (8 h) and N (8 h, night)."""
    folder.mkdir(parents=True, exist_ok=True)
    toml = SCENARIO_TOML.format(start=start, end=end, divisor=divisor, threshold=threshold)
    (folder / "scenario.toml").write_text(toml, encoding="utf-8")
    (folder / "staff.csv").write_text(staff_csv, encoding="utf-8")
    (folder / "demand.csv").write_text(demand_csv, encoding="utf-8")
    if availability_csv:
        (folder / "availability.csv").write_text(availability_csv, encoding="utf-8")
    return folder


def write_roster_csv(path: Path, problem: Problem, codes: dict[str, list[str]]) -> Path:
    """A hand-made roster.csv with only staff_id, date and shift (as a planner would edit it)."""
    lines = ["staff_id,date,shift"]
    for sid, day_codes in codes.items():
        assert len(day_codes) == len(problem.days)
        lines += [f"{sid},{d},{c}" for d, c in zip(problem.days, day_codes, strict=True)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
