"""Retry and re-analyse: the cloud unreachable (a real refused connection on loopback) offers
Retry and "Analyse locally instead" (the real local engine); re-opening a done, unchanged file
says so, a changed one is analysed again; Library's "Re-analyse…" runs with other goals and
another backend and keeps the result as a new entry."""

from __future__ import annotations

import os
import socket

from media_factory import make_clip
from waiting import until

from interhuman_desktop.api.errors import NetworkError
from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.session.backend import BackendProvider
from interhuman_desktop.session.file_analysis import JobState
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.main_window import MainWindow

FINAL = (JobState.DONE, JobState.FAILED, JobState.REFUSED, JobState.CANCELLED)


def _dead_port() -> int:
    """A loopback port nobody listens on (bound, then closed): connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_retry_local_fallback_reopen_and_reanalyse(qtbot, qasync_loop, qsettings,
                                                   tmp_path) -> None:
    clip = make_clip(tmp_path / "talk.mp4", seconds=4, face=True)
    store = MemorySettingsStore(AppSettings(backend="cloud", api_key="ih_key"))
    cloud = BackendProvider(store.load, lambda _t: None)
    cloud.cloud_base_url = f"http://127.0.0.1:{_dead_port()}"
    local = BackendProvider(lambda: AppSettings(), lambda _t: None)
    window = MainWindow(store, qsettings=qsettings, client_provider=cloud.client,
                        library=AsyncLibrary(tmp_path / "lib"),
                        backend_clients={"local": local.client, "cloud": cloud.client})
    qtbot.addWidget(window)
    ctl = window.analysis

    async def done(path, what: str):
        await until(lambda: path in ctl.jobs and ctl.jobs[path].state in FINAL, 300, what)
        await ctl.wait()
        return ctl.jobs[path]

    async def scenario() -> None:
        window.open_files([clip])
        failed = await done(clip, "the cloud attempt")
        assert failed.state == JobState.FAILED and isinstance(failed.error, NetworkError)
        card = window.analyze.card(clip)
        assert {"retry", "local"} <= set(card.visible_actions())
        card.buttons["retry"].click()  # still unreachable: a new attempt, failed again
        again = await done(clip, "the retry")
        assert again is not failed and again.state == JobState.FAILED
        card.buttons["local"].click()
        fallback = await done(clip, "the local analysis")
        assert fallback.state == JobState.DONE, fallback.error
        assert ctl.kind_of(clip) == "local" and card.visible_actions() == ["open", "remove"]
        assert card.error.isHidden() and card.details == ""  # the cloud's error is gone
        await window.library_ctl.wait()
        assert [e.backend for e in window.library.entries] == ["local"]
        window.open_files([clip])  # the same file, unchanged: nothing to do
        assert ctl.jobs[clip] is fallback and "has not changed" in card.status.text()
        stat = clip.stat()
        os.utime(clip, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
        window.open_files([clip])  # changed since: analysed again (on the Settings' cloud)
        changed = await done(clip, "the changed file")
        assert changed is not fallback and changed.state == JobState.FAILED
        entry = window.library.entries[0]
        window.library.select(entry.id)
        dialog = window.library.reanalyse_selected()
        dialog.goal_boxes["clarity"].setChecked(True)
        dialog.backend.setCurrentIndex(dialog.backend.findData("local"))
        dialog.analyse_button.click()
        assert window.current_view_name() == "Analyze"
        redo = await done(entry.media, "the re-analysis")
        assert redo.state == JobState.DONE and redo.request.goal_dimensions == ("clarity",)
        await window.library_ctl.wait()
        await until(lambda: len(window.library.entries) == 2, 30, "the new entry")
        assert [e.backend for e in window.library.entries] == ["local", "local"]
        await window.aclose()
        await cloud.aclose()
        await local.aclose()

    qasync_loop.run_until_complete(scenario())
    window.review.unload()
