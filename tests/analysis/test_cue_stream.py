"""CueStream transitions: order, times, engagement on change, CQ cadence, SDK validation."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from analysis_clips import synthetic_media
from interhumanai import stream as sdk
from media_factory import webm_stream_chunks

from interhuman_desktop.engine.analysis.base import Event, SessionOptions
from interhuman_desktop.engine.analysis.cue_analyzer import CueAnalyzer
from interhuman_desktop.engine.media import StreamDecoder

MODELS = {
    "signal.detected": sdk.SignalDetectedData,
    "signal.updated": sdk.SignalUpdatedData,
    "signal.ended": sdk.SignalEndedData,
    "engagement.updated": sdk.EngagementUpdatedData,
    "conversation_quality.updated": sdk.ConversationQualityUpdatedData,
    "feedback.generated": sdk.FeedbackGeneratedData,
}
ALL_CQ = ["conversation_quality_overall", "conversation_quality_timeline"]
SPEECH = [(0.2, 30.0)]
AWAY = "disengagement"


def face_away(t: float) -> bool:
    return not 12.0 <= t < 21.0


def run(options: SessionOptions, seconds: int = 30, seg: float = 3.0):
    """Feed ``seconds`` of synthetic media in ``seg``-s pieces; events tagged by media end."""
    stream = CueAnalyzer().open_stream(options)
    tagged: list[tuple[float, Event]] = []
    clock = 0.0
    while clock < seconds - 1e-9:
        media = synthetic_media(clock, seg, face=face_away, speech=SPEECH)
        clock = media.end
        tagged += [(clock, e) for e in stream.feed(media)]
    tagged += [(clock, e) for e in stream.finish()]
    return tagged, clock


@pytest.fixture(scope="module")
def full_run():
    return run(SessionOptions(include=ALL_CQ, goal_dimensions=["rapport", "clarity"]))


def test_every_payload_validates_with_the_sdk(full_run) -> None:
    tagged, _ = full_run
    assert tagged
    for _, (kind, data) in tagged:
        MODELS[kind].model_validate(data)


def test_signal_lifecycle_order_and_no_end_on_detected(full_run) -> None:
    tagged, _end = full_run
    open_types: dict[str, float] = {}
    for clock, (kind, data) in tagged:
        if kind == "signal.detected":
            assert "end" not in data and data["signal_type"] not in open_types
            assert 0 <= data["start"] <= clock
            open_types[data["signal_type"]] = data["start"]
        elif kind == "signal.updated":
            assert "end" not in data
            assert data["start"] == open_types[data["signal_type"]]
        elif kind == "signal.ended":
            start = open_types.pop(data["signal_type"])
            assert start <= data["end"] <= clock
    assert open_types == {}
    types = {d["signal_type"] for _, (k, d) in tagged if k == "signal.detected"}
    assert {"engagement", "disengagement"} <= types


def test_disengagement_follows_the_absent_face(full_run) -> None:
    tagged, _ = full_run
    det = [d for _, (k, d) in tagged if k == "signal.detected" and d["signal_type"] == AWAY]
    ended = [d for _, (k, d) in tagged if k == "signal.ended" and d["signal_type"] == AWAY]
    assert len(det) == 1 and len(ended) == 1
    assert 6.0 <= det[0]["start"] <= 12.0 and 17.0 <= ended[0]["end"] <= 26.0
    assert det[0]["modality"] == ["video"] and any(ch.isdigit() for ch in det[0]["rationale"])


def test_engagement_only_on_change(full_run) -> None:
    tagged, _ = full_run
    states = [(d["state"], d["start"]) for _, (k, d) in tagged if k == "engagement.updated"]
    assert states[0] == ("engaged", 0.0)
    assert all(a[0] != b[0] for a, b in itertools.pairwise(states))
    assert [s for s, _ in states][:2] == ["engaged", "disengaged"]
    assert [t for _, t in states] == sorted(t for _, t in states)


def test_cq_once_per_hop_with_tiling_timeline(full_run) -> None:
    tagged, end = full_run
    cq = [d for _, (k, d) in tagged if k == "conversation_quality.updated"]
    # boundaries 8, 11, …, 29 (8 of them) + the tail window at finish (29 → 30)
    assert len(cq) == 9
    periods = [(d["timeline"][0]["start"], d["timeline"][0]["end"]) for d in cq]
    assert periods[0] == (0.0, 8.0) and periods[-1][1] == pytest.approx(end)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(periods))
    for d in cq:
        assert len(d["timeline"]) == 1 and "overall" in d
        values = d["overall"]
        dims = [values[k] for k in ("clarity", "authority", "energy", "rapport", "learning")]
        assert values["quality_index"] == pytest.approx(sum(dims) / 5, abs=0.06)


def test_cq_events_follow_include() -> None:
    tagged, _ = run(SessionOptions(), seconds=12)
    assert not [k for _, (k, _) in tagged if k == "conversation_quality.updated"]
    tagged, _ = run(SessionOptions(include=["conversation_quality_overall"]), seconds=12)
    cq = [d for _, (k, d) in tagged if k == "conversation_quality.updated"]
    assert cq and all("overall" in d and "timeline" not in d for d in cq)


def test_feedback_only_when_it_changes(full_run) -> None:
    tagged, _ = full_run
    messages = [d["feedback"] for _, (k, d) in tagged if k == "feedback.generated"]
    hops = sum(1 for _, (k, _) in tagged if k == "conversation_quality.updated")
    assert 1 <= len(messages) < hops
    assert all(a != b for a, b in itertools.pairwise(messages))
    assert any("Rapport" in m for m in messages)
    tagged, _ = run(SessionOptions(), seconds=12)
    assert not [k for _, (k, _) in tagged if k == "feedback.generated"]


def test_nothing_before_the_first_8_seconds_then_finish_closes() -> None:
    stream = CueAnalyzer().open_stream(SessionOptions(include=ALL_CQ))
    assert stream.feed(synthetic_media(0.0, 3.0, speech=SPEECH)) == []
    assert stream.feed(synthetic_media(3.0, 3.0, speech=SPEECH)) == []
    events = stream.finish()
    kinds = Counter(k for k, _ in events)
    assert kinds["conversation_quality.updated"] == 1 and kinds["engagement.updated"] == 1
    ended = [d for k, d in events if k == "signal.ended"]
    assert ended and all(d["end"] == 6.0 for d in ended)
    assert events[-1][0] == "signal.ended"
    assert stream.finish() == [] and stream.feed(synthetic_media(6.0, 3.0)) == []


def test_reconfigure_replaces_include() -> None:
    stream = CueAnalyzer().open_stream(SessionOptions())
    stream.feed(synthetic_media(0.0, 9.0, speech=SPEECH))
    stream.configure(SessionOptions(include=["conversation_quality_timeline"]))
    events = stream.feed(synthetic_media(9.0, 3.0, speech=SPEECH))
    cq = [d for k, d in events if k == "conversation_quality.updated"]
    assert len(cq) == 1 and "overall" not in cq[0] and cq[0]["timeline"][0]["start"] == 8.0


def test_real_webm_chunks_through_decoder_and_analysis(clip) -> None:
    """End to end without the server: MediaRecorder-like chunks → StreamDecoder → CueStream."""
    path = clip("talk.webm", seconds=15.0, face=True, speech=[(0.2, 15.0)], width=240, height=180)
    decoder = StreamDecoder()
    stream = CueAnalyzer().open_stream(SessionOptions(include=ALL_CQ))
    clock, events = 0.0, []
    for chunk in webm_stream_chunks(path):
        media = decoder.decode(chunk, clock)
        clock = media.end
        events += stream.feed(media)
    events += stream.finish()
    for kind, data in events:
        MODELS[kind].model_validate(data)
    detected = {d["signal_type"] for k, d in events if k == "signal.detected"}
    assert "engagement" in detected and "disengagement" not in detected
    assert ("engagement.updated", {"state": "engaged", "start": 0.0}) in events
    ends = [d["end"] for k, d in events if k == "signal.ended"]
    assert ends and max(ends) == pytest.approx(clock, abs=0.01)
