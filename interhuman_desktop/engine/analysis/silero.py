"""Silero VAD (MIT) run by onnxruntime, its streaming state machine written here in numpy.

The model file ``silero_vad/data/silero_vad.onnx`` ships in the ``silero-vad`` wheel (installed
``--no-deps``: importing ``silero_vad`` would import torch, so the file is located without it,
see :func:`interhuman_desktop.resources.silero_vad_model`). One call of the network takes 512
new samples at 16 kHz (32 ms) preceded by the last 64 samples of the previous call (the
*context*) and a recurrent state tensor ``(2, 1, 128)``; it returns the speech probability of
those 32 ms and the next state. As in Silero's own ``VADIterator``, speech starts when the
probability reaches :data:`THRESHOLD` and ends when it falls under :data:`NEG_THRESHOLD`
(hysteresis). :class:`SileroVad` answers per 20-ms frame of the caller's clock: each frame takes
the decision of the 32-ms block holding its centre (the last decision while that block is still
incomplete: at most 32 ms late), and it keeps its state across calls, so a stream can feed it
segment by segment.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from .base import AUDIO_RATE

log = logging.getLogger(__name__)

BLOCK = 512  # new samples per network call at 16 kHz
CONTEXT = 64  # samples of the previous call prepended to each block
STATE_SHAPE = (2, 1, 128)
THRESHOLD = 0.5  # Silero's defaults (get_speech_timestamps / VADIterator)
NEG_THRESHOLD = THRESHOLD - 0.15
FRAME = int(AUDIO_RATE * 0.02)  # the caller's 20-ms frame


@cache
def _session(path: str) -> Any:  # onnxruntime.InferenceSession (imported lazily)
    """One shared session per model file (``run`` is thread-safe); single-threaded: the engine
    runs several sessions at once and each call is tiny."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(path, sess_options=opts, providers=["CPUExecutionProvider"])


class SileroVad:
    """Per-frame speech/non-speech from Silero VAD (stateful: feed consecutive audio)."""

    name = "silero"
    gates_energy = False  # the model decides alone: an energy margin would drop speech in noise

    def __init__(self, model: Path) -> None:
        self._session = _session(str(model))
        self._state = np.zeros(STATE_SHAPE, np.float32)
        self._context = np.zeros(CONTEXT, np.float32)
        self._pending = np.zeros(0, np.float32)  # samples not yet in a block
        self._decisions: list[bool] = []  # per finished block from block ``_first`` on
        self._first = 0
        self._speaking = False
        self._frames_done = 0  # 20-ms frames answered so far

    def _run_block(self, block: np.ndarray) -> float:
        x = np.concatenate([self._context, block])[None, :]
        out, self._state = self._session.run(
            None, {"input": x, "state": self._state, "sr": np.array(AUDIO_RATE, np.int64)})
        self._context = block[-CONTEXT:]
        return float(out.reshape(-1)[0])

    def _decide(self, prob: float) -> bool:
        if prob >= THRESHOLD:
            self._speaking = True
        elif prob < NEG_THRESHOLD:
            self._speaking = False
        return self._speaking

    def voiced(self, audio: np.ndarray) -> np.ndarray:
        """Bool per whole 20-ms frame of float audio in [-1, 1] (a partial frame is dropped)."""
        n = audio.size // FRAME
        samples = np.clip(audio[: n * FRAME], -1.0, 1.0).astype(np.float32)
        self._pending = np.concatenate([self._pending, samples])
        while self._pending.size >= BLOCK:
            prob = self._run_block(self._pending[:BLOCK])
            self._pending = self._pending[BLOCK:]
            self._decisions.append(self._decide(prob))
        centres = (self._frames_done + np.arange(n)) * FRAME + FRAME // 2
        self._frames_done += n
        if not self._decisions:
            return np.zeros(n, bool)
        known = np.asarray(self._decisions, bool)
        out = known[np.clip(centres // BLOCK - self._first, 0, known.size - 1)]
        keep_from = max(0, (self._frames_done * FRAME) // BLOCK - 1 - self._first)
        del self._decisions[:min(keep_from, len(self._decisions) - 1)]
        self._first += min(keep_from, known.size - 1)
        return out


def load_silero(model: Path | None) -> SileroVad | None:
    """A fresh Silero VAD, or ``None`` when the model file or onnxruntime is missing."""
    if model is None or not model.is_file():
        return None
    try:
        return SileroVad(model)
    except ImportError:
        log.warning("onnxruntime is not installed: Silero VAD unavailable")
    except Exception:  # a corrupt or incompatible model file
        log.exception("Silero VAD model %s could not be loaded", model)
    return None
