"""DropZone: drop video files or folders here, or pick files with "Open…" (the native dialog
when there is one: :func:`~interhuman_desktop.ui.widgets.open_dialog.open_files_dialog`)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QFileDialog, QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from interhuman_desktop.encode.preflight import SOUND_SUFFIXES
from interhuman_desktop.session.batch_plan import VIDEO_SUFFIXES, is_video
from interhuman_desktop.ui.widgets.open_dialog import open_files_dialog

log = logging.getLogger(__name__)
__all__ = ["VIDEO_SUFFIXES", "DropZone", "is_video", "split_drop", "video_paths_from_mime"]
_ALL = (*VIDEO_SUFFIXES, *sorted(SOUND_SUFFIXES))  # sound only: analysed with Inter-2 audio
FILE_FILTER = "Recordings (" + " ".join(f"*{s}" for s in _ALL) + ");;All files (*)"


def _is_recording(path: Path) -> bool:
    return is_video(path) or path.suffix.lower() in SOUND_SUFFIXES


def video_paths_from_mime(mime: QMimeData) -> list[Path]:
    """Local video files (and video files directly inside dropped folders) from a drop."""
    paths: list[Path] = []
    for url in mime.urls() if mime.hasUrls() else []:
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path.is_dir():
            paths.extend(sorted(p for p in path.iterdir() if is_video(p)))
        elif _is_recording(path):
            paths.append(path)
    return paths


def split_drop(mime: QMimeData) -> tuple[list[Path], list[Path]]:
    """(video files, folders holding videos) of a drop: a folder becomes a batch."""
    files: list[Path] = []
    folders: list[Path] = []
    for url in mime.urls() if mime.hasUrls() else []:
        path = Path(url.toLocalFile()) if url.isLocalFile() else None
        if path is not None and path.is_dir() and any(is_video(p) for p in path.iterdir()):
            folders.append(path)
        elif path is not None and _is_recording(path):
            files.append(path)
    return files, folders


class DropZone(QFrame):
    """A dashed target; emits ``filesDropped(list[Path])`` for files (drops and the Open…
    dialog) and ``foldersDropped(list[Path])`` for dropped folders."""

    filesDropped = Signal(list)
    foldersDropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setObjectName("DropZone")
        self.setAccessibleName("Drop video files here")
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label = QLabel("Drop video files or a folder here\n"
                            "mp4 · mov · mkv · avi · webm · ts, or sound only: wav · flac · "
                            "mp3 · m4a · ogg")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.open_button = QPushButton("Open…")
        self.open_button.setAccessibleName("Open video files")
        self.open_button.setToolTip("Choose video files to analyse (Ctrl+O)")
        self.open_button.clicked.connect(self.open_dialog)
        layout.addWidget(self.label)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.setMinimumHeight(140)
        self._hover = False
        self.dialog: QFileDialog | None = None  # the open "Open…" dialog (tests)

    def open_dialog(self) -> QFileDialog:
        """Ask for video files (several at once); ``filesDropped`` with them once opened."""
        self.dialog = open_files_dialog(
            self, "Open video files", FILE_FILTER,
            lambda paths: self.filesDropped.emit(paths) if paths else None)
        return self.dialog

    def accept_mime(self, mime: QMimeData) -> list[Path]:
        """Emit ``filesDropped`` / ``foldersDropped`` for ``mime``; returns files + folders."""
        files, folders = split_drop(mime)
        if files:
            log.debug("dropped %d file(s)", len(files))
            self.filesDropped.emit(files)
        if folders:
            self.foldersDropped.emit(folders)
        return files + folders

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
