"""VideoPreview: paints the latest BGR frame pulled from ``frame_provider`` on a ~30 Hz timer.

Pull, not push: the capture thread only replaces "latest frame"; the GUI thread takes it when
it repaints, so a slow GUI never backs up capture. Also paints QImages (the review player).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from interhuman_desktop.ui.theme import REC_RED

SOUND_ONLY = "Sound only – no picture"  # what a player without a picture shows

log = logging.getLogger(__name__)
FrameProvider = Callable[[], "np.ndarray | None"]


def bgr_to_qimage(frame: np.ndarray) -> QImage:
    """A deep-copied QImage of an HxWx3 uint8 BGR array."""
    frame = np.ascontiguousarray(frame)
    h, w = frame.shape[:2]
    image = QImage(frame.data, w, h, frame.strides[0], QImage.Format.Format_BGR888)
    return image.copy()


class VideoPreview(QWidget):
    """Letter-boxed video with an optional recording indicator (red dot + REC)."""

    def __init__(self, frame_provider: FrameProvider | None = None, fps: float = 30.0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._provider = frame_provider
        self._image: QImage | None = None
        self._recording = False
        self.placeholder = "No video"
        self.frames_shown = 0
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, int(1000 / fps)))
        self._timer.timeout.connect(self.pull)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 90)
        self.setAccessibleName("Video preview")

    # --- public API ------------------------------------------------------------------
    def set_frame_provider(self, provider: FrameProvider | None) -> None:
        self._provider = provider

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def set_recording(self, on: bool) -> None:
        self._recording = on
        self.setAccessibleDescription("Recording" if on else "Not recording")
        self.update()

    @property
    def recording(self) -> bool:
        return self._recording

    def set_image(self, image: QImage | None) -> None:
        self._image = image
        self.update()

    def show_picture_known(self, has_picture: bool) -> None:
        """The player loaded its source: without a picture, say it is sound only (the first
        words of the placeholder, a take's title, stay)."""
        if not has_picture:
            head, sep, _rest = self.placeholder.rpartition(": ")
            self.placeholder = f"{head}{sep}{SOUND_ONLY if not sep else SOUND_ONLY.lower()}"
            self.set_image(None)

    def current_image(self) -> QImage | None:
        return self._image

    def pull(self) -> None:
        """Take the provider's latest frame (if any) and repaint."""
        if self._provider is None:
            return
        try:
            frame = self._provider()
        except Exception:
            log.exception("frame provider failed; preview stopped")
            self.stop()
            return
        if frame is not None:
            self._image = bgr_to_qimage(frame)
            self.frames_shown += 1
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 270)

    # --- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#101114"))
        if self._image is None or self._image.isNull():
            p.setPen(QColor("#9aa0a6"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder)
        else:
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            p.drawImage(self._fit(self._image.size()), self._image)
        if self._recording:
            self._paint_rec(p)
        p.end()

    def _fit(self, size: QSize) -> QRectF:
        scaled = size.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - scaled.width()) / 2
        y = (self.height() - scaled.height()) / 2
        return QRectF(x, y, scaled.width(), scaled.height())

    def _paint_rec(self, p: QPainter) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(0, 0, 0, 150))
        p.drawRoundedRect(QRectF(10, 10, 74, 28), 6, 6)
        p.setBrush(QColor(REC_RED))
        p.drawEllipse(QRectF(18, 17, 14, 14))
        font = QFont(self.font())
        font.setBold(True)
        p.setFont(font)
        p.setPen(QColor("white"))
        p.drawText(QRectF(38, 10, 44, 28), Qt.AlignmentFlag.AlignVCenter, "REC")
