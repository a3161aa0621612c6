"""The audio-only encoder: microphone blocks in, one WAV of s16le PCM per segment out (on disk).

The thread drains an audio source's :class:`DropQueue` into an
:class:`~interhuman_desktop.encode.audio_timeline.AudioTimeline` (gap-free: a lost block becomes
silence, so recording time stays capture time), resamples to the stream's rate (16 kHz mono,
what ``inter-2-audio`` takes as raw PCM) and cuts exactly ``segment_seconds`` of samples per
segment file. Each file is complete (written as ``.part`` then renamed) before ``on_segment`` is
called, on the writer thread. :meth:`stop` drains, writes the short tail and joins.
"""

from __future__ import annotations

import logging
import os
import threading
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from interhuman_desktop.capture.types import AudioBlock
from interhuman_desktop.core import clock
from interhuman_desktop.core.queues import DropQueue
from interhuman_desktop.encode.audio_timeline import AudioTimeline

log = logging.getLogger(__name__)

PCM_RATE = 16_000
SAMPLE_BYTES = 2  # s16le mono


def pcm_segment_name(index: int) -> str:
    return f"segment_{index:05d}.wav"


@dataclass(frozen=True)
class PcmSegment:
    """A finished audio segment; ``start_t`` is recording seconds (by sample count)."""

    index: int
    path: Path
    start_t: float
    media_duration: float
    last_frame_t: float | None  # capture clock of its last sample (feedback latency)


@dataclass(frozen=True)
class PcmWriterHealth:
    blocks_in: int
    blocks_dropped: int
    seconds_out: float
    reanchors: int
    queue_depth: int
    encode_lag: float


def write_wav(path: Path, pcm: bytes, rate: int = PCM_RATE) -> None:
    """``pcm`` (s16le mono) as a WAV file, complete on disk before it has its name."""
    part = path.with_name(path.name + ".part")
    with wave.open(str(part), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(SAMPLE_BYTES)
        out.setframerate(rate)
        out.writeframes(pcm)
    os.replace(part, path)


def read_pcm(path: Path) -> bytes:
    """The raw samples of a segment WAV (what goes over the stream)."""
    with wave.open(str(path), "rb") as wav:
        return wav.readframes(wav.getnframes())


class _Resampler:
    """Float blocks at the source rate → s16le bytes at ``rate`` (stateful: no seams)."""

    def __init__(self, source_rate: int, rate: int) -> None:
        self.source_rate = source_rate
        self._av = av.AudioResampler(format="s16", layout="mono", rate=rate)
        self._pts = 0

    def bytes_of(self, samples: np.ndarray | None) -> bytes:
        if samples is None:
            frames = self._av.resample(None)
        else:
            if not samples.size:
                return b""
            frame = av.AudioFrame.from_ndarray(samples[None, :], format="flt", layout="mono")
            frame.sample_rate, frame.pts = self.source_rate, self._pts
            self._pts += samples.size
            frames = self._av.resample(frame)
        return b"".join(bytes(f.to_ndarray().astype("<i2").tobytes()) for f in frames)


class PcmSegmentWriter:
    """Drains ``blocks`` on its own thread into WAV segments of ``segment_seconds``."""

    def __init__(self, out_dir: Path, blocks: DropQueue[AudioBlock], source_rate: int, *,
                 on_segment: Callable[[PcmSegment], None] | None = None,
                 segment_seconds: float = 2.0, rate: int = PCM_RATE) -> None:
        if not 0.5 <= segment_seconds <= 10.0:
            raise ValueError("segment_seconds must be within 0.5–10 s")
        self.out_dir, self.blocks, self.rate = out_dir, blocks, rate
        self.source_rate = source_rate
        self.on_segment = on_segment
        self.segment_bytes = round(segment_seconds * rate) * SAMPLE_BYTES
        self.segments: list[PcmSegment] = []
        self.error: BaseException | None = None
        self.t0: float | None = None
        self._timeline: AudioTimeline | None = None
        self._resampler = _Resampler(source_rate, rate)
        self._pending = bytearray()
        self._written = 0  # samples written into segment files
        self._blocks_in = 0
        self._last_block_t: float | None = None
        self._stop_event = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, t0: float | None = None) -> None:
        if self._thread is not None:
            raise RuntimeError("writer already started")
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.t0 = clock.now() if t0 is None else t0
        self._timeline = AudioTimeline(self.t0, self.source_rate)
        self._thread = threading.Thread(target=self._run, name="pcm-writer", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> list[PcmSegment]:
        """Drain what the (stopped) source left, write the tail, join the thread."""
        self._stop_event.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.error("the audio writer did not finish within %.0f s", timeout)
        return list(self.segments)

    def health(self) -> PcmWriterHealth:
        depth = len(self.blocks)
        lag = 0.0
        if depth and self._last_block_t is not None:
            lag = max(0.0, clock.now() - self._last_block_t)
        return PcmWriterHealth(self._blocks_in, self.blocks.dropped,
                               round(self._written / self.rate, 3),
                               self._timeline.reanchors if self._timeline else 0, depth, lag)

    # --- the thread -------------------------------------------------------------------
    def _run(self) -> None:
        try:
            while not self._stop_event.is_set():
                block = self.blocks.get(timeout=0.05)
                if block is not None:
                    self._push(block)
            for block in self.blocks.drain():
                self._push(block)
            self._pending += self._resampler.bytes_of(None)
            self._cut(final=True)
        except Exception as exc:  # the segments so far are intact; the session shows it
            self.error = exc
            log.exception("the audio writer failed")

    def _push(self, block: AudioBlock) -> None:
        assert self._timeline is not None
        self._blocks_in += 1
        self._last_block_t = block.t
        self._timeline.push(block.t, block.samples)
        samples = self._timeline.take(self._timeline.end)
        self._pending += self._resampler.bytes_of(samples)
        self._cut()

    def _cut(self, final: bool = False) -> None:
        while len(self._pending) >= self.segment_bytes or (final and self._pending):
            size = min(self.segment_bytes, len(self._pending))
            data, self._pending = bytes(self._pending[:size]), self._pending[size:]
            self._write(data)

    def _write(self, data: bytes) -> None:
        index = len(self.segments)
        path = self.out_dir / pcm_segment_name(index)
        write_wav(path, data, self.rate)
        start = self._written / self.rate
        self._written += len(data) // SAMPLE_BYTES
        duration = len(data) / SAMPLE_BYTES / self.rate
        end_t = None if self.t0 is None else self.t0 + start + duration
        segment = PcmSegment(index, path, start, duration, end_t)
        self.segments.append(segment)
        if self.on_segment is not None:
            self.on_segment(segment)
