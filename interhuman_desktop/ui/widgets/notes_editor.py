"""NotesEditor: a notes field that saves as you type, and before its subject changes.

Nothing typed is lost: edits are saved ``DEBOUNCE_MS`` after typing pauses, when the field
loses focus or is hidden, and before another subject's notes are shown. A refresh of the same
subject never overwrites what is being typed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFocusEvent, QHideEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

DEBOUNCE_MS = 700


class _Field(QPlainTextEdit):
    def __init__(self, on_leave: Any) -> None:
        super().__init__()
        self._on_leave = on_leave

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._on_leave()


class NotesEditor(QWidget):
    """``show_for(key, text)``; emits ``saveRequested(key, text)`` for every edit to keep."""

    saveRequested = Signal(object, str)

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key: Any = None
        self._saved = ""
        self._loading = False
        self.field = _Field(self.flush)
        self.field.setPlaceholderText(placeholder)
        self.status = QLabel("")
        self.status.setAccessibleName("Notes status")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.status)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)
        self.field.textChanged.connect(self._on_typed)

    @property
    def text(self) -> str:
        return self.field.toPlainText()

    def show_for(self, key: Any, text: str, same: bool = False) -> None:
        """Show ``key``'s notes; ``same``: it is the subject already shown (keep the typing)."""
        if same and self._key is not None:
            # A fresher copy of the same subject. Its text may predate a save still on its
            # way, and only this field edits it: what is shown here stays.
            self._key = key
            return
        self.flush()
        self._key, self._saved = key, text
        self._show(text)
        self.field.setEnabled(key is not None)
        self.status.setText("" if key is None else "Notes save as you type.")

    def show_none(self, why: str) -> None:
        """No subject (what was typed is saved first): the field is off and says ``why``."""
        self.show_for(None, "")
        self.status.setText(why)

    @property
    def pending(self) -> bool:
        """Typed but not saved yet."""
        return self._key is not None and self.text.strip() != self._saved.strip()

    def _show(self, text: str) -> None:
        self._loading = True
        self.field.setPlainText(text)
        self._loading = False

    def flush(self) -> None:
        """Save now if anything changed since the last save."""
        self._timer.stop()
        text = self.text.strip()
        if self._key is None or text == self._saved.strip():
            return
        self._saved = text
        self.saveRequested.emit(self._key, text)
        self.status.setText("Saved.")

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush()
        super().hideEvent(event)

    def _on_typed(self) -> None:
        if self._loading or self._key is None:
            return
        self.status.setText("Editing…")
        self._timer.start()
