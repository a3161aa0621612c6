"""Bench-only timing probe for the live path (bench/live.py puts this folder on PYTHONPATH).

Python imports ``sitecustomize`` at start-up in every process that has this folder on its path:
the ``live`` command and the engine child it starts (which inherits PYTHONPATH). With
``IH_LATENCY_PROBE=DIR`` set, it wraps a few methods of the live path as their modules are
imported and appends ``{"stage", "seg", "t", ...}`` lines (``t`` = ``time.monotonic``, one
clock for all processes on Linux) to ``DIR/<pid>.jsonl``. Nothing is changed but the timing.
Without the variable it does nothing.
"""

from __future__ import annotations

import functools
import importlib.abc
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_DIR = os.environ.get("IH_LATENCY_PROBE")
_lock = threading.Lock()
_out: Any = None
_state: dict[str, Any] = {"seg": None, "acc": {}}


def record(stage: str, seg: int | None = None, **extra: Any) -> None:
    global _out
    line = json.dumps({"stage": stage, "seg": seg, "t": time.monotonic(), **extra})
    with _lock:
        if _out is None:
            assert _DIR is not None
            _out = open(Path(_DIR) / f"{os.getpid()}.jsonl", "a", buffering=1)  # noqa: SIM115
        _out.write(line + "\n")


def _wrap(owner: Any, name: str, before: Callable | None = None, after: Callable | None = None):
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if before is not None:
            before(*args, **kwargs)
        result = original(*args, **kwargs)
        if after is not None:
            after(result, *args, **kwargs)
        return result

    setattr(owner, name, wrapper)


def _wrap_async(owner: Any, name: str, before: Callable, after: Callable) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        before(*args, **kwargs)
        result = await original(*args, **kwargs)
        after(result, *args, **kwargs)
        return result

    setattr(owner, name, wrapper)


def _accumulate(owner: Any, name: str, key: str) -> None:
    """Add the call's wall time to the current feed's ``key`` total."""
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.monotonic()
        try:
            return original(*args, **kwargs)
        finally:
            acc = _state["acc"]
            acc[key] = acc.get(key, 0.0) + time.monotonic() - started

    setattr(owner, name, wrapper)


# ---- the live command (client) -------------------------------------------------------------
def _segment_writer(module: Any) -> None:
    """Older checkouts cut segments in SegmentWriter itself; newer ones in encode.segmenter."""
    if hasattr(module.SegmentWriter, "_rotate"):
        _segment_cutter(module.SegmentWriter)


def _segmenter(module: Any) -> None:
    _segment_cutter(module.Segmenter)


def _segment_cutter(cls: Any) -> None:
    _wrap(cls, "_rotate", before=lambda self: record(
        "rotate", self._seg.index if self._seg is not None else None))
    _wrap(cls, "_publish", before=lambda self, info: record(
        "published", info.index, last_frame_t=info.last_frame_t))


def _pump(module: Any) -> None:
    cls = module.ConnectionPump
    _wrap_async(cls, "_send", lambda self, s: record("send_start", s.index),
                lambda result, self, s: record("sent", s.index))

    def on_event(self: Any, event: Any) -> None:
        before = {i for i, s in self.outbox.segments.items() if s.latency is not None}
        arrived = time.monotonic()
        original_on_event(self, event)
        for i, s in self.outbox.segments.items():
            if s.latency is not None and i not in before:
                record("latency", i, latency=s.latency, arrived=arrived, type=event.type)

    original_on_event = cls._on_event
    cls._on_event = on_event


# ---- the engine child ----------------------------------------------------------------------
def _stream_session(module: Any) -> None:
    cls = module.StreamSession
    _wrap_async(cls, "_on_binary", lambda self, data: record(
        "recv", self.frames + 1, bytes=len(data)), lambda result, self, data: None)

    def start(self: Any, segment: int, data: bytes) -> None:
        _state["seg"] = segment
        record("process_start", segment)

    _wrap_async(cls, "_process", start, lambda r, self, segment, data: record("process_end",
                                                                              segment))
    _wrap_async(cls, "_send_events",
                lambda self, events: record("events_start", _state["seg"], n=len(events)),
                lambda r, self, events: record("events_sent", _state["seg"], n=len(events)))


def _decode_start() -> None:
    _state["acc"] = {}  # a segment's part totals run from here (FaceMesh may start in the decode)
    record("decode_start", _state["seg"])


def _media_stream(module: Any) -> None:
    _wrap(module.StreamDecoder, "decode",
          before=lambda self, *args: _decode_start(),
          after=lambda r, self, *args: record("decode_end", _state["seg"]))


def _cue_stream(module: Any) -> None:
    def start(self: Any, media: Any) -> None:
        record("feed_start", _state["seg"], frames=len(media.frames))

    def end(events: Any, self: Any, media: Any) -> None:
        record("feed_end", _state["seg"], events=len(events), **_state["acc"])

    _wrap(module.CueStream, "feed", before=start, after=end)
    _accumulate(module, "analyse", "windows")


def _cues(module: Any) -> None:
    _accumulate(module.CueTimeline, "add_frame", "faces")
    _accumulate(module, "pitch_track", "pitch")


def _voice(module: Any) -> None:
    _accumulate(module.VoiceActivityDetector, "process", "vad")


def _landmarks(module: Any) -> None:
    _accumulate(module.MeshTracker, "landmarks", "facemesh")


def _expression(module: Any) -> None:
    _accumulate(module.ExpressionSampler, "sample", "expression")


PATCHES: dict[str, Callable[[Any], None]] = {
    "interhuman_desktop.encode.segment_writer": _segment_writer,
    "interhuman_desktop.encode.segmenter": _segmenter,
    "interhuman_desktop.session.pump": _pump,
    "interhuman_desktop.engine.stream_session": _stream_session,
    "interhuman_desktop.engine.media.stream": _media_stream,
    "interhuman_desktop.engine.analysis.cue_stream": _cue_stream,
    "interhuman_desktop.engine.analysis.cues": _cues,
    "interhuman_desktop.engine.analysis.voice": _voice,
    "interhuman_desktop.engine.analysis.landmarks": _landmarks,
    "interhuman_desktop.engine.analysis.expression": _expression,
}


class _PatchAfterImport(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name not in PATCHES:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None and spec.loader is not None:
                execute = spec.loader.exec_module

                def exec_module(module: Any, execute: Callable = execute) -> None:
                    execute(module)
                    PATCHES[name](module)

                spec.loader.exec_module = exec_module  # type: ignore[method-assign]
                return spec
        return None


if _DIR:
    sys.meta_path.insert(0, _PatchAfterImport())
