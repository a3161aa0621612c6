"""V2 session config frames: the V1 frame (``include``, ``goal_dimensions``, parsed by
``stream_protocol``) plus the session state ``model`` and ``audio_format`` (inter-2.md §1.2)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from interhuman_desktop.engine.bounded_json import JSONBoundError, loads_bounded
from interhuman_desktop.engine.stream_protocol import (
    CLOSE,
    MAX_CONFIG_DEPTH,
    MAX_CONFIG_FRAME,
    ConfigError,
    SessionConfig,
    parse_text_frame,
)

STREAM_MODELS = ("inter-2", "inter-2-audio")
PCM_RATES = (16000, 24000)


@dataclass(frozen=True)
class V2Config:
    base: SessionConfig
    model: str | None  # None: keep the session's model
    audio_format: dict[str, Any] | None  # None: keep the session's format


def parse_v2_frame(text: str) -> V2Config | str:
    """A :class:`V2Config` or ``CLOSE``; ConfigError for anything invalid."""
    try:
        obj = loads_bounded(text, max_size=MAX_CONFIG_FRAME, max_depth=MAX_CONFIG_DEPTH)
    except JSONBoundError as exc:
        raise ConfigError(str(exc)) from None
    if not isinstance(obj, dict) or "type" in obj:
        if parse_text_frame(text) != CLOSE:  # the V1 parser complains about anything else
            raise ConfigError("The frame must be a session config or session.close.")
        return CLOSE
    model = obj.pop("model", None)
    audio = obj.pop("audio_format", None)
    base = parse_text_frame(json.dumps(obj))
    assert base != CLOSE and isinstance(base, SessionConfig)
    if model is not None and model not in STREAM_MODELS:
        raise ConfigError(f"`model` must be one of {', '.join(STREAM_MODELS)}.")
    return V2Config(base, model, _audio_format(audio))


def _audio_format(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ConfigError("`audio_format` must be an object.")
    fmt = {"encoding": "pcm_s16le", "sample_rate": 16000, "channels": 1, **value}
    if set(fmt) != {"encoding", "sample_rate", "channels"}:
        raise ConfigError("`audio_format` takes encoding, sample_rate and channels.")
    if fmt["encoding"] != "pcm_s16le" or fmt["channels"] != 1:
        raise ConfigError("`audio_format` must be pcm_s16le, 1 channel.")
    if fmt["sample_rate"] not in PCM_RATES or isinstance(fmt["sample_rate"], bool):
        raise ConfigError("`audio_format.sample_rate` must be 16000 or 24000.")
    return fmt
