"""Which moments the report shows (no media, no engine: pure choice over a timeline)."""

from __future__ import annotations

from interhuman_desktop.export.common import slug, timecode
from interhuman_desktop.export.moments import top_moments
from interhuman_desktop.session.timeline import SessionTimeline, SignalInterval


def _timeline() -> SessionTimeline:
    return SessionTimeline(signals=[
        SignalInterval("agreement", 0.0, 1.0, "high"),
        SignalInterval("agreement", 2.0, 9.0, "high"),
        SignalInterval("hesitation", 3.0, 4.0, "low"),
        SignalInterval("agreement", 5.0, 6.0, "medium"),
        SignalInterval("interest", 7.0, None, "medium")], media_end=12.0)


def test_each_kind_first_then_by_strength_in_time_order() -> None:
    two = top_moments(_timeline(), 2)
    assert [(s.signal_type, s.start) for s in two] == [("agreement", 2.0), ("interest", 7.0)]
    four = top_moments(_timeline(), 4)
    assert [(s.signal_type, s.start) for s in four] == [
        ("agreement", 0.0), ("agreement", 2.0), ("hesitation", 3.0), ("interest", 7.0)]
    assert top_moments(SessionTimeline(), 5) == []


def test_a_split_file_names_the_part_each_signal_came_from(tmp_path) -> None:
    from interhuman_desktop.export.entry_data import EntryData, source_of
    from interhuman_desktop.storage.library import Entry

    entry = Entry(1, tmp_path, "file", "long", "", "2026-01-01T00:00:00+00:00", 900.0, None,
                  None, "", "local")
    data = EntryData(entry, _timeline(), {}, results=[{}, {}], part_offsets=[0.0, 450.0])
    assert [source_of(data, t) for t in (0.0, 449.9, 450.0, 899.0)] == [
        "upload part 1", "upload part 1", "upload part 2", "upload part 2"]
    assert source_of(data, 5.0, after_session=True) == "upload after the session"
    data.part_offsets = None  # saved before offsets were kept
    assert source_of(data, 500.0) == "upload (parts)"


def test_timecodes_and_names() -> None:
    assert timecode(3725.5) == "01:02:05.500" and timecode(-1) == "00:00:00.000"
    assert slug("Pitch / take: 1") == "Pitch-take-1" and slug("///") == "entry"
