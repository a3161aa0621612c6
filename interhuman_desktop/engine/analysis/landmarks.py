"""Per-frame face landmarks with MediaPipe FaceMesh (468 points + 10 iris points).

MediaPipe 0.10.21 ships the FaceMesh models inside its wheel, so nothing is downloaded. One
:class:`MeshTracker` per session (FaceMesh tracks between frames and is not shared across
threads). From the landmarks: presence and count, the largest face's box (as the Haar cues),
head pose (``headpose``), gaze toward the camera (head within :data:`GAZE_HEAD_DEG` and
both irises within :data:`GAZE_IRIS` of their eye centres) and the smile ratio (mouth width
over the inter-ocular distance); with the expression model (``expression``), the smoothed
expression probabilities a few times a second. :func:`make_tracker` falls back to the Haar
cascade when MediaPipe cannot be imported.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any, Protocol

import cv2
import numpy as np

from .expression import ExpressionSampler, make_sampler
from .face import FaceCue, FaceTracker
from .headpose import POSE_POINTS, REFERENCE, head_pose, kabsch

log = logging.getLogger(__name__)

MAX_FACES = 2
MIN_DETECTION = 0.5
MIN_TRACKING = 0.5
GAZE_HEAD_DEG = 20.0  # head turned further than this (yaw or pitch): not looking at the camera
GAZE_IRIS = 0.2  # iris offset from the eye centre, as a share of the eye width
# (outer corner, inner corner, iris centre) per eye; FaceMesh indices
EYES = ((33, 133, 468), (263, 362, 473))
MOUTH = (61, 291)


class Tracker(Protocol):
    detector: str

    def detect(self, t: float, image: np.ndarray) -> FaceCue: ...

    def close(self) -> None: ...


_unavailable: list[str] = []  # why MediaPipe could not be imported (warned once)


def _face_mesh() -> Any | None:
    if _unavailable:
        return None
    try:
        from mediapipe.python.solutions import face_mesh
    except ImportError as exc:  # not installed (scripts/setup adds it with --no-deps)
        _unavailable.append(str(exc))
        log.warning("MediaPipe FaceMesh unavailable (%s): using the Haar cascade", exc)
        return None
    except Exception as exc:  # catch-all: a broken wheel (protobuf/numpy mismatch) falls back too
        _unavailable.append(str(exc))
        log.exception("MediaPipe FaceMesh is broken: using the Haar cascade")
        return None
    return face_mesh.FaceMesh(
        static_image_mode=False,
        max_num_faces=MAX_FACES,
        refine_landmarks=True,
        min_detection_confidence=MIN_DETECTION,
        min_tracking_confidence=MIN_TRACKING,
    )


def make_tracker(prefer_mesh: bool = True, expressions: bool = True) -> Tracker:
    """A FaceMesh tracker when MediaPipe is installed (and preferred), else the Haar tracker.
    With ``expressions`` (and the model available) FaceMesh faces also get expression cues."""
    if prefer_mesh:
        mesh = _face_mesh()
        if mesh is not None:
            return MeshTracker(mesh, make_sampler() if expressions else None)
    return FaceTracker()


class MeshTracker:
    """FaceMesh on each analysis frame (RGB), cues of the largest face."""

    detector = "facemesh"

    def __init__(self, mesh: Any, sampler: ExpressionSampler | None = None) -> None:
        self._mesh: Any | None = mesh
        self._sampler = sampler

    def close(self) -> None:
        """Close the FaceMesh graph (its threads and buffers); a second call does nothing."""
        mesh, self._mesh = self._mesh, None
        if mesh is not None:
            mesh.close()

    def landmarks(self, image: np.ndarray) -> tuple[np.ndarray | None, int]:
        """The widest face's landmarks (N x 3 pixels) in a BGR picture, and the face count."""
        height, width = image.shape[:2]
        if self._mesh is None:
            raise RuntimeError("the tracker is closed")
        result = self._mesh.process(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
        faces = result.multi_face_landmarks or []
        if not faces:
            return None, 0
        arrays = [_points(f, width, height) for f in faces]
        return max(arrays, key=lambda p: np.ptp(p[:, 0])), len(arrays)

    def detect(self, t: float, image: np.ndarray) -> FaceCue:
        pts, count = self.landmarks(image)
        return self.detect_found(t, image, pts, count)

    def detect_found(self, t: float, image: np.ndarray, pts: np.ndarray | None,
                     count: int) -> FaceCue:
        """:meth:`detect` with the landmarks already found (``landmarks(image)``, in frame
        order: FaceMesh's tracking state depends on the order of the pictures, not on ``t``)."""
        if pts is None:
            return FaceCue(t=t, count=0)
        height, width = image.shape[:2]
        cue = face_cue(t, pts, count, width, height)
        if self._sampler is not None:
            expression = self._sampler.sample(t, image, pts)
            if expression is not None:
                cue = replace(cue, expression=expression)
        return cue


def _points(face: Any, width: int, height: int) -> np.ndarray:
    """Landmarks in pixels (z scaled like x)."""
    return np.array([(p.x * width, p.y * height, p.z * width) for p in face.landmark])


def face_cue(t: float, pts: np.ndarray, count: int, width: int, height: int) -> FaceCue:
    """Cues of one face's landmarks (N x 3 pixels) in a ``width`` x ``height`` picture."""
    x0, x1 = float(pts[:, 0].min()), float(pts[:, 0].max())
    y0, y1 = float(pts[:, 1].min()), float(pts[:, 1].max())
    rigid = pts[list(POSE_POINTS)]
    pitch, yaw, roll = head_pose(rigid)
    return FaceCue(
        t=t,
        count=count,
        width=(x1 - x0) / width,
        dx=((x0 + x1) / 2 - width / 2) / (width / 2),
        dy=((y0 + y1) / 2 - height / 2) / (height / 2),
        pitch=round(pitch, 2),
        yaw=round(yaw, 2),
        roll=round(roll, 2),
        gaze=_gaze(pts, rigid, pitch, yaw),
        smile=_smile(pts),
    )


def _frontal(pts: np.ndarray, rigid: np.ndarray) -> np.ndarray:
    """All landmarks rotated back to the reference orientation (head pose removed)."""
    r = kabsch(REFERENCE, rigid)
    frontal: np.ndarray = (pts - rigid.mean(axis=0)) @ r
    return frontal


def _gaze(pts: np.ndarray, rigid: np.ndarray, pitch: float, yaw: float) -> bool | None:
    if pts.shape[0] <= max(i for eye in EYES for i in eye):
        return None  # no iris landmarks
    if abs(pitch) > GAZE_HEAD_DEG or abs(yaw) > GAZE_HEAD_DEG:
        return False
    frontal = _frontal(pts, rigid)
    for outer, inner, iris in EYES:
        eye_width = abs(frontal[inner, 0] - frontal[outer, 0])
        centre = (frontal[inner, 0] + frontal[outer, 0]) / 2
        if eye_width <= 0 or abs(frontal[iris, 0] - centre) / eye_width > GAZE_IRIS:
            return False
    return True


def _smile(pts: np.ndarray) -> float:
    iod = float(np.linalg.norm(pts[EYES[0][0], :2] - pts[EYES[1][0], :2]))
    mouth = float(np.linalg.norm(pts[MOUTH[0], :2] - pts[MOUTH[1], :2]))
    return round(mouth / iod, 3) if iod > 0 else 0.0
