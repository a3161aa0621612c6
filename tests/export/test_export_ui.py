"""Export… in the GUI (offscreen): Library button and right-click on several entries, and
File ▸ Export… from Review; the export runs off the GUI thread on the real library."""

from __future__ import annotations

import json
import threading

import pytest
from waiting import until

pytestmark = pytest.mark.slow


@pytest.fixture
def window(qtbot, qasync_loop, entries, tmp_path):
    from PySide6.QtCore import QSettings

    from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
    from interhuman_desktop.storage.library import AsyncLibrary
    from interhuman_desktop.ui.main_window import MainWindow

    qsettings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    win = MainWindow(MemorySettingsStore(AppSettings()), qsettings=qsettings,
                     library=AsyncLibrary(entries.root))
    qtbot.addWidget(win)
    win.show()

    async def listed() -> None:
        await win.library_ctl.refresh()

    qasync_loop.run_until_complete(listed())
    yield win
    qasync_loop.run_until_complete(win.library_ctl.aclose())


def test_library_exports_several_entries_off_the_gui_thread(window, qasync_loop, tmp_path,
                                                            monkeypatch) -> None:
    from PySide6.QtCore import QPoint

    from interhuman_desktop.ui.export_wiring import _library_menu

    exports, view = window.exports, window.library
    window.show_view("Library")
    assert view.table.topLevelItemCount() == 2 and not exports.button.isEnabled()
    view.table.selectAll()
    assert exports.button.isEnabled() and len(exports.library_selection()) == 2
    menu = _library_menu(exports, QPoint(5, 5))
    labels = {a.text(): a.isEnabled() for a in menu.actions()}
    assert labels["Export 2 entries…"] and not labels["Rename…"]
    menu.close()
    threads: list[str] = []
    import interhuman_desktop.export.run as run

    original = run.export_data

    def spy(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(run, "export_data", spy)

    async def scenario() -> None:
        exports.button.click()
        dialog = exports.dialog
        dialog.format.setCurrentIndex(2)  # CSV tables, zipped
        dialog.path.setText(str(tmp_path / "exports"))
        dialog.accept()
        await until(lambda: exports._tasks, what="the export to start")
        await exports.wait()

    qasync_loop.run_until_complete(scenario())
    written = sorted((tmp_path / "exports").iterdir())
    assert len(written) == 2 and all(p.is_dir() for p in written)  # several: one each
    assert threads and threading.main_thread().name not in threads
    assert "Exported 2" in window.statusBar().currentMessage()


def test_file_menu_exports_what_review_shows(window, qasync_loop, entries, tmp_path) -> None:
    from interhuman_desktop.session.timeline import SessionTimeline

    view = window.library

    async def scenario() -> None:
        window.show_view("Library")
        view.select(entries.file.id)
        view.open_selected()
        await window.library_ctl.wait()
        window.show_view("Review")
        dialog = window.exports.export_current()
        assert dialog is not None and dialog.entries[0].id == entries.file.id
        assert dialog.path.text().endswith("Pitch-take-1.pdf")
        dialog.format.setCurrentIndex(1)  # JSON
        assert dialog.path.text().endswith("Pitch-take-1.json")
        dialog.path.setText(str(tmp_path / "take.json"))
        dialog.accept()
        await until(lambda: window.exports._tasks, what="the export to start")
        await window.exports.wait()
        window.review.load(tmp_path / "not-in-the-library.mp4", SessionTimeline())
        assert window.exports.entry_in_review() is None  # Review shows something unsaved

    qasync_loop.run_until_complete(scenario())
    assert json.loads((tmp_path / "take.json").read_text())["entry"]["title"] == "Pitch take 1"
