"""A 60-minute session, simulated as fast as possible: audio and video must not drift apart.

The audio device's clock runs 100 ppm fast (360 ms per hour if the sample count were trusted
blindly) and its block timestamps jitter by ±3 ms. A white frame and a click are placed at the
same true instant every ten minutes and near the end; after encoding, each pair must decode
within one video frame of each other (in fact within the 20-ms re-anchor threshold).
"""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from encode_helpers import click_time, flash_time

from interhuman_desktop.capture import AudioBlock, VideoFrame
from interhuman_desktop.core.queues import DropQueue
from interhuman_desktop.encode.segment_writer import SegmentWriter
from interhuman_desktop.encode.segments import EncoderSettings

MINUTES = 60
FPS = 5
RATE = 48_000
BLOCK = 4_800
PPM = 100e-6
D = 10.0
EVENTS = [600.0 * k + 5.0 for k in range(MINUTES // 10)] + [MINUTES * 60 - 5.0]


def _wait_room(queue: DropQueue, limit: int) -> None:
    while len(queue) > limit:  # the test's producer (not a real source) may wait: no drops
        time.sleep(0.0005)


def _produce(t0: float, video: DropQueue, audio: DropQueue) -> None:
    rng = np.random.default_rng(1)
    true_rate = RATE * (1 + PPM)
    flash_frames = {round(t * FPS) for t in EVENTS}
    click_samples = [round(t * true_rate) for t in EVENTS]
    grey, white = np.full((48, 64, 3), 40, np.uint8), np.full((48, 64, 3), 255, np.uint8)
    n_frames, n_blocks = MINUTES * 60 * FPS, int(MINUTES * 60 * true_rate) // BLOCK
    i = j = 0
    while i < n_frames or j < n_blocks:
        tv, ta = i / FPS, j * BLOCK / true_rate
        if i < n_frames and (tv <= ta or j >= n_blocks):
            _wait_room(video, 200)
            video.put(VideoFrame(t0 + tv, white if i in flash_frames else grey, i))
            i += 1
            continue
        samples = np.zeros(BLOCK, np.float32)
        for s in click_samples:
            if j * BLOCK <= s < (j + 1) * BLOCK:
                samples[s - j * BLOCK : s - j * BLOCK + 240] = 0.9
        _wait_room(audio, 400)
        audio.put(AudioBlock(t0 + ta + rng.uniform(-0.003, 0.003), samples, RATE))
        j += 1


@pytest.mark.slow
def test_sixty_minutes_without_drift(tmp_path) -> None:
    video: DropQueue[VideoFrame] = DropQueue(1000)
    audio: DropQueue[AudioBlock] = DropQueue(1000)
    writer = SegmentWriter(tmp_path, video=video, audio=audio, segment_seconds=D,
                           settings=EncoderSettings(fps=FPS, threads=1), stall_timeout=30.0)
    t0 = 1000.0
    writer.start(t0)
    producer = threading.Thread(target=_produce, args=(t0, video, audio))
    producer.start()
    producer.join()
    segs = writer.stop()
    health = writer.health()
    assert writer.error is None
    assert len(segs) == MINUTES * 6
    assert health.frames_late == health.frames_dropped == health.audio_blocks_dropped == 0
    assert health.audio_reanchors > 0  # the rule had to act against the fast audio clock
    assert segs[-1].end_t == pytest.approx(MINUTES * 60, abs=1 / FPS)
    assert [s.start_t for s in segs] == pytest.approx([D * k for k in range(len(segs))])
    assert max(abs(s.media_duration - D) for s in segs) <= 1 / FPS
    for event in EVENTS:
        seg = segs[int(event // D)]
        flash, click = flash_time(seg.path), click_time(seg.path)
        assert seg.start_t + flash == pytest.approx(event, abs=1e-3)
        assert abs(flash - click) <= 1 / FPS, f"drift at {event} s"
        assert abs(flash - click) <= 0.025, f"drift at {event} s"
