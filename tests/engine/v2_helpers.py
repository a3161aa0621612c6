"""Helpers of the V2 engine tests: audio files in every format the audio model takes, and a
read-only look into an engine's job store (its state dir)."""

from __future__ import annotations

import sqlite3
from fractions import Fraction
from itertools import pairwise
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
           ".ogg": "libopus", ".webm": "libopus"}
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


FRAG_PER_KEYFRAME = {"movflags": "frag_keyframe+empty_moov+default_base_moof"}
FRAG_PER_SECOND = {"movflags": "empty_moov+default_base_moof", "frag_duration": "1000000"}


def fmp4_chunks(
    src: Path, dst: Path, fragments_per_chunk: int = 1, flags: dict[str, str] = FRAG_PER_KEYFRAME
) -> list[bytes]:
    """Remux ``src`` as one fragmented MP4 (a fragment per video keyframe: ~1 s here; audio
    only: ``FRAG_PER_SECOND``) and cut it the way a recorder emits it: init + first fragment,
    then bare ``moof``+``mdat`` pieces."""
    from interhuman_desktop.engine.media.sniff import mp4_boxes

    with av.open(str(src)) as inp, av.open(str(dst), "w", format="mp4", options=flags) as out:
        streams = {s.index: out.add_stream_from_template(s) for s in inp.streams
                   if s.type in ("video", "audio")}
        for packet in inp.demux(*[s for s in inp.streams if s.index in streams]):
            if packet.dts is None:
                continue
            packet.stream = streams[packet.stream.index]
            out.mux(packet)
    data = dst.read_bytes()
    moofs = [pos for kind, pos, _ in mp4_boxes(data) if kind == b"moof"]
    cuts = [0, *moofs[1::fragments_per_chunk], len(data)]
    return [data[a:b] for a, b in pairwise(cuts) if b > a]


def pcm_s16le(seconds: float, speech, rate: int) -> bytes:
    """Raw PCM (s16le mono) voicing ``speech``, as a microphone would give it."""
    import numpy as np

    samples = speech_audio(seconds, speech, rate=rate)
    return (np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()


def make_gap_clip(path: Path, seconds: float, gap: tuple[float, float], fps: int = 15) -> Path:
    """An mp4 whose video has no frames inside ``gap`` (seconds); the sound runs throughout."""
    from media_factory import AUDIO_RATE, pattern_frame

    with av.open(str(path), "w") as out:
        vs = out.add_stream("libx264", rate=fps)
        vs.width, vs.height, vs.pix_fmt = 320, 240, "yuv420p"
        vs.options = {"preset": "ultrafast"}
        astream = out.add_stream("aac", rate=AUDIO_RATE)
        astream.layout = "mono"
        for i in range(round(seconds * fps)):
            if gap[0] <= i / fps < gap[1]:
                continue
            frame = av.VideoFrame.from_ndarray(pattern_frame(i, 320, 240, None), format="bgr24")
            frame.pts, frame.time_base = i, Fraction(1, fps)
            out.mux(vs.encode(frame))
        out.mux(vs.encode(None))
        samples = speech_audio(seconds, [(0.2, seconds - 0.2)], rate=AUDIO_RATE)
        for start in range(0, len(samples), 1024):
            chunk = samples[start : start + 1024]
            frame = av.AudioFrame.from_ndarray(chunk[None, :], format="flt", layout="mono")
            frame.sample_rate, frame.pts = AUDIO_RATE, start
            frame.time_base = Fraction(1, AUDIO_RATE)
            out.mux(astream.encode(frame))
        out.mux(astream.encode(None))
    return path


def webm_audio_chunks(path: Path) -> list[bytes]:
    """An audio-only WebM cut at its Clusters (header + first Cluster, then bare Clusters)."""
    data = path.read_bytes()
    starts, pos = [], data.find(CLUSTER)
    while pos != -1:
        starts.append(pos)
        pos = data.find(CLUSTER, pos + 4)
    cuts = [0, *starts[1:], len(data)]
    return [data[a:b] for a, b in pairwise(cuts) if b > a]


CLUSTER = b"\x1f\x43\xb6\x75"
