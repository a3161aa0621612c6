"""Compare two takes of different lengths (the 20-s sample and a 45-s take, both analysed by
the local engine into a real library): both stacked lanes share one time axis that reaches the
longer take's end plus the nudge, whichever take is A and whichever way B is nudged."""

from __future__ import annotations

import asyncio
import shutil

import pytest

from interhuman_desktop.session.compare import compare, take_of

pytestmark = pytest.mark.slow
LONG_S = 45.0


@pytest.fixture(scope="module")
def short_and_long(engine, tmp_path_factory: pytest.TempPathFactory):
    from compare_takes import SAMPLE, analyse_into, longer_take

    work = tmp_path_factory.mktemp("lengths")
    short = work / "Short take.mp4"
    shutil.copy2(SAMPLE, short)
    long = longer_take(work / "Long take.mp4", LONG_S)
    entries = [asyncio.run(analyse_into(engine.base_url, engine.api_key, clip, work / "library"))
               for clip in (short, long)]
    return tuple(take_of(e) for e in entries)


@pytest.fixture
def view(qtbot):
    from interhuman_desktop.ui.views.compare import CompareView

    widget = CompareView()
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    yield widget
    widget.unload()


def _shown_end(view) -> float:
    assert view.a.lanes.x_range() == pytest.approx(view.b.lanes.x_range())  # one time axis
    return view.a.lanes.x_range()[1]


@pytest.mark.parametrize("long_is_a", [True, False], ids=["long-A", "long-B"])
def test_both_lanes_reach_the_longer_take_end(view, short_and_long, long_is_a) -> None:
    short, long = short_and_long
    assert short.duration < 25.0 < LONG_S - 1 < long.duration  # really different lengths
    a, b = (long, short) if long_is_a else (short, long)
    view.load(compare(a, b), None, None)
    assert _shown_end(view) >= long.duration
    assert view.time_label.text().endswith("00:45.0")


@pytest.mark.parametrize("long_is_a", [True, False], ids=["long-A", "long-B"])
def test_the_nudge_widens_the_axis_and_still_moves_b(view, short_and_long, long_is_a) -> None:
    short, long = short_and_long
    a, b = (long, short) if long_is_a else (short, long)
    view.load(compare(a, b), None, None)
    first_b = min(s.start for s in b.timeline.signals)
    for _ in range(60):  # 30 s later: B now ends after A whichever is longer
        view.nudge(0.5)
    assert view.offset == pytest.approx(30.0)
    assert min(s.start for s in view.b.lanes._timeline.signals) == pytest.approx(first_b + 30.0)
    assert _shown_end(view) >= b.duration + 30.0 >= a.duration
    view.offset_box.setValue(-5.0)  # earlier again: the axis still covers the longer take
    assert _shown_end(view) >= max(a.duration, b.duration - 5.0)
    assert _shown_end(view) < b.duration + 30.0  # and shrinks back to what is there
