"""LibraryView: every analysed file and live session kept on this computer.

Display only: the :class:`~interhuman_desktop.ui.views.library_controller.LibraryController`
fills it (``show_entries``) from the SQLite library and acts on its requests. Delete asks for a
confirmation first; rename and notes edit in place.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from interhuman_desktop.storage.library import Entry
from interhuman_desktop.ui.views import library_table
from interhuman_desktop.ui.views.library_actions import each, update_buttons
from interhuman_desktop.ui.views.library_dialogs import confirm_delete, rename_dialog
from interhuman_desktop.ui.views.library_fit import fit_placeholder
from interhuman_desktop.ui.views.library_reanalyse import ReanalyseDialog
from interhuman_desktop.ui.views.library_table import TABLE_STYLE
from interhuman_desktop.ui.widgets.empty_state import EmptyState
from interhuman_desktop.ui.widgets.notes_editor import NotesEditor

log = logging.getLogger(__name__)


class LibraryView(QWidget):
    """List + search + actions; emits requests, the controller does the work."""

    searchChanged = Signal(str)
    openRequested = Signal(object)  # Entry
    renameRequested = Signal(object, str)  # Entry, new title
    notesRequested = Signal(object, str)  # Entry, notes
    deleteRequested = Signal(object)  # Entry (confirmed)
    entriesShown = Signal()  # after show_entries refilled the list
    selectionChanged = Signal()  # the selected entries may differ (a click, search, refresh)
    reanalyseRequested = Signal(object, tuple, str)  # Entry, goals, backend kind

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Library")
        self.entries: list[Entry] = []
        self.dialog: QWidget | None = None  # the open confirmation/rename dialog (tests)
        self._notes_for: int | None = None
        self.reanalyse_defaults: Callable[[], tuple[tuple[str, ...], str]] = lambda: ((), "local")
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(lambda: self.searchChanged.emit(self.search_text()))
        self._setup_ui()
        self._update_actions()

    # --- public API ------------------------------------------------------------------
    def search_text(self) -> str:
        return self.search.text().strip()

    def show_entries(self, entries: list[Entry]) -> None:
        selected, also = self.selected(), library_table.selected_ids(self.table)
        self.entries = list(entries)
        library_table.fill(self.table, self.entries, selected, also)
        searching = bool(self.search_text())
        self._pages.setCurrentIndex(0 if not entries and not searching else 1)
        self.count.setText("No entries match your search." if not entries and searching
                           else f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}")
        self._update_actions()
        self.entriesShown.emit()

    def selected(self) -> Entry | None:
        item = self.table.currentItem()
        if item is None:
            return None
        shown = library_table.entry_id(item)
        return next((e for e in self.entries if e.id == shown), None)

    def selected_entries(self) -> list[Entry]:
        """Every selected entry (the current one when no row is selected)."""
        ids = library_table.selected_ids(self.table)
        current = self.selected()
        return [e for e in self.entries if e.id in ids] or ([current] if current else [])

    def select(self, entry_id: int) -> None:
        library_table.select(self.table, entry_id)

    def open_selected(self) -> None:
        """Open in Review: exactly one entry selected (the button is disabled otherwise)."""
        chosen = self.selected_entries()
        if len(chosen) == 1:
            self.openRequested.emit(chosen[0])

    def delete_selected(self) -> QMessageBox | None:
        """Ask once for every selected entry; ``deleteRequested`` per entry once confirmed."""
        chosen = self.selected_entries()
        if not chosen:
            return None
        self.dialog = confirm_delete(self, chosen, lambda: each(self.deleteRequested.emit, chosen))
        return self.dialog

    def rename_selected(self) -> QInputDialog | None:
        """Rename exactly one entry, in a dialog wide enough for its whole current name."""
        chosen = self.selected_entries()
        if len(chosen) != 1:
            return None
        entry = chosen[0]
        dialog = rename_dialog(self, entry, lambda t: self.renameRequested.emit(entry, t))
        self.dialog = dialog
        return dialog

    def reanalyse_selected(self) -> ReanalyseDialog | None:
        """One dialog for every selected recording, then ``reanalyseRequested`` for each."""
        chosen = [e for e in self.selected_entries() if e.media is not None]
        if not chosen:
            return None
        dialog = ReanalyseDialog(chosen[0].title, *self.reanalyse_defaults(), parent=self,
                                 count=len(chosen))
        dialog.chosen.connect(lambda goals, kind: each(self.reanalyseRequested.emit, chosen,
                                                       goals, kind))
        self.dialog = dialog
        dialog.open()
        return dialog

    def save_notes(self) -> None:
        """Save the typed notes now (they also save as you type)."""
        self.notes_editor.flush()

    def changeEvent(self, event: QEvent) -> None:
        """A theme switch: re-polish the style-sheeted table, or it keeps the old colours."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.table.setStyleSheet("")
            self.table.setStyleSheet(TABLE_STYLE)
        super().changeEvent(event)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # --- layout -------------------------------------------------------------------------
    def _setup_ui(self) -> None:
        self.empty = EmptyState(
            "Your library is empty",
            "Every analysed recording and every live session is kept here, on this computer, "
            "with its video: search by name and notes, open it in Review, rename it, add notes, "
            "or delete it together with its media. Analyse a recording or run a live session "
            "to add the first one.")
        self._pages = QStackedWidget()
        self._pages.addWidget(self.empty)
        self._pages.addWidget(self._list_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        head = QHBoxLayout()
        head.addWidget(QLabel("<h2>Library</h2>"))
        head.addStretch(1)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search names, notes, marker notes and tags (#tag)")
        self.search.setAccessibleName("Search the library")
        self.search.setClearButtonEnabled(True)
        fit_placeholder(self.search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        head.addWidget(self.search)
        layout.addLayout(head)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #D55E00;")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        layout.addWidget(self._pages, 1)

    def _list_page(self) -> QWidget:
        self.table = library_table.entries_table()
        for keys, slot in (("Delete", self.delete_selected), ("F2", self.rename_selected),
                           ("Return", self.open_selected)):
            shortcut = QShortcut(QKeySequence(keys), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        self.table.itemDoubleClicked.connect(lambda *_: self.open_selected())
        self.table.currentItemChanged.connect(lambda *_: self._update_actions())
        self.table.itemSelectionChanged.connect(self._update_actions)
        self.count = QLabel()
        page = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        col = QVBoxLayout(top)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.table, 1)
        col.addLayout(self._buttons())
        page.addWidget(top)
        page.addWidget(self._notes_box())
        page.setStretchFactor(0, 3)
        page.setStretchFactor(1, 1)
        return page

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        b = self._button
        self.open_button = b("Open in Review", "Open the selected entry in Review",
                             self.open_selected)
        self.reanalyse_button = b("Re-analyse…", "Analyse the selected recordings again",
                                  self.reanalyse_selected)
        self.rename_button = b("Rename…", "Rename the selected entry", self.rename_selected)
        self.delete_button = b("Delete…", "Delete the selected entries and their media",
                               self.delete_selected)
        for button in (self.open_button, self.reanalyse_button, self.rename_button,
                       self.delete_button):
            row.addWidget(button)
        return row

    def _notes_box(self) -> QWidget:
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 4, 0, 0)
        col.addWidget(QLabel("<b>Notes</b>"))
        self.notes_editor = NotesEditor("Notes about this recording (searchable)")
        self.notes_editor.saveRequested.connect(self.notesRequested.emit)
        self.notes = self.notes_editor.field
        self.notes.setAccessibleName("Notes of the selected entry")
        col.addWidget(self.notes_editor, 1)
        return box

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(lambda _c=False: slot())
        return button

    def _update_actions(self) -> None:
        entry, chosen = self.selected(), self.selected_entries()
        update_buttons(self.open_button, self.rename_button, self.reanalyse_button,
                       self.delete_button, chosen)
        shown = None if entry is None else entry.id
        if len(chosen) > 1:  # notes are one entry's: edit none
            self.notes_editor.show_none(f"{len(chosen)} entries selected: select one to edit "
                                        "its notes")
            shown = None
        else:
            self.notes_editor.show_for(entry, entry.notes if entry else "",
                                       same=shown == self._notes_for)
        self._notes_for = shown
        self.selectionChanged.emit()
