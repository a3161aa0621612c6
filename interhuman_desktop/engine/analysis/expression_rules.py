"""Facial-expression rules: smiling → ``interest``; negative expressions → ``tension``;
sustained distress (sad / fearful) → ``stress``. Documented in docs/analyzer.md §2.5.

All three need the expression cues (FaceMesh + the expression model, ``expression_window``)
read on at least :data:`MIN_READ` of the window; without them (Haar, no model) they never
fire. Shares are of the window's frames with the expression's probability ≥ 0.6.
"""

from __future__ import annotations

import logging

from .cues import WindowCues
from .expression_window import DISTRESS, NEGATIVE, PROB_MIN, mean_of, strongest
from .signal import SignalEstimate, pct

log = logging.getLogger(__name__)

MIN_READ = 0.5  # expression read on at least half of the window's frames
INTEREST_MIN = 0.25  # smiling at least this share of the window (2 s of an 8-s window)
INTEREST_MEDIUM, INTEREST_HIGH = 0.4, 0.6
INTEREST_GAZE = 0.5  # high also needs the eyes on the camera this share (FaceMesh)
TENSION_MIN = 0.4  # negative expression at least this share
TENSION_MEDIUM, TENSION_HIGH = 0.55, 0.75
STRESS_MIN = 0.6  # distress (sad / fearful) at least this share: sustained, not a grimace
STRESS_MEDIUM, STRESS_HIGH = 0.7, 0.85


def _read(c: WindowCues) -> bool:
    return c.expression_ratio is not None and c.expression_ratio >= MIN_READ


def _level(share: float, medium: float, high: float) -> str:
    return "high" if share >= high else "medium" if share >= medium else "low"


def smiling_text(c: WindowCues) -> str:
    return f"smiling {pct(c.happy_ratio or 0.0)} of the window (happy p ≥ {PROB_MIN:g})"


def interest(c: WindowCues) -> SignalEstimate | None:
    if not _read(c) or c.happy_ratio is None or c.happy_ratio < INTEREST_MIN:
        return None
    level = _level(c.happy_ratio, INTEREST_MEDIUM, INTEREST_HIGH)
    if level == "high" and c.gaze_ratio is not None and c.gaze_ratio < INTEREST_GAZE:
        level = "medium"  # a broad smile turned away from the other side
    text = smiling_text(c)
    if c.gaze_ratio is not None:
        text += f", gaze on camera {pct(c.gaze_ratio)}"
    return SignalEstimate("interest", level, text, ("video",))


def tension(c: WindowCues) -> SignalEstimate | None:
    if not _read(c) or c.negative_ratio is None or c.negative_ratio < TENSION_MIN:
        return None
    text = _share_text(c, "negative", c.negative_ratio, NEGATIVE,
                       "sad + angry + fearful + disgusted", "negative")
    level = _level(c.negative_ratio, TENSION_MEDIUM, TENSION_HIGH)
    return SignalEstimate("tension", level, text, ("video",))


def stress(c: WindowCues) -> SignalEstimate | None:
    if not _read(c) or c.distress_ratio is None or c.distress_ratio < STRESS_MIN:
        return None
    text = _share_text(c, "distressed", c.distress_ratio, DISTRESS, "sad + fearful", "sad")
    if c.happy_ratio is not None:
        text += f", smiling {pct(c.happy_ratio)}"
    level = _level(c.distress_ratio, STRESS_MEDIUM, STRESS_HIGH)
    return SignalEstimate("stress", level, text, ("video",))


def _share_text(c: WindowCues, name: str, ratio: float, labels: tuple[int, ...], summed: str,
                fallback: str) -> str:
    """"negative expression 45% of the window (sad + … p ≥ 0.6; mostly sad, mean p 0.52)"."""
    mean = c.expression_mean or ()
    top = strongest(mean, labels) if mean else fallback
    return (f"{name} expression {pct(ratio)} of the window ({summed} p ≥ {PROB_MIN:g}; "
            f"mostly {top}, mean p {mean_of(c.expression_mean, top) or 0.0:.2f})")
