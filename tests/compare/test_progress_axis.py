"""Progress's date axis: for entries seconds, hours, days or months apart, every tick label
says the date (with the time when the range is short), never bare seconds; and the chart in
the view labels its axis that way (real pyqtgraph axis, offscreen)."""

from __future__ import annotations

import re
import time
from datetime import datetime

import pytest

from interhuman_desktop.session.progress import Point, Progress
from interhuman_desktop.ui.widgets.date_axis import DAY, date_labels, date_step, date_ticks

T0 = datetime(2026, 12, 7, 15, 32, 13).timestamp()  # local time, once TZ is set
MONTH_NAME = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _labels(lo: float, hi: float, pixels: float = 900) -> list[str]:
    step = date_step(hi - lo, pixels)
    ticks = date_ticks(lo, hi, step)
    assert 2 <= len(ticks) <= 12, (step, ticks)
    assert all(lo <= t <= hi for t in ticks) and ticks == sorted(ticks)
    return date_labels(ticks, step)


def _t(text: str) -> float:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").timestamp()


def test_seconds_apart_show_the_date_and_the_time_to_the_second() -> None:
    labels = _labels(_t("2026-12-07 15:32:12"), _t("2026-12-07 15:32:20"))
    assert labels[0] == "7 Dec 15:32:12" and all(
        re.fullmatch(r"7 Dec 15:32:\d\d", text) for text in labels), labels


def test_minutes_and_hours_apart_show_the_day_and_hh_mm() -> None:
    assert _labels(_t("2026-12-07 15:20:00"), _t("2026-12-07 15:50:00"))[:2] == [
        "7 Dec 15:20", "7 Dec 15:25"]
    hours = _labels(_t("2026-12-07 09:10:00"), _t("2026-12-07 18:40:00"))
    assert hours[0] == "7 Dec 10:00" and all(re.fullmatch(r"7 Dec \d\d:00", h) for h in hours)
    across = _labels(_t("2026-12-07 20:00:00"), _t("2026-12-08 09:00:00"))
    assert "8 Dec 00:00" in across and any(h.startswith("7 Dec") for h in across), across


def test_days_apart_show_dates_on_midnights_and_years_when_they_differ() -> None:
    days = _labels(_t("2026-12-01 12:00:00"), _t("2026-12-09 12:00:00"))
    assert days[0] == "2 Dec" and all(re.fullmatch(r"\d+ Dec", d) for d in days), days
    ticks = date_ticks(_t("2026-12-01 12:00:00"), _t("2026-12-09 12:00:00"), DAY)
    assert all(datetime.fromtimestamp(t).hour == 0 for t in ticks)
    new_year = _labels(_t("2026-12-27 00:00:00"), _t("2027-01-04 00:00:00"))
    assert "1 Jan 2027" in new_year and "28 Dec 2026" in new_year, new_year


def test_months_and_years_apart_show_month_names_or_years() -> None:
    months = _labels(_t("2026-02-10 00:00:00"), _t("2026-12-07 00:00:00"))
    assert all(re.fullmatch(MONTH_NAME + r" 2026", m) for m in months), months
    ticks = date_ticks(_t("2026-02-10 00:00:00"), _t("2026-12-07 00:00:00"),
                       date_step(_t("2026-12-07 00:00:00") - _t("2026-02-10 00:00:00"), 900))
    assert all(datetime.fromtimestamp(t).day == 1 for t in ticks)
    years = _labels(_t("2019-06-01 00:00:00"), _t("2026-12-07 00:00:00"))
    assert all(re.fullmatch(r"20\d\d", y) for y in years) and "2020" in years, years


@pytest.mark.parametrize("gap", [6.0, 240.0, 3 * DAY, 90 * DAY])
def test_the_progress_chart_labels_its_axis_with_dates(qtbot, gap) -> None:
    from interhuman_desktop.ui.views.progress import ProgressView

    view = ProgressView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    view.show_progress(Progress([Point(1, "one", T0, {"CQI": 60.0}, {}),
                                 Point(2, "two", T0 + gap, {"CQI": 65.0}, {})]))
    item = view.quality_plot.item
    axis = item.getAxis("bottom")
    lo, hi = item.viewRange()[0]
    levels = axis.tickValues(lo, hi, axis.geometry().width())
    labels = [s for step, ticks in levels for s in axis.tickStrings(ticks, 1.0, step)]
    assert labels, gap
    for text in labels:
        assert re.search(MONTH_NAME + r"|20\d\d", text), (gap, labels)  # the date, always
        assert not re.fullmatch(r"[\d.]+", text), (gap, labels)  # never bare seconds
    if gap < DAY:
        assert all(text.startswith("7 Dec ") for text in labels), labels
