"""The Library's buttons with several entries selected (real SQLite library, offscreen Qt):
Open in Review and Rename only for one (their tooltips say why), Re-analyse and Delete take all
of them in one dialog, and Compare follows the selection when a search hides the rows."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSettings
from waiting import until

from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.main_window import MainWindow


def _window(qtbot, tmp_path) -> MainWindow:
    window = MainWindow(MemorySettingsStore(AppSettings()),
                        qsettings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
                        library=AsyncLibrary(tmp_path / "library"))
    qtbot.addWidget(window)
    window.show()
    window.show_view("Library")
    return window


async def _entries(window: MainWindow, tmp_path, timeline, names: list[str]) -> list:
    ctl = window.library_ctl
    entries = []
    for name in names:
        media = tmp_path / f"{name}.mp4"
        media.write_bytes(name.encode() * 512)
        entries.append(await ctl.save_file(media, timeline, None, 6.0))
    await ctl.refresh()
    await ctl.wait()
    return entries


def _select(view, entries) -> None:
    model = view.table.selectionModel()
    model.clearSelection()
    flag = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for i in range(view.table.topLevelItemCount()):
        item = view.table.topLevelItem(i)
        if any(view.entries[i].id == e.id for e in entries):
            model.select(view.table.indexFromItem(item), flag)


def test_one_entry_actions_are_disabled_for_several_and_reanalyse_takes_all(
        qtbot, qasync_loop, tmp_path, timeline) -> None:
    window = _window(qtbot, tmp_path)
    view = window.library

    async def scenario() -> None:
        entries = await _entries(window, tmp_path, timeline, ["alpha", "beta", "gamma"])
        _select(view, entries)
        assert len(view.selected_entries()) == 3
        assert not view.rename_button.isEnabled() and not view.open_button.isEnabled()
        assert "select only one" in view.rename_button.toolTip()
        assert "select only one" in view.open_button.toolTip()
        assert view.rename_selected() is None  # F2 too: nothing renames one of three
        assert view.reanalyse_button.isEnabled() and view.delete_button.isEnabled()
        dialog = view.reanalyse_selected()
        assert dialog.windowTitle() == "Re-analyse 3 entries"
        dialog.analyse_button.click()
        assert window.current_view_name() == "Analyze"
        assert set(window.analyze.cards) == {e.media for e in entries}  # all three queued
        window.show_view("Library")
        _select(view, entries[:1])
        assert view.rename_button.isEnabled() and view.open_button.isEnabled()
        assert "alpha" in view.rename_button.toolTip()
        await window.library_ctl.aclose()

    qasync_loop.run_until_complete(scenario())


def test_delete_asks_once_for_every_selected_entry(qtbot, qasync_loop, tmp_path,
                                                   timeline) -> None:
    window = _window(qtbot, tmp_path)
    view = window.library

    async def scenario() -> None:
        a, b, c = await _entries(window, tmp_path, timeline, ["alpha", "beta", "gamma"])
        _select(view, [a, c])
        box = view.delete_selected()
        assert "these 2 entries" in box.text()
        next(x for x in box.buttons() if x.text() == "Delete").click()
        await until(lambda: [e.id for e in view.entries] == [b.id], what="both deleted")
        await window.library_ctl.wait()
        assert not a.folder.exists() and not c.folder.exists() and b.folder.exists()
        assert view.delete_button.isEnabled() == bool(view.selected_entries())
        await window.library_ctl.aclose()

    qasync_loop.run_until_complete(scenario())


def test_compare_follows_the_selection_when_a_search_hides_it(qtbot, qasync_loop, tmp_path,
                                                              timeline) -> None:
    window = _window(qtbot, tmp_path)
    view, button = window.library, window.comparing.button

    async def scenario() -> None:
        a, b, _c = await _entries(window, tmp_path, timeline, ["alpha", "beta", "gamma"])
        _select(view, [a, b])
        assert button.isEnabled() and window.exports.button.isEnabled()
        view.search.setText("gamma")
        await until(lambda: len(view.entries) == 1, what="the search to hide them")
        await window.library_ctl.wait()
        assert len(view.selected_entries()) <= 1
        assert not button.isEnabled()  # nothing to compare any more
        view.search.clear()
        await until(lambda: len(view.entries) == 3, what="the cleared search")
        await window.library_ctl.wait()
        _select(view, [a, b])
        assert button.isEnabled()
        await window.library_ctl.aclose()

    qasync_loop.run_until_complete(scenario())
