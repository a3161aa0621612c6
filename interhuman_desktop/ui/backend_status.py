"""The status bar's backend labels: which backend analyses (from the settings) and its state
("idle", "ready", "error: …"), which a backend change resets to that backend's first state."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QLabel, QStatusBar

from interhuman_desktop.config.settings import AppSettings

log = logging.getLogger(__name__)


class BackendStatus:
    """Two permanent labels on ``bar``: ``label`` (the backend) and ``state``."""

    def __init__(self, bar: QStatusBar) -> None:
        self.label = QLabel()
        self.label.setAccessibleName("Analysis backend")
        self.state = QLabel()
        self.state.setAccessibleName("Backend state")
        bar.addPermanentWidget(self.label)
        bar.addPermanentWidget(self.state)
        self._shown_kind: str | None = None

    def set_state(self, state: str) -> None:
        self.state.setText(f"· {state}")

    def show(self, settings: AppSettings) -> None:
        text = f"Backend: {settings.backend_label}"
        if settings.backend == "cloud" and not settings.api_key:
            text += " (add a cloud API key in Settings to use the cloud)"
        self.label.setText(text)
        kind = settings.effective_backend
        if kind != self._shown_kind:  # the state shown belongs to the backend in use only
            self._shown_kind = kind
            self.set_state("idle (starts when needed)" if kind == "local"
                           else "key not checked yet (Test connection in Settings)")
