"""Review knows its recording: its title and date, reopened after a restart, and its markers
(listed, click to jump, edit and delete, kept in the library and found by the Library search)."""

from __future__ import annotations

import json

from media_factory import make_clip
from PySide6.QtWidgets import QApplication
from waiting import UI_MS, until

from interhuman_desktop.session import library_sync
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.main_window import VIEWS, MainWindow


def _window(qtbot, store, qsettings, root) -> MainWindow:
    window = MainWindow(store, qsettings=qsettings, library=AsyncLibrary(root))
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    return window


async def _close(window: MainWindow) -> None:
    """Services down inside the loop (closing the last window would stop the loop)."""
    await window.aclose()
    window.review.unload()


def test_review_shows_the_entry_and_reopens_it_after_a_restart(
        qtbot, qasync_loop, store, qsettings, tmp_path, timeline) -> None:
    clip = make_clip(tmp_path / "pitch-take.mp4", seconds=6)
    timeline.add_marker(1.0, "first pause")
    root = tmp_path / "lib"

    async def first_run() -> None:
        window = _window(qtbot, store, qsettings, root)
        window.start_services()
        await window.library_ctl.wait()
        assert window.review.timeline is None  # an empty library: nothing to reopen
        older = await window.library_ctl.save_file(clip, timeline, None, 6.0)
        newer = await window.library_ctl.save_file(clip, timeline, None, 6.0)
        await window.library_ctl.wait()
        window.library.select(older.id)
        window.library.open_selected()
        await until(lambda: window.review.entry is not None, what="the entry in Review")
        assert window.current_view_name() == "Review"
        header = window.review.ui.header.text()
        assert "pitch-take" in header and "File" in header
        assert older.created_at[:4] in header  # the date
        assert newer.id != older.id
        await _close(window)

    async def second_run() -> int:
        window = _window(qtbot, store, qsettings, root)
        window.start_services()
        await until(lambda: window.review.entry is not None, what="the reopened entry")
        await window.library_ctl.wait()
        assert window.review._pages.currentIndex() == 1  # not "Nothing to review yet"
        assert "pitch-take" in window.review.ui.header.text()
        entry_id = window.review.entry.id
        await _close(window)
        return entry_id

    qasync_loop.run_until_complete(first_run())
    reopened = qasync_loop.run_until_complete(second_run())
    assert reopened == 1  # the one opened last (the older), not just the newest


def test_markers_are_listed_jump_edit_delete_and_are_searchable(
        qtbot, qasync_loop, store, qsettings, tmp_path, timeline) -> None:
    clip = make_clip(tmp_path / "call.mp4", seconds=6)
    timeline.add_marker(1.5, "asked about pricing")
    timeline.add_marker(4.0, "")
    window = _window(qtbot, store, qsettings, tmp_path / "lib")
    markers = window.review.markers

    async def scenario() -> None:
        window.start_services()
        entry = await window.library_ctl.save_file(clip, timeline, None, 6.0)
        window.library.select(entry.id)
        window.library.open_selected()
        await until(lambda: window.review.entry is not None, what="the entry in Review")
        assert [markers.list.item(i).text() for i in range(markers.list.count())] == [
            "00:01.5  asked about pricing", "00:04.0  (no note)"]
        assert window.review.ui.tabs.tabText(1) == "Markers (2)"
        qtbot.waitUntil(lambda: window.review.player.duration() > 5.0, timeout=UI_MS)
        rect = markers.list.visualItemRect(markers.list.item(1))
        window.review.ui.tabs.setCurrentIndex(1)
        qtbot.mouseClick(markers.list.viewport(), _left(), pos=rect.center())
        await until(lambda: abs(window.review.player.position() - 4.0) < 0.3, what="the jump")
        dialog = markers.edit_selected()
        dialog.setTextValue("strong close")
        dialog.accept()
        await until(lambda: "strong close" in markers.list.item(1).text(), what="the edit")
        await window.library_ctl.wait()
        markers.list.setCurrentRow(0)
        markers.delete_selected()
        assert window.review.ui.tabs.tabText(1) == "Markers (1)"
        await window.library_ctl.wait()
        saved = json.loads((entry.folder / library_sync.TIMELINE).read_text())
        assert saved["markers"] == [{"t": 4.0, "note": "strong close"}]
        window.library.search.setText("STRONG close")
        await until(lambda: [e.id for e in window.library.entries] == [entry.id],
                    what="the marker note found by the search")
        window.library.search.setText("pricing")  # the deleted marker's note is gone
        await until(lambda: window.library.count.text() == "No entries match your search.",
                    what="no match for a deleted marker")
        window.library.search.clear()
        await until(lambda: len(window.library.entries) == 1, what="the whole list")
        window.library.select(entry.id)
        box = window.library.delete_selected()
        next(b for b in box.buttons() if b.text() == "Delete").click()
        assert window.review.entry is None  # Review lets go of the deleted entry
        await window.library_ctl.wait()
        await _close(window)

    qasync_loop.run_until_complete(scenario())


def _left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_help_puts_m_under_live_and_view_menu_has_mnemonics(qtbot, store, qsettings) -> None:
    from interhuman_desktop.ui.views.review_keys import shortcut_sections

    sections = dict(shortcut_sections())
    assert "M" not in [k for k, _ in sections["Everywhere"]]
    assert "M" in [k for k, _ in sections["Live"]]
    window = MainWindow(store, qsettings=qsettings)
    qtbot.addWidget(window)
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    texts = [a.text() for a in view_menu.actions()]
    letters = [t[t.index("&") + 1].lower() for t in texts]
    assert len(texts) == len(VIEWS) and len(set(letters)) == len(VIEWS)  # a unique mnemonic each
    QApplication.processEvents()


def test_goals_are_one_setting_shared_by_analyze_live_and_settings(qtbot, qsettings) -> None:
    from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore

    store = MemorySettingsStore(AppSettings(goals=("clarity",)))
    window = MainWindow(store, qsettings=qsettings)
    qtbot.addWidget(window)
    analyze, live, settings = (window.analyze, window.live.setup, window.settings_view)

    def shown() -> list[set[str]]:
        return [set(analyze.goals()), set(live.goals()), set(settings.settings().goals),
                set(store.load().goals)]

    assert shown() == [{"clarity"}] * 4
    settings.goals["rapport"].setChecked(True)  # in Settings
    assert shown() == [{"clarity", "rapport"}] * 4
    live.goal_boxes["clarity"].setChecked(False)  # in Live
    assert shown() == [{"rapport"}] * 4
    analyze.goal_boxes["energy"].setChecked(True)  # in Analyze
    assert shown() == [{"rapport", "energy"}] * 4


def test_the_rename_dialog_shows_the_whole_name(qtbot, qasync_loop, tmp_path, timeline) -> None:
    from interhuman_desktop.ui.views.library import LibraryView
    from interhuman_desktop.ui.views.library_controller import LibraryController

    media = tmp_path / ("Quarterly business review with the regional sales team, "
                        "second take after lunch.mp4")
    media.write_bytes(b"\0" * 4096)
    view = LibraryView()
    qtbot.addWidget(view)
    controller = LibraryController(view, AsyncLibrary(tmp_path / "lib"))

    async def scenario() -> None:
        entry = await controller.save_file(media, timeline, None, 6.0)
        view.select(entry.id)
        dialog = view.rename_selected()
        qtbot.waitExposed(dialog)
        from PySide6.QtWidgets import QLineEdit

        field = dialog.findChild(QLineEdit)
        needed = field.fontMetrics().horizontalAdvance(entry.title)
        assert field.width() > needed, (field.width(), needed)
        dialog.reject()
        await controller.aclose()

    qasync_loop.run_until_complete(scenario())
