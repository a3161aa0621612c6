"""Everything an engine instance is configured with; tests shrink limits and timeouts here."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from interhuman_desktop.core.quality import DIMENSIONS
from interhuman_desktop.engine.faults import Faults
from interhuman_desktop.engine.v2_settings import V2Settings

MAX_SEGMENT_BYTES = 33_554_432
MIN_UPLOAD_BYTES = 10 * 1024
SCOPE_UPLOAD = "interhumanai.upload"
SCOPE_STREAM = "interhumanai.stream"
INCLUDE_FLAGS = ("conversation_quality_overall", "conversation_quality_timeline")
GOAL_DIMENSIONS = DIMENSIONS


def parse_key_pair(spec: str) -> tuple[str, str]:
    """``ID:SECRET`` → (id, secret); raises ValueError when either half is empty."""
    key_id, sep, secret = spec.partition(":")
    if not sep or not key_id or not secret:
        raise ValueError("a key pair must be given as ID:SECRET")
    return key_id, secret


@dataclass
class EngineSettings:
    """Keys, limits, timers, analyser and faults of one engine.

    ``idle_timeout`` and ``max_duration`` are seconds (floats allowed for tests); the
    ``session.ready`` envelope reports them rounded up to whole seconds.
    """

    api_keys: list[str] = field(default_factory=list)
    key_pairs: dict[str, str] = field(default_factory=dict)
    analyzer: str = "cues"
    faults: Faults = field(default_factory=Faults)
    max_upload_bytes: int = MAX_SEGMENT_BYTES
    min_upload_bytes: int = MIN_UPLOAD_BYTES
    max_segment_bytes: int = MAX_SEGMENT_BYTES
    idle_timeout: float = 300.0
    max_duration: float = 3600.0
    max_drain_seconds: int = 30
    token_ttl: int = 900
    workers: int = 4
    # Analysis frames per second: nods/shakes are band-passed to 0.5-4 Hz, so 10 fps (Nyquist
    # 5 Hz) is the least that sees them; FaceMesh costs ~5 ms a frame at 320 px.
    analysis_fps: float = 10.0
    # Analysis frames are at most this wide: FaceMesh finds a face filling a fifth of a 320-px
    # picture, and the Haar fallback detects at 320 px anyway. Uploads are measured frame by
    # frame as they decode (no frame is kept), so this bounds CPU, not memory.
    max_width: int = 320
    max_queued_segments: int = 4  # per session; a full queue stops reading the socket
    # Who may connect (guard.py): with ``allow_remote`` any Host name is served (the engine
    # was bound beyond loopback on purpose); ``allowed_origins`` adds to the loopback origins.
    allow_remote: bool = False
    allowed_origins: list[str] = field(default_factory=list)
    # Request bodies: no bytes for ``body_idle_timeout`` s, or not all in ``body_deadline`` s,
    # ends the request (400 ih4005, connection closed); a request head gets ``head_timeout`` s.
    body_idle_timeout: float = 30.0
    body_deadline: float = 300.0
    head_timeout: float = 30.0
    # Failed authentication per client address (throttle.py): ``auth_burst`` failures at once,
    # then one more every ``auth_refill`` seconds; meanwhile every credential gets 429 ih3001.
    auth_burst: int = 10
    auth_refill: float = 1.0
    v2: V2Settings = field(default_factory=V2Settings)  # upload jobs (engine/v2)

    def ready_data(self) -> dict[str, Any]:
        """The ``session.ready`` data (decisions.md #4)."""
        return {
            "min_segment_duration_seconds": 3,
            "max_segment_duration_seconds": None,
            "min_segment_size_bytes": 1,
            "max_segment_size_bytes": self.max_segment_bytes,
            "session_idle_timeout_seconds": math.ceil(self.idle_timeout),
            "session_max_duration_seconds": math.ceil(self.max_duration),
            "supported_session_config_options": {
                "include": list(INCLUDE_FLAGS),
                "goal_dimensions": list(GOAL_DIMENSIONS),
                "model": None,
            },
        }

    @property
    def ws_max_message(self) -> int:
        """Largest frame the WS layer accepts: above the segment limit, so ih6002 can be sent."""
        return self.max_segment_bytes + 16 * 1024 * 1024
