"""LaneLegend: one line under the lanes that says what heights, opacity, rows and shadings mean."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from interhuman_desktop.ui.theme import ENGAGEMENT_COLOURS, OKABE_ITO


def _swatch(colour: str, text: str) -> str:
    return f"<span style='color:{colour}'>&#9632;</span>&nbsp;{text}"


def legend_html(live: bool, coverage: str = "") -> str:
    """The legend; ``live`` adds the lag shading (the analysis catching up with "now"),
    ``coverage`` the coverage bands' words (``lane_coverage.legend_part``) when there are any."""
    states = " ".join(_swatch(c, s) for s, c in ENGAGEMENT_COLOURS.items())
    parts = [
        "<b>Bars</b>: taller and more opaque = more likely (low · medium · high; low bars are "
        "outlined)",
        f"<b>Engagement</b>: top strip = engagement / disengagement signals, band = the state "
        f"({states})",
        "<b>Quality index</b>: the line, 0 at the bottom to 100 at the top; hatched = no "
        "evidence",
        "dashed lines = your markers",
        _swatch(OKABE_ITO["blue"], "tinted = analysed after the session"),
    ]
    if live:
        parts.append("hatched before <i>now</i> = still being analysed (the lag)")
    if coverage:
        parts.append(coverage)
    return " · ".join(parts)


class LaneLegend(QLabel):
    """The legend, wrapped; its minimum height is that of its wrapped text at its width, so a
    layout short of room squeezes the plot (or grows the window), never lays the legend over
    the time axis above it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Legend of the signal lanes")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        font = self.font()  # smaller, but no style sheet: it would freeze the text colour
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        self.setFont(font)
        self.live, self.coverage = False, ""
        self.setText(legend_html(False))

    def set_live(self, live: bool) -> None:
        if live != self.live:
            self.live = live
            self.setText(legend_html(live, self.coverage))

    def set_coverage(self, words: str) -> None:
        """The coverage bands' legend entry ("" when none are drawn)."""
        if words != self.coverage:
            self.coverage = words
            self.setText(legend_html(self.live, words))

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if not self.isVisible():  # not laid out yet: its width means nothing
            return hint
        return QSize(hint.width(), max(hint.height(), self.heightForWidth(self.width())))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.heightForWidth(event.size().width()) != self.heightForWidth(
                event.oldSize().width()):
            self.updateGeometry()  # more (or fewer) lines: the layout asks again
