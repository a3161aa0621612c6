"""ReanalyseDialog: Library's "Re-analyse…": the same recording (or several selected ones,
all queued) with other goals or backend.

The result becomes a new library entry (the original stays as it was).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from interhuman_desktop.config.settings import BACKENDS
from interhuman_desktop.session.timeline import DIMENSIONS


class ReanalyseDialog(QDialog):
    """``chosen(goals, backend)`` once the user presses Analyse."""

    chosen = Signal(tuple, str)

    def __init__(self, title: str, goals: tuple[str, ...], backend: str,
                 parent: QWidget | None = None, count: int = 1) -> None:
        """``title``: the entry's (with ``count`` > 1, the first of ``count`` entries)."""
        super().__init__(parent)
        self.setWindowTitle("Re-analyse" if count == 1 else f"Re-analyse {count} entries")
        self.goal_boxes = {d: QCheckBox(d.capitalize()) for d in DIMENSIONS}
        row = QHBoxLayout()
        for dim, box in self.goal_boxes.items():
            box.setChecked(dim in goals)
            box.setAccessibleName(f"Re-analyse with the goal: {dim}")
            row.addWidget(box)
        self.backend = QComboBox()
        self.backend.setAccessibleName("Re-analyse with the backend")
        for key, label in BACKENDS.items():
            self.backend.addItem(label, key)
        self.backend.setCurrentIndex(max(0, self.backend.findData(backend)))
        form = QFormLayout()
        form.addRow("Feedback goals", row)
        form.addRow("Backend", self.backend)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.analyse_button = buttons.addButton("Analyse",
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Analyse “{html.escape(title)}” again. The result is a new entry; "
                       "this one stays as it is." if count == 1 else
                       f"Analyse the {count} selected recordings again, with the same goals "
                       "and backend. Each result is a new entry; these stay as they are.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.accepted.connect(lambda: self.chosen.emit(self.goals(), self.backend_kind()))

    def goals(self) -> tuple[str, ...]:
        return tuple(d for d, box in self.goal_boxes.items() if box.isChecked())

    def backend_kind(self) -> str:
        return str(self.backend.currentData())
