"""Reading a roster.csv (solver-made or hand-edited) back into a :class:`Roster`."""

from __future__ import annotations

from pathlib import Path

from rostering.errors import InputError
from rostering.io.lang import headers
from rostering.io.tables import read_table
from rostering.problem import Problem
from rostering.roster import OFF, UNAVAILABLE, Cell, Roster
from rostering.timeutil import parse_date


def read_roster(path: str | Path, problem: Problem) -> Roster:
    """Read roster.csv. Only ``staff_id``, ``date`` and ``shift`` are needed; ``skill`` is used
    when present (else a person covering exactly one demanded skill is taken to cover it).

    Unknown people, dates outside the period, unknown codes and duplicates raise
    :class:`InputError`. Missing days are left missing (``check`` reports them).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path.name, "an existing roster file")
    rows = read_table(
        path,
        required=("staff_id", "date", "shift"),
        optional=("name", "start", "end", "paid_hours", "day_type", "skill", "note"),
        aliases={zh: en for en, zh in headers("zh").items()},  # a --lang zh roster.csv
    )
    demanded = {r.skill for r in problem.demand if r.skill}
    period = set(problem.days)
    cells: dict = {}
    for r in rows:
        sid = r.get("staff_id")
        if sid not in problem.person_by_id:
            raise r.error("staff_id", sid, "a staff_id listed in staff.csv")
        d = r.parse("date", parse_date, "a date YYYY-MM-DD")
        if d not in period:
            raise r.error(
                "date", r.get("date"), f"a date within {problem.period.start}..{problem.period.end}"
            )
        code = r.get("shift")
        up = code.upper()
        if up == OFF or up == "":
            code = OFF
        elif up == UNAVAILABLE:
            code = UNAVAILABLE
        elif up.startswith("LEAVE:"):
            kind = code.split(":", 1)[1].strip()
            if kind not in problem.leave_credit:
                raise r.error(
                    "shift",
                    r.get("shift"),
                    f"a leave kind of [leave] ({', '.join(problem.leave_credit)})",
                )
            code = f"LEAVE:{kind}"
        elif code not in problem.shift_by_code:
            raise r.error(
                "shift",
                code,
                f"a shift code ({', '.join(problem.shift_by_code)}), OFF, "
                "LEAVE:<kind> or UNAVAILABLE",
            )
        skill = r.get("skill")
        if not skill and code in problem.shift_by_code:
            options = problem.coverable_skills(problem.person_by_id[sid]) & demanded
            if len(options) == 1:
                skill = next(iter(options))
        if (sid, d) in cells:
            raise r.error("date", r.get("date"), f"one row per person per day ({sid})")
        cells[sid, d] = Cell(code, skill if code in problem.shift_by_code else "")
    return Roster(problem, cells)
