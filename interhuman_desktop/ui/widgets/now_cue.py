"""NowCue: the one glanceable live cue, held ≥ 4 s by :class:`CueHold` so it never flickers."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.ui.cue_hold import Cue, CueHold, cue_from_timeline
from interhuman_desktop.ui.theme import OKABE_ITO, signal_colour
from interhuman_desktop.ui.timefmt import fmt_time


class NowCue(QFrame):
    """Shows the held cue; call :meth:`update_from` on the redraw timer."""

    def __init__(self, hold: CueHold | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hold = hold or CueHold()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Live cue")
        layout = QVBoxLayout(self)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.when = QLabel()
        for w in (self.title, self.detail, self.when):
            layout.addWidget(w)
        layout.addStretch(1)
        self._shown: Cue | None = None
        self._render(None)

    def update_from(self, timeline: SessionTimeline | None) -> Cue | None:
        """Offer the timeline's newest notable cue; returns what is shown."""
        cue = cue_from_timeline(timeline) if timeline is not None else None
        return self.show_cue(cue)

    def show_cue(self, cue: Cue | None) -> Cue | None:
        shown = self.hold.offer(cue)
        if shown != self._shown:
            self._render(shown)
        return shown

    def _render(self, cue: Cue | None) -> None:
        self._shown = cue
        if cue is None:
            self.title.setText("Listening…")
            self.detail.setText("The most notable signal will appear here, one at a time.")
            self.when.setText("")
        else:
            colour = OKABE_ITO["blue"] if cue.kind == "feedback" else \
                signal_colour(str(cue.key[0])).name()
            self.title.setText(f"<span style='color:{colour}'>●</span> {cue.title}")
            self.detail.setText(cue.detail or "")
            self.when.setText(f"now, since {fmt_time(cue.since)}" if cue.ongoing
                              else f"at {fmt_time(cue.t)}")
        plain = "Listening" if cue is None else f"{cue.title}: {cue.detail}"
        self.setAccessibleDescription(plain)
