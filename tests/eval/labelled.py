"""Labelled evaluation clips: a face photo turned in 3D, espeak-ng speech with known pauses.

The face is scikit-image's astronaut turned in 3D: FaceMesh's landmarks of the photo (with
their depth) are rotated by (pitch, yaw) about a centre behind the face and the picture is warped
triangle by triangle (Delaunay) onto the rotated points, drawn far to near. Nods are pitch
oscillations (±15°, 1.5 Hz; "nods_small" ±6°), shakes yaw oscillations (±20°), "away" a 55°
turn, "absent" no face; still clips sway ±2° at 0.2 Hz, "lively_talk" moves restlessly (±4°,
0.3–2 Hz) with no gesture. Speech is espeak-ng (installed
with ``scripts/setup --dev``); its truth intervals come from the clean waveform's 20-ms
energy (gaps under 0.3 s are inside speech). Each clip has a list of :class:`Label`.
"""

from __future__ import annotations

import functools
import itertools
import math
import subprocess
import tempfile
import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from media_factory import AUDIO_RATE, face_image, make_clip
from scipy.spatial import Delaunay

from interhuman_desktop.engine.analysis.headpose import rotation

W, H, FPS = 640, 480, 30
FACE_SIZE = 220
BACKGROUND = (70, 80, 90)
PAUSE_MIN = 0.3


@dataclass(frozen=True)
class Label:
    kind: str  # nod, shake, away, absent, speech, pause
    start: float
    end: float


@dataclass
class ClipSpec:
    name: str
    seconds: float
    pose: Callable[[float], tuple[float, float] | None]  # t -> (pitch, yaw) or None: absent
    events: list[Label]
    phrases: list[tuple[float, str]] = field(default_factory=list)


def _burst(t: float, spans: list[tuple[float, float]], amp: float, hz: float = 1.5) -> float:
    for a, b in spans:
        if a <= t < b:
            return amp * math.sin(2 * math.pi * hz * (t - a))
    return 0.0


def _sway(t: float) -> float:
    """Small slow drift of a still head (±2°, 0.2 Hz): not a nod."""
    return 2.0 * math.sin(2 * math.pi * 0.2 * t)


def _jitter(t: float, axis: int) -> float:
    """A talking head's restless motion: a sum of incommensurate sines, ±4° at most, 0.3-2 Hz
    (no sustained oscillation at one frequency)."""
    parts = ((1.6, 0.31, 0.0), (1.2, 0.73, 1.0), (0.8, 1.37, 2.0), (0.4, 1.91, 3.0))
    return sum(a * math.sin(2 * math.pi * f * t + p + 2.3 * axis) for a, f, p in parts)


TALK = [
    (0.5, "Thanks for making time today."),
    (3.5, "I want to walk you through the plan."),
    (7.5, "Our first goal is simple."),
    (11.0, "We ship the pilot in March, and then we review it."),
    (16.0, "Any questions so far?"),
    (19.5, "Good. Let us look at the numbers."),
]
NODS = [(3.0, 6.0), (15.0, 18.0)]  # far enough apart that 8-s windows see them separately
SHAKES = [(3.0, 6.0), (15.0, 18.0)]
AWAY = (6.0, 14.0)


def clip_specs() -> list[ClipSpec]:
    def nods(t: float) -> tuple[float, float]:
        return _burst(t, NODS, 15.0), _sway(t)

    def shakes(t: float) -> tuple[float, float]:
        return _sway(t), _burst(t, SHAKES, 20.0)

    def away(t: float) -> tuple[float, float]:
        return 0.0, 55.0 if AWAY[0] <= t < AWAY[1] else _sway(t)

    def absent(t: float) -> tuple[float, float] | None:
        return None if AWAY[0] <= t < AWAY[1] else (0.0, _sway(t))

    def still(t: float) -> tuple[float, float]:
        return _sway(t), _sway(t + 1.3)

    def small_nods(t: float) -> tuple[float, float]:
        return _burst(t, NODS, 6.0), _sway(t)

    def lively(t: float) -> tuple[float, float]:
        return _jitter(t, 0), _jitter(t, 1)

    seconds = 24.0
    return [
        ClipSpec("still_talk", seconds, still, [], TALK),
        ClipSpec("still_silent", seconds, still, []),
        ClipSpec("nods_silent", seconds, nods, [Label("nod", a, b) for a, b in NODS]),
        ClipSpec("nods_talk", seconds, nods, [Label("nod", a, b) for a, b in NODS], TALK),
        ClipSpec("shakes_silent", seconds, shakes, [Label("shake", a, b) for a, b in SHAKES]),
        ClipSpec("shakes_talk", seconds, shakes, [Label("shake", a, b) for a, b in SHAKES], TALK),
        ClipSpec("nods_small", seconds, small_nods, [Label("nod", a, b) for a, b in NODS]),
        ClipSpec("lively_talk", seconds, lively, [], TALK),
        ClipSpec("look_away", seconds, away, [Label("away", *AWAY)], TALK),
        ClipSpec("absent", seconds, absent, [Label("absent", *AWAY)]),
    ]


@functools.cache
def _mesh() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The face photo, its points (landmarks + fixed border points), triangles, centre."""
    from mediapipe.python.solutions import face_mesh

    face = face_image(FACE_SIZE)
    assert face is not None, "scikit-image is needed"
    s = FACE_SIZE
    with face_mesh.FaceMesh(static_image_mode=True, refine_landmarks=True) as fm:
        found = fm.process(cv2.cvtColor(face, cv2.COLOR_BGR2RGB)).multi_face_landmarks
    assert found, "FaceMesh found no face in the photo"
    marks = np.array([(p.x * s, p.y * s, p.z * s) for p in found[0].landmark])
    edge = (0.0, s / 2, s - 1.0)
    border = np.array([(x, y, 0.0) for x in edge for y in edge if (x, y) != (s / 2, s / 2)])
    points = np.vstack([marks, border])
    triangles = Delaunay(points[:, :2]).simplices
    centre = marks.mean(axis=0) + np.array([0.0, 0.0, 0.5 * np.ptp(marks[:, 0])])
    return face, points, triangles, centre


@functools.lru_cache(maxsize=512)
def warp_face(pitch: float, yaw: float) -> np.ndarray:
    """The face photo turned by ``pitch``/``yaw`` degrees (whole degrees are cached)."""
    face, src, triangles, centre = _mesh()
    n = src.shape[0] - 8  # the border points stay put
    dst = src.copy()
    dst[:n] = (src[:n] - centre) @ rotation(pitch, yaw, 0.0).T + centre
    out = np.full_like(face, BACKGROUND)
    for tri in triangles[np.argsort(-dst[triangles].mean(axis=1)[:, 2])]:
        _warp_triangle(face, out, src[tri, :2], dst[tri, :2])
    return out


def _warp_triangle(face: np.ndarray, out: np.ndarray, src: np.ndarray, dst: np.ndarray) -> None:
    size = out.shape[0]
    x0, y0 = np.maximum(np.floor(dst.min(axis=0)).astype(int), 0)
    x1, y1 = np.minimum(np.ceil(dst.max(axis=0)).astype(int) + 1, size)
    if x1 <= x0 or y1 <= y0:
        return
    offset = np.float32([x0, y0])
    m = cv2.getAffineTransform(src.astype(np.float32), dst.astype(np.float32) - offset)
    patch = cv2.warpAffine(face, m, (x1 - x0, y1 - y0), borderMode=cv2.BORDER_REFLECT)
    mask = np.zeros((y1 - y0, x1 - x0), np.uint8)
    cv2.fillConvexPoly(mask, np.round(dst - offset).astype(np.int32), 1)
    roi = out[y0:y1, x0:x1]
    roi[mask > 0] = patch[mask > 0]


def frame_fn(spec: ClipSpec) -> Callable[[int], np.ndarray]:
    def draw(index: int) -> np.ndarray:
        t = index / FPS
        img = np.full((H, W, 3), BACKGROUND, np.uint8)
        pose = spec.pose(t)
        if pose is None:
            return img
        pitch, yaw = pose
        warped = warp_face(float(round(pitch)), float(round(yaw)))
        top = (H - FACE_SIZE) // 2 + round(pitch * 0.6)
        left = (W - FACE_SIZE) // 2 + round(yaw * 0.4)
        img[top : top + FACE_SIZE, left : left + FACE_SIZE] = warped
        return img

    return draw


def speak(text: str, rate: int = AUDIO_RATE) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "s.wav"
        subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), text], check=True)
        with wave.open(str(wav)) as w:
            src = w.getframerate()
            pcm = np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float32) / 32768
    t_out = np.arange(int(len(pcm) * rate / src)) / rate
    return np.interp(t_out, np.arange(len(pcm)) / src, pcm).astype(np.float32)


def soundtrack(spec: ClipSpec) -> tuple[np.ndarray, list[Label]]:
    """48-kHz audio (speech over faint noise) and its speech / pause labels."""
    n = int(spec.seconds * AUDIO_RATE)
    clean = np.zeros(n, np.float32)
    for start, text in spec.phrases:
        voice = speak(text)
        i = int(start * AUDIO_RATE)
        clean[i : i + len(voice)] += voice[: max(0, n - i)]
    noise = np.random.default_rng(1).normal(0, 0.001, n).astype(np.float32)
    return clean + noise, speech_labels(clean)


def speech_labels(clean: np.ndarray, rate: int = AUDIO_RATE) -> list[Label]:
    """Speech runs of the clean track (20-ms frames above -40 dBFS, gaps < 0.3 s bridged) and
    the pauses between them."""
    step = int(0.02 * rate)
    frames = clean[: clean.size // step * step].reshape(-1, step)
    active = 20 * np.log10(np.sqrt(np.mean(frames**2, axis=1)) + 1e-9) > -40
    spans: list[list[float]] = []
    for i in np.flatnonzero(active):
        t = i * 0.02
        if spans and t - spans[-1][1] < PAUSE_MIN:
            spans[-1][1] = t + 0.02
        else:
            spans.append([t, t + 0.02])
    labels = [Label("speech", round(float(a), 2), round(float(b), 2)) for a, b in spans]
    gaps = [Label("pause", a.end, b.start) for a, b in itertools.pairwise(labels)]
    return labels + gaps


def build(spec: ClipSpec, out_dir: Path, reuse: bool = False) -> tuple[Path, list[Label]]:
    """Write ``out_dir/<name>.mp4`` (H.264 + AAC, 640x480@30) and return it with its labels
    (``reuse``: keep an existing file; the labels are recomputed, they are deterministic)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    audio, speech = soundtrack(spec)
    path = out_dir / f"{spec.name}.mp4"
    if reuse and path.exists():
        return path, spec.events + speech
    make_clip(path, seconds=spec.seconds, width=W, height=H, fps=FPS, frame_fn=frame_fn(spec),
              audio_samples=audio, bitrate=800_000)
    return path, spec.events + speech
