"""A live marker's note saves as you type: nothing typed in the note field is lost.

The field edits the picked marker's note (or, with none picked, the note of the next marker).
Once typing pauses for :data:`NOTE_SAVE_MS`, the text goes to that marker; picking another
marker, Stop and quitting save what is typed first. Text typed with no marker picked becomes a
marker of its own at Stop, rather than vanishing with the session.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLineEdit

NOTE_SAVE_MS = 600  # a marker's note is saved once typing pauses this long


class NoteSaver(QObject):
    """``note(t, text)`` gives the marker at t its note; ``add(text)`` adds a marker now."""

    def __init__(self, field: QLineEdit, note: Callable[[float, str], None],
                 add: Callable[[], None]) -> None:
        super().__init__(field)
        self.field, self._note, self._add = field, note, add
        self.target: float | None = None  # the marker whose note the field is editing
        self.saving = False  # a note is being saved now (the view keeps the marker picked)
        self._timer = QTimer(self, singleShot=True, interval=NOTE_SAVE_MS)
        self._timer.timeout.connect(self.save)
        field.textEdited.connect(lambda _text: self._timer.start())

    def retarget(self, t: float | None) -> None:
        """Another marker was picked: what was typed for the previous one is saved first."""
        if self._timer.isActive() and not self.saving:
            self.save()
        self.target = t

    def cancel(self) -> None:
        """The text is being used now (Enter, Add marker): no save is due any more."""
        self._timer.stop()

    def flush(self) -> None:
        """Save what is typed now (Stop, quit)."""
        if self._timer.isActive() or (self.target is None and self.field.text().strip()):
            self.save()

    def save(self) -> None:
        self._timer.stop()
        text = self.field.text().strip()
        if self.target is None:
            if text:
                self._add()
            return
        self.saving = True
        try:
            self._note(self.target, text)
        finally:
            self.saving = False
