"""Helpers of the V2 engine tests: audio files in every format the audio model takes, and a
read-only look into an engine's job store (its state dir)."""

from __future__ import annotations

import sqlite3
from fractions import Fraction
from pathlib import Path

import av
from media_factory import speech_audio

JOBS = "/v2/upload/jobs/"
SUBMIT = "/v2/upload/analyze"
ENVELOPE_KEYS = {"job_id", "status", "model", "created_at", "expires_at", "status_url"}
AUDIBLE = {"agreement", "confidence", "frustration", "hesitation", "interest", "uncertainty"}
# Speech with two pauses over a second inside the first 8-s window: hesitation evidence.
HESITANT = [(0.2, 1.8), (3.0, 4.4), (5.6, 7.8), (8.2, 11.5)]
_CODECS = {".wav": "pcm_s16le", ".flac": "flac", ".mp3": "libmp3lame", ".m4a": "aac",
           ".ogg": "libopus"}
RATE = 48_000


def make_audio_file(path: Path, seconds: float = 12.0, speech=HESITANT) -> Path:
    """An audio-only file (codec by suffix) voicing ``speech`` like media_factory's clips."""
    samples = speech_audio(seconds, speech, rate=RATE)
    with av.open(str(path), "w") as out:
        stream = out.add_stream(_CODECS[path.suffix], rate=RATE)
        stream.layout = "mono"
        block = 960
        for start in range(0, len(samples), block):
            chunk = samples[start : start + block]
            frame = av.AudioFrame.from_ndarray(chunk[None, :], format="flt", layout="mono")
            frame.sample_rate, frame.pts = RATE, start
            frame.time_base = Fraction(1, RATE)
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path


def stored_jobs(state_dir: Path) -> dict[str, str]:
    """job_id → status, read straight from the engine's SQLite store (read-only)."""
    db = sqlite3.connect(f"file:{state_dir / 'jobs.sqlite'}?mode=ro", uri=True)
    try:
        return dict(db.execute("SELECT job_id, status FROM jobs").fetchall())
    except sqlite3.OperationalError:  # not created yet
        return {}
    finally:
        db.close()


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}
