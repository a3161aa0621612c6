"""MomentRow: one top moment of the summary at Stop: its time and signal (a button) over its
whole rationale (wrapped, never cut); a click on either opens Review on that signal."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from interhuman_desktop.ui.live_summary import Moment
from interhuman_desktop.ui.timefmt import fmt_time


class MomentRow(QWidget):
    """``clicked`` when the button or the rationale under it is clicked."""

    clicked = Signal()

    def __init__(self, moment: Moment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.moment = moment
        self.button = QPushButton(f"{fmt_time(moment.t)}  {moment.title}")
        self.button.setFlat(True)
        self.button.setStyleSheet("text-align: left; font-weight: bold;")
        self.button.setToolTip("Open Review on this signal")
        self.button.setAccessibleDescription(moment.detail)
        self.button.clicked.connect(lambda _c=False: self.clicked.emit())
        self.detail = QLabel(moment.detail)
        self.detail.setWordWrap(True)  # the whole rationale, over as many lines as it needs
        self.detail.setContentsMargins(18, 0, 0, 4)
        self.detail.setVisible(bool(moment.detail))
        self.detail.setCursor(Qt.CursorShape.PointingHandCursor)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        col.addWidget(self.button)
        col.addWidget(self.detail)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A click on the rationale (the label passes it on) opens the moment too."""
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            self.button.click()
            return
        super().mouseReleaseEvent(event)
