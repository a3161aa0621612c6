"""SessionSummary: the page shown at Stop (duration, CQI and its dimensions against the
previous session, the top three moments → Review, delivery metrics, markers).

The markers are read from the library each time the page is shown (``set_source``), so an
edit or a delete made in Review shows here too; without a library, the session's own list.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from interhuman_desktop.core.quality import DIMENSIONS, band_name
from interhuman_desktop.delivery.metrics import DeliveryMetrics
from interhuman_desktop.session.timeline import Marker
from interhuman_desktop.ui.live_summary import Moment, Previous, changes, stored_markers
from interhuman_desktop.ui.tasks import TaskKeeper
from interhuman_desktop.ui.theme import OKABE_ITO, readable
from interhuman_desktop.ui.timefmt import fmt_length, fmt_time
from interhuman_desktop.ui.widgets.delivery import describe
from interhuman_desktop.ui.widgets.lane_data import quality_index
from interhuman_desktop.ui.widgets.summary_moments import MomentRow

log = logging.getLogger(__name__)


def delta_text(delta: float | None) -> str:
    if delta is None:
        return ""
    return "±0" if round(delta) == 0 else f"{delta:+.0f}"


class SessionSummary(QScrollArea):
    """``begin(...)`` at Stop; ``set_previous`` and ``set_delivery`` when they are known."""

    reviewRequested = Signal(float)  # open Review at this time
    momentRequested = Signal(str, float)  # open Review on this signal (type, start)
    newSession = Signal()
    exportRequested = Signal()  # the session's report or data (issue 11's exports)
    progressRequested = Signal()  # this session among the others, over time

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName("Session summary")
        body = QWidget()
        body.setMaximumWidth(900)  # a page to read, not a spreadsheet
        self._col = QVBoxLayout(body)
        self._col.setContentsMargins(24, 16, 24, 16)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.quality_title = QLabel()
        self.quality = QGridLayout()
        self.compared = QLabel()
        self.compared.setWordWrap(True)
        self.moments_box = QVBoxLayout()
        self.delivery = QLabel("Measuring talk time, speaking rate, pitch and pauses…")
        self.delivery.setWordWrap(True)
        self.markers = QLabel()
        self.markers.setWordWrap(True)
        for widget in (self.heading, _h("Conversation quality"), self.quality_title):
            self._col.addWidget(widget)
        self._col.addLayout(self.quality)
        self._col.addWidget(self.compared)
        self._col.addWidget(_h("Top moments (click to review)"))
        self._col.addLayout(self.moments_box)
        for widget in (_h("Delivery (measured on this computer)"), self.delivery,
                       _h("Markers"), self.markers):
            self._col.addWidget(widget)
        self._col.addStretch(1)
        self._col.addLayout(self._buttons())
        self.setWidget(body)
        self.moment_buttons: list[QPushButton] = []
        self.moment_rows: list[QWidget] = []
        self._values: dict[str, float] | None = None
        self._evidence: frozenset[str] | None = None  # the dimensions with evidence
        self._delta: dict[str, float] = {}  # against the previous session (coloured)
        self._source: tuple[Any, Any] | None = None  # (library, entry) the markers come from
        self.tasks = TaskKeeper("summary")

    def begin(self, duration: float, values: dict[str, float] | None,
              moments: Sequence[Moment], markers: Sequence[Marker],
              evidence: frozenset[str] | None = None) -> None:
        """``evidence``: the dimensions with evidence (None: every one given)."""
        self.show_length(duration)  # the recording clock until the entry is saved
        self._values, self._evidence, self._delta = values, evidence, {}
        self._show_quality(values, {})
        self.compared.setText("Looking for the previous session…")
        self._show_moments(moments)
        self.delivery.setText("Measuring talk time, speaking rate, pitch and pauses…")
        self._source = None
        self.show_markers(markers)

    def show_markers(self, markers: Sequence[Marker]) -> None:
        self.markers.setText("<br>".join(f"{fmt_time(m.t)}  {m.note or '(no note)'}"
                                         for m in markers) or "No markers in this session.")

    @property
    def entry(self) -> Any:
        """The library entry this summary is of (None before it was saved)."""
        return self._source[1] if self._source is not None else None

    def show_length(self, seconds: float) -> None:
        self.heading.setText(f"Session summary · {fmt_length(seconds)} recorded")

    def set_source(self, library: Any, entry: Any) -> None:
        """The library entry the session was saved as: its markers and its length (the
        media's, as Review says it) are shown from now on."""
        self._source = (library, entry) if library is not None and entry is not None else None
        if entry is not None and getattr(entry, "duration", 0) > 0:
            self.show_length(entry.duration)
        self.reload_markers()

    def reload_markers(self) -> None:
        """Read the markers again from the library (after an edit in Review)."""
        if self._source is not None:
            self.tasks.spawn(self._reload(*self._source))

    async def _reload(self, library: Any, entry: Any) -> None:
        markers = await stored_markers(library, entry)
        if markers is not None and self._source == (library, entry):
            self.show_markers(markers)
            log.debug("summary: %d marker(s) from the library", len(markers))

    def changeEvent(self, event: QEvent) -> None:
        """A theme switch: the changes' colours are picked for the background, pick again."""
        if event.type() == QEvent.Type.PaletteChange and self._values is not None:
            self._show_quality(self._values, self._delta)
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload_markers()

    def set_previous(self, previous: Previous | None) -> None:
        if previous is None:
            self.compared.setText("No earlier session of this title to compare with.")
            return
        delta = changes(self._values, previous.values, self._evidence, previous.evidence)
        self._delta = delta
        self._show_quality(self._values, delta)
        partial = any(d not in delta for d in DIMENSIONS if d in (self._values or {}))
        self.compared.setText(
            (f"Changes against “{previous.title}”"
             + (" (only the dimensions with evidence in both)." if partial else "."))
            if delta else f"“{previous.title}” has no quality to compare with.")

    def set_delivery(self, metrics: DeliveryMetrics | str) -> None:
        text = metrics if isinstance(metrics, str) else "<br>".join(describe(metrics))
        self.delivery.setText(text)

    def _show_quality(self, values: dict[str, float] | None, delta: dict[str, float]) -> None:
        while self.quality.count():
            item = self.quality.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        index = quality_index(values) if values else None
        if index is None:
            self.quality_title.setText("No evidence: the analysis gave no quality score.")
            return
        self.quality_title.setText(
            f"<span style='font-size:20pt'><b>{index:.0f}</b></span> {band_name(index)} "
            f"{delta_text(delta.get('index'))}")
        for row, dim in enumerate(d for d in DIMENSIONS if values and d in values):
            assert values is not None
            change, seen = delta.get(dim), self._evidence is None or dim in self._evidence
            score = f"{values[dim]:.0f}" if seen else "no evidence"
            moved = delta_text(change) if change is not None or not delta else "–"
            for col, text in enumerate((dim.capitalize(), score, moved)):
                label = QLabel(text)
                label.setAccessibleName(f"{dim} {['name', 'score', 'change'][col]}")
                if col == 2 and change is not None and round(change) != 0:
                    good = OKABE_ITO["bluish_green"] if change > 0 else OKABE_ITO["vermillion"]
                    colour = readable(good, self.palette().color(QPalette.ColorRole.Window))
                    label.setStyleSheet(f"color: {colour.name()}; font-weight: bold;")
                self.quality.addWidget(label, row, col)
        self.quality.setColumnMinimumWidth(0, 110)
        self.quality.setColumnMinimumWidth(1, 40)
        self.quality.setColumnStretch(3, 1)

    def _show_moments(self, moments: Sequence[Moment]) -> None:
        for widget in self.moment_rows:
            widget.deleteLater()
        self.moment_buttons, self.moment_rows = [], []
        for m in moments:
            row = MomentRow(m)
            row.clicked.connect(lambda m=m: self.momentRequested.emit(m.signal_type, m.t))
            self.moments_box.addWidget(row)
            self.moment_rows.append(row)
            self.moment_buttons.append(row.button)
        if not moments:
            none = QPushButton("No notable signal in this session.")
            none.setFlat(True)
            none.setEnabled(False)
            self.moments_box.addWidget(none)
            self.moment_rows.append(none)
            self.moment_buttons.append(none)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.review_button = QPushButton("Open in Review")
        self.review_button.clicked.connect(lambda _c=False: self.reviewRequested.emit(0.0))
        self.export_button = QPushButton("Export report…")
        self.export_button.clicked.connect(lambda _c=False: self.exportRequested.emit())
        self.progress_button = QPushButton("Progress over time")
        self.progress_button.clicked.connect(lambda _c=False: self.progressRequested.emit())
        self.new_button = QPushButton("New session")
        self.new_button.clicked.connect(lambda _c=False: self.newSession.emit())
        for button in (self.review_button, self.export_button, self.progress_button,
                       self.new_button):
            row.addWidget(button)
        row.addStretch(1)
        return row


def _h(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold; margin-top: 10px;")
    return label
