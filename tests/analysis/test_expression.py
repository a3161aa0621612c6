"""The facial-expression model on a real smiling face, its sampler and the window shares.

The smiling face is scikit-image's astronaut photo (Eileen Collins, NASA, public domain): FaceMesh
landmarks → the analyser's crop → the converted ONNX model, exactly the engine's path.
"""

from __future__ import annotations

import numpy as np
import pytest
from media_factory import face_image

from interhuman_desktop.engine.analysis import expression
from interhuman_desktop.engine.analysis.expression_window import expression_summary
from interhuman_desktop.engine.analysis.face import FaceCue
from interhuman_desktop.engine.analysis.landmarks import MeshTracker, make_tracker

pytest.importorskip("mediapipe")
HAPPY = expression.LABELS.index("happy")


@pytest.fixture(scope="module")
def session():
    loaded = expression.load_session()
    assert loaded is not None, "resources/models/face_expression.onnx must load"
    return loaded


@pytest.fixture(scope="module")
def photo() -> tuple[np.ndarray, np.ndarray]:
    """The astronaut photo (BGR) and its FaceMesh landmarks."""
    image = face_image(512)
    assert image is not None, "scikit-image is needed"
    tracker = make_tracker(expressions=False)
    assert isinstance(tracker, MeshTracker)
    pts, count = tracker.landmarks(image)
    tracker.close()
    assert pts is not None and count == 1
    return image, pts


def test_smiling_real_face_reads_happy(session, photo) -> None:
    image, pts = photo
    crop = expression.face_crop(image, expression.face_box(pts))
    assert crop is not None and crop.shape == (112, 112, 3) and crop.dtype == np.uint8
    probs = expression.predict(session, crop[None])[0]
    assert probs.shape == (len(expression.LABELS),)
    assert probs.sum() == pytest.approx(1.0, abs=1e-4)
    assert expression.LABELS[int(probs.argmax())] == "happy" and probs[HAPPY] > 0.9


def test_crop_box_covers_the_face_not_the_picture(photo) -> None:
    image, pts = photo
    x0, y0, x1, y1 = expression.face_box(pts)
    height, width = image.shape[:2]
    assert 0.2 * width < x1 - x0 < 0.8 * width and 0.2 * height < y1 - y0 < 0.9 * height
    assert expression.face_crop(image, (10.0, 10.0, 14.0, 14.0)) is None  # too small


def test_sampler_runs_at_its_rate_and_holds_between(session, photo, monkeypatch) -> None:
    image, pts = photo
    calls: list[int] = []
    real = expression.predict

    def counted(sess, crops):
        calls.append(len(crops))
        return real(sess, crops)

    monkeypatch.setattr(expression, "predict", counted)
    sampler = expression.ExpressionSampler(session)
    times = [round(0.1 * i, 1) for i in range(20)]  # 2 s at 10 analysis fps
    readings = [sampler.sample(t, image, pts) for t in times]
    assert len(calls) == round(2.0 * expression.RATE_HZ)
    assert all(r is not None and r[HAPPY] > 0.9 for r in readings)


def test_held_reading_expires_when_the_model_cannot_run(session, photo) -> None:
    image, pts = photo
    sampler = expression.ExpressionSampler(session)
    assert sampler.sample(0.0, image, pts) is not None
    collapsed = np.repeat(pts[:1], len(pts), axis=0)  # a degenerate box: no crop, no run
    assert sampler.sample(0.3, image, collapsed) is not None  # held (0.3 s old)
    assert sampler.sample(0.3 + expression.HOLD, image, collapsed) is None


def test_median_smoothing_ignores_one_odd_crop(session, photo) -> None:
    image, pts = photo
    sampler = expression.ExpressionSampler(session)
    grey = np.full_like(image, 128)  # the model reads a blank picture as "neutral"
    assert sampler.sample(0.0, image, pts)[HAPPY] > 0.9
    assert sampler.sample(0.2, image, pts)[HAPPY] > 0.9
    assert sampler.sample(0.4, grey, pts)[HAPPY] > 0.9  # median of (happy, happy, neutral)
    assert sampler.sample(0.6, grey, pts)[HAPPY] < 0.5  # two of three are neutral now


def _cue(t: float, probs: tuple[float, ...] | None, present: bool = True) -> FaceCue:
    return FaceCue(t=t, count=int(present), width=0.3 if present else 0.0, expression=probs)


def _probs(label: str, p: float) -> tuple[float, ...]:
    rest = (1.0 - p) / (len(expression.LABELS) - 1)
    return tuple(p if k == label else rest for k in expression.LABELS)


def test_window_shares_are_of_all_frames() -> None:
    faces = (
        [_cue(0.1 * i, _probs("happy", 0.9)) for i in range(30)]
        + [_cue(3 + 0.1 * i, _probs("sad", 0.7)) for i in range(20)]
        + [_cue(5 + 0.1 * i, _probs("fearful", 0.4)) for i in range(10)]  # below 0.6 alone
        + [_cue(6 + 0.1 * i, None, present=False) for i in range(20)]  # no face
    )
    s = expression_summary(faces)
    assert s["expression_ratio"] == pytest.approx(60 / 80)
    assert s["happy_ratio"] == pytest.approx(30 / 80)
    assert s["distress_ratio"] == pytest.approx(20 / 80)
    # fearful 0.4 + the others' 0.1 each (sad, angry, disgusted): 0.7 ≥ 0.6 as a group
    assert s["negative_ratio"] == pytest.approx(30 / 80)
    assert len(s["expression_mean"]) == len(expression.LABELS)
    assert sum(s["expression_mean"]) == pytest.approx(1.0, abs=0.01)


def test_no_reading_is_no_evidence() -> None:
    assert expression_summary([_cue(0.1 * i, None) for i in range(10)]) == {}
    assert expression_summary([]) == {}
