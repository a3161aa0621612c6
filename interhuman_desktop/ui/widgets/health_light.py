"""HealthLight: one coloured light with a one-line reason; the counters on hover or in Details."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from interhuman_desktop.ui.live_health import AMBER, GREEN, RED, Light, health_light
from interhuman_desktop.ui.theme import OKABE_ITO
from interhuman_desktop.ui.widgets.health import health_text

COLOURS = {GREEN: OKABE_ITO["bluish_green"], AMBER: OKABE_ITO["orange"],
           RED: OKABE_ITO["vermillion"]}
WORDS = {GREEN: "OK", AMBER: "Check", RED: "Problem"}


class HealthLight(QWidget):
    """``set_health(health, lag)`` on the 2 Hz tick; ``light`` is what it shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Session health")
        self.dot = QLabel("●")
        self.reason = QLabel()
        self.reason.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.toggle = QToolButton()
        self.toggle.setText("Details")
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName("Show the pipeline counters")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName("Pipeline counters")
        self.details.setVisible(False)
        self.toggle.toggled.connect(self.details.setVisible)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.dot)
        row.addWidget(self.reason, 1)
        row.addWidget(self.toggle)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addLayout(row)
        col.addWidget(self.details)
        self.light = Light(GREEN, "")
        self.set_health({})

    def set_health(self, health: Mapping[str, Any], lag: float | None = None) -> None:
        self.light = health_light(health, lag)
        colour = COLOURS[self.light.level]
        self.dot.setStyleSheet(f"color: {colour}; font-size: 16pt;")
        self.dot.setAccessibleName(f"Health: {WORDS[self.light.level]}")
        self.reason.setText(self.light.reason)
        counters = health_text(health)
        self.details.setText(counters)
        self.setToolTip(f"{self.light.reason}\n\n{counters}")
        self.setAccessibleDescription(f"{WORDS[self.light.level]}: {self.light.reason}")
