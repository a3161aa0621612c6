"""LiveView: set-up (devices, goals, pre-flight), then the preview with the cue overlay, lanes,
quality, markers and one health light; after Stop, the session summary.

The :class:`LiveController` drives it: ``attach(timeline, frame_provider)`` when a session
starts, then ``set_now``, ``set_health`` and ``set_lag``; a 15 Hz timer redraws from the model
(never per event). ``M`` anywhere in the window but a text field (see :mod:`live_markers`)
asks for a marker; Enter in the note field notes the selected marker (or adds one) and gives
the focus back, as Esc does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedLayout,
    QWidget,
)

from interhuman_desktop.session.timeline import Marker, SessionTimeline
from interhuman_desktop.ui.timefmt import fmt_time
from interhuman_desktop.ui.views.live_layout import NOTE_PLACEHOLDER, build_session_page, use_source
from interhuman_desktop.ui.views.live_markers import MarkerKey
from interhuman_desktop.ui.views.live_note_saver import NoteSaver
from interhuman_desktop.ui.views.live_setup import LiveSetup
from interhuman_desktop.ui.views.review_layout import overall_quality
from interhuman_desktop.ui.widgets.cue_overlay import CueOverlay
from interhuman_desktop.ui.widgets.empty_state import EmptyState
from interhuman_desktop.ui.widgets.gauge import QualityGauge
from interhuman_desktop.ui.widgets.health import LagMarker
from interhuman_desktop.ui.widgets.health_light import HealthLight
from interhuman_desktop.ui.widgets.lanes import SignalLanesWidget
from interhuman_desktop.ui.widgets.marker_list import MarkerList
from interhuman_desktop.ui.widgets.session_summary import SessionSummary
from interhuman_desktop.ui.widgets.video_preview import VideoPreview

log = logging.getLogger(__name__)
REDRAW_MS = 66  # ~15 Hz
SETUP, SESSION, SUMMARY = 0, 1, 2


class LiveView(QWidget):
    """Display side of a live session; ``startRequested`` asks the app to start one."""

    startRequested = Signal()
    stopRequested = Signal()
    markerRequested = Signal(str)  # a new marker now, with this note
    markerNoted = Signal(float, str)  # the marker at t gets this note
    # built by live_layout.build_session_page
    preview: VideoPreview
    cue: CueOverlay
    gauge: QualityGauge
    lanes: SignalLanesWidget
    health: HealthLight
    lag: LagMarker
    markers: MarkerList
    marker_note: QLineEdit
    marker_button: QPushButton
    marker_label: QLabel
    rec_label: QLabel
    stop_button: QPushButton
    notice: QLabel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeline: SessionTimeline | None = None
        self.now = 0.0
        self._health: Mapping[str, Any] = {}
        self._lag: float | None = None
        self.setAccessibleName("Live")
        self._setup_ui()
        self.marker_key = MarkerKey(self, self.marker_note, self.request_marker,
                                    self.leave_note)
        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.redraw)
        self.note_saver = NoteSaver(self.marker_note, self.markerNoted.emit,
                                    self.request_marker)

    # --- public API ------------------------------------------------------------------
    def attach(self, timeline: SessionTimeline,
               frame_provider: Callable[[], Any] | None = None) -> None:
        """A new session: everything of the previous one (markers, cue, health) is cleared."""
        self.timeline, self.now, self._health, self._lag = timeline, 0.0, {}, None
        use_source(self, frame_provider)  # the picture, or the sound level (microphone only)
        self.lanes.set_timeline(timeline)
        self.gauge.set_scores(overall_quality(timeline), timeline.quality_basis)
        self.cue.clear()
        self.markers.set_markers(timeline.markers)
        self.marker_label.setText("")
        self.note_saver.cancel()  # the last session saved its note at Stop
        self.marker_note.clear()
        self._note_target(None)
        self.health.set_health({})
        self._pages.setCurrentIndex(SESSION)
        if frame_provider is not None:
            self.preview.start()
        self.marker_key.install()
        self._timer.start()

    def detach(self, summary: bool = False) -> None:
        """The session ended: back to the set-up, or to the summary page when ``summary``."""
        self._timer.stop()
        self.marker_key.remove()
        self.preview.stop()
        self.preview.set_recording(False)
        self.timeline = None
        self._pages.setCurrentIndex(SUMMARY if summary else SETUP)

    def show_setup(self) -> None:
        self._pages.setCurrentIndex(SETUP)

    def page(self) -> int:
        return self._pages.currentIndex()

    def set_now(self, seconds: float) -> None:
        self.now = seconds
        self.lanes.set_now(seconds)
        if self.preview.recording:
            self.rec_label.setText(f"● REC {fmt_time(seconds)}")

    def request_marker(self) -> None:
        """A new marker now, with the note typed in the field (then cleared)."""
        if self.timeline is None:
            return
        if self.note_saver.target is not None:  # the text is the picked marker's note
            self.note_saver.flush()
            self.marker_note.clear()
            self.markerRequested.emit("")
            return
        self.note_saver.cancel()
        note = self.marker_note.text().strip()
        self.marker_note.clear()
        self.markerRequested.emit(note)

    def note_entered(self) -> None:
        """Enter in the note field: note the selected marker, else add one; focus goes back."""
        self.note_saver.cancel()
        target = self.markers.selected_marker()
        if target is not None and self.timeline is not None:
            note = self.marker_note.text().strip()
            self.marker_note.clear()
            self.markerNoted.emit(target.t, note)
        else:
            self.request_marker()
        self.markers.select_at(None)
        self.leave_note()

    def leave_note(self) -> None:
        """Give the focus back to the page (the preview), so M adds markers again."""
        self.preview.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_marker(self, seconds: float, note: str) -> None:
        """A marker was added or noted: the status line, the list, the selection."""
        self.marker_label.setText(f"Marker at {fmt_time(seconds)}" + (f": {note}" if note else ""))
        if self.timeline is not None:
            self.markers.set_markers(self.timeline.markers)
        # a bare marker awaits its note; one noted as you type stays picked while typing
        self.markers.select_at(seconds if self.note_saver.saving or not note else None)

    def set_health(self, health: Mapping[str, Any]) -> None:
        self._health = health
        self.health.set_health(health, self._lag)

    def set_lag(self, seconds: float | None) -> None:
        self._lag = seconds
        self.lag.set_lag(seconds)
        self.lanes.set_lag(seconds)
        self.health.set_health(self._health, seconds)

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
            self.gauge.set_scores(overall_quality(self.timeline), self.timeline.quality_basis)
            self.markers.set_markers(self.timeline.markers)
        self.cue.update_from(self.timeline, self.now)

    # --- layout -------------------------------------------------------------------------
    def _note_target(self, marker: Marker | None) -> None:
        self.note_saver.retarget(marker.t if marker is not None else None)
        self.marker_note.setPlaceholderText(
            NOTE_PLACEHOLDER if marker is None
            else f"Note for {fmt_time(marker.t)} (Enter)")
        if marker is not None and marker.note and not self.marker_note.text():
            self.marker_note.setText(marker.note)  # picked in the list: edit its note

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
        box = self.empty.layout()
        assert isinstance(box, QBoxLayout)
        box.insertWidget(2, self.setup, 0, Qt.AlignmentFlag.AlignHCenter)
        box.insertSpacing(2, 12)
        self.empty.button.clicked.connect(self.startRequested)
        self.set_start_available(False)
        self._pages.addWidget(self.empty)
        self._pages.addWidget(build_session_page(self))
        self.summary = SessionSummary()
        self.summary.newSession.connect(self.show_setup)
        self._pages.addWidget(self.summary)
        self.marker_note.returnPressed.connect(self.note_entered)
        self.marker_button.clicked.connect(lambda _c=False: self.request_marker())
        self.markers.markerSelected.connect(self._note_target)
        self.stop_button.clicked.connect(self.stopRequested)
