"""Cover prices as arrays: one (day × shift) grid per skill, '' for any skill.

The person-by-person searches (:mod:`rostering.sequential`) price every shift of a long period
before each placement, and the placement's dynamic program (:mod:`rostering.person_dp`) wants
them as an array. As a dict keyed (day, shift, skill) a year of Curtois–Qu 24 is 11,648 entries:
building it took 4.6 ms, sending it to a lane process 3.0 ms, and turning it back into an array
there 3.8 ms — a fifth of the ~40 ms a placement's dynamic program takes. A grid is built with
one numpy sum, pickles as raw arrays, and is read by the dynamic program as it is.

A grid still answers what the dict did (``get`` and ``items``), so the CP-SAT person model and
the other readers of a price take either.

>>> import numpy as np
>>> g = PriceGrid({"": np.array([[0, -5], [3, 0]])})
>>> g.get((0, 1, ""), 0), g.get((0, 1, "nurse"), 0), sorted(g.items())
(-5, 0, [((0, 1, ''), -5), ((1, 0, ''), 3)])
>>> g.add((0, 1, "nurse"), -3); g.for_skill("nurse")[0, 1]
np.int64(-8)
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np


class PriceGrid:
    """Prices of one more head on each (day, shift), per skill covered (see the module
    docstring); every grid has the same shape (days, shifts)."""

    def __init__(self, grids: dict[str, np.ndarray]) -> None:
        self.grids = grids
        self.shape: tuple[int, int] = next(iter(grids.values())).shape if grids else (0, 0)

    def get(self, key: tuple[int, int, str], default: int = 0) -> int:
        """The price keyed (day, shift, skill), as a dict's ``get``."""
        d, s, k = key
        grid = self.grids.get(k)
        if grid is None or not (0 <= d < self.shape[0] and 0 <= s < self.shape[1]):
            return default
        return int(grid[d, s])

    def items(self) -> Iterator[tuple[tuple[int, int, str], int]]:
        """The non-zero prices, keyed (day, shift, skill), as a dict's ``items``."""
        for k, grid in self.grids.items():
            for d, s in zip(*np.nonzero(grid), strict=True):
                yield (int(d), int(s), k), int(grid[d, s])

    def add(self, key: tuple[int, int, str], amount: int) -> None:
        """Add ``amount`` to the price keyed (day, shift, skill) (a bonus on top of cover)."""
        d, s, k = key
        if k not in self.grids:
            self.grids[k] = np.zeros(self.shape, dtype=np.int64)
        self.grids[k][d, s] += amount

    def for_skill(self, skill: str) -> np.ndarray:
        """The (day × shift) prices a person covering ``skill`` pays: any skill's plus the
        skill's own (a new array)."""
        out = np.zeros(self.shape, dtype=np.int64)
        for k in {"", skill}:
            if k in self.grids:
                out += self.grids[k]
        return out


# what a placement is priced with: a dict keyed (day, shift, skill), or a grid
Price = dict[tuple[int, int, str], int] | PriceGrid
