"""A marker deleted in Review can be brought back for a few seconds: the "Undo" link under the
list or Ctrl+Z puts it back where it was, and the library keeps that (real SQLite library,
real clip, offscreen Qt); once the time is up, or another recording opens, the delete stays."""

from __future__ import annotations

import json

from media_factory import make_clip
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from waiting import UI_MS, until

from interhuman_desktop.session import library_sync
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.main_window import MainWindow


def test_a_deleted_marker_comes_back_with_undo_or_ctrl_z(
        qtbot, qasync_loop, store, qsettings, tmp_path, timeline) -> None:
    clip = make_clip(tmp_path / "call.mp4", seconds=6)
    timeline.add_marker(1.5, "asked about pricing")
    timeline.add_marker(4.0, "strong close")
    window = MainWindow(store, qsettings=qsettings, library=AsyncLibrary(tmp_path / "lib"))
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    markers = window.review.markers

    def texts() -> list[str]:
        return [markers.list.item(i).text() for i in range(markers.list.count())]

    async def saved(entry) -> list[float]:
        await window.library_ctl.wait()
        data = json.loads((entry.folder / library_sync.TIMELINE).read_text())
        return [m["t"] for m in data["markers"]]

    async def scenario() -> None:
        window.start_services()
        entry = await window.library_ctl.save_file(clip, timeline, None, 6.0)
        window.library.select(entry.id)
        window.library.open_selected()
        await until(lambda: window.review.entry is not None, what="the entry in Review")
        window.review.ui.tabs.setCurrentIndex(1)
        both = texts()
        markers.list.setCurrentRow(0)
        markers.delete_selected()
        assert await saved(entry) == [4.0] and markers.undo_label.isVisible()
        assert "00:01.5" in markers.undo_label.text()
        markers.undo_label.linkActivated.emit("undo")  # the link clicked
        assert texts() == both and not markers.undo_label.isVisible()
        assert await saved(entry) == [1.5, 4.0]  # back in its place, and kept
        assert not markers.undo_delete()  # nothing left to undo
        markers.list.setCurrentRow(1)
        markers.delete_selected()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=UI_MS)
        QTest.keyClick(markers.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert texts() == both and await saved(entry) == [1.5, 4.0]
        markers.undo_timer.setInterval(50)  # the few seconds, shortened
        markers.list.setCurrentRow(0)
        markers.delete_selected()
        await until(lambda: not markers.undo_label.isVisible(), what="the undo to expire")
        assert not markers.undo_delete() and await saved(entry) == [4.0]
        await window.aclose()

    qasync_loop.run_until_complete(scenario())
    window.review.unload()
