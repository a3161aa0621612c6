"""The scripted analyser and the registry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from analysis_clips import synthetic_media

from interhuman_desktop.engine.analysis.base import SessionOptions
from interhuman_desktop.engine.analysis.cue_analyzer import CueAnalyzer
from interhuman_desktop.engine.analysis.registry import make_analyzer
from interhuman_desktop.engine.analysis.scripted import ScriptedAnalyzer

SCENARIO = {
    "stream": [
        {"at": 3.0, "type": "signal.detected",
         "data": {"signal_type": "confidence", "start": 0.0, "probability": "high",
                  "rationale": "scripted", "modality": ["video"]}},
        {"at": 3.0, "type": "engagement.updated", "data": {"state": "engaged", "start": 0.0}},
        {"at": 6.0, "type": "conversation_quality.updated",
         "data": {"overall": {"quality_index": 60, "clarity": 60, "authority": 60, "energy": 60,
                              "rapport": 60, "learning": 60}}},
        {"at": 6.0, "type": "signal.detected",
         "data": {"signal_type": "hesitation", "start": 4.0}},
        {"at": 9.0, "type": "signal.ended", "data": {"signal_type": "hesitation", "end": 8.5}},
        {"at": 20.0, "type": "feedback.generated", "data": {"feedback": "later"}},
    ],
    "upload": {"signals": [{"type": "interest", "start": 0, "end": 4, "probability": "low"}],
               "engagement_state": [{"start": 0, "end": 4, "state": "neutral"}],
               "conversation_quality": {"overall": {"quality_index": 50, "clarity": 50,
                                                    "authority": 50, "energy": 50,
                                                    "rapport": 50, "learning": 50}}},
}


def write(tmp_path: Path, doc) -> Path:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(doc))
    return path


def test_registry() -> None:
    assert isinstance(make_analyzer("cues"), CueAnalyzer)
    for bad in ("", "magic", "scripted:"):
        with pytest.raises(ValueError):
            make_analyzer(bad)


def test_replays_events_when_the_clock_passes_them(tmp_path: Path) -> None:
    analyzer = make_analyzer(f"scripted:{write(tmp_path, SCENARIO)}")
    assert isinstance(analyzer, ScriptedAnalyzer)
    stream = analyzer.open_stream(SessionOptions(include=["conversation_quality_overall"]))
    first = stream.feed(synthetic_media(0.0, 3.0, fps=1))
    assert [k for k, _ in first] == ["signal.detected", "engagement.updated"]
    second = stream.feed(synthetic_media(3.0, 3.0, fps=1))
    assert [k for k, _ in second] == ["conversation_quality.updated", "signal.detected"]
    third = stream.feed(synthetic_media(6.0, 4.0, fps=1))
    assert third == [("signal.ended", {"signal_type": "hesitation", "end": 8.5})]
    final = stream.finish()
    assert final == [("signal.ended", {"signal_type": "confidence", "end": 10.0})]


def test_stream_honours_include_and_goals(tmp_path: Path) -> None:
    stream = ScriptedAnalyzer(write(tmp_path, SCENARIO)).open_stream(SessionOptions())
    events = stream.feed(synthetic_media(0.0, 25.0, fps=1)) + stream.finish()
    kinds = [k for k, _ in events]
    assert "conversation_quality.updated" not in kinds and "feedback.generated" not in kinds


def test_upload_payload_and_its_filters(tmp_path: Path) -> None:
    analyzer = ScriptedAnalyzer(write(tmp_path, SCENARIO))
    media = synthetic_media(0.0, 4.0, fps=1)
    full = analyzer.analyze_upload(media, SessionOptions(include=["conversation_quality_overall"]))
    assert full == SCENARIO["upload"]
    assert "conversation_quality" not in analyzer.analyze_upload(media, SessionOptions())
    bare = ScriptedAnalyzer(write(tmp_path, {"stream": []}))
    empty = bare.analyze_upload(media, SessionOptions())
    assert empty["signals"] == [] and empty["engagement_state"][0]["end"] == 4.0


@pytest.mark.parametrize(
    "doc",
    [
        [],
        {"other": 1},
        {"stream": [{"at": 1, "type": "signal.detected"}]},
        {"stream": [{"at": -1, "type": "signal.ended", "data": {"signal_type": "x", "end": 1}}]},
        {"stream": [{"at": 1, "type": "nope", "data": {}}]},
        {"stream": [{"at": 1, "type": "signal.ended", "data": {"signal_type": "joy", "end": 1}}]},
        {"upload": {"signals": [{"type": "interest"}]}},
    ],
)
def test_invalid_scenarios_fail_at_load(tmp_path: Path, doc) -> None:
    with pytest.raises(ValueError, match="scenario"):
        make_analyzer(f"scripted:{write(tmp_path, doc)}")


def test_unreadable_scenario(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ValueError, match="cannot read JSON"):
        ScriptedAnalyzer(bad)
    with pytest.raises(ValueError):
        ScriptedAnalyzer(tmp_path / "missing.json")
