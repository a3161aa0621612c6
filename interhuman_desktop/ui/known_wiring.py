"""Files opened in Analyze whose content is already in the Library: not analysed again
without asking. Each new file's content hash (SHA-256, on a worker thread) is looked up in the
library (``find_by_hash``, the one batches skip with); a known one's card says "Already in the
Library as “…” (analysed …)" with Open (the entry in Review) and "Analyse again anyway"; the
others go to the queue as before. Installed on the main window by :func:`install` (without a
library every file goes straight to the queue).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from interhuman_desktop.storage.content_hash import file_sha256
from interhuman_desktop.storage.library import Entry
from interhuman_desktop.ui.views.analyze_text import size_text
from interhuman_desktop.ui.views.library_rows import entry_date
from interhuman_desktop.ui.widgets.file_card import FileCard

log = logging.getLogger(__name__)


class KnownContent:
    def __init__(self, window: Any) -> None:
        self.window = window
        self.view, self.analysis, self.ctl = window.analyze, window.analysis, window.library_ctl
        self.offered: dict[Path, tuple[FileCard, Entry | None]] = {}  # known files' cards, waiting

    def added(self, paths: list[Path]) -> None:
        """New files: the known ones say so, the rest are queued (all of them without a
        library)."""
        if self.ctl.library is None:
            self.analysis.analyse(paths)
            return
        for path in paths:
            self.view.set_status(path, "Checking whether it is already in the Library…", None)
        self.ctl.tasks.spawn(self._check(list(paths)), name="known content")

    async def _check(self, paths: list[Path]) -> None:
        fresh = []
        for path in paths:
            entry = await self._known(path)
            if path not in self.view.cards:
                continue  # removed meanwhile
            if entry is None:
                fresh.append(path)
            else:
                self._offer(path, entry)
        if fresh:
            self.analysis.analyse(fresh)

    async def _known(self, path: Path) -> Entry | None:
        try:
            digest = await asyncio.to_thread(file_sha256, path)
        except OSError as exc:  # unreadable here: the queue's check says why
            log.warning("could not hash %s: %s", path.name, exc)
            return None
        entry: Entry | None = await self.ctl.library.call("find_by_hash", digest)
        return entry

    def _offer(self, path: Path, entry: Entry) -> None:
        log.info("%s is already in the library as entry %d", path.name, entry.id)
        card = self.view.card(path)
        card.set_facts(size_text(path.stat().st_size))
        card.set_verdict("ok", "")
        card.set_status(f"Already in the Library as “{entry.title}” (analysed "
                        f"{entry_date(entry)}): open it, or analyse it again anyway.", 1.0)
        card.show_actions("open", "again", "remove")
        if (self.offered.get(path) or (None, None))[0] is not card:  # a new card: hear its buttons
            card.actionRequested.connect(lambda name, p=path: self.action(p, name))
        self.offered[path] = (card, entry)

    def action(self, path: Path, name: str) -> None:
        """A known file's card: Open shows its entry in Review; "again" queues the file."""
        card, entry = self.offered.get(path) or (None, None)
        if card is None or entry is None or self.view.cards.get(path) is not card:
            return
        if name == "open":
            self.window.library.openRequested.emit(entry)
        elif name == "again":
            self.offered[path] = (card, None)  # from now on, an ordinary queued file
            card.show_actions("cancel")
            self.analysis.analyse([path])


def install(window: Any) -> KnownContent:
    known = KnownContent(window)
    view = window.analyze
    view.filesAdded.disconnect(window.analysis.analyse)
    view.filesAdded.connect(known.added)
    return known
