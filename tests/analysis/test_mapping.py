"""Window cues → signals, engagement state and CQI (no media: WindowCues built by hand)."""

from __future__ import annotations

import re

import pytest

from interhuman_desktop.engine.analysis.cqi import DIMENSIONS, CQAccumulator, values, window_scores
from interhuman_desktop.engine.analysis.cues import WindowCues
from interhuman_desktop.engine.analysis.mapping import engagement_state, window_signals

FACE = {"frames": 80, "face_ratio": 1.0, "centred_ratio": 1.0, "face_width": 0.2}
TALK = {"audio_seconds": 8.0, "speaking_ratio": 0.9, "loudness_db": -18.0,
        "loudness_spread_db": 1.0}


def cues(**kw) -> WindowCues:
    return WindowCues(start=0.0, end=8.0, **kw)


def test_nothing_measured_gives_nothing_and_all_50() -> None:
    c = cues()
    assert window_signals(c) == {}
    assert engagement_state(c) == "neutral"
    scores = window_scores(c)
    assert scores.evidence == set()
    assert values(scores.values) == dict.fromkeys(["quality_index", *DIMENSIONS], 50.0)


def test_present_and_talking_is_engaged_and_confident() -> None:
    found = window_signals(cues(**FACE, **TALK))
    assert set(found) == {"engagement", "confidence"}
    assert found["engagement"].probability == "high"
    assert found["confidence"].probability == "high"
    assert found["confidence"].modality == ("video", "audio")
    assert re.search(r"\d+%", found["engagement"].rationale)
    assert engagement_state(cues(**FACE, **TALK)) == "engaged"


def test_absent_face_is_disengagement_with_level_by_absence() -> None:
    for ratio, level in [(0.05, "high"), (0.2, "medium"), (0.45, "low")]:
        c = cues(frames=80, face_ratio=ratio, centred_ratio=ratio, longest_absence=5.0, **TALK)
        sig = window_signals(c)["disengagement"]
        assert sig.probability == level and sig.modality == ("video",)
        assert "absence 5.0 s" in sig.rationale
        assert engagement_state(c) == "disengaged"


def test_absent_and_silent_raises_the_level_and_adds_audio() -> None:
    c = cues(frames=80, face_ratio=0.2, centred_ratio=0.2, audio_seconds=8, speaking_ratio=0.0)
    sig = window_signals(c)["disengagement"]
    assert sig.probability == "high" and sig.modality == ("video", "audio")


def test_long_pauses_are_hesitation_not_confidence() -> None:
    c = cues(**FACE, **{**TALK, "speaking_ratio": 0.5}, pauses=(2.0, 2.0, 0.4))
    found = window_signals(c)
    assert "hesitation" in found and "confidence" not in found
    assert found["hesitation"].probability == "high"
    assert "2 pauses over 1 s inside speech, 2.0 s and 2.0 s long" in found["hesitation"].rationale
    one = cues(**FACE, **TALK, pauses=(1.2,))
    assert "hesitation" not in window_signals(one)


def test_hesitation_needs_speech_and_audio() -> None:
    assert "hesitation" not in window_signals(cues(**FACE, pauses=(2.0, 2.0)))
    quiet = {**TALK, "speaking_ratio": 0.1}
    assert "hesitation" not in window_signals(cues(**FACE, **quiet, pauses=(2.0, 2.0)))


def test_no_audio_track_means_no_audio_signals() -> None:
    held = {**FACE, "face_jitter": 0.05}
    assert window_signals(cues(**held)) == {}
    assert engagement_state(cues(**held)) == "engaged"  # attentive: face held and centred
    assert engagement_state(cues(**FACE)) == "neutral"  # steadiness unmeasured


def test_silent_listener_is_engaged_only_when_attentive() -> None:
    quiet = {"audio_seconds": 8.0, "speaking_ratio": 0.05}
    steady = cues(**{**FACE, "face_jitter": 0.05}, **quiet)
    assert engagement_state(steady) == "engaged"
    assert "engagement" not in window_signals(steady)  # the signal needs speech
    restless = cues(**{**FACE, "face_jitter": 0.3}, **quiet)
    assert engagement_state(restless) == "neutral"
    off_centre = cues(**{**FACE, "centred_ratio": 0.6, "face_jitter": 0.05}, **quiet)
    assert engagement_state(off_centre) == "neutral"


def test_cqi_moves_only_with_evidence_and_index_is_the_mean() -> None:
    scores = window_scores(cues(**FACE, **TALK))
    assert scores.evidence == {"clarity", "authority", "energy", "rapport"}
    v = values(scores.values)
    assert v["learning"] == 50.0
    assert all(v[d] > 50 for d in ("clarity", "authority", "energy", "rapport"))
    assert v["quality_index"] == pytest.approx(sum(v[d] for d in DIMENSIONS) / 5, abs=0.05)
    away = values(window_scores(cues(frames=80, face_ratio=0.0, centred_ratio=0.0)).values)
    assert away["rapport"] < 50 and away["clarity"] == 50 and away["energy"] == 50


def test_overall_is_mean_over_windows_with_evidence() -> None:
    acc = CQAccumulator()
    assert acc.overall()["quality_index"] == 50.0
    acc.add(window_scores(cues(**FACE, **TALK)))
    acc.add(window_scores(cues()))  # no evidence: does not pull scores to 50
    one = values(window_scores(cues(**FACE, **TALK)).values)
    assert acc.overall() == one


def test_a_face_moving_around_is_not_held() -> None:
    moving = {**FACE, "face_jitter": 0.5}
    assert "confidence" not in window_signals(cues(**moving, **TALK))
    assert "confidence" in window_signals(cues(**{**FACE, "face_jitter": 0.05}, **TALK))


MESH = {**FACE, "detector": "facemesh", "facing_ratio": 1.0, "gaze_ratio": 0.9,
        "nods": 0, "shakes": 0}


def test_repeated_nods_are_agreement_with_numbers() -> None:
    found = window_signals(cues(**{**MESH, "nods": 4, "nod_span": 3.1, "nod_amp": 6.4}))
    sig = found["agreement"]
    assert sig.probability == "high" and sig.modality == ("video",)
    assert sig.rationale == "4 nods in 3.1 s, ±6° pitch, gaze on camera 90% of the window"
    assert "disagreement" not in found
    weak = window_signals(cues(**{**MESH, "nods": 2, "gaze_ratio": 0.3}))
    assert weak["agreement"].probability == "low"
    assert "agreement" not in window_signals(cues(**{**MESH, "nods": 1}))


def test_head_shakes_are_disagreement_unless_nods_dominate() -> None:
    found = window_signals(cues(**{**MESH, "shakes": 3, "shake_span": 1.8, "shake_amp": 9.2}))
    assert found["disagreement"].probability == "medium"
    assert "3 head shakes in 1.8 s, ±9° yaw" in found["disagreement"].rationale
    mixed = window_signals(cues(**{**MESH, "shakes": 2, "nods": 3}))
    assert "disagreement" not in mixed and "agreement" in mixed


def test_no_gesture_signals_without_landmarks() -> None:
    found = window_signals(cues(**FACE))  # Haar: nods/shakes are None
    assert not {"agreement", "disagreement"} & set(found)


def test_looking_away_with_the_face_visible_is_disengaged() -> None:
    c = cues(**{**MESH, "facing_ratio": 0.2, "gaze_ratio": 0.1, "longest_absence": 5.0})
    assert engagement_state(c) == "disengaged"
    sig = window_signals(c)["disengagement"]
    assert "turned away 80%" in sig.rationale and "gaze on camera 10%" in sig.rationale


def test_gaze_raises_rapport_and_pitch_variety_energy() -> None:
    base = window_scores(cues(**MESH, **TALK))
    low_gaze = window_scores(cues(**{**MESH, "gaze_ratio": 0.1}, **TALK))
    assert base.values["rapport"] > low_gaze.values["rapport"]
    lively = window_scores(cues(**MESH, **TALK, pitch_spread_st=4.0))
    flat = window_scores(cues(**MESH, **TALK, pitch_spread_st=0.5))
    assert lively.values["energy"] > flat.values["energy"]


def test_a_face_absent_the_whole_window_says_so_without_a_longest_absence() -> None:
    c = cues(frames=80, face_ratio=0.0, centred_ratio=0.0, longest_absence=8.0, **TALK)
    text = window_signals(c)["disengagement"].rationale
    assert "for the whole window" in text and "longest absence" not in text
