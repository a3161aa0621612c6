"""The Library at the default window size and at 1000×700: the tag filter and the search show
their whole texts; with several entries selected, tags go to every one of them and the notes
editor says it edits none (real SQLite library, offscreen Qt)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyle, QStyleOptionComboBox, QStyleOptionFrame
from waiting import UI_MS, until

from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.main_window import MainWindow

CLEAR_BUTTON_ROOM = 26  # the line edit's clear button (16 px icon and its margins)


def _window(qtbot, tmp_path) -> MainWindow:
    window = MainWindow(MemorySettingsStore(AppSettings()),
                        qsettings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
                        library=AsyncLibrary(tmp_path / "library"))
    qtbot.addWidget(window)
    window.show()
    window.show_view("Library")
    return window


async def _entries(window: MainWindow, tmp_path, timeline, n: int) -> list:
    ctl = window.library_ctl
    entries = []
    for i in range(n):
        media = tmp_path / f"take {i + 1}.mp4"
        media.write_bytes(b"\0" * 2048)
        entries.append(await ctl.save_file(media, timeline, None, 6.0))
    await ctl.refresh()
    await ctl.wait()
    return entries


def _combo_room(combo: QComboBox) -> int:
    opt = QStyleOptionComboBox()
    combo.initStyleOption(opt)
    rect = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo)
    return rect.width()


def _line_room(edit: QLineEdit) -> int:
    opt = QStyleOptionFrame()
    edit.initStyleOption(opt)
    rect = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, opt, edit)
    margins = edit.textMargins()
    return rect.width() - margins.left() - margins.right() - CLEAR_BUTTON_ROOM


def test_the_tag_filter_and_the_search_fit_their_texts(
        qtbot, qasync_loop, tmp_path, timeline) -> None:
    window = _window(qtbot, tmp_path)
    tags = window.tags

    async def scenario() -> None:
        first, _second = await _entries(window, tmp_path, timeline, 2)
        for tag in ("interview", "client A"):
            await window.library_ctl.library.call("add_tag", first.id, tag)
        await window.library_ctl.refresh()
        await until(lambda: tags.filter.count() == 3, what="the known tags")
        await window.library_ctl.aclose()

    qasync_loop.run_until_complete(scenario())
    search, combo = window.library.search, tags.filter
    for size in ((1280, 820), (1000, 700)):  # the default size; the smallest asked for
        window.resize(*size)
        qtbot.waitUntil(lambda s=size: abs(window.width() - s[0]) < 40, timeout=UI_MS)
        window.library.layout().activate()
        fm = combo.fontMetrics()
        widest = max(fm.horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
        assert widest <= _combo_room(combo), (size, widest, _combo_room(combo))
        placeholder = search.fontMetrics().horizontalAdvance(search.placeholderText())
        assert placeholder <= _line_room(search), (size, placeholder, _line_room(search))


def test_several_selected_tags_go_to_all_and_notes_edit_none(
        qtbot, qasync_loop, tmp_path, timeline) -> None:
    window = _window(qtbot, tmp_path)
    view, tags = window.library, window.tags
    lib = window.library_ctl.library

    async def scenario() -> None:
        a, b, c = await _entries(window, tmp_path, timeline, 3)
        await lib.call("add_tag", a.id, "pitch")
        await window.library_ctl.refresh()
        await window.library_ctl.wait()
        view.select(a.id)
        assert view.notes.isEnabled()
        rows = {view.table.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole):
                view.table.topLevelItem(i) for i in range(view.table.topLevelItemCount())}
        model = view.table.selectionModel()
        flag = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for entry in (a, b):  # a and b selected, c not
            model.select(view.table.indexFromItem(rows[entry.id]), flag)
        assert {e.id for e in view.selected_entries()} == {a.id, b.id}
        assert not view.notes.isEnabled()
        assert view.notes_editor.status.text().startswith("2 entries selected")
        assert tags.chips.chips["pitch"].text().startswith("pitch (1 of 2)")
        tags.chips.field.setText("client A")
        qtbot.keyClick(tags.chips.field, Qt.Key.Key_Return)
        await until(lambda: "client A" in tags.chips.chips, what="the new chip")
        await window.library_ctl.wait()
        got = {e.id: set(e.tags) for e in await lib.call("search")}
        assert got == {a.id: {"pitch", "client A"}, b.id: {"client A"}, c.id: set()}
        assert {e.id for e in view.selected_entries()} == {a.id, b.id}  # kept on refresh
        tags.chips.chips["pitch"].click()  # × removes it from every selected entry
        await until(lambda: "pitch" not in tags.chips.chips, what="the tag to go")
        await window.library_ctl.wait()
        got = {e.id: set(e.tags) for e in await lib.call("search")}
        assert got == {a.id: {"client A"}, b.id: {"client A"}, c.id: set()}
        view.select(c.id)  # one again: its notes can be edited
        model.clearSelection()
        view.select(c.id)
        await until(lambda: view.notes.isEnabled(), what="the notes editor back")
        assert len(view.selected_entries()) == 1
        await window.library_ctl.aclose()

    qasync_loop.run_until_complete(scenario())
