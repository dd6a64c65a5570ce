"""Cheap per-person capacity arithmetic that already rules a roster out, before any solver runs.

Each check is a necessary condition of the hard rules, so a finding here is a true cause: the
hours band against the days left after leave and rest, work–rest cycles against weekly rest and
rest days, alternating weeks against leave, and pinned shifts against leave and the other rules.
Strict-cover arithmetic (person-days needed against available) is in
:mod:`rostering.explain_cover`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from rostering.problem import Person, Problem, RuleSet
from rostering.rules.base import fmt_dates, history_of
from rostering.rules.cycle import on_day
from rostering.rules.hours import band_minutes, leave_minutes
from rostering.rules.succession import banned_pairs
from rostering.rules.timeline import weeks, worked_before
from rostering.rules.weekly_rest import required


def who(person: Person) -> str:
    """``王芳 (A01)`` for sentences.

    >>> from rostering.problem import Person
    >>> who(Person(staff_id="A01", name="王芳"))
    '王芳 (A01)'
    """
    return f"{person.name} ({person.staff_id})" if person.name else person.staff_id


def absent_days(problem: Problem, staff_id: str) -> dict[dt.date, str]:
    """Leave and unavailable dates of the period → kind (``annual leave``, ``unavailable``).

    >>> # absent_days(problem, "A05") -> {date(2026, 10, 8): "annual leave", ...}
    """
    period = set(problem.days)
    out: dict[dt.date, str] = {}
    for a in problem.availability:
        if a.staff_id == staff_id and a.kind in ("leave", "unavailable"):
            what = f"{a.leave_kind} leave" if a.kind == "leave" else "unavailable"
            out.update({d: what for d in a.dates if d in period})
    return out


def pins(problem: Problem, staff_id: str) -> dict[dt.date, str]:
    """Pinned (``fixed``) shift codes by date.

    >>> # pins(problem, "A06") -> {date(2026, 10, 8): "M"}
    """
    return {
        d: a.shift
        for a in problem.availability
        if a.staff_id == staff_id and a.kind == "fixed" and a.shift
        for d in a.dates
    }


def leave_text(absent: dict[dt.date, str]) -> str:
    """``annual leave 2026-10-05..2026-10-09`` grouped by kind, for sentences.

    >>> import datetime as dt
    >>> leave_text({dt.date(2026, 10, 5): "annual leave", dt.date(2026, 10, 6): "annual leave"})
    'annual leave 2026-10-05..2026-10-06'
    """
    by_kind: dict[str, list[dt.date]] = defaultdict(list)
    for d, kind in absent.items():
        by_kind[kind].append(d)
    return "; ".join(f"{k} {fmt_dates(ds)}" for k, ds in sorted(by_kind.items()))


def _allowed_minutes(problem: Problem, rs: RuleSet) -> list[int]:
    lo, hi = rs.daily_paid_hours or (0.0, 24.0)
    mins = [s.paid_minutes for s in problem.shifts if lo * 60 <= s.paid_minutes <= hi * 60]
    return mins or [0]


def max_work_days(problem: Problem, person: Person) -> tuple[int, str]:
    """Upper bound on the days a person can work, and what limits it (for sentences).

    >>> # max_work_days(problem, person) -> (24, "the rest days per month")
    """
    rs = problem.rules_for(person)
    absent = absent_days(problem, person.staff_id)
    free = len(problem.days) - len(absent)
    limits = [(free, f"{len(absent)} leave day(s)")]
    if rs.rest_days_per_month is not None:
        limits.append((free - rs.rest_days_per_month[0], "the rest days per month"))
    if rs.weekly_rest_days:
        cap = 0
        for week in weeks(problem.days):
            away = sum(1 for i in week if problem.days[i] in absent)
            cap += len(week) - max(required(rs.weekly_rest_days, len(week)), away)
        limits.append((cap, "weekly rest"))
    if rs.work_rest_cycle is not None:
        on, off = rs.work_rest_cycle
        best = max(
            sum(1 for i, d in enumerate(problem.days) if d not in absent and on_day(i, r, on, off))
            for r in range(on + off)
        )
        limits.append((best, f"the {on}-on-{off}-off cycle"))
    return min(limits)


def person_checks(problem: Problem, person: Person) -> list[str]:
    out: list[str] = []
    rs = problem.rules_for(person)
    name = who(person)
    absent = absent_days(problem, person.staff_id)
    pinned = pins(problem, person.staff_id)
    for d, code in sorted(pinned.items()):
        if d in absent:
            out.append(f"{name} is pinned to {code} on {d} but is on {absent[d]} that day.")
    allowed = set(_allowed_minutes(problem, rs))
    for d, code in sorted(pinned.items()):
        sh = problem.shift_by_code.get(code)
        if sh is not None and rs.daily_paid_hours and sh.paid_minutes not in allowed:
            lo, hi = rs.daily_paid_hours
            out.append(
                f"{name} is pinned to {code} on {d}, which pays {sh.paid_hours:g} h; "
                f"daily paid hours must lie in {lo:g}–{hi:g} h."
            )
    bad = banned_pairs(problem, rs)
    seq = {**{d: c for d, c in history_of(problem, person.staff_id).items()}, **pinned}
    for d, code in sorted(seq.items()):
        nxt = d + dt.timedelta(days=1)
        if nxt in pinned and (code, pinned[nxt]) in bad:
            out.append(
                f"{name} is pinned to {code} on {d} then {pinned[nxt]} on {nxt}: "
                f"{bad[code, pinned[nxt]]}."
            )
    cap_hi = rs.max_consecutive_work_days_exception or rs.max_consecutive_work_days
    if cap_hi is not None:
        run = worked_before(problem, person.staff_id)
        for d in problem.days:
            run = run + 1 if pinned.get(d) in problem.shift_by_code else 0
            if run == cap_hi + 1:
                out.append(
                    f"{name}: pinned shifts (with history.csv) make {run} work days in a row "
                    f"up to {d}; the cap is {cap_hi}."
                )
    days_max, limit = max_work_days(problem, person)
    work_pins = [d for d, c in pinned.items() if c in problem.shift_by_code and d not in absent]
    if work_pins and len(work_pins) > days_max:
        out.append(
            f"{name} is pinned on {len(work_pins)} days but can work at most {days_max} "
            f"(limited by {limit})."
        )
    free = len(problem.days) - len(absent)
    if rs.rest_days_per_month is not None and free < rs.rest_days_per_month[0]:
        out.append(
            f"{name}: {rs.rest_days_per_month[0]} rest days are required but only "
            f"{free} days are free of leave ({leave_text(absent)})."
        )
    out += _hours_checks(problem, person, rs, absent, days_max, limit)
    out += _cycle_checks(problem, person, rs, absent)
    out += _alternating_checks(problem, person, rs, absent)
    return out


def _hours_checks(
    problem: Problem,
    person: Person,
    rs: RuleSet,
    absent: dict[dt.date, str],
    days_max: int,
    limit: str,
) -> list[str]:
    band = band_minutes(problem, person, rs)
    if band is None:
        return []
    lo, hi = band
    credit, _ = leave_minutes(problem, person)
    out = []
    if credit > hi:
        out.append(
            f"{who(person)}: leave alone credits {credit / 60:g} h ({leave_text(absent)}), above "
            f"the hours band's maximum of {hi / 60:g} h."
        )
    if days_max < 0:
        return out
    allowed = _allowed_minutes(problem, rs)
    need = max(0, lo - credit)
    leave = f" ({leave_text(absent)})" if absent else ""
    if need > days_max * max(allowed):
        out.append(
            f"{who(person)}: the hours band asks at least {lo / 60:g} h including "
            f"{credit / 60:g} h of leave credit, so {need / 60:g} h of work; but after leave"
            f"{leave} and rest only {days_max} work days remain (limited by {limit}), at most "
            f"{days_max * max(allowed) / 60:g} h even on the longest shift."
        )
    free = len(problem.days) - len(absent)
    if rs.rest_days_per_month is not None:
        forced = max(0, free - rs.rest_days_per_month[1])
        if 0 < forced * min(allowed) > hi - credit >= 0:
            out.append(
                f"{who(person)}: at most {rs.rest_days_per_month[1]} rest days force {forced} "
                f"work days, at least {forced * min(allowed) / 60:g} h, above the band's "
                f"{(hi - credit) / 60:g} h of work."
            )
    return out


def _cycle_checks(
    problem: Problem, person: Person, rs: RuleSet, absent: dict[dt.date, str]
) -> list[str]:
    if rs.work_rest_cycle is None:
        return []
    on, off = rs.work_rest_cycle
    start = problem.period.start
    hist = history_of(problem, person.staff_id)
    reasons: list[str] = []
    for r in range(on + off):
        hist_bad = [
            d
            for d, code in hist.items()
            if (code in problem.shift_by_code) != on_day((d - start).days, r, on, off)
        ]
        if hist_bad:
            reasons.append(f"history.csv on {fmt_dates(hist_bad)}")
            continue
        pin_bad = [
            d
            for d, code in pins(problem, person.staff_id).items()
            if d not in absent
            and code in problem.shift_by_code
            and not on_day((d - start).days, r, on, off)
        ]
        if pin_bad:
            reasons.append(f"shifts pinned on {fmt_dates(pin_bad)}")
            continue
        why = _phase_conflict(problem, rs, absent, r, on, off)
        if why is None:
            return []
        reasons.append(why)
    by_kind: dict[str, list[str]] = defaultdict(list)  # one example per kind of conflict
    for why in reasons:
        by_kind[why.split(" ")[0]].append(why)
    parts = [f"{ws[0]} ({len(ws)} of {on + off} phases)" for ws in by_kind.values()]
    return [
        f"{who(person)}: no phase of the {on}-days-on, {off}-days-off cycle fits the other "
        f"rules; they conflict with {'; or with '.join(parts)}."
    ]


def _phase_conflict(
    problem: Problem, rs: RuleSet, absent: dict[dt.date, str], r: int, on: int, off: int
) -> str | None:
    days = problem.days
    work = [d not in absent and on_day(i, r, on, off) for i, d in enumerate(days)]
    if rs.weekly_rest_days:
        for week in weeks(days):
            need = required(rs.weekly_rest_days, len(week))
            if sum(1 for i in week if not work[i]) < need:
                return (
                    f"weekly rest ({rs.weekly_rest_days} day(s) a week) in the week "
                    f"{fmt_dates([days[i] for i in week])}"
                )
    if rs.rest_days_per_month is not None:
        lo, hi = rs.rest_days_per_month
        rest = sum(1 for i, d in enumerate(days) if d not in absent and not work[i])
        if not lo <= rest <= hi:
            return f"rest days per month: the cycle gives {rest}, the rule asks {lo}–{hi}"
    cap = rs.max_consecutive_work_days_exception or rs.max_consecutive_work_days
    if cap is not None:
        run = 0  # forced work days in a row (history before the period is ignored: a bound)
        for i, w in enumerate(work):
            run = run + 1 if w else 0
            if run > cap:
                return f"the cap of {cap} consecutive work days ({run} on in a row up to {days[i]})"
    return None


def _alternating_checks(
    problem: Problem, person: Person, rs: RuleSet, absent: dict[dt.date, str]
) -> list[str]:
    if rs.alternating_weeks is None:
        return []
    a, b = rs.alternating_weeks
    full = [w for w in weeks(problem.days) if len(w) == 7]
    problems_by_order = []
    for first, second in ((a, b), (b, a)):
        bad = None
        for i, week in enumerate(full):
            want = first if i % 2 == 0 else second
            away = sum(1 for d in week if problem.days[d] in absent)
            rest_need = required(rs.weekly_rest_days or 0, 7)
            if away > want or 7 - (want - away) < rest_need:
                dates = [problem.days[d] for d in week]
                bad = (
                    f"the week {fmt_dates(dates)} must count {want} days but holds {away} "
                    f"leave day(s)" + (f" and needs {rest_need} rest day(s)" if rest_need else "")
                )
                break
        if bad is None:
            return []
        problems_by_order.append(bad)
    return [
        f"{who(person)}: alternating weeks {a}/{b} cannot hold in either order: "
        + "; ".join(problems_by_order)
        + f" ({leave_text(absent)})."
    ]
