"""One shift a day, known codes, and a skill the person can actually cover."""

from __future__ import annotations

from rostering.problem import Problem
from rostering.roster import OFF, UNAVAILABLE, Roster
from rostering.rules.base import Rule, Violation


class Assignment(Rule):
    """Every person has exactly one entry per day; the model builds this in by construction."""

    def __init__(self) -> None:
        super().__init__(key="assignment", title="one entry (shift, OFF or leave) a day")

    def check(self, problem: Problem, roster: Roster) -> list[Violation]:
        out = []
        for person in problem.staff:
            coverable = problem.coverable_skills(person)
            for d in problem.days:
                c = roster.cell(person.staff_id, d)
                if c is None:
                    out.append(
                        Violation(
                            self.key,
                            True,
                            f"{person.name} has no entry on {d}",
                            person.staff_id,
                            (d,),
                        )
                    )
                    continue
                known = (
                    c.code in problem.shift_by_code
                    or c.code in (OFF, UNAVAILABLE)
                    or c.leave_kind in problem.leave_credit
                )
                if not known:
                    out.append(
                        Violation(
                            self.key,
                            True,
                            f"{person.name} on {d}: unknown code {c.code!r}",
                            person.staff_id,
                            (d,),
                        )
                    )
                if c.skill and c.code in problem.shift_by_code and c.skill not in coverable:
                    out.append(
                        Violation(
                            self.key,
                            True,
                            f"{person.name} on {d} covers {c.skill!r} without that skill",
                            person.staff_id,
                            (d,),
                        )
                    )
        return out
