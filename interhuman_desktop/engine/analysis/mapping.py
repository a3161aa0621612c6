"""Mapping: one window's measured cues → signals (with probability and rationale) and state.

Every rule needs the cue it names; a modality without evidence (``None``) never fires a rule.
Probabilities come from how clearly a cue shows (see docs/analyzer.md for the table).
"""

from __future__ import annotations

from collections.abc import Callable

from .cues import LONG_PAUSE, WindowCues
from .expression_rules import interest, smiling_text, stress, tension
from .gestures import agreement, disagreement
from .signal import SignalEstimate, half, pct, secs

LEVELS = ("low", "medium", "high")

DISENGAGED_FACE_MAX = 0.5  # face toward the camera in less than half the window
ENGAGED_FACE_MIN = 0.7
ENGAGED_CENTRED_MIN = 0.5
ENGAGED_SPEAKING_MIN = 0.3
ENGAGED_SMILING_MIN = 0.25  # smiling (expression model) this share stands in for speaking
STATE_SPEAKING_MIN = 0.25
ATTENTIVE_CENTRED_MIN = 0.8
ATTENTIVE_MAX_JITTER = 0.15
SILENT_SPEAKING_MAX = 0.15
HESITATION_MIN_LONG_PAUSES = 2
HESITATION_MIN_SPEAKING = 0.2
CONFIDENCE_MIN_SPEAKING = 0.6
CONFIDENCE_MAX_SPREAD_DB = 4.0
CONFIDENCE_MIN_LOUDNESS_DB = -35.0
CONFIDENCE_MIN_FACE = 0.8
CONFIDENCE_MIN_GAZE = 0.6  # FaceMesh: eyes on the camera at least this share of the window
CONFIDENCE_MAX_JITTER = 0.25  # face centre spread (half-widths): more is not a face "held"


def facing(c: WindowCues) -> float | None:
    """Share of the window with a face toward the camera (FaceMesh: present and not turned
    away; Haar: a frontal face)."""
    return c.facing_ratio if c.facing_ratio is not None else c.face_ratio


def _and(items: list[str]) -> str:
    """'1.9 s and 4.8 s', '1.2 s, 1.9 s and 4.8 s': lengths, not offsets."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _away_text(c: WindowCues, share: float) -> str:
    if share <= 0.0:
        what = "face absent or turned away" if c.detector == "facemesh" else "no frontal face"
        return f"{what} for the whole window"
    if c.detector == "facemesh":
        text = f"face absent or turned away {pct(1 - share)} of the window"
        if c.gaze_ratio is not None:
            text += f", gaze on camera {pct(c.gaze_ratio)}"
    else:
        text = f"no frontal face in {pct(1 - share)} of the window"
    return text + f" (longest absence {half(c.longest_absence)} s)"


def _bump(level: str) -> str:
    return LEVELS[min(LEVELS.index(level) + 1, len(LEVELS) - 1)]


def disengagement(c: WindowCues) -> SignalEstimate | None:
    share = facing(c)
    if share is None or share >= DISENGAGED_FACE_MAX:
        return None
    level = "high" if share <= 0.1 else "medium" if share <= 0.3 else "low"
    text = _away_text(c, share)
    modality: tuple[str, ...] = ("video",)
    if c.speaking_ratio is not None and c.speaking_ratio < SILENT_SPEAKING_MAX:
        level, modality = _bump(level), ("video", "audio")
        text += f", speaking only {pct(c.speaking_ratio)}"
    return SignalEstimate("disengagement", level, text, modality)


def smiling(c: WindowCues) -> float | None:
    """The window's smiling share when it is enough to count as engagement evidence."""
    if c.happy_ratio is None or c.happy_ratio < ENGAGED_SMILING_MIN:
        return None
    return c.happy_ratio


def engagement(c: WindowCues) -> SignalEstimate | None:
    face, centred, speaking, smile = facing(c), c.centred_ratio, c.speaking_ratio, smiling(c)
    if face is None or centred is None or face < ENGAGED_FACE_MIN or centred < ENGAGED_CENTRED_MIN:
        return None
    talking = speaking is not None and speaking >= ENGAGED_SPEAKING_MIN
    if not talking and smile is None:
        return None
    active = max(speaking if talking and speaking is not None else 0.0, smile or 0.0)
    if face >= 0.9 and centred >= 0.8 and active >= 0.5:
        level = "high"
    elif face >= 0.8 and active >= 0.4:
        level = "medium"
    else:
        level = "low"
    text = f"face visible and toward the camera {pct(face)} of the window (centred {pct(centred)})"
    if c.gaze_ratio is not None:
        text += f", gaze on camera {pct(c.gaze_ratio)}"
    if speaking is not None:
        text += f", speaking {pct(speaking)}"
    if smile is not None:
        text += f", {smiling_text(c)}"
    modality = ("video", "audio") if talking else ("video",)
    return SignalEstimate("engagement", level, text, modality)


def hesitation(c: WindowCues) -> SignalEstimate | None:
    long_pauses = c.long_pauses
    if c.speaking_ratio is None or c.speaking_ratio < HESITATION_MIN_SPEAKING:
        return None
    if len(long_pauses) < HESITATION_MIN_LONG_PAUSES:
        return None
    total = sum(long_pauses)
    level = "high" if len(long_pauses) >= 3 or total >= 4.0 else "medium" if total >= 2.5 else "low"
    text = (
        f"{len(long_pauses)} pauses over {LONG_PAUSE:g} s inside speech, "
        f"{_and([secs(p) for p in long_pauses])} long; "
        f"speaking {pct(c.speaking_ratio)} of the window"
    )
    return SignalEstimate("hesitation", level, text, ("audio",))


def confidence(c: WindowCues) -> SignalEstimate | None:
    speaking, spread = c.speaking_ratio, c.loudness_spread_db
    loud, face = c.loudness_db, facing(c)
    if speaking is None or spread is None or loud is None or face is None:
        return None
    if (
        speaking < CONFIDENCE_MIN_SPEAKING
        or len(c.long_pauses) > 1
        or spread > CONFIDENCE_MAX_SPREAD_DB
        or loud < CONFIDENCE_MIN_LOUDNESS_DB
        or face < CONFIDENCE_MIN_FACE
        or (c.face_jitter is not None and c.face_jitter > CONFIDENCE_MAX_JITTER)
        or (c.gaze_ratio is not None and c.gaze_ratio < CONFIDENCE_MIN_GAZE)
    ):
        return None
    points = sum([speaking >= 0.75, not c.long_pauses, spread <= 2.5, face >= 0.9])
    level = "high" if points == 4 else "medium" if points == 3 else "low"
    pauses = "no pause" if not c.long_pauses else "one pause"
    text = (
        f"speaking {pct(speaking)} of the window at {loud:.0f} dBFS, loudness steady "
        f"(spread {half(spread)} dB), {pauses} over {LONG_PAUSE:g} s, face held in view {pct(face)}"
    )
    if c.gaze_ratio is not None:
        text += f", gaze on camera {pct(c.gaze_ratio)}"
    return SignalEstimate("confidence", level, text, ("video", "audio"))


RULES: tuple[Callable[[WindowCues], SignalEstimate | None], ...] = (
    engagement,
    disengagement,
    hesitation,
    confidence,
    agreement,
    disagreement,
    interest,
    tension,
    stress,
)


def window_signals(c: WindowCues) -> dict[str, SignalEstimate]:
    """Every signal the window's cues support, by type."""
    found = (rule(c) for rule in RULES)
    return {s.type: s for s in found if s is not None}


def attentive(c: WindowCues) -> bool:
    """Face centred and held steady most of the window (listening toward the camera)."""
    return (
        c.centred_ratio is not None
        and c.centred_ratio >= ATTENTIVE_CENTRED_MIN
        and c.face_jitter is not None
        and c.face_jitter <= ATTENTIVE_MAX_JITTER
    )


def engagement_state(c: WindowCues) -> str:
    """``disengaged`` / ``engaged`` / ``neutral`` for one window (see docs/analyzer.md)."""
    share = facing(c)
    if share is None or c.centred_ratio is None:
        return "neutral"
    if share < DISENGAGED_FACE_MAX:
        return "disengaged"
    if share < ENGAGED_FACE_MIN or c.centred_ratio < ENGAGED_CENTRED_MIN:
        return "neutral"
    speaking = c.speaking_ratio is not None and c.speaking_ratio >= STATE_SPEAKING_MIN
    return "engaged" if speaking or attentive(c) or smiling(c) is not None else "neutral"
