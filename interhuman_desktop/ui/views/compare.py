"""CompareView: two takes side by side (videos, lanes stacked on one time axis, the deltas
table and each take's feedback). ``load(comparison, media_a, media_b)``; the numbers come from
``session.compare`` (the CLI prints the same). Take B can be nudged against A: the shared
clock is A's; B plays and draws ``offset`` seconds later."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from interhuman_desktop.session.compare import Comparison, shifted, table_rows
from interhuman_desktop.ui.timefmt import fmt_time
from interhuman_desktop.ui.views.compare_parts import FeedbackPair, TakePane
from interhuman_desktop.ui.widgets.compare_table import CompareTable
from interhuman_desktop.ui.widgets.empty_state import EmptyState

log = logging.getLogger(__name__)
NUDGE = 0.5  # seconds per click


class CompareView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Compare")
        self.comparison: Comparison | None = None
        self.a, self.b = TakePane("A"), TakePane("B")
        self.table = CompareTable()
        self.feedback = FeedbackPair()
        self._setup_ui()
        self.a.lanes.plot_item.setXLink(self.b.lanes.plot_item)
        self.a.player.positionChanged.connect(self._on_position)
        self.a.lanes.seekRequested.connect(self.seek)
        self.b.lanes.seekRequested.connect(self.seek)  # B's lanes are drawn on A's clock
        for pane in (self.a, self.b):
            pane.lanes.signalClicked.connect(lambda s: self.seek(s.start))

    # --- public API ------------------------------------------------------------------
    @property
    def offset(self) -> float:
        return float(self.offset_box.value())

    def load(self, comparison: Comparison, media_a: Path | None, media_b: Path | None) -> None:
        self.comparison = comparison
        self._pages.setCurrentIndex(1)
        a, b = comparison.a, comparison.b
        self.title.setText(f"<h2>Compare</h2>A: <b>{a.title}</b> ({a.created_at[:10]}) · "
                           f"B: <b>{b.title}</b> ({b.created_at[:10]})")
        self.table.set_titles(a.title, b.title)
        rows = table_rows(comparison, named=False)
        self.table.show_rows(rows, 1 + len(comparison.dimensions))
        self.feedback.show_feedback(comparison)
        both = tuple(sorted({s.signal_type for s in (*a.timeline.signals, *b.timeline.signals)}))
        self.a.lanes.extra_lanes = self.b.lanes.extra_lanes = both  # the same rows in both
        self.a.load(a, media_a)
        self.b.load(b, media_b)
        self.offset_box.blockSignals(True)
        self.offset_box.setValue(0.0)
        self.offset_box.blockSignals(False)
        self._draw_b()
        self.seek(0.0)
        log.info("compare: %s vs %s", a.title, b.title)

    def unload(self) -> None:
        self.pause()
        self.a.player.load(None)
        self.b.player.load(None)
        self.comparison = None
        self._pages.setCurrentIndex(0)

    def nudge(self, seconds: float) -> None:
        self.offset_box.setValue(self.offset + seconds)

    def seek(self, seconds: float) -> None:
        """Both takes to the shared time ``seconds`` (B at ``seconds − offset``)."""
        seconds = max(0.0, seconds)
        self.a.player.seek(seconds)
        self.b.player.seek(max(0.0, seconds - self.offset))
        self._on_position(seconds)

    def toggle_play(self) -> None:
        if self.a.player.is_playing():
            self.pause()
            return
        self.seek(self.a.player.position())  # line B up first
        self.a.player.play()
        self.b.player.play()
        self.play_button.setText("Pause")

    def pause(self) -> None:
        self.a.player.pause()
        self.b.player.pause()
        self.play_button.setText("Play both")

    # --- internals ----------------------------------------------------------------------
    def _draw_b(self) -> None:
        if self.comparison is None:
            return
        self.b.lanes.set_timeline(shifted(self.comparison.b.timeline, self.offset))
        self._fit_both()

    def _fit_both(self) -> None:
        """One x extent for both (linked) lanes: each lane's own fit() limits it to its own
        take, and the linked range is clamped by the shorter take's limits."""
        end = self._end()
        views = [pane.lanes.plot_item.getViewBox() for pane in (self.a, self.b)]
        for view in views:
            view.setLimits(xMin=-1.0, xMax=max(end * 1.1, 30.0) + 5.0)
        views[0].setXRange(0.0, max(end, 10.0), padding=0.01)

    def _end(self) -> float:
        """The shared clock's end: the longer of A and B (nudged)."""
        return max(self.a.end, self.b.end + self.offset)

    def _on_offset(self) -> None:
        self._draw_b()
        self.seek(self.a.player.position())

    def _on_position(self, seconds: float) -> None:
        for pane in (self.a, self.b):
            pane.lanes.set_playhead(seconds)
        self.time_label.setText(f"{fmt_time(seconds)} / {fmt_time(self._end())}")

    def _setup_ui(self) -> None:
        self._pages = QStackedLayout(self)
        self.empty = EmptyState(
            "Compare two takes",
            "Select two entries in the Library (Ctrl+click) and press Compare: both videos "
            "play side by side, their lanes line up on one time axis, and the table shows how "
            "each quality dimension and each signal's rate per minute changed.")
        self._pages.addWidget(self.empty)
        self._pages.addWidget(self._page())

    def _page(self) -> QWidget:
        """Left: the videos over the stacked lanes; right: the deltas over the feedback."""
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(16, 8, 16, 8)
        self.title = QLabel("<h2>Compare</h2>")
        self.title.setWordWrap(True)  # long titles wrap instead of widening the window
        col.addWidget(self.title)
        top = QWidget()
        top_col = QVBoxLayout(top)
        top_col.setContentsMargins(0, 0, 0, 0)
        videos = QHBoxLayout()
        videos.addWidget(self.a.video, 1)
        videos.addWidget(self.b.video, 1)
        top_col.addLayout(videos, 1)
        top_col.addLayout(self._transport())
        left = QSplitter(Qt.Orientation.Vertical)
        for widget in (top, self.a.lanes_box, self.b.lanes_box):
            left.addWidget(widget)
        left.setChildrenCollapsible(False)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.table)
        right.addWidget(self.feedback)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        right.setMinimumWidth(300)  # the window fits 1000 px (table columns stretch)
        self.deltas_pane = right
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([3000, 2000])  # 3:2, so the table reads unwrapped on a wide window
        col.addWidget(split, 1)
        return page

    def _transport(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.play_button = QPushButton("Play both")
        self.play_button.setAccessibleName("Play or pause both takes")
        self.play_button.clicked.connect(lambda _c=False: self.toggle_play())
        self.time_label = QLabel("00:00.0")
        self.offset_box = QDoubleSpinBox()
        self.offset_box.setRange(-600.0, 600.0)
        self.offset_box.setSingleStep(0.1)
        self.offset_box.setDecimals(1)
        self.offset_box.setSuffix(" s")
        self.offset_box.setAccessibleName("Offset of take B")
        self.offset_box.setToolTip("Start take B this much later (negative: earlier) than A")
        self.offset_box.valueChanged.connect(lambda _v: self._on_offset())
        bar.addWidget(self.play_button)
        bar.addWidget(self.time_label)
        bar.addStretch(1)
        bar.addWidget(QLabel("B starts"))
        for text, step in (("◀", -NUDGE), ("▶", NUDGE)):
            button = QPushButton(text)
            button.setAccessibleName(f"Nudge take B {'earlier' if step < 0 else 'later'}")
            button.setFixedWidth(32)
            button.clicked.connect(lambda _c=False, s=step: self.nudge(s))
            bar.addWidget(button)
        bar.addWidget(self.offset_box)
        bar.addWidget(QLabel("after A"))
        return bar
