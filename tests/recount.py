"""An independent coverage recount, read from the planner files and a written roster.csv only.

Nothing here imports rostering: it is the contract (contracts/FILES.md) read again from scratch,
so coverage.csv can be checked the way an outside checker would check it.
"""

from __future__ import annotations

import csv
import datetime as dt
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Row = tuple[str, str, str, int, int, int]  # date, slot_start, skill, required_min, scheduled, short


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 (BOM or not) CSV as dicts."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k.strip().lower(): (v or "") for k, v in r.items()} for r in csv.DictReader(fh)]


def _hm(text: str) -> int:
    h, m = text.strip().split(":")
    return int(h) * 60 + int(m)


def on_duty_minutes(shift: dict) -> set[int]:
    """Minutes (from the shift's own midnight, past 1440 after midnight) worked, less breaks."""
    if "segments" in shift:
        segs: list[tuple[int, int]] = []
        for a, b in shift["segments"]:
            lo, hi = _hm(a), _hm(b)
            if hi <= lo:
                hi += 1440
            while segs and lo < segs[-1][1]:  # a later segment past midnight
                lo, hi = lo + 1440, hi + 1440
            segs.append((lo, hi))
    else:
        lo, hi = _hm(shift["start"]), _hm(shift["end"])
        segs = [(lo, hi if hi > lo else hi + 1440)]
    minutes: set[int] = set()
    for a, b in segs:
        minutes.update(range(a, b))
    for a, b in shift.get("breaks", []):
        lo, hi = _hm(a), _hm(b)
        if lo < segs[0][0]:
            lo, hi = lo + 1440, hi + 1440
        if hi <= lo:
            hi += 1440
        minutes.difference_update(range(lo, hi))
    return minutes


def day_matches(word: str, day: dt.date, day_type: str) -> bool:
    """The contract's ``days`` words (dates are handled by the caller)."""
    if word == "all":
        return True
    if word == "weekday":
        return day.weekday() < 5
    if word == "weekend":
        return day.weekday() >= 5
    if word in WEEKDAYS:
        return WEEKDAYS[day.weekday()] == word
    if word == "workday":
        return day_type in ("workday", "makeup")
    return word == day_type


def _dates(word: str) -> tuple[dt.date, dt.date] | None:
    if word[:1].isdigit():
        a, _, b = word.partition("..")
        return dt.date.fromisoformat(a), dt.date.fromisoformat(b or a)
    return None


def recount(folder: Path, roster_csv: Path) -> Counter[Row]:
    """Every need of the period with its heads scheduled and shortfall below ``min``."""
    toml = tomllib.loads((folder / "scenario.toml").read_text(encoding="utf-8"))
    slot = toml["scenario"].get("slot_minutes", 30)
    starts = {
        s["code"]: _hm(s["segments"][0][0] if "segments" in s else s["start"])
        for s in toml["shifts"]
    }
    covered: dict[str, set[int]] = {}
    for s in toml["shifts"]:
        minutes = on_duty_minutes(s)
        covered[s["code"]] = {
            m for m in range(0, 3 * 1440, slot) if all(x in minutes for x in range(m, m + slot))
        }
    rows = read_csv(roster_csv)
    day_type = {r["date"]: r["day_type"] for r in rows}
    heads: dict[tuple[dt.date, int, str], int] = defaultdict(int)
    on_shift: dict[tuple[str, str, str], int] = defaultdict(int)
    for r in rows:
        code = r["shift"]
        if code not in covered:
            continue
        on_shift[r["date"], code, ""] += 1
        if r["skill"]:
            on_shift[r["date"], code, r["skill"]] += 1
        day = dt.date.fromisoformat(r["date"])
        for m in covered[code]:
            real = (day + dt.timedelta(days=m // 1440), m % 1440)
            heads[(*real, "")] += 1
            if r["skill"]:
                heads[(*real, r["skill"])] += 1
    slot_need: dict[tuple[dt.date, int, str], int] = {}
    shift_need: dict[tuple[dt.date, str, str], int] = {}
    demand = read_csv(folder / "demand.csv")
    for text_day, kind in sorted(day_type.items()):
        day = dt.date.fromisoformat(text_day)
        applying = []
        for r in demand:
            word = r["days"].strip().lower()
            span = _dates(word)
            if (span and span[0] <= day <= span[1]) or (not span and day_matches(word, day, kind)):
                applying.append((span is not None, r))
        dated = {
            (r["skill"].strip(), r.get("shift", "").strip()) for is_dated, r in applying if is_dated
        }
        for is_dated, r in applying:
            skill, code = r["skill"].strip(), r.get("shift", "").strip()
            if not is_dated and (skill, code) in dated:
                continue  # a dated row replaces the general rows of its skill (and shift)
            low = int(r["min"])
            if code:
                key = (day, code, skill)
                shift_need[key] = max(shift_need.get(key, 0), low)
                continue
            a, b = _hm(r["start"]), _hm(r["end"])
            if b <= a:
                b += 1440
            for m in range(a, b, slot):
                k2 = (day + dt.timedelta(days=m // 1440), m % 1440, skill)
                slot_need[k2] = max(slot_need.get(k2, 0), low)
    out: Counter[Row] = Counter()
    for (day, m, skill), low in slot_need.items():
        got = heads.get((day, m, skill), 0)
        out[day.isoformat(), f"{m // 60:02d}:{m % 60:02d}", skill, low, got, max(0, low - got)] += 1
    for (day, code, skill), low in shift_need.items():
        got = on_shift.get((day.isoformat(), code, skill), 0)
        m = starts[code] % 1440
        out[day.isoformat(), f"{m // 60:02d}:{m % 60:02d}", skill, low, got, max(0, low - got)] += 1
    return out


def coverage_rows(coverage_csv: Path) -> Counter[Row]:
    """coverage.csv as the same multiset of rows."""
    return Counter(
        (
            r["date"],
            r["slot_start"],
            r["skill"],
            int(r["required_min"]),
            int(r["scheduled"]),
            int(r["shortfall"]),
        )
        for r in read_csv(coverage_csv)
    )
