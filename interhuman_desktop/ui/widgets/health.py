"""HealthLine (pipeline figures in one compact line) and LagMarker (analysis behind media)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QWidget

from interhuman_desktop.ui.theme import OKABE_ITO

STALE_EVENT_S = 20.0
SESSION_CAP_S = 60 * 60.0  # the service closes a session after 60 minutes
CAP_WARNING_S = 5 * 60.0
# (keys, label, format): the first key present is shown; missing ones are left out. The names
# follow ``session.pipeline.LivePipeline.health()`` (short aliases accepted too).
FIELDS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("stream",), "", "{}"),
    (("state",), "", "{}"),
    (("fps_in",), "in", "{:.0f} fps"),
    (("fps_out",), "out", "{:.0f} fps"),
    (("frames_dropped", "dropped"), "dropped", "{:d}"),
    (("encode_lag",), "encode lag", "{:.1f} s"),
    (("queue_depth", "queue"), "queue", "{:d}"),
    (("segments_sent",), "sent", "{:d}"),
    (("segments_acknowledged", "segments_acked"), "acked", "{:d}"),
    (("segments_pending",), "pending", "{:d}"),
    (("segments_lost",), "lost", "{:d}"),
    (("not_analysed_s",), "not analysed", "{:.1f} s"),
    (("reconnects",), "reconnects", "{:d}"),
    (("socket",), "socket", "{}"),
    (("last_event_age",), "last event", "{:.0f} s ago"),
    (("elapsed", "session_age"), "session", "{:.0f} s"),
)


def _value(health: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    return next((health[k] for k in keys if health.get(k) is not None), None)


def health_warnings(health: Mapping[str, Any]) -> list[str]:
    """Which figures deserve attention (used for colour and the tooltip)."""
    warn = []
    if health.get("backfill"):
        warn.append(str(health["backfill"]))
    if _value(health, ("frames_dropped", "dropped")) or health.get("segments_lost"):
        warn.append("frames or segments were lost")
    if health.get("socket") not in (None, "open", "connected"):
        warn.append(f"socket is {health.get('socket')}")
    if float(health.get("last_event_age") or 0) > STALE_EVENT_S:
        warn.append("no analysis events for a while")
    age = float(_value(health, ("elapsed", "session_age")) or 0)
    if age >= SESSION_CAP_S - CAP_WARNING_S:
        left = max(0.0, SESSION_CAP_S - age) / 60
        warn.append(f"the 60-minute session cap is {left:.0f} min away; a new session "
                    "continues the same timeline")
    return warn


def health_text(health: Mapping[str, Any]) -> str:
    parts = []
    for keys, label, fmt in FIELDS:
        value = _value(health, keys)
        if value is None:
            continue
        try:
            text = fmt.format(value)
        except (ValueError, TypeError):
            text = str(value)
        parts.append(f"{label} {text}".strip())
    return " · ".join(parts) if parts else "No pipeline running"


class HealthLine(QLabel):
    """One line of pipeline health; turns orange (with a tooltip) when something is wrong."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Pipeline health")
        # Never let a long line widen the window: it is clipped, and the tooltip has it all.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.set_health({})

    def set_health(self, health: Mapping[str, Any]) -> None:
        text = health_text(health)
        warnings = health_warnings(health)
        self.warnings = warnings
        self.full_text = ("⚠ " if warnings else "") + text
        self._elide()
        self.setStyleSheet(f"color: {OKABE_ITO['vermillion']};" if warnings else "")
        self.setToolTip("\n".join([text, *warnings]))
        self.setAccessibleDescription(self.full_text)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        width = self.width() if self.isVisible() else 10_000
        self.setText(metrics.elidedText(self.full_text, Qt.TextElideMode.ElideRight, width))


class LagMarker(QWidget):
    """How far the analysis is behind the media (the cloud's first events arrive ~10 s late)."""

    def __init__(self, max_seconds: float = 30.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_seconds = max_seconds
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.bar.setMaximumWidth(140)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.setAccessibleName("Analysis lag")
        self.set_lag(None)

    def set_lag(self, seconds: float | None) -> None:
        """Seconds the latest analysed moment is behind the newest media; None: unknown."""
        self.lag = seconds
        if seconds is None:
            self.label.setText("Analysis: waiting for first results")
            self.bar.setValue(0)
        else:
            self.label.setText(f"Analysis {seconds:.1f} s behind")
            self.bar.setValue(int(1000 * min(seconds, self.max_seconds) / self.max_seconds))
        self.setAccessibleDescription(self.label.text())
