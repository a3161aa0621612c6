"""Microphone-only recordings in Analyze and Library (the real local engine, real library):
a sound-only file goes to Inter-2 audio whatever upload model is chosen (and the card says
so), Library's "Re-analyse…" on it works and queues again each time; a video without sound
on Inter-2 audio is refused up front, and a refusal re-analysed is checked again."""

from __future__ import annotations

import dataclasses

from audio_helpers import speech_wav
from media_factory import make_clip
from waiting import until

from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.session.backend import BackendProvider
from interhuman_desktop.session.file_analysis import JobState
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.main_window import MainWindow

FINAL = (JobState.DONE, JobState.FAILED, JobState.REFUSED, JobState.CANCELLED)


def test_sound_only_files_are_analysed_with_inter2_audio(qtbot, qasync_loop, qsettings,
                                                          tmp_path) -> None:
    wav = speech_wav(tmp_path / "recording.wav")
    silent = make_clip(tmp_path / "silent.mp4", seconds=4, audio=False)
    store = MemorySettingsStore(AppSettings(upload_model="inter-2"))
    local = BackendProvider(store.load, lambda _t: None)
    window = MainWindow(store, qsettings=qsettings, client_provider=local.client,
                        library=AsyncLibrary(tmp_path / "lib"))
    qtbot.addWidget(window)
    ctl = window.analysis

    async def done(path, what: str, before=None):
        await until(lambda: path in ctl.jobs and ctl.jobs[path] is not before
                    and ctl.jobs[path].state in FINAL, 300, what)
        await ctl.wait()
        ctl._flush()
        return ctl.jobs[path]

    async def scenario() -> None:
        from PySide6.QtCore import QMimeData, QUrl

        from interhuman_desktop.ui.widgets.drop_zone import FILE_FILTER, split_drop

        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(wav))])
        assert split_drop(mime) == ([wav], []) and "*.wav" in FILE_FILTER  # it can be dropped
        window.open_files([wav])
        first = await done(wav, "the sound-only analysis")
        assert first.state == JobState.DONE, first.error
        assert first.verdict.model == "inter-2-audio"
        card = window.analyze.card(wav)
        assert "Sound only: analysed with Inter-2 audio" in card.verdict.text()
        assert first.timeline is not None and first.timeline.media_end > 15
        await window.library_ctl.wait()
        await until(lambda: len(window.library.entries) == 1, 30, "the library entry")
        # Library ▸ Re-analyse… with the V1 upload chosen: still Inter-2 audio, a new job
        store.save(dataclasses.replace(store.load(), upload_model="v1"))
        entry = window.library.entries[0]
        window.library.select(entry.id)
        dialog = window.library.reanalyse_selected()
        dialog.analyse_button.click()
        redo = await done(entry.media, "the re-analysis", first)
        assert redo.state == JobState.DONE, redo.error
        assert redo.verdict.model == "inter-2-audio" and redo.request.model == "v1"
        # a video without sound on Inter-2 audio: refused before any upload, no Retry
        store.save(dataclasses.replace(store.load(), upload_model="inter-2-audio"))
        window.open_files([silent])
        refused = await done(silent, "the silent video's check")
        assert refused.state == JobState.REFUSED and refused.sent == 0
        silent_card = window.analyze.card(silent)
        assert "no sound track" in silent_card.verdict.text()
        assert "Inter-2 or V1" in silent_card.verdict.text()
        assert "retry" not in silent_card.visible_actions()
        # re-analysing the refused row queues a new check, and says it was checked again
        ctl.reanalyse(silent, (), "local")
        again = await done(silent, "the second check", refused)
        assert again is not refused and again.state == JobState.REFUSED
        assert "again" in silent_card.status.text()
        await window.aclose()
        await local.aclose()

    qasync_loop.run_until_complete(scenario())
    window.review.unload()
