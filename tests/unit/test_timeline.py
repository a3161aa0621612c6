from interhumanai import AnalysisResult

from interhuman_desktop.session.from_result import add_result, timeline_from_result
from interhuman_desktop.session.timeline import QualityPeriod, SessionTimeline, band_name

ALL_50 = {"quality_index": 50, "clarity": 50, "authority": 50, "energy": 50, "rapport": 50,
          "learning": 50}


def test_detected_updated_ended_builds_one_interval_with_history() -> None:
    tl = SessionTimeline()
    tl.signal_detected("agreement", 3.0, "low", "2 nods")
    tl.signal_updated("agreement", 6.0, "high", "5 nods")
    tl.signal_ended("agreement", 14.0)
    [s] = tl.signals
    assert (s.start, s.end, s.probability, s.rationale) == (3.0, 14.0, "high", "5 nods")
    assert [h[1] for h in s.history] == ["low", "high"]
    assert tl.media_end == 14.0


def test_redetection_while_open_closes_the_previous_interval() -> None:
    tl = SessionTimeline()
    tl.signal_detected("stress", 1.0)
    tl.signal_detected("stress", 5.0)
    assert [(s.start, s.end) for s in tl.signals] == [(1.0, 5.0), (5.0, None)]
    tl.close_open_signals(9.0)
    assert tl.signals[-1].end == 9.0


def test_update_without_open_signal_opens_one_and_unknown_types_are_kept() -> None:
    tl = SessionTimeline()
    tl.signal_updated("brand_new_type", 2.0, "medium")
    assert tl.open_signal("brand_new_type") is not None


def test_engagement_is_a_step_function_without_repeats() -> None:
    tl = SessionTimeline()
    for t, state in [(0, "neutral"), (3, "neutral"), (6, "engaged"), (12, "disengaged")]:
        tl.engagement_changed(state, t)
    assert tl.engagement == [(0, "neutral"), (6, "engaged"), (12, "disengaged")]
    assert tl.engagement_at(7.5) == "engaged" and tl.engagement_at(-1) is None


def test_all_50_period_is_flagged_no_evidence_and_bands() -> None:
    assert QualityPeriod(0, 3, dict(ALL_50)).no_evidence
    assert not QualityPeriod(0, 3, {**ALL_50, "energy": 50.5}).no_evidence
    assert [band_name(x) for x in (10, 30, 55, 70, 80, 100)] == [
        "weak", "below average", "moderate", "good", "excellent", "excellent"]


def test_round_trip_through_dict() -> None:
    tl = SessionTimeline()
    tl.signal_detected("confidence", 1.0, "high", "steady voice", ["audio"])
    tl.quality_updated(dict(ALL_50), [QualityPeriod(0, 3, dict(ALL_50))])
    tl.add_marker(2.5, "good answer")
    again = SessionTimeline.from_dict(tl.to_dict())
    assert again.to_dict() == tl.to_dict()


def test_results_of_split_parts_land_at_their_offsets() -> None:
    part = AnalysisResult.model_validate({
        "signals": [{"type": "hesitation", "start": 1, "end": 4, "probability": "medium",
                     "rationale": "two pauses"}],
        "engagement_state": [{"start": 0, "end": 10, "state": "engaged"}],
        "conversation_quality": {"overall": ALL_50,
                                 "timeline": [{"start": 0, "end": 10, "values": ALL_50}]},
    })
    tl = timeline_from_result(part)
    add_result(tl, part, offset=10.0)
    assert [(s.start, s.end) for s in tl.signals] == [(1, 4), (11, 14)]
    assert [p.start for p in tl.quality_periods] == [0, 10]
    assert tl.media_end == 20.0


def test_a_marker_noted_later_is_one_marker_with_the_last_note() -> None:
    from pathlib import Path

    from interhuman_desktop.session.journal import RecoveredSession
    from interhuman_desktop.session.recovery import rebuild_timeline

    tl = SessionTimeline()
    tl.add_marker(4.0, "")
    before = tl.revision
    tl.add_marker(4.0, "lost the thread")  # the note typed after pressing M
    tl.add_marker(9.0, "")
    assert [(m.t, m.note) for m in tl.markers] == [(4.0, "lost the thread"), (9.0, "")]
    assert tl.revision > before
    journal = RecoveredSession(Path("unused"), records=[{"kind": "marker", "t": 4.0, "note": ""},
                                        {"kind": "marker", "t": 4.0, "note": "lost the thread"}])
    assert [(m.t, m.note) for m in rebuild_timeline(journal).markers] == [
        (4.0, "lost the thread")]  # a crash recovery keeps the last note
