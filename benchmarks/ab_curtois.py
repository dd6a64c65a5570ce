"""Paired A/B runs of search settings on Curtois–Qu instances: is a change better than spread?

One configuration of the search spreads widely from seed to seed (Curtois–Qu 13 at 60 s:
2,900–3,700), so a change is judged on *pairs*: the same instance and seed under each variant,
run back to back so that both meet the same machine load. Each run is a fresh process (module
settings apply cleanly and nothing carries over), solved and scored as ``run_curtois.py`` does
(:func:`rostering.bench.run_curtois`: ``solve_lns``, then the product's ``check``). The report gives
each run's objective and, for every variant against the first, how many pairs it won and the
geometric mean of the ratios with its standard error.

A variant is a name and module settings, ``NAME:module.CONSTANT=value,...`` (modules of the
``rostering`` package, values as Python literals); a setting that names no existing constant is
an error, so a typo cannot silently measure the default. ``base`` with no settings is the code
as it stands.

Usage::

    python benchmarks/ab_curtois.py --instances 13,15 --seeds 1-4 [--time-limit 60]
        [--workers 2] --variant base --variant "bonus4:weekend_plan.BONUS_HEADS=4"
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import math
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from run_curtois import DATA, parse_numbers


@dataclass(frozen=True)
class Variant:
    """A named set of module settings (``module`` relative to ``rostering``)."""

    name: str
    settings: dict[str, object] = field(default_factory=dict)


def parse_variant(spec: str) -> Variant:
    """``NAME`` or ``NAME:module.CONSTANT=value,...`` → a :class:`Variant`.

    >>> parse_variant("bonus4:weekend_plan.BONUS_HEADS=4,lns.WIDE_SUB=0.25")
    Variant(name='bonus4', settings={'weekend_plan.BONUS_HEADS': 4, 'lns.WIDE_SUB': 0.25})
    >>> parse_variant("base")
    Variant(name='base', settings={})
    """
    name, _, rest = spec.partition(":")
    settings: dict[str, object] = {}
    for item in filter(None, rest.split(",")):
        key, eq, value = item.partition("=")
        if not eq or "." not in key:
            raise ValueError(f"setting {item!r}: expected module.CONSTANT=value")
        settings[key.strip()] = ast.literal_eval(value.strip())
    return Variant(name, settings)


def apply(settings: dict[str, object]) -> None:
    """Set each ``module.CONSTANT`` of the ``rostering`` package; an unknown one is an error.

    >>> apply({"weekend_plan.NO_SUCH_CONSTANT": 1})
    Traceback (most recent call last):
    ...
    AttributeError: rostering.weekend_plan has no NO_SUCH_CONSTANT
    """
    for key, value in settings.items():
        module_name, _, attr = key.rpartition(".")
        module = importlib.import_module(f"rostering.{module_name}")
        if not hasattr(module, attr):
            raise AttributeError(f"rostering.{module_name} has no {attr}")
        setattr(module, attr, value)


def compare(base: list[float], other: list[float]) -> tuple[int, float, float]:
    """(pairs ``other`` won, geometric mean of other/base, standard error of that mean as a
    fraction) over paired objectives; a pair with a zero objective counts as a ratio of 1.

    >>> won, geo, se = compare([100, 200, 400], [90, 220, 360])
    >>> won, round(geo, 3), round(se, 3)
    (2, 0.962, 0.067)
    """
    logs = [math.log(o / b) if b > 0 and o > 0 else 0.0 for b, o in zip(base, other, strict=True)]
    won = sum(o < b for b, o in zip(base, other, strict=True))
    mean = sum(logs) / len(logs)
    if len(logs) < 2:
        return won, math.exp(mean), math.nan
    sd = math.sqrt(sum((x - mean) ** 2 for x in logs) / (len(logs) - 1))
    return won, math.exp(mean), sd / math.sqrt(len(logs))


def run_one(path: Path, time_limit: float, seed: int, workers: int, variant: Variant) -> float:
    """One solve in a fresh process with the variant's settings; its objective."""
    cmd = [sys.executable, __file__, "--one", str(path), str(time_limit), str(seed), str(workers)]
    cmd.append(json.dumps({k: repr(v) for k, v in variant.settings.items()}))
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return float(out.strip().splitlines()[-1])


def _one(path: str, time_limit: str, seed: str, workers: str, settings: str) -> None:
    """The child process of :func:`run_one`: apply the settings, solve, print check's
    objective of the roster."""
    from rostering.bench import run_curtois

    apply({k: ast.literal_eval(v) for k, v in json.loads(settings).items()})
    run = run_curtois(path, float(time_limit), workers=int(workers), seed=int(seed))
    if run.objective is None or run.hard:
        raise SystemExit(f"{path}: no roster without hard violations in {time_limit} s")
    print(run.objective)


def report(
    runs: dict[tuple[int, int], dict[str, float]], variants: list[Variant], time_limit: float
) -> str:
    """The runs as a markdown table (one row per instance and seed) and a summary line per
    variant against the first."""
    names = [v.name for v in variants]
    lines = [
        f"Paired runs at {time_limit:g} s (`benchmarks/ab_curtois.py`), objectives:",
        "",
        "| instance | seed | " + " | ".join(names) + " |",
        "|---|---|" + "---|" * len(names),
    ]
    for (number, seed), got in sorted(runs.items()):
        cells = " | ".join(f"{got[n]:,.0f}" for n in names)
        lines.append(f"| I{number} | {seed} | {cells} |")
    lines.append("")
    base = [got[names[0]] for _key, got in sorted(runs.items())]
    for name in names[1:]:
        won, geo, se = compare(base, [got[name] for _key, got in sorted(runs.items())])
        lines.append(
            f"- {name} against {names[0]}: {won} of {len(base)} pairs better, geometric mean "
            f"of the ratios {geo:.3f} (standard error {se:.1%})"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    """Run every instance × seed × variant (variants back to back) and print the report."""
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        _one(*sys.argv[2:7])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--instances", required=True, help="e.g. 13 or 13,15 or 13-15")
    ap.add_argument("--seeds", default="1-2", help="e.g. 1-4 or 1,3")
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--data", type=Path, default=DATA, help="the shared curtois folder")
    ap.add_argument("--variant", action="append", default=[], help="NAME[:module.CONST=v,...]")
    args = ap.parse_args()
    variants = [parse_variant(v) for v in args.variant] or [Variant("base")]
    if len(variants) < 2:
        ap.error("give at least two --variant (the first is the reference)")
    runs: dict[tuple[int, int], dict[str, float]] = {}
    for number in parse_numbers(args.instances):
        path = args.data / "instances" / f"Instance{number}.txt"
        for seed in parse_numbers(args.seeds):
            for v in variants:
                got = run_one(path, args.time_limit, seed, args.workers, v)
                runs.setdefault((number, seed), {})[v.name] = got
                print(f"I{number} seed {seed} {v.name}: {got:,.0f}", file=sys.stderr, flush=True)
    print(report(runs, variants, args.time_limit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
