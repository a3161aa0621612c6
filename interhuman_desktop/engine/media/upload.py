"""``decode_upload``: a whole uploaded file on a clock that starts at 0."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from ..analysis.base import DecodedMedia, FrameConsumer, VideoSample
from . import errors as ih
from .decode import decode_container
from .errors import MediaError
from .raw_media import DecodeFailure, RawMedia, place
from .sniff import container_kind

log = logging.getLogger(__name__)

MIN_UPLOAD_SECONDS = 3.0
_EPSILON = 1e-3  # a 3.0-s clip whose frame times sum to 2.9999999 is 3 s


def decode_upload(
    path: str | Path,
    *,
    analysis_fps: float = 10.0,
    max_width: int = 640,
    on_frame: FrameConsumer | None = None,
) -> DecodedMedia:
    """Decode an uploaded file (start = 0.0) or raise :class:`MediaError`.

    With ``on_frame``, each analysis frame is given to it as soon as it is decoded (stamped
    from the first analysis frame) and dropped: ``frames`` of the result is then empty and
    memory stays bounded whatever the file's length (only the 16 kHz audio is kept, 64 kB/s).

    ``ih4002`` not a supported container (no known signature, or a format other than
    mp4/mov, avi, matroska/webm, mpegts); ``ih5002`` a known container that FFmpeg cannot read
    (corrupt, truncated, no decodable frame); ``ih5001`` no video track; ``ih4007`` shorter
    than 3 s.
    """
    path = Path(path)
    if not path.is_file():
        raise MediaError(ih.NO_FILE, f"No file at {path}.")
    sink = None
    if on_frame is not None:
        consumer = on_frame
        first: list[float] = []

        def sink(t: float, image: np.ndarray) -> None:
            if not first:
                first.append(t)
            consumer(VideoSample(t=max(0.0, t - first[0]), image=image))

    try:
        raw = decode_container(
            str(path), analysis_fps=analysis_fps, max_width=max_width, sink=sink
        )
    except DecodeFailure as exc:
        raise _upload_error(exc, path) from exc
    if not raw.sampled:
        raise MediaError(ih.CORRUPT_UPLOAD, "No video frame could be decoded.")
    if raw.truncated or _shorter_than_declared(raw):
        raise MediaError(ih.CORRUPT_UPLOAD, "The video file is truncated or corrupted.")
    origin = raw.first()
    if on_frame is not None and abs((raw.first_sampled or origin) - origin) > 1e-3:
        log.info("frames were stamped from %.3f s, the media starts at %.3f s",
                 raw.first_sampled, origin)
    media = place(raw, start=0.0, origin=origin, end=raw.end())
    if media.duration < MIN_UPLOAD_SECONDS - _EPSILON:
        raise MediaError(
            ih.TOO_SHORT_UPLOAD,
            f"Video must be at least 3 seconds (this one is {media.duration:.2f} s).",
        )
    log.info(
        "decoded %s: %s, %.2f s, %d frames, audio=%s",
        path.name, raw.format_name, media.duration, raw.sampled, media.has_audio,
    )
    return media


def _shorter_than_declared(raw: RawMedia) -> bool:
    """A header that promises much more media than the file holds: a truncated file."""
    declared = raw.declared_duration
    if not declared:
        return False
    held = raw.end() - raw.first()
    return held < 0.8 * declared - 0.5


def _upload_error(exc: DecodeFailure, path: Path) -> MediaError:
    if exc.reason == "no_video":
        return MediaError(ih.NO_VIDEO, "The file has no video track.")
    if exc.reason == "format":
        return MediaError(ih.UNSUPPORTED_CONTAINER, f"Unsupported container ({exc.detail}).")
    with path.open("rb") as fh:
        head = fh.read(1024)
    if container_kind(head) is None:
        return MediaError(
            ih.UNSUPPORTED_CONTAINER,
            "Unsupported container: use mp4, mov, avi, mkv, webm or mpeg-ts.",
        )
    return MediaError(ih.CORRUPT_UPLOAD, "The video file is unreadable or corrupted.")
