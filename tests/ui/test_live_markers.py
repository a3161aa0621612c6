"""Issue 12 item 3: M adds a marker whatever has focus (but a text field), Enter saves the
note and gives the focus back, a new session starts with no markers."""

from __future__ import annotations

from live_helpers import ClockHandle
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QTabWidget
from waiting import until

from interhuman_desktop.ui.views.live import LiveView
from interhuman_desktop.ui.views.live_controller import LiveController


def _window(qtbot):
    handles: list[ClockHandle] = []

    async def factory(_request):
        handles.append(ClockHandle())
        return handles[-1]

    window, tabs, other = QMainWindow(), QTabWidget(), QLineEdit()
    view = LiveView()
    tabs.addTab(view, "Live")
    tabs.addTab(other, "Library notes")
    window.setCentralWidget(tabs)
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    window.activateWindow()
    return window, view, other, LiveController(view, factory), handles


def test_m_marks_from_any_widget_and_enter_returns_the_focus(qtbot, qasync_loop) -> None:
    window, view, other, controller, handles = _window(qtbot)

    async def scenario() -> None:
        controller.start()
        await until(lambda: controller.handle is not None, what="the session")
        handle = handles[-1]
        for t, widget in ((2.0, view.preview), (4.0, view.lanes), (6.0, view.markers),
                          (8.0, view.stop_button), (9.0, window)):
            handle.elapsed = t
            qtbot.keyClick(widget, Qt.Key.Key_M)
        assert [t for t, _n in handle.markers] == [2.0, 4.0, 6.0, 8.0, 9.0]
        assert view.markers.count() == 5 and "(no note)" in view.markers.texts()[0]
        # the new bare marker is selected: the note typed now is its note
        assert view.markers.selected_marker().t == 9.0
        view.marker_note.setFocus()
        qtbot.keyClicks(view.marker_note, "mumbled the main point")  # m is a letter here
        assert view.marker_note.text() == "mumbled the main point"
        qtbot.keyClick(view.marker_note, Qt.Key.Key_Return)
        assert handle.timeline.markers[-1].note == "mumbled the main point"
        assert len(handle.timeline.markers) == 5  # noted, not a sixth marker
        assert QApplication.focusWidget() is view.preview and view.marker_note.text() == ""
        assert view.markers.texts()[-1].endswith("mumbled the main point")
        handle.elapsed = 12.0
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_M)  # M works again at once
        assert handle.markers[-1] == (12.0, "")
        view.marker_note.setFocus()
        qtbot.keyClicks(view.marker_note, "x")
        qtbot.keyClick(view.marker_note, Qt.Key.Key_Escape)  # Esc leaves the field too
        assert QApplication.focusWidget() is view.preview
        view.marker_note.setFocus()
        qtbot.mouseClick(view.preview, Qt.MouseButton.LeftButton)  # so does a click on video
        assert QApplication.focusWidget() is view.preview
        other.setFocus()
        qtbot.keyClicks(other, "m")  # another text field keeps its letters
        assert other.text() == "m" and len(handle.timeline.markers) == 6
        controller.stop()
        await until(lambda: view.page() == 2, what="the summary")
        qtbot.keyClick(view.summary, Qt.Key.Key_M)  # not recording: no marker, no error
        view.summary.newSession.emit()
        controller.start()
        await until(lambda: controller.handle is not handle and controller.handle is not None,
                    what="the second session")
        assert view.markers.count() == 0 and view.marker_label.text() == ""
        assert len(handles[-1].markers) == 0
        controller.stop()

    qasync_loop.run_until_complete(scenario())


def test_a_note_saves_as_you_type_and_nothing_typed_is_lost_at_stop(qtbot, qasync_loop) -> None:
    """Typing pauses: the picked marker has its note without Enter; picking another marker
    keeps what was typed; text typed with no marker picked becomes a marker at Stop."""
    _win, view, _other, controller, handles = _window(qtbot)

    async def scenario() -> None:
        controller.start()
        await until(lambda: controller.handle is not None, what="the session")
        handle = handles[-1]
        for t in (3.0, 7.0):
            handle.elapsed = t
            view.request_marker()
        view.markers.select_at(3.0)
        view.marker_note.setFocus()
        qtbot.keyClicks(view.marker_note, "strong opening")  # no Enter
        await until(lambda: handle.timeline.markers[0].note == "strong opening",
                    what="the note saved once typing paused")
        qtbot.keyClicks(view.marker_note, ", then rushed")
        view.markers.select_at(7.0)  # another marker picked before the pause
        assert handle.timeline.markers[0].note == "strong opening, then rushed"
        view.markers.select_at(None)
        view.marker_note.clear()
        qtbot.keyClicks(view.marker_note, "lost the thread")  # no marker picked
        handle.elapsed = 11.0
        controller.stop()
        assert [(m.t, m.note) for m in handle.timeline.markers] == [
            (3.0, "strong opening, then rushed"), (7.0, ""), (11.0, "lost the thread")]
        await until(lambda: view.page() == 2, what="the summary")

    qasync_loop.run_until_complete(scenario())
