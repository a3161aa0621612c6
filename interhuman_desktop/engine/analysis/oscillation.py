"""Nods and head shakes: repeated, symmetric oscillation of one pose axis with the face tracked.

A shake (yaw, ``axis`` 1) or nod (pitch, ``axis`` 0) is counted only when all of these hold:

- **tracked in every frame** (:func:`tracked_pieces`): the pose series is cut wherever a frame
  has no face, two frames are more than :data:`MAX_GAP` apart, or the pose, face size or face
  position jumps between frames (the tracker lost the face or latched onto something else);
  the frame on either side of a cut is dropped too (its reading is unreliable), and a gesture
  lies inside one piece;
- **repeated**: the turning points of the angle (found with a hysteresis of
  :data:`MIN_SWING` degrees: a reversal counts once the angle has come back that far) form a
  run of at least :data:`MIN_EXTREMES` alternating extremes (two full reversals); a turning
  point must be seen on both sides (not a piece's first or last frame);
- **plausible rhythm**: consecutive extremes :data:`HALF_PERIOD` apart and the run's
  frequency within :data:`FREQUENCY` (about 1-5 Hz);
- **comparable swings**: consecutive swings within :data:`MAX_SWING_RATIO` of each other;
- **about the facing direction**: the facing direction is the mean angle over the gesture (not
  a drifting baseline); every extreme lies on its own side of it by at least half a minimal
  swing, the two sides' mean excursions are within :data:`MAX_SIDE_RATIO`, the median
  excursion is at least :data:`MIN_AMP` and none exceeds :data:`MAX_AMP` (a turn, not a shake);
- **one axis dominates**: over the gesture the axis' peak-to-peak range is at least
  :data:`DOMINANCE` times that of each other axis (a laugh drops, turns and tilts the head
  together; a shake is yaw, a nod is pitch).

A run that fails as a whole is searched for its longest contiguous part that passes. The count
is the number of swings (extreme to extreme) of the gestures that pass.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from .face import FaceCue

log = logging.getLogger(__name__)

MAX_GAP = 0.25  # seconds between two analysed frames: more is a tracking gap (10 fps: a miss)
MAX_STEP_DEG = 40.0  # pose change between two frames on any axis: more is a landmark jump
MAX_WIDTH_JUMP = 0.2  # relative face-width change between two frames: a re-detection
MAX_SHIFT = 0.5  # face-centre move between two frames, in face widths
MIN_PIECE_FRAMES = 5  # shorter tracked pieces give no evidence
MIN_SWING = 6.0  # degrees from one extreme to the next (hysteresis of the turning points)
MIN_AMP = 3.0  # median excursion from the facing direction, degrees
MAX_AMP = 30.0  # an excursion beyond this is a head turn, not a shake or nod
MIN_EXTREMES = 3  # two full reversals
HALF_PERIOD = (0.1, 0.6)  # seconds between consecutive extremes
FREQUENCY = (1.0, 5.0)  # Hz over the whole gesture
MAX_SWING_RATIO = 2.0  # consecutive swings' sizes within this factor
MAX_SIDE_RATIO = 2.5  # mean excursion left vs right (up vs down) within this factor
TIME_EPS = 1e-6  # frame times are decimal seconds: 0.6 must compare as 0.6
DOMINANCE = 2.0  # peak-to-peak of the gesture axis over each other axis


@dataclass(frozen=True)
class Oscillation:
    """Gestures found on one axis: swings, seconds they last, median excursion (°)."""

    count: int = 0
    span: float = 0.0
    amplitude: float = 0.0


@dataclass(frozen=True)
class Gesture:
    """One oscillation: its swings, first and last extreme (s) and median excursion (°)."""

    swings: int
    start: float
    end: float
    amplitude: float


Piece = tuple[np.ndarray, np.ndarray]  # times (N), poses (N x 3: pitch, yaw, roll)


def tracked_pieces(faces: list[FaceCue]) -> list[Piece]:
    """Each continuously tracked stretch, without the frames next to a tracking break."""
    pieces: list[list[FaceCue]] = []
    current: list[FaceCue] = []
    after_break = False
    for f in faces:
        posed = _posed(f)
        if not posed or (current and _broken(current[-1], f)):
            _close(pieces, current[:-1])  # the last reading before a break is not trusted
            current, after_break = [], not posed  # … nor the first after it (here: f)
        elif after_break:
            after_break = False
        else:
            current.append(f)
    _close(pieces, current)
    return [
        (np.array([f.t for f in p]), np.array([(f.pitch, f.yaw, f.roll) for f in p], float))
        for p in pieces
    ]


def _posed(f: FaceCue) -> bool:
    return f.present and f.pitch is not None and f.yaw is not None and f.roll is not None


def _close(pieces: list[list[FaceCue]], piece: list[FaceCue]) -> None:
    if len(piece) >= MIN_PIECE_FRAMES:
        pieces.append(piece)


def _broken(a: FaceCue, b: FaceCue) -> bool:
    dt = b.t - a.t
    if dt <= 0 or dt > MAX_GAP:
        return True
    steps = (abs(b.pitch - a.pitch), abs(b.yaw - a.yaw), abs(b.roll - a.roll))  # type: ignore[operator]
    if max(steps) > MAX_STEP_DEG:
        return True
    if a.width <= 0:
        return False
    shift = np.hypot(b.dx - a.dx, b.dy - a.dy) / 2 / a.width  # dx, dy are in half-widths
    return abs(b.width - a.width) / a.width > MAX_WIDTH_JUMP or shift > MAX_SHIFT


def oscillations(faces: list[FaceCue], axis: int) -> Oscillation:
    """Nods (``axis`` 0, pitch) or shakes (1, yaw) in a window's face cues."""
    found = [g for times, poses in tracked_pieces(faces) for g in gestures(times, poses, axis)]
    if not found:
        return Oscillation()
    return Oscillation(
        count=sum(g.swings for g in found),
        span=round(sum(g.end - g.start for g in found), 2),
        amplitude=round(float(np.median([g.amplitude for g in found])), 1),
    )


def gestures(times: np.ndarray, poses: np.ndarray, axis: int) -> list[Gesture]:
    """The oscillations of ``poses[:, axis]`` in one tracked piece."""
    found: list[Gesture] = []
    for run in _runs(times, poses[:, axis], extremes(poses[:, axis])):
        found.extend(_search(times, poses, axis, run))
    return found


def extremes(x: np.ndarray) -> list[int]:
    """Indices of the alternating turning points of ``x`` with a hysteresis of MIN_SWING."""
    found: list[int] = []
    hi = lo = 0
    trend = 0  # +1 rising (tracking a maximum), -1 falling, 0 not yet known
    for i in range(1, x.size):
        hi = i if x[i] > x[hi] else hi
        lo = i if x[i] < x[lo] else lo
        if trend >= 0 and x[hi] - x[i] >= MIN_SWING:
            found.append(hi)
            trend, lo = -1, i
        elif trend <= 0 and x[i] - x[lo] >= MIN_SWING:
            found.append(lo)
            trend, hi = 1, i
    return [i for i in found if i > 0]  # a piece's first frame is no observed reversal


def _runs(times: np.ndarray, x: np.ndarray, ext: list[int]) -> list[list[int]]:
    """Maximal runs of extremes with a plausible rhythm and comparable swings."""
    runs: list[list[int]] = []
    run: list[int] = []
    for i in ext:
        if run and not _follows(times, x, run, i):
            runs.append(run)
            run = run[-1:] if _paced(times, run[-1], i) else []
        run.append(i)
    runs.append(run)
    return [r for r in runs if len(r) >= MIN_EXTREMES]


def _paced(times: np.ndarray, a: int, b: int) -> bool:
    gap = float(times[b] - times[a])
    return HALF_PERIOD[0] - TIME_EPS <= gap <= HALF_PERIOD[1] + TIME_EPS


def _follows(times: np.ndarray, x: np.ndarray, run: list[int], i: int) -> bool:
    if not _paced(times, run[-1], i):
        return False
    if len(run) < 2:
        return True
    before, now = float(abs(x[run[-1]] - x[run[-2]])), float(abs(x[i] - x[run[-1]]))
    return max(before, now) <= MAX_SWING_RATIO * min(before, now)


def _search(times: np.ndarray, poses: np.ndarray, axis: int, run: list[int]) -> list[Gesture]:
    """The longest contiguous part of ``run`` that is a gesture, then the parts beside it."""
    for size in range(len(run), MIN_EXTREMES - 1, -1):
        for a in range(len(run) - size + 1):
            found = _gesture(times, poses, axis, run[a : a + size])
            if found is not None:
                left = _search(times, poses, axis, run[:a])
                return [*left, found, *_search(times, poses, axis, run[a + size :])]
    return []


def _gesture(times: np.ndarray, poses: np.ndarray, axis: int, ext: list[int]) -> Gesture | None:
    """``ext`` as one gesture, if it is about the facing direction, in rhythm and dominant."""
    start, end = float(times[ext[0]]), float(times[ext[-1]])
    swings = len(ext) - 1
    hz = swings / (2.0 * (end - start))
    if not FREQUENCY[0] - TIME_EPS <= hz <= FREQUENCY[1] + TIME_EPS:
        return None
    part = poses[ext[0] : ext[-1] + 1]
    dev = _peaks(poses[:, axis], ext) - part[:, axis].mean()  # from the facing direction
    sides = np.sign(dev)
    if np.any(np.abs(dev) < MIN_SWING / 4) or np.any(sides[1:] == sides[:-1]):
        return None
    up, down = dev[dev > 0].mean(), -dev[dev < 0].mean()
    amp = float(np.median(np.abs(dev)))
    if max(up, down) > MAX_SIDE_RATIO * min(up, down) or amp < MIN_AMP:
        return None
    if np.abs(dev).max() > MAX_AMP:
        return None
    ranges = np.ptp(part, axis=0)
    if np.any(ranges[axis] < DOMINANCE * np.delete(ranges, axis)):
        return None
    return Gesture(swings, round(start, 2), round(end, 2), round(amp, 1))


def _peaks(x: np.ndarray, ext: list[int]) -> np.ndarray:
    """The extremes' values refined by a parabola through each and its two neighbours (at
    10 frames per second a 3-Hz swing is seen in about three samples, mostly off its peak);
    the refinement is capped at a quarter of the neighbours' distance below the peak."""
    out = x[ext].astype(float)
    for k, i in enumerate(ext):
        if 0 < i < x.size - 1:
            a, b, c = x[i - 1], x[i], x[i + 1]
            curve = a - 2 * b + c
            if curve != 0:
                shift = -((c - a) ** 2) / (8 * curve)
                cap = 0.25 * max(abs(b - a), abs(b - c))
                out[k] = b + float(np.clip(shift, -cap, cap))
    return out
