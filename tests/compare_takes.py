"""Two takes of the sample clip for Compare and Progress: take 1 is the clip itself, take 2 the
same clip with a changed segment (a grey picture with no face and silence), both analysed by the
local engine and saved into a real library. Used by the tests and by ``scripts/screenshots``."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import av
import numpy as np
from media_factory import AUDIO_RATE, make_clip

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "sample" / "sample.mp4"
CHANGED = (7.0, 13.0)  # seconds of take 2 replaced


def _audio(path: Path) -> np.ndarray:
    resampler = av.AudioResampler(format="flt", layout="mono", rate=AUDIO_RATE)
    chunks = []
    with av.open(str(path)) as src:
        for frame in src.decode(audio=0):
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray().reshape(-1))
    return np.concatenate(chunks).astype(np.float32)


def changed_take(out: Path, changed: tuple[float, float] = CHANGED) -> Path:
    """The sample clip re-encoded with ``changed`` (seconds) replaced by grey and silence."""
    with av.open(str(SAMPLE)) as src:
        stream = src.streams.video[0]
        fps = round(float(stream.average_rate or 30))
        width, height = stream.width, stream.height
        seconds = float(src.duration or 0) / 1e6
    frames = av.open(str(SAMPLE))
    decoded = frames.decode(video=0)
    grey = np.full((height, width, 3), 128, np.uint8)

    def frame_fn(index: int) -> np.ndarray:
        try:
            image = next(decoded).to_ndarray(format="bgr24")
        except StopIteration:
            image = grey
        return grey if changed[0] <= index / fps < changed[1] else image

    audio = _audio(SAMPLE)
    audio[int(changed[0] * AUDIO_RATE):int(changed[1] * AUDIO_RATE)] = 0.0
    try:
        return make_clip(out, seconds=seconds, width=width, height=height, fps=fps,
                         frame_fn=frame_fn, audio_samples=audio)
    finally:
        frames.close()


def longer_take(out: Path, seconds: float) -> Path:
    """The sample clip played over and over (picture and sound) for ``seconds``: a longer take
    than the sample's 20 s, to compare takes of different lengths."""
    with av.open(str(SAMPLE)) as src:
        stream = src.streams.video[0]
        fps = round(float(stream.average_rate or 30))
        width, height = stream.width, stream.height
        images = [f.to_ndarray(format="bgr24") for f in src.decode(video=0)]
    sound = _audio(SAMPLE)
    audio = np.resize(sound, int(seconds * AUDIO_RATE))  # repeats the sample's sound
    return make_clip(out, seconds=seconds, width=width, height=height, fps=fps,
                     frame_fn=lambda index: images[index % len(images)], audio_samples=audio)


async def analyse_into(base_url: str, key: str, clip: Path, root: Path,
                       tags: tuple[str, ...] = ()):
    """Analyse ``clip`` with the local engine and save it as a library entry (like the GUI)."""
    from interhuman_desktop.api.backend import Backend, make_client, make_http_client
    from interhuman_desktop.api.upload import analyze_file_raw
    from interhuman_desktop.session.from_result import timeline_from_result
    from interhuman_desktop.session.library_sync import save_file_analysis
    from interhuman_desktop.storage.library import AsyncLibrary

    async with make_http_client() as http:
        client = make_client(Backend.local(base_url, key), http)
        outcome = await analyze_file_raw(
            client, clip, include=["conversation_quality_overall",
                                   "conversation_quality_timeline"],
            goal_dimensions=["clarity", "rapport"], conversation_context="a pitch rehearsal")
    library = AsyncLibrary(root)
    try:
        entry = await save_file_analysis(library, clip, timeline_from_result(outcome.result),
                                         [outcome.raw])
        for tag in tags:
            entry = await library.call("add_tag", entry.id, tag)
        return await library.call("get", entry.id)
    finally:
        library.close()


def two_takes(base_url: str, key: str, work: Path, root: Path) -> tuple:
    """(take 1, take 2) entries: the sample clip and its changed copy, a week apart."""
    work.mkdir(parents=True, exist_ok=True)
    first = work / "Pitch take 1.mp4"
    first.write_bytes(SAMPLE.read_bytes())
    second = changed_take(work / "Pitch take 2.mp4")
    a = asyncio.run(analyse_into(base_url, key, first, root, ("pitch",)))
    b = asyncio.run(analyse_into(base_url, key, second, root, ("pitch",)))
    return dated(root, a.id, "2026-01-05T10:00:00+00:00"), dated(root, b.id,
                                                                   "2026-01-12T10:00:00+00:00")


def dated(root: Path, entry_id: int, created_at: str):
    """Move an entry to another date (the library has no API for it: entries are dated when
    they are made); returns the entry as read back."""
    from interhuman_desktop.storage.library import Library

    db = sqlite3.connect(root / "library.sqlite3")
    with db:
        db.execute("UPDATE entries SET created_at = ? WHERE id = ?", (created_at, entry_id))
    db.close()
    library = Library(root)
    try:
        return library.get(entry_id)
    finally:
        library.close()
