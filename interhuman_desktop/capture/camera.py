"""The webcam: ``cv2.VideoCapture`` read on its own thread, each frame stamped at grab time.

OpenCV is imported lazily (only ``start`` and ``list_devices`` need it). OpenCV has no portable
device enumeration: on Linux the V4L2 capture nodes are listed from sysfs (no device is opened);
elsewhere the first few indices are probed.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from ..core import clock
from .base import DEFAULT_VIDEO_QUEUE, VideoSource
from .types import CaptureError, DeviceInfo, DeviceUnavailableError, VideoFormat

log = logging.getLogger(__name__)

MAX_READ_FAILURES = 50  # consecutive failed grabs (~0.5 s) before the camera counts as lost
PROBE_INDICES = 4
MAX_DRIVER_AGE = 0.5  # a driver timestamp older than this is not on our clock


def list_cameras() -> list[DeviceInfo]:
    """Cameras the user can pick; possibly empty. ``DeviceInfo.id`` is the OpenCV index."""
    if sys.platform.startswith("linux"):
        return _v4l2_cameras(Path("/sys/class/video4linux"))
    return _probed_cameras()


def _v4l2_cameras(root: Path) -> list[DeviceInfo]:
    found: list[DeviceInfo] = []
    for node in sorted(root.glob("video*"), key=lambda p: int(p.name[5:] or 0)):
        index_file = node / "index"
        if index_file.exists() and index_file.read_text().strip() != "0":
            continue  # a metadata node of a camera already listed
        name = (node / "name").read_text().strip() if (node / "name").exists() else node.name
        found.append(DeviceInfo(int(node.name[5:]), name, "camera", default=not found))
    return found


def _probed_cameras() -> list[DeviceInfo]:
    import cv2

    found: list[DeviceInfo] = []
    for index in range(PROBE_INDICES):
        cap = cv2.VideoCapture(index)
        if cap.isOpened():
            found.append(DeviceInfo(index, f"Camera {index}", "camera", default=not found))
        cap.release()
    return found


class CameraSource(VideoSource):
    """Asks for ``width``×``height`` at ``fps``; :attr:`video_format` reports what was granted."""

    name = "camera"

    def __init__(self, device: int | str = 0, *, width: int = 640, height: int = 480,
                 fps: float = 30.0, queue_capacity: int = DEFAULT_VIDEO_QUEUE,
                 backend: int | None = None, latency: float = 0.0) -> None:
        super().__init__()
        self._init_video(queue_capacity)
        self.device = device
        self.requested = VideoFormat(width, height, fps)
        self._backend = backend
        self.latency = latency  # exposure → grab() return, if measured; subtracted from stamps
        self._cap: Any = None
        self._granted: VideoFormat | None = None

    list_devices = staticmethod(list_cameras)

    @property
    def video_format(self) -> VideoFormat | None:
        return self._granted

    def start(self) -> None:
        """Open the camera and read one frame now, so a missing device fails here, clearly."""
        import cv2

        cap = cv2.VideoCapture(self.device, self._backend or cv2.CAP_ANY)
        if not cap.isOpened():
            cap.release()
            raise DeviceUnavailableError(
                f"Camera {self.device!r} could not be opened: it is missing, used by another "
                "application, or the app lacks camera permission.")
        req = self.requested
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, req.width)
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, req.height)
        cap.set(cv2.CAP_PROP_FPS, req.fps)
        ok, image = cap.read()
        if not ok or image is None:
            cap.release()
            raise DeviceUnavailableError(f"Camera {self.device!r} opened but sent no picture.")
        fps = cap.get(cv2.CAP_PROP_FPS) or req.fps
        self._granted = VideoFormat(image.shape[1], image.shape[0], float(fps))
        if self._granted != req:
            log.info("camera %r: asked for %s, granted %s", self.device, req, self._granted)
        self._cap = cap
        self._spawn(self._run)

    def _capture_time(self, driver_t: float, grabbed_t: float) -> float:
        """The driver's buffer time when it is on our clock (V4L2 stamps with CLOCK_MONOTONIC,
        which is ``time.monotonic``), else the moment ``grab`` returned minus ``latency``."""
        if 0.0 <= grabbed_t - driver_t < MAX_DRIVER_AGE:
            return driver_t
        return grabbed_t - self.latency

    def _run(self) -> None:
        import cv2

        cap, failures = self._cap, 0
        try:
            while not self._stop_event.is_set():
                if not cap.grab():
                    failures += 1
                    if failures > MAX_READ_FAILURES:
                        raise CaptureError(f"camera {self.device!r} stopped sending pictures")
                    self._stop_event.wait(0.01)
                    continue
                t = self._capture_time(cap.get(cv2.CAP_PROP_POS_MSEC) / 1000, clock.now())
                ok, image = cap.retrieve()
                if ok and image is not None:
                    failures = 0
                    self._emit_frame(t, image)
        finally:
            cap.release()
            self._cap = None
