"""Progress's bottom axis: local dates and times, never bare seconds.

Every label says the day ("7 Dec 15:32", "7 Dec 15:32:13" for entries seconds apart), so two
entries minutes apart still show when they were; day steps say "7 Dec" (with the year when the
ticks span years), month steps "Dec 2026", year steps "2026". Ticks fall on local whole
seconds, minutes, hours, midnights, first days of months and new years.
"""

from __future__ import annotations

import logging
import math
from datetime import datetime

import pyqtgraph as pg

log = logging.getLogger(__name__)

MINUTE, HOUR, DAY = 60.0, 3600.0, 86400.0
MONTH, YEAR = 30.44 * DAY, 365.25 * DAY  # nominal lengths: ticks use the calendar
TICK_STEPS = (1.0, 2.0, 5.0, 10.0, 15.0, 30.0, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE,
              15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY,
              2 * DAY, 7 * DAY, 14 * DAY, MONTH, 3 * MONTH, 6 * MONTH, YEAR)
MIN_TICK_PX = 110  # room for "7 Dec 15:32:13"
MAX_TICKS = 60


def date_step(span: float, pixels: float) -> float:
    """The smallest step in ``TICK_STEPS`` that leaves ``MIN_TICK_PX`` between labels."""
    wanted = max(span, 0.0) * MIN_TICK_PX / max(pixels, 1.0)
    for step in TICK_STEPS:
        if step >= wanted:
            return step
    years = math.ceil(wanted / YEAR)
    return YEAR * years


def _local(t: float) -> datetime:
    return datetime.fromtimestamp(t)


def _months_from(start: datetime, every: int, hi: float) -> list[float]:
    year, month = start.year, start.month - (start.month - 1) % every
    out: list[float] = []
    while len(out) < MAX_TICKS:
        t = datetime(year, month, 1).timestamp()
        if t > hi:
            break
        out.append(t)
        month += every
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return out


def date_ticks(lo: float, hi: float, step: float) -> list[float]:
    """Tick times in [lo, hi] on local boundaries of ``step``."""
    if hi < lo:
        lo, hi = hi, lo
    if step >= MONTH * 0.99:
        every = max(1, round(step / MONTH)) if step < YEAR * 0.99 else 12 * round(step / YEAR)
        return [t for t in _months_from(_local(lo), every, hi) if t >= lo]
    first = _local(lo).replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
    if step >= DAY:  # local midnights (a day is not always 86400 s: daylight saving)
        day = _local(lo).replace(hour=0, minute=0, second=0, microsecond=0)
        out: list[float] = []
        while len(out) < MAX_TICKS and day.timestamp() <= hi:
            if day.timestamp() >= lo and day.toordinal() % round(step / DAY) == 0:
                out.append(day.timestamp())
            day = datetime.fromordinal(day.toordinal() + 1)
        return out
    k = math.ceil((lo - first) / step)
    out = []
    while len(out) < MAX_TICKS and first + k * step <= hi:
        out.append(first + k * step)
        k += 1
    return out


def date_labels(values: list[float], step: float) -> list[str]:
    """The label of each tick: always with the date, with the time when the step is short."""
    if not values:
        return []
    times = [_local(v) for v in values]
    if step >= YEAR * 0.99:
        return [f"{t.year}" for t in times]
    if step >= MONTH * 0.99:
        return [f"{t:%b} {t.year}" for t in times]
    if step >= DAY:
        many_years = len({t.year for t in times}) > 1
        return [f"{t.day} {t:%b}" + (f" {t.year}" if many_years else "") for t in times]
    clock = "%H:%M:%S" if step < MINUTE else "%H:%M"
    return [f"{t.day} {t:%b} {t:{clock}}" for t in times]


class DateAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph is untyped
    """A bottom axis over Unix times, labelled with :func:`date_labels`."""

    def __init__(self, orientation: str = "bottom", **kwargs: object) -> None:
        super().__init__(orientation, **kwargs)
        self._step = DAY

    def tickSpacing(self, minVal: float, maxVal: float,  # pyqtgraph's camelCase API
                    size: float) -> list[tuple[float, float]]:
        self._step = date_step(maxVal - minVal, size)
        return [(self._step, 0)]

    def tickValues(self, minVal: float, maxVal: float,
                   size: float) -> list[tuple[float, list[float]]]:
        step = date_step(maxVal - minVal, size)
        self._step = step
        return [(step, date_ticks(minVal, maxVal, step))]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return date_labels(list(values), self._step)
