"""Curtois–Qu benchmark: the importer, the bench command, and an independent scorer.

The scorer below is written straight from ``shared/benchmarks/curtois/FORMAT.md`` and uses
nothing from ``rostering`` (its own parser, its own rules), so it can catch a wrong mapping of
the format onto the product's rules.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from pathlib import Path

import pytest

from rostering.bench import read_solution, run_curtois, solution_frame, write_solution
from rostering.check import check, hard_violations, penalties
from rostering.cli import main
from rostering.errors import InputError
from rostering.io.curtois import load_curtois, parse_curtois, to_problem

SHARED = Path(
    os.environ.get(
        "ROSTERING_CURTOIS_DIR", Path(__file__).resolve().parents[2] / "shared/benchmarks/curtois"
    )
)
INSTANCE1 = SHARED / "instances" / "Instance1.txt"
needs_data = pytest.mark.skipif(not INSTANCE1.exists(), reason="shared Curtois data not present")

# A week, two shift types. N may not be followed by D or N; B may never work N; A has day 3 off.
TINY = """\
# comment
SECTION_HORIZON
7

SECTION_SHIFTS
D,480,
N,600,D|N

SECTION_STAFF
A,D=7|N=2,3000,960,4,2,2,1
B,D=7|N=0,3000,0,5,1,1,0

SECTION_DAYS_OFF
A,3
B,

SECTION_SHIFT_ON_REQUESTS
A,0,N,2

SECTION_SHIFT_OFF_REQUESTS
B,1,D,3

SECTION_COVER
0,D,1,100,1
0,N,1,100,1
5,D,1,100,1
"""


def curtois_month(days_off: str = "") -> str:
    """Four weeks, six people (A–F) capped at two worked weekends, four heads asked for each
    weekend day and two each weekday: a weekend cover the caps cannot all meet (6 × 2 × 2 = 24
    weekend days for 32 heads), the shape of the Curtois–Qu months. ``days_off``: the
    DAYS_OFF section's rows."""
    staff = "\n".join(f"{c},D=28,9600,0,5,1,1,2" for c in "ABCDEF")
    cover = "\n".join(f"{d},D,{4 if d % 7 >= 5 else 2},100,1" for d in range(28))
    return (
        f"SECTION_HORIZON\n28\n\nSECTION_SHIFTS\nD,480,\n\nSECTION_STAFF\n{staff}\n\n"
        f"SECTION_DAYS_OFF\n{days_off}\n\nSECTION_SHIFT_ON_REQUESTS\n\n"
        f"SECTION_SHIFT_OFF_REQUESTS\n\nSECTION_COVER\n{cover}\n"
    )


# --------------------------------------------------------------------------- independent scorer
def _scorer_parse(text: str) -> dict:
    sec: dict[str, list[list[str]]] = {}
    cur = ""
    for raw in text.replace("\r", "").split("\n"):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            cur = line
            sec[cur] = []
        else:
            sec[cur].append(line.split(","))
    inst: dict = {"H": int(sec["SECTION_HORIZON"][0][0]), "len": {}, "nofollow": {}, "staff": {}}
    for f in sec["SECTION_SHIFTS"]:
        inst["len"][f[0]] = int(f[1])
        inst["nofollow"][f[0]] = set(f[2].split("|")) - {""} if len(f) > 2 else set()
    for f in sec["SECTION_STAFF"]:
        caps = {k: int(v) for k, v in (p.split("=") for p in f[1].split("|") if p)}
        maxm, minm, maxc, minc, minoff, maxwe = map(int, f[2:8])
        inst["staff"][f[0]] = (caps, maxm, minm, maxc, minc, minoff, maxwe)
    inst["off"] = {f[0]: {int(d) for d in f[1:] if d} for f in sec["SECTION_DAYS_OFF"]}
    inst["on_req"] = [(f[0], int(f[1]), f[2], int(f[3])) for f in sec["SECTION_SHIFT_ON_REQUESTS"]]
    inst["off_req"] = [
        (f[0], int(f[1]), f[2], int(f[3])) for f in sec["SECTION_SHIFT_OFF_REQUESTS"]
    ]
    inst["cover"] = [
        (int(f[0]), f[1], int(f[2]), int(f[3]), int(f[4])) for f in sec["SECTION_COVER"]
    ]
    return inst


def _runs(flags: list[bool], value: bool) -> list[tuple[int, int]]:
    """(first day, length) of every maximal run of ``value``."""
    out, start = [], None
    for i, f in enumerate([*flags, not value]):
        if f == value and start is None:
            start = i
        elif f != value and start is not None:
            out.append((start, i - start))
            start = None
    return out


def independent_score(text: str, rows: list[tuple[str, int, str]]) -> tuple[int, list[str]]:
    """(FORMAT.md §4 penalty, FORMAT.md §3 hard violations) of ``employee,day,shift`` rows."""
    inst = _scorer_parse(text)
    h = inst["H"]
    a: dict[tuple[str, int], str] = {}
    bad: list[str] = []
    for e, d, s in rows:
        if (e, d) in a:
            bad.append(f"two shifts {e} {d}")
        if e not in inst["staff"] or s not in inst["len"] or not 0 <= d < h:
            bad.append(f"unknown {e} {d} {s}")
        a[e, d] = s
    for e, (caps, maxm, minm, maxc, minc, minoff, maxwe) in inst["staff"].items():
        shifts = [a.get((e, d)) for d in range(h)]
        work = [s is not None for s in shifts]
        for d in range(h - 1):
            if shifts[d] and shifts[d + 1] in inst["nofollow"][shifts[d]]:
                bad.append(f"{e} succession {d}")
        for t, n in Counter(s for s in shifts if s).items():
            if n > caps.get(t, h):
                bad.append(f"{e} too many {t}")
        minutes = sum(inst["len"][s] for s in shifts if s)
        if not minm <= minutes <= maxm:
            bad.append(f"{e} minutes {minutes}")
        for start, n in _runs(work, True):
            if n > maxc:
                bad.append(f"{e} {n} days in a row from {start}")
            if n < minc and start != 0 and start + n != h:  # edges count as worked
                bad.append(f"{e} short work run at {start}")
        for start, n in _runs(work, False):
            if n < minoff and start != 0 and start + n != h:  # edges count as off
                bad.append(f"{e} short off run at {start}")
        weekends = sum(1 for k in range(h // 7) if work[7 * k + 5] or work[7 * k + 6])
        if weekends > maxwe:
            bad.append(f"{e} {weekends} weekends")
        for d in inst["off"].get(e, ()):
            if work[d]:
                bad.append(f"{e} works day off {d}")
    pen = sum(w for e, d, s, w in inst["on_req"] if a.get((e, d)) != s)
    pen += sum(w for e, d, s, w in inst["off_req"] if a.get((e, d)) == s)
    heads = Counter((d, s) for (_e, d), s in a.items())
    for d, s, req, wu, wo in inst["cover"]:
        n = heads[d, s]
        pen += wu * max(0, req - n) + wo * max(0, n - req)
    return pen, bad


def _rows(frame) -> list[tuple[str, int, str]]:  # type: ignore[no-untyped-def]
    return [(str(e), int(d), str(s)) for e, d, s in frame.itertuples(index=False)]


# ------------------------------------------------------------------------------------ importer
def test_tiny_instance_maps_every_element() -> None:
    p = to_problem(parse_curtois(TINY, "tiny.txt"))
    assert p.period.start.weekday() == 0 and len(p.days) == 7 and p.period.calendar == "none"
    assert [(s.code, s.paid_minutes) for s in p.shifts] == [("D", 480), ("N", 600)]
    a = p.rules_for(p.person_by_id["A"])
    b = p.rules_for(p.person_by_id["B"])
    assert a.max_shifts == (("N", 2),)  # D=7 can never bind in 7 days
    assert b.max_shifts == (("N", 0),)
    assert a.forbidden_successions == (("N", "D"), ("N", "N"))
    assert (a.max_consecutive_work_days, a.min_consecutive_work_days) == (4, 2)
    # one weekend in a week: a cap of 1 can never bind and is left out
    assert (a.min_consecutive_days_off, a.max_worked_weekends) == (2, None)
    assert b.min_consecutive_work_days is None and b.max_worked_weekends == 0
    assert a.runs_at_edges == "free"
    # day 3 off for A: unavailable (zero credit); band raised by what the product takes off
    assert next((x.kind, x.start) for x in p.availability if x.staff_id == "A") == (
        "unavailable",
        p.days[3],
    )
    pa = p.person_by_id["A"]
    std = a.standard_day_hours
    assert (pa.min_hours, pa.max_hours) == (960 / 60 + std, 3000 / 60 + std)
    assert (p.person_by_id["B"].min_hours, p.person_by_id["B"].max_hours) == (0, 50)
    reqs = {(x.kind, x.staff_id, x.shift, x.weight) for x in p.availability if "request" in x.kind}
    assert reqs == {("on_request", "A", "N", 2), ("off_request", "B", "D", 3)}
    assert p.weights.request == 1 and p.weights.shortfall_target == 0
    cover = {(r.dates, r.shift, r.min, r.target, r.weight_under, r.weight_over) for r in p.demand}
    assert (frozenset({p.days[5]}), "D", 1, 1, 100, 1) in cover and len(cover) == 3


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        (TINY.replace("D,480,", "D,eight,"), 6, "LengthMinutes"),
        (TINY.replace("A,3", "A,9"), 14, "day"),
        (TINY.replace("B,1,D,3", "Z,1,D,3"), 21, "EmployeeID"),
        (TINY.replace("5,D,1,100,1", "5,X,1,100,1"), 26, "ShiftID"),
        (TINY.replace("0,N,1,100,1", "0,D,1,100,1"), 25, "Day"),
    ],
)
def test_bad_instance_says_where(text: str, line: int, column: str) -> None:
    with pytest.raises(InputError) as e:
        parse_curtois(text, "bad.txt")
    assert (e.value.file, e.value.row, e.value.column) == ("bad.txt", line, column)


def test_missing_section_and_file() -> None:
    with pytest.raises(InputError, match="SECTION_COVER"):
        parse_curtois(TINY.split("SECTION_COVER")[0])
    with pytest.raises(InputError, match="existing"):
        load_curtois("no/such/Instance1.txt")


def test_tiny_solve_agrees_with_independent_scorer(tmp_path: Path) -> None:
    p = to_problem(parse_curtois(TINY))
    from rostering.solve import solve

    res = solve(p, time_limit=5)
    assert res.roster is not None and res.objective is not None
    violations = check(p, res.roster)
    assert not hard_violations(violations)
    ours = sum(penalties(violations).values())
    assert ours == res.objective
    theirs, bad = independent_score(TINY, _rows(solution_frame(p, res.roster)))
    assert bad == [] and theirs == ours


@needs_data
def test_instance1_imports() -> None:
    p = load_curtois(INSTANCE1)
    assert (len(p.staff), len(p.days), len(p.shifts), len(p.demand)) == (8, 14, 1, 14)
    assert p.days[0] == dt.date(2024, 1, 1) and p.days[0].weekday() == 0
    assert sum(1 for a in p.availability if a.kind == "unavailable") == 8
    assert sum(1 for a in p.availability if a.kind == "on_request") == 21
    assert sum(1 for a in p.availability if a.kind == "off_request") == 5


@needs_data
def test_instance1_ten_seconds(tmp_path: Path) -> None:
    run = run_curtois(INSTANCE1, 10)
    assert run.result.roster is not None and run.hard == []
    assert run.objective == run.result.objective
    assert run.objective is not None and run.objective == 607  # the proven optimum
    out = tmp_path / "sol.csv"
    write_solution(out, run.problem, run.result.roster)
    back = read_solution(out, run.problem)
    again = sum(penalties(check(run.problem, back)).values())
    assert again == run.objective
    rows = [tuple(x.split(",")) for x in out.read_text().splitlines()[1:]]
    theirs, bad = independent_score(INSTANCE1.read_text(), [(e, int(d), s) for e, d, s in rows])
    assert bad == [] and theirs == run.objective


@needs_data
def test_bench_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.csv"
    code = main(
        ["bench", "curtois", str(INSTANCE1), "--time-limit", "5", "--out", str(out), "--quiet"]
    )
    text = capsys.readouterr().out
    assert code == 0 and out.read_text().startswith("employee,day,shift\n")
    assert "objective" in text and "bound" in text and "gap" in text and "time" in text
    assert main(["bench", "curtois", "nope.txt", "--time-limit", "1", "--out", str(out)]) == 1


@needs_data
def test_lns_rounds_keep_every_rule_and_the_objective() -> None:
    """Instance2 is not closed by the first solve, so LNS rounds run; whatever they return
    must be a roster the product's check and the independent scorer both accept at the same
    objective, no worse than the first roster."""
    path = SHARED / "instances" / "Instance2.txt"
    run = run_curtois(path, 6)
    res = run.result
    assert res.roster is not None and run.hard == [] and res.progress
    assert run.objective == res.objective == sum(res.penalties.values())
    assert res.objective is not None and res.objective <= res.progress[0].objective
    assert res.bound is not None and res.bound <= res.objective
    theirs, bad = independent_score(
        path.read_text(), _rows(solution_frame(run.problem, res.roster))
    )
    assert bad == [] and theirs == run.objective


def test_solution_file_round_trip_and_bad_rows(tmp_path: Path) -> None:
    p = to_problem(parse_curtois(TINY))
    f = tmp_path / "s.csv"
    f.write_text("employee,day,shift\nA,0,N\nB,2,D\n")
    r = read_solution(f, p)
    assert r.shift("A", p.days[0]).code == "N"  # type: ignore[union-attr]
    assert r.cell("A", p.days[3]).code == "UNAVAILABLE"  # type: ignore[union-attr]
    assert not r.works("A", p.days[1])
    assert _rows(solution_frame(p, r)) == [("A", 0, "N"), ("B", 2, "D")]
    for text, column in [("Z,0,D", "employee"), ("A,7,D", "day"), ("A,1,X", "shift")]:
        f.write_text("employee,day,shift\n" + text + "\n")
        with pytest.raises(InputError) as e:
            read_solution(f, p)
        assert (e.value.row, e.value.column) == (2, column)
