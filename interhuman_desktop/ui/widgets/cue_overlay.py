"""CueOverlay: the current live cue in large type over the preview, with its age; it fades as
the moment it refers to gets older (:func:`cue_opacity`) and is held ≥ 4 s by :class:`CueHold`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.ui.cue_hold import (
    GONE_S,
    Cue,
    CueHold,
    cue_age,
    cue_from_timeline,
    cue_opacity,
    cue_when_text,
)
from interhuman_desktop.ui.theme import OKABE_ITO, signal_colour

HEIGHT_SHARE = 0.3  # of the preview's height, at the bottom


class CueOverlay(QWidget):
    """A child of the preview, kept along its bottom edge; call :meth:`update_from`."""

    def __init__(self, preview: QWidget, hold: CueHold | None = None) -> None:
        super().__init__(preview)
        self.hold = hold or CueHold()
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAccessibleName("Live cue")
        self.cue: Cue | None = None
        self.age = 0.0
        self.opacity = 1.0
        self.title, self.detail, self.when = "Listening…", "", ""
        preview.installEventFilter(self)
        self._place()

    def update_from(self, timeline: SessionTimeline | None, now: float) -> Cue | None:
        """Offer the timeline's newest notable cue at recording time ``now``."""
        offered = cue_from_timeline(timeline) if timeline is not None else None
        if offered is not None and cue_age(offered, now) > GONE_S:
            offered = None
        shown = self.hold.offer(offered)
        if shown is not None and cue_age(shown, now) > GONE_S:
            self.hold.clear()
            shown = None
        self.show_cue(shown, now)
        return shown

    def show_cue(self, cue: Cue | None, now: float) -> None:
        self.cue = cue
        if cue is None:
            self.title, self.detail, self.when = "Listening…", "", ""
            self.age, self.opacity = 0.0, 0.55
        else:
            self.age = cue_age(cue, now)
            self.title, self.detail = cue.title, cue.detail
            self.when = cue_when_text(cue, now)
            self.opacity = cue_opacity(self.age)
        self.setAccessibleDescription(f"{self.title} {self.detail} {self.when}".strip())
        self.update()

    def clear(self) -> None:
        self.hold.clear()
        self.show_cue(None, 0.0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        h = max(70, int(parent.height() * HEIGHT_SHARE))
        self.setGeometry(0, parent.height() - h, parent.width(), h)
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setOpacity(self.opacity)
        box = QRectF(self.rect()).adjusted(10, 4, -10, -10)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(0, 0, 0, 170))
        p.drawRoundedRect(box, 10, 10)
        inner = box.adjusted(16, 8, -16, -8)
        if self.cue is not None:
            colour = OKABE_ITO["blue"] if self.cue.kind == "feedback" else \
                signal_colour(str(self.cue.key[0])).name()
            p.setBrush(QColor(colour))
            p.drawEllipse(QRectF(inner.left(), inner.top() + 8, 18, 18))
            inner.adjust(28, 0, 0, 0)
        when_room = 150 if self.when else 0  # the age sits at the top right
        self._text(p, inner.adjusted(0, 0, -when_room, 0), self.title,
                   max(14.0, box.height() * 0.2), True)
        rest = inner.adjusted(0, box.height() * 0.34, 0, 0)
        self._text(p, rest, self.detail, 11.0, False)
        self._text(p, inner, self.when, 12.0, True, Qt.AlignmentFlag.AlignRight)

    def _text(self, p: QPainter, rect: QRectF, text: str, size: float, bold: bool,
              align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> None:
        if not text:
            return
        font = QFont(self.font())
        font.setPixelSize(int(size * 1.33))
        font.setBold(bold)
        p.setFont(font)
        p.setPen(QColor("white"))
        p.drawText(rect, int(align | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap), text)
