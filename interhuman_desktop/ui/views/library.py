"""LibraryView: placeholder until the storage layer lands; explains what it will hold."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from interhuman_desktop.ui.widgets.empty_state import EmptyState


class LibraryView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Library")
        self.empty = EmptyState(
            "Your library is empty",
            "Every analysis and live session is kept here, on this computer: search, tags, "
            "notes, exports (JSON, CSV, PDF) and side-by-side comparison of two takes. "
            "Analyse a recording or run a live session to add the first one.")
        QVBoxLayout(self).addWidget(self.empty)
