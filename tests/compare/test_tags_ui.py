"""Tags in the Library (offscreen, real SQLite library of real analyses): add with the field,
see the chip and the Tags column, filter with the tag box or ``#tag``, remove with the chip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from waiting import until

pytestmark = pytest.mark.slow


def test_tag_add_filter_search_remove(qtbot, qasync_loop, fresh_entry, tmp_path) -> None:
    from PySide6.QtCore import QSettings

    from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
    from interhuman_desktop.storage.library import AsyncLibrary
    from interhuman_desktop.ui.main_window import MainWindow

    root = tmp_path / "library"
    first, second = fresh_entry(root), fresh_entry(root)
    win = MainWindow(MemorySettingsStore(AppSettings()),
                     qsettings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
                     library=AsyncLibrary(root))
    qtbot.addWidget(win)
    win.show()
    view, tags = win.library, win.tags

    async def scenario() -> None:
        await win.library_ctl.refresh()
        await win.library_ctl.wait()
        win.show_view("Library")
        view.select(first.id)
        qtbot.keyClicks(tags.chips.field, "client A")
        qtbot.keyClick(tags.chips.field, Qt.Key.Key_Return)
        await until(lambda: "client A" in tags.chips.chips, what="the chip")
        await win.library_ctl.wait()
        row = next(view.table.topLevelItem(i) for i in range(view.table.topLevelItemCount())
                   if view.table.topLevelItem(i).text(0) == first.title)
        assert row.text(5) == "client A"
        assert [tags.filter.itemText(i) for i in range(tags.filter.count())] == [
            "All tags", "#client A"]
        tags.filter.setCurrentIndex(1)
        tags.choose(1)
        assert view.search_text() == "#client A"
        await until(lambda: [e.id for e in view.entries] == [first.id], what="the filter")
        view.search.setText("client")  # a text search also finds tags
        await until(lambda: [e.id for e in view.entries] == [first.id] and
                    tags.filter.currentIndex() == 0, what="the text search")
        view.search.setText("")
        await until(lambda: len(view.entries) == 2, what="all entries")
        view.select(first.id)
        tags.chips.chips["client A"].click()
        await until(lambda: not tags.chips.chips, what="the tag to go")
        await win.library_ctl.wait()

    qasync_loop.run_until_complete(scenario())
    assert {e.id: e.tags for e in view.entries} == {first.id: (), second.id: ()}
    qasync_loop.run_until_complete(win.library_ctl.aclose())
