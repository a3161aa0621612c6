"""Expression cues → interest / tension / stress, engagement evidence and CQI (WindowCues by hand).

The windows mirror what the real footage of issue 9 measured (bench/expressions.py): a laugh
(smiling 100 %), a slight smile (30 %), crying (negative 95 %, distress 90 %), a neutral talker.
"""

from __future__ import annotations

import re

import pytest

from interhuman_desktop.engine.analysis.cqi import window_scores
from interhuman_desktop.engine.analysis.cues import WindowCues
from interhuman_desktop.engine.analysis.expression import LABELS
from interhuman_desktop.engine.analysis.mapping import engagement_state, window_signals

FACE = {"frames": 80, "face_ratio": 1.0, "facing_ratio": 1.0, "centred_ratio": 1.0,
        "face_width": 0.3, "face_jitter": 0.05, "detector": "facemesh", "gaze_ratio": 0.9,
        "nods": 0, "shakes": 0}
NEW_TYPES = {"interest", "tension", "stress"}


def mean(**probs: float) -> tuple[float, ...]:
    return tuple(probs.get(k, 0.0) for k in LABELS)


def cues(happy=0.0, negative=0.0, distress=0.0, read=1.0, m=None, **kw) -> WindowCues:
    fields = {**FACE, **kw}
    return WindowCues(
        start=0.0, end=8.0, expression_ratio=read, happy_ratio=happy, negative_ratio=negative,
        distress_ratio=distress, expression_mean=m or mean(neutral=1.0), **fields,
    )


@pytest.mark.parametrize(
    ("happy", "level"), [(1.0, "high"), (0.6, "high"), (0.45, "medium"), (0.3, "low")]
)
def test_smiling_is_interest(happy: float, level: str) -> None:
    found = window_signals(cues(happy=happy, m=mean(happy=happy, neutral=1 - happy)))
    sig = found["interest"]
    assert sig.probability == level and sig.modality == ("video",)
    assert re.fullmatch(r"smiling \d+% of the window \(happy p ≥ 0\.6\), gaze on camera 90%",
                        sig.rationale)
    assert f"smiling {round(happy * 20) * 5}%" in sig.rationale
    assert not {"tension", "stress"} & set(found)


def test_a_brief_smile_or_a_neutral_face_is_not_interest() -> None:
    assert "interest" not in window_signals(cues(happy=0.2))
    assert not NEW_TYPES & set(window_signals(cues()))


def test_a_broad_smile_turned_away_is_only_medium_interest() -> None:
    assert window_signals(cues(happy=0.9, gaze_ratio=0.2))["interest"].probability == "medium"


def test_too_little_reading_gives_no_expression_signal() -> None:
    crying = {"negative": 0.45, "distress": 0.45, "happy": 0.45}
    assert not NEW_TYPES & set(window_signals(cues(read=0.45, **crying)))
    haar = WindowCues(start=0.0, end=8.0, frames=80, face_ratio=1.0, centred_ratio=1.0)
    assert not NEW_TYPES & set(window_signals(haar))


def test_crying_is_tension_and_stress() -> None:
    crying = mean(sad=0.9, fearful=0.04, disgusted=0.03, neutral=0.03)
    found = window_signals(cues(negative=0.95, distress=0.9, m=crying))
    assert found["tension"].probability == "high" and found["stress"].probability == "high"
    assert found["tension"].rationale == (
        "negative expression 95% of the window (sad + angry + fearful + disgusted p ≥ 0.6; "
        "mostly sad, mean p 0.90)"
    )
    assert found["stress"].rationale.startswith("distressed expression 90% of the window")
    assert "interest" not in found


def test_brief_distress_is_tension_not_stress() -> None:
    mixed = mean(sad=0.5, happy=0.2, neutral=0.3)
    found = window_signals(cues(negative=0.74, distress=0.54, happy=0.17, m=mixed))
    assert found["tension"].probability == "medium" and "stress" not in found
    angry = window_signals(cues(negative=0.5, distress=0.1, m=mean(angry=0.5, neutral=0.5)))
    assert angry["tension"].probability == "low" and "mostly angry" in angry["tension"].rationale
    assert "stress" not in angry


def test_smiling_is_engagement_evidence_without_speech() -> None:
    silent = cues(happy=0.7, m=mean(happy=0.7, neutral=0.3))
    sig = window_signals(silent)["engagement"]
    assert sig.modality == ("video",) and "smiling 70% of the window" in sig.rationale
    assert sig.probability == "high"
    assert engagement_state(silent) == "engaged"
    restless = {"face_jitter": 0.4}  # not "attentive": only the smile makes it engaged
    assert engagement_state(cues(**restless)) == "neutral"
    assert engagement_state(cues(happy=0.5, **restless)) == "engaged"


def test_smiling_and_talking_keep_the_audio_evidence() -> None:
    talk = {"audio_seconds": 8.0, "speaking_ratio": 0.6}
    sig = window_signals(cues(happy=0.3, **talk))["engagement"]
    assert sig.modality == ("video", "audio")
    assert "speaking 60%" in sig.rationale and "smiling 30%" in sig.rationale


def test_expressions_feed_rapport_and_energy() -> None:
    neutral, laugh = window_scores(cues()), window_scores(cues(happy=1.0, m=mean(happy=1.0)))
    without = window_scores(WindowCues(start=0.0, end=8.0, **FACE))
    assert neutral.values["rapport"] == pytest.approx(without.values["rapport"])
    assert laugh.values["rapport"] == pytest.approx(min(100.0, without.values["rapport"] + 15))
    # energy: 10·clip((1 − mean neutral − 0.2)/0.3): −6.7 for a blank face, +10 for a laugh
    assert neutral.values["energy"] == pytest.approx(50 - 20 / 3, abs=0.01)
    assert laugh.values["energy"] == pytest.approx(60.0)
    assert "energy" in neutral.evidence and "energy" not in without.evidence
