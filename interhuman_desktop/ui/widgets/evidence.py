"""EvidenceCard: one signal interval with its evidence, and "Loop this moment" / "Copy"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from interhuman_desktop.session.timeline import SignalInterval
from interhuman_desktop.ui.theme import signal_colour
from interhuman_desktop.ui.timefmt import fmt_range

AFTER_SESSION = ("Analysed after the session: the live stream could not get this stretch "
                 "answered, so it was sent for upload analysis when the session ended.")


def describe(interval: SignalInterval) -> str:
    """Plain-text evidence, as copied to the clipboard."""
    lines = [
        f"{interval.signal_type} — {fmt_range(interval.start, interval.end)}",
        f"Likelihood: {interval.probability or 'unknown'}",
    ]
    if interval.modality:
        lines.append(f"Modality: {', '.join(interval.modality)}")
    if interval.rationale:
        lines.append(f"Rationale: {interval.rationale}")
    if interval.after_session:
        lines.append(AFTER_SESSION)
    return "\n".join(lines)


class EvidenceCard(QFrame):
    """Shows the selected signal; emits ``loopRequested(start, end)`` and ``copied(text)``."""

    loopRequested = Signal(float, float)
    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._interval: SignalInterval | None = None
        self._now = 0.0
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Evidence")
        self._setup_ui()
        self.set_interval(None)

    @property
    def interval(self) -> SignalInterval | None:
        return self._interval

    def set_interval(self, interval: SignalInterval | None, now: float | None = None) -> None:
        """Show ``interval`` (``now`` closes an open one for the loop range); None: the hint."""
        self._interval = interval
        self._now = now if now is not None else (interval.start if interval else 0.0)
        has = interval is not None
        for w in (self.loop_button, self.copy_button):
            w.setEnabled(has)
        if interval is None:
            self.title.setText("No signal selected")
            self.range.setText("")
            self.detail.setText("Click a bar in the timeline, or press N / P to step through "
                                "signals. The evidence for it appears here.")
            self.setAccessibleDescription("No signal selected")
            return
        colour = signal_colour(interval.signal_type).name()
        self.title.setText(f"<span style='color:{colour}'>■</span> "
                           f"{interval.signal_type.capitalize()}")
        self.range.setText(f"{fmt_range(interval.start, interval.end)} · "
                           f"likelihood <b>{interval.probability or 'unknown'}</b>"
                           + (f" · {', '.join(interval.modality)}" if interval.modality else "")
                           + (" · <i>analysed after the session</i>"
                              if interval.after_session else ""))
        self.detail.setText(interval.rationale or "No rationale was given for this signal.")
        self.range.setToolTip(AFTER_SESSION if interval.after_session else "")
        self.setAccessibleDescription(describe(interval))

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.range = QLabel()
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setMinimumHeight(48)
        for w in (self.title, self.range, self.detail):
            layout.addWidget(w)
        buttons = QHBoxLayout()
        self.loop_button = QPushButton("Loop this moment")
        self.loop_button.setToolTip("Play this signal's time range over and over (Esc stops)")
        self.copy_button = QPushButton("Copy")
        self.copy_button.setToolTip("Copy the evidence as text")
        for b in (self.loop_button, self.copy_button):
            b.setAccessibleName(b.text())
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.loop_button.clicked.connect(self._on_loop)
        self.copy_button.clicked.connect(self._on_copy)

    def _on_loop(self) -> None:
        if self._interval is not None:
            end = self._interval.end_or(self._now)
            self.loopRequested.emit(self._interval.start, max(end, self._interval.start + 0.5))

    def _on_copy(self) -> None:
        if self._interval is not None:
            text = describe(self._interval)
            QGuiApplication.clipboard().setText(text)
            self.copied.emit(text)
