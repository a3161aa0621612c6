"""Model voice activity detection: WebRTC's GMM VAD (``webrtcvad-wheels``) on 20-ms frames.

The wheel is self-contained (no model file, no download). It is imported lazily: when it is
missing, :func:`load_model_vad` returns ``None`` (logged once) and the energy VAD in
:mod:`.voice` works alone.
"""

from __future__ import annotations

import logging
from functools import cache

import numpy as np

from .base import AUDIO_RATE

log = logging.getLogger(__name__)

AGGRESSIVENESS = 2  # 0..3: 2 rejects steady noise (white noise: <1 % of frames) and keeps speech
MODEL_FRAME_SECONDS = 0.02  # webrtcvad accepts 10, 20 or 30 ms at 16 kHz


class WebRtcVad:
    """Per-frame speech/non-speech from WebRTC's VAD (stateful: feed consecutive audio)."""

    name = "webrtcvad"

    def __init__(self, aggressiveness: int = AGGRESSIVENESS) -> None:
        import webrtcvad

        self._vad = webrtcvad.Vad(aggressiveness)
        self._frame = int(AUDIO_RATE * MODEL_FRAME_SECONDS)

    def voiced(self, audio: np.ndarray) -> np.ndarray:
        """Bool per whole 20-ms frame of float audio in [-1, 1] (a partial frame is dropped)."""
        n = audio.size // self._frame
        pcm = (np.clip(audio[: n * self._frame], -1.0, 1.0) * 32767.0).astype("<i2")
        out = np.zeros(n, bool)
        for i in range(n):
            chunk = pcm[i * self._frame : (i + 1) * self._frame].tobytes()
            out[i] = self._vad.is_speech(chunk, AUDIO_RATE)
        return out


@cache
def _webrtcvad_available() -> bool:
    try:
        import webrtcvad  # noqa: F401
    except ImportError:
        log.warning("webrtcvad-wheels is not installed: voice activity from the energy VAD only")
        return False
    return True


def load_model_vad() -> WebRtcVad | None:
    """A fresh model VAD, or ``None`` when the package is missing."""
    return WebRtcVad() if _webrtcvad_available() else None
