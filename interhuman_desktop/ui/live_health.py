"""One health light for a live session (no Qt): green, amber or red with a one-line reason.

The thresholds are documented in docs/live.md ("The health light"); keep them in step.
Red means something is lost or the connection is down; amber means past a threshold that
deserves a look; green otherwise. The counters stay available in the details panel.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DROPPED_AMBER = 0.01  # > 1 % of the captured frames dropped
PENDING_AMBER = 2  # the one being analysed + more than one more waiting for analysis
# analysis lag past a segment's length (it is sent once recorded) + this: the engine's 3-s hop,
# its analysis time and slack (the local engine: 4.4 s median, 7.7 s worst with 5-s segments)
LAG_MARGIN_S = 6.0
DEFAULT_SEGMENT_S = 3.0  # when the pipeline does not say (the recorder's shortest)
RECENT_DROP_S = 30.0  # media shed this recently (recording seconds) keeps the light red
STALE_EVENT_S = 20.0  # no analysis event for this long while streaming
SESSION_CAP_S = 60 * 60.0  # the service closes a session after 60 minutes
CAP_WARNING_S = 5 * 60.0
GREEN, AMBER, RED = "green", "amber", "red"


@dataclass(frozen=True)
class Light:
    level: str  # GREEN, AMBER or RED
    reason: str


def _int(health: Mapping[str, Any], key: str) -> int:
    try:
        return int(health.get(key) or 0)
    except (TypeError, ValueError):
        return 0


def _float(health: Mapping[str, Any], key: str) -> float | None:
    try:
        value = health.get(key)
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _red(health: Mapping[str, Any]) -> str | None:
    if health.get("state") == "failed":
        return "The analysis stopped; the recording goes on and is kept"
    lost = _int(health, "segments_lost") + _int(health, "segments_failed")
    if lost:
        return f"{lost} segment{'s' if lost > 1 else ''} could not be analysed (still recorded)"
    shed_until = _float(health, "dropped_until")  # V2 coverage.dropped, recording seconds
    elapsed = _float(health, "elapsed") or 0.0
    if shed_until is not None and elapsed - shed_until <= RECENT_DROP_S:
        shed = _float(health, "not_analysed_s") or 0.0
        return f"The analysis fell behind and skipped {shed:.0f} s (still recorded)"
    socket = str(health.get("socket") or "")
    if socket.startswith("retrying") or (
            socket == "closed" and health.get("state") in ("streaming", "draining")):
        return f"Connection to the analysis is down ({socket}); recording continues"
    return None


def lag_limit(health: Mapping[str, Any]) -> float:
    """Seconds of analysis lag past which the light turns amber (V1 and V2)."""
    return (_float(health, "segment_seconds") or DEFAULT_SEGMENT_S) + LAG_MARGIN_S


def _amber(health: Mapping[str, Any], lag: float | None) -> str | None:
    captured, dropped = _int(health, "frames_captured"), _int(health, "frames_dropped")
    if captured and dropped / captured > DROPPED_AMBER:
        return f"{dropped} of {captured} frames dropped ({100 * dropped / captured:.1f} %)"
    pending = _int(health, "segments_pending")
    if pending > PENDING_AMBER:
        return f"Analysis is {pending} segments behind the recording"
    if lag is not None and lag > lag_limit(health):
        return f"Analysis is {lag:.1f} s behind the recording"
    age = health.get("last_event_age")
    if age is not None and float(age) > STALE_EVENT_S:
        return f"No analysis results for {float(age):.0f} s"
    if health.get("state") == "connecting":
        return "Connecting to the analysis…"
    elapsed = float(health.get("elapsed") or 0.0)
    if elapsed >= SESSION_CAP_S - CAP_WARNING_S:
        left = max(0.0, SESSION_CAP_S - elapsed) / 60
        return f"The 60-minute session cap is {left:.0f} min away"
    return None


def health_light(health: Mapping[str, Any], lag: float | None = None) -> Light:
    """The light for the pipeline's ``health()`` and the analysis lag (seconds or None)."""
    if not health:
        return Light(GREEN, "Waiting for the first pipeline figures…")
    red = _red(health)
    if red:
        return Light(RED, red)
    amber = _amber(health, lag)
    if amber:
        return Light(AMBER, amber)
    fps = health.get("fps_in")
    parts = ["All good"]
    if health.get("stream"):  # "V2 stream · inter-2" (session.live_options.stream_label)
        parts.append(str(health["stream"]))
    if fps:
        parts.append(f"{float(fps):.0f} fps")
    parts.append("waiting for the first results" if lag is None
                 else f"analysis {lag:.1f} s behind")
    return Light(GREEN, " · ".join(parts))
