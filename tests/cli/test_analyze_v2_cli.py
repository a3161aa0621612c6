"""``analyze`` on V2 jobs (the default): the job envelope in --json, a finished file not
submitted again, goals sending the upload to V1 (said on stderr), and a killed run resumed."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from interhumanai import AnalysisResult
from interhumanai.types import UploadJob
from media_factory import make_clip
from waiting import until_sync

ROOT = Path(__file__).resolve().parents[2]


def _args(engine: Any, clip: Path, library: Path, *more: str) -> list[str]:
    return [sys.executable, "-m", "interhuman_desktop", "analyze", str(clip), "--base-url",
            engine.base_url, "--library", str(library), *more]


def _env(engine: Any, home: Path) -> dict[str, str]:
    return {**os.environ, "INTERHUMAN_API_KEY": engine.api_key,
            "INTERHUMAN_DESKTOP_HOME": str(home)}


def _cli(engine: Any, clip: Path, tmp: Path, *more: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_args(engine, clip, tmp / "library", *more), capture_output=True,
                          text=True, cwd=ROOT, env=_env(engine, tmp / "home"), timeout=240)


def _rows(db_path: Path, sql: str) -> list[tuple[Any, ...]]:
    if not db_path.exists():
        return []
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return db.execute(sql).fetchall()
    except sqlite3.OperationalError:  # not created yet
        return []
    finally:
        db.close()


@pytest.mark.slow
def test_v2_by_default_and_a_finished_file_is_not_sent_again(engine, tmp_path) -> None:
    clip = make_clip(tmp_path / "talk.mp4", seconds=5, face=True)
    first = _cli(engine, clip, tmp_path, "--json", str(tmp_path / "a.json"),
                 "--include", "overall")
    assert first.returncode == 0, first.stderr
    job = UploadJob.model_validate(json.loads((tmp_path / "a.json").read_text())["result"])
    assert job.status.value == "completed" and job.model.value == "inter-2"
    assert job.result is not None and job.result.conversation_quality is not None
    assert f"job {job.job_id} completed" in first.stderr
    again = _cli(engine, clip, tmp_path, "--json", str(tmp_path / "b.json"),
                 "--include", "overall", "--model", "inter-2")
    assert again.returncode == 0, again.stderr
    assert f"already analysed (job {job.job_id})" in again.stderr
    assert json.loads((tmp_path / "b.json").read_text())["result"]["job_id"] == job.job_id


@pytest.mark.slow
def test_goals_use_v1_and_say_so(engine, tmp_path) -> None:
    clip = make_clip(tmp_path / "talk.mp4", seconds=5, face=True)
    proc = _cli(engine, clip, tmp_path, "--json", str(tmp_path / "r.json"), "--goals", "clarity")
    assert proc.returncode == 0, proc.stderr
    assert "this upload uses V1" in proc.stderr
    result = AnalysisResult.model_validate(json.loads((tmp_path / "r.json").read_text())["result"])
    assert result.feedback is not None
    refused = _cli(engine, clip, tmp_path, "--api", "v1", "--model", "inter-2-audio")
    assert refused.returncode == 2 and "--model" in refused.stderr


@pytest.mark.slow
def test_a_killed_run_resumes_its_job(engine_factory, tmp_path) -> None:
    state = tmp_path / "state"
    engine = engine_factory(extra_args=["--state-dir", str(state), "--v2-job-delay", "15"])
    clip = make_clip(tmp_path / "talk.mp4", seconds=5, face=True)
    ledger = tmp_path / "library" / "library.sqlite3"
    proc = subprocess.Popen(_args(engine, clip, tmp_path / "library"), cwd=ROOT,
                            env=_env(engine, tmp_path / "home"), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        until_sync(lambda: _rows(ledger, "SELECT job_id FROM v2_jobs WHERE status = 'queued'"
                                         " OR status = 'running'"), 120, "the job recorded")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(60)
    ((job_id,),) = _rows(ledger, "SELECT job_id FROM v2_jobs")
    resumed = _cli(engine, clip, tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert f"resuming job {job_id}" in resumed.stderr
    assert _rows(state / "jobs.sqlite", "SELECT job_id FROM jobs") == [(job_id,)]  # sent once
    assert _rows(ledger, "SELECT status FROM v2_jobs") == [("completed",)]


def _wav(path: Path, seconds: float) -> Path:
    import wave

    import numpy as np
    from media_factory import speech_audio

    samples = speech_audio(seconds, [(0.2, 1.8), (3.0, 4.4), (5.6, seconds - 0.2)], rate=16000)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


@pytest.mark.slow
def test_an_audio_file_goes_to_inter_2_audio(engine, tmp_path) -> None:
    wav = _wav(tmp_path / "voice.wav", 8.0)
    proc = _cli(engine, wav, tmp_path, "--model", "inter-2-audio", "--json",
                str(tmp_path / "v.json"))
    assert proc.returncode == 0, proc.stderr
    job = UploadJob.model_validate(json.loads((tmp_path / "v.json").read_text())["result"])
    assert job.model.value == "inter-2-audio" and job.status.value == "completed"
    for more in ((), ("--api", "v1")):  # a model that needs the picture: Inter-2 audio, said
        auto = _cli(engine, wav, tmp_path, "--json", str(tmp_path / "auto.json"), *more)
        assert auto.returncode == 0, auto.stderr
        assert "Sound only: analysed with Inter-2 audio" in auto.stderr
        envelope = json.loads((tmp_path / "auto.json").read_text())["result"]
        assert envelope["model"] == "inter-2-audio"
    silent = make_clip(tmp_path / "silent.mp4", seconds=4, audio=False)
    refused = _cli(engine, silent, tmp_path, "--model", "inter-2-audio")
    assert refused.returncode == 2 and "no sound track" in refused.stderr
    short = _cli(engine, _wav(tmp_path / "short.wav", 2.0), tmp_path, "--model", "inter-2-audio")
    assert short.returncode == 2 and "at least 3 s" in short.stderr
