"""coverage.* on the session timeline (decision #21): ranges mapped through the offset table
into recording time, merged, saved in timeline.json, and rebuilt from the journal."""

from __future__ import annotations

import json

import pytest

from interhuman_desktop.session.apply import apply_event
from interhuman_desktop.session.coverage import CoverageRange, add_range
from interhuman_desktop.session.journal import Journal, recover
from interhuman_desktop.session.offsets import OffsetTable
from interhuman_desktop.session.recovery import rebuild_timeline
from interhuman_desktop.session.timeline import SessionTimeline


def envelope(kind: str, ranges: list[tuple[float, float]], **extra: object) -> dict:
    data = {"ranges": [{"start": a, "end": b} for a, b in ranges], **extra}
    return {"type": f"coverage.{kind}", "timestamp": "2026-01-01T00:00:00Z",
            "correlation_id": "c", "data": data}


def two_connections() -> OffsetTable:
    """Connection 1 carried 0–9 s of the recording; connection 2 (after a drop) 12–21 s."""
    table = OffsetTable()
    first = table.new_connection()
    for i in range(3):
        first.add(i + 1, 3.0 * i, 3.0)
    second = table.new_connection()
    for i in range(3):
        second.add(i + 5, 12.0 + 3.0 * i, 3.0)
    return table


def test_ranges_land_in_recording_time_through_each_connection_clock() -> None:
    table, tl = two_connections(), SessionTimeline()
    first, second = table.connections
    assert apply_event(tl, envelope("dropped", [(4.0, 6.0)]), first.to_recording) == []
    times = apply_event(tl, envelope("degraded", [(1.0, 2.5)], reason="video_gap"),
                        second.to_recording)
    assert times == [2.5]  # analysed (partly): an answer that acknowledges the segment
    assert tl.coverage == [CoverageRange("dropped", 4.0, 6.0),
                           CoverageRange("degraded", 13.0, 14.5, "video_gap")]
    assert tl.media_end == pytest.approx(14.5)


def test_a_shedding_engines_small_ranges_merge_into_one_band() -> None:
    tl = SessionTimeline()
    to_rec = two_connections().connections[0].to_recording
    for a in (3.0, 4.0, 5.0, 8.0):
        apply_event(tl, envelope("dropped", [(a, a + 1.0)]), to_rec)
    apply_event(tl, envelope("degraded", [(4.5, 5.5)], reason="video_gap"), to_rec)
    assert [(r.kind, r.start, r.end) for r in tl.coverage] == [
        ("dropped", 3.0, 6.0), ("degraded", 4.5, 5.5), ("dropped", 8.0, 9.0)]


def test_a_backwards_range_is_put_the_right_way_round() -> None:
    ranges: list[CoverageRange] = []
    add_range(ranges, CoverageRange("dropped", 5.0, 2.0))
    assert ranges == [CoverageRange("dropped", 2.0, 5.0)]


def test_coverage_is_saved_with_the_timeline_and_read_back() -> None:
    tl = SessionTimeline()
    tl.coverage_reported("dropped", 1.0, 4.0)
    tl.coverage_reported("degraded", 6.0, 7.0, "video_gap")
    again = SessionTimeline.from_dict(json.loads(json.dumps(tl.to_dict())))
    assert again.coverage == tl.coverage
    broken = {"coverage": [{"kind": "dropped", "start": "x", "end": 2}, {"start": 1}]}
    assert SessionTimeline.from_dict(broken).coverage == []  # unreadable items skipped
    assert SessionTimeline.from_dict({}).coverage == []  # timelines saved before issue 13


def test_a_recovered_session_rebuilds_its_coverage_from_the_journal(tmp_path) -> None:
    journal = Journal(tmp_path)
    for i in range(3):
        journal.record("placed", connection=1, index=i + 1, recording_start=3.0 * i,
                       duration=3.0)
    journal.record("event", connection=1, payload=envelope("dropped", [(3.0, 9.0)]))
    journal.close()
    tl = rebuild_timeline(recover(tmp_path))
    assert tl.coverage == [CoverageRange("dropped", 3.0, 9.0)]
