"""The CQI's basis on the local engine (issue 12 leftover): the gauge names the cues each score
came from after a fresh analysis (a V2 job, the default upload) and after the entry is reopened
from the library (the stream's: tests/engine/test_stream_basis.py). "The service does not say"
is only for a result that really has none (the cloud's)."""

from __future__ import annotations

from media_factory import make_clip
from waiting import until

from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.core.quality import DIMENSIONS
from interhuman_desktop.session.backend import BackendProvider
from interhuman_desktop.session.file_analysis import JobState
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.main_window import MainWindow
from interhuman_desktop.ui.widgets.gauge import QualityGauge

NOT_SAID = "does not say"


def _says_its_basis(gauge: QualityGauge) -> list[str]:
    texts = [gauge.basis_text(d) for d in DIMENSIONS]
    assert not any(NOT_SAID in t for t in texts), texts
    return [t for t in texts if ", from: " in t]


def test_local_basis_after_a_fresh_analysis_and_after_reopening(
        qtbot, qasync_loop, tmp_path, qsettings) -> None:
    clip = make_clip(tmp_path / "talk.mp4", seconds=6, face=True)
    store = MemorySettingsStore(AppSettings())  # no goals: the default V2 job ("inter-2")
    provider = BackendProvider(store.load, lambda _s: None)
    window = MainWindow(store, tester=provider.test, qsettings=qsettings,
                        client_provider=provider.client, library=AsyncLibrary(tmp_path / "lib"))
    qtbot.addWidget(window)
    window.show()
    review = window.review

    async def scenario() -> None:
        window.start_services()
        window.open_files([clip])  # queued once the library said it is new content
        await until(lambda: clip in window.analysis.jobs, what="the job")
        job = window.analysis.jobs[clip]
        await until(lambda: job.state in (JobState.DONE, JobState.FAILED, JobState.REFUSED),
                    300, "the analysis")
        assert job.state == JobState.DONE, job.error
        assert "job_id" in job.raw_results[0]  # it went as a V2 job
        window.analyze.card(clip).buttons["open"].click()
        assert review.timeline is job.timeline
        fresh = _says_its_basis(review.gauge)
        assert fresh, "at least one dimension names its cues"
        await window.library_ctl.wait()
        entry = window.library.entries[0]
        assert entry.backend == "local"
        review.unload()
        window.library.select(entry.id)
        window.library.open_selected()
        await until(lambda: review.entry is not None, what="the entry reopened in Review")
        assert review.timeline is not job.timeline  # read back from the library's files
        assert _says_its_basis(review.gauge) == fresh
        await window.aclose()
        await provider.aclose()

    qasync_loop.run_until_complete(scenario())
    review.unload()


def test_only_a_result_without_basis_says_so(qtbot) -> None:
    gauge = QualityGauge()
    qtbot.addWidget(gauge)
    gauge.set_values(dict.fromkeys(DIMENSIONS, 60.0))
    gauge.set_basis(None, "cloud")
    assert NOT_SAID in gauge.basis_text("energy")
    gauge.set_basis(None, "local")  # an entry kept before the basis was
    assert NOT_SAID not in gauge.basis_text("energy")
    assert "analyse it again" in gauge.basis_text("energy")
