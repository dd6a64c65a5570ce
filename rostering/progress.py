"""Showing a solve while it runs: a live status line, plain lines, or JSON lines.

:func:`rostering.solve` calls ``on_progress`` with a :class:`~rostering.solve.Progress` for every
improving roster; :class:`ProgressDisplay` is such a callback for terminals, logs and notebooks.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from types import TracebackType
from typing import Literal, TextIO

from rostering.solve import Progress, Result

Mode = Literal["auto", "live", "lines", "json", "quiet"]


class ProgressDisplay:
    """A progress callback for :func:`rostering.solve`.

    Modes: ``live`` rewrites one line (elapsed, best objective, bound, gap) and keeps the clock
    ticking between solutions; ``lines`` prints one line per improving roster; ``json`` prints one
    JSON object per improving roster and a final ``done`` record; ``quiet`` prints nothing.
    ``auto`` is ``live`` on a terminal and ``lines`` otherwise (logs, pipes, CI).

    >>> import io
    >>> from rostering.solve import Progress
    >>> buf = io.StringIO()
    >>> show = ProgressDisplay(buf, mode="json")
    >>> show(Progress(elapsed=1.0, objective=120.0, bound=100.0))
    >>> buf.getvalue()
    '{"event": "solution", "elapsed": 1.0, "objective": 120.0, "bound": 100.0, "gap": 0.1667}\\n'
    """

    def __init__(self, stream: TextIO | None = None, *, mode: Mode = "auto", tick: float = 0.5):
        self.stream = stream if stream is not None else sys.stderr
        if mode == "auto":
            isatty = getattr(self.stream, "isatty", None)
            mode = "live" if isatty is not None and isatty() else "lines"
        self.mode: Mode = mode
        self.tick = tick
        self.last: Progress | None = None
        self._t0 = time.perf_counter()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._width = 0

    # -- callback -------------------------------------------------------------------------------
    def __call__(self, p: Progress) -> None:
        with self._lock:
            self.last = p
            if self.mode == "json":
                self._emit(json.dumps(_record("solution", p)) + "\n")
            elif self.mode == "lines":
                self._emit(_text(p.elapsed, p) + "\n")
            elif self.mode == "live":
                self._redraw(p.elapsed)

    # -- live line ------------------------------------------------------------------------------
    def __enter__(self) -> ProgressDisplay:
        self._t0 = time.perf_counter()
        if self.mode == "live":
            # the solver only calls back on new rosters; a ticker keeps the clock moving between
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self.mode == "live" and self._width:
            with self._lock:
                self._emit("\n")

    def _run(self) -> None:
        while not self._stop.wait(self.tick):
            with self._lock:
                self._redraw(time.perf_counter() - self._t0)

    def _redraw(self, elapsed: float) -> None:
        line = _text(elapsed, self.last)
        pad = max(0, self._width - len(line))
        self._width = len(line)
        self._emit("\r" + line + " " * pad)

    def _emit(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

    # -- end of solve ---------------------------------------------------------------------------
    def done(self, result: Result) -> None:
        """Report the outcome: a final ``done`` JSON record in ``json`` mode, nothing otherwise
        (the command prints its own summary)."""
        if self.mode != "json":
            return
        rec: dict[str, object] = {
            "event": "done",
            "status": result.status,
            "runtime": round(result.runtime, 3),
            "objective": result.objective,
            "bound": result.bound,
            "gap": None if result.gap is None else round(result.gap, 4),
            "solutions": len(result.progress),
        }
        with self._lock:
            self._emit(json.dumps(rec) + "\n")


def _record(event: str, p: Progress) -> dict[str, object]:
    return {
        "event": event,
        "elapsed": round(p.elapsed, 3),
        "objective": p.objective,
        "bound": p.bound,
        "gap": round(p.gap, 4),
    }


def _text(elapsed: float, p: Progress | None) -> str:
    if p is None:
        return f"  {elapsed:6.1f}s  searching for a first roster ..."
    return f"  {elapsed:6.1f}s  objective {p.objective:,.2f}  bound {p.bound:,.2f}  gap {p.gap:.2%}"
