"""Demand rows resolved to concrete needs: per time slot and skill, and per shift and skill.

Shared by the coverage rule's encoding, its check and the coverage.csv writer, so all three read
demand.csv the same way.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from rostering.price_grid import PriceGrid
from rostering.problem import DayType, DemandRow, Problem
from rostering.rules.base import coef

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Need:
    """Heads wanted at one slot (``shift`` None) or on one shift of one day, for one skill.

    ``covering`` lists the (day index, shift index) pairs whose people count toward it.
    """

    date: dt.date
    minute: int  # slot start (minutes after midnight of ``date``), or the shift's start
    skill: str
    min: int
    target: int
    w_min: float
    w_target: float
    w_over: float
    covering: tuple[tuple[int, int], ...]
    shift: str | None = None


def row_applies(row: DemandRow, day: dt.date, day_type: DayType) -> bool:
    """Whether a demand row's ``days`` selector matches a date.

    >>> from rostering.problem import DemandRow, DayType
    >>> r = DemandRow(row=2, days="weekend", min=1, target=1)
    >>> row_applies(r, dt.date(2026, 10, 10), DayType.MAKEUP)
    True
    """
    if row.dates is not None:
        return day in row.dates
    word = row.days
    if word == "all":
        return True
    if word == "weekday":
        return day.weekday() < 5
    if word == "weekend":
        return day.weekday() >= 5
    if word in _WEEKDAYS:
        return day.weekday() == _WEEKDAYS.index(word)
    if word == "workday":
        return day_type in (DayType.WORKDAY, DayType.MAKEUP)
    return word == str(day_type)


RowIndex = tuple[list[int], dict[dt.date, list[int]]]


def _row_index(problem: Problem) -> RowIndex:
    """Positions in ``problem.demand`` of the general rows, and of the dated rows by date (a
    year of per-day rows is otherwise scanned whole for every day: 3 s of a minute on
    Curtois–Qu 24)."""
    general: list[int] = []
    dated: dict[dt.date, list[int]] = defaultdict(list)
    for i, r in enumerate(problem.demand):
        if r.dates is None:
            general.append(i)
        else:
            for d in r.dates:
                dated[d].append(i)
    return general, dated


def _rows_for(problem: Problem, day: dt.date, per_shift: bool, index: RowIndex) -> list[DemandRow]:
    """Rows that apply on ``day``: per skill (and shift), dated rows replace general ones.
    ``index`` is :func:`_row_index` of the problem; rows keep their file order."""
    general, dated = index
    rows = [
        r
        for i in sorted(general + dated.get(day, []))
        if ((r := problem.demand[i]).shift is not None) == per_shift
        and row_applies(r, day, problem.day_types[day])
    ]
    replaced = {(r.skill, r.shift) for r in rows if r.dates is not None}
    return [r for r in rows if r.dates is not None or (r.skill, r.shift) not in replaced]


def _weights(problem: Problem, row: DemandRow) -> tuple[float, float, float]:
    w = problem.weights
    if row.weight_under is not None:
        return (
            row.weight_under,
            row.weight_under,
            (row.weight_over if row.weight_over is not None else w.overstaff),
        )
    return (
        w.shortfall_min,
        w.shortfall_target,
        (row.weight_over if row.weight_over is not None else w.overstaff),
    )


def _stronger(a: DemandRow | None, b: DemandRow) -> bool:
    return a is None or (b.min, b.target) > (a.min, a.target)


_CACHE: dict[int, tuple[Problem, tuple[Need, ...]]] = {}


def needs(problem: Problem) -> tuple[Need, ...]:
    """Every slot-and-skill and shift-and-skill need of the period, in date order.

    Computed once per problem object (model, check and writers all ask for it).
    """
    hit = _CACHE.get(id(problem))
    if hit is not None and hit[0] is problem:
        return hit[1]
    result = tuple(_slot_needs(problem) + _shift_needs(problem))
    if len(_CACHE) > 16:
        _CACHE.clear()
    _CACHE[id(problem)] = (problem, result)
    return result


def _slot_needs(problem: Problem) -> list[Need]:
    slot = problem.period.slot_minutes
    days = problem.days
    first = days[0]
    # winner[(date, minute, skill)] = (min, target, row) with the largest values
    best: dict[tuple[dt.date, int, str], DemandRow] = {}
    mins: dict[tuple[dt.date, int, str], int] = defaultdict(int)
    tgts: dict[tuple[dt.date, int, str], int] = defaultdict(int)
    index = _row_index(problem)
    for day in days:
        for r in _rows_for(problem, day, per_shift=False, index=index):
            for m in range(r.start, r.end, slot):
                real = day + dt.timedelta(days=m // 1440)
                key = (real, m % 1440, r.skill)
                mins[key] = max(mins[key], r.min)
                tgts[key] = max(tgts[key], r.target)
                if _stronger(best.get(key), r):
                    best[key] = r
    # which (day offset, shift) pairs cover a slot that starts at minute m of a day
    cover_by_minute: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for s, sh in enumerate(problem.shifts):
        for back in (0, 1, 2):
            for m in range(0, 1440, slot):
                if sh.covers(m + 1440 * back, slot):
                    cover_by_minute[m].append((back, s))
    n = len(days)
    out = []
    for (real, minute, skill), row in sorted(best.items(), key=lambda kv: kv[0]):
        di = (real - first).days
        covering = tuple(
            (di - back, s) for back, s in cover_by_minute[minute] if 0 <= di - back < n
        )
        wm, wt, wo = _weights(problem, row)
        key = (real, minute, skill)
        out.append(Need(real, minute, skill, mins[key], tgts[key], wm, wt, wo, covering))
    return out


def _shift_needs(problem: Problem) -> list[Need]:
    idx = {s.code: i for i, s in enumerate(problem.shifts)}
    index = _row_index(problem)
    out = []
    for di, day in enumerate(problem.days):
        best: dict[tuple[str, str], DemandRow] = {}
        mins: dict[tuple[str, str], int] = defaultdict(int)
        tgts: dict[tuple[str, str], int] = defaultdict(int)
        for r in _rows_for(problem, day, per_shift=True, index=index):
            assert r.shift is not None
            key = (r.shift, r.skill)
            mins[key] = max(mins[key], r.min)
            tgts[key] = max(tgts[key], r.target)
            if _stronger(best.get(key), r):
                best[key] = r
        for (code, skill), row in sorted(best.items()):
            wm, wt, wo = _weights(problem, row)
            sh = problem.shifts[idx[code]]
            out.append(
                Need(
                    day,
                    sh.start_min % 1440,
                    skill,
                    mins[code, skill],
                    tgts[code, skill],
                    wm,
                    wt,
                    wo,
                    ((di, idx[code]),),
                    shift=code,
                )
            )
    return out


def need_gaps(need: Need, scheduled: int) -> tuple[int, int, int]:
    """(heads below min, heads still missing between min and target, heads above target).

    >>> n = Need(dt.date(2026, 10, 1), 600, "", 3, 5, 1000, 10, 1, ())
    >>> need_gaps(n, 2), need_gaps(n, 4), need_gaps(n, 7)
    ((1, 2, 0), (0, 1, 0), (0, 0, 2))
    """
    under_min = max(0, need.min - scheduled)
    under_target = max(0, need.target - scheduled) - under_min
    return under_min, under_target, max(0, scheduled - need.target)


class HeadCounter:
    """Which needs a worked (day, shift, skill) counts toward: one lookup built once, shared by
    the person-by-person construction and column generation.

    >>> # HeadCounter(needs(problem)).heads({(0, 1): "nurse"}) -> {need index: 1, ...}
    """

    def __init__(self, all_needs: tuple[Need, ...] | list[Need]) -> None:
        # (day, shift) -> (need index, its skill) for every need it covers
        self.toward: dict[tuple[int, int], list[tuple[int, str]]] = defaultdict(list)
        for i, n in enumerate(all_needs):
            for cell in n.covering:
                self.toward[cell].append((i, n.skill))

    def heads(self, schedule: dict[tuple[int, int], str]) -> dict[int, int]:
        """Heads a person's schedule ({(day, shift): skill covered}) adds to each need."""
        out: dict[int, int] = defaultdict(int)
        for cell, k in schedule.items():
            for i, skill in self.toward.get(cell, ()):
                if not skill or skill == k:
                    out[i] += 1
        return out


class CoverTable:
    """The needs' scaled cover penalty as arrays, for searches that ask it thousands of times:
    what each need costs at given heads, and the price of one more head on each (day, shift,
    skill) — the same integers as :func:`need_gaps` with :func:`rostering.rules.base.coef`.

    >>> n = Need(dt.date(2026, 10, 1), 600, "", 2, 3, 1000, 10, 1, ((0, 1),))
    >>> t = CoverTable([n])
    >>> t.penalty([1]), dict(t.prices([1])), dict(t.prices([3]))
    (101000, {(0, 1, ''): -100000}, {(0, 1, ''): 100})
    >>> dict(t.prices(np.array([2.5])))  # half a head short of target now, half over after
    {(0, 1, ''): -450}
    """

    def __init__(self, all_needs: tuple[Need, ...] | list[Need]) -> None:
        self.lo = np.array([n.min for n in all_needs], dtype=np.int64)
        self.hi = np.array([n.target for n in all_needs], dtype=np.int64)
        self.w = np.array(
            [[coef(n.w_min), coef(n.w_target), coef(n.w_over)] for n in all_needs], dtype=np.int64
        ).reshape(-1, 3)
        # the (days, shifts) the needs reach: the shape of the grids behind prices()
        reach = [cell for n in all_needs for cell in n.covering]
        self.shape = (
            (max(d for d, _ in reach) + 1, max(s for _, s in reach) + 1) if reach else (0, 0)
        )
        # per skill: (need of each covering cell, that cell's day, its shift), for grid()
        by_skill: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        for i, n in enumerate(all_needs):
            by_skill[n.skill].extend((i, d, s) for d, s in n.covering)
        self.incidence = {
            k: np.array(v, dtype=np.int64).reshape(-1, 3) for k, v in by_skill.items()
        }

    def each(self, have: np.ndarray) -> np.ndarray:
        """Each need's scaled penalty at ``have`` heads."""
        under_min = np.maximum(0, self.lo - have)
        under_target = np.maximum(0, self.hi - have) - under_min
        over = np.maximum(0, have - self.hi)
        return self.w[:, 0] * under_min + self.w[:, 1] * under_target + self.w[:, 2] * over

    def penalty(self, have: list[int]) -> int:
        """The whole cover penalty (scaled) at ``have`` heads per need."""
        return int(self.each(np.asarray(have, dtype=np.int64)).sum())

    def prices(self, have: list[int] | np.ndarray) -> dict[tuple[int, int, str], int]:
        """Change in the cover penalty when one more head joins each need, keyed by the
        (day, shift, skill) cells that count toward it (summed where needs share a cell).
        ``have`` may be fractional (heads a relaxation expects): the change is then rounded
        to an integer. Only non-zero prices are keys: read it with ``get(cell, 0)``."""
        return dict(self.grid(have, self.shape).items())

    def grid(self, have: list[int] | np.ndarray, shape: tuple[int, int]) -> PriceGrid:
        """The prices of one more head (see :meth:`prices`) as a
        :class:`~rostering.price_grid.PriceGrid` of ``shape`` (days, shifts), built without a
        Python loop over the cells.

        >>> n = Need(dt.date(2026, 10, 1), 600, "", 2, 3, 1000, 10, 1, ((0, 1),))
        >>> CoverTable([n, n]).grid([1, 3], (1, 2)).grids[""].tolist()
        [[0, -99900]]
        """
        step = self._step(have)
        grids = {}
        for k, inc in self.incidence.items():
            flat = inc[:, 1] * shape[1] + inc[:, 2]
            grid = np.bincount(flat, weights=step[inc[:, 0]], minlength=shape[0] * shape[1])
            grids[k] = np.rint(grid).astype(np.int64).reshape(shape)
        return PriceGrid(grids)

    def _step(self, have: list[int] | np.ndarray) -> np.ndarray:
        """The change in each need's penalty when one more head joins it, rounded."""
        h = np.asarray(have)
        return np.rint(self.each(h + 1) - self.each(h)).astype(np.int64)
