"""Cue extraction: per-frame face cues and per-20-ms voice frames, summarised per window.

This module only *measures*. Turning a window's cues into signals, engagement and CQI is
``mapping`` / ``cqi``: a deeper analyser can add cue fields here and rules there.
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from .base import DecodedMedia, VideoSample
from .face import FaceCue
from .face_window import face_summary
from .landmarks import MeshTracker, make_tracker
from .prefetch import Found, LandmarkPrefetch
from .prosody import PitchTrack, pitch_summary, pitch_track
from .voice import FRAME_SECONDS, HANGOVER_FRAMES, VoiceActivityDetector, VoiceFrames, runs

log = logging.getLogger(__name__)

MIN_VIDEO_FRAMES = 5  # fewer analysis frames in a window: no visual evidence
MIN_AUDIO_SECONDS = 1.0  # less audio in a window: no audio evidence
PAUSE_MIN = 0.3  # a silence inside speech at least this long is a pause
LONG_PAUSE = 1.0  # … and this long, a long pause
PAUSE_CONTEXT = 1.0  # audio looked at beyond each window edge to see where a pause ends
LOUDNESS_BLOCK = 0.25  # seconds per block for loudness steadiness
MIN_VOICED_SECONDS = 1.0  # voiced time needed to report loudness
HANGOVER_DROP_DB = 20.0  # voiced frames this far below the median voiced level are not speech


@dataclass(frozen=True)
class WindowCues:
    """Everything measured in one window; ``None`` means the modality gave no evidence."""

    start: float
    end: float
    frames: int = 0
    face_ratio: float | None = None
    centred_ratio: float | None = None
    face_width: float | None = None
    face_jitter: float | None = None
    longest_absence: float = 0.0
    detector: str = "haar"
    facing_ratio: float | None = None  # face present and turned toward the camera
    gaze_ratio: float | None = None  # eyes on the camera (FaceMesh only)
    smile_ratio: float | None = None  # share of face frames smiling (FaceMesh only)
    nods: int | None = None  # swings of pitch oscillations (FaceMesh only; see oscillation)
    nod_span: float = 0.0  # seconds the nods last (first to last extreme, summed)
    nod_amp: float = 0.0  # median excursion, degrees from the facing direction
    shakes: int | None = None  # swings of yaw oscillations (FaceMesh only)
    shake_span: float = 0.0
    shake_amp: float = 0.0
    # facial expression (FaceMesh + expression model; expression_window.py): shares of frames
    expression_ratio: float | None = None  # frames with an expression reading
    happy_ratio: float | None = None  # smiling: p(happy) >= 0.6
    negative_ratio: float | None = None  # p(sad + angry + fearful + disgusted) >= 0.6
    distress_ratio: float | None = None  # p(sad + fearful) >= 0.6
    expression_mean: tuple[float, ...] | None = None  # mean probabilities, expression.LABELS
    audio_seconds: float = 0.0
    speaking_ratio: float | None = None
    pauses: tuple[float, ...] = ()
    loudness_db: float | None = None
    loudness_spread_db: float | None = None
    pitch_hz: float | None = None  # median F0 of voiced frames
    pitch_spread_st: float | None = None  # F0 variability, semitones (std)

    @property
    def has_video(self) -> bool:
        return self.face_ratio is not None

    @property
    def has_audio(self) -> bool:
        return self.speaking_ratio is not None

    @property
    def long_pauses(self) -> tuple[float, ...]:
        return tuple(p for p in self.pauses if p >= LONG_PAUSE)


class CueTimeline:
    """Cues of one session (or one upload) on the session clock."""

    def __init__(self, prefer_mesh: bool = True) -> None:
        self.faces: list[FaceCue] = []
        self.voice: list[VoiceFrames] = []
        self.pitch: list[PitchTrack] = []
        self._vad = VoiceActivityDetector()
        self._tracker = make_tracker(prefer_mesh)
        self.end = 0.0

    @property
    def detector(self) -> str:
        return self._tracker.detector

    def close(self) -> None:
        """Release the face tracker (idempotent)."""
        self._tracker.close()

    def add_frame(self, sample: VideoSample) -> None:
        """Measure one analysis frame now; the picture is not kept."""
        self.faces.append(self._tracker.detect(sample.t, sample.image))

    def add(self, media: DecodedMedia,
            found: dict[int, tuple[np.ndarray, Found]] | None = None) -> None:
        """Measure the new media now (face cues per frame, VAD per 20 ms). ``found``: the
        FaceMesh landmarks of its pictures, already measured (:class:`LandmarkPrefetch`)."""
        found = dict(found or {})
        for sample in media.frames:
            hit = found.pop(id(sample.image), None)
            if hit is None or not isinstance(self._tracker, MeshTracker):
                self.add_frame(sample)
            else:
                self.faces.append(self._tracker.detect_found(sample.t, sample.image, *hit[1]))
        if found:
            log.info("%d prefetched picture(s) not in the media (a refused segment)", len(found))
        self.add_audio(media)

    def prefetcher(self) -> LandmarkPrefetch | None:
        """A :class:`LandmarkPrefetch` on this timeline's tracker (FaceMesh only), or None."""
        return LandmarkPrefetch(self._tracker) if isinstance(self._tracker, MeshTracker) else None

    def add_audio(self, media: DecodedMedia) -> None:
        if media.has_audio and media.audio.size:
            self.voice.append(self._vad.process(media.audio, media.start))
            track = pitch_track(media.audio, media.start)
            if track is not None:
                self.pitch.append(track)
        self.end = max(self.end, media.end)

    def prune(self, before: float) -> None:
        """Forget cues older than ``before`` (long sessions)."""
        self.faces = [f for f in self.faces if f.t >= before]
        self.voice = [v for v in self.voice if v.start + v.voiced.size * FRAME_SECONDS > before]
        self.pitch = [p for p in self.pitch if p.times.size and p.times[-1] > before]

    def faces_in(self, start: float, end: float) -> list[FaceCue]:
        """Face cues with ``start <= t < end`` (the list is in time order)."""
        lo = bisect.bisect_left(self.faces, start, key=lambda f: f.t)
        hi = bisect.bisect_left(self.faces, end, key=lambda f: f.t)
        return self.faces[lo:hi]

    def window(self, start: float, end: float) -> WindowCues:
        faces = self.faces_in(start, end)
        times, levels, voiced = self._audio_in(start - PAUSE_CONTEXT, end + PAUSE_CONTEXT)
        inside = (times >= start) & (times < end)
        face = face_summary(faces, end - start, self.detector)
        voice = _voice_summary(levels[inside], voiced[inside])
        if "speaking_ratio" in voice:
            voice["pauses"] = pauses(voiced, times, start, end)
            voice.update(pitch_summary(self.pitch, start, end))
        return WindowCues(start=start, end=end, **face, **voice)

    def _audio_in(self, start: float, end: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        times, levels, voiced = [], [], []
        for block in self.voice:
            block_times = block.times
            mask = (block_times >= start) & (block_times < end)
            if mask.any():
                times.append(block_times[mask])
                levels.append(block.level_db[mask])
                voiced.append(block.voiced[mask])
        if not levels:
            return np.zeros(0), np.zeros(0, np.float32), np.zeros(0, bool)
        return np.concatenate(times), np.concatenate(levels), np.concatenate(voiced)


def _voice_summary(levels: np.ndarray, voiced: np.ndarray) -> dict[str, Any]:
    seconds = voiced.size * FRAME_SECONDS
    if seconds < MIN_AUDIO_SECONDS:
        return {"audio_seconds": seconds}
    summary: dict[str, Any] = {"audio_seconds": seconds, "speaking_ratio": float(voiced.mean())}
    if voiced.sum() * FRAME_SECONDS >= MIN_VOICED_SECONDS:
        # hangover frames are silence held as speech: keep them out of the loudness
        active = voiced & (levels >= np.median(levels[voiced]) - HANGOVER_DROP_DB)
        summary["loudness_db"] = energy_mean_db(levels[active])
        summary["loudness_spread_db"] = loudness_spread(levels, active)
    return summary


def pauses(
    voiced: np.ndarray, times: np.ndarray | None = None, start: float = 0.0, end: float = np.inf
) -> tuple[float, ...]:
    """Silences between two stretches of speech, in seconds (the VAD hangover added back),
    whose midpoint lies in ``[start, end)``; ``times`` stamps each frame (default: 20-ms grid)."""
    if times is None:
        times = FRAME_SECONDS * np.arange(voiced.size)
    found = []
    for (_, stop), (nxt, _) in pairwise(runs(voiced)):
        length = (nxt - stop + HANGOVER_FRAMES) * FRAME_SECONDS
        middle = (times[stop - 1] + times[nxt]) / 2
        if length >= PAUSE_MIN and start <= middle < end:
            found.append(round(length, 2))
    return tuple(found)


def energy_mean_db(levels: np.ndarray) -> float:
    """Mean power of the frames, back in dBFS."""
    return float(10.0 * np.log10(np.mean(np.power(10.0, levels.astype(np.float64) / 10.0))))


def loudness_spread(levels: np.ndarray, voiced: np.ndarray) -> float | None:
    """Robust spread (IQR / 1.349, in dB) of 250-ms block loudness over mostly-voiced blocks."""
    per_block = max(1, round(LOUDNESS_BLOCK / FRAME_SECONDS))
    values = []
    for i in range(0, levels.size - per_block + 1, per_block):
        mask = voiced[i : i + per_block]
        if mask.mean() >= 0.5:
            values.append(energy_mean_db(levels[i : i + per_block][mask]))
    if len(values) < 4:
        return None
    q1, q3 = np.percentile(values, [25, 75])
    return float((q3 - q1) / 1.349)
