"""FaceMesh cues on the astronaut photo, straight and turned in 3D; the Haar fallback."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from media_factory import face_image

from interhuman_desktop.engine.analysis.face import FaceTracker
from interhuman_desktop.engine.analysis.landmarks import MeshTracker, make_tracker

pytest.importorskip("mediapipe")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
from labelled import BACKGROUND, FACE_SIZE, warp_face


def _frame(face: np.ndarray) -> np.ndarray:
    img = np.full((240, 320, 3), BACKGROUND, np.uint8)
    small = face[::2, ::2]
    top, left = (240 - small.shape[0]) // 2, (320 - small.shape[1]) // 2
    img[top : top + small.shape[0], left : left + small.shape[1]] = small
    return img


def test_frontal_photo_faces_the_camera() -> None:
    tracker = make_tracker()
    assert isinstance(tracker, MeshTracker) and tracker.detector == "facemesh"
    cue = tracker.detect(1.0, _frame(face_image(FACE_SIZE)))
    tracker.close()
    assert cue.present and cue.count == 1 and cue.centred
    assert abs(cue.pitch) < 6 and abs(cue.yaw) < 6 and abs(cue.roll) < 8
    assert cue.gaze is True and cue.facing
    assert 0.5 < cue.smile < 0.9


@pytest.mark.parametrize(("pitch", "yaw"), [(15, 0), (-15, 0), (0, 20), (0, -20)])
def test_turned_face_pose_follows_the_turn(pitch: int, yaw: int) -> None:
    tracker = make_tracker()
    cue = tracker.detect(0.0, _frame(warp_face(float(pitch), float(yaw))))
    tracker.close()
    turned = pitch if pitch else yaw
    measured = cue.pitch if pitch else cue.yaw
    assert np.sign(measured) == np.sign(turned)
    assert np.abs(np.array([cue.pitch, cue.yaw]) - [pitch, yaw]).max() < 8  # a warped photo


def test_looking_far_away_is_not_facing() -> None:
    tracker = make_tracker()
    cue = tracker.detect(0.0, _frame(warp_face(0.0, 55.0)))
    tracker.close()
    assert not cue.facing and not cue.gaze


def test_no_face_and_haar_fallback() -> None:
    tracker = make_tracker()
    assert not tracker.detect(0.0, np.full((240, 320, 3), 80, np.uint8)).present
    tracker.close()
    haar = make_tracker(prefer_mesh=False)
    assert isinstance(haar, FaceTracker) and haar.detector == "haar"
    cue = haar.detect(0.0, _frame(face_image(FACE_SIZE)))
    assert cue.present and cue.pitch is None and cue.facing


def test_without_mediapipe_the_haar_cascade_is_used(monkeypatch, caplog) -> None:
    from interhuman_desktop.engine.analysis import landmarks

    monkeypatch.setitem(sys.modules, "mediapipe.python.solutions", None)  # import fails
    monkeypatch.setattr(landmarks, "_unavailable", [])
    assert make_tracker().detector == "haar"
    assert make_tracker().detector == "haar"
    assert sum("using the Haar cascade" in r.message for r in caplog.records) == 1
