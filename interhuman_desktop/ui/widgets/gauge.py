"""QualityGauge: the quality index on an arc with its five bands, beside its five dimensions."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from interhuman_desktop.core.quality import DIMENSIONS, band_name, has_evidence, is_no_evidence
from interhuman_desktop.ui.theme import BAND_COLOURS, band_colour, muted
from interhuman_desktop.ui.widgets.lane_data import quality_index

START_ANGLE = 210.0  # degrees, counter-clockwise from 3 o'clock
SPAN = 240.0


class QualityGauge(QWidget):
    """Custom-painted gauge (left) and five dimension bars (right)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._values: dict[str, float] | None = None
        self._basis: dict[str, list[str]] | None = None
        self._backend: str | None = None  # "local" / "cloud"; None: not known
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumSize(360, 150)
        self.setAccessibleName("Conversation quality")
        self._update_description()

    # --- public API ------------------------------------------------------------------
    def set_values(self, values: dict[str, float] | None) -> None:
        """The five dimensions (0–100) and optionally ``quality_index``; None clears."""
        self._values = dict(values) if values else None
        self._update_description()
        self.update()

    def set_basis(self, basis: dict[str, list[str]] | None, backend: str | None = None) -> None:
        """The cues each dimension came from (None: not sent), and the backend that scored it
        (the local engine always sends them; the cloud service does not say)."""
        self._basis = {d: list(c) for d, c in basis.items()} if basis is not None else None
        self._backend = backend
        self._update_description()
        self.update()

    def set_scores(self, values: dict[str, float] | None,
                   basis: dict[str, list[str]] | None) -> None:
        """Both at once (a live session's scores so far and the cues behind them)."""
        self.set_values(values)
        self.set_basis(basis)

    def has_evidence(self, dim: str) -> bool:
        """False when the analysis said no cue bore on ``dim`` (its 50 means nothing)."""
        return has_evidence(self._values, self._basis, dim)  # the PDF report's rule too

    def basis_text(self, dim: str) -> str:
        """What a dimension's score came from, in words (its tooltip)."""
        value = float((self._values or {}).get(dim, 50.0))
        if self.no_evidence or (self._basis is not None and not self._basis.get(dim)):
            return (f"{dim.capitalize()}: no evidence. Nothing in this recording bore on it, "
                    "so it stays at the neutral 50.")
        if self._basis is None and self._backend == "local":  # kept by an older version
            return (f"{dim.capitalize()} {value:.0f}: this analysis was kept without the cues "
                    "behind its scores; analyse it again to see them.")
        if self._basis is None:
            return (f"{dim.capitalize()} {value:.0f}: the service does not say which cues "
                    "this score came from.")
        return f"{dim.capitalize()} {value:.0f}, from: {', '.join(self._basis[dim])}."

    @property
    def no_evidence(self) -> bool:
        return is_no_evidence(self._values)

    @property
    def index(self) -> float | None:
        return None if self.no_evidence else quality_index(self._values or {})

    def description(self) -> str:
        if self.no_evidence:
            return "Quality index: no evidence yet"
        index = self.index or 0.0
        dims = ", ".join(f"{d} {self._values.get(d, 0):.0f}" for d in DIMENSIONS)
        return f"Quality index {index:.0f} ({band_name(index)}); {dims}"

    def sizeHint(self) -> QSize:
        return QSize(460, 170)

    # --- painting -----------------------------------------------------------------------
    def _update_description(self) -> None:
        text = "\n".join([self.description(), *(self.basis_text(d) for d in DIMENSIONS)])
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    def event(self, event: QEvent) -> bool:
        """Over a dimension's row, the tooltip is that dimension's basis."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            dim = self._row_at(event.pos().x(), event.pos().y())
            if dim is not None:
                QToolTip.showText(event.globalPos(), self.basis_text(dim), self)
                return True
        return super().event(event)

    def _bars_rect(self) -> QRectF:
        side = min(self.height() - 8, int(self.width() * 0.42))
        return QRectF(side + 24, 8, self.width() - side - 32, self.height() - 16)

    def _row_at(self, x: float, y: float) -> str | None:
        rect = self._bars_rect()
        if not rect.contains(QPointF(x, y)):
            return None
        row = int((y - rect.top()) / (rect.height() / len(DIMENSIONS)))
        return DIMENSIONS[min(row, len(DIMENSIONS) - 1)]

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.height() - 8, int(self.width() * 0.42))
        self._paint_gauge(p, QRectF(4, 4, side, side))
        self._paint_bars(p, self._bars_rect())
        p.end()

    def _paint_gauge(self, p: QPainter, rect: QRectF) -> None:
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        width = max(8.0, rect.width() * 0.09)
        arc = rect.adjusted(width, width, -width, -width)
        lower, grey = 0.0, self.no_evidence
        for upper, _name, colour in BAND_COLOURS:
            c = muted(text, 50) if grey else QColor(colour)
            p.setPen(QPen(c, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
            a0 = START_ANGLE - SPAN * lower / 100
            p.drawArc(arc, int(a0 * 16), int(-SPAN * (upper - lower) / 100 * 16) + 8)
            lower = upper
        self._paint_centre(p, arc, text)

    def _paint_centre(self, p: QPainter, arc: QRectF, text: QColor) -> None:
        centre = arc.center()
        font = QFont(self.font())
        if self.no_evidence:
            font.setPointSizeF(font.pointSizeF() * 1.1)
            p.setFont(font)
            p.setPen(muted(text, 170))
            p.drawText(arc, Qt.AlignmentFlag.AlignCenter, "No evidence\nyet")
            return
        index = self.index or 0.0
        angle = math.radians(START_ANGLE - SPAN * max(0.0, min(index, 100.0)) / 100)
        radius = arc.width() / 2 * 0.8
        tip = QPointF(centre.x() + radius * math.cos(angle), centre.y() - radius * math.sin(angle))
        p.setPen(QPen(text, 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(centre, tip)
        p.setBrush(text)
        p.drawEllipse(centre, 4, 4)
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        p.setFont(font)
        box = QRectF(arc.left(), centre.y() + 6, arc.width(), arc.height() / 3)
        p.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, f"{index:.0f}")
        font.setPointSizeF(self.font().pointSizeF())
        font.setBold(False)
        p.setFont(font)
        box.translate(0, box.height() * 0.62)
        p.setPen(text)
        p.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                   band_name(index))

    def _paint_bars(self, p: QPainter, rect: QRectF) -> None:
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        p.setFont(self.font())
        row_h = rect.height() / len(DIMENSIONS)
        label_w = min(90.0, rect.width() * 0.35)
        bar_w = rect.width() - label_w - 36
        for i, dim in enumerate(DIMENSIONS):
            y = rect.top() + i * row_h
            p.setPen(text)
            p.drawText(QRectF(rect.left(), y, label_w, row_h),
                       Qt.AlignmentFlag.AlignVCenter, dim.capitalize())
            track = QRectF(rect.left() + label_w, y + row_h * 0.3, bar_w, row_h * 0.4)
            p.fillRect(track, muted(text, 30))
            if self.no_evidence:
                continue
            if not self.has_evidence(dim):
                p.setPen(muted(text, 170))
                p.drawText(QRectF(track.left() + 6, y, bar_w, row_h),
                           Qt.AlignmentFlag.AlignVCenter, "no evidence")
                continue
            value = float((self._values or {}).get(dim, 0.0))
            filled = QRectF(track.left(), track.top(), bar_w * max(0.0, min(value, 100)) / 100,
                            track.height())
            p.fillRect(filled, band_colour(value))
            p.drawText(QRectF(track.right() + 6, y, 34, row_h), Qt.AlignmentFlag.AlignVCenter,
                       f"{value:.0f}")
