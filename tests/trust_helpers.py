"""Tiny planner-file scenarios for the explain / replan / swap tests.

Two shifts (E 08:00–16:00 and L 14:00–22:00, both 8 paid hours), calendar "none", a two-week
period starting on Monday 2026-03-02 unless told otherwise. Rules, staff, demand, availability
and history are given as text so each test shows exactly what it breaks.
"""

from __future__ import annotations

from pathlib import Path

START = "2026-03-02"  # a Monday
END = "2026-03-15"  # a Sunday: two full weeks

TOML = """[scenario]
name = "tiny"
start = {start}
end = {end}
calendar = "none"
slot_minutes = 60

[[shifts]]
code = "E"
start = "08:00"
end = "16:00"

[[shifts]]
code = "L"
start = "14:00"
end = "22:00"

[rules]
{rules}

[leave]
annual = 8
sick = 8
{extra}
"""


def write_scenario(
    folder: Path,
    *,
    staff: str,
    rules: str = "",
    demand: str = "days,start,end,skill,min,target\nall,08:00,22:00,,1,1\n",
    availability: str = "",
    history: str = "",
    extra: str = "",
    start: str = START,
    end: str = END,
) -> Path:
    """Write a scenario folder; ``staff`` is the body of staff.csv (header added)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = TOML.format(start=start, end=end, rules=rules, extra=extra)
    (folder / "scenario.toml").write_text(text, encoding="utf-8")
    (folder / "staff.csv").write_text("staff_id,name,role,skills\n" + staff, encoding="utf-8")
    (folder / "demand.csv").write_text(demand, encoding="utf-8")
    if availability:
        body = "staff_id,date,kind,shift,weight\n" + availability
        (folder / "availability.csv").write_text(body, encoding="utf-8")
    if history:
        (folder / "history.csv").write_text("staff_id,date,shift\n" + history, encoding="utf-8")
    return folder


def write_roster(path: Path, rows: dict[str, str], start: str = START) -> Path:
    """A hand-made roster.csv: ``{"P1": "E E - L ..."}``, one code per day from ``start``."""
    import datetime as dt

    first = dt.date.fromisoformat(start)
    lines = ["staff_id,date,shift"]
    for sid, codes in rows.items():
        for i, code in enumerate(codes.split()):
            lines.append(f"{sid},{first + dt.timedelta(days=i)},{'OFF' if code == '-' else code}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
