"""The monthly cash chart as plain SVG geometry: the same drawing on the page and in the dossier PDF.

Time runs in the reading direction: month 1 on the right in Arabic, on the left in French, like the tables.
"""

from dataclasses import dataclass
from decimal import Decimal

from .plan import ZERO, money
from .results import Results

WIDTH, HEIGHT = 720, 240
AXIS, EDGE, TOP, BOTTOM = 100, 10, 24, 36  # room for amounts on the side where months start, numbers below
TICKS = (1, 12, 24, 36)


@dataclass
class Bar:
    month: int
    x: str
    y: str
    width: str
    height: str
    negative: bool
    amount: str


def n(value: float) -> str:
    """A coordinate as text: templates would localise a float ("12,5" in French), which SVG reads as two numbers."""
    return f"{value:.1f}"


def cash_chart(results: Results, rtl: bool) -> dict[str, object]:
    """Bars of the closing cash of every month, a zero line, and a few labels, in SVG user units."""
    closings = [m.closing for m in results.months]
    top, bottom = max(max(closings), ZERO), min(min(closings), ZERO)
    span = (top - bottom) or 1
    plot_height = HEIGHT - TOP - BOTTOM
    plot_start = EDGE if rtl else AXIS
    plot_end = WIDTH - (AXIS if rtl else EDGE)
    plot_width = plot_end - plot_start
    step = plot_width / len(closings)

    def y_of(value: Decimal) -> float:
        return TOP + float((top - value) / span) * plot_height

    def x_of(index: int) -> float:
        slot = len(closings) - 1 - index if rtl else index
        return plot_start + slot * step

    zero = y_of(ZERO)
    bars = [
        Bar(
            month=index + 1,
            x=n(x_of(index) + step * 0.15),
            y=n(min(y_of(value), zero)),
            width=n(step * 0.7),
            height=n(max(abs(y_of(value) - zero), 0.5)),  # a month at zero still shows a line
            negative=value < 0,
            amount=money(value, 0),
        )
        for index, value in enumerate(closings)
    ]
    ticks = [{"label": t, "x": n(x_of(t - 1) + step / 2)} for t in TICKS if t <= len(closings)]
    axis_x = plot_end + 6 if rtl else plot_start - 6
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "zero": n(zero),
        "zero_label_y": n(zero + 4),
        "plot_start": plot_start,
        "plot_end": plot_end,
        "ticks": ticks,
        "tick_y": HEIGHT - BOTTOM + 26,
        "axis_x": axis_x,
        "axis_anchor": "start" if rtl else "end",
        "top_label": {"y": TOP + 6, "text": money(top, 0)},
        "bottom_label": {"y": HEIGHT - BOTTOM, "text": money(bottom, 0)},
        "zero_label_shown": top != 0 and bottom != 0,
    }
