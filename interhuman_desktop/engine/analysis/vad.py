"""Model voice activity detection on 20-ms frames: Silero VAD, else WebRTC's GMM VAD.

:func:`load_model_vad` picks, in order: Silero VAD (:mod:`.silero`: its ONNX file from the
``silero-vad`` wheel, run by onnxruntime), which decides alone; WebRTC's VAD
(``webrtcvad-wheels``, self-contained), which gates the energy VAD in :mod:`.voice`; or ``None``,
and the energy VAD works alone. The choice is logged once. :data:`VAD_ENV` forces one
(``silero``, ``webrtcvad`` or ``energy``), e.g. to compare them.
"""

from __future__ import annotations

import logging
import os
from functools import cache
from typing import Protocol

import numpy as np

from ...resources import silero_vad_model
from .base import AUDIO_RATE
from .silero import load_silero

log = logging.getLogger(__name__)

AGGRESSIVENESS = 2  # 0..3: 2 rejects steady noise (white noise: <1 % of frames) and keeps speech
MODEL_FRAME_SECONDS = 0.02  # webrtcvad accepts 10, 20 or 30 ms at 16 kHz
VAD_ENV = "INTERHUMAN_DESKTOP_VAD"  # auto (default), silero, webrtcvad or energy
KINDS = ("auto", "silero", "webrtcvad", "energy")


class ModelVad(Protocol):
    name: str
    gates_energy: bool  # True: a frame is speech only when the energy VAD also finds it loud

    def voiced(self, audio: np.ndarray) -> np.ndarray: ...


class WebRtcVad:
    """Per-frame speech/non-speech from WebRTC's VAD (stateful: feed consecutive audio)."""

    name = "webrtcvad"
    gates_energy = True

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


def load_model_vad(kind: str | None = None) -> ModelVad | None:
    """A fresh model VAD of ``kind`` (default: :data:`VAD_ENV`, else ``auto``), or ``None``."""
    kind = (kind or os.environ.get(VAD_ENV) or "auto").lower()
    if kind not in KINDS:
        log.warning("%s=%r is not one of %s: using auto", VAD_ENV, kind, ", ".join(KINDS))
        kind = "auto"
    model: ModelVad | None = None
    if kind in ("auto", "silero"):
        model = load_silero(silero_vad_model())
    if model is None and kind in ("auto", "webrtcvad"):
        model = WebRtcVad() if _webrtcvad_available() else None
    _log_choice(kind, model.name if model is not None else "energy")
    return model


@cache
def _log_choice(kind: str, used: str) -> None:
    if kind not in ("auto", used):
        log.warning("voice activity: %s requested but unavailable, using %s", kind, used)
    else:
        log.info("voice activity: %s", used if used != "webrtcvad" else "webrtcvad gating energy")
