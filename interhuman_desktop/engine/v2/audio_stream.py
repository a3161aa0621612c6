"""inter-2-audio streams of container media without a video track (WebM/Opus, fMP4/AAC).

The V1 ``StreamDecoder`` needs video (its timing and carry follow video keyframes), so
audio-only recordings are decoded here: the first frame's header (the WebM bytes before the
first Cluster, or ``ftyp`` + ``moov`` of a fragmented MP4) is kept and put in front of each
continuation, and each frame's sound is decoded on its own (Opus and AAC frames need no
earlier ones). A frame's media lasts as long as its decoded samples.
"""

from __future__ import annotations

import io
import logging

import av
import numpy as np

from interhuman_desktop.core.error_ids import ErrorId
from interhuman_desktop.engine.analysis.base import AUDIO_RATE, DecodedMedia
from interhuman_desktop.engine.media import MediaError
from interhuman_desktop.engine.media.sniff import (
    container_kind,
    fmp4_init_segment,
    webm_init_segment,
)

log = logging.getLogger(__name__)


class AudioStreamDecoder:
    def __init__(self) -> None:
        self._init: bytes | None = None

    def decode(self, data: bytes, start: float) -> DecodedMedia:
        kind = container_kind(data)
        if kind is not None:  # a header: a new stream (or an independent file)
            self._init = webm_init_segment(data) if kind == "webm" else fmp4_init_segment(data)
            payload = data
        elif self._init is not None:
            payload = self._init + data
        else:
            raise MediaError(ErrorId.MALFORMED_SEGMENT,
                             "A continuation came before any stream header.")
        audio = _decode_audio(payload)
        return DecodedMedia(start=start, duration=audio.size / AUDIO_RATE, frames=[],
                            audio=audio, has_audio=audio.size > 0)


def _decode_audio(payload: bytes) -> np.ndarray:
    parts: list[np.ndarray] = []
    try:
        with av.open(io.BytesIO(payload), mode="r") as container:
            if not container.streams.audio:
                raise MediaError(ErrorId.MALFORMED_SEGMENT, "The segment has no audio track.")
            resampler = av.AudioResampler(format="flt", layout="mono", rate=AUDIO_RATE)
            stream = container.streams.audio[0]
            for frame in container.decode(stream):
                parts += [np.array(f.to_ndarray().reshape(-1), np.float32)
                          for f in resampler.resample(frame)]
            parts += [np.array(f.to_ndarray().reshape(-1), np.float32)
                      for f in resampler.resample(None)]
    except (av.FFmpegError, ValueError) as exc:
        log.info("audio segment unreadable: %s", exc)
        raise MediaError(ErrorId.MALFORMED_SEGMENT,
                         "The audio segment could not be parsed.") from None
    return np.concatenate(parts) if parts else np.zeros(0, np.float32)
