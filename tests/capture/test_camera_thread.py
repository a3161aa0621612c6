"""CameraSource's thread against a fake ``cv2.VideoCapture`` (no camera on CI machines)."""

from __future__ import annotations

import itertools
import time
from typing import ClassVar

import cv2
import numpy as np
import pytest

from interhuman_desktop.capture import CameraSource, CaptureError, VideoFormat
from interhuman_desktop.core import clock


class FakeCapture:
    """Grants 640x360 @ 25 whatever is asked; fails every grab after ``good`` frames."""

    instances: ClassVar[list[FakeCapture]] = []

    def __init__(self, device, backend=None, good: int = 10_000) -> None:
        self.good, self.grabs, self.released = good, 0, False
        FakeCapture.instances.append(self)

    def isOpened(self) -> bool:
        return True

    def set(self, prop: int, value: float) -> bool:
        return True

    def get(self, prop: int) -> float:
        return 25.0 if prop == cv2.CAP_PROP_FPS else 0.0

    def read(self):
        return True, np.zeros((360, 640, 3), np.uint8)

    def grab(self) -> bool:
        time.sleep(0.005)
        self.grabs += 1
        return self.grabs <= self.good

    def retrieve(self):
        return True, np.full((360, 640, 3), self.grabs % 256, np.uint8)

    def release(self) -> None:
        self.released = True


@pytest.fixture
def fake_cv2(monkeypatch):
    FakeCapture.instances.clear()
    monkeypatch.setattr(cv2, "VideoCapture", FakeCapture)
    return FakeCapture


def test_camera_reports_granted_format_and_stamps_frames(fake_cv2) -> None:
    cam = CameraSource(0, width=1280, height=720, fps=30)
    before = clock.now()
    cam.start()
    try:
        assert cam.video_format == VideoFormat(640, 360, 25.0)
        frames = [cam.frames.get(timeout=30.0) for _ in range(5)]
    finally:
        cam.stop()
    assert all(f is not None for f in frames)
    stamps = [f.t for f in frames]
    assert before <= stamps[0] and all(b > a for a, b in itertools.pairwise(stamps))
    assert [f.index for f in frames] == list(range(5))
    assert cam.latest_frame() is not None and cam.stats().frames_captured >= 5
    assert not cam.running and fake_cv2.instances[0].released


def test_camera_that_stops_sending_ends_with_an_error(fake_cv2, monkeypatch) -> None:
    monkeypatch.setattr(cv2, "VideoCapture", lambda d, b=None: FakeCapture(d, b, good=3))
    cam = CameraSource(0)
    cam.start()
    assert cam.wait_finished(5)
    assert isinstance(cam.error, CaptureError)
    assert cam.stats().frames_captured == 3
    cam.stop()


def test_driver_timestamps_are_used_only_when_on_our_clock() -> None:
    cam = CameraSource(0, latency=0.01)
    assert cam._capture_time(99.97, 100.0) == 99.97  # V4L2: monotonic buffer time
    assert cam._capture_time(1.5, 100.0) == pytest.approx(99.99)  # a stream-relative position
    assert cam._capture_time(100.2, 100.0) == pytest.approx(99.99)  # from the future: ignored
