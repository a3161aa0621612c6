"""Facial expression per face: face-api's FaceExpressionNet (MIT), converted to ONNX.

``resources/models/face_expression.onnx`` is built by ``scripts/build_expression_model.py``
from the npm package ``@vladmandic/face-api@1.7.15`` and checked against the original tfjs
model by ``scripts/check_expression_model.py``. It takes a 112x112 RGB face crop and gives the
probabilities of seven expressions (:data:`LABELS`). The crop imitates face-api's own: the
bounding box of the landmarks that correspond to its 68-point set (jaw line, brows, eyes,
nose, mouth; not the forehead), grown by 10 % on every side, clipped to the picture, padded to
a square with black (centred) and resized to 112 px.

:class:`ExpressionSampler` runs the model at most :data:`RATE_HZ` times a second per session
and smooths each class with the median of the last :data:`SMOOTH_SAMPLES` results (≈ 0.6 s);
the face frames in between carry the last smoothed result (at most :data:`HOLD` seconds old),
so every tracked face frame has an expression and window shares are shares of frames. One
onnxruntime session is shared by all threads (``InferenceSession.run`` is thread-safe);
without onnxruntime or the model file there are no expression cues (one warning).
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from typing import Any

import cv2
import numpy as np

log = logging.getLogger(__name__)

LABELS = ("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised")
MODEL_FILE = "face_expression.onnx"
SIZE = 112
BOX_PAD = 0.2  # face-api's alignMinBbox: the box grows by 20 % of its width and height
RATE_HZ = 5.0  # model runs per second per session
SMOOTH_SAMPLES = 3  # running median over this many model runs (~0.6 s at 5 Hz)
RESET_GAP = 1.0  # seconds without a face after which the smoothing starts afresh
HOLD = 0.5  # a result stands for the face frames up to this long after it (model skipped)
# FaceMesh points standing in for face-api's 68 landmarks: jaw line (ear to ear via the chin),
# eyebrows; the eyes, nose and mouth lie inside their box.
CROP_POINTS = (
    127, 234, 93, 132, 58, 172, 136, 150, 149, 176, 148, 152, 377, 400, 378, 379, 365, 397,
    288, 361, 323, 454, 356, 70, 63, 105, 66, 107, 336, 296, 334, 293, 300,
)

_lock = threading.Lock()
_session: list[Any] = []  # the shared onnxruntime session, once loaded
_failed: list[str] = []


def load_session() -> Any | None:
    """The shared onnxruntime session for the model, or None (warned once) without it."""
    with _lock:
        if _session:
            return _session[0]
        if _failed:
            return None
        try:
            import onnxruntime as ort

            from interhuman_desktop import resources

            path = resources.resource_path(f"models/{MODEL_FILE}")
            options = ort.SessionOptions()
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except ImportError as exc:  # onnxruntime not installed: no expression cues
            _failed.append(str(exc))
            log.warning("facial-expression model unavailable (%s): no expression cues", exc)
            return None
        except Exception as exc:  # catch-all: onnxruntime's errors share no base; a broken install
            _failed.append(str(exc))
            log.exception("the bundled facial-expression model did not load: no expression cues")
            return None
        _session.append(session)
        return session


def face_box(pts: np.ndarray) -> tuple[float, float, float, float]:
    """x0, y0, x1, y1 of the padded landmark box (face-api's ``alignMinBbox``), in pixels."""
    sub = pts[list(CROP_POINTS), :2]
    x0, y0 = sub.min(axis=0)
    x1, y1 = sub.max(axis=0)
    pad_x, pad_y = (x1 - x0) * BOX_PAD / 2, (y1 - y0) * BOX_PAD / 2
    return float(x0 - pad_x), float(y0 - pad_y), float(x1 + pad_x), float(y1 + pad_y)


def face_crop(image: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray | None:
    """The 112x112 RGB crop of ``box`` from a BGR picture (None when the box is empty)."""
    height, width = image.shape[:2]
    x0, y0 = max(0, int(np.floor(box[0]))), max(0, int(np.floor(box[1])))
    x1, y1 = min(width, int(np.ceil(box[2]))), min(height, int(np.ceil(box[3])))
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    face = cv2.cvtColor(image[y0:y1, x0:x1], cv2.COLOR_BGR2RGB)
    h, w = face.shape[:2]
    side = max(h, w)
    square = np.zeros((side, side, 3), np.uint8)
    top, left = (side - h) // 2, (side - w) // 2
    square[top : top + h, left : left + w] = face
    interpolation = cv2.INTER_AREA if side > SIZE else cv2.INTER_LINEAR
    return cv2.resize(square, (SIZE, SIZE), interpolation=interpolation)


def predict(session: Any, crops: np.ndarray) -> np.ndarray:
    """Probabilities (N x 7, :data:`LABELS` order) for N x 112 x 112 x 3 RGB crops."""
    probabilities: np.ndarray = session.run(None, {"input": crops.astype(np.float32)})[0]
    return probabilities


class ExpressionSampler:
    """Per-session: runs the model at :data:`RATE_HZ` and smooths the results."""

    def __init__(self, session: Any) -> None:
        self._session = session
        self._next = -np.inf
        self._last_face = -np.inf
        self._recent: deque[np.ndarray] = deque(maxlen=SMOOTH_SAMPLES)
        self._held: tuple[float, ...] | None = None
        self._held_t = -np.inf

    def sample(self, t: float, image: np.ndarray, pts: np.ndarray) -> tuple[float, ...] | None:
        """The smoothed probabilities for the face at ``t``: a new model result when it is
        due, else the last one (None when that is older than :data:`HOLD` or the crop fails)."""
        if t - self._last_face > RESET_GAP:
            self._recent.clear()
        self._last_face = t
        if t >= self._next:
            crop = face_crop(image, face_box(pts))
            if crop is not None:
                self._next = t + 1.0 / RATE_HZ - 1e-6
                self._recent.append(predict(self._session, crop[None])[0])
                smoothed = np.median(np.stack(self._recent), axis=0)
                self._held = tuple(round(float(p), 4) for p in smoothed / smoothed.sum())
                self._held_t = t
        return self._held if t - self._held_t <= HOLD else None


def make_sampler() -> ExpressionSampler | None:
    session = load_session()
    return ExpressionSampler(session) if session is not None else None
