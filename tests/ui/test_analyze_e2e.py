"""End to end on the app's real loop (qasync): drop a file → local engine → Review."""

from __future__ import annotations

from media_factory import make_clip
from waiting import until

from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.session.backend import BackendProvider
from interhuman_desktop.session.file_analysis import JobState
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.main_window import MainWindow


def test_a_dropped_file_is_analysed_by_the_local_engine_and_opens_in_review(
        qtbot, qasync_loop, tmp_path, qsettings) -> None:
    clip = make_clip(tmp_path / "talk.mp4", seconds=6, face=True)
    store = MemorySettingsStore(AppSettings(goals=("clarity",)))  # feedback toward a goal
    states: list[str] = []
    provider = BackendProvider(store.load, states.append)
    library = AsyncLibrary(tmp_path / "library")
    window = MainWindow(store, tester=provider.test, qsettings=qsettings,
                        client_provider=provider.client, library=library)
    qtbot.addWidget(window)

    async def scenario() -> None:
        window.open_files([clip])  # queued once the library said it is new content
        await until(lambda: clip in window.analysis.jobs, what="the job")
        job = window.analysis.jobs[clip]
        await until(lambda: job.state in (JobState.DONE, JobState.FAILED, JobState.REFUSED),
                    300, "the analysis")
        assert job.state == JobState.DONE, job.error
        card = window.analyze.card(clip)
        await until(lambda: card.status.text().startswith("Analysed:"), 60, "the status flush")
        assert card.status.text().startswith("Analysed:")
        assert "mp4" in card.facts.text() and "00:06" in card.facts.text()
        assert card.verdict_kind == "ok"
        card.buttons["open"].click()
        assert window.current_view_name() == "Review"
        assert window.review.timeline is job.timeline
        assert job.request.goal_dimensions == ("clarity",)
        assert job.timeline.feedback, "a goal asks the service for feedback"
        assert window.review.ui.feedback.item(0).text() != "No feedback for this recording."
        await window.library_ctl.wait()  # the result was kept in the library, media copied
        entries = window.library.entries
        assert [e.title for e in entries] == ["talk"] and entries[0].media.exists()
        assert entries[0].media != clip and (entries[0].folder / "timeline.json").exists()
        assert window.library.table.topLevelItemCount() == 1
        report = await provider.test(store.load())
        assert report.ok and report.text().startswith("Key accepted by the local engine")
        await window.aclose()
        await provider.aclose()

    qasync_loop.run_until_complete(scenario())
    window.review.unload()
    assert states[0] == "starting the local engine…" and states[-1] == "idle"
