"""What every chart shares: a fresh Agg figure when no axes is given, PNG bytes, shift colours
and labels that the default font can draw.

Charts never touch :mod:`matplotlib.pyplot`: its global figure registry would leak memory in a
long-lived process (and needs a GUI backend); an explicit Figure with an Agg canvas needs neither.
"""

from __future__ import annotations

import io
from functools import lru_cache

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from rostering.problem import Person, Problem
from rostering.roster import OFF, UNAVAILABLE

# Qualitative colours for shift templates (Okabe–Ito + Tableau, readable for colour-blind eyes).
_SHIFT_COLOURS = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#CC79A7",
    "#0072B2",
    "#D55E00",
    "#F0E442",
    "#8C564B",
    "#9467BD",
    "#17BECF",
    "#BCBD22",
    "#7F7F7F",
)
OFF_COLOUR = "#F2F2F2"
LEAVE_COLOUR = "#A6D8A6"
UNAVAILABLE_COLOUR = "#6E6E6E"
MISSING_COLOUR = "#FFFFFF"
HOLIDAY_COLOUR = "#C00000"
GAP_COLOUR = "#D62728"
MAX_INCHES = 30.0  # a 400-person grid still fits a report page and a PNG of sane size


def new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    """``ax`` itself, or the axes of a new Agg-backed figure of ``size`` inches.

    >>> a = new_axes(None, (4, 3))
    >>> type(a.figure.canvas).__name__
    'FigureCanvasAgg'
    """
    if ax is not None:
        return ax
    fig = Figure(figsize=(min(size[0], MAX_INCHES), min(size[1], MAX_INCHES)), layout="constrained")
    FigureCanvasAgg(fig)
    return fig.add_subplot()


def tick_font(ax: Axes, count: int, axis: str = "y") -> float:
    """A tick-label size (points) at which ``count`` labels along ``axis`` do not overlap.

    >>> tick_font(new_axes(None, (4, 3)), 10)
    7.0
    """
    box = ax.get_position()
    fig = ax.get_figure(root=True)
    assert fig is not None
    w, h = fig.get_size_inches()
    inches = box.height * h if axis == "y" else box.width * w
    return float(max(3.0, min(7.0, 0.8 * 72 * inches / max(1, count))))


def png_bytes(ax: Axes, dpi: int = 100) -> bytes:
    """The whole figure holding ``ax`` as PNG bytes.

    >>> png_bytes(new_axes(None, (1, 1)))[:4]
    b'\\x89PNG'
    """
    buf = io.BytesIO()
    fig = ax.get_figure(root=True)
    assert fig is not None
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def shift_colours(problem: Problem) -> dict[str, str]:
    """A colour per roster code: each shift template, ``OFF``, ``UNAVAILABLE``; leave codes
    (``LEAVE:<kind>``) share :data:`LEAVE_COLOUR`.

    >>> # shift_colours(problem)["E"] -> '#E69F00'
    """
    out = {s.code: _SHIFT_COLOURS[i % len(_SHIFT_COLOURS)] for i, s in enumerate(problem.shifts)}
    out[OFF] = OFF_COLOUR
    out[UNAVAILABLE] = UNAVAILABLE_COLOUR
    return out


def code_colour(colours: dict[str, str], code: str) -> str:
    """The colour of a roster code (leave kinds share one)."""
    if code.startswith("LEAVE:"):
        return LEAVE_COLOUR
    return colours.get(code, MISSING_COLOUR)


@lru_cache(maxsize=1)
def _charmap() -> frozenset[int]:
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    path = font_manager.findfont(font_manager.FontProperties())
    return frozenset(FT2Font(path).get_charmap())


def drawable(text: str) -> bool:
    """True when the default font has a glyph for every character (Chinese names often do not
    on servers without CJK fonts; such labels fall back to staff ids instead of empty boxes).

    >>> drawable("Alice")
    True
    """
    cmap = _charmap()
    return all(ord(ch) in cmap or ch.isspace() for ch in text)


def person_label(person: Person) -> str:
    """``A01 Alice`` when the name can be drawn, else the staff id alone."""
    if person.name and person.name != person.staff_id and drawable(person.name):
        return f"{person.staff_id} {person.name}"
    return person.staff_id
