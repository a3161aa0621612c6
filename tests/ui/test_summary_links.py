"""The summary at Stop links to the session's export and to Progress (issue 12 ↔ 11)."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

from waiting import until

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample.mp4"


def test_the_summary_exports_this_session_and_opens_progress(qtbot, qasync_loop, tmp_path,
                                                            timeline) -> None:
    from PySide6.QtCore import QSettings

    from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
    from interhuman_desktop.storage.library import AsyncLibrary
    from interhuman_desktop.ui.main_window import MainWindow

    session = tmp_path / "session"
    session.mkdir()
    shutil.copy2(SAMPLE, session / "recording.mp4")
    win = MainWindow(MemorySettingsStore(AppSettings()),
                     qsettings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
                     library=AsyncLibrary(tmp_path / "library"))
    qtbot.addWidget(win)
    win.show()

    async def scenario() -> None:
        win.results.save_live(SimpleNamespace(folder=session, timeline=timeline,
                                              source="synthetic"),
                              SimpleNamespace(recording=session / "recording.mp4"))
        await until(lambda: len(win.library.entries) == 1, what="the saved session")
        await win.library_ctl.wait()
        entry = win.library.entries[0]
        win.show_view("Live")
        win.live.summary.export_button.click()
        dialog = win.exports.dialog
        assert dialog is not None and [e.id for e in dialog.entries] == [entry.id]
        dialog.reject()
        win.live.summary.progress_button.click()
        assert win.current_view_name() == "Progress"
        await win.aclose()

    qasync_loop.run_until_complete(scenario())
