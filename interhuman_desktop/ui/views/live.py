"""LiveView: set-up (devices, goals, pre-flight), then the preview, the one live cue, lanes,
quality and pipeline health.

The :class:`LiveController` drives it: ``attach(timeline, frame_provider)`` when a session
starts, then ``set_now``, ``set_health`` and ``set_lag``; a 15 Hz timer redraws from the model
(never per event). ``M`` (or Enter in the note field) asks for a marker with the typed note.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.ui.timefmt import fmt_time
from interhuman_desktop.ui.views.live_setup import LiveSetup
from interhuman_desktop.ui.views.review_layout import overall_quality
from interhuman_desktop.ui.widgets.empty_state import EmptyState
from interhuman_desktop.ui.widgets.gauge import QualityGauge
from interhuman_desktop.ui.widgets.health import HealthLine, LagMarker
from interhuman_desktop.ui.widgets.lanes import SignalLanesWidget
from interhuman_desktop.ui.widgets.now_cue import NowCue
from interhuman_desktop.ui.widgets.video_preview import VideoPreview

log = logging.getLogger(__name__)
REDRAW_MS = 66  # ~15 Hz
FOLLOW_WINDOW_S = 90.0


class LiveView(QWidget):
    """Display side of a live session; ``startRequested`` asks the app to start one."""

    startRequested = Signal()
    stopRequested = Signal()
    markerRequested = Signal(str)  # the optional note

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeline: SessionTimeline | None = None
        self.setAccessibleName("Live")
        self._setup_ui()
        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.redraw)

    # --- public API ------------------------------------------------------------------
    def attach(self, timeline: SessionTimeline,
               frame_provider: Callable[[], Any] | None = None) -> None:
        self.timeline = timeline
        self.preview.set_frame_provider(frame_provider)
        self.lanes.set_timeline(timeline)
        self.gauge.set_values(overall_quality(timeline))
        self.cue.hold.clear()
        self._pages.setCurrentIndex(1)
        if frame_provider is not None:
            self.preview.start()
        self._timer.start()

    def detach(self) -> None:
        self._timer.stop()
        self.preview.stop()
        self.preview.set_recording(False)
        self.timeline = None
        self._pages.setCurrentIndex(0)

    def set_now(self, seconds: float) -> None:
        self.lanes.set_now(seconds)
        if self.preview.recording:
            self.rec_label.setText(f"● REC {fmt_time(seconds)}")

    def request_marker(self) -> None:
        """Ask for a marker now, with the note typed in the field (then cleared)."""
        if self.timeline is None:
            return
        note = self.marker_note.text().strip()
        self.marker_note.clear()
        self.markerRequested.emit(note)

    def show_marker(self, seconds: float, note: str) -> None:
        self.marker_label.setText(f"Marker at {fmt_time(seconds)}" + (f": {note}" if note else ""))

    def set_health(self, health: Mapping[str, Any]) -> None:
        self.health.set_health(health)

    def set_lag(self, seconds: float | None) -> None:
        self.lag.set_lag(seconds)
        self.lanes.set_lag(seconds)

    def set_recording(self, on: bool) -> None:
        self.preview.set_recording(on)
        self.rec_label.setVisible(on)
        self.rec_label.setText("● REC")

    def set_notice(self, text: str) -> None:
        """A one-line notice above the lanes (pre-flight warnings, "finishing…")."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def set_start_available(self, available: bool) -> None:
        button = self.empty.button
        assert button is not None
        button.setEnabled(available)
        self.empty.note.setVisible(not available)
        button.setToolTip("" if available else "Live capture is not available in this build")

    def set_starting(self, starting: bool, message: str = "") -> None:
        """While the engine/camera start: disable Start; ``message`` explains a failure."""
        button = self.empty.button
        assert button is not None
        button.setEnabled(not starting)
        button.setText("Starting…" if starting else "Start live session")
        self.empty.note.setText(message)
        self.empty.note.setVisible(bool(message))

    def redraw(self) -> None:
        """Timer tick: lanes and gauge only when the model changed; the cue's hold advances."""
        if self.timeline is None:
            return
        if self.lanes.refresh():
            self.gauge.set_values(overall_quality(self.timeline))
        self.cue.update_from(self.timeline)

    # --- layout -------------------------------------------------------------------------
    def _setup_ui(self) -> None:
        self._pages = QStackedLayout(self)
        self.empty = EmptyState(
            "Live coaching",
            "Rehearse in front of your camera and get one clear cue at a time, with lanes per "
            "signal, engagement and the conversation quality index as you talk. A pre-flight "
            "check makes sure the camera, the microphone and the light are good first. "
            "Everything recorded is kept on disk, so nothing is lost.",
            action="Start live session",
            note="Live capture is not available in this build.")
        assert self.empty.button is not None
        self.setup = LiveSetup()
        self.setup.setFixedWidth(620)
        self.empty.layout().insertWidget(2, self.setup, 0, Qt.AlignmentFlag.AlignHCenter)
        self.empty.layout().insertSpacing(2, 12)
        self.empty.button.clicked.connect(self.startRequested)
        self.set_start_available(False)
        self._pages.addWidget(self.empty)
        self._pages.addWidget(self._session_page())

    def _session_page(self) -> QWidget:
        self.preview = VideoPreview()
        self.preview.placeholder = "Waiting for the camera…"
        self.cue = NowCue()
        self.gauge = QualityGauge()
        self.lanes = SignalLanesWidget()
        self.lanes.follow_window = FOLLOW_WINDOW_S
        self.lanes.set_playhead(None)  # live shows "now" instead
        self.health = HealthLine()
        self.lag = LagMarker()
        self.marker_note = QLineEdit()
        self.marker_note.setPlaceholderText("Marker note (optional)")
        self.marker_note.setAccessibleName("Marker note")
        self.marker_note.setMaximumWidth(240)
        self.marker_note.returnPressed.connect(self.request_marker)
        self.marker_button = QPushButton("Add marker (M)")
        self.marker_button.setAccessibleName("Add marker")
        self.marker_button.setToolTip("Mark this moment, with the note typed beside it (M)")
        self.marker_button.clicked.connect(lambda _c=False: self.request_marker())
        shortcut = QShortcut(QKeySequence("M"), self)  # text fields keep their own "m"
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self.request_marker)
        self.marker_label = QLabel()
        self.marker_label.setAccessibleName("Last marker")
        self.rec_label = QLabel("● REC")
        self.rec_label.setAccessibleName("Recording indicator")
        self.rec_label.setStyleSheet("color: #D55E00; font-weight: bold;")
        self.rec_label.setVisible(False)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setAccessibleName("Stop the live session")
        self.stop_button.setToolTip("Stop recording; what is left is sent and everything saved")
        self.stop_button.clicked.connect(self.stopRequested)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.notice.setVisible(False)
        right = QWidget()
        col = QVBoxLayout(right)
        col.setContentsMargins(0, 0, 0, 0)
        self.cue.setMaximumHeight(190)  # one glanceable cue, not a panel
        col.addWidget(self.cue)
        col.addWidget(self.gauge, 1)
        top = QSplitter()
        top.addWidget(self.preview)
        top.addWidget(right)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.lanes)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        status = QHBoxLayout()
        status.addWidget(self.rec_label)
        status.addWidget(self.health, 1)
        markers = QHBoxLayout()
        markers.addWidget(self.lag)
        markers.addWidget(self.marker_label, 1)
        markers.addWidget(self.marker_note)
        markers.addWidget(self.marker_button)
        markers.addWidget(self.stop_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)
        layout.addLayout(status)
        layout.addLayout(markers)
        return page
