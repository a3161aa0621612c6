"""Export… from the Library (button, right-click, several entries at once) and from Review
(File ▸ Export…, Ctrl+E: the entry whose media Review plays): a dialog, then the export on
a worker thread, never the GUI's.

Installed on a :class:`~interhuman_desktop.ui.main_window.MainWindow` by :func:`install`, so the
views themselves only gain a multi-selection and a context menu.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QLayout,
    QMenu,
    QMessageBox,
    QPushButton,
    QWidget,
)

from interhuman_desktop.storage.library import Entry
from interhuman_desktop.ui.views.export_dialog import ExportDialog

log = logging.getLogger(__name__)


class Exports(QObject):
    """``finished(list[Path])`` / ``failed(str)`` after each export the user asked for."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.known: list[Entry] = []  # entries opened or saved while the app runs, newest last
        self.dialog: ExportDialog | None = None  # the open dialog (tests)
        self._tasks: set[asyncio.Task[Any]] = set()
        self.last_folder: Path | None = None
        self.button: QPushButton | None = None  # the Library's Export… button

    # --- what to export ---------------------------------------------------------------
    def library_selection(self) -> list[Entry]:
        view = self.window.library
        ids = {item.data(0, Qt.ItemDataRole.UserRole) for item in view.table.selectedItems()}
        return [e for e in view.entries if e.id in ids]

    def export_current(self) -> ExportDialog | None:
        """File ▸ Export…: the Library's selection there, else the entry shown in Review."""
        if self.window.current_view_name() == "Library":
            return self.ask(self.library_selection())
        return self.export_reviewed()

    def export_reviewed(self) -> ExportDialog | None:
        """The entry Review holds (also the live summary's "Export report…")."""
        entry = self.entry_in_review()
        if entry is None:
            QMessageBox.information(self.window, "Export", "What Review shows is not in the "
                                    "library: open an entry from the Library to export it.")
            return None
        return self.ask([entry])

    def entry_in_review(self) -> Entry | None:
        """The library entry Review shows: the newest known one with its media (or source)."""
        shown = getattr(self.window.review, "media_path", None)
        if getattr(self.window.review, "timeline", None) is None:
            return None
        for entry in reversed(self.known):
            if shown is None:  # lanes only: an entry whose video is gone
                if entry.media is None or not entry.media.exists():
                    return entry
            elif entry.media == shown or entry.source == str(shown):
                return entry
        return None

    def remember(self, entry: Entry) -> None:
        self.known = [*[e for e in self.known if e.id != entry.id][-200:], entry]

    # --- the dialog and the work ------------------------------------------------------
    def ask(self, entries: list[Entry]) -> ExportDialog | None:
        if not entries:
            return None
        dialog = ExportDialog(entries, self.window, self.last_folder)
        dialog.accepted.connect(lambda: self.start(entries, *dialog.choice()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def start(self, entries: list[Entry], fmt: str, out: Path,
              media_paths: bool) -> asyncio.Task[Any]:
        from interhuman_desktop.export.run import export_entries

        self.last_folder = out.parent if len(entries) == 1 else out
        self.window.statusBar().showMessage(f"Exporting {len(entries)} "
                                            f"entr{'y' if len(entries) == 1 else 'ies'}…")
        task = asyncio.get_running_loop().create_task(asyncio.to_thread(
            export_entries, entries, fmt, out, media_paths=media_paths))
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            log.error("export failed", exc_info=error)
            self.window.statusBar().showMessage("Export failed", 8000)
            self.failed.emit(str(error))
            QMessageBox.warning(self.window, "Export failed", f"Nothing was exported: {error}")
            return
        paths: list[Path] = task.result()
        shown = paths[0] if len(paths) == 1 else paths[0].parent
        self.window.statusBar().showMessage(f"Exported {len(paths)} → {shown}", 10000)
        self.finished.emit(paths)

    async def wait(self) -> None:
        while self._tasks:
            await asyncio.wait(set(self._tasks))


def _library_menu(exports: Exports, pos: QPoint) -> QMenu:
    view = exports.window.library
    menu = QMenu(view.table)
    chosen = exports.library_selection()
    one = len(chosen) == 1
    for text, slot, enabled in (
            ("Open in Review", view.open_selected, one),
            ("Rename…", view.rename_selected, one),
            (f"Export{f' {len(chosen)} entries' if len(chosen) > 1 else ''}…",
             lambda: exports.ask(exports.library_selection()), bool(chosen)),
            (f"Delete{f' {len(chosen)} entries' if len(chosen) > 1 else ''}…",
             view.delete_selected, bool(chosen))):
        action = menu.addAction(text)
        action.setEnabled(enabled)
        action.triggered.connect(lambda _c=False, s=slot: s())
    menu.popup(view.table.viewport().mapToGlobal(pos))
    return menu


def _layout_holding(layout: QLayout | None, widget: QWidget) -> QBoxLayout | None:
    """The box layout (at any depth under ``layout``) that holds ``widget``."""
    if layout is None:
        return None
    if isinstance(layout, QBoxLayout) and layout.indexOf(widget) >= 0:
        return layout
    for i in range(layout.count()):
        item = layout.itemAt(i)
        found = _layout_holding(item.layout() if item is not None else None, widget)
        if found is not None:
            return found
    return None


def install(window: Any) -> Exports:
    """Add File ▸ Export…, the Library's Export… button, its right-click menu and
    multi-selection, and keep track of the entry Review shows."""
    exports = Exports(window)
    view = window.library
    view.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.table.customContextMenuRequested.connect(lambda pos: _library_menu(exports, pos))
    button = QPushButton("Export…")
    button.setAccessibleName("Export the selected entries")
    button.clicked.connect(lambda _c=False: exports.ask(exports.library_selection()))
    view.selectionChanged.connect(  # also a search, refresh, delete
        lambda: button.setEnabled(bool(exports.library_selection())))
    button.setEnabled(False)
    row = _layout_holding(view.delete_button.parentWidget().layout(), view.delete_button)
    if row is not None:
        row.insertWidget(row.indexOf(view.delete_button), button)
    exports.button = button
    action = QAction("&Export…", window)
    action.setShortcut("Ctrl+E")
    action.triggered.connect(lambda _c=False: exports.export_current())
    file_menu = window.menuBar().actions()[0].menu()
    file_menu.insertAction(file_menu.actions()[1], action)  # after Open…
    window.live.summary.exportRequested.connect(exports.export_reviewed)
    window.live.summary.progressRequested.connect(lambda: window.show_view("Progress"))
    view.openRequested.connect(exports.remember)
    window.library_ctl.entrySaved.connect(exports.remember)
    return exports
