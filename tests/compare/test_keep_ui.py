"""Keep the recording in the GUI (offscreen, real library, real engine results): "never"
deletes the video of a saved analysis and of a finished live session, Review then shows lanes
only and says so; "ask" asks, and only "Delete the video" deletes."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from waiting import until

from interhuman_desktop.session.compare import take_of

pytestmark = pytest.mark.slow
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample.mp4"


def _window(qtbot, tmp_path, keep: str):
    from PySide6.QtCore import QSettings

    from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
    from interhuman_desktop.storage.library import AsyncLibrary
    from interhuman_desktop.ui.main_window import MainWindow

    qsettings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    win = MainWindow(MemorySettingsStore(AppSettings(keep_recording=keep)), qsettings=qsettings,
                     library=AsyncLibrary(tmp_path / "library"))
    qtbot.addWidget(win)
    win.show()
    return win


def _entries(win):
    return win.library.entries


def test_never_after_an_analysis_and_after_a_live_session(qtbot, qasync_loop, fresh_entry,
                                                          tmp_path) -> None:
    from interhuman_desktop.ui.keep_wiring import NOT_KEPT

    analysed = fresh_entry(tmp_path / "elsewhere")
    timeline = take_of(analysed).timeline
    clip = tmp_path / "Client call.mp4"
    shutil.copy2(SAMPLE, clip)
    session = tmp_path / "session"
    (session / "segments").mkdir(parents=True)
    shutil.copy2(SAMPLE, session / "recording.mp4")
    (session / "segments" / "seg-0001.mp4").write_bytes(b"left over segment")
    win = _window(qtbot, tmp_path, "never")

    async def scenario() -> None:
        win.library_ctl.save_file(clip, timeline, None, 20.0)
        await until(lambda: len(_entries(win)) == 1 and _entries(win)[0].media_removed,
                    what="the analysis video to go")
        handle = SimpleNamespace(folder=session, timeline=timeline, source="synthetic")
        win.results.save_live(handle, SimpleNamespace(recording=session / "recording.mp4"))
        await until(lambda: len(_entries(win)) == 2 and all(e.media_removed
                                                            for e in _entries(win)),
                    what="the live session's video to go")
        await win.library_ctl.wait()
        # after Stop the window stays on the Live summary; Review holds the session, lanes only
        assert win.current_view_name() == "Live" and win.review.media_path is None
        assert win.review.ui.video.placeholder == NOT_KEPT
        file_entry = next(e for e in _entries(win) if e.kind == "file")
        win.review.unload()
        win.show_view("Library")
        win.library.select(file_entry.id)
        win.library.open_selected()
        await win.library_ctl.wait()
        assert win.review.timeline is not None and win.review.timeline.signals
        assert win.review.media_path is None and win.review.ui.video.placeholder == NOT_KEPT

    qasync_loop.run_until_complete(scenario())
    live = next(e for e in _entries(win) if e.kind == "live")
    assert not (live.folder / "recording.mp4").exists() and not (live.folder / "segments").exists()
    assert (live.folder / "timeline.json").is_file() and clip.is_file()
    qasync_loop.run_until_complete(win.library_ctl.aclose())


def test_ask_keeps_unless_told_to_delete(qtbot, qasync_loop, fresh_entry, tmp_path) -> None:
    timeline = take_of(fresh_entry(tmp_path / "elsewhere")).timeline
    clips = []
    for name in ("Kept take", "Dropped take"):
        clips.append(tmp_path / f"{name}.mp4")
        shutil.copy2(SAMPLE, clips[-1])
    win = _window(qtbot, tmp_path, "ask")

    async def answer(clip: Path, button: str) -> None:
        win.keeper.dialog = None
        win.library_ctl.save_file(clip, timeline, None, 20.0)
        await until(lambda: win.keeper.dialog is not None, what="the question")
        assert clip.stem in win.keeper.dialog.text()
        chosen = next(b for b in win.keeper.dialog.buttons() if b.text() == button)
        chosen.click()
        await win.library_ctl.wait()

    async def scenario() -> None:
        await answer(clips[0], "Keep the video")
        await answer(clips[1], "Delete the video")

    qasync_loop.run_until_complete(scenario())
    by_title = {e.title: e for e in _entries(win)}
    assert by_title["Kept take"].media is not None and by_title["Kept take"].media.is_file()
    assert by_title["Dropped take"].media is None and by_title["Dropped take"].media_removed
    qasync_loop.run_until_complete(win.library_ctl.aclose())
