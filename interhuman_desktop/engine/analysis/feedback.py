"""Goal-dimension feedback from measured delivery cues (never from words: none are analysed).

A rule looks at one dimension and the window's (or the whole file's) cues and returns a
``Tip``: an improvement when a cue is weak, a confirmation when it is clearly strong, nothing
when it is in between or unmeasured. ``learning`` has no cue, so it never gets a tip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .cues import LONG_PAUSE, WindowCues
from .signal import pct

CONTEXT_NOTE = (
    "Based on measured delivery cues only (face presence, speaking time, pauses, loudness); "
    "the conversation context was not interpreted."
)


@dataclass(frozen=True)
class Tip:
    dimension: str
    key: str  # what the tip is about; a new tip is worth sending only when this changes
    message: str
    improvement: bool


def _clarity(c: WindowCues) -> Tip | None:
    if c.speaking_ratio is None:
        return None
    n = len(c.long_pauses)
    if n >= 2:
        return Tip("clarity", "clarity:pauses", (
            f"Clarity: {n} pauses over {LONG_PAUSE:g} s broke up your speech; finish each "
            "thought before pausing, or pause on purpose between points."
        ), True)
    if c.speaking_ratio >= 0.6 and n == 0:
        return Tip("clarity", "clarity:fluent", (
            f"Clarity: fluent delivery, speaking {pct(c.speaking_ratio)} of the time with no "
            f"pause over {LONG_PAUSE:g} s."
        ), False)
    return None


def _authority(c: WindowCues) -> Tip | None:
    if c.face_ratio is not None and c.face_ratio < 0.7:
        return Tip("authority", "authority:face", (
            f"Authority: your face was in view only {pct(c.face_ratio)} of the time; facing "
            "the camera steadily reads as more assured."
        ), True)
    spread = c.loudness_spread_db
    if spread is not None and spread > 5.0:
        return Tip("authority", "authority:unsteady", (
            f"Authority: your loudness varied a lot (spread {spread:.1f} dB); a steadier "
            "level sounds more assured."
        ), True)
    if spread is not None and spread <= 3.0 and (c.face_ratio or 0) >= 0.8:
        return Tip("authority", "authority:steady", (
            f"Authority: steady voice (spread {spread:.1f} dB) and face held in view."
        ), False)
    return None


def _energy(c: WindowCues) -> Tip | None:
    if c.speaking_ratio is None:
        return None
    loud = c.loudness_db
    if c.speaking_ratio < 0.3 or (loud is not None and loud < -35.0):
        level = f" at {loud:.0f} dBFS" if loud is not None else ""
        return Tip("energy", "energy:low", (
            f"Energy: you spoke {pct(c.speaking_ratio)} of the time{level}; more voice "
            "would lift your presence."
        ), True)
    if c.speaking_ratio >= 0.6 and loud is not None and loud >= -25.0:
        return Tip("energy", "energy:good", (
            f"Energy: lively presence, speaking {pct(c.speaking_ratio)} of the time at "
            f"{loud:.0f} dBFS."
        ), False)
    return None


def _rapport(c: WindowCues) -> Tip | None:
    if c.centred_ratio is None:
        return None
    if c.centred_ratio < 0.5:
        return Tip("rapport", "rapport:away", (
            f"Rapport: your face was centred in view only {pct(c.centred_ratio)} of the "
            "time; looking toward the camera helps the other side connect."
        ), True)
    if c.centred_ratio >= 0.8:
        return Tip("rapport", "rapport:present", (
            f"Rapport: you stayed in view, facing the camera {pct(c.centred_ratio)} of the time."
        ), False)
    return None


RULES: dict[str, Callable[[WindowCues], Tip | None]] = {
    "clarity": _clarity,
    "authority": _authority,
    "energy": _energy,
    "rapport": _rapport,
}


def tips(c: WindowCues, dimensions: Sequence[str]) -> list[Tip]:
    """Tips for the chosen dimensions, improvements first (in the caller's dimension order)."""
    found = [t for d in dimensions if d in RULES and (t := RULES[d](c)) is not None]
    return sorted(found, key=lambda t: not t.improvement)


def upload_feedback(
    c: WindowCues,
    goal_dimensions: Sequence[str] | None,
    conversation_context: str | None,
    primary_signal: str | None,
) -> dict[str, Any]:
    """The ``feedback`` section of an upload: ``feedback`` or ``no_feedback`` with a reason."""
    dims = list(goal_dimensions or [])
    if conversation_context is not None and not dims:
        dims = list(RULES)
    found = tips(c, dims)[:2]
    if not found:
        measurable = [d for d in dims if d in RULES]
        reason = (
            f"No measured delivery cue stood out for {', '.join(measurable)}."
            if measurable
            else "Only learning was asked for, and it cannot be measured from delivery cues "
            "(this analyser does not hear words)."
        )
        return {"type": "no_feedback", "reason": reason}
    message = " ".join(t.message for t in found)
    if conversation_context is not None:
        message = f"{CONTEXT_NOTE} {message}"
    payload: dict[str, Any] = {
        "type": "feedback",
        "message": message,
        "active_dimensions": list(dict.fromkeys(t.dimension for t in found)),
    }
    if primary_signal:
        payload["primary_signal"] = primary_signal
    return payload
