"""DropZone: drop video files here, or pick them with "Open…" (native file dialog)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QFileDialog, QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

log = logging.getLogger(__name__)
VIDEO_SUFFIXES = (".mp4", ".mov", ".mkv", ".avi", ".webm", ".ts", ".m4v")
FILE_FILTER = "Video files (" + " ".join(f"*{s}" for s in VIDEO_SUFFIXES) + ");;All files (*)"


def video_paths_from_mime(mime: QMimeData) -> list[Path]:
    """Local video files (and video files directly inside dropped folders) from a drop."""
    paths: list[Path] = []
    for url in mime.urls() if mime.hasUrls() else []:
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path.is_dir():
            paths.extend(sorted(p for p in path.iterdir() if is_video(p)))
        elif is_video(path):
            paths.append(path)
    return paths


def is_video(path: Path) -> bool:
    return path.suffix.lower() in VIDEO_SUFFIXES


class DropZone(QFrame):
    """A dashed target; emits ``filesDropped(list[Path])`` for drops and the Open… dialog."""

    filesDropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setObjectName("DropZone")
        self.setAccessibleName("Drop video files here")
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label = QLabel("Drop video files or a folder here\n"
                            "mp4 · mov · mkv · avi · webm · ts")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.open_button = QPushButton("Open…")
        self.open_button.setAccessibleName("Open video files")
        self.open_button.setToolTip("Choose video files to analyse (Ctrl+O)")
        self.open_button.clicked.connect(self.open_dialog)
        layout.addWidget(self.label)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.setMinimumHeight(140)
        self._hover = False

    def open_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Open video files", "", FILE_FILTER)
        paths = [Path(f) for f in files]
        if paths:
            self.filesDropped.emit(paths)

    def accept_mime(self, mime: QMimeData) -> list[Path]:
        """Emit ``filesDropped`` for the video files in ``mime``; returns them."""
        paths = video_paths_from_mime(mime)
        if paths:
            log.debug("dropped %d file(s)", len(paths))
            self.filesDropped.emit(paths)
        return paths

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if video_paths_from_mime(event.mimeData()):
            event.acceptProposedAction()
            self._set_hover(True)

    def dragLeaveEvent(self, event) -> None:
        self._set_hover(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_hover(False)
        if self.accept_mime(event.mimeData()):
            event.acceptProposedAction()

    def _set_hover(self, on: bool) -> None:
        self._hover = on
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The dashed border, painted from the current palette (a style sheet would freeze
        the children's colours at the first theme)."""
        super().paintEvent(event)
        role = QPalette.ColorRole.Highlight if self._hover else QPalette.ColorRole.Mid
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.palette().color(role), 2, Qt.PenStyle.DashLine))
        painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 10, 10)
        painter.end()
