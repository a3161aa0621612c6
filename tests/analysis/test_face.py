"""The Haar face detector on real pictures: the astronaut photo, and none on the pattern."""

from __future__ import annotations

import cv2
import numpy as np
from media_factory import face_image, pattern_frame

from interhuman_desktop.engine.analysis.face import FaceTracker, detect_face


def test_finds_the_astronaut_face_centred() -> None:
    for i in range(0, 30, 5):
        cue = detect_face(0.0, pattern_frame(i, 320, 240, face_image(120)))
        assert cue.present and cue.count == 1
        assert cue.centred and 0.1 < cue.width < 0.5


def test_no_face_on_the_plain_pattern() -> None:
    assert not any(detect_face(0.0, pattern_frame(i, 320, 240, None)).present for i in range(20))


def test_large_frames_are_downscaled_and_still_found() -> None:
    cue = detect_face(1.5, pattern_frame(3, 1280, 720, face_image(360)))
    assert cue.present and cue.t == 1.5 and cue.centred


def test_face_off_centre_is_not_centred() -> None:
    img = pattern_frame(0, 320, 240, None)
    img[60:180, 0:120] = face_image(120)
    cue = detect_face(0.0, img)
    assert cue.present and cue.dx < -0.5 and not cue.centred


def test_turned_away_face_is_not_frontal() -> None:
    img = pattern_frame(0, 320, 240, None)
    img[60:180, 100:220] = cv2.rotate(face_image(120), cv2.ROTATE_180)
    assert not detect_face(0.0, img).present


def test_grayscale_input() -> None:
    gray = cv2.cvtColor(pattern_frame(0, 320, 240, face_image(120)), cv2.COLOR_BGR2GRAY)
    assert detect_face(0.0, np.ascontiguousarray(gray)).present


def test_tracker_agrees_with_full_scans_and_notices_a_leaving_face() -> None:
    tracker = FaceTracker()
    photo = face_image(120)
    for i in range(40):
        img = pattern_frame(i, 320, 240, photo if i < 25 else None)
        tracked, full = tracker.detect(i / 10, img), detect_face(i / 10, img)
        assert tracked.present == full.present == (i < 25)
        if full.present:
            assert abs(tracked.dx - full.dx) < 0.1 and abs(tracked.width - full.width) < 0.05
