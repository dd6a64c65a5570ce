"""Column generation's Lagrangian bound, written into the CP-SAT model as rows it can use.

Column generation (:mod:`rostering.colgen`) proves its bound at some cover prices: each person's
own penalty less the price of the shifts they work is at least what their pricing solve proved
(their *floor*), and the cover penalty plus the price of every shift worked is at least a
constant. Both hold for every roster, so both can be added to the model of everyone as linear
rows without cutting off any roster:

* per person ``p``:  ``unit × own_p(x) − Σ price · x_p ≥ floor_p``;
* once:  ``unit × cover(x) + Σ price · x ≥ unit × constant``,

where ``unit`` is the denominator of the integer prices (:data:`rostering.colgen.DUAL_UNIT`).

Their sum is the Lagrangian bound itself, so CP-SAT's linear relaxation starts at column
generation's bound instead of near 0 (Curtois–Qu 5: 1,141 against 1), and a roster of cost
``U`` holds the people's reduced costs to ``U − bound`` between them. What that buys the LNS is
small: paired at 60 s on Curtois–Qu 5–12, 4 rosters better, 2 worse, 5 equal (measured in
benchmarks/RESULTS.md, twenty-second session); it does not find the last points of 5.

Each person's own penalty is read off the terms that name them (:attr:`Term.person`); if any
soft term other than cover names nobody, the rows are not added.

>>> from rostering.lagrange_cut import LagrangeCut
>>> cut = LagrangeCut({(0, 0, ""): 64}, floors=[-64], members=[[0]], constant=3.0, unit=64)
>>> cut.bound  # scaled units: the floors over the unit plus the constant
2.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ortools.sat.python import cp_model

from rostering.construct import shift_price
from rostering.model import ModelContext
from rostering.rules.base import Term

COVER = "coverage"  # the only rule whose terms may tie people


@dataclass(frozen=True)
class LagrangeCut:
    """Column generation's best bound, as the prices and floors that prove it.

    ``price`` is keyed (day, shift, skill) as :func:`rostering.construct.shift_price` reads it,
    in 1 / ``unit`` scaled units; ``floors[g]`` is the proven least priced value (``unit`` ×
    own penalty − price worked) of group ``g``'s schedules, ``members[g]`` its people;
    ``constant`` is the cover rows' part of the bound, in scaled units.
    """

    price: dict[tuple[int, int, str], int]
    floors: list[float]
    members: list[list[int]]
    constant: float
    unit: int

    @property
    def bound(self) -> float:
        """The Lagrangian bound these prices prove, in scaled units."""
        own = sum(len(m) * f for m, f in zip(self.members, self.floors, strict=True))
        return own / self.unit + self.constant


def add_cut(ctx: ModelContext, terms: list[Term], cut: LagrangeCut) -> bool:
    """Add ``cut``'s rows to ``ctx.model`` (see the module docstring); False, adding nothing,
    when some soft term other than cover is not booked to one person.

    >>> # add_cut(ctx, terms, cg.cut)  -> True on a Curtois–Qu instance
    """
    own: dict[int, list[Term]] = {}
    cover: list[Term] = []
    for t in terms:
        if not t.coef:
            continue
        if t.rule == COVER:
            cover.append(t)
        elif t.person is None:
            return False  # someone's own penalty would be missing from their row
        else:
            own.setdefault(t.person, []).append(t)
    worked: dict[int, tuple[list[cp_model.IntVar], list[int]]] = {}
    for (p, d, s, k), var in ctx.x.items():
        c = shift_price(cut.price, d, s, k)
        if c:
            vs, cs = worked.setdefault(p, ([], []))
            vs.append(var)
            cs.append(c)
    m = ctx.model
    for g, people in enumerate(cut.members):
        # CP-SAT's proven bound may be fractional: the row is on integers, so round down
        floor = math.floor(cut.floors[g])
        for p in people:
            vs, cs = worked.get(p, ([], []))
            mine = own.get(p, [])
            m.add(
                cp_model.LinearExpr.weighted_sum(
                    [t.expr for t in mine] + vs,
                    [cut.unit * t.coef for t in mine] + [-c for c in cs],
                )
                >= floor
            )
    every = [(v, c) for vs, cs in worked.values() for v, c in zip(vs, cs, strict=True)]
    m.add(
        cp_model.LinearExpr.weighted_sum(
            [t.expr for t in cover] + [v for v, _c in every],
            [cut.unit * t.coef for t in cover] + [c for _v, c in every],
        )
        # the constant is a float sum of weights × prices: round down with room for its error
        >= math.floor(cut.unit * cut.constant - 1e-6 * (1 + abs(cut.unit * cut.constant)))
    )
    return True
