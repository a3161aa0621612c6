""""Open video files": a file dialog for several existing files at once.

Qt's own dialog (used when there is no native one, e.g. under Xvfb) rewrites its file name
field with its list's selection whenever the field lacks keyboard focus and a typed name
matches a file, so ``"a.mp4" "b.mp4"`` typed into an unfocused window becomes
``a.mp4" "b.mp4"``, which Qt reads as the folder and one file (and does not open). Just before
Open acts, the typed names are read here (:func:`typed_names`) and, when they are all existing
files, written back quoted the way Qt reads them. A plain ``QFileDialog`` is kept (a subclass
never gets the platform's native dialog).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QListView,
    QWidget,
)

log = logging.getLogger(__name__)


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
        box.clicked.connect(lambda button: _before_open(dialog, box, edit, button, missing))
    return dialog


def split_missing(names: list[str], folder: Path) -> tuple[list[Path], list[Path]]:
    """(files, missing) when ``names`` are existing files and names of nothing at all (a
    folder among them: both empty, Qt's own reading enters it)."""
    paths = [p if p.is_absolute() else folder / p for p in (Path(n).expanduser() for n in names)]
    files = [p for p in paths if p.is_file()]
    missing = [p for p in paths if not p.exists()]
    return (files, missing) if len(files) + len(missing) == len(paths) else ([], [])


def _before_open(dialog: QFileDialog, box: QDialogButtonBox, edit: QLineEdit,
                 button: QAbstractButton, missing: list[Path]) -> None:
    """``clicked`` comes before ``accepted``: make the field say what was typed, quoted (the
    names of nothing are left out of it and go to ``missing``, so the others still open)."""
    if box.buttonRole(button) != QDialogButtonBox.ButtonRole.AcceptRole:
        return
    folder = Path(dialog.directory().absolutePath())
    files, gone = split_missing(typed_names(edit.text()), folder)
    paths = files if files and gone else resolve(typed_names(edit.text()), folder)
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
