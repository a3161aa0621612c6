"""Privacy: "keep the recording: always / ask / never" applied to each entry the app saves.

With "never" the video of a saved analysis or live session is deleted at once (the results
and the report's frames stay: ``export.without_media``); with "ask" a dialog asks. Review
then works with lanes only and says the video was not kept, also when such an entry is opened
from the Library. Installed on the main window by :func:`install`.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from interhuman_desktop.storage.library import Entry

log = logging.getLogger(__name__)
NOT_KEPT = "The video was not kept (Settings ▸ Keep the recording): lanes only"


class KeepRecording(QObject):
    """``dropped(Entry)`` once an entry's video is deleted."""

    dropped = Signal(object)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: QMessageBox | None = None  # the open "keep the video?" question (tests)
        self._opening: Entry | None = None

    def on_saved(self, entry: Entry) -> None:
        if entry.media is None:
            return
        choice = self.window.store.load().keep_recording
        if choice == "never":
            self.drop(entry)
        elif choice == "ask":
            self.ask(entry)

    def ask(self, entry: Entry) -> QMessageBox:
        kind = "live session" if entry.kind == "live" else "analysis"
        box = QMessageBox(QMessageBox.Icon.Question, "Keep the recording?",
                          f"Keep the video of the {kind} “{entry.title}” in the library? "
                          "Without it, the results, the lanes and the report stay.",
                          QMessageBox.StandardButton.NoButton, self.window)
        keep = box.addButton("Keep the video", QMessageBox.ButtonRole.AcceptRole)
        delete = box.addButton("Delete the video", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.buttonClicked.connect(lambda b: self.drop(entry) if b is delete else None)
        self.dialog = box
        box.open()
        return box

    def drop(self, entry: Entry) -> None:
        ctl = self.window.library_ctl
        if ctl.library is None:
            return
        ctl.tasks.spawn(self._drop(entry), name=f"drop-media-{entry.id}")

    async def _drop(self, entry: Entry) -> None:
        from interhuman_desktop.export.without_media import drop_recording

        ctl = self.window.library_ctl
        me = asyncio.current_task()
        saving = [t for t in ctl.tasks.pending if t is not me]
        if saving:  # the save that announced the entry, and whoever opens it in Review
            await asyncio.wait(saving)
        updated = await drop_recording(ctl.library, entry)
        review = self.window.review
        if entry.media is not None and _same(review.media_path, entry.media):
            review.load(None, review.timeline)  # the file it played is gone
            self.show_not_kept()
        self.window.statusBar().showMessage(f"“{entry.title}”: the video was not kept; the "
                                            "results stay", 8000)
        self.dropped.emit(updated)
        await ctl.refresh()

    def show_not_kept(self) -> None:
        video = self.window.review.ui.video
        video.placeholder = NOT_KEPT
        video.update()

    def on_open_requested(self, entry: Entry) -> None:
        self._opening = entry

    def on_opened(self, media: Path | None, _timeline: Any) -> None:
        opening, self._opening = self._opening, None
        if media is None and opening is not None and opening.media_removed:
            self.show_not_kept()


def _same(a: Path | None, b: Path) -> bool:
    try:
        return a is not None and Path(a).resolve() == b.resolve()
    except OSError:
        return False


def install(window: Any) -> KeepRecording:
    keeper = KeepRecording(window)
    window.library_ctl.entrySaved.connect(keeper.on_saved)
    window.library.openRequested.connect(keeper.on_open_requested)
    window.library_ctl.openEntry.connect(keeper.on_opened)  # after Review loaded it
    return keeper
