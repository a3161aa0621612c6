"""AnalyzeView: where dropped/opened video files queue for analysis.

The file-analysis session is not wired yet: it connects to ``filesAdded`` and reports back
through ``set_status(path, text, progress)``; the view shows a row per file with a real
progress bar and a Cancel button (``cancelRequested``), and "Open in Review" when done.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interhuman_desktop.ui.widgets.drop_zone import DropZone

log = logging.getLogger(__name__)
COLUMNS = ("File", "Size", "Status", "Progress", "")
WAITING = "Waiting — the analysis service is not connected in this build"


def _size(path: Path) -> str:
    try:
        n = path.stat().st_size
    except OSError:
        return "missing"
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} KB"


class AnalyzeView(QWidget):
    """Drop zone + queue; ``add_files`` is also where window-wide drops land."""

    filesAdded = Signal(list)  # list[Path]
    cancelRequested = Signal(object)  # Path
    openRequested = Signal(object)  # Path: show its result in Review

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Analyze")
        self._rows: dict[Path, QTreeWidgetItem] = {}
        self.drop_zone = DropZone()
        self.drop_zone.filesDropped.connect(self.add_files)
        self.queue = QTreeWidget()
        self.queue.setAccessibleName("Files to analyse")
        self.queue.setHeaderLabels(COLUMNS)
        self.queue.setRootIsDecorated(False)
        header = self.queue.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 80), (2, 380), (3, 160), (4, 130)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.queue.setColumnWidth(col, width)
        self._setup_ui()

    @property
    def files(self) -> list[Path]:
        return list(self._rows)

    def add_files(self, paths: list[Path]) -> list[Path]:
        """Queue new files (duplicates ignored); returns the ones added."""
        new = [p for p in dict.fromkeys(Path(p) for p in paths) if p not in self._rows]
        for path in new:
            self._add_row(path)
        if new:
            self._pages.setCurrentIndex(1)
            log.info("queued %d file(s) for analysis", len(new))
            self.filesAdded.emit(new)
        return new

    def set_status(self, path: Path, text: str, progress: float | None = None,
                   done: bool = False, error: bool = False) -> None:
        """Show a file's state; ``progress`` in 0–1 (None: indeterminate)."""
        item = self._rows.get(Path(path))
        if item is None:
            return
        item.setText(2, text)
        item.setToolTip(2, text)
        bar: QProgressBar = self.queue.itemWidget(item, 3)
        bar.setRange(0, 0 if progress is None and not (done or error) else 1000)
        bar.setValue(1000 if done else int(1000 * (progress or 0.0)))
        button: QPushButton = self.queue.itemWidget(item, 4)
        button.setText("Open in Review" if done else "Remove" if error else "Cancel")
        item.setForeground(2, Qt.GlobalColor.red if error else self.palette().text())

    def open_files(self) -> None:
        self.drop_zone.open_dialog()

    def _add_row(self, path: Path) -> None:
        item = QTreeWidgetItem([path.name, _size(path), WAITING, ""])
        item.setToolTip(0, str(path))
        self.queue.addTopLevelItem(item)
        bar = QProgressBar()
        bar.setRange(0, 1000)
        bar.setValue(0)
        bar.setAccessibleName(f"Progress of {path.name}")
        button = QPushButton("Cancel")
        button.setAccessibleName(f"Cancel or open {path.name}")
        button.clicked.connect(lambda _c=False, p=path: self._on_button(p))
        self.queue.setItemWidget(item, 3, bar)
        self.queue.setItemWidget(item, 4, button)
        self._rows[path] = item

    def _on_button(self, path: Path) -> None:
        button: QPushButton = self.queue.itemWidget(self._rows[path], 4)
        if button.text() == "Open in Review":
            self.openRequested.emit(path)
        elif button.text() == "Remove":
            self.queue.takeTopLevelItem(self.queue.indexOfTopLevelItem(self._rows.pop(path)))
        else:
            self.cancelRequested.emit(path)

    def _setup_ui(self) -> None:
        hint = QLabel(
            "Files are checked before upload (size 10 KB–32 MiB, at least 3 s; longer or larger "
            "files can be split or transcoded), then analysed one by one. Results open in Review.")
        hint.setWordWrap(True)
        self._pages = QStackedWidget()
        empty = QLabel("No files yet. Drop recordings above, or use Open… (Ctrl+O).")
        empty.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._pages.addWidget(empty)
        self._pages.addWidget(self.queue)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(QLabel("<h2>Analyze recordings</h2>"))
        layout.addWidget(hint)
        layout.addWidget(self.drop_zone)
        layout.addWidget(QLabel("<b>Queue</b>"))
        layout.addWidget(self._pages, 1)
