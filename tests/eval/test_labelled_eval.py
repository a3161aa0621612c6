"""A quick subset of the labelled evaluation (bench/analyzer_eval.py runs all of it)."""

from __future__ import annotations

import pytest
from labelled import build, clip_specs
from scoring import ClipRun, disengaged_coverage, run_clip, speech_scores

from interhuman_desktop.engine.analysis.cue_analyzer import CueAnalyzer

pytestmark = pytest.mark.slow  # ~5 s per clip (made with espeak-ng, then analysed)

_cache: dict[str, ClipRun] = {}


def _run(name: str, eval_dir) -> ClipRun:
    if name not in _cache:
        spec = next(s for s in clip_specs() if s.name == name)
        path, labels = build(spec, eval_dir)
        _cache[name] = run_clip(name, path, labels, CueAnalyzer())
    return _cache[name]


def _types(run: ClipRun) -> set[str]:
    return {s["type"] for s in run.result["signals"]}


def test_nods_are_agreement_with_counted_nods_in_the_rationale(eval_dir) -> None:
    run = _run("nods_silent", eval_dir)
    agree = [s for s in run.result["signals"] if s["type"] == "agreement"]
    assert len(agree) == 2  # the two nod bursts, 9 s apart
    assert all("nods in" in s["rationale"] and "gaze on camera" in s["rationale"] for s in agree)
    assert "disagreement" not in _types(run)
    assert run.seconds / run.duration < 0.5  # real-time with margin even on a loaded machine


def test_shakes_are_disagreement(eval_dir) -> None:
    run = _run("shakes_silent", eval_dir)
    assert "disagreement" in _types(run) and "agreement" not in _types(run)


def test_still_talking_face_has_no_gesture_and_clean_speech(eval_dir) -> None:
    run = _run("still_talk", eval_dir)
    assert not {"agreement", "disagreement", "disengagement"} & _types(run)
    assert "engagement" in _types(run)
    assert speech_scores([run])["f1"] >= 0.9


def test_leaving_the_frame_is_disengaged(eval_dir) -> None:
    run = _run("absent", eval_dir)
    assert disengaged_coverage([run])["coverage"] >= 0.8
    assert "disengagement" in _types(run)
