"""File ▸ Open video files… (Ctrl+O) in Qt's own dialog (the one used without a native one, as
under Xvfb): several names typed in quotes all go to the Analyze queue."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLineEdit, QMessageBox
from shiboken6 import isValid
from waiting import UI_MS

from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.ui.main_window import MainWindow


def _file_dialog(window: MainWindow) -> QFileDialog | None:
    dialog = QApplication.activeModalWidget() or getattr(window.analyze.drop_zone, "dialog", None)
    return dialog if isinstance(dialog, QFileDialog) and dialog.isVisible() else None


def _settle(seconds: float = 0.3) -> None:
    """Let the dialog list its folder (a nested loop: the dialog may be modal)."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def _drive(window: MainWindow, folder, typed: str, done: list[str], focused: bool) -> None:
    """Type ``typed`` in the open dialog's file name and press Open (retried until it shows).
    ``focused`` False: the keys reach the field while it has no keyboard focus, as under Xvfb
    without a window manager (Qt's dialog then rewrites the field with its list's selection
    as each name matches: ``"a.mp4" "b`` became ``a.mp4" "b``)."""
    dialog = _file_dialog(window)
    if dialog is None:
        QTimer.singleShot(50, lambda: _drive(window, folder, typed, done, focused))
        return
    done.append(dialog.fileMode().name)
    dialog.setDirectory(str(folder))
    _settle()
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    if not focused:
        edit.clearFocus()
    QTest.keyClicks(edit, typed)
    _settle()
    done.append(edit.text())
    button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Open)
    QTimer.singleShot(1000, lambda: _give_up(dialog, done))
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _give_up(dialog: QFileDialog, done: list[str]) -> None:
    """Open did not take the names: close its warning and the dialog, saying so in ``done``."""
    if not isValid(dialog):
        return  # it was opened and is gone
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox) and box.isVisible():
            done.append(f"warning: {box.text()}")
            box.reject()
    if dialog.isVisible():
        done.append(f"still open with {dialog.selectedFiles()}")
        dialog.reject()


@pytest.mark.parametrize("focused", [True, False], ids=["focused", "unfocused-field"])
def test_ctrl_o_with_two_quoted_names_queues_both(qtbot, tmp_path, focused) -> None:
    for name in ("a.mp4", "b c.mp4", "other.mp4"):
        (tmp_path / name).write_bytes(b"\0" * 1024)
    window = MainWindow(MemorySettingsStore(AppSettings()),
                        qsettings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    queued: list = []
    window.analyze.filesAdded.connect(queued.append)
    action = next(a for a in window.findChildren(QAction) if a.shortcut().toString() == "Ctrl+O")
    done: list[str] = []
    typed = '"a.mp4" "b c.mp4"'
    QTimer.singleShot(0, lambda: _drive(window, tmp_path, typed, done, focused))
    action.trigger()  # a modal dialog runs its own loop here; the timer drives it
    qtbot.waitUntil(lambda: (len(done) >= 2 and bool(queued)) or len(done) > 2, timeout=UI_MS)
    assert done[0] == "ExistingFiles"
    assert queued == [[tmp_path / "a.mp4", tmp_path / "b c.mp4"]], done
    assert sorted(window.analyze.cards) == [tmp_path / "a.mp4", tmp_path / "b c.mp4"]


def test_typed_names_are_read_with_a_lost_quote_and_resolved_in_the_folder(tmp_path) -> None:
    from interhuman_desktop.ui.widgets.open_dialog import resolve, typed_names

    assert typed_names('"a.mp4" "b c.mp4"') == ["a.mp4", "b c.mp4"]
    assert typed_names('a.mp4" "b c.mp4"') == ["a.mp4", "b c.mp4"]  # what Qt left of it
    assert typed_names("b c.mp4") == ["b c.mp4"] and typed_names("  ") == []
    (tmp_path / "a.mp4").write_bytes(b"\0")
    (tmp_path / "b c.mp4").write_bytes(b"\0")
    assert resolve(["a.mp4", str(tmp_path / "b c.mp4")], tmp_path) == [
        tmp_path / "a.mp4", tmp_path / "b c.mp4"]
    assert resolve(["a.mp4", "missing.mp4"], tmp_path) is None  # Qt's own warning then
    assert resolve([tmp_path.name], tmp_path.parent) is None  # a folder: Qt enters it


@pytest.mark.parametrize("focused", [True, False], ids=["focused", "unfocused-field"])
def test_ctrl_o_with_a_missing_name_queues_the_others_and_names_the_missing(
        qtbot, tmp_path, focused) -> None:
    (tmp_path / "a.mp4").write_bytes(b"\0" * 1024)
    window = MainWindow(MemorySettingsStore(AppSettings()),
                        qsettings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    queued: list = []
    window.analyze.filesAdded.connect(queued.append)
    action = next(a for a in window.findChildren(QAction) if a.shortcut().toString() == "Ctrl+O")
    done: list[str] = []
    QTimer.singleShot(0, lambda: _drive(window, tmp_path, '"missing.mp4" "a.mp4"', done,
                                        focused))
    action.trigger()
    qtbot.waitUntil(lambda: (len(done) >= 2 and bool(queued)) or len(done) > 2, timeout=UI_MS)
    assert queued == [[tmp_path / "a.mp4"]], done
    qtbot.waitUntil(lambda: "missing.mp4" in window.statusBar().currentMessage(), timeout=UI_MS)
    assert "not found" in window.statusBar().currentMessage().lower()
    assert "a.mp4" not in window.statusBar().currentMessage().replace("missing.mp4", "")


def test_open_files_with_a_missing_path_says_which(qtbot, tmp_path) -> None:
    """Dropped or passed on the command line: the missing one is named, the others queued."""
    (tmp_path / "a.mp4").write_bytes(b"\0" * 1024)
    window = MainWindow(MemorySettingsStore(AppSettings()),
                        qsettings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    added = window.open_files([tmp_path / "gone.mp4", tmp_path / "a.mp4"])
    assert added == [tmp_path / "a.mp4"] and list(window.analyze.cards) == added
    assert "gone.mp4" in window.statusBar().currentMessage()
