"""Compare and Progress on the main window: the Library's "Compare" button (two entries
selected: the older is A), and the Progress view filled from the library whenever it shows or
a filter changes. Timelines are read on a worker thread, library calls on its storage thread
(through the Library controller's tasks, so shutdown waits for them)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from interhuman_desktop.session.compare import compare, take_of
from interhuman_desktop.session.progress import keep, progress
from interhuman_desktop.storage.library import Entry
from interhuman_desktop.ui.export_wiring import _layout_holding

log = logging.getLogger(__name__)


class CompareAndProgress:
    def __init__(self, window: Any) -> None:
        self.window = window
        self.ctl = window.library_ctl
        self.button = QPushButton("Compare")
        self.button.setAccessibleName("Compare the two selected entries")
        self.button.setToolTip("Select two entries (Ctrl+click) to compare them")
        self.button.setEnabled(False)

    def selection(self) -> list[Entry]:
        view = self.window.library
        ids = {item.data(0, Qt.ItemDataRole.UserRole) for item in view.table.selectedItems()}
        return [e for e in view.entries if e.id in ids]

    def update_button(self) -> None:
        self.button.setEnabled(len(self.selection()) == 2)

    def compare_selected(self) -> asyncio.Task[None] | None:
        chosen = self.selection()
        if len(chosen) != 2:
            return None
        return self.compare(*sorted(chosen, key=lambda e: (e.created_at, e.id)))

    def compare(self, a: Entry, b: Entry) -> asyncio.Task[None] | None:
        task: asyncio.Task[None] | None = self.ctl.tasks.spawn(self._compare(a, b), name="compare")
        return task

    async def _compare(self, a: Entry, b: Entry) -> None:
        take_a, take_b = await asyncio.to_thread(lambda: (take_of(a), take_of(b)))
        media = [e.media if e.media is not None and e.media.exists() else None for e in (a, b)]
        self.window.compare_view.load(compare(take_a, take_b), *media)
        self.window.show_view("Compare")

    def refresh_progress(self) -> asyncio.Task[None] | None:
        if self.ctl.library is None:
            return None
        task: asyncio.Task[None] | None = self.ctl.tasks.spawn(self._progress(), name="progress")
        return task

    async def _progress(self) -> None:
        view = self.window.progress_view
        tag, kind = view.tag(), view.kind()
        library = self.ctl.library
        entries = [e for e in await library.call("search", "", tag or None)
                   if keep(e, kind=kind or None)]
        pairs = await asyncio.to_thread(lambda: [(e, take_of(e)) for e in entries])
        view.show_tags(await library.call("all_tags"))
        view.show_progress(progress(pairs))


def install(window: Any) -> CompareAndProgress:
    wiring = CompareAndProgress(window)
    view = window.library
    row = _layout_holding(view.open_button.parentWidget().layout(), view.open_button)
    if row is not None:
        row.insertWidget(row.indexOf(view.open_button) + 1, wiring.button)
    wiring.button.clicked.connect(lambda _c=False: wiring.compare_selected())
    view.selectionChanged.connect(wiring.update_button)  # also a search, refresh, delete
    window.progress_view.shown.connect(wiring.refresh_progress)
    window.progress_view.filtersChanged.connect(lambda _t, _k: wiring.refresh_progress())
    return wiring
