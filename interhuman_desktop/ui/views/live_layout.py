"""The widgets and layout of the Live page while recording (built once by :class:`LiveView`):
the preview with the cue overlay, the gauge and the marker list beside it, the lanes below,
the health light, and the marker row (note field, Add marker, Stop). A microphone-only session
shows no picture: a sound level meter under the (empty) preview instead, the cue still over it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from interhuman_desktop.ui.views.live_setup_parts import level_bar, show_level
from interhuman_desktop.ui.widgets.cue_overlay import CueOverlay
from interhuman_desktop.ui.widgets.gauge import QualityGauge
from interhuman_desktop.ui.widgets.health import LagMarker
from interhuman_desktop.ui.widgets.health_light import HealthLight
from interhuman_desktop.ui.widgets.lanes import SignalLanesWidget
from interhuman_desktop.ui.widgets.marker_list import MarkerList
from interhuman_desktop.ui.widgets.video_preview import VideoPreview

FOLLOW_WINDOW_S = 90.0
NOTE_PLACEHOLDER = "Marker note (optional): Enter adds it"
CAMERA_PLACEHOLDER = "Waiting for the camera…"
AUDIO_PLACEHOLDER = "Microphone only: no camera, no picture is recorded"


def build_session_page(v: Any) -> QWidget:
    """Create the session widgets as attributes of ``v`` (the LiveView) and lay them out."""
    v.preview = VideoPreview()
    v.preview.placeholder = CAMERA_PLACEHOLDER
    v.preview.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # a click on the video takes focus
    v.cue = CueOverlay(v.preview)
    v.gauge = QualityGauge()
    v.lanes = SignalLanesWidget()
    v.lanes.follow_window = FOLLOW_WINDOW_S
    v.lanes.set_playhead(None)  # live shows "now" instead
    v.sound = level_bar(Qt.Orientation.Horizontal)
    v.health = _HealthAndSound()
    v.health.meter = v.sound
    v.lag = LagMarker()
    v.markers = MarkerList()
    v.marker_note = QLineEdit()
    v.marker_note.setPlaceholderText(NOTE_PLACEHOLDER)
    v.marker_note.setAccessibleName("Marker note")
    v.marker_note.setMinimumWidth(260)
    v.marker_button = QPushButton("Add marker (M)")
    v.marker_button.setAccessibleName("Add marker")
    v.marker_button.setToolTip("Mark this moment, with the note typed beside it (M)")
    v.marker_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # never keeps the focus from M
    v.marker_label = QLabel()
    v.marker_label.setAccessibleName("Last marker")
    v.marker_label.setWordWrap(True)  # a long note wraps instead of widening the window
    v.marker_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    v.rec_label = QLabel("● REC")
    v.rec_label.setAccessibleName("Recording indicator")
    v.rec_label.setStyleSheet("color: #D55E00; font-weight: bold;")
    v.rec_label.setVisible(False)
    v.stop_button = QPushButton("Stop")
    v.stop_button.setAccessibleName("Stop the live session")
    v.stop_button.setToolTip("Stop recording: the recording is kept, then a summary")
    v.notice = QLabel()
    v.notice.setWordWrap(True)
    v.notice.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    v.notice.setVisible(False)
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(8, 8, 8, 8)
    layout.addWidget(v.notice)
    layout.addWidget(_splits(v), 1)
    status = QHBoxLayout()
    status.addWidget(v.rec_label)
    status.addWidget(v.health, 1)
    status.addWidget(v.lag)
    layout.addLayout(status)
    row = QHBoxLayout()
    row.addWidget(v.marker_label, 1)
    row.addWidget(v.marker_note)
    row.addWidget(v.marker_button)
    row.addWidget(v.stop_button)
    layout.addLayout(row)
    return page


def _splits(v: Any) -> QSplitter:
    right = QWidget()
    col = QVBoxLayout(right)
    col.setContentsMargins(0, 0, 0, 0)
    col.addWidget(v.gauge, 3)
    title = QLabel("Markers")
    title.setStyleSheet("font-weight: bold;")
    col.addWidget(title)
    col.addWidget(v.markers, 2)
    top = QSplitter()
    top.addWidget(_picture_or_sound(v))
    top.addWidget(right)
    top.setStretchFactor(0, 3)
    top.setStretchFactor(1, 1)
    split = QSplitter(Qt.Orientation.Vertical)
    split.addWidget(top)
    split.addWidget(v.lanes)
    split.setStretchFactor(0, 3)
    split.setStretchFactor(1, 2)
    return split


class _HealthAndSound(HealthLight):
    """The health light; the pipeline's figures also carry the microphone's level
    (``level_db``), shown on the meter of a microphone-only session."""

    meter: QProgressBar | None = None

    def set_health(self, health: Mapping[str, Any], lag: float | None = None) -> None:
        super().set_health(health, lag)
        if self.meter is not None:
            show_level(self.meter, health.get("level_db"))


def _picture_or_sound(v: Any) -> QWidget:
    v.sound.setAccessibleName("Microphone level")
    v.sound.setTextVisible(True)
    v.sound_row = QWidget()
    row = QHBoxLayout(v.sound_row)
    row.setContentsMargins(0, 4, 0, 0)
    row.addWidget(QLabel("Microphone"))
    row.addWidget(v.sound, 1)
    v.sound_row.setVisible(False)
    left = QWidget()
    col = QVBoxLayout(left)
    col.setContentsMargins(0, 0, 0, 0)
    col.addWidget(v.preview, 1)
    col.addWidget(v.sound_row)
    return left


def use_source(v: Any, frame_provider: Any) -> None:
    """A camera session shows its picture; a microphone-only one its sound level instead."""
    audio = bool(v.setup.audio_only())
    v.preview.set_frame_provider(None if audio else frame_provider)
    v.preview.set_image(None)
    v.preview.placeholder = AUDIO_PLACEHOLDER if audio else CAMERA_PLACEHOLDER
    v.sound_row.setVisible(audio)
    show_level(v.sound, None)
