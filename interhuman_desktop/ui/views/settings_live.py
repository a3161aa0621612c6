"""Settings "Live stream": V1 (a file per segment) or V2 (one continuous stream), and the V2
stream's model (inter-2.md §1.2; decisions #17, #20). The model picker is enabled on V2 only."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from interhuman_desktop.config.settings import LIVE_APIS, LIVE_MODELS, AppSettings


class LiveStreamChoice(QWidget):
    """Two combos in one form row; ``changed`` after the user picks either."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.api, self.model = QComboBox(), QComboBox()
        for key, label in LIVE_APIS.items():
            self.api.addItem(label, key)
        for key, label in LIVE_MODELS.items():
            self.model.addItem(label, key)
        self.api.setToolTip("V1 sends one file per segment (Live segment length above); V2 "
                            "sends one continuous stream to Inter-2 and marks on the lanes "
                            "what it could not analyse")
        self.model.setToolTip("The V2 stream's model; Inter-2 audio hears the voice alone")
        self.api.setAccessibleName("Live stream")
        self.model.setAccessibleName("Live stream model")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.api, 1)
        row.addWidget(self.model, 1)
        for combo in (self.api, self.model):
            combo.currentIndexChanged.connect(self._picked)
        self._update_enabled()

    def apply(self, settings: AppSettings) -> AppSettings:
        """``settings`` with the stream and model shown here."""
        return replace(settings, live_api=str(self.api.currentData()),
                       live_model=str(self.model.currentData()))

    def show_settings(self, settings: AppSettings) -> None:
        for combo, value in ((self.api, settings.live_api), (self.model, settings.live_model)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        self._update_enabled()

    def _picked(self, _index: int) -> None:
        self._update_enabled()
        self.changed.emit()

    def _update_enabled(self) -> None:
        self.model.setEnabled(self.api.currentData() == "v2")
