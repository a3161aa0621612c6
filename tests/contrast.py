"""Text contrast as a user sees it: measured on a grab of the whole window (a widget grabbed
alone paints its own, possibly stale, background), and from the widgets' palettes."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractButton, QLabel, QPushButton, QWidget

from interhuman_desktop.ui import theme

TEXT_RATIO = 4.5  # WCAG AA, normal text


def pixel_contrast(shot: QImage, widget: QWidget) -> float:
    """The strongest contrast of any pixel of ``widget`` against its most common colour (the
    background) on ``shot``, a grab of its window: about the text's own contrast."""
    top_left = widget.mapTo(widget.window(), QPoint(0, 0))
    rect = QRect(top_left, widget.size()).intersected(shot.rect())
    colours: Counter[int] = Counter()
    for y in range(rect.top(), rect.bottom() + 1):
        for x in range(rect.left(), rect.right() + 1):
            colours[shot.pixel(x, y)] += 1
    if not colours:
        return 0.0
    background = QColor(colours.most_common(1)[0][0])
    return max(theme.contrast(QColor(c), background) for c in colours)


def background_of(widget: QWidget) -> QColor:
    """The colour behind ``widget``: the nearest filled ancestor's, else the window's."""
    w: QWidget | None = widget
    while w is not None:
        if w.autoFillBackground() or w.isWindow():
            return w.palette().color(w.backgroundRole())
        w = w.parentWidget()
    return widget.palette().color(widget.backgroundRole())


def palette_contrast(widget: QWidget) -> float:
    """The widget's own text colour against what is behind it (a raised button's face)."""
    pal = widget.palette()
    if isinstance(widget, QPushButton) and not widget.isFlat():
        return theme.contrast(pal.color(pal.ColorRole.ButtonText), pal.color(pal.ColorRole.Button))
    return theme.contrast(pal.color(widget.foregroundRole()), background_of(widget))


def visible_texts(root: QWidget) -> list[QWidget]:
    """Visible, enabled labels and buttons with text under ``root``."""
    found: list[QWidget] = []
    for kind in (QLabel, QAbstractButton):
        for w in root.findChildren(kind):
            if w.isVisibleTo(root) and w.isEnabled() and w.text().strip():
                found.append(w)
    return found
