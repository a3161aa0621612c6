"""A restarted app resumes the V2 job the last run left pending: on start it polls that job
(never submitting the file again) and the result joins the library (real engine, qasync)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import httpx
from interhumanai import InterhumanClient
from interhumanai.types import UploadJob
from media_factory import make_clip
from waiting import until

from interhuman_desktop.api.backend import Backend, make_client, make_http_client
from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.session.file_analysis import JobState
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.storage.v2_jobs import file_hash
from interhuman_desktop.ui.main_window import MainWindow


def _engine_jobs(state: Path) -> list[str]:
    db = sqlite3.connect(f"file:{state / 'jobs.sqlite'}?mode=ro", uri=True)
    try:
        return [row[0] for row in db.execute("SELECT job_id FROM jobs")]
    finally:
        db.close()


def test_a_pending_job_is_resumed_when_the_app_starts(qtbot, qasync_loop, tmp_path, qsettings,
                                                      engine_factory) -> None:
    state = tmp_path / "state"
    engine = engine_factory(extra_args=["--state-dir", str(state), "--v2-job-delay", "3"])
    clip = make_clip(tmp_path / "talk.mp4", seconds=5, face=True)
    with httpx.Client(timeout=120) as http, clip.open("rb") as fh:  # "the last run" submitted
        reply = http.post(engine.base_url + "/v2/upload/analyze",
                          headers={"Authorization": f"Bearer {engine.api_key}"},
                          files={"file": (clip.name, fh, "video/mp4")},
                          data={"model": "inter-2", "include[]": ["signals"]})
    assert reply.status_code == 202, reply.text
    job = UploadJob.model_validate(reply.json())
    library = AsyncLibrary(tmp_path / "library")
    qasync_loop.run_until_complete(library.call(
        "record_job", job_id=job.job_id, base_url="local", file_hash=file_hash(clip),
        file_path=str(clip), model="inter-2", include=["signals"],
        created_at=job.created_at.isoformat(), expires_at=job.expires_at.isoformat(),
        status=job.status.value))
    assert job.expires_at > datetime.now(UTC)

    http_client = make_http_client()

    async def client() -> InterhumanClient:
        return make_client(Backend.local(engine.base_url, engine.api_key), http_client)

    store = MemorySettingsStore(AppSettings())  # local engine, upload model inter-2
    window = MainWindow(store, qsettings=qsettings, client_provider=client, library=library)
    qtbot.addWidget(window)

    async def scenario() -> None:
        window.start_services()
        await until(lambda: clip in window.analysis.jobs, 60, "the pending file to be queued")
        resumed = window.analysis.jobs[clip]
        await until(lambda: resumed.state in (JobState.DONE, JobState.FAILED), 300, "the job")
        assert resumed.state == JobState.DONE, resumed.error
        assert resumed.raw_results[0] is not None
        assert resumed.raw_results[0]["job_id"] == job.job_id
        await window.library_ctl.wait()
        assert [e.title for e in window.library.entries] == ["talk"]
        (stored,) = await library.call("jobs_for_file", file_hash(clip), "inter-2", "local")
        assert stored.status == "completed" and stored.result is not None
        await window.aclose()
        await http_client.aclose()

    qasync_loop.run_until_complete(scenario())
    assert _engine_jobs(state) == [job.job_id]  # the file was never submitted again
