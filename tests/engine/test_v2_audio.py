"""inter-2-audio: voice cues only, from audio files of every accepted format and from a video's
sound track; only the six audible signal types."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from engine_helpers import assert_error, http_client
from interhumanai import InterhumanClient
from interhumanai.types import UploadJob
from media_factory import make_clip
from v2_helpers import AUDIBLE, HESITANT, SUBMIT, auth, make_audio_file

FORMATS = (".wav", ".flac", ".mp3", ".m4a", ".ogg")


@pytest.fixture(scope="module")
def audio_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("v2audio")
    files = {s: make_audio_file(d / f"voice{s}") for s in FORMATS}
    files["video"] = make_clip(d / "talk.mp4", seconds=12.0, face=True, speech=HESITANT)
    files["mute"] = make_clip(d / "mute.webm", seconds=4.0, audio=False)
    return files


def _run(engine, path: Path) -> UploadJob:
    async def go() -> UploadJob:
        client = InterhumanClient(access_token=engine.api_key, base_url=engine.base_url)
        job = await client.upload.submit(path, model="inter-2-audio", include=["signals"])
        assert job.model.value == "inter-2-audio"
        return await client.upload.wait_for_job(job, timeout=300, poll_interval=0.2)

    return asyncio.run(go())


@pytest.mark.parametrize("suffix", FORMATS)
def test_audio_files_are_analysed_by_ear(engine, audio_files, suffix) -> None:
    job = _run(engine, audio_files[suffix])
    assert job.status.value == "completed", job.error
    result = job.result
    assert result is not None
    assert result.duration_seconds == pytest.approx(12.0, abs=0.1)
    window_types = {s.type.value for w in result.windows for s in w.signals}
    merged = {s.type.value for s in result.signals or []}
    assert window_types <= AUDIBLE and merged <= AUDIBLE
    # two pauses over a second inside speech in the first window: heard as hesitation
    first = {s.type.value: s for s in result.windows[0].signals}
    assert "hesitation" in first, result.windows[0]
    assert "pauses over 1 s" in (first["hesitation"].rationale or "")


def test_a_video_is_heard_not_seen(engine, audio_files) -> None:
    job = _run(engine, audio_files["video"])
    assert job.status.value == "completed", job.error
    assert job.result is not None
    types = {s.type.value for w in job.result.windows for s in w.signals}
    assert types <= AUDIBLE
    assert "hesitation" in types


def test_a_file_without_sound_is_ih5008(engine, audio_files) -> None:
    with http_client() as c, open(audio_files["mute"], "rb") as fh:
        r = c.post(engine.base_url + SUBMIT, headers=auth(engine.api_key),
                   files={"file": ("mute.webm", fh, "video/webm")},
                   data={"model": "inter-2-audio"})
    assert_error(r, 422, "ih5008")


def test_the_video_model_refuses_an_audio_file(engine, audio_files) -> None:
    with http_client() as c, open(audio_files[".wav"], "rb") as fh:
        r = c.post(engine.base_url + SUBMIT, headers=auth(engine.api_key),
                   files={"file": ("voice.wav", fh, "audio/wav")}, data={"model": "inter-2"})
    assert_error(r, 400, "ih4002")
