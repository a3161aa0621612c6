"""LibraryController: the Library view on top of ``storage.library.AsyncLibrary``.

Every database call runs on the library's storage thread and every file copy on a worker
thread (``session.library_sync``); this controller only schedules them on the asyncio loop and
shows what came back. Failures are shown in the view, never raised into Qt.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from interhuman_desktop.session import library_sync
from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.storage.library import AsyncLibrary, Entry
from interhuman_desktop.ui.views.library import LibraryView

log = logging.getLogger(__name__)


class LibraryController(QObject):
    """``entrySaved(Entry)`` after an automatic save; ``openEntry(media, timeline)``."""

    entrySaved = Signal(object)
    openEntry = Signal(object, object)  # Path | None, SessionTimeline

    def __init__(self, view: LibraryView, library: AsyncLibrary | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view, self.library = view, library
        self._tasks: set[asyncio.Task] = set()
        view.searchChanged.connect(lambda _t: self.refresh())
        view.openRequested.connect(lambda e: self._spawn(self._open(e)))
        view.renameRequested.connect(
            lambda e, t: self._spawn(self._change(e, "rename", e.id, t)))
        view.notesRequested.connect(
            lambda e, n: self._spawn(self._change(e, "update", e.id, notes=n)))
        view.deleteRequested.connect(lambda e: self._spawn(self._change(e, "delete", e.id)))

    # --- public API ------------------------------------------------------------------
    def refresh(self) -> asyncio.Task | None:
        return self._spawn(self._refresh())

    def save_file(self, media: Path, timeline: SessionTimeline, raw: list[Any] | None = None,
                  duration: float | None = None, backend: str = "local") -> asyncio.Task | None:
        return self._save(library_sync.save_file_analysis, media, timeline, raw,
                          duration=duration, backend=backend)

    def save_live(self, session_folder: Path, recording: Path | None, timeline: SessionTimeline,
                  title: str, source: str, backend: str = "local") -> asyncio.Task | None:
        return self._save(library_sync.save_live_session, session_folder, recording, timeline,
                          title=title, source=source, backend=backend)

    async def wait(self) -> None:
        """Until every scheduled library call finished (tests, shutdown)."""
        while self._tasks:
            await asyncio.wait(set(self._tasks))

    async def aclose(self) -> None:
        await self.wait()
        if self.library is not None:
            library, self.library = self.library, None
            await asyncio.to_thread(library.close)

    # --- internals ----------------------------------------------------------------------
    def _spawn(self, coro: Awaitable[Any]) -> asyncio.Task | None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if self.library is None or loop is None:
            coro.close()  # type: ignore[attr-defined]
            return None
        task = loop.create_task(self._guard(coro))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _guard(self, coro: Awaitable[Any]) -> Any:
        try:
            return await coro
        except Exception as exc:  # shown in the view: the app keeps going
            log.exception("library operation failed")
            self.view.show_error(f"The library could not do that: {exc}")
            return None

    def _save(self, fn: Callable[..., Awaitable[Entry]], *args: Any,
              **kwargs: Any) -> asyncio.Task | None:
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
        self.openEntry.emit(media, timeline)

    async def _change(self, entry: Entry, method: str, *args: Any, **kwargs: Any) -> None:
        assert self.library is not None
        await self.library.call(method, *args, **kwargs)
        log.info("library: %s entry %d", method, entry.id)
        await self._refresh()
