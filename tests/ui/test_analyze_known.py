"""A file opened in Analyze whose content is already in the Library (real SQLite library and
content hashes, offscreen Qt): its card says so, with Open (the entry in Review) and "Analyse
again anyway"; a file with new content is queued as before."""

from __future__ import annotations

import shutil

from PySide6.QtCore import QSettings
from waiting import until

from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.main_window import MainWindow

NO_BACKEND = "Waiting — no analysis backend in this build"  # what the queue says here


def test_known_content_is_offered_to_open_or_analyse_again(
        qtbot, qasync_loop, tmp_path, timeline) -> None:
    window = MainWindow(MemorySettingsStore(AppSettings()),
                        qsettings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
                        library=AsyncLibrary(tmp_path / "library"))
    qtbot.addWidget(window)
    window.show()
    original = tmp_path / "pitch.mp4"
    original.write_bytes(b"pitch take" * 4096)

    async def scenario() -> None:
        entry = await window.library_ctl.save_file(original, timeline, None, 6.0)
        await window.library_ctl.wait()
        copy = tmp_path / "elsewhere" / "renamed copy.mp4"
        copy.parent.mkdir()
        shutil.copyfile(original, copy)
        other = tmp_path / "other.mp4"
        other.write_bytes(b"another take" * 4096)
        window.open_files([copy, other])
        card, fresh = window.analyze.card(copy), window.analyze.card(other)
        await until(lambda: "Already in the Library" in card.status.text(), what="the notice")
        assert "“pitch”" in card.status.text()
        assert card.visible_actions() == ["open", "again", "remove"]
        await until(lambda: fresh.status.text() == NO_BACKEND, what="the new file queued")
        assert "Already in the Library" in card.status.text()  # not handed to the queue
        card.buttons["open"].click()
        await until(lambda: window.review.entry is not None, what="the entry in Review")
        assert window.review.entry.id == entry.id and window.current_view_name() == "Review"
        card.buttons["again"].click()
        assert card.status.text() == NO_BACKEND  # handed to the queue this time
        await window.library_ctl.aclose()

    qasync_loop.run_until_complete(scenario())
    window.review.unload()
