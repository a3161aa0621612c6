"""LibraryController: the Library view on top of ``storage.library.AsyncLibrary``.

Every database call runs on the library's storage thread and every file copy on a worker
thread (``session.library_sync``); this controller only schedules them on the asyncio loop and
shows what came back. Failures are shown in the view, never raised into Qt.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from interhuman_desktop.session import library_sync
from interhuman_desktop.session.file_analysis import FileJob
from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.storage.library import AsyncLibrary, Entry
from interhuman_desktop.ui.tasks import TaskKeeper
from interhuman_desktop.ui.views.library import LibraryView

log = logging.getLogger(__name__)


class LibraryController(QObject):
    """``entrySaved(Entry)`` after an automatic save; ``openEntry(media, timeline, entry)`` when
    the user opens one; ``restored(media, timeline, entry)`` for the entry reopened at start."""

    entrySaved = Signal(object)
    openEntry = Signal(object, object, object)  # Path | None, SessionTimeline, Entry
    restored = Signal(object, object, object)

    def __init__(self, view: LibraryView, library: AsyncLibrary | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view, self.library = view, library
        self.tasks = TaskKeeper("library", on_error=self._show_failure)
        view.searchChanged.connect(lambda _t: self.refresh())
        view.openRequested.connect(lambda e: self._spawn(self._open(e)))
        view.renameRequested.connect(
            lambda e, t: self._spawn(self._change(e, "rename", e.id, t)))
        view.notesRequested.connect(
            lambda e, n: self._spawn(self._change(e, "update", e.id, notes=n)))
        view.deleteRequested.connect(lambda e: self._spawn(self._change(e, "delete", e.id)))

    # --- public API ------------------------------------------------------------------
    def refresh(self) -> asyncio.Task[Any] | None:
        return self._spawn(self._refresh())

    def save_file(self, media: Path, timeline: SessionTimeline, raw: list[Any] | None = None,
                  duration: float | None = None, backend: str = "local",
                  part_offsets: list[float] | None = None) -> asyncio.Task[Any] | None:
        """``part_offsets``: where each raw result's part starts (a split file), for exports."""
        return self._save(library_sync.save_file_analysis, media, timeline, raw,
                          duration=duration, backend=backend, part_offsets=part_offsets)

    def save_job(self, job: FileJob, backend: str) -> asyncio.Task[Any] | None:
        """A finished Analyze job: its results, its parts' offsets and its length."""
        assert job.timeline is not None
        return self.save_file(job.path, job.timeline, list(job.raw_results),
                              job.info.duration if job.info is not None else None, backend,
                              [part.offset for part in job.parts])

    def save_live(self, session_folder: Path, recording: Path | None, timeline: SessionTimeline,
                  title: str, source: str, backend: str = "local") -> asyncio.Task[Any] | None:
        return self._save(library_sync.save_live_session, session_folder, recording, timeline,
                          title=title, source=source, backend=backend)

    def reopen(self, entry_id: int | None) -> asyncio.Task[Any] | None:
        """Load ``entry_id`` (else the newest entry) for Review: ``restored`` when there is one."""
        return self._spawn(self._reopen(entry_id))

    def save_markers(self, entry: Entry,
                     timeline: SessionTimeline) -> asyncio.Task[Any] | None:
        """Keep markers edited in Review: the entry's timeline and its searchable notes."""
        async def save() -> None:
            assert self.library is not None
            await library_sync.save_markers(self.library, entry, timeline)
            await self._refresh()

        return self._spawn(save())

    async def wait(self) -> None:
        """Until every scheduled library call finished (tests, shutdown)."""
        await self.tasks.wait()

    async def aclose(self) -> None:
        await self.wait()
        if self.library is not None:
            library, self.library = self.library, None
            await asyncio.to_thread(library.close)

    # --- internals ----------------------------------------------------------------------
    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any] | None:
        if self.library is None:
            coro.close()
            return None
        return self.tasks.spawn(coro)

    def _show_failure(self, exc: BaseException) -> None:
        """A failed library call (logged by the keeper) is shown in the view; the app goes on."""
        self.view.show_error(f"The library could not do that: {exc}")

    def _save(self, fn: Callable[..., Awaitable[Entry]], *args: Any,
              **kwargs: Any) -> asyncio.Task[Any] | None:
        async def save() -> Entry:
            entry = await fn(self.library, *args, **kwargs)
            self.entrySaved.emit(entry)
            await self._refresh()
            return entry

        return self._spawn(save())

    async def _refresh(self) -> list[Entry]:
        assert self.library is not None
        entries: list[Entry] = await self.library.call("search", self.view.search_text())
        self.view.show_entries(entries)
        self.view.show_error("")
        return entries

    async def _open(self, entry: Entry) -> None:
        media, timeline = await library_sync.load_entry(entry)
        self.openEntry.emit(media, timeline, entry)

    async def _reopen(self, entry_id: int | None) -> None:
        assert self.library is not None
        entries: list[Entry] = await self.library.call("search", "")
        entry = next((e for e in entries if e.id == entry_id), entries[0] if entries else None)
        if entry is not None:
            media, timeline = await library_sync.load_entry(entry)
            self.restored.emit(media, timeline, entry)

    async def _change(self, entry: Entry, method: str, *args: Any, **kwargs: Any) -> None:
        assert self.library is not None
        await self.library.call(method, *args, **kwargs)
        log.info("library: %s entry %d", method, entry.id)
        await self._refresh()
