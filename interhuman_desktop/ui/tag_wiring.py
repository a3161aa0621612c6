"""Tags in the Library: chips to add and remove the selected entries' tags (with several
selected, a tag is added to or removed from each of them), and a tag filter
beside the search (it searches ``#tag``, which the library matches as that tag only).
Installed on the main window by :func:`install`; the library calls run on its storage thread
through the Library controller's tasks."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import QBoxLayout, QComboBox

from interhuman_desktop.storage.library import Entry
from interhuman_desktop.ui.export_wiring import _layout_holding
from interhuman_desktop.ui.views.library_fit import fit_items
from interhuman_desktop.ui.widgets.tag_chips import TagChips

log = logging.getLogger(__name__)
ALL_TAGS = "All tags"


class LibraryTags:
    def __init__(self, window: Any) -> None:
        self.window = window
        self.view = window.library
        self.ctl = window.library_ctl
        self.chips = TagChips()
        self.filter = QComboBox()
        self.filter.setAccessibleName("Show the entries with this tag")
        self.filter.addItem(ALL_TAGS, "")
        fit_items(self.filter)
        self.known: list[str] = []

    # --- the selected entries' tags --------------------------------------------------
    def show_selected(self) -> None:
        """The tags of every selected entry; one on only some says so ("pitch (1 of 2)")."""
        entries = self.view.selected_entries()
        self.chips.setEnabled(bool(entries))
        counts: dict[str, int] = {}
        for entry in entries:
            for tag in entry.tags:
                counts[tag] = counts.get(tag, 0) + 1
        self.chips.set_tags(list(counts), {t: f"{n} of {len(entries)}" for t, n in counts.items()
                                           if n < len(entries)}, len(entries))

    def add(self, tag: str) -> None:
        """Tag every selected entry."""
        self._change(self.view.selected_entries(), "add_tag", tag)

    def remove(self, tag: str) -> None:
        """Untag every selected entry that has it."""
        self._change([e for e in self.view.selected_entries()
                      if tag.lower() in (t.lower() for t in e.tags)], "remove_tag", tag)

    def _change(self, entries: list[Entry], method: str, tag: str) -> None:
        if self.ctl.library is None or not entries:
            return

        async def change() -> None:
            try:
                for entry in entries:
                    await self.ctl.library.call(method, entry.id, tag)
            except ValueError as exc:  # an empty or too long tag
                self.view.show_error(str(exc))
                return
            finally:
                await self.ctl.refresh()

        self.ctl.tasks.spawn(change(), name=f"{method}-{len(entries)}-entries")

    # --- the filter -------------------------------------------------------------------
    def refresh_known(self) -> None:
        if self.ctl.library is None:
            return

        async def known() -> None:
            tags: list[str] = await self.ctl.library.call("all_tags")
            self.show_known(tags)

        self.ctl.tasks.spawn(known(), name="all-tags")

    def show_known(self, tags: list[str]) -> None:
        if tags == self.known:
            self._sync_filter()
            return
        self.known = tags
        self.chips.set_known(tags)
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(ALL_TAGS, "")
        for tag in tags:
            self.filter.addItem(f"#{tag}", tag)
        self.filter.blockSignals(False)
        self._sync_filter()

    def choose(self, index: int) -> None:
        tag = self.filter.itemData(index) or ""
        self.view.search.setText(f"#{tag}" if tag else "")

    def _sync_filter(self) -> None:
        """The combo follows the search box: ``#tag`` there selects the tag here."""
        text = self.view.search_text()
        tag = text[1:].strip().lower() if text.startswith("#") else ""
        index = next((i for i in range(1, self.filter.count())
                      if str(self.filter.itemData(i)).lower() == tag), 0)
        self.filter.blockSignals(True)
        self.filter.setCurrentIndex(index)
        self.filter.blockSignals(False)


def install(window: Any) -> LibraryTags:
    tags = LibraryTags(window)
    view = window.library
    notes = view.notes_editor.parentWidget().layout()
    if isinstance(notes, QBoxLayout):
        notes.insertWidget(0, tags.chips)
    head = _layout_holding(view.layout(), view.search)
    if head is not None:
        head.insertWidget(head.indexOf(view.search), tags.filter)
    tags.chips.added.connect(tags.add)
    tags.chips.removed.connect(tags.remove)
    tags.filter.activated.connect(tags.choose)
    view.table.currentItemChanged.connect(lambda *_: tags.show_selected())
    view.table.itemSelectionChanged.connect(tags.show_selected)
    view.entriesShown.connect(tags.show_selected)
    view.entriesShown.connect(tags.refresh_known)
    tags.show_selected()
    return tags
