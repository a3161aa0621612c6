"""Head pose from 3D face landmarks (Kabsch) and nod / shake counting from pose series.

Pose: the observed landmarks of a few rigid points (eye corners, nose, forehead, chin, cheeks,
mouth corners) are centred and scaled, and the rotation that best maps the neutral reference
:data:`REFERENCE` onto them (least squares, Kabsch / orthogonal Procrustes) is decomposed as
``R = Ry(yaw) · Rx(pitch) · Rz(roll)`` in image axes (x right, y down, z away from the camera).

Nods / shakes: the pitch (yaw) series is band-passed to 0.5–4 Hz, then swings are counted as
peaks whose prominence is at least :data:`SWING_DEG`, measured within :data:`SWING_WINDOW`
seconds (``find_peaks(prominence, wlen)``); the count is the larger of up- and down-peaks.
"""

from __future__ import annotations

import logging
import math

import numpy as np

log = logging.getLogger(__name__)

# MediaPipe FaceMesh indices of the rigid points used for pose, and their neutral positions
# (a frontal face in units of the inter-ocular distance, centred; measured once with FaceMesh on
# scikit-image's astronaut photo, a person looking into the camera: mirrored to be symmetric and
# turned so that her photo reads pitch 0).
POSE_POINTS = (33, 263, 133, 362, 168, 6, 1, 10, 152, 234, 454, 61, 291)
REFERENCE = np.array(
    [
        [-0.5, -0.217, -0.001], [0.5, -0.217, -0.001],
        [-0.196, -0.189, -0.056], [0.196, -0.189, -0.056],
        [0.0, -0.253, -0.251], [0.0, -0.168, -0.294], [0.0, 0.236, -0.449],
        [0.0, -0.727, -0.246], [0.0, 1.019, 0.052],
        [-0.75, -0.05, 0.601], [0.75, -0.05, 0.601],
        [-0.356, 0.402, 0.049], [0.356, 0.402, 0.049],
    ]
)
REFERENCE = REFERENCE - REFERENCE.mean(axis=0)

BAND_HZ = (0.5, 4.0)
SWING_DEG = 6.0  # a nod/shake swings the head at least this far (peak prominence, degrees)
SWING_WINDOW = 1.5  # seconds within which a swing must return (find_peaks wlen)
MIN_SERIES = 12  # fewer pose samples: no nod/shake evidence
MAX_GAP = 0.5  # pose gaps up to this long are interpolated; longer ones split the series


def kabsch(reference: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """The rotation R (3x3) minimising ``|R @ reference_i - observed_i|`` over centred points."""
    p = reference - reference.mean(axis=0)
    q = observed - observed.mean(axis=0)
    u, _, vt = np.linalg.svd(p.T @ q)
    d = math.copysign(1.0, float(np.linalg.det(vt.T @ u.T)))
    return vt.T @ np.diag([1.0, 1.0, d]) @ u.T


def rotation(pitch: float, yaw: float, roll: float) -> np.ndarray:
    """``Ry(yaw) · Rx(pitch) · Rz(roll)`` from degrees (the inverse of :func:`euler`)."""
    p, y, r = (math.radians(a) for a in (pitch, yaw, roll))
    rx = np.array([[1, 0, 0], [0, math.cos(p), -math.sin(p)], [0, math.sin(p), math.cos(p)]])
    ry = np.array([[math.cos(y), 0, math.sin(y)], [0, 1, 0], [-math.sin(y), 0, math.cos(y)]])
    rz = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    return ry @ rx @ rz


def euler(r: np.ndarray) -> tuple[float, float, float]:
    """(pitch, yaw, roll) in degrees of ``R = Ry(yaw) · Rx(pitch) · Rz(roll)``."""
    pitch = math.asin(max(-1.0, min(1.0, -float(r[1, 2]))))
    yaw = math.atan2(float(r[0, 2]), float(r[2, 2]))
    roll = math.atan2(float(r[1, 0]), float(r[1, 1]))
    return math.degrees(pitch), math.degrees(yaw), math.degrees(roll)


def head_pose(points: np.ndarray) -> tuple[float, float, float]:
    """(pitch, yaw, roll) of the :data:`POSE_POINTS` landmarks (N x 3, any scale)."""
    return euler(kabsch(REFERENCE, points))


def band_pass(values: np.ndarray, fps: float) -> np.ndarray:
    """0.5–4 Hz (capped below Nyquist) zero-phase band-pass of an evenly sampled series."""
    high = min(BAND_HZ[1], 0.45 * fps)
    from scipy.signal import butter, sosfiltfilt  # lazily: ~1 s off every engine start

    sos = butter(2, [BAND_HZ[0], high], btype="bandpass", fs=fps, output="sos")
    padlen = min(values.size - 1, 3 * (2 * len(sos) + 1))
    return np.asarray(sosfiltfilt(sos, values, padlen=padlen))


def count_swings(times: np.ndarray, angles: np.ndarray) -> tuple[int, float]:
    """Oscillations (nods for pitch, shakes for yaw) in a pose series and the seconds they span.

    Series are split at gaps over :data:`MAX_GAP`; each piece is resampled to its median step,
    band-passed and its peaks of prominence ≥ :data:`SWING_DEG` within :data:`SWING_WINDOW`
    seconds are counted (the larger of up- and down-peaks)."""
    from scipy.signal import find_peaks  # lazily: ~1 s off every engine start

    total, first, last = 0, math.inf, -math.inf
    for t, a in _pieces(times, angles):
        if t.size < MIN_SERIES:
            continue
        step = float(np.median(np.diff(t)))
        grid = np.arange(t[0], t[-1] + step / 2, step)
        x = band_pass(np.interp(grid, t, a), 1.0 / step)
        wlen = max(3, round(SWING_WINDOW / step))
        peaks = [find_peaks(s, prominence=SWING_DEG, wlen=wlen)[0] for s in (x, -x)]
        count = max(len(p) for p in peaks)
        if count:
            hits = np.concatenate(peaks)
            first, last = min(first, grid[hits.min()]), max(last, grid[hits.max()])
        total += count
    span = last - first if total else 0.0
    return total, max(0.0, span)


def _pieces(times: np.ndarray, angles: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    if times.size == 0:
        return []
    cuts = np.flatnonzero(np.diff(times) > MAX_GAP) + 1
    return list(zip(np.split(times, cuts), np.split(angles, cuts), strict=True))
