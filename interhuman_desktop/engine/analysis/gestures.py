"""Head-gesture rules: repeated nods → agreement, repeated head shakes → disagreement.

Both need FaceMesh head pose (``WindowCues.nods`` / ``shakes`` are ``None`` with the Haar
fallback, so these rules never fire there). What counts as a nod or shake (a repeated,
symmetric, dominant oscillation with the face tracked throughout) is ``oscillation``'s; here
the window needs :data:`MIN_SWINGS` of them and more of its kind than of the other.
"""

from __future__ import annotations

import logging

from .cues import WindowCues
from .signal import SignalEstimate, pct

log = logging.getLogger(__name__)

MIN_SWINGS = 2  # "repeated": two swings (three extremes, two reversals) at least
HIGH_SWINGS = 4
GAZE_HELD = 0.7  # share of the window with the eyes on the camera that strengthens the signal


def _level(count: int, gaze: float | None) -> str:
    held = gaze is not None and gaze >= GAZE_HELD
    if count >= HIGH_SWINGS and held:
        return "high"
    if count >= HIGH_SWINGS - 1 or held:
        return "medium"
    return "low"


def _text(count: int, what: str, span: float, amp: float, axis: str, gaze: float | None) -> str:
    text = f"{count} {what} in {span:.1f} s, ±{amp:.0f}° {axis}"
    if gaze is not None:
        text += f", gaze on camera {pct(gaze)} of the window"
    return text


def agreement(c: WindowCues) -> SignalEstimate | None:
    if c.nods is None or c.nods < MIN_SWINGS or c.nods <= (c.shakes or 0):
        return None
    text = _text(c.nods, "nods", c.nod_span, c.nod_amp, "pitch", c.gaze_ratio)
    return SignalEstimate("agreement", _level(c.nods, c.gaze_ratio), text, ("video",))


def disagreement(c: WindowCues) -> SignalEstimate | None:
    if c.shakes is None or c.shakes < MIN_SWINGS or c.shakes <= (c.nods or 0):
        return None
    text = _text(c.shakes, "head shakes", c.shake_span, c.shake_amp, "yaw", c.gaze_ratio)
    return SignalEstimate("disagreement", _level(c.shakes, c.gaze_ratio), text, ("video",))
