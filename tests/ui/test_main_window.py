"""MainWindow: navigation, drops routed to Analyze, geometry remembered, clean close."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from waiting import UI_MS

from interhuman_desktop.ui.main_window import VIEWS, MainWindow


@pytest.fixture
def window(qtbot, store, qsettings):
    win = MainWindow(store, qsettings=qsettings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def mime_for(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def test_every_view_has_a_page_and_a_name(window) -> None:
    for name in VIEWS:
        window.show_view(name)
        assert window.current_view_name() == name
        assert window.view(name).accessibleName() == name
    assert "Local engine" in window.backend_status.label.text()


def test_dropping_video_files_on_the_window_reaches_analyze(window, tmp_path) -> None:
    video, text = tmp_path / "call.mp4", tmp_path / "notes.txt"
    video.write_bytes(b"\0" * 2048)
    text.write_text("not a video")
    mime = mime_for(video, text)
    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    assert window.current_view_name() == "Analyze"
    assert window.analyze.files == [video]
    assert list(window.analyze.cards) == [video]


def test_a_drop_without_videos_is_refused(window, tmp_path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("x")
    mime = mime_for(text)  # keep a reference: the event does not own its mime data
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_geometry_and_view_are_remembered(qtbot, store, qsettings) -> None:
    first = MainWindow(store, qsettings=qsettings)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)  # within the offscreen screen (800×600): restore clamps to it
    first.show_view("Settings")
    size = first.size()
    first.close()
    second = MainWindow(store, qsettings=qsettings)
    qtbot.addWidget(second)
    assert second.current_view_name() == "Settings"
    assert qsettings.value("window/geometry") is not None
    # The offscreen screen is 800×600 and restoreGeometry clamps the width to it.
    assert second.height() == size.height()


def test_help_lists_shortcuts(qtbot, window) -> None:
    box = window.show_shortcuts()
    assert isinstance(box, QMessageBox)
    assert "Next signal" in box.text() and "Ctrl+O" in box.text()
    box.close()


def test_window_opens_and_closes_without_leaking_threads(qtbot, store, qsettings,
                                                         no_thread_leak) -> None:
    win = MainWindow(store, qsettings=qsettings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    for name in VIEWS:
        win.show_view(name)
    assert win.close()
    assert not win.review._timer.isActive() and not win.live._timer.isActive()


def test_open_log_file_without_a_log_says_so(window) -> None:
    assert window.open_log_file() is False
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]
    assert boxes and "No log file" in boxes[-1].text()
    for box in boxes:
        box.close()


def test_theme_switch_recolours_the_lanes(qtbot, window) -> None:
    from interhuman_desktop.ui.theme import apply_theme

    app = QApplication.instance()
    lanes = window.review.lanes
    try:
        assert apply_theme(app, "dark") is True
        qtbot.waitUntil(lambda: lanes._plot.backgroundBrush().color().lightness() < 80,
                        timeout=UI_MS)
        assert apply_theme(app, "light") is False
        qtbot.waitUntil(lambda: lanes._plot.backgroundBrush().color().lightness() > 200,
                        timeout=UI_MS)
    finally:
        apply_theme(app, "light")


def test_about_lists_the_versions_and_help_lists_the_live_keys(window) -> None:
    box = window.show_about()
    assert "PySide6" in box.text() and "PyAV" in box.text()
    box.close()
    shortcuts = window.show_shortcuts()
    assert "marker" in shortcuts.text()
    shortcuts.close()
