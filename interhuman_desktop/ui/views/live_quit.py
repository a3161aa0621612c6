"""QuitGuard: closing the window (Ctrl+Q, the title bar) while recording asks first.

"Stop and quit" stops the session the safe way (the recording and its analysis are kept, as
with Stop) and then closes; "Keep recording" leaves everything running.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)
QUESTION = ("A live session is recording. Stop it and quit?\n\n"
            "Stopping keeps the recording and everything analysed so far in the Library.")


class QuitGuard:
    """``allows(event)`` in ``closeEvent``: False (event ignored, question shown) while
    ``recording()``; the answer "Stop and quit" closes ``window`` again, for good."""

    def __init__(self, window: QWidget, recording: Callable[[], bool]) -> None:
        self._window, self._recording = window, recording
        self._confirmed = False
        self.box: QMessageBox | None = None

    def allows(self, event: QCloseEvent) -> bool:
        if self._confirmed or not self._recording():
            return True
        event.ignore()
        self._ask()
        return False

    def _ask(self) -> None:
        if self.box is not None and self.box.isVisible():
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Quit while recording?", QUESTION,
                          QMessageBox.StandardButton.NoButton, self._window)
        quit_button = box.addButton("Stop and quit", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("Keep recording", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.buttonClicked.connect(lambda b: self._answered(b is quit_button))
        self.box = box
        box.open()

    def _answered(self, stop: bool) -> None:
        log.info("quit while recording: %s", "stop and quit" if stop else "keep recording")
        if stop:
            self._confirmed = True
            self._window.close()
