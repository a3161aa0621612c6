"""Energy-based voice activity detection on 16 kHz mono audio, 20-ms frames.

Per frame: RMS level in dBFS. A frame is *loud* when it is :data:`MARGIN_DB` above an adaptive
noise floor (and above :data:`ABS_MIN_DB`). The floor falls quickly to quieter frames and
creeps up by :data:`FLOOR_RISE_DB` per frame otherwise, so a steady hum becomes the floor while
speech stays above it. Five seconds loud without a quiet frame, at a *steady* level (5th to
95th percentile within 4 dB: stationary noise; speech is modulated by its syllables), means the
floor started too low (a noisy room): the floor jumps to the median of those seconds. Speech
starts after :data:`ONSET_FRAMES` loud frames in a row and is held for
:data:`HANGOVER_FRAMES` after the last loud one (short gaps between syllables are not pauses).
The detector keeps its state across calls, so a stream can feed it segment by segment.

With Silero VAD available (:mod:`.vad`, the default), the model alone decides which frames are
speech (a frame must also be above :data:`SILENT_DB`, digital silence); the energy floor still
runs but only for the level reports. Silero keeps speech at 10 dB SNR that the energy margin
drops, and rejects non-speech sounds (tones, music-like hums) the energy gate accepts.

Otherwise, with ``webrtcvad-wheels`` installed, a frame counts as loud for speech only when
WebRTC's VAD also calls it speech: the energy gate rejects quiet frames the model might accept,
the model rejects loud energy outside the speech band (a whine) that the energy gate would
accept. It does not reject broadband hiss or hum switched on mid-stream; the floor, which still
learns from the energy alone, does (the 5-s relearn). Without the package the energy VAD
works alone.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass

import numpy as np

from .base import AUDIO_RATE
from .vad import load_model_vad

log = logging.getLogger(__name__)

FRAME_SECONDS = 0.02
FRAME_SAMPLES = int(AUDIO_RATE * FRAME_SECONDS)
MARGIN_DB = 12.0
ABS_MIN_DB = -50.0
SILENT_DB = -70.0  # under this a frame is silence whatever the model says
FLOOR_RISE_DB = 0.005  # 0.25 dB per second: a minute of talk lifts it 15 dB at most
FLOOR_FALL = 0.3  # share of the gap closed per quieter frame
ONSET_FRAMES = 2
HANGOVER_FRAMES = 10  # 200 ms
RELEARN_FRAMES = 250  # 5 s loud without a break …
STEADY_SPREAD_DB = 4.0  # … at a level this steady (p5..p95) is noise: it becomes the floor


@dataclass(frozen=True)
class VoiceFrames:
    """VAD output for consecutive 20-ms frames starting at ``start`` (session seconds)."""

    start: float
    level_db: np.ndarray  # float32 dBFS per frame
    voiced: np.ndarray  # bool per frame (the hangover included: pauses are measured on this)
    loud: np.ndarray | None = None  # bool per frame: above the floor margin (and model-voiced)
    vad: str = "energy"  # which detector decided: "silero", "webrtcvad+energy" or "energy"

    @property
    def times(self) -> np.ndarray:
        return self.start + FRAME_SECONDS * np.arange(self.voiced.size)

    @property
    def speech(self) -> np.ndarray:
        """``voiced`` with each run's trailing hangover cut back to its last loud frame (the
        speech segments and speaking time)."""
        if self.loud is None:
            return self.voiced
        out = self.voiced.copy()
        for a, b in runs(self.voiced):
            loud = np.flatnonzero(self.loud[a:b])
            out[a + (loud[-1] + 1 if loud.size else 0) : b] = False
        return out


def frame_levels(audio: np.ndarray) -> np.ndarray:
    """dBFS of each whole 20-ms frame (a trailing partial frame is dropped)."""
    n = audio.size // FRAME_SAMPLES
    if n == 0:
        return np.zeros(0, np.float32)
    frames = audio[: n * FRAME_SAMPLES].astype(np.float64).reshape(n, FRAME_SAMPLES)
    rms = np.sqrt(np.mean(frames * frames, axis=1))
    levels: np.ndarray = (20.0 * np.log10(np.maximum(rms, 1e-6))).astype(np.float32)
    return levels


class VoiceActivityDetector:
    """Stateful VAD: call :meth:`process` with consecutive audio blocks."""

    def __init__(self, use_model: bool = True, kind: str | None = None) -> None:
        """``kind``: the model VAD to use (see :func:`.vad.load_model_vad`); ``use_model=False``
        is the energy VAD alone."""
        self.floor: float | None = None
        self._model = load_model_vad(kind) if use_model else None
        self._gate = self._model is None or self._model.gates_energy
        self.name = "energy" if self._model is None else (
            f"{self._model.name}+energy" if self._gate else self._model.name)
        self._loud_run = 0
        self._energy_run = 0
        self._hang = 0
        self._recent: deque[float] = deque(maxlen=RELEARN_FRAMES)

    def process(self, audio: np.ndarray, start: float) -> VoiceFrames:
        levels = frame_levels(audio)
        voiced = np.zeros(levels.size, bool)
        loud = np.zeros(levels.size, bool)
        if levels.size and self.floor is None:
            self.floor = _initial_floor(levels)
        model = self._model_voiced(audio, levels.size)
        for i, level in enumerate(levels.tolist()):
            voiced[i] = self._step(level, bool(model[i]))
            loud[i] = self._loud_run > 0
        return VoiceFrames(start=start, level_db=levels, voiced=voiced, loud=loud, vad=self.name)

    def _model_voiced(self, audio: np.ndarray, n: int) -> np.ndarray:
        """The model's verdict per frame (all True without a model)."""
        if self._model is None or n == 0:
            return np.ones(n, bool)
        return self._model.voiced(audio[: n * FRAME_SAMPLES])

    def _relearn(self, floor: float) -> float:
        low, mid, high = np.percentile(self._recent, [5, 50, 95])
        if high - low >= STEADY_SPREAD_DB:
            return floor  # modulated like speech: keep the floor
        log.debug("VAD: steady background at %.1f dBFS becomes the floor", mid)
        return max(floor, float(mid))

    def _step(self, level: float, model_voiced: bool = True) -> bool:
        floor = self.floor if self.floor is not None else level
        if level < floor:
            floor += FLOOR_FALL * (level - floor)
        else:
            floor += FLOOR_RISE_DB
        self._recent.append(level)
        loud = level > max(floor + MARGIN_DB, ABS_MIN_DB)
        self._energy_run = self._energy_run + 1 if loud else 0
        speech = model_voiced and (loud if self._gate else level > SILENT_DB)
        self._loud_run = self._loud_run + 1 if speech else 0
        if self._energy_run and self._energy_run % RELEARN_FRAMES == 0:
            floor = self._relearn(floor)
        self.floor = floor
        if self._loud_run >= ONSET_FRAMES:
            self._hang = HANGOVER_FRAMES
            return True
        if self._hang > 0:
            self._hang -= 1
            return True
        return False


def _initial_floor(levels: np.ndarray) -> float:
    """The first block's 10th percentile when it is background: steady (noise), or at least
    :data:`MARGIN_DB` under the block's loud part (a quiet stretch). A block loud throughout
    may be all speech, so the floor then starts low and learns from the first pause."""
    low, p10, high = np.percentile(levels, [5, 10, 95])
    if high - low < STEADY_SPREAD_DB or high - p10 >= MARGIN_DB:
        return float(p10)
    return float(min(p10, ABS_MIN_DB - 10.0))


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) index runs where ``mask`` is True."""
    if mask.size == 0:
        return []
    padded = np.concatenate([[False], mask.astype(bool), [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]
