"""explain: seeded infeasible scenarios are explained with the true rule and a person or date;
and a scenario with too few people still gets a roster with its gaps listed (coverage soft)."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest
from trust_helpers import write_scenario

from rostering.cli import main
from rostering.explain import Instance, capacity_findings, conflict, explain
from rostering.io import load_scenario

STAFF4 = "P1,Ann,agent,\nP2,Bob,agent,\nP3,Cid,agent,\nP4,Dee,agent,\n"


def _explain(folder: Path, strict: bool = False) -> str:
    t0 = time.perf_counter()
    text = explain(load_scenario(folder, strict_cover=strict), time_limit=10)
    assert time.perf_counter() - t0 < 30
    return text


def test_too_much_leave_names_rest_days_and_person(tmp_path: Path) -> None:
    folder = write_scenario(
        tmp_path / "s",
        staff=STAFF4,
        rules="rest_days_per_month = 4",
        availability="P2,2026-03-02..2026-03-12,leave:annual,,\n",
    )
    text = _explain(folder)
    assert text.startswith("No roster")
    assert "rest days per month" in text
    assert "Bob (P2)" in text
    assert "only 3 days are free of leave" in text  # 14 days − 11 leave, but 4 rest days asked
    found = conflict(load_scenario(folder), time_limit=10)
    assert [Instance("rest_days_per_month", "P2")] in found.cores
    assert Instance("rest_days_per_month", "P2") in found.relaxations


def test_cycle_against_weekly_rest(tmp_path: Path) -> None:
    folder = write_scenario(
        tmp_path / "s",
        staff=STAFF4,
        rules="weekly_rest_days = 2\n[rules.by_role.lead]\nwork_rest_cycle = [6, 1]",
    )
    (folder / "staff.csv").write_text(
        "staff_id,name,role,skills\nP1,Ann,agent,\nP2,Bob,lead,\n", encoding="utf-8"
    )
    text = _explain(folder)
    assert "Bob (P2)" in text
    assert "cycle" in text and "weekly rest" in text
    cores = conflict(load_scenario(folder), time_limit=10).cores
    flat = {i for core in cores for i in core}
    assert Instance("work_rest_cycle", "P2") in flat
    assert all(i.staff_id == "P2" for i in flat)  # Ann is not to blame


def test_strict_cover_with_too_few_seniors_names_date_and_skill(tmp_path: Path) -> None:
    folder = write_scenario(
        tmp_path / "s",
        staff="S1,Sue,agent,senior\nS2,Sam,agent,senior\nJ1,Jo,agent,junior\nJ2,Jay,agent,junior\n",
        demand="days,start,end,skill,min,target\nall,08:00,16:00,senior,2,2\n",
        availability="S2,2026-03-10,leave:annual,,\n",
    )
    text = _explain(folder, strict=True)
    assert "2026-03-10" in text and "senior" in text
    assert "Sam (S2)" in text
    found = conflict(load_scenario(folder, strict_cover=True), time_limit=10)
    flat = {i for core in found.cores for i in core}
    assert Instance("coverage", "", (pd.Timestamp("2026-03-10").date(),), "senior") in flat


def test_strict_cover_beyond_the_weekend_caps_is_counted(tmp_path: Path) -> None:
    weekend = "days,start,end,skill,min,target\nweekend,08:00,16:00,,{n},{n}\n"
    folder = write_scenario(
        tmp_path / "s", staff=STAFF4, rules="max_worked_weekends = 1", demand=weekend.format(n=3)
    )
    text = _explain(folder, strict=True)  # 2 weekends × 2 days × 3 heads; 4 people × 1 × 2
    assert "Weekends: the minimum cover needs 12 person-days" in text and "at most 8" in text
    # Bob on leave both Saturdays: his one weekend gives a Sunday only
    away = "P2,2026-03-07,leave:annual,,\nP2,2026-03-14,leave:annual,,\n"
    folder = write_scenario(
        tmp_path / "l",
        staff=STAFF4,
        rules="max_worked_weekends = 1",
        demand=weekend.format(n=3),
        availability=away,
    )
    text = _explain(folder, strict=True)
    assert "needs 12 person-days on Saturdays and Sundays" in text and "at most 7 of them" in text
    # two heads a weekend day: 8 asked, 8 workable, nothing to say about weekends
    folder = write_scenario(
        tmp_path / "f", staff=STAFF4, rules="max_worked_weekends = 1", demand=weekend.format(n=2)
    )
    assert "Weekends:" not in _explain(folder, strict=True)


def test_pins_against_forbidden_succession(tmp_path: Path) -> None:
    folder = write_scenario(
        tmp_path / "s",
        staff=STAFF4,
        rules='forbidden_successions = [["L", "E"]]',
        availability="P3,2026-03-05,fixed,L,\nP3,2026-03-06,fixed,E,\n",
    )
    text = _explain(folder)
    assert "Cid (P3)" in text and "2026-03-05" in text and "2026-03-06" in text
    assert "forbidden successions" in text
    assert any("E may not follow L" in c for c in capacity_findings(load_scenario(folder)))


def test_solver_stage_finds_what_arithmetic_cannot(tmp_path: Path) -> None:
    """One person cannot cover 08:00–22:00 with one 8-hour shift a day: no capacity finding
    (one head is needed, one is there), but the assumption core names the cover and a date."""
    folder = write_scenario(tmp_path / "s", staff="P1,Ann,agent,\n")
    problem = load_scenario(folder, strict_cover=True)
    assert capacity_findings(problem) == []
    found = conflict(problem, time_limit=10)
    assert found.status == "conflict"
    assert found.cores and found.cores[0][0].rule == "coverage"
    assert found.cores[0][0].dates


def test_feasible_scenario_says_so(tmp_path: Path) -> None:
    folder = write_scenario(tmp_path / "s", staff=STAFF4, rules="rest_days_per_month = 4")
    assert _explain(folder).startswith("A roster exists")


def test_explain_command_prints_the_cause(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_scenario(
        tmp_path / "s",
        staff=STAFF4,
        rules="rest_days_per_month = 4",
        availability="P1,2026-03-02..2026-03-13,leave:annual,,\n",
    )
    assert main(["explain", str(folder), "--time-limit", "10"]) == 0
    assert "Ann (P1)" in capsys.readouterr().out


def test_too_few_people_still_get_a_roster_with_gaps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_scenario(
        tmp_path / "s",
        staff="P1,Ann,agent,\nP2,Bob,agent,\n",
        rules="rest_days_per_month = 4",
        demand="days,start,end,skill,min,target\nall,08:00,22:00,,2,2\n",
    )
    out = tmp_path / "out"
    rc = main(["solve", str(folder), "--out", str(out), "--time-limit", "5"])
    text = capsys.readouterr().out
    assert rc == 0
    assert "Coverage gaps below the minimum" in text
    cov = pd.read_csv(out / "coverage.csv", encoding="utf-8-sig")
    short = cov[cov["shortfall"] > 0]
    assert len(short) > 0 and set(short.columns) >= {"date", "slot_start", "skill"}
    first = short.iloc[0]
    assert str(first["date"]) in text  # the gap is listed on screen by date


def test_solve_exit_2_writes_explanation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_scenario(
        tmp_path / "s",
        staff=STAFF4,
        rules="max_consecutive_work_days = 2",
        availability="P4,2026-03-02..2026-03-04,fixed,E,\n",
    )
    out = tmp_path / "out"
    assert main(["solve", str(folder), "--out", str(out), "--time-limit", "5"]) == 2
    text = (out / "explanation.txt").read_text(encoding="utf-8")
    assert "Dee (P4)" in text and "consecutive work days" in text
    assert "Dee (P4)" in capsys.readouterr().out


def test_per_shift_seats_add_up_in_the_arithmetic(tmp_path: Path) -> None:
    """A senior seat on E and another on L need two seniors that day: one is not enough."""
    folder = write_scenario(
        tmp_path / "s",
        staff="S1,Sue,agent,senior\nS2,Sam,agent,senior\nJ1,Jo,agent,junior\n",
        demand="days,start,end,skill,min,target,shift\nall,,,senior,1,1,E\nall,,,senior,1,1,L\n",
        availability="S1,2026-03-11,leave:annual,,\n",
    )
    found = capacity_findings(load_scenario(folder, strict_cover=True))
    day = [f for f in found if f.startswith("2026-03-11")]
    assert day and "1 on E + 1 on L" in day[0] and "Sue (S1)" in day[0]
    assert capacity_findings(load_scenario(folder)) == []  # soft cover: nothing is ruled out


def test_quickxplain_finds_a_minimal_conflict(tmp_path: Path) -> None:
    """The divide-and-conquer fallback (used when assumption cores are slow) returns a set that
    conflicts and from which no member can be removed."""
    from rostering.explain_core import _Search

    folder = write_scenario(
        tmp_path / "s",
        staff=STAFF4,
        rules="rest_days_per_month = 4",
        availability="P2,2026-03-02..2026-03-12,leave:annual,,\n",
    )
    search = _Search(load_scenario(folder))
    core = search.quickxplain(list(search.inst), time.perf_counter() + 20)
    assert [search.inst[i] for i in core] == [Instance("rest_days_per_month", "P2")]
    assert search.run(core, 5)[0] == "infeasible"
    assert search.run([], 5)[0] == "feasible"


@pytest.mark.slow
def test_hotline_sized_variants_explained_within_30_s(hotline: Path) -> None:
    """Seeded breakages of the 32-person hotline month: the true rule and the person or date."""
    with (hotline / "availability.csv").open("a", encoding="utf-8") as fh:
        fh.write("A01,2026-10-04..2026-10-28,leave:annual,,\n")
    text = _explain(hotline)  # asserts < 30 s
    assert "王芳 (A01)" in text and "rest days per month" in text
    assert "monthly paid-hours band" in text  # 200 h of leave credit alone exceed 184 h

    presales = [f"A{i:02d}" for i in (*range(1, 12), *range(25, 30))]
    lines = (hotline / "availability.csv").read_text(encoding="utf-8").splitlines()[:-1]
    lines += [f"{sid},2026-10-14,leave:annual,," for sid in presales]
    (hotline / "availability.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    text = _explain(hotline, strict=True)
    assert "2026-10-14" in text and "presales" in text
    assert "Smallest relaxation" in text
