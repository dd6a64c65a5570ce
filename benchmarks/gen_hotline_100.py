"""Generate a large hotline scenario (seed team A rules) for benchmarking.

The generated folder follows the planner-file contract: ``scenario.toml`` is the
hotline scenario's file with only its name changed (same period, calendar, shifts,
rules, leave, pay and weights), ``demand.csv`` is the hotline demand scaled by
``agents / <agents in the hotline scenario>``, and staff, leave, requests, pins
and history are drawn at random from ``--seed`` (same seed, same files).

Usage::

    python benchmarks/gen_hotline_100.py OUT_DIR [--agents 100] [--seed 1]

Only the standard library is used, so the script runs without the product.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import random
import re
import tomllib
from pathlib import Path
from typing import Any

DEFAULT_BASE = Path(__file__).resolve().parent.parent / "scenarios" / "hotline"
HISTORY_DAYS = 6

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓"
    "曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
_ONE_CHAR = "芳娜伟敏静丽强磊洋艳勇军杰娟涛明超霞平刚鹏辉琳雪婷倩悦慧颖欣"
_TWO_CHAR = (
    "晓燕秀英建华志强海燕丽娟俊杰雨欣子涵浩然思远佳怡宇航梦瑶文博欣怡"
    "晨曦嘉豪诗琪一鸣雅婷明轩欣然天宇婉清博文静怡家豪紫萱振宇"
)
GIVEN_NAMES = [*_ONE_CHAR, *(_TWO_CHAR[i : i + 2] for i in range(0, len(_TWO_CHAR), 2))]

# Leave kinds drawn for the generated agents: (kind, weight, shortest, longest).
LEAVE_KINDS: tuple[tuple[str, int, int, int], ...] = (
    ("annual", 12, 2, 4),
    ("sick", 5, 1, 3),
    ("personal", 2, 1, 1),
    ("marriage", 1, 3, 3),
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description="Write a generated hotline scenario folder (team A rules)."
    )
    parser.add_argument("out_dir", type=Path, help="folder to write (created if missing)")
    parser.add_argument("--agents", type=int, default=100, help="front-line agents")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument(
        "--base", type=Path, default=DEFAULT_BASE, help="scenario folder to scale from"
    )
    args = parser.parse_args(argv)
    if args.agents < 1:
        parser.error("--agents must be at least 1")
    return args


def read_csv(path: Path) -> list[dict[str, str]]:
    """Return the rows of a UTF-8 CSV file (a BOM is accepted)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    """Write a UTF-8 CSV file with a header row."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def round_half_up(value: float) -> int:
    """Round to the nearest integer, halves upwards."""
    return math.floor(value + 0.5)


def minutes(hhmm: str) -> int:
    """Return the minutes since midnight of an ``HH:MM`` time."""
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def shift_span(shift: dict[str, Any]) -> tuple[int, int]:
    """Return a shift template's first start and last end, in minutes from its start day."""
    if "segments" in shift:
        start, end = minutes(shift["segments"][0][0]), minutes(shift["segments"][-1][1])
    else:
        start, end = minutes(shift["start"]), minutes(shift["end"])
    return start, end if end > start else end + 24 * 60


def forbidden_pairs(config: dict[str, Any]) -> set[tuple[str, str]]:
    """Return the next-day shift successions that the default rule profile forbids."""
    rules = config.get("rules", {})
    pairs = {(a, b) for a, b in rules.get("forbidden_successions", [])}
    min_rest = 60 * float(rules.get("min_rest_hours", 0))
    spans = {shift["code"]: shift_span(shift) for shift in config["shifts"]}
    for first, (_, first_end) in spans.items():
        for second, (second_start, _) in spans.items():
            if 24 * 60 + second_start - first_end < min_rest:
                pairs.add((first, second))
    return pairs


def make_names(count: int, rng: random.Random) -> list[str]:
    """Draw distinct Chinese names: a surname and a given name (with a number past 2,000 people)."""
    pool = [surname + given for surname in SURNAMES for given in GIVEN_NAMES]
    if count <= len(pool):
        return rng.sample(pool, count)
    return [f"{rng.choice(pool)}{i + 1}" for i in range(count)]


def make_staff(
    base_staff: list[dict[str, str]], agents: int, rng: random.Random
) -> list[list[Any]]:
    """Draw agents with the base scenario's skill mix, plus supervisors in the same ratio."""
    base_agents = [row for row in base_staff if row["role"] == "agent"]
    base_others = [row for row in base_staff if row["role"] != "agent"]
    n_others = max(1, round_half_up(len(base_others) * agents / len(base_agents)))
    names = make_names(agents + n_others, rng)
    rows: list[list[Any]] = []
    for i in range(n_others):
        template = base_others[i % len(base_others)]
        rows.append(
            [
                f"S{i + 1:03d}",
                names[i],
                template["role"],
                template["skills"],
                rng.randrange(5500, 6501, 100),
                rng.randrange(1800, 2201, 100),
                "",
                "",
            ]
        )
    for i in range(agents):
        template = base_agents[i * len(base_agents) // agents]
        rows.append(
            [
                f"A{i + 1:03d}",
                names[n_others + i],
                "agent",
                template["skills"],
                rng.randrange(4000, 6001, 100),
                rng.randrange(1000, 2001, 100),
                "",
                "",
            ]
        )
    return rows


def scale_demand(rows: list[dict[str, str]], factor: float) -> list[list[Any]]:
    """Scale the demand rows' ``min`` and ``target`` (target stays at least min)."""
    header = list(rows[0].keys())
    scaled: list[list[Any]] = []
    for row in rows:
        new = dict(row)
        low = max(1, round_half_up(int(row["min"]) * factor))
        new["min"] = str(low)
        if row.get("target"):
            new["target"] = str(max(low, round_half_up(int(row["target"]) * factor)))
        scaled.append([new[column] for column in header])
    return [header, *scaled]


def day_span(start: dt.date, first: int, length: int) -> str:
    """Format an availability ``date`` cell: one ISO date or a ``from..to`` range."""
    begin = start + dt.timedelta(days=first)
    if length == 1:
        return begin.isoformat()
    return f"{begin.isoformat()}..{(begin + dt.timedelta(days=length - 1)).isoformat()}"


def make_availability(
    staff: list[list[Any]],
    start: dt.date,
    n_days: int,
    codes: list[str],
    rng: random.Random,
) -> list[list[Any]]:
    """Draw leave, unavailable days, soft requests and a few pinned shifts.

    Each person gets at most one leave block (at most four days) or one unavailable
    day, so that exactly-seven-rest-days and the hours band stay satisfiable.
    Pins fall in the second week or later, clear of the month-boundary history.
    """
    kinds, weights = [k[0] for k in LEAVE_KINDS], [k[1] for k in LEAVE_KINDS]
    spans = {k[0]: (k[2], k[3]) for k in LEAVE_KINDS}
    rows: list[list[Any]] = []
    agent_ids = {row[0] for row in staff if row[2] == "agent"}
    pinned = set(rng.sample([row[0] for row in staff], k=max(2, len(staff) // 40)))
    for staff_id in [row[0] for row in staff]:
        busy: set[int] = set()
        draw = rng.random()
        if staff_id in agent_ids and draw < 0.12:
            kind = rng.choices(kinds, weights)[0]
            length = rng.randint(*spans[kind])
            first = rng.randrange(0, n_days - length + 1)
            busy.update(range(first, first + length))
            rows.append([staff_id, day_span(start, first, length), f"leave:{kind}", "", ""])
        elif staff_id in agent_ids and draw < 0.15:
            first = rng.randrange(n_days)
            busy.add(first)
            rows.append([staff_id, day_span(start, first, 1), "unavailable", "", ""])
        if staff_id in pinned:
            day = rng.choice([d for d in range(7, n_days) if d not in busy])
            rows.append([staff_id, day_span(start, day, 1), "fixed", rng.choice(codes), ""])
            continue
        free = [d for d in range(n_days) if d not in busy]
        if rng.random() < 0.10:
            length = rng.choice((1, 1, 2))
            first = rng.choice([d for d in free if d + length - 1 in free])
            rows.append(
                [
                    staff_id,
                    day_span(start, first, length),
                    "off_request",
                    "",
                    rng.choice((1, 1, 2, 3)),
                ]
            )
        elif rng.random() < 0.09:
            shift = rng.choice(["", *codes])
            rows.append(
                [
                    staff_id,
                    day_span(start, rng.choice(free), 1),
                    "on_request",
                    shift,
                    rng.choice((1, 1, 2)),
                ]
            )
    return rows


def make_history(
    staff: list[list[Any]],
    start: dt.date,
    codes: list[str],
    forbidden: set[tuple[str, str]],
    cap: int,
    rng: random.Random,
) -> list[list[Any]]:
    """Draw the days before ``start``: runs of at most ``cap`` days, allowed successions."""
    rows: list[list[Any]] = []
    first = start - dt.timedelta(days=HISTORY_DAYS)
    for staff_id in [row[0] for row in staff]:
        run, previous = 0, "OFF"
        for offset in range(HISTORY_DAYS):
            shift = "OFF"
            if run < cap and rng.random() < 0.78:
                allowed = [c for c in codes if (previous, c) not in forbidden]
                shift = rng.choice(allowed) if allowed else "OFF"
            run = run + 1 if shift != "OFF" else 0
            previous = shift
            rows.append([staff_id, (first + dt.timedelta(days=offset)).isoformat(), shift])
    return rows


def generate(out_dir: Path, agents: int, seed: int, base: Path) -> None:
    """Write the scenario folder ``out_dir`` from the base scenario ``base``."""
    rng = random.Random(seed)
    toml_text = (base / "scenario.toml").read_text(encoding="utf-8")
    config = tomllib.loads(toml_text)
    start: dt.date = config["scenario"]["start"]
    n_days = (config["scenario"]["end"] - start).days + 1
    codes = [shift["code"] for shift in config["shifts"]]
    base_staff = read_csv(base / "staff.csv")
    base_agents = sum(1 for row in base_staff if row["role"] == "agent")

    out_dir.mkdir(parents=True, exist_ok=True)
    name = f"IUNI hotline, {agents} agents (generated, seed {seed})"
    toml_text = re.sub(r"(?m)^name = .*$", f'name = "{name}"', toml_text, count=1)
    (out_dir / "scenario.toml").write_text(toml_text, encoding="utf-8")

    staff = make_staff(base_staff, agents, rng)
    write_csv(
        out_dir / "staff.csv",
        [
            "staff_id",
            "name",
            "role",
            "skills",
            "base_wage",
            "performance_wage",
            "min_hours",
            "max_hours",
        ],
        staff,
    )
    header, *demand = scale_demand(read_csv(base / "demand.csv"), agents / base_agents)
    write_csv(out_dir / "demand.csv", header, demand)
    write_csv(
        out_dir / "availability.csv",
        ["staff_id", "date", "kind", "shift", "weight"],
        make_availability(staff, start, n_days, codes, rng),
    )
    cap = int(config["rules"]["max_consecutive_work_days"])
    write_csv(
        out_dir / "history.csv",
        ["staff_id", "date", "shift"],
        make_history(staff, start, codes, forbidden_pairs(config), cap, rng),
    )


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    args = parse_args(argv)
    generate(args.out_dir, args.agents, args.seed, args.base)
    print(f"wrote {args.out_dir} ({args.agents} agents, seed {args.seed})")


if __name__ == "__main__":
    main()
