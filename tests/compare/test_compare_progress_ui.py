"""Compare and Progress in the main window (offscreen) with two real takes analysed by the
local engine: the Library's Compare button, the deltas table, stacked lanes and the offset
nudge; Progress's lines and trends, and its tag and kind filters."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel
from waiting import until

from interhuman_desktop.session.compare import compare, delta_label, take_of

pytestmark = pytest.mark.slow


@pytest.fixture
def window(qtbot, qasync_loop, takes, tmp_path):
    from PySide6.QtCore import QSettings

    from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
    from interhuman_desktop.storage.library import AsyncLibrary
    from interhuman_desktop.ui.main_window import MainWindow

    win = MainWindow(MemorySettingsStore(AppSettings()),
                     qsettings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
                     library=AsyncLibrary(takes.root))
    qtbot.addWidget(win)
    win.resize(1300, 850)
    win.show()
    async def listed() -> None:
        await win.library_ctl.refresh()
        await win.library_ctl.wait()

    qasync_loop.run_until_complete(listed())
    yield win
    win.compare_view.unload()
    qasync_loop.run_until_complete(win.library_ctl.aclose())


def _select_both(win, takes) -> None:
    table = win.library.table
    table.clearSelection()
    for i in range(table.topLevelItemCount()):
        item = table.topLevelItem(i)
        if item.text(0) in (takes.a.title, takes.b.title):
            table.selectionModel().select(table.indexFromItem(item),
                                          QItemSelectionModel.SelectionFlag.Select
                                          | QItemSelectionModel.SelectionFlag.Rows)


def test_compare_two_takes_from_the_library(window, qasync_loop, takes) -> None:
    view = window.compare_view
    expected = compare(take_of(takes.a), take_of(takes.b))
    window.show_view("Library")
    assert not window.comparing.button.isEnabled()
    _select_both(window, takes)
    assert window.comparing.button.isEnabled()

    async def scenario() -> None:
        window.comparing.button.click()
        await until(lambda: window.current_view_name() == "Compare", what="the Compare view")
        await window.library_ctl.wait()

    qasync_loop.run_until_complete(scenario())
    assert view.comparison.a.title == takes.a.title  # the older take is A
    cells = {view.table.cell_text(r, 0): view.table.cell_text(r, 3)
             for r in range(view.table.rowCount())}
    for d in [expected.cqi, *expected.dimensions]:
        assert cells[d.name] == delta_label(d, unit="")  # the row names the dimension
    for s in expected.signals:
        assert s.signal_type in cells
    assert view.a.lanes.lanes and view.a.lanes.lanes == view.b.lanes.lanes  # rows line up
    assert view.feedback.lists["A"].count() == len(expected.feedback_a)
    first_b = min(s.start for s in view.comparison.b.timeline.signals)
    view.nudge(0.5)
    view.nudge(0.5)
    assert view.offset == pytest.approx(1.0)
    drawn = min(s.start for s in view.b.lanes._timeline.signals)
    assert drawn == pytest.approx(first_b + 1.0)
    view.seek(5.0)
    assert view.b.player.position() == pytest.approx(4.0, abs=0.05)
    assert view.a.lanes.x_range() == view.b.lanes.x_range()  # one time axis


def test_progress_lines_trends_and_filters(window, qasync_loop, takes) -> None:
    view = window.progress_view

    async def shown() -> None:
        window.show_view("Progress")
        await until(lambda: len(view.progress.points) == 2, what="the progress points")
        await window.library_ctl.wait()

    qasync_loop.run_until_complete(shown())
    a, b = (compare(take_of(takes.a), take_of(takes.b)).cqi.a,
            compare(take_of(takes.a), take_of(takes.b)).cqi.b)
    xs, ys = view.curves["quality"]["CQI"].getData()
    assert list(ys) == pytest.approx([a, b]) and xs[0] < xs[1]
    assert "CQI" in view.trends["quality"] and view.trends["rates"]
    summary = view.summary.text()
    assert "2 entries" in summary and "from the first to the last" in summary
    assert [view.tag_box.itemText(i) for i in range(view.tag_box.count())] == [
        "All tags", "#pitch"]

    async def filtered(kind: str, count: int) -> None:
        view.kind_box.setCurrentIndex(view.kind_box.findData(kind))
        await until(lambda: len(view.progress.points) == count, what=f"kind {kind}")
        await window.library_ctl.wait()

    qasync_loop.run_until_complete(filtered("live", 0))
    assert view._pages.currentWidget() is view.empty
    qasync_loop.run_until_complete(filtered("file", 2))
    view.tag_box.setCurrentIndex(1)
    qasync_loop.run_until_complete(window.library_ctl.wait())
    assert len(view.progress.points) == 2
