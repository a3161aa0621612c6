"""The widgets of the review view and how they are arranged (no behaviour beyond display)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.ui.timefmt import fmt_length, fmt_time
from interhuman_desktop.ui.views.review_markers import MarkerList
from interhuman_desktop.ui.views.review_player import SOUND_ONLY, sound_only_file
from interhuman_desktop.ui.widgets.delivery import DeliveryPanel
from interhuman_desktop.ui.widgets.evidence import EvidenceCard
from interhuman_desktop.ui.widgets.gauge import QualityGauge
from interhuman_desktop.ui.widgets.lanes import SignalLanesWidget
from interhuman_desktop.ui.widgets.video_preview import VideoPreview


def overall_quality(timeline: SessionTimeline) -> dict[str, float] | None:
    """The overall CQI, or the last period's values when the overall is not known yet."""
    if timeline.quality_overall:
        return timeline.quality_overall
    return dict(timeline.quality_periods[-1].values) if timeline.quality_periods else None


class SideColumn(QWidget):
    """The side column in its scroll area: as tall as its widgets' minimum at a width, not as
    their preferred height (the scroll area asks ``heightForWidth``: a wrapped label's preferred
    height made it scroll in a window with room to spare)."""

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        return layout.totalMinimumHeightForWidth(width) if layout is not None else -1


class ReviewLayout(QWidget):
    """Video + transport (top left), evidence/quality/feedback (top right), lanes (bottom)."""

    feedbackActivated = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._duration, self._length_known, self._position = 0.0, False, 0.0
        self.video = VideoPreview()
        self.video.placeholder = "Timeline only (no video)"
        self.video.setAccessibleName("Recording")
        self.lanes = SignalLanesWidget()
        self.evidence = EvidenceCard()
        self.gauge = QualityGauge()
        self.delivery = DeliveryPanel()
        self.feedback = QListWidget()
        self.feedback.setAccessibleName("Feedback")
        self.feedback.setWordWrap(True)
        self.feedback.itemActivated.connect(self._on_feedback)
        self.feedback.itemClicked.connect(self._on_feedback)
        self.markers = MarkerList()
        self.markers.markersChanged.connect(self._count_markers)
        self.header = QLabel()
        self.header.setAccessibleName("Recording under review")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self._build()

    def _build(self) -> None:
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self._left_column())
        top.addWidget(self._right_column())
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        self.split = split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.lanes)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.header)
        layout.addWidget(split, 1)

    def _left_column(self) -> QWidget:
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.video, 1)
        bar = QHBoxLayout()
        self.play_button = QPushButton("Play")
        self.play_button.setAccessibleName("Play or pause")
        self.play_button.setToolTip("Play / pause (Space)")
        self.time_label = QLabel("00:00.0 / 00:00.0")
        self.time_label.setAccessibleName("Position")
        self.rate_label = QLabel("")
        self.loop_label = QLabel("")
        self.loop_clear = QPushButton("Stop loop")
        self.loop_clear.setAccessibleName("Stop looping")
        self.loop_clear.setVisible(False)
        self.error_label = QLabel("")
        self.error_label.setWordWrap(True)
        for w in (self.play_button, self.time_label, self.rate_label, self.loop_label,
                  self.loop_clear):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(QLabel("J K L · ←/→ · N/P · A/B loop"))
        col.addLayout(bar)
        col.addWidget(self.error_label)
        self.error_label.setVisible(False)
        return box

    def _right_column(self) -> QScrollArea:
        box = SideColumn()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.evidence, 2)
        col.addWidget(self.gauge, 2)
        col.addWidget(self.delivery)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.feedback, "Feedback")
        self.tabs.addTab(self.markers, "Markers")
        col.addWidget(self.tabs, 1)
        scroll = QScrollArea()  # a short window scrolls this column, it does not squeeze the
        scroll.setWidgetResizable(True)  # lanes (their legend then covered the time axis)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(box)
        scroll.setMinimumWidth(380)
        self.side = box
        return scroll

    def share_height(self) -> None:
        """Split the height: the side column unscrolled when there is room for it beside the
        lanes at their smallest, else the most there is (it scrolls); then half and half, the
        lanes never past their tallest."""
        total = self.split.height() - self.split.handleWidth()
        lanes_min = self.lanes.minimumSizeHint().height()
        if total <= lanes_min:
            return
        top = max(min(self.side.minimumSizeHint().height(), total - lanes_min), total // 2,
                  total - self.lanes.maximumHeight())
        top = min(top, total - lanes_min)
        self.split.setSizes([top, total - top])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.share_height()

    # --- display ----------------------------------------------------------------------
    def set_header(self, title: str, detail: str) -> None:
        """The recording's title (bold) and its date/source line."""
        self.header.setText(f"<b style='font-size: 12pt'>{html.escape(title)}</b>"
                            f"&nbsp;&nbsp;<span>{html.escape(detail)}</span>")

    def load(self, timeline: SessionTimeline, media_path: Path | None,
             backend: str | None = None, length: float | None = None) -> None:
        """``length``: the recording's (the library entry's, probed from the media); without
        it the player's duration once it reports one, the timeline's end until then."""
        self.lanes.set_timeline(timeline)
        self.markers.set_timeline(timeline)
        self._count_markers()
        self.gauge.set_values(overall_quality(timeline))
        self.gauge.set_basis(timeline.quality_basis, backend)
        self.feedback.clear()
        for t, text in timeline.feedback:
            item = QListWidgetItem(f"{fmt_time(t)}  {text}")
            item.setData(Qt.ItemDataRole.UserRole, t)
            self.feedback.addItem(item)
        if not timeline.feedback:
            self.feedback.addItem("No feedback for this recording.")
        self.delivery.show_for(media_path)
        self.video.set_image(None)
        self.video.placeholder = (SOUND_ONLY if sound_only_file(media_path) else
                                  "Loading video…" if media_path else "Timeline only (no video)")
        self._duration, self._length_known = length or timeline.media_end, length is not None
        self.show_position(0.0)
        self.show_loop(None)
        self.show_error("")
        self.share_height()  # the lanes' rows may have changed

    def show_position(self, seconds: float) -> None:
        self._position = seconds
        self.time_label.setText(f"{fmt_time(seconds)} / {fmt_length(self._duration)}")

    def show_duration(self, seconds: float) -> None:
        """The player's duration: shown unless the recording's length is known."""
        if not self._length_known and seconds > 0:
            self._duration = seconds
            self.show_position(self._position)

    def show_playing(self, playing: bool) -> None:
        self.play_button.setText("Pause" if playing else "Play")
        if not playing:
            self.rate_label.setText("")

    def show_rate(self, rate: float) -> None:
        self.rate_label.setText("" if rate == 1.0 else f"{rate:g}×")

    def show_loop(self, loop: tuple[float, float] | None) -> None:
        self.loop_clear.setVisible(loop is not None)
        self.loop_label.setText(f"Loop {fmt_time(loop[0])}–{fmt_time(loop[1])}" if loop else "")

    def show_error(self, text: str) -> None:
        self.error_label.setVisible(bool(text))
        self.error_label.setText(f"Playback problem: {text}" if text else "")

    def _count_markers(self) -> None:
        self.tabs.setTabText(1, f"Markers ({len(self.markers.markers())})")

    def _on_feedback(self, item: QListWidgetItem) -> None:
        t = item.data(Qt.ItemDataRole.UserRole)
        if t is not None:
            self.feedbackActivated.emit(float(t))
