"""AnalyzeView: where dropped/opened video files queue for analysis, one card per file.

Each card shows the pre-flight (size, duration, tracks, container, verdict with its reasons),
the status with a real progress bar, and the actions that make sense now: Make it fit, Cancel,
Open in Review, Copy details, Remove. Goals and a one-line description of the conversation
apply to the files added after they were set. The controller reports back through
``set_check``, ``set_status`` and ``set_error``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from interhuman_desktop.session.timeline import DIMENSIONS
from interhuman_desktop.ui.views.analyze_text import facts_text, verdict_text
from interhuman_desktop.ui.widgets.drop_zone import DropZone
from interhuman_desktop.ui.widgets.file_card import FileCard

log = logging.getLogger(__name__)


class AnalyzeView(QWidget):
    """Drop zone + options + queue; ``add_files`` is also where window-wide drops land."""

    filesAdded = Signal(list)  # list[Path]
    foldersAdded = Signal(list)  # list[Path]: each folder is a batch
    cancelRequested = Signal(object)  # Path
    openRequested = Signal(object)  # Path: show its result in Review
    fitRequested = Signal(object)  # Path: transcode/split, then analyse
    reopened = Signal(list)  # list[Path]: files added again that already have a card
    retryRequested = Signal(object)  # Path: analyse a failed file again
    localRequested = Signal(object)  # Path: analyse it with the local engine instead
    optionsChanged = Signal()
    notFound = Signal(list)  # list[Path]: added names of nothing (not queued; the window says)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Analyze")
        self.cards: dict[Path, FileCard] = {}
        self.drop_zone = DropZone()
        self.drop_zone.filesDropped.connect(self.add_files)
        self.drop_zone.foldersDropped.connect(self.add_folders)
        self._setup_ui()

    # --- public API ------------------------------------------------------------------
    @property
    def files(self) -> list[Path]:
        return list(self.cards)

    def card(self, path: Path) -> FileCard:
        return self.cards[Path(path)]

    def add_files(self, paths: list[Path]) -> list[Path]:
        """Queue new files; returns the ones added. A file that already has a card goes to
        ``reopened`` (the controller decides: analyse it again, or say it is unchanged); one
        that is not there goes to ``notFound``."""
        unique = list(dict.fromkeys(Path(p) for p in paths))
        if missing := [p for p in unique if not p.exists()]:
            log.warning("not found, not queued: %s", ", ".join(p.name for p in missing))
            self.notFound.emit(missing)
            unique = [p for p in unique if p not in missing]
        new = [p for p in unique if p not in self.cards]
        again = [p for p in unique if p in self.cards]
        for path in new:
            self._add_card(path)
        if new:
            self._pages.setCurrentIndex(1)
            log.info("queued %d file(s) for analysis", len(new))
            self.filesAdded.emit(new)
        if again:
            self.reopened.emit(again)
        return new

    def add_folders(self, folders: list[Path]) -> None:
        """Analyse each folder as a batch (its files get cards as the batch queues them)."""
        if not folders:
            return
        self._pages.setCurrentIndex(1)
        self.foldersAdded.emit([Path(f) for f in folders])

    def add_batch_files(self, paths: list[Path]) -> None:
        """Cards for files a batch queued (no ``filesAdded``: they are queued already)."""
        for path in (Path(p) for p in paths):
            if path not in self.cards:
                self._add_card(path)
        self._pages.setCurrentIndex(1)

    def set_batch_progress(self, text: str) -> None:
        """The folder batch's counts and ETA, above the queue (empty: hidden)."""
        self.batch_progress.setText(text)
        self.batch_progress.setVisible(bool(text))

    def goals(self) -> tuple[str, ...]:
        return tuple(d for d, box in self.goal_boxes.items() if box.isChecked())

    def context(self) -> str:
        return self.context_edit.text().strip()

    def set_options(self, goals: tuple[str, ...], context: str) -> None:
        for dim, box in self.goal_boxes.items():
            box.blockSignals(True)
            box.setChecked(dim in goals)
            box.blockSignals(False)
        self.context_edit.setText(context)

    def set_check(self, path: Path, info, verdict) -> None:
        """Show the pre-flight: the file's facts and the verdict with its reasons."""
        card = self.cards.get(Path(path))
        if card is not None:
            card.set_facts(facts_text(info))
            card.set_verdict(*verdict_text(verdict))

    def set_status(self, path: Path, text: str, progress: float | None = None,
                   done: bool = False, error: bool = False, fit: bool = False,
                   retry: bool = False, local: bool = False) -> None:
        """A file's state; ``progress`` in 0–1 (None: indeterminate). ``retry``/``local``: a
        failure offers Retry / "Analyse locally instead"."""
        card = self.cards.get(Path(path))
        if card is None:
            return
        card.set_status(text, 1.0 if done else progress, error)
        if done:
            card.show_actions("open", "remove")
        elif fit:
            card.show_actions("fit", "remove")
        elif error:
            offers = ("retry",) * retry + ("local",) * local
            card.show_actions(*offers, *(("copy", "remove") if card.details else ("remove",)))
        else:
            card.show_actions("cancel")

    def set_error(self, path: Path, details: str, copied: str | None = None) -> None:
        card = self.cards.get(Path(path))
        if card is not None:
            card.set_error(details, copied)

    def open_files(self) -> None:
        self.drop_zone.open_dialog()

    # --- internals ----------------------------------------------------------------------
    def ensure_card(self, path: Path) -> FileCard:
        """The card of ``path``, created (without queueing) when missing (re-analyse)."""
        path = Path(path)
        if path not in self.cards:
            self._add_card(path)
            self._pages.setCurrentIndex(1)
        return self.cards[path]

    def _add_card(self, path: Path) -> None:
        card = FileCard(path)
        card.actionRequested.connect(lambda name, p=path: self._on_action(p, name))
        self._list.insertWidget(self._list.count() - 1, card)
        self.cards[path] = card

    def _on_action(self, path: Path, name: str) -> None:
        if name == "open":
            self.openRequested.emit(path)
        elif name == "fit":
            self.fitRequested.emit(path)
        elif name == "cancel":
            self.cancelRequested.emit(path)
        elif name == "retry":
            self.retryRequested.emit(path)
        elif name == "local":
            self.localRequested.emit(path)
        elif name == "remove":
            self.cancelRequested.emit(path)
            self.cards.pop(path).deleteLater()
            if not self.cards:
                self._pages.setCurrentIndex(0)

    def _setup_ui(self) -> None:
        hint = QLabel(
            "Files are checked before upload (10 KB–32 MiB, at least 3 s; video: mp4/mov/mkv/"
            "avi/webm/ts; sound only: wav/flac/mp3/m4a/ogg, analysed with Inter-2 audio). A file "
            "outside the limits can be transcoded or split to fit. Results are kept in the "
            "Library and open in Review.")
        hint.setWordWrap(True)
        self._pages = QStackedWidget()
        empty = QLabel("No files yet. Drop recordings on the window, or use Open… (Ctrl+O).")
        empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        empty.setEnabled(False)
        self._pages.addWidget(empty)
        self._pages.addWidget(self._queue())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(QLabel("<h2>Analyze recordings</h2>"))
        layout.addWidget(hint)
        layout.addWidget(self.drop_zone)
        layout.addLayout(self._options())
        layout.addWidget(QLabel("<b>Queue</b>"))
        self.batch_progress = QLabel()
        self.batch_progress.setAccessibleName("Batch progress")
        self.batch_progress.setVisible(False)
        layout.addWidget(self.batch_progress)
        layout.addWidget(self._pages, 1)

    def _options(self) -> QFormLayout:
        goals = QHBoxLayout()
        self.goal_boxes = {d: QCheckBox(d.capitalize()) for d in DIMENSIONS}
        for dim, box in self.goal_boxes.items():
            box.setAccessibleName(f"Feedback goal: {dim}")
            box.toggled.connect(lambda _on: self.optionsChanged.emit())
            goals.addWidget(box)
        goals.addStretch(1)
        self.context_edit = QLineEdit()
        self.context_edit.setAccessibleName("Describe the conversation")
        self.context_edit.setPlaceholderText(
            "Optional, one line: e.g. “a sales call with a new customer”")
        self.context_edit.editingFinished.connect(self.optionsChanged)
        form = QFormLayout()
        form.addRow("Feedback goals", goals)
        form.addRow("The conversation", self.context_edit)
        return form

    def _queue(self) -> QScrollArea:
        box = QWidget()
        self._list = QVBoxLayout(box)
        self._list.setContentsMargins(0, 0, 0, 0)
        self._list.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(box)
        scroll.setAccessibleName("Files to analyse")
        return scroll
