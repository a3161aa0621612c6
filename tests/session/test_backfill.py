"""The backfill: what the live stream never got answered is analysed by upload at the end.

Real engine on loopback; the engine drops the connection after every 1 or 2 segments, which
never lets a connection fill the engine's 8-s window.
"""

from __future__ import annotations

import asyncio
from itertools import pairwise

import pytest
from session_helpers import place_segments, run_session

from interhuman_desktop.engine.child import start_engine
from interhuman_desktop.session.journal import recover
from interhuman_desktop.session.live import LiveOptions, LiveState
from interhuman_desktop.session.timeline import SessionTimeline

pytestmark = pytest.mark.slow
COUNT = 5
TOTAL = COUNT * 3.0


def _without_analysis(session) -> list[int]:
    return [s.index for s in session.segments.values() if not s.acked]


def _assert_continuous(timeline: SessionTimeline, total: float) -> None:
    periods = sorted(timeline.quality_periods, key=lambda p: p.start)
    assert periods, "no conversation-quality periods"
    assert periods[0].start == pytest.approx(0.0, abs=0.6)
    assert max(p.end for p in periods) == pytest.approx(total, abs=0.6)
    for a, b in pairwise(periods):
        assert b.start <= a.end + 0.6, f"gap between {a.end} and {b.start}"
        assert b.start >= a.start, "periods out of order"
    assert all(0.0 <= p.start < p.end <= total + 0.2 for p in periods)


@pytest.mark.parametrize("every", [1, 2])
def test_drops_every_few_segments_leave_nothing_unanalysed(tmp_path, segment_template,
                                                           every) -> None:
    infos = place_segments(tmp_path, segment_template, COUNT)
    options = LiveOptions(quiet_period=5.0, backoff_base=0.1, backoff_cap=0.5)
    with start_engine(faults=[f"disconnect-after-segments={every}"]) as engine:
        session = asyncio.run(run_session(engine.base_url, engine.api_key, tmp_path, infos,
                                          options, finish_timeout=120))
    assert session.state == LiveState.ENDED, session.error
    assert session.reconnects >= 1
    assert _without_analysis(session) == []
    backfilled = [s.index for s in session.segments.values() if s.backfilled]
    assert backfilled, "nothing was analysed after the session"
    _assert_continuous(session.timeline, TOTAL)
    marked = session.timeline.after_session
    assert marked and all(0.0 <= a < b <= TOTAL + 0.2 for a, b in marked)
    assert any(p.after_session for p in session.timeline.quality_periods)
    # persisted: the saved timeline keeps the mark, the journal says the segments are analysed
    again = SessionTimeline.from_dict(session.timeline.to_dict())
    assert again.after_session == marked
    assert any(p.after_session for p in again.quality_periods)
    assert recover(tmp_path).unanalysed == []


def test_a_clean_session_makes_no_upload(tmp_path, segment_template) -> None:
    infos = place_segments(tmp_path, segment_template, COUNT)
    with start_engine() as engine:
        session = asyncio.run(run_session(engine.base_url, engine.api_key, tmp_path, infos))
    assert session.state == LiveState.ENDED, session.error
    assert _without_analysis(session) == []
    assert not any(s.backfilled for s in session.segments.values())
    assert session.timeline.after_session == []
    assert not any(p.after_session for p in session.timeline.quality_periods)
    assert not any(r.get("kind") == "backfill" for r in recover(tmp_path).records)
