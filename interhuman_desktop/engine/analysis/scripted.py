"""The scripted analyser ("scripted:PATH"): replays a scenario file, for tests that need exact
events. Format (see docs/analyzer.md)::

    {"stream": [{"at": 3.0, "type": "signal.detected", "data": {...}}, ...],
     "upload": {... an AnalysisResult payload ...}}

Both keys are optional. Every entry is validated with the SDK's pydantic models at load time.
"""

from __future__ import annotations

import copy
import json
import logging
import threading
from pathlib import Path
from typing import Any

from interhumanai import stream as sdk_stream
from interhumanai.types import AnalysisResult
from pydantic import BaseModel, ValidationError

from .base import Analyzer, DecodedMedia, Event, SessionOptions, StreamAnalysis

log = logging.getLogger(__name__)

EVENT_DATA: dict[str, type[BaseModel]] = {
    "signal.detected": sdk_stream.SignalDetectedData,
    "signal.updated": sdk_stream.SignalUpdatedData,
    "signal.ended": sdk_stream.SignalEndedData,
    "engagement.updated": sdk_stream.EngagementUpdatedData,
    "conversation_quality.updated": sdk_stream.ConversationQualityUpdatedData,
    "feedback.generated": sdk_stream.FeedbackGeneratedData,
}
ScenarioEvent = tuple[float, str, dict[str, Any]]  # (at, event type, data)

CQ_KEYS = {"conversation_quality_overall": "overall", "conversation_quality_timeline": "timeline"}


class ScenarioError(ValueError):
    """A scenario file that cannot be replayed."""


def load_scenario(path: str | Path) -> tuple[list[ScenarioEvent], dict[str, Any] | None]:
    """Parse and validate a scenario: (stream events sorted by ``at``, upload payload or None)."""
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ScenarioError(f"scenario {path}: cannot read JSON: {exc}") from exc
    if not isinstance(doc, dict) or set(doc) - {"stream", "upload"}:
        raise ScenarioError(f"scenario {path}: expected an object with 'stream' and/or 'upload'")
    events = [_event(path, i, e) for i, e in enumerate(doc.get("stream") or [])]
    upload = doc.get("upload")
    if upload is not None:
        try:
            AnalysisResult.model_validate(upload)
        except ValidationError as exc:
            msg = f"scenario {path}: 'upload' is not an AnalysisResult: {exc}"
            raise ScenarioError(msg) from exc
    return sorted(events, key=lambda e: e[0]), upload


def _event(path: Path, index: int, entry: Any) -> ScenarioEvent:
    where = f"scenario {path}: stream[{index}]"
    if not isinstance(entry, dict) or set(entry) != {"at", "type", "data"}:
        raise ScenarioError(f"{where}: expected exactly the keys 'at', 'type', 'data'")
    at, kind, data = entry["at"], entry["type"], entry["data"]
    if isinstance(at, bool) or not isinstance(at, int | float) or at < 0:
        raise ScenarioError(f"{where}: 'at' must be a number >= 0")
    if kind not in EVENT_DATA:
        raise ScenarioError(f"{where}: unknown type {kind!r} (one of {sorted(EVENT_DATA)})")
    try:
        EVENT_DATA[kind].model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(f"{where}: invalid {kind} data: {exc}") from exc
    return float(at), kind, data


class ScriptedAnalyzer(Analyzer):
    name = "scripted"

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._events, self._upload = load_scenario(self.path)

    def open_stream(self, options: SessionOptions) -> StreamAnalysis:
        return ScriptedStream(self._events, options)

    def analyze_upload(self, media: DecodedMedia, options: SessionOptions) -> dict[str, Any]:
        if self._upload is None:
            entry = {"start": 0.0, "end": round(media.end, 3), "state": "neutral"}
            return {"signals": [], "engagement_state": [entry]}
        result = copy.deepcopy(self._upload)
        if not set(options.include) & set(CQ_KEYS):
            result.pop("conversation_quality", None)
        if not options.goal_dimensions and options.conversation_context is None:
            result.pop("feedback", None)
        return result


class ScriptedStream(StreamAnalysis):
    """Emits each scripted event once the session's media clock reaches its ``at``."""

    def __init__(self, events: list[tuple[float, str, dict[str, Any]]], options: SessionOptions):
        self._events = events
        self._next = 0
        self._clock = 0.0
        self._open: set[str] = set()
        self._lock = threading.Lock()
        self.configure(options)

    def configure(self, options: SessionOptions) -> None:
        with self._lock:
            self._include = [f for f in options.include if f in CQ_KEYS]
            self._goals = bool(options.goal_dimensions)

    def feed(self, media: DecodedMedia) -> list[Event]:
        with self._lock:
            self._clock = max(self._clock, media.end)
            return self._due(self._clock)

    def finish(self) -> list[Event]:
        with self._lock:
            events = self._due(self._clock)
            end = round(self._clock, 3)
            events += [("signal.ended", {"signal_type": k, "end": end}) for k in sorted(self._open)]
            self._open.clear()
            return events

    def _due(self, clock: float) -> list[Event]:
        out: list[Event] = []
        while self._next < len(self._events) and self._events[self._next][0] <= clock + 1e-9:
            _, kind, data = self._events[self._next]
            self._next += 1
            event = self._filtered(kind, copy.deepcopy(data))
            if event is not None:
                out.append(event)
        return out

    def _filtered(self, kind: str, data: dict[str, Any]) -> Event | None:
        if kind == "conversation_quality.updated":
            if not self._include:
                return None
            wanted = {CQ_KEYS[f] for f in self._include}
            data = {k: v for k, v in data.items() if k in wanted}
        elif kind == "feedback.generated" and not self._goals:
            return None
        elif kind == "signal.detected":
            self._open.add(data["signal_type"])
        elif kind == "signal.ended":
            self._open.discard(data["signal_type"])
        return kind, data
