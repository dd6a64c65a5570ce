"""benchmarks/ab_curtois.py: paired A/B runs — settings applied in a fresh process, typos
refused, pairs compared."""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import pytest
from test_curtois import INSTANCE1, needs_data

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

import ab_curtois  # noqa: E402


def test_the_examples_hold() -> None:
    result = doctest.testmod(ab_curtois)
    assert result.attempted >= 4 and result.failed == 0


def test_a_setting_that_names_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match=r"module\.CONSTANT=value"):
        ab_curtois.parse_variant("x:BONUS_HEADS=4")
    with pytest.raises(AttributeError, match="no BONUS_HEAD"):
        ab_curtois.apply({"weekend_plan.BONUS_HEAD": 4})


@needs_data
def test_the_child_process_runs_with_the_settings() -> None:
    # the settings reach the child: a share of the wrong kind makes its solve fail there
    variant = ab_curtois.parse_variant("bad:lns.FIRST_SHARE='x'")
    with pytest.raises(subprocess.CalledProcessError) as failed:
        ab_curtois.run_one(INSTANCE1, 1.0, 0, 1, variant)
    assert "TypeError" in failed.value.stderr


@needs_data
def test_paired_runs_on_instance_1() -> None:
    args = ["--instances", "1", "--seeds", "0-1", "--time-limit", "2"]
    args += ["--data", str(INSTANCE1.parent.parent)]
    args += ["--variant", "base", "--variant", "short:lns.FIRST_SHARE=0.05"]
    out = subprocess.run(
        [sys.executable, str(BENCH / "ab_curtois.py"), *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = [line for line in out.splitlines() if line.startswith("| I1 |")]
    # instance 1 is solved to its optimum (607) in well under 2 s either way
    assert rows == ["| I1 | 0 | 607 | 607 |", "| I1 | 1 | 607 | 607 |"]
    assert "short against base: 0 of 2 pairs better, geometric mean of the ratios 1.000" in out
