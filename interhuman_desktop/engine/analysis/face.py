"""Per-frame face cues with OpenCV's bundled frontal-face Haar cascade.

A frontal face that is present, large enough and roughly centred is the only visual cue this
analyser has; turning away or leaving the frame shows as *no* frontal face. The cascade runs
on a grayscale copy downscaled to :data:`DETECT_WIDTH` pixels (about 7 ms a frame on one core).
``cv2.CascadeClassifier`` is not documented as thread-safe, so each thread gets its own.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import cv2
import cv2.data  # the cascade files; cv2's stub does not import the submodule
import numpy as np

log = logging.getLogger(__name__)

CASCADE_FILE = "haarcascade_frontalface_default.xml"
DETECT_WIDTH = 320
SCALE_FACTOR = 1.15
MIN_NEIGHBORS = 4
MIN_FACE_FRACTION = 0.1  # faces narrower than 10% of the picture width are ignored
FULL_SCAN_EVERY = 10  # frames between full-picture scans while a face is tracked
CENTRED_OFFSET = 0.35  # |offset| of the face centre from the picture centre, in half-widths
LOOK_AWAY_YAW = 30.0  # degrees: a face turned further is looking away
LOOK_AWAY_PITCH = 25.0

_local = threading.local()


@dataclass(frozen=True)
class FaceCue:
    """What one analysis frame shows: the largest frontal face, if any (sizes are fractions)."""

    t: float
    count: int
    width: float = 0.0  # face width / picture width
    dx: float = 0.0  # face centre offset, -1 (left edge) .. 1 (right edge)
    dy: float = 0.0  # -1 (top) .. 1 (bottom)
    # landmark cues (FaceMesh only; None with the Haar fallback)
    pitch: float | None = None  # degrees
    yaw: float | None = None
    roll: float | None = None
    gaze: bool | None = None  # eyes toward the camera (head and iris)
    smile: float | None = None  # mouth width / inter-ocular distance
    # smoothed expression probabilities (expression.LABELS order; FaceMesh with the model only)
    expression: tuple[float, ...] | None = None

    @property
    def facing(self) -> bool:
        """Facing the camera: a frontal face (Haar), or a face turned less than the look-away
        limits (FaceMesh)."""
        if not self.present:
            return False
        if self.yaw is None or self.pitch is None:
            return True
        return abs(self.yaw) <= LOOK_AWAY_YAW and abs(self.pitch) <= LOOK_AWAY_PITCH

    @property
    def present(self) -> bool:
        return self.count > 0

    @property
    def centred(self) -> bool:
        return self.present and abs(self.dx) <= CENTRED_OFFSET and abs(self.dy) <= CENTRED_OFFSET


def _cascade() -> cv2.CascadeClassifier:
    cascade = getattr(_local, "cascade", None)
    if cascade is None:
        cascade = cv2.CascadeClassifier(cv2.data.haarcascades + CASCADE_FILE)
        if cascade.empty():
            raise RuntimeError(f"OpenCV cascade {CASCADE_FILE} could not be loaded")
        _local.cascade = cascade
    return cascade


def _gray(image: np.ndarray) -> np.ndarray:
    height, width = image.shape[:2]
    if width > DETECT_WIDTH:
        size = (DETECT_WIDTH, max(1, round(height * DETECT_WIDTH / width)))
        image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    # No global histogram equalisation: on a picture with a large even background it flattens
    # the face's own contrast and the cascade misses it (measured on resources/sample).
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


Box = tuple[int, int, int, int]  # x, y, w, h in detection (downscaled) pixels


def _detect(gray: np.ndarray, min_side: int, max_side: int | None = None) -> list[Box]:
    # (0, 0) is OpenCV's own default for maxSize: no upper limit.
    limit = (max_side, max_side) if max_side else (0, 0)
    faces = _cascade().detectMultiScale(
        gray,
        scaleFactor=SCALE_FACTOR,
        minNeighbors=MIN_NEIGHBORS,
        minSize=(min_side, min_side),
        maxSize=limit,
    )
    return [(int(f[0]), int(f[1]), int(f[2]), int(f[3])) for f in faces]


def _cue(t: float, faces: list[Box], count: int, width: int, height: int) -> FaceCue:
    if not faces:
        return FaceCue(t=t, count=0)
    x, y, w, h = max(faces, key=lambda f: f[2] * f[3])
    return FaceCue(
        t=t,
        count=count,
        width=w / width,
        dx=((x + w / 2) - width / 2) / (width / 2),
        dy=((y + h / 2) - height / 2) / (height / 2),
    )


def _min_side(width: int) -> int:
    return max(16, int(width * MIN_FACE_FRACTION))


def detect_face(t: float, image: np.ndarray) -> FaceCue:
    """Frontal faces in one BGR (or grayscale) frame, full scan; the largest one is described."""
    gray = _gray(image)
    height, width = gray.shape[:2]
    faces = _detect(gray, _min_side(width))
    return _cue(t, faces, len(faces), width, height)


class FaceTracker:
    """Per-session detector that rescans only around the last face between full scans.

    The cascade and its thresholds are the same as :func:`detect_face`; the search is limited
    to the last face's neighbourhood (±60 %) and size (×0.6 … ×1.6), which is about five times
    cheaper. A miss there falls back to a full scan at once, and every
    :data:`FULL_SCAN_EVERY`-th frame is a full scan anyway (it also refreshes the face count).
    """

    detector = "haar"

    def close(self) -> None:
        """Nothing to release (the cascade is per thread)."""

    def __init__(self) -> None:
        self._last: Box | None = None
        self._count = 0
        self._since_full = 0

    def detect(self, t: float, image: np.ndarray) -> FaceCue:
        gray = _gray(image)
        height, width = gray.shape[:2]
        if self._last is not None and self._since_full < FULL_SCAN_EVERY:
            self._since_full += 1
            found = self._around_last(gray)
            if found is not None:
                self._last = found
                return _cue(t, [found], self._count, width, height)
        faces = _detect(gray, _min_side(width))
        self._since_full = 0
        self._count = len(faces)
        self._last = max(faces, key=lambda f: f[2] * f[3]) if faces else None
        return _cue(t, faces, len(faces), width, height)

    def _around_last(self, gray: np.ndarray) -> Box | None:
        assert self._last is not None
        x, y, w, h = self._last
        height, width = gray.shape[:2]
        pad_x, pad_y = int(w * 0.6), int(h * 0.6)
        x0, y0 = max(0, x - pad_x), max(0, y - pad_y)
        x1, y1 = min(width, x + w + pad_x), min(height, y + h + pad_y)
        min_side = max(_min_side(width), int(w * 0.6))
        faces = _detect(gray[y0:y1, x0:x1], min_side, int(w * 1.6) + 1)
        if not faces:
            return None
        fx, fy, fw, fh = max(faces, key=lambda f: f[2] * f[3])
        return fx + x0, fy + y0, fw, fh
