"""On/off requests: soft, weighted by the row's weight × ``[weights].request``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rostering.problem import Availability, Problem
from rostering.roster import Roster
from rostering.rules.base import Rule, Term, Violation, coef, penalty

if TYPE_CHECKING:
    from rostering.model import ModelContext


def _request_met(a: Availability, code: str | None) -> bool:
    """``code`` is the shift worked that day, or None when not working."""
    if a.kind == "on_request":
        return code is not None and (a.shift is None or code == a.shift)
    return code is None or (a.shift is not None and code != a.shift)


class Requests(Rule):
    """Wishes to work (a given shift) or not to work on a date."""

    def __init__(self) -> None:
        super().__init__(key="requests", title="on/off requests")

    def applies(self, problem: Problem) -> bool:
        return any(a.kind in ("on_request", "off_request") for a in problem.availability)

    def encode(self, ctx: ModelContext) -> list[Term]:
        pidx = {p.staff_id: i for i, p in enumerate(ctx.problem.staff)}
        terms = []
        for a in ctx.problem.availability:
            if a.kind not in ("on_request", "off_request"):
                continue
            w = coef(ctx.problem.weights.request * a.weight)
            p = pidx[a.staff_id]
            for day in a.dates:
                d = ctx.day_index[day]
                hit = (
                    ctx.work[p, d]
                    if a.shift is None
                    else ctx.on_shift(p, d, ctx.shift_index[a.shift])
                )
                # unmet on-request: 1 - hit; unmet off-request: hit
                terms.append(
                    Term(
                        self.key,
                        (1 - hit) if a.kind == "on_request" else hit,
                        w,
                        f"{a.kind} {a.staff_id} {day}",
                        person=p,
                    )
                )
        return terms

    def check(self, problem: Problem, roster: Roster) -> list[Violation]:
        out = []
        for a in problem.availability:
            if a.kind not in ("on_request", "off_request"):
                continue
            for day in a.dates:
                s = roster.shift(a.staff_id, day)
                if _request_met(a, s.code if s else None):
                    continue
                who = problem.person_by_id[a.staff_id].name
                what = ("to work" if a.kind == "on_request" else "not to work") + (
                    f" {a.shift}" if a.shift else ""
                )
                out.append(
                    Violation(
                        self.key,
                        False,
                        f"{who} asked {what} on {day} (row {a.row})",
                        a.staff_id,
                        (day,),
                        1,
                        penalty(problem.weights.request * a.weight, 1),
                    )
                )
        return out
