"""Time the solver on the hotline month and a generated 100-agent month (team-A rules).

Records time to first roster, objective, bound and gap at the time limit into the
``solve`` section of benchmarks/RESULTS.md (other sections of that file are left alone).

Usage::

    python benchmarks/bench_solve.py [--time-limit 60] [--workers 2] [--seed 0]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from results_md import cpu_model, replace_section

from rostering import load_scenario, solve

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
START, END = "<!-- solve-bench:start -->", "<!-- solve-bench:end -->"


def _machine() -> str:
    cpu = cpu_model()
    return f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} logical CPUs"


def run_one(
    name: str, folder: Path, time_limit: float, workers: int, seed: int, deterministic: bool
) -> str:
    """Solve one scenario and return its markdown table row."""
    problem = load_scenario(folder)
    r = solve(
        problem, time_limit=time_limit, workers=workers, seed=seed, deterministic=deterministic
    )
    name = f"{name} ({'reproducible' if deterministic else 'portfolio'})"
    first = f"{r.first_solution_time:.2f}" if r.first_solution_time is not None else "–"
    if r.objective is None or r.bound is None or r.gap is None:
        cells = f"| {name} | {len(problem.staff)} | {r.status} | {first} | – | – | – |"
        return f"{cells} {r.runtime:.1f} |"
    return (
        f"| {name} | {len(problem.staff)} | {r.status} | {first} | {r.objective:,.2f} | "
        f"{r.bound:,.2f} | {r.gap:.2%} | {r.runtime:.1f} |"
    )


def main() -> int:
    """Run the benchmark and rewrite the solve section of RESULTS.md."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rows = []
    hotline = ROOT / "scenarios" / "hotline"
    for det in (True, False):
        rows.append(run_one("hotline", hotline, args.time_limit, args.workers, args.seed, det))
        print(rows[-1], flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        gen = Path(tmp) / "hotline100"
        subprocess.run(
            [
                sys.executable,
                str(HERE / "gen_hotline_100.py"),
                str(gen),
                "--agents",
                "100",
                "--seed",
                "1",
            ],
            check=True,
        )
        for det in (True, False):
            rows.append(
                run_one("generated 100 agents", gen, args.time_limit, args.workers, args.seed, det)
            )
            print(rows[-1], flush=True)
    cmd = (
        f"python benchmarks/bench_solve.py --time-limit {args.time_limit:g} "
        f"--workers {args.workers} --seed {args.seed}"
    )
    section = "\n".join(
        [
            START,
            "## Solve: hotline and a generated 100-agent month (team-A rules)",
            "",
            f"- Date: {dt.date.today()}",
            f"- Machine: {_machine()}",
            f"- Command: `{cmd}`",
            "- Goal: first roster < 5 s, gap ≤ 1 % at 60 s.",
            "- reproducible = the default (same seed and workers, same roster; deterministic work "
            "budget, so it may stop before the time limit); portfolio = `--portfolio`.",
            "",
            "| scenario | staff | status | first roster (s) | objective | bound | gap | time (s) |",
            "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
            *rows,
            END,
        ]
    )
    replace_section(section, START, END)
    return 0


if __name__ == "__main__":
    sys.exit(main())
