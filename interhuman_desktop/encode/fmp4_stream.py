"""One continuous fragmented-MP4 stream per connection, made of the recorder's independent
segment files (decisions #17: the V2 stream takes an init segment first, then fragments).

Each segment's packets are copied (no re-encode) into a muxer of their own, with their
timestamps moved on by the media already sent, and the muxer is closed at once: the chunk of
a segment holds all of it. (One muxer for the whole stream would hold the last fragment back
until the next keyframe arrives, and a recorder segment is one keyframe interval: the V2
analysis was a whole segment late, 9–12 s behind with 5-s segments.) The first chunk starts
with the init segment (``ftyp`` + ``moov``), later ones are bare ``moof`` + ``mdat``
fragments whose decode times (``tfdt``) and sequence numbers are moved on to continue the
first muxer's, so the receiver reads one stream. After a reconnect the caller starts a new
stream (a fresh init segment, media time from 0).
"""

from __future__ import annotations

import io
import logging
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

from interhuman_desktop.encode.fmp4_boxes import boxes, move_fragments

__all__ = ["Fmp4Stream", "boxes"]

log = logging.getLogger(__name__)

FRAGMENTED = {"movflags": "frag_keyframe+empty_moov+default_base_moof"}
INIT_BOXES = (b"ftyp", b"moov")  # the init segment: sent once, with the first chunk
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
        self._last_dts: dict[str, Fraction] = {}
        self._origin: Fraction | None = None  # the media time the stream's decode time 0 is
        self._sequence = 1  # the next fragment's mfhd sequence number

    def chunk(self, path: str | Path) -> bytes:
        sink = _Sink()
        with av.open(str(path)) as src:
            wanted = [s for s in src.streams if s.type in ("video", "audio")]
            out = av.open(sink, "w", format="mp4", options=FRAGMENTED)
            try:
                streams: dict[str, Any] = {s.type: out.add_stream_from_template(s)
                                           for s in wanted}
                first = self._copy(src, wanted, streams, out)
                scales = {s.index + 1: Fraction(s.time_base) for s in streams.values()
                          if s.time_base is not None}  # track id → seconds per tick
            finally:
                out.close()
        if not first:
            return b""  # no packet: nothing to send
        return self._fragments(bytes(sink.data), min(first.values()), scales)

    def close(self) -> bytes:
        """The rest of the stream: nothing, each chunk was complete."""
        return b""

    def _copy(self, src: Any, wanted: list[Any], streams: dict[str, Any],
              out: Any) -> dict[str, Fraction]:
        """Mux ``src``'s packets moved on by ``offset``; each track's first decode time."""
        first: dict[str, Fraction] = {}
        end = self.offset
        for packet in src.demux(wanted):
            kind = packet.stream.type
            if packet.dts is None or packet.pts is None or kind not in streams:
                continue  # the demuxer's end-of-stream marker
            shift = round(self.offset / packet.time_base)
            packet.pts += shift
            packet.dts += shift
            dts = packet.dts * packet.time_base
            if kind in self._last_dts and dts <= self._last_dts[kind]:
                continue  # overlaps the previous segment's last packet (AAC priming)
            self._last_dts[kind] = dts
            first.setdefault(kind, dts)
            end = max(end, float((packet.pts + (packet.duration or 0)) * packet.time_base))
            packet.stream = streams[kind]
            out.mux(packet)
        self.offset = end
        return first

    def _fragments(self, data: bytes, start: Fraction, scales: dict[int, Fraction]) -> bytes:
        """The complete boxes to send: the init segment only in the first chunk; a muxer
        counts decode time from its earliest packet, so later ones are moved on to the first's."""
        init = self._origin is None
        if self._origin is None:
            self._origin = start
        shift = {track: round((start - self._origin) / scale) for track, scale in scales.items()}
        kept = [(k, s, n) for k, s, n in boxes(data) if s + n <= len(data)
                and k not in DROPPED_BOXES and (init or k not in INIT_BOXES)]
        payload = b"".join(data[s:s + n] for _k, s, n in kept)
        moved, self._sequence = move_fragments(payload, shift, self._sequence)
        return moved
