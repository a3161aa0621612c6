"""The widgets and layout of the Live page while recording (built once by :class:`LiveView`):
the preview with the cue overlay, the gauge and the marker list beside it, the lanes below,
the health light, and the marker row (note field, Add marker, Stop)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from interhuman_desktop.ui.widgets.cue_overlay import CueOverlay
from interhuman_desktop.ui.widgets.gauge import QualityGauge
from interhuman_desktop.ui.widgets.health import LagMarker
from interhuman_desktop.ui.widgets.health_light import HealthLight
from interhuman_desktop.ui.widgets.lanes import SignalLanesWidget
from interhuman_desktop.ui.widgets.marker_list import MarkerList
from interhuman_desktop.ui.widgets.video_preview import VideoPreview

FOLLOW_WINDOW_S = 90.0
NOTE_PLACEHOLDER = "Marker note (optional): Enter adds it"


def build_session_page(v: Any) -> QWidget:
    """Create the session widgets as attributes of ``v`` (the LiveView) and lay them out."""
    v.preview = VideoPreview()
    v.preview.placeholder = "Waiting for the camera…"
    v.preview.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # a click on the video takes focus
    v.cue = CueOverlay(v.preview)
    v.gauge = QualityGauge()
    v.lanes = SignalLanesWidget()
    v.lanes.follow_window = FOLLOW_WINDOW_S
    v.lanes.set_playhead(None)  # live shows "now" instead
    v.health = HealthLight()
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
    top.addWidget(v.preview)
    top.addWidget(right)
    top.setStretchFactor(0, 3)
    top.setStretchFactor(1, 1)
    split = QSplitter(Qt.Orientation.Vertical)
    split.addWidget(top)
    split.addWidget(v.lanes)
    split.setStretchFactor(0, 3)
    split.setStretchFactor(1, 2)
    return split
