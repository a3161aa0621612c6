""""Open video files": a file dialog for several existing files at once.

Qt's own dialog (used when there is no native one, e.g. under Xvfb) rewrites its file name
field with its list's selection whenever the field lacks keyboard focus and a typed name
matches a file, so ``"a.mp4" "b.mp4"`` typed into an unfocused window becomes
``a.mp4" "b.mp4"``, which Qt reads as the folder and one file (and does not open). Just before
Open acts, the typed names are read here (:func:`typed_names`) and, when they are all existing
files, written back quoted the way Qt reads them; the keys typed are kept too
(:class:`TypedText`), so a name Qt's rewrite dropped is still read. Names of nothing among
existing files are left out and handed on (the Analyze view names them). A plain
``QFileDialog`` is kept (a subclass never gets the platform's native dialog).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QListView,
    QWidget,
)

log = logging.getLogger(__name__)
QUIET_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Shift, Qt.Key.Key_Control,
              Qt.Key.Key_Alt, Qt.Key.Key_AltGr, Qt.Key.Key_Meta, Qt.Key.Key_CapsLock)


def typed_names(text: str) -> list[str]:
    """The names in a file name field: quoted names (``"a.mp4" "b c.mp4"``, a quote lost on
    either side of a name is tolerated), else the whole text as one name."""
    if '"' not in text:
        return [text.strip()] if text.strip() else []
    return [token.strip() for token in text.split('"') if token.strip()]


def resolve(names: list[str], folder: Path) -> list[Path] | None:
    """``names`` as paths in ``folder`` (absolute ones kept), or None if any is not a file."""
    paths = [p if p.is_absolute() else folder / p for p in (Path(n).expanduser() for n in names)]
    return paths if paths and all(p.is_file() for p in paths) else None


def open_files_dialog(parent: QWidget | None, title: str, name_filter: str,
                      chosen: Callable[[list[Path]], object]) -> QFileDialog:
    """Show (window-modal) a dialog for existing files; ``chosen(paths)`` once opened."""
    dialog = QFileDialog(parent, title, "", name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    missing: list[Path] = []  # typed names that are not there: handed on to be named
    dialog.filesSelected.connect(lambda files: chosen([Path(f) for f in files] + missing))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    box = dialog.findChild(QDialogButtonBox)  # Qt's own dialog only
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    if box is not None and edit is not None:
        typed = TypedText(edit)
        box.clicked.connect(lambda button: _before_open(dialog, box, typed, button, missing))
    return dialog


class TypedText(QObject):
    """What was typed into the file name field, through Qt's rewrites of it: Qt's own dialog
    replaces an unfocused field with its list's selection as a typed name matches a file
    (``"gone.mp4" "a.mp4`` becomes ``a.mp4``), and the keys typed after land on that. The
    keys are kept as typed (printable ones and Backspace; any other key, e.g. an arrow or a
    paste, leaves it to the field)."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self.edit, self.typed, self.exact = edit, edit.text(), True
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and isinstance(event, QKeyEvent) and (
                event.type() == QEvent.Type.KeyPress):
            if event.key() == Qt.Key.Key_Backspace:
                self.typed = self.typed[:-1]
            elif event.text().isprintable() and event.text():
                self.typed += event.text()
            elif event.key() not in QUIET_KEYS:
                self.exact = False
        return False

    def text(self) -> str:
        """The typed text when the field now shows only names among the typed ones (Qt's
        rewrite), else the field's text (e.g. a file picked in the list)."""
        shown, typed = typed_names(self.edit.text()), typed_names(self.typed)
        usable = self.exact and shown and set(shown) <= set(typed)
        return self.typed if usable else self.edit.text()


def split_missing(names: list[str], folder: Path) -> tuple[list[Path], list[Path]]:
    """(files, missing) when ``names`` are existing files and names of nothing at all (a
    folder among them: both empty, Qt's own reading enters it)."""
    paths = [p if p.is_absolute() else folder / p for p in (Path(n).expanduser() for n in names)]
    files = [p for p in paths if p.is_file()]
    missing = [p for p in paths if not p.exists()]
    return (files, missing) if len(files) + len(missing) == len(paths) else ([], [])


def _before_open(dialog: QFileDialog, box: QDialogButtonBox, typed: TypedText,
                 button: QAbstractButton, missing: list[Path]) -> None:
    """``clicked`` comes before ``accepted``: make the field say what was typed, quoted (the
    names of nothing are left out of it and go to ``missing``, so the others still open)."""
    if box.buttonRole(button) != QDialogButtonBox.ButtonRole.AcceptRole:
        return
    folder, edit, names = (Path(dialog.directory().absolutePath()), typed.edit,
                           typed_names(typed.text()))
    files, gone = split_missing(names, folder)
    paths = files if files and gone else resolve(names, folder)
    missing[:] = gone if files else []
    if paths is None or (len(paths) < 2 and not missing):
        return  # Qt's own reading: one file, a folder to enter, a missing file to warn of
    quoted = " ".join(f'"{p}"' for p in paths)
    if edit.text() != quoted:
        log.info("open dialog: reading %d typed files", len(paths))
        view = dialog.findChild(QListView, "listView")  # its selection also counts as chosen:
        if view is not None and view.selectionModel() is not None:  # only the typed files
            view.selectionModel().clearSelection()
        edit.setText(quoted)
