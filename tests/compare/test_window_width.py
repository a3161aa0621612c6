"""No page widens the window past 1000 px: at 1000×700 the main window keeps its size with
Compare showing two real takes (analysed by the local engine) and with a live session on screen
(its status row with the health text, the lag and the buttons), in light and dark."""

from __future__ import annotations

import pytest
from live_helpers import ClockHandle
from PySide6.QtWidgets import QWidget
from waiting import UI_MS, until

from interhuman_desktop.session.compare import compare, take_of

pytestmark = pytest.mark.slow
WIDTH, HEIGHT = 1000, 700
LONG_HEALTH = {"state": "reconnecting", "socket": "closed", "fps_in": 11.0, "elapsed": 3599.0,
               "dropped_frames": 420, "queue": 37, "retries": 4, "last_error": "timed out " * 6}


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
    win.resize(WIDTH, HEIGHT)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.compare_view.unload()
    qasync_loop.run_until_complete(win.library_ctl.aclose())


def _widest(root: QWidget, depth: int = 0) -> list[str]:
    """The chain of widgets whose minimum width is large (what to fix when this fails)."""
    found = []
    for child in root.findChildren(QWidget):
        if child.parentWidget() is root and child.isVisible():
            width = max(child.minimumSizeHint().width(), child.minimumWidth())
            if width > 300:
                name = child.accessibleName() or getattr(child, "text", lambda: "")()
                found += [f"{'  ' * depth}{type(child).__name__} {str(name)[:30]!r} {width}",
                          *_widest(child, depth + 1)]
    return found


def _fits(qtbot, win, what: str) -> None:
    wide = win.minimumSizeHint().width()
    assert wide <= WIDTH, "\n".join([what, str(wide), *_widest(win)])
    win.resize(WIDTH, HEIGHT)
    qtbot.waitUntil(lambda: win.width() == WIDTH, timeout=UI_MS)


def test_compare_with_two_takes_fits_1000_px(qtbot, qasync_loop, window, takes) -> None:
    a, b = takes.a, takes.b
    window.compare_view.load(compare(take_of(a), take_of(b)), a.media, b.media)
    window.show_view("Compare")
    qasync_loop.run_until_complete(until(lambda: window.compare_view.isVisible(), what="shown"))
    _fits(qtbot, window, "Compare")
    pane = window.compare_view.deltas_pane
    assert pane.width() >= pane.minimumWidth()
    window.resize(1400, 880)  # wider: the deltas get room to read without wrapping
    qtbot.waitUntil(lambda: window.width() == 1400, timeout=UI_MS)
    assert pane.width() >= 440, (pane.width(), pane.parentWidget().sizes())


def test_a_live_session_fits_1000_px(qtbot, window) -> None:
    live = window.live
    handle = ClockHandle()
    live.attach(handle.timeline)
    live.set_recording(True)
    live.set_lag(12.5)
    live.set_health(LONG_HEALTH)
    live.show_marker(3599.0, "a long note about the opening that goes on and on " * 2)
    window.show_view("Live")
    _fits(qtbot, window, "Live")
    live.detach(summary=True)
    _fits(qtbot, window, "Live summary")
