"""The marker key of a live session: M adds a marker whatever has focus in the window.

An application event filter, installed only while recording, takes a plain ``M`` key press
before the focused widget sees it. Decision (item 3 of issue 12): a text field keeps its
letters (a note like "mumbled here" must be typeable), so the note field is the one place in
the Live page where M is a letter; but the field never keeps the focus: Enter (the note is
saved) and Esc give it back to the page, so the next M adds a marker again. The bug was the
focus staying in the field after Enter, so M typed "m" and no marker was recorded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

log = logging.getLogger(__name__)
TEXT_INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)


def is_marker_key(event: QKeyEvent) -> bool:
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() == Qt.Key.Key_M and mods == Qt.KeyboardModifier.NoModifier


class MarkerKey(QObject):
    """Calls ``on_marker`` for M pressed anywhere in ``owner``'s window (see the module doc)."""

    def __init__(self, owner: QWidget, note_field: QLineEdit, on_marker: Callable[[], None],
                 on_leave: Callable[[], None]) -> None:
        super().__init__(owner)
        self._owner, self._note, self._on_marker = owner, note_field, on_marker
        self._on_leave = on_leave
        self.active = False

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None and not self.active:
            app.installEventFilter(self)
            self.active = True

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None and self.active:
            app.removeEventFilter(self)
        self.active = False

    def takes(self, target: QObject) -> bool:
        """Whether M on ``target`` (the widget with focus) means "add a marker"."""
        if not isinstance(target, QWidget) or target.window() is not self._owner.window():
            return False
        if isinstance(target, QComboBox):
            return not target.isEditable()
        return not isinstance(target, TEXT_INPUTS)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if watched is self._note and event.key() == Qt.Key.Key_Escape:
            self._on_leave()  # Esc: leave the note field (the typed text stays)
            return True
        if not is_marker_key(event) or not self.takes(watched):
            return False
        if not event.isAutoRepeat():  # holding M adds one marker, not thirty
            self._on_marker()
        return True
