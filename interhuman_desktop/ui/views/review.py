"""ReviewView: the video and the signal lanes in lock-step, with evidence and quality.

The player's position is the single clock: ``positionChanged`` moves the playhead and a 20 Hz
timer redraws the lanes from the model only when its revision changed.
"""

from __future__ import annotations

import bisect
import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QStackedLayout, QWidget

from interhuman_desktop.session.timeline import SessionTimeline, SignalInterval
from interhuman_desktop.storage.library import Entry
from interhuman_desktop.ui.timefmt import fmt_length
from interhuman_desktop.ui.views.library_rows import entry_date
from interhuman_desktop.ui.views.review_keys import install_shortcuts
from interhuman_desktop.ui.views.review_layout import ReviewLayout
from interhuman_desktop.ui.views.review_markers import MarkerList
from interhuman_desktop.ui.views.review_player import ReviewPlayer
from interhuman_desktop.ui.widgets.empty_state import EmptyState
from interhuman_desktop.ui.widgets.lane_data import lane_of, neighbour_start

log = logging.getLogger(__name__)
RATES = (1.0, 1.5, 2.0)


def header_for(media_path: Path | None, entry: Entry | None) -> tuple[str, str]:
    """(title, detail) of the header: the library entry's title and date when there is one."""
    if entry is not None:
        title = entry.title
        kind = "Live session" if entry.kind == "live" else "File"
        parts = [p for p in (kind, entry_date(entry)) if p not in title]  # not said twice
        parts.append(f"{fmt_length(entry.duration)} long")
        return title, " · ".join(parts)
    if media_path is not None:
        return media_path.name, f"File · analysed {datetime.now():%Y-%m-%d %H:%M}"
    return "Untitled recording", "Timeline only"


class ReviewView(QWidget):
    """Review one analysed recording: ``load(media_path, timeline, entry)``; ``markersChanged``
    after the user edited or deleted a marker (the timeline's markers changed in place)."""

    markersChanged = Signal()

    def __init__(self, player: ReviewPlayer | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.player = player or ReviewPlayer(self)
        self.timeline: SessionTimeline | None = None
        self.media_path: Path | None = None
        self.entry: Entry | None = None  # the library entry shown, when it came from there
        self._selected: SignalInterval | None = None
        self._loop_a: float | None = None
        self.setAccessibleName("Review")
        self._setup_ui()
        self._connect()
        self.shortcuts = install_shortcuts(self)
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._on_tick)

    # --- public API ------------------------------------------------------------------
    def load(self, media_path: Path | None, timeline: SessionTimeline,
             entry: Entry | None = None) -> None:
        """Show ``timeline``; play ``media_path`` beside it (None: timeline only). ``entry``:
        the library entry it belongs to (its title and date head the view)."""
        self.media_path, self.timeline, self.entry = media_path, timeline, entry
        self._selected, self._loop_a = None, None
        self._pages.setCurrentIndex(1)
        known = entry.duration if entry is not None and entry.duration > 0 else None
        self.ui.load(timeline, media_path, entry.backend if entry is not None else None, known)
        self.ui.set_header(*header_for(media_path, entry))
        self.player.load(media_path)
        self.lanes.set_loop(None)
        self.select_signal(None, seek=False)
        self._timer.start()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        log.info("review: %s, %d signals", media_path, len(timeline.signals))

    def unload(self) -> None:
        self._timer.stop()
        self.player.load(None)
        self.timeline = self.entry = None
        self._pages.setCurrentIndex(0)

    @property
    def selected(self) -> SignalInterval | None:
        return self._selected

    @property
    def lanes(self):
        return self.ui.lanes

    @property
    def markers(self) -> MarkerList:
        return self.ui.markers

    @property
    def evidence(self):
        return self.ui.evidence

    @property
    def gauge(self):
        return self.ui.gauge

    def select_signal(self, interval: SignalInterval | None, seek: bool = True) -> None:
        self._selected = interval
        self.ui.evidence.set_interval(interval, self.timeline.media_end if self.timeline else 0)
        self.lanes.set_selected(interval)
        if interval is not None and seek:
            self.seek(interval.start)

    def select_moment(self, signal_type: str, start: float) -> SignalInterval | None:
        """Select (and seek to) the ``signal_type`` signal starting at ``start``, as a click on
        its bar does; without such a signal, only seek there."""
        found = next((s for s in (self.timeline.signals if self.timeline else [])
                      if s.signal_type == signal_type and abs(s.start - start) < 1e-3), None)
        if found is None:
            self.seek(start)
        else:
            self.select_signal(found)
        return found

    def seek(self, seconds: float) -> None:
        self.player.seek(seconds)
        self.lanes.set_playhead(self.player.position())

    def step(self, seconds: float) -> None:
        self.seek(self.player.position() + seconds)

    def toggle_play(self) -> None:
        self.player.toggle()

    def pause(self) -> None:
        self.player.pause()
        self.player.set_rate(1.0)

    def play_faster(self) -> None:
        if self.player.is_playing():
            rate = self.player.rate()
            self.player.set_rate(next((r for r in RATES if r > rate + 1e-3), RATES[-1]))
        self.player.play()
        self.ui.show_rate(self.player.rate())

    def next_signal(self, forward: bool = True, same_lane: bool = False) -> SignalInterval | None:
        """Select (and seek to) the next/previous signal start after the playhead."""
        if self.timeline is None:
            return None
        lane = lane_of(self._selected.signal_type) if same_lane and self._selected else None
        items = sorted((s for s in self.timeline.signals
                        if lane is None or lane_of(s.signal_type) == lane), key=lambda s: s.start)
        i = self._neighbour(items, forward)
        if i is None:
            return None
        self.select_signal(items[i])
        return items[i]

    def zoom(self, factor: float) -> None:
        self.lanes.zoom(factor, self.player.position())

    def fit(self) -> None:
        self.lanes.fit()

    def _neighbour(self, items: list[SignalInterval], forward: bool) -> int | None:
        pos = self.player.position()
        sel = self._selected
        if sel is not None and abs(sel.start - pos) < 0.25 and any(s is sel for s in items):
            i = next(k for k, s in enumerate(items) if s is sel) + (1 if forward else -1)
            return i if 0 <= i < len(items) else None
        starts = [s.start for s in items]
        if sel is None and forward:  # nothing selected yet: a signal at the playhead counts
            i = bisect.bisect_left(starts, pos - 0.05)
            return i if i < len(items) else None
        return neighbour_start(starts, pos, forward)

    def set_loop(self, start: float | None, end: float | None = None) -> None:
        self.player.set_loop(start, end)
        loop = self.player.loop
        self.lanes.set_loop(*(loop or (None, None)))
        self.ui.show_loop(loop)
        if loop is not None and not self.player.is_playing():
            self.player.play()

    def clear_loop(self) -> None:
        self._loop_a = None
        self.set_loop(None)

    def mark_loop(self, is_start: bool) -> None:
        pos = self.player.position()
        if is_start:
            self._loop_a = pos
            self.lanes.set_loop(pos, pos + 0.05)
        elif self._loop_a is not None and pos > self._loop_a:
            self.set_loop(self._loop_a, pos)

    # --- wiring -------------------------------------------------------------------------
    def _setup_ui(self) -> None:
        self._pages = QStackedLayout(self)
        self.empty = EmptyState(
            "Nothing to review yet",
            "Open an analysis from the Library, or analyse a recording on the Analyze page. "
            "The video then plays here in lock-step with its signal lanes: click a signal to "
            "jump to it, loop a moment, and read the evidence behind each signal.")
        self.ui = ReviewLayout(self)
        self._pages.addWidget(self.empty)
        self._pages.addWidget(self.ui)

    def _connect(self) -> None:
        p = self.player
        p.positionChanged.connect(self._on_position)
        p.durationChanged.connect(self.ui.show_duration)
        p.playingChanged.connect(self.ui.show_playing)
        p.frameReady.connect(self.ui.video.set_image)
        p.errorOccurred.connect(self.ui.show_error)
        p.pictureKnown.connect(self.ui.video.show_picture_known)
        self.lanes.signalClicked.connect(self.select_signal)
        self.lanes.seekRequested.connect(self.seek)
        self.ui.evidence.loopRequested.connect(self.set_loop)
        self.ui.play_button.clicked.connect(self.toggle_play)
        self.ui.loop_clear.clicked.connect(self.clear_loop)
        self.ui.feedbackActivated.connect(self.seek)
        self.ui.markers.seekRequested.connect(self.seek)
        self.ui.markers.markersChanged.connect(self.markersChanged)

    def _on_position(self, seconds: float) -> None:
        self.lanes.set_playhead(seconds)
        self.lanes.ensure_visible(seconds)
        self.ui.show_position(seconds)

    def _on_tick(self) -> None:
        self.lanes.refresh()
        if self.player.is_playing():
            self.lanes.set_playhead(self.player.position())
