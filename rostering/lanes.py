"""Person placements on more than one core: worker processes, each owning a share of the people.

Placing one person by dynamic program (:mod:`rostering.person_dp`) is numpy on small arrays,
held by the interpreter's lock from start to end, so a second *thread* gains nothing; a second
*process* does. Each lane is one worker process that builds and keeps the placers
(:class:`rostering.construct._Placer`) of the people pinned to it — person ``p`` always goes to
lane ``p % count``, because a person's DP keeps its multipliers from one placement to the next.
The caller keeps the roster and decides what to keep of each answer; the lanes only place.

With one lane nothing is started: placements run in the caller's process, one at a time, in
the order submitted (the plain sequential search).

>>> lanes = Lanes(problem, fast=True, count=2)  # doctest: +SKIP
>>> lanes.submit(0, price, 1.0, 0, None)  # doctest: +SKIP
>>> p, got = lanes.collect()  # (person, (schedule, own penalty) or None)  # doctest: +SKIP
>>> lanes.close()  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import threading
from collections import deque
from multiprocessing.connection import Connection, wait
from typing import Any

from rostering.construct import _Placer
from rostering.price_grid import Price
from rostering.problem import Problem

Got = tuple[dict[tuple[int, int], str], int] | None


def _serve(conn: Connection, problem: Problem, fast: bool) -> None:
    """One lane's loop: place the person asked for and send back (person, answer); an error
    travels back as itself, for the caller to raise."""
    placers: dict[int, _Placer] = {}
    while True:
        try:
            job = conn.recv()
        except EOFError:  # the caller has gone
            return
        if job is None:
            return
        p, price, limit, seed, hint = job
        try:
            if p not in placers:
                placers[p] = _Placer(problem, p, fast)
            conn.send((p, placers[p].solve(price, limit, seed, hint)))
        except Exception as exc:  # re-raised in the caller, not swallowed
            conn.send((p, exc))


def _context() -> Any:
    """The platform's default way to start processes, except that a process already running
    threads is not forked (a lock held by another thread would stay held in the child)."""
    if threading.active_count() > 1 and "forkserver" in mp.get_all_start_methods():
        return mp.get_context("forkserver")
    return mp.get_context()


class Lanes:
    """``count`` placement lanes (see the module docstring); at most one job per lane at a time."""

    def __init__(self, problem: Problem, fast: bool, count: int) -> None:
        self.problem, self.fast, self.count = problem, fast, max(1, count)
        self.placers: dict[int, _Placer] = {}  # one lane: the caller's own placers
        self.done: list[tuple[int, Got]] = []  # one lane: answers not collected yet
        self.busy_with: dict[int, int] = {}  # lane -> person placed there now
        self.conns: list[Connection] = []
        self.procs: list[Any] = []
        if self.count > 1:
            ctx = _context()
            for _ in range(self.count):
                here, there = ctx.Pipe()
                proc = ctx.Process(target=_serve, args=(there, problem, fast), daemon=True)
                proc.start()
                there.close()
                self.conns.append(here)
                self.procs.append(proc)

    def lane(self, p: int) -> int:
        """The lane person ``p`` is pinned to."""
        return p % self.count

    def busy(self, lane: int) -> bool:
        return lane in self.busy_with

    @property
    def pending(self) -> int:
        """Jobs submitted and not collected yet."""
        return len(self.busy_with)

    def submit(
        self, p: int, price: Price, limit: float, seed: int, hint: dict[tuple[int, int], str] | None
    ) -> None:
        """Place ``p`` against ``price`` (their lane must be free); collect the answer later."""
        lane = self.lane(p)
        assert lane not in self.busy_with, "one job per lane"
        self.busy_with[lane] = p
        if self.count == 1:
            if p not in self.placers:
                self.placers[p] = _Placer(self.problem, p, self.fast)
            self.done.append((p, self.placers[p].solve(price, limit, seed, hint)))
            return
        # a defaultdict is sent as a plain dict; a grid pickles as its arrays
        sent = dict(price) if isinstance(price, dict) else price
        self.conns[lane].send((p, sent, limit, seed, hint))

    def collect(self) -> tuple[int, Got]:
        """The next answer: (person, their schedule and own penalty, or None when none was
        found); blocks until one lane has answered."""
        if self.count == 1:
            p, got = self.done.pop(0)
            del self.busy_with[self.lane(p)]
            return p, got
        ready = wait([self.conns[lane] for lane in sorted(self.busy_with)])
        conn = ready[0]
        assert isinstance(conn, Connection)
        try:
            p, got = conn.recv()
        except EOFError:
            raise RuntimeError("a placement process ended unexpectedly") from None
        del self.busy_with[self.conns.index(conn)]
        if isinstance(got, Exception):
            raise got
        return p, got

    def place_all(self, people: list[int], price: Price, limit: float, seed: int) -> dict[int, Got]:
        """Place each of ``people`` against the same ``price``, every lane kept busy; the
        answers by person (as :meth:`collect`'s).

        >>> # lanes.place_all([0, 1, 2], price, 0.5, 0) -> {0: (schedule, own), 1: ..., 2: None}
        """
        queues = [deque(p for p in people if self.lane(p) == k) for k in range(self.count)]
        got: dict[int, Got] = {}
        while True:
            for k, queue in enumerate(queues):
                if queue and not self.busy(k):
                    self.submit(queue.popleft(), price, limit, seed, None)
            if not self.pending:
                return got
            p, answer = self.collect()
            got[p] = answer

    def close(self) -> None:
        """Stop the processes; a placement still running is abandoned."""
        for conn in self.conns:
            with contextlib.suppress(OSError):  # the process is gone already
                conn.send(None)
        for proc in self.procs:
            proc.join(timeout=0.2)
            if proc.is_alive():  # busy with an abandoned placement: its answer is not wanted
                proc.terminate()
                proc.join()
        for conn in self.conns:
            conn.close()
        self.conns, self.procs, self.busy_with = [], [], {}
