"""Colours and light/dark palettes.

Lane colours come from ``core.palette`` (Okabe–Ito based, shared with the PDF report); the
window palette is built from a few base colours so light and dark stay consistent. The
default follows the system colour scheme.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

from interhuman_desktop.core import palette
from interhuman_desktop.core.palette import (
    BAND_COLOURS,
    ENGAGEMENT_COLOURS,
    OKABE_ITO,
    OTHER_LANE,
    SIGNAL_TYPES,
)

log = logging.getLogger(__name__)

# The colours themselves are Qt-free (core.palette, shared with the PDF report); re-exported.
__all__ = ["BAND_COLOURS", "ENGAGEMENT_COLOURS", "OKABE_ITO", "OTHER_LANE", "SIGNAL_TYPES"]

REC_RED = "#D62728"
# Fill opacity of a signal bar by likelihood (the bar's height says it too). On the dark
# background a faint fill vanishes, so dark mode fills more; a low bar also gets an outline
# in its full colour (lanes.py).
PROBABILITY_ALPHA = {False: {"low": 135, "medium": 200, "high": 255},
                     True: {"low": 190, "medium": 225, "high": 255}}
INDICATOR_EDGE_DARK = "#9aa0a6"  # the outline of unchecked boxes/radios on dark
THEMES = ("system", "light", "dark")


def signal_colour(signal_type: str) -> QColor:
    """The lane colour of a signal type (unknown types get the neutral grey)."""
    return QColor(palette.signal_hex(signal_type))


def dimension_colour(dimension: str) -> QColor:
    return QColor(palette.dimension_hex(dimension))


def band_colour(score: float) -> QColor:
    return QColor(palette.band_hex(score))


def probability_alpha(probability: str, dark: bool) -> int:
    return PROBABILITY_ALPHA[dark].get(probability, PROBABILITY_ALPHA[dark]["low"])


def luminance(colour: QColor) -> float:
    """WCAG relative luminance of an opaque colour."""
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio (1–21) of two opaque colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def over(colour: QColor, alpha: int, background: QColor) -> QColor:
    """``colour`` at ``alpha`` composited over an opaque ``background``."""
    a = alpha / 255
    return QColor.fromRgbF(*(a * f + (1 - a) * g for f, g in (
        (colour.redF(), background.redF()), (colour.greenF(), background.greenF()),
        (colour.blueF(), background.blueF()))))


def readable(colour: str | QColor, background: QColor, ratio: float = 4.5) -> QColor:
    """``colour`` as text on ``background``: mixed towards black (light background) or white
    (dark) in small steps until its WCAG contrast reaches ``ratio`` (the hue stays)."""
    base = QColor(colour)
    target = QColor("#000000" if luminance(background) > 0.18 else "#ffffff")
    for step in range(21):
        mixed = over(target, round(255 * step / 20), base)
        if contrast(mixed, background) >= ratio:
            return mixed
    return target


class IndicatorStyle(QProxyStyle):
    """Fusion, with a visible edge on check boxes and radio buttons in the dark palette
    (Fusion's edge is the window colour darkened, i.e. invisible on a dark window)."""

    EDGED = (QStyle.PrimitiveElement.PE_IndicatorCheckBox,
             QStyle.PrimitiveElement.PE_IndicatorRadioButton,
             QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck)

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                      painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in self.EDGED or not is_dark(option.palette):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(INDICATOR_EDGE_DARK), 1.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        rect = option.rect.adjusted(1, 1, -1, -1)
        if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            painter.drawEllipse(rect)
        else:
            painter.drawRect(rect)
        painter.restore()


_STYLE: list[QProxyStyle] = []  # the app's style, kept alive from Python


def is_dark(widget_palette: QPalette | None = None) -> bool:
    """True when the current palette has a dark window background."""
    palette = widget_palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def build_palette(dark: bool) -> QPalette:
    """A complete palette from a handful of base colours."""
    if dark:
        window, base, text, button = "#202124", "#17181a", "#e8eaed", "#2d2f33"
        mid, highlight, disabled = "#3c4043", OKABE_ITO["blue"], "#7f8389"
    else:
        window, base, text, button = "#f4f5f7", "#ffffff", "#1f2328", "#e9ebef"
        mid, highlight, disabled = "#c8ccd2", OKABE_ITO["blue"], "#8a9099"
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: window, QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base, QPalette.ColorRole.AlternateBase: button,
        QPalette.ColorRole.Text: text, QPalette.ColorRole.Button: button,
        QPalette.ColorRole.ButtonText: text, QPalette.ColorRole.Mid: mid,
        QPalette.ColorRole.Midlight: button, QPalette.ColorRole.Dark: mid,
        QPalette.ColorRole.Highlight: highlight, QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: base, QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: disabled, QPalette.ColorRole.Link: OKABE_ITO["sky_blue"]
        if dark else OKABE_ITO["blue"],
    }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return pal


def apply_theme(app: QApplication, mode: str = "system") -> bool:
    """Apply ``system``, ``light`` or ``dark``; returns True when the result is dark."""
    if mode not in THEMES:
        log.warning("unknown theme %r, following the system", mode)
        mode = "system"
    dark = system_prefers_dark() if mode == "system" else mode == "dark"
    if not _STYLE:
        _STYLE.append(IndicatorStyle("Fusion"))
    if app.style() is not _STYLE[0]:
        app.setStyle(_STYLE[0])
    app.setPalette(build_palette(dark))
    restyle_sheeted(app)
    _apply_pyqtgraph(dark)
    log.debug("theme %s (dark=%s)", mode, dark)
    return dark


def restyle_sheeted(app: QApplication) -> int:
    """Re-polish every widget that has its own style sheet with the new palette.

    Qt's style-sheet style copies the palette when it polishes a widget, so a label with even
    ``font-weight: bold`` keeps the old theme's text colour after ``setPalette`` (dark text on
    the dark window). Setting the sheet again polishes it with the current palette.
    """
    count = 0
    for widget in app.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet("")
            widget.setStyleSheet(sheet)
            count += 1
    log.debug("theme: %d style-sheeted widget(s) re-polished", count)
    return count


def _apply_pyqtgraph(dark: bool) -> None:
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True, background="#17181a" if dark else "#ffffff",
                        foreground="#c8ccd2" if dark else "#3c4043")


def muted(colour: QColor, alpha: int) -> QColor:
    out = QColor(colour)
    out.setAlpha(alpha)
    return out
