"""Leave, unavailability and pinned (fixed) shifts: hard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rostering.problem import Problem
from rostering.roster import Roster, absence_cell
from rostering.rules.base import Rule, Term, Violation

if TYPE_CHECKING:
    from rostering.model import ModelContext


class Availability(Rule):
    """Nobody works on leave or unavailable days; fixed rows pin a shift."""

    def __init__(self) -> None:
        super().__init__(key="availability", title="leave, unavailability and fixed shifts")

    def applies(self, problem: Problem) -> bool:
        return any(a.kind in ("leave", "unavailable", "fixed") for a in problem.availability)

    def encode(self, ctx: ModelContext) -> list[Term]:
        pidx = {p.staff_id: i for i, p in enumerate(ctx.problem.staff)}
        for p, d in ctx.absences:
            ctx.model.add(ctx.work[p, d] == 0)
        for a in ctx.problem.availability:
            if a.kind == "fixed":
                assert a.shift is not None
                for day in a.dates:
                    ctx.model.add(
                        ctx.on_shift(pidx[a.staff_id], ctx.day_index[day], ctx.shift_index[a.shift])
                        == 1
                    )
        return []

    def check(self, problem: Problem, roster: Roster) -> list[Violation]:
        out = []
        approved: dict[tuple[str, object], str] = {}
        for a in problem.availability:
            for day in a.dates:
                who = problem.person_by_id[a.staff_id].name
                c = roster.cell(a.staff_id, day)
                if c is None:
                    continue
                if a.kind in ("leave", "unavailable"):
                    expected = absence_cell(a).code
                    approved[a.staff_id, day] = expected
                    if c.code in problem.shift_by_code:
                        out.append(
                            Violation(
                                self.key,
                                True,
                                f"{who} is rostered {c.code} on {day} while on "
                                f"{a.leave_kind or 'unavailable'} leave",
                                a.staff_id,
                                (day,),
                            )
                        )
                elif a.kind == "fixed" and c.code != a.shift:
                    out.append(
                        Violation(
                            self.key,
                            True,
                            f"{who} must work {a.shift} on {day} (fixed), roster has {c.code}",
                            a.staff_id,
                            (day,),
                        )
                    )
        for (sid, day), c in roster.cells.items():
            if c.is_leave and approved.get((sid, day)) != c.code:
                out.append(
                    Violation(
                        self.key,
                        True,
                        f"{problem.person_by_id[sid].name} has {c.code} on {day} "
                        "without a matching row in availability.csv",
                        sid,
                        (day,),
                    )
                )
        return out
