"""Folder batches for the Analyze view: a dropped folder runs as a resumable batch
(``session.batch_service``) on the Analyze controller's queue, saving each result into the
library itself (through the Library's controller when given, so its view refreshes)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from interhuman_desktop.session.batch import SaveFn
from interhuman_desktop.session.batch_progress import BatchProgress
from interhuman_desktop.session.batch_service import BatchService
from interhuman_desktop.session.file_analysis import FileJob
from interhuman_desktop.session.file_queue import FileQueue
from interhuman_desktop.storage.batch_store import BatchFile
from interhuman_desktop.storage.library import AsyncLibrary, Entry
from interhuman_desktop.ui.views.library_controller import LibraryController

log = logging.getLogger(__name__)


def folder_batches(queue: FileQueue, library: AsyncLibrary | LibraryController,
                   backend: Callable[[], str],
                   show: Callable[[str], None]) -> BatchService | None:
    """The batch service saving into ``library`` (None when it has no open library); ``show``
    gets its counts and ETA as one line."""
    ctl = library if isinstance(library, LibraryController) else None
    store = ctl.library if ctl is not None else library
    if not isinstance(store, AsyncLibrary):
        return None
    save = _saver(ctl, backend) if ctl is not None else None
    return BatchService(queue, store, save, on_progress=lambda p: show(_progress_text(p)))


def _progress_text(progress: BatchProgress) -> str:
    return f"Folder: {progress.text(time.monotonic())}"


def _saver(ctl: LibraryController, backend: Callable[[], str]) -> SaveFn:
    async def save(job: FileJob, _row: BatchFile) -> Entry:
        task = ctl.save_job(job, backend())
        if task is None:
            raise RuntimeError("the library is closed")
        entry: Entry = await task
        return entry

    return save
