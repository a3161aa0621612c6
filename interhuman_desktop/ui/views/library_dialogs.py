"""The Library's small dialogs: confirm a delete (of one or several entries), rename an
entry (non-blocking, ``open()``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from interhuman_desktop.storage.library import Entry


def confirm_delete(parent: QWidget, entries: list[Entry],
                   on_delete: Callable[[], None]) -> QMessageBox:
    """Ask once for every entry; ``on_delete`` runs only once the user pressed Delete."""
    what = (f"“{entries[0].title}” and its recording, timeline and results" if len(entries) == 1
            else f"these {len(entries)} entries and their recordings, timelines and results")
    box = QMessageBox(QMessageBox.Icon.Warning, "Delete from the library",
                      f"Delete {what} from this computer? This cannot be undone.",
                      QMessageBox.StandardButton.Cancel, parent)
    if len(entries) > 1:
        box.setDetailedText("\n".join(e.title for e in entries))
    delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.buttonClicked.connect(lambda b: on_delete() if b is delete else None)
    box.open()
    return box


def rename_dialog(parent: QWidget, entry: Entry,
                  on_rename: Callable[[str], None]) -> QInputDialog:
    """Rename in a dialog wide enough for the whole current name (an empty name is ignored)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Rename")
    dialog.setLabelText("New name:")
    dialog.setTextValue(entry.title)
    width = dialog.fontMetrics().horizontalAdvance(entry.title) + 120  # the whole name shows
    dialog.resize(min(max(420, width), 1000), dialog.sizeHint().height())
    dialog.textValueSelected.connect(
        lambda text: on_rename(text.strip()) if text.strip() else None)
    dialog.open()
    return dialog
