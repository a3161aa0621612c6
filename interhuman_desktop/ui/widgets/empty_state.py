"""EmptyState: a centred title, an explanation and an optional action, for views with no data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """What the view is for and what to do next, shown when there is nothing to display."""

    def __init__(self, title: str, text: str, action: str | None = None,
                 note: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(title)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setFixedWidth(520)
        for label in (self.title, self.text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.text.setMinimumHeight(self.text.heightForWidth(520))  # never clipped
        self.button: QPushButton | None = None
        if action:
            self.button = QPushButton(action)
            self.button.setAccessibleName(action)
            layout.addSpacing(8)
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.note = QLabel(note or "")
        self.note.setVisible(bool(note))
        self.note.setEnabled(False)  # drawn in the palette's disabled (muted) text colour
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.note, 0, Qt.AlignmentFlag.AlignHCenter)
        self.setAccessibleName(title)
        self.setAccessibleDescription(text)
