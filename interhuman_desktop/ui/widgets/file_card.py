"""FileCard: one queued file in Analyze — facts, verdict, status, progress and its actions.

Actions are emitted as ``actionRequested(name)``: ``fit`` (make it fit), ``cancel``, ``open``
(in Review), ``remove`` and ``copy`` (the error details go to the clipboard as well).
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interhuman_desktop.ui.theme import OKABE_ITO

MARKS = {"ok": ("✔", OKABE_ITO["bluish_green"]), "fit": ("⚠", OKABE_ITO["orange"]),
         "refuse": ("✖", OKABE_ITO["vermillion"])}
ACTIONS = (("fit", "Make it fit"), ("cancel", "Cancel"), ("open", "Open in Review"),
           ("retry", "Retry"), ("local", "Analyse locally instead"), ("copy", "Copy details"),
           ("again", "Analyse again anyway"), ("remove", "Remove"))


class FileCard(QFrame):
    actionRequested = Signal(str)

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.details = ""
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(f"File {path.name}")
        self.title = QLabel(f"<b>{html.escape(path.name)}</b>")
        self.title.setToolTip(str(path))
        self.facts = QLabel("Checking the file…")
        self.facts.setAccessibleName("File facts")
        self.verdict = QLabel()
        self.verdict.setAccessibleName("Verdict")
        self.status = QLabel("Queued")
        self.status.setAccessibleName("Status")
        self.error = QLabel()
        self.error.setAccessibleName("Error details")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.verdict, self.status, self.error):
            label.setWordWrap(True)
        self.error.setVisible(False)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setAccessibleName(f"Progress of {path.name}")
        self.bar.setMaximumWidth(260)
        self.buttons: dict[str, QPushButton] = {}
        self._build()
        self.show_actions("cancel")

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(3)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.facts, 1)
        layout.addLayout(head)
        layout.addWidget(self.verdict)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.bar)
        for name, text in ACTIONS:
            button = QPushButton(text)
            button.setAccessibleName(f"{text}: {self.path.name}")
            button.clicked.connect(lambda _c=False, n=name: self._on_action(n))
            self.buttons[name] = button
            row.addWidget(button)
        layout.addLayout(row)
        layout.addWidget(self.error)

    # --- display ----------------------------------------------------------------------
    def set_facts(self, text: str) -> None:
        self.facts.setText(html.escape(text))

    def set_verdict(self, kind: str, text: str) -> None:
        mark, colour = MARKS.get(kind, ("", ""))
        self.verdict.setText(f"<span style='color:{colour}'>{mark}</span> {html.escape(text)}"
                             if text else "")
        self.verdict.setVisible(bool(text))
        self.verdict_kind = kind

    def set_status(self, text: str, progress: float | None, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setToolTip(text)
        self.bar.setRange(0, 0 if progress is None else 1000)
        self.bar.setValue(int(1000 * (progress or 0.0)))
        colour = OKABE_ITO["vermillion"] if error else ""
        self.status.setStyleSheet(f"color: {colour};" if colour else "")

    def set_error(self, details: str, copied: str | None = None) -> None:
        """The error details shown (what to do, ids, docs link) and those copied (``copied``,
        by default the same)."""
        self.details = details if copied is None else copied
        self.error.setText(html.escape(details).replace("\n", "<br>"))
        self.error.setVisible(bool(details))

    def show_actions(self, *names: str) -> None:
        for name, button in self.buttons.items():
            button.setVisible(name in names)
        self.bar.setVisible("cancel" in names)

    def visible_actions(self) -> list[str]:
        return [n for n, b in self.buttons.items() if not b.isHidden()]

    def _on_action(self, name: str) -> None:
        if name == "copy":
            QGuiApplication.clipboard().setText(self.details)
        self.actionRequested.emit(name)
