"""One continuous fragmented-MP4 stream per connection, made of the recorder's independent
segment files (decisions #17: the V2 stream takes an init segment first, then fragments).

One muxer lives as long as the stream: each segment's packets are copied into it (no
re-encode) with their timestamps moved on by the media already sent, and it writes a fragment
per video keyframe. :meth:`Fmp4Stream.chunk` returns the complete boxes written so far: the
first chunk starts with the init segment (``ftyp`` + ``moov``), later ones are bare
``moof`` + ``mdat`` fragments. A fragment is complete when the next keyframe arrives, so the
last keyframe interval of a segment goes out with the next segment (or with :meth:`close`);
a segment that is one keyframe interval (the recorder's) thus goes out one segment late.
After a reconnect the caller starts a new stream (a fresh init segment, media time from 0).
"""

from __future__ import annotations

import io
import logging
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

log = logging.getLogger(__name__)

FRAGMENTED = {"movflags": "frag_keyframe+empty_moov+default_base_moof"}
DROPPED_BOXES = (b"mfra",)  # the random-access index written at the end


class _Sink(io.RawIOBase):
    def __init__(self) -> None:
        super().__init__()
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.data += bytes(b)
        return len(b)


class Fmp4Stream:
    """``chunk(path)`` → the bytes to send after adding the next segment to this stream."""

    def __init__(self) -> None:
        self.offset = 0.0  # media seconds already in the stream
        self._sink = _Sink()
        self._out: Any = None
        self._streams: dict[str, Any] = {}
        self._last_dts: dict[str, Fraction] = {}

    def chunk(self, path: str | Path) -> bytes:
        with av.open(str(path)) as src:
            wanted = [s for s in src.streams if s.type in ("video", "audio")]
            if self._out is None:
                self._out = av.open(self._sink, "w", format="mp4", options=FRAGMENTED)
                for s in wanted:
                    self._streams[s.type] = self._out.add_stream_from_template(s)
            self.offset = self._copy(src, wanted)
        return self._take()

    def close(self) -> bytes:
        """The rest of the stream (its last fragment)."""
        if self._out is not None:
            self._out.close()
            self._out = None
        return self._take(final=True)

    def _copy(self, src: Any, wanted: list[Any]) -> float:
        end = self.offset
        for packet in src.demux(wanted):
            kind = packet.stream.type
            if packet.dts is None or packet.pts is None or kind not in self._streams:
                continue  # the demuxer's end-of-stream marker
            shift = round(self.offset / packet.time_base)
            packet.pts += shift
            packet.dts += shift
            dts = packet.dts * packet.time_base
            if kind in self._last_dts and dts <= self._last_dts[kind]:
                continue  # overlaps the previous segment's last packet (AAC priming)
            self._last_dts[kind] = dts
            end = max(end, float((packet.pts + (packet.duration or 0)) * packet.time_base))
            packet.stream = self._streams[kind]
            self._out.mux(packet)
        return end

    def _take(self, final: bool = False) -> bytes:
        data = bytes(self._sink.data)
        complete = [(k, s, n) for k, s, n in boxes(data) if s + n <= len(data)]
        if not final and not any(k == b"mdat" for k, _, _ in complete):
            return b""  # an init segment alone is no media: it goes with the first fragment
        used = complete[-1][1] + complete[-1][2] if complete else 0
        del self._sink.data[:used]
        if final:
            self._sink.data.clear()
        return b"".join(data[s:s + n] for k, s, n in complete if k not in DROPPED_BOXES)


def boxes(data: bytes) -> list[tuple[bytes, int, int]]:
    """Top-level ISO-BMFF boxes as (type, offset, size), the last one possibly incomplete."""
    found: list[tuple[bytes, int, int]] = []
    pos = 0
    while pos + 8 <= len(data):
        size = int.from_bytes(data[pos:pos + 4], "big")
        if size == 1 and pos + 16 <= len(data):
            size = int.from_bytes(data[pos + 8:pos + 16], "big")
        if size < 8:
            break
        found.append((data[pos + 4:pos + 8], pos, size))
        pos += size
    return found
