"""Progress while solving: live line on a terminal, plain lines, JSON lines, or silence."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from view_helpers import tiny_scenario, week_problem

from rostering import solve
from rostering.cli import main
from rostering.progress import ProgressDisplay
from rostering.solve import Progress, Result


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_modes_print_what_they_promise() -> None:
    p = Progress(elapsed=2.0, objective=1500.0, bound=1000.0)
    lines, js, quiet = io.StringIO(), io.StringIO(), io.StringIO()
    for buf, mode in ((lines, "auto"), (js, "json"), (quiet, "quiet")):
        show = ProgressDisplay(buf, mode=mode)  # type: ignore[arg-type]
        with show:
            show(p)
        show.done(Result("FEASIBLE", 1500.0, 1000.0, 2.5, progress=[p]))
    # a StringIO is not a terminal: auto gives one plain line per roster
    assert lines.getvalue() == "     2.0s  objective 1,500.00  bound 1,000.00  gap 33.33%\n"
    records = [json.loads(x) for x in js.getvalue().splitlines()]
    assert records[0] == {
        "event": "solution",
        "elapsed": 2.0,
        "objective": 1500.0,
        "bound": 1000.0,
        "gap": 0.3333,
    }
    assert records[1]["event"] == "done" and records[1]["status"] == "FEASIBLE"
    assert records[1]["solutions"] == 1
    assert quiet.getvalue() == ""


def test_live_line_rewrites_itself_and_keeps_the_clock_running() -> None:
    tty = _Tty()
    show = ProgressDisplay(tty, tick=0.05)
    assert show.mode == "live"
    with show:
        time.sleep(0.2)  # no roster yet: the line still ticks
        show(Progress(elapsed=0.3, objective=10.0, bound=10.0))
        time.sleep(0.12)
    out = tty.getvalue()
    assert out.count("\r") >= 4 and "\n" not in out[:-1] and out.endswith("\n")
    assert "searching for a first roster" in out
    assert "objective 10.00  bound 10.00  gap 0.00%" in out.split("\r")[-1]


def test_solve_command_progress_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scen = tiny_scenario(tmp_path / "tiny")
    base = ["solve", str(scen), "--time-limit", "3"]
    assert main([*base, "--out", str(tmp_path / "a"), "--log-json", "--quiet"]) == 0
    cap = capsys.readouterr()
    records = [json.loads(line) for line in cap.err.splitlines()]
    assert records and records[-1]["event"] == "done"
    assert {r["event"] for r in records[:-1]} == {"solution"}
    assert records[-1]["objective"] == records[-2]["objective"]
    assert cap.out == ""  # --quiet: no summary

    assert main([*base, "--out", str(tmp_path / "b"), "--quiet"]) == 0
    cap = capsys.readouterr()
    assert cap.err == "" and cap.out == ""

    assert main([*base, "--out", str(tmp_path / "c")]) == 0
    cap = capsys.readouterr()
    assert "objective" in cap.err and "gap" in cap.err  # one line per roster
    assert "Status" in cap.out


def test_the_last_progress_line_is_the_roster_returned() -> None:
    seen: list[Progress] = []
    result = solve(week_problem(), time_limit=3, workers=1, on_progress=seen.append)
    assert seen and seen == result.progress
    # the live line shows the objective of the roster itself, exactly what the result reports
    assert seen[-1].objective == result.objective
    assert all(p.bound <= p.objective + 1e-9 for p in seen)
