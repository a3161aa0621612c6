"""Where results go: a finished analysis or live session is saved to the library (when the
window has one) and opened in Review; a live session first shows its summary, whose moments
open Review; sessions a crash left behind are recovered into the library; the Library's
"Re-analyse…" goes to Analyze; Review's marker edits are saved. Installed on the main window
by :func:`install`.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from interhuman_desktop.session import library_sync
from interhuman_desktop.session.file_analysis import FileJob
from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.storage.library import Entry
from interhuman_desktop.ui.views.live_handle import LiveHandle, Recorded, SavedSession

log = logging.getLogger(__name__)


class Results:
    def __init__(self, window: Any, qsettings: QSettings) -> None:
        self.window, self.qsettings = window, qsettings
        self.ctl = window.library_ctl
        self.review = window.review

    def review_entry(self, media_path: Path | None, timeline: SessionTimeline,
                     entry: Entry | None = None) -> None:
        """Load an analysis into Review (``entry`` reopens there at the next start)."""
        self.review.load(media_path, timeline, entry)
        if entry is not None:
            self.qsettings.setValue("review/entry", entry.id)

    async def recover_sessions(self, root: Path) -> None:
        from interhuman_desktop.session.recovery import recover_unfinished

        for found in await asyncio.to_thread(recover_unfinished, root):
            title = f"Recovered session {found.folder.name}"
            self.ctl.save_live(found.folder, found.recording, found.timeline, title,
                               "recovered after a crash")
            self.window.statusBar().showMessage(f"{title}: kept {found.segments} segments",
                                                10_000)

    def reanalyse(self, entry: Entry, goals: tuple[str, ...], kind: str) -> None:
        self.window.show_view("Analyze")
        self.window.analysis.reanalyse(entry.media, goals, kind)

    def save_analysis(self, job: FileJob) -> None:
        self.ctl.save_job(job, self.window.analysis.kind_of(job.path))

    def save_live(self, handle: LiveHandle, result: object) -> None:
        if self.ctl.library is None:
            return
        recording = result.recording if isinstance(result, Recorded) else None
        if not isinstance(handle, SavedSession) or handle.folder is None:
            self.window.show_result(recording, handle.timeline)
            return
        title = datetime.now().strftime("Live session %Y-%m-%d %H:%M")
        task = self.ctl.save_live(handle.folder, recording, handle.timeline, title,
                                  handle.source, self.window.store.load().effective_backend)
        if task is not None:
            task.add_done_callback(lambda t: self._open_saved(t, handle.timeline))

    def _open_saved(self, task: asyncio.Task[Entry], timeline: SessionTimeline) -> None:
        entry = None if task.cancelled() or task.exception() is not None else task.result()
        self.live_finished(entry.media if entry is not None else None, timeline, entry)

    def live_finished(self, media: Path | None, timeline: SessionTimeline,
                      entry: Entry | None = None) -> None:
        """Review gets the session; Live shows its summary (the moments open Review)."""
        self.review_entry(media, timeline, entry)
        self.window.live_session.summarise(media, self.ctl.library, entry)

    def review_at(self, seconds: float) -> None:
        self.window.show_view("Review")
        self.review.seek(seconds)

    def review_moment(self, signal_type: str, seconds: float) -> None:
        """A summary's top moment: Review on that signal (selected, its evidence shown), in
        the summary's recording even when Review shows another one now."""
        entry = self.window.live.summary.entry
        if entry is not None and (self.review.entry is None or self.review.entry.id != entry.id):
            self.ctl.tasks.spawn(self._reopen_at(entry, signal_type, seconds))
            return
        self.window.show_view("Review")
        self.review.select_moment(signal_type, seconds)

    async def _reopen_at(self, entry: Entry, signal_type: str, seconds: float) -> None:
        media, timeline = await library_sync.load_entry(entry)
        self.review_entry(media, timeline, entry)
        self.window.show_view("Review")
        self.review.select_moment(signal_type, seconds)

    def save_markers(self) -> None:
        if self.review.entry is not None and self.review.timeline is not None:
            task = self.ctl.save_markers(self.review.entry, self.review.timeline)
            if task is not None:  # the summary shows the markers as the library keeps them
                task.add_done_callback(lambda _t: self.window.live.summary.reload_markers())


def install(window: Any, qsettings: QSettings) -> Results:
    """Connect the controllers' results to the library and Review (``qsettings`` keeps the
    entry Review shows)."""
    results = Results(window, qsettings)
    analysis, live, ctl, review = (window.analysis, window.live_session, window.library_ctl,
                                   window.review)
    analysis.resultReady.connect(window.show_result)
    analysis.analysed.connect(results.save_analysis)
    live.keep_review = ctl.library is None
    live.finished.connect(results.live_finished)
    window.live.summary.reviewRequested.connect(results.review_at)
    window.live.summary.momentRequested.connect(results.review_moment)
    live.ended.connect(results.save_live)
    ctl.openEntry.connect(window.show_result)
    window.library.reanalyseRequested.connect(results.reanalyse)
    window.library.deleteRequested.connect(  # its markers could not be kept any more
        lambda e: review.unload() if review.entry is not None and review.entry.id == e.id
        else None)
    ctl.restored.connect(lambda media, tl, entry: results.review_entry(media, tl, entry)
                         if review.timeline is None else None)
    review.markersChanged.connect(results.save_markers)
    return results
