"""``WS /v2/stream/analyze?model=…``: the V1 session (``stream_session.StreamSession``) with
the V2 differences layered on (inter-2.md §1.2, decisions #17, #21):

- ``?model=`` picks ``inter-2`` (default) or ``inter-2-audio``; anything else (``inter-2-deep``
  included: an upload model) gets ``error ih4005`` and close 1008, with no ``session.ready``;
- ``session.ready`` lists the models (``supported_session_config_options.model``) and has no
  per-frame 3-s minimum; ``session.updated`` echoes ``model``;
- config frames may carry ``model`` (before the first media frame only) and ``audio_format``
  (inter-2-audio; fixed once the first audio frame is in), then binary frames are raw PCM;
- the media path (decoder, analysis) is wrapped by :mod:`.stream_analysis`: shedding with
  ``coverage.dropped``, ``coverage.degraded``, signals without ``modality``.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import fields
from typing import Any

from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket

from interhuman_desktop.core.error_ids import ErrorId
from interhuman_desktop.engine.analysis.base import SessionOptions
from interhuman_desktop.engine.errors import ws_error_data
from interhuman_desktop.engine.pooled_analysis import PooledAnalysis
from interhuman_desktop.engine.settings import SCOPE_STREAM, EngineSettings
from interhuman_desktop.engine.state import EngineState
from interhuman_desktop.engine.stream_accept import accept_authenticated
from interhuman_desktop.engine.stream_protocol import ConfigError
from interhuman_desktop.engine.stream_session import StreamSession

from .pcm import PcmBuffer
from .stream_analysis import V2Analysis, V2Decoder
from .stream_config import STREAM_MODELS, V2Config, parse_v2_frame

log = logging.getLogger(__name__)

QUEUE_FACTOR = 4  # V2 sessions queue this many times V1's segments (then reading blocks)


class _V2Limits(EngineSettings):
    """The engine's settings as the V1 session reads them, with the V2 ``session.ready``."""

    @classmethod
    def of(cls, settings: EngineSettings) -> _V2Limits:
        return cls(**{f.name: getattr(settings, f.name) for f in fields(settings) if f.init})

    def ready_data(self) -> dict[str, Any]:
        data = dict(super().ready_data())
        data.pop("min_segment_duration_seconds", None)  # V2: no per-frame minimum
        options = dict(data["supported_session_config_options"])
        options["model"] = list(STREAM_MODELS)
        data["supported_session_config_options"] = options
        return data


async def v2_stream_endpoint(websocket: WebSocket) -> None:
    accepted = await accept_authenticated(websocket)
    if accepted is None:
        return
    state, cid, principal = accepted
    model = websocket.query_params.get("model") or "inter-2"
    session = V2StreamSession(websocket, state, cid, model)
    if model not in STREAM_MODELS:
        await session.send("error", ws_error_data(ErrorId.INVALID_PARAMETER,
                                                  message=f"Unknown model {model!r}."))
        await session.close(1008)
    elif SCOPE_STREAM not in principal.scopes:
        await session.send("error", ws_error_data(ErrorId.INSUFFICIENT_SCOPE))
        await session.close(4003)
    else:
        await session.run()


class V2StreamSession(StreamSession):
    def __init__(self, websocket: WebSocket, state: EngineState, cid: str, model: str) -> None:
        super().__init__(websocket, state, cid)
        self.settings = _V2Limits.of(state.settings)
        self.model = model
        self.queue = asyncio.Queue(max(1, state.settings.max_queued_segments) * QUEUE_FACTOR)
        self.max_lag = state.settings.v2.stream_max_lag
        self._received: dict[int, float] = {}  # segment number → when it arrived
        self._lag = 0.0
        self.audio_format: dict[str, Any] | None = None
        self.media_started = False
        self.audio_started = False
        self.pooled = _V2Pooled(self)

    async def _on_binary(self, data: bytes) -> None:
        self.media_started = True
        self.audio_started = self.audio_started or self.audio_format is not None
        self._received[self.frames + 1] = self.loop.time()
        await super()._on_binary(data)

    async def _process(self, segment: int, data: bytes) -> None:
        self._lag = self.loop.time() - self._received.pop(segment, self.loop.time())
        await super()._process(segment, data)

    async def _on_text(self, text: str) -> None:
        try:
            parsed = parse_v2_frame(text)
            if isinstance(parsed, V2Config):
                self._apply(parsed)
        except ConfigError as exc:
            await self.send_error(ErrorId.INVALID_SESSION_CONFIG,
                                  message=f"Invalid session config frame: {exc}")
            return
        if not isinstance(parsed, V2Config):
            await self._graceful_close()
            return
        self.options = SessionOptions(parsed.base.include, parsed.base.goal_dimensions)
        await self.send("session.updated", {**parsed.base.updated_data(), "model": self.model})
        await self._enqueue(("config", self.options))

    def _apply(self, config: V2Config) -> None:
        """Take ``model`` / ``audio_format`` (session state) or raise ConfigError."""
        model = config.model or self.model
        if model != self.model and self.media_started:
            raise ConfigError("`model` can change only before the first media frame.")
        fmt = config.audio_format
        if fmt is not None and model != "inter-2-audio":
            raise ConfigError("`audio_format` needs model inter-2-audio.")
        if fmt is not None and self.audio_started and fmt != self.audio_format:
            raise ConfigError("`audio_format` is fixed once audio has been sent.")
        if fmt is not None and self.media_started and self.audio_format is None:
            raise ConfigError("`audio_format` must come before the first media frame.")
        self.model = model
        if fmt is not None:
            self.audio_format = fmt
        if isinstance(self.pooled.decoder, V2Decoder):  # open already (a config came)
            self.pooled.decoder.model = model
            if fmt is not None and self.pooled.decoder.pcm is None:
                self.pooled.decoder.pcm = PcmBuffer(fmt["sample_rate"])


def v2_stream_routes() -> list[WebSocketRoute]:
    return [WebSocketRoute("/v2/stream/analyze", v2_stream_endpoint)]


class _V2Pooled(PooledAnalysis):
    """The V1 decoder and analysis, wrapped for V2 (model, raw PCM, the lag bound)."""

    def __init__(self, session: V2StreamSession) -> None:
        super().__init__(session.state, session.cid)
        self.session = session

    def _open(self, options: SessionOptions) -> None:
        from interhuman_desktop.engine.media import StreamDecoder

        super()._open(options)
        s = self.session
        inner = StreamDecoder(analysis_fps=s.settings.analysis_fps,
                              max_width=s.settings.max_width, min_seconds=0.0)
        decoder = V2Decoder(inner, s.model)
        if s.audio_format is not None:
            decoder.pcm = PcmBuffer(s.audio_format["sample_rate"])
        self.decoder = decoder
        self.analysis = V2Analysis(self.analysis, decoder, lambda: s._lag, s.max_lag)
