"""Hits per year as a small server-rendered SVG bar chart ("when did provinces talk about this").

The counts are the year facet's: every other filter and the date range apply,
the year selection does not, so the chart keeps showing the other years as
links after one is picked. Missing years between the first and the last are
drawn as empty slots so the time axis stays honest. Geometry is computed
here, not in CSS, because the page's CSP forbids inline styles; SVG
presentation attributes are not styles.
"""
from __future__ import annotations

from dataclasses import dataclass

from webapp.state import SearchState

WIDTH, HEIGHT = 600, 140
AXIS = 24  # room for the year labels under the bars (19 units on phones)
TOP = 14  # room for the count above the tallest bar
MAX_YEARS = 60
MIN_WIDTH, SLOT_PX = 200, 44


@dataclass
class Bar:
    year: str
    count: int
    x: float
    y: float
    width: float
    height: float
    url: str
    selected: bool
    show_label: bool
    minor: bool = False  # a label that small screens leave out (every other year of a long span)


@dataclass
class Timeline:
    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - AXIS
    max_count: int = 0


def build(year_counts: list[dict], state: SearchState) -> Timeline | None:
    """None when no hit has a year (nothing to draw)."""
    counts = {}
    for c in year_counts:
        try:
            year = int(str(c["value"])[:4])
        except ValueError:
            continue
        counts[year] = counts.get(year, 0) + int(c["count"])
    years = [y for y, n in counts.items() if n > 0] or []
    if not years:
        return None
    first, last = min(years), max(years)
    first = max(first, last - MAX_YEARS + 1)
    span = list(range(first, last + 1))
    top = max(counts.get(y, 0) for y in span)
    width_px = min(WIDTH, max(MIN_WIDTH, SLOT_PX * len(span)))  # few years: a small chart, not fat bars
    slot = width_px / len(span)
    width = max(2.0, min(slot * 0.7, 48.0))
    plot = HEIGHT - AXIS - TOP
    label_every = max(1, round(len(span) / 12))
    bars = []
    for i, year in enumerate(span):
        n = counts.get(year, 0)
        h = plot * n / top if top else 0
        if n and h < 2:
            h = 2.0
        bars.append(Bar(year=str(year), count=n, x=round(i * slot + (slot - width) / 2, 2),
                        y=round(HEIGHT - AXIS - h, 2), width=round(width, 2), height=round(h, 2),
                        url=state.only("year", str(year)).url(), selected=state.is_selected("year", str(year)),
                        show_label=(i % label_every == 0 or year == last),
                        minor=len(span) > 8 and (last - year) % 2 == 1))
    return Timeline(bars=bars, max_count=top, width=round(width_px))
