"""FaceMesh on a segment's pictures while it decodes gives exactly the serial answer."""

from __future__ import annotations

import threading
from pathlib import Path

import av
import numpy as np
import pytest
from media_factory import webm_stream_chunks

from interhuman_desktop.encode.segments import EncoderSettings, SegmentFile
from interhuman_desktop.engine.analysis.base import SessionOptions
from interhuman_desktop.engine.analysis.cue_analyzer import CueAnalyzer
from interhuman_desktop.engine.analysis.landmarks import MeshTracker
from interhuman_desktop.engine.media import StreamDecoder
from interhuman_desktop.resources import sample_clip

ALL_CQ = ["conversation_quality_overall", "conversation_quality_timeline"]
SECONDS, FPS, RATE = 12, 30, 48_000


@pytest.fixture(scope="module")
def sample_segments(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """The sample clip (a real face, speech) as the live app sends it: 3-s mp4 segments."""
    folder = tmp_path_factory.mktemp("segments")
    images, audio = [], []
    with av.open(str(sample_clip())) as container:
        for frame in container.decode(video=0):
            if len(images) < SECONDS * FPS:
                images.append(frame.to_ndarray(format="bgr24"))
        container.seek(0)
        resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        for frame in container.decode(audio=0):
            audio += [out.to_ndarray().reshape(-1) for out in resampler.resample(frame)]
    sound = np.concatenate(audio)
    out = []
    for k in range(SECONDS // 3):
        path = folder / f"segment_{k}.mp4"
        seg = SegmentFile(path, EncoderSettings(fps=FPS), start=3.0 * k, index=k, audio=True)
        for i in range(3 * FPS):
            seg.add_video(images[k * 3 * FPS + i], i / FPS, float(i))
        seg.add_audio(sound[k * 3 * RATE : (k + 1) * 3 * RATE].astype(np.float32))
        seg.close()
        out.append(path.read_bytes())
    return out


def run(chunks: list[bytes], prefetch: bool) -> tuple[list, list]:
    decoder = StreamDecoder(max_width=320)
    stream = CueAnalyzer().open_stream(SessionOptions(include=ALL_CQ))
    clock, events, faces = 0.0, [], []
    for chunk in chunks:
        media = decoder.decode(chunk, clock, stream.prefetch if prefetch else None)
        clock = media.end
        events += stream.feed(media)
        faces += [f for f in stream._timeline.faces if not faces or f.t > faces[-1].t]
    events += stream.finish()
    return events, faces


def test_prefetched_faces_and_events_equal_the_serial_ones(sample_segments, monkeypatch) -> None:
    threads: set[str] = set()
    landmarks = MeshTracker.landmarks

    def spy(self, image):
        threads.add(threading.current_thread().name)
        return landmarks(self, image)

    monkeypatch.setattr(MeshTracker, "landmarks", spy)
    serial_events, serial_faces = run(sample_segments, prefetch=False)
    assert threads == {threading.current_thread().name}
    threads.clear()
    events, faces = run(sample_segments, prefetch=True)
    assert threads == {"landmarks"}  # FaceMesh ran beside the decoder, never in the feed
    assert len(faces) == SECONDS * 10 and any(f.expression is not None for f in faces)
    assert faces == serial_faces
    assert events == serial_events and events


def test_webm_continuations_prefetch_like_serial(clip) -> None:
    path: Path = clip("talk.webm", seconds=15.0, face=True, speech=[(0.2, 15.0)], width=240,
                      height=180)
    chunks = webm_stream_chunks(path)
    assert run(chunks, prefetch=True) == run(chunks, prefetch=False)
