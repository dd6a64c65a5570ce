"""Placements in worker processes (rostering.lanes) and the person-by-person search on them."""

from __future__ import annotations

import random

import pytest
from test_curtois import SHARED, TINY, _rows, independent_score, needs_data

from rostering.bench import solution_frame
from rostering.check import check, hard_violations, penalties
from rostering.io.curtois import load_curtois, parse_curtois, to_problem
from rostering.lanes import Lanes
from rostering.rules.base import SCALE
from rostering.sequential import sequential_roster


def test_a_lane_answers_as_the_caller_would() -> None:
    """The same person and prices give the same schedule in a worker process as in the
    caller's own, answers come back tagged with their person, and a lane's error is raised
    in the caller."""
    p = to_problem(parse_curtois(TINY))
    rng = random.Random(7)
    n, s = len(p.days), len(p.shifts)
    price = {(d, k, ""): rng.randint(-5000, 500) for d in range(n) for k in range(s)}
    inline, lanes = Lanes(p, True, 1), Lanes(p, True, 2)
    try:
        mine, theirs = {}, {}
        for q in range(len(p.staff)):
            inline.submit(q, price, 1.0, 0, None)
            mine[q] = inline.collect()[1]
        for q in range(len(p.staff)):
            if lanes.busy(lanes.lane(q)):
                got_p, got = lanes.collect()
                theirs[got_p] = got
            lanes.submit(q, price, 1.0, 0, None)
        while lanes.pending:
            got_p, got = lanes.collect()
            theirs[got_p] = got
        assert theirs == mine and all(v is not None for v in mine.values())
        lanes.submit(len(p.staff) + 1, price, 1.0, 0, None)  # nobody: the lane fails
        with pytest.raises(IndexError):
            lanes.collect()
    finally:
        lanes.close()
    assert lanes.procs == [] and lanes.pending == 0


@needs_data
def test_two_lanes_roster_is_clean_and_scored_alike() -> None:
    """With two lanes the search keeps its books: the best total it reports is the product's
    ``check`` objective of the roster it returns, which is hard-clean and agrees with the
    independent scorer."""
    path = SHARED / "instances/Instance5.txt"
    p = load_curtois(path)
    heard: list[int] = []
    r = sequential_roster(p, time_limit=4, fast=True, workers=2, on_improve=heard.append)
    assert r is not None and heard
    v = check(p, r)
    assert not hard_violations(v)
    assert round(SCALE * sum(penalties(v).values())) == heard[-1]
    theirs, bad = independent_score(path.read_text(), _rows(solution_frame(p, r)))
    assert bad == [] and theirs == sum(penalties(v).values())


def test_place_all_answers_each_person_as_one_placement_would() -> None:
    """``place_all`` keeps both lanes busy and returns, by person, what placing each alone
    against the same price gives."""
    p = to_problem(parse_curtois(TINY))
    rng = random.Random(3)
    price = {
        (d, k, ""): rng.randint(-5000, 500)
        for d in range(len(p.days))
        for k in range(len(p.shifts))
    }
    people = list(range(len(p.staff)))
    inline, lanes = Lanes(p, True, 1), Lanes(p, True, 2)
    try:
        alone = {}
        for q in people:
            inline.submit(q, price, 1.0, 0, None)
            alone[q] = inline.collect()[1]
        together = lanes.place_all(people, price, 1.0, 0)
    finally:
        lanes.close()
    assert together == alone and all(v is not None for v in alone.values())
    assert lanes.pending == 0
