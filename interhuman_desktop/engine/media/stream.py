"""``StreamDecoder``: one WebSocket binary frame at a time, for one stream session.

A frame is either an independent complete file (mp4/mov/mkv/webm/ts/avi with its own header)
or a continuation of one continuous MediaRecorder stream: WebM (later chunks are bare
Clusters) or fragmented MP4 (later chunks are ``moof`` + ``mdat``). The decoder keeps the
session's init segment and prepends it to continuations. Container timestamps of a continuous
stream keep running, so a continuation is measured from where the previous chunk ended: the
session clock never double counts and gaps between chunks are not lost.

Continuations also get the *carry*: the stream from the Cluster (WebM) or fragment (fMP4) that
holds the last video keyframe onward. A browser may cut a chunk inside a Cluster or fragment,
and a chunk need not start on a keyframe, so decoding carry + chunk completes the cut piece and
lets the decoder start from a keyframe; what the previous chunk already delivered is decoded
again but not returned.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable

import numpy as np

from ..analysis.base import DecodedMedia
from . import errors as ih
from .decode import decode_container
from .errors import MediaError
from .raw_media import DecodeFailure, RawMedia, place
from .sniff import (
    cluster_start,
    container_kind,
    fmp4_init_segment,
    fragment_start,
    is_fmp4_continuation,
    is_webm_continuation,
    webm_init_segment,
)

log = logging.getLogger(__name__)

MAX_CARRY_BYTES = 16 * 1024 * 1024


class StreamDecoder:
    """Per-session decoder state: the init segment, the carry and where the stream's clock is."""

    def __init__(
        self,
        *,
        analysis_fps: float = 10.0,
        max_width: int = 640,
        min_seconds: float = 3.0,
        slack: float = 0.1,
    ) -> None:
        self.analysis_fps = analysis_fps
        self.max_width = max_width
        self.min_seconds = min_seconds
        self.slack = slack
        self._init: bytes | None = None
        self._kind: str | None = None  # "webm" or "fmp4" while a continuous stream is open
        self._carry = b""  # the stream from the Cluster/fragment of the last video keyframe on
        self._prev_end: float | None = None  # container time where the last chunk ended
        self._prev_video_end: float | None = None
        self._lock = threading.Lock()

    def decode(
        self, data: bytes, start: float, on_image: Callable[[np.ndarray], None] | None = None
    ) -> DecodedMedia:
        """Decode one binary frame placed at session time ``start``; raise :class:`MediaError`.

        ``ih5004`` the frame cannot be parsed (even with the session's init segment);
        ``ih5001`` no video track; ``ih5006`` shorter than ``min_seconds - slack``. A rejected
        short continuation still advances the stream's container clock (its media is dropped,
        not counted), so the next chunk is measured from its own start. ``on_image`` sees each
        analysis picture as it is decoded (the same arrays, in the order of ``frames``).
        """
        with self._lock:
            return self._decode(bytes(data), start, on_image)

    def _decode(
        self, data: bytes, start: float, on_image: Callable[[np.ndarray], None] | None
    ) -> DecodedMedia:
        continuation = self._is_continuation(data)
        if not continuation:
            self._remember_init(data)
        payload = self._init + self._carry + data if continuation and self._init else data
        origin = self._prev_end if continuation else None
        skip = self._prev_video_end if continuation else None
        try:
            raw = decode_container(
                io.BytesIO(payload),
                analysis_fps=self.analysis_fps,
                max_width=self.max_width,
                origin=origin,
                skip_before=skip,
                on_image=on_image,
            )
        except DecodeFailure as exc:
            raise self._error(exc, continuation) from exc
        if not raw.video_packets:
            raise self._error(DecodeFailure("no_packets"), continuation)
        self._update_carry(data, continuation, raw.last_key_pos)
        return self._placed(raw, start, origin)

    def _is_continuation(self, data: bytes) -> bool:
        if not self._init:
            return False
        if self._kind == "webm":
            return is_webm_continuation(data)
        return self._kind == "fmp4" and is_fmp4_continuation(data)

    def _placed(self, raw: RawMedia, start: float, origin: float | None) -> DecodedMedia:
        first = raw.new_first if raw.new_first is not None else raw.first()
        if origin is None or first > origin + 1.0:
            origin = first  # an independent file, or a continuation whose stamps jumped
        end = raw.end()
        self._prev_end, self._prev_video_end = end, raw.video_end
        media = place(raw, start=start, origin=origin, end=end)
        if media.duration < self.min_seconds - self.slack:
            raise MediaError(
                ih.TOO_SHORT_SEGMENT,
                f"Segment must be at least {self.min_seconds:g} seconds "
                f"(this one is {media.duration:.2f} s).",
            )
        log.debug("segment at %.2f: %.2f s, %d frames", start, media.duration, len(media.frames))
        return media

    def _remember_init(self, data: bytes) -> None:
        kind = container_kind(data)
        init = webm_init_segment(data) if kind == "webm" else None
        if kind == "mp4":
            init = fmp4_init_segment(data)
        if init:
            self._kind = "webm" if kind == "webm" else "fmp4"
            self._init = init
        elif kind is not None:
            self._kind, self._init = None, None
        self._carry = b""
        self._prev_end = self._prev_video_end = None

    def _update_carry(self, data: bytes, continuation: bool, key_pos: int | None) -> None:
        """Keep the stream from the Cluster / fragment holding the last video keyframe on."""
        if self._kind is None or not self._init:
            return
        find = cluster_start if self._kind == "webm" else fragment_start
        body = self._carry + data if continuation else data[len(self._init) :]
        if key_pos is not None and key_pos >= len(self._init):
            body = body[max(find(body, key_pos - len(self._init)), 0) :]
        elif not continuation:
            body = body[max(find(body, len(body)), 0) :]
        self._carry = body if len(body) <= MAX_CARRY_BYTES else b""

    def _error(self, exc: DecodeFailure, continuation: bool) -> MediaError:
        if exc.reason == "no_video":
            return MediaError(ih.NO_VIDEO, "The segment has no video track.")
        hint = " (continuation of the session's stream)" if continuation else ""
        log.info("unparseable segment%s: %s", hint, exc)
        return MediaError(
            ih.UNPARSEABLE_SEGMENT,
            "The segment could not be parsed as video: send complete files, or the chunks of "
            "one continuous WebM/fragmented-MP4 recording in order.",
        )
