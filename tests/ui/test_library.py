"""The Library view on a real SQLite library: list, search, rename, notes, delete with media."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox
from waiting import until

from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.views.library import LibraryView
from interhuman_desktop.ui.views.library_controller import LibraryController


def _run(loop, coro):
    return loop.run_until_complete(coro)


def test_saved_analyses_are_listed_searched_renamed_and_deleted_with_media(
        qtbot, qasync_loop, tmp_path, timeline) -> None:
    media = tmp_path / "pitch.mp4"
    media.write_bytes(b"\0" * 4096)
    view = LibraryView()
    qtbot.addWidget(view)
    library = AsyncLibrary(tmp_path / "lib")
    controller = LibraryController(view, library)
    opened: list = []
    deleted: list = []
    controller.openEntry.connect(lambda m, tl, _e: opened.append((m, tl)))

    async def scenario() -> None:
        await controller.refresh()
        assert view._pages.currentIndex() == 0  # the empty state
        first = await controller.save_file(media, timeline, [{"raw": 1}], 6.0)
        await controller.save_file(media, timeline, None, 6.0)
        assert first.media.exists() and first.media != media and media.exists()
        assert view.table.topLevelItemCount() == 2 and view._pages.currentIndex() == 1
        view.select(first.id)
        view.notes.setPlainText("client liked the demo")
        view.save_notes()
        await controller.wait()
        view.search.setText("demo")
        # the search waits for typing to pause, then lists the matches
        await until(lambda: [e.id for e in view.entries] == [first.id], what="the search")
        await controller.wait()
        view.select(first.id)
        dialog = view.rename_selected()
        dialog.setTextValue("Pitch, take 2")
        dialog.accept()
        await controller.wait()
        assert view.entries[0].title == "Pitch, take 2"
        view.open_selected()
        await controller.wait()
        box = view.delete_selected()
        box.button(QMessageBox.StandardButton.Cancel).click()  # cancelling keeps it
        await controller.wait()
        assert first.folder.exists()
        deleted.append(first)
        box = view.delete_selected()
        next(b for b in box.buttons() if b.text() == "Delete").click()
        await controller.wait()
        view.search.clear()
        await until(lambda: len(view.entries) == 1, what="the cleared search")
        await controller.wait()
        await controller.aclose()

    _run(qasync_loop, scenario())
    gone = deleted[0]
    assert not gone.folder.exists() and not gone.media.exists()  # the media went with it
    assert [e.id for e in view.entries] != [gone.id] and len(view.entries) == 1
    assert opened and opened[0][0] is not None and opened[0][1].signals


def test_notes_save_as_you_type_and_survive_switching_entries(
        qtbot, qasync_loop, tmp_path, timeline) -> None:
    media = tmp_path / "take.mp4"
    media.write_bytes(b"\0" * 4096)
    view = LibraryView()
    qtbot.addWidget(view)
    view.show()
    controller = LibraryController(view, AsyncLibrary(tmp_path / "lib"))

    async def scenario() -> None:
        first = await controller.save_file(media, timeline, None, 6.0)
        second = await controller.save_file(media, timeline, None, 6.0)
        await controller.refresh()
        view.select(first.id)
        view.notes.setFocus()
        qtbot.keyClicks(view.notes, "opened strong")  # typed, never a Save click
        view.select(second.id)  # switching entry saves the first one's notes
        assert view.notes.toPlainText() == ""
        qtbot.keyClicks(view.notes, "rushed the close")
        assert view.notes_editor.pending
        await until(lambda: not view.notes_editor.pending, what="the debounce")
        await controller.wait()
        await controller.refresh()
        view.select(first.id)
        assert view.notes.toPlainText() == "opened strong"
        view.select(second.id)
        assert view.notes.toPlainText() == "rushed the close"
        view.notes.setFocus()
        view.notes.moveCursor(QTextCursor.MoveOperation.End)
        qtbot.keyClicks(view.notes, ", then recovered")
        await controller.refresh()  # a refresh while typing keeps the typing
        assert view.notes.toPlainText() == "rushed the close, then recovered"
        view.hide()  # closing the window saves too
        await controller.wait()
        await controller.refresh()
        await controller.aclose()

    _run(qasync_loop, scenario())
    by_id = {e.id: e.notes for e in view.entries}
    assert sorted(by_id.values()) == ["opened strong", "rushed the close, then recovered"]


def test_a_split_file_saved_from_analyze_keeps_where_each_part_starts(
        qasync_loop, tmp_path, timeline) -> None:
    """The JSON export of a GUI analysis of a split file carries the parts' offsets."""
    from interhuman_desktop.encode.fit import Part
    from interhuman_desktop.export.entry_data import load_entry_data
    from interhuman_desktop.export.json_doc import build_document
    from interhuman_desktop.session.file_analysis import FileJob, JobState

    media = tmp_path / "long interview.mp4"
    media.write_bytes(b"\0" * 4096)
    job = FileJob(media, state=JobState.DONE, timeline=timeline,
                  parts=[Part(tmp_path / "p1.mp4", 0.0), Part(tmp_path / "p2.mp4", 600.0)],
                  raw_results=[{"part": 1}, {"part": 2}])
    from types import SimpleNamespace

    from interhuman_desktop.ui.results_wiring import Results

    controller = LibraryController(LibraryView(), AsyncLibrary(tmp_path / "lib"))
    saved: list = []
    controller.entrySaved.connect(saved.append)
    window = SimpleNamespace(library_ctl=controller, review=None,
                             analysis=SimpleNamespace(kind_of=lambda _path: "local"))

    async def scenario():
        Results(window, None).save_analysis(job)  # the path a finished Analyze card takes
        await controller.wait()
        await controller.aclose()
        return saved[0]

    entry = _run(qasync_loop, scenario())
    doc = build_document(load_entry_data(entry))
    assert doc["part_offsets"] == [0.0, 600.0]
    assert len(doc["results"]) == 2
