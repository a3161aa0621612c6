"""MicrophoneSource's PortAudio callback, called directly (no sound card here)."""

from __future__ import annotations

import os
import time
from types import SimpleNamespace

import numpy as np
import pytest

from interhuman_desktop.capture import MicrophoneSource, list_microphones
from interhuman_desktop.capture.microphone import BlockStamper
from interhuman_desktop.core import clock


def test_callback_stamps_the_first_sample_from_portaudio_times() -> None:
    mic = MicrophoneSource(queue_capacity=2)
    indata = np.arange(480, dtype=np.float32).reshape(480, 1)
    times = SimpleNamespace(currentTime=50.030, inputBufferAdcTime=50.010)
    before = clock.now()
    mic._callback(indata, 480, times, None)
    block = mic.blocks.get(0)
    assert block is not None
    assert before - 0.02 <= block.t <= clock.now() - 0.02 + 1e-6  # 20 ms before the callback
    assert block.sample_rate == 48_000 and np.array_equal(block.samples, indata[:, 0])
    assert not np.shares_memory(block.samples, indata)  # PortAudio reuses its buffer


def test_callback_without_host_times_assumes_a_just_filled_buffer() -> None:
    mic = MicrophoneSource(queue_capacity=2)
    before = clock.now()
    mic._callback(np.zeros((480, 1), np.float32), 480, SimpleNamespace(
        currentTime=0.0, inputBufferAdcTime=0.0), "input overflow")
    block = mic.blocks.get(0)
    assert block is not None and block.t == pytest.approx(before - 0.01, abs=0.005)
    assert mic.status_flags == 1


def test_full_queue_drops_oldest_and_counts() -> None:
    mic = MicrophoneSource(queue_capacity=2)
    times = SimpleNamespace(currentTime=0.0, inputBufferAdcTime=0.0)
    for _ in range(5):
        mic._callback(np.zeros((480, 1), np.float32), 480, times, None)
    stats = mic.stats()
    assert stats.blocks_captured == 5 and stats.blocks_dropped == 3 and stats.queue_depth == 2


@pytest.mark.mic
@pytest.mark.skipif(not list_microphones(), reason="no PortAudio input device")
def test_real_microphone_records_contiguous_blocks() -> None:
    """A real PortAudio input (CI: PulseAudio's module-sine-source at 440 Hz): contiguous
    10-ms blocks on our clock, whatever bursts the host API delivers them in, carrying the tone."""
    mic = MicrophoneSource(block_size=480)
    mic.start()
    try:
        clock_end = clock.now() + 3.0
        blocks = []
        while clock.now() < clock_end:
            block = mic.blocks.get(0.2)
            if block is not None:
                blocks.append(block)
    finally:
        mic.stop()
    assert len(blocks) >= 100
    gaps = np.diff([b.t for b in blocks])
    assert np.median(gaps) == pytest.approx(0.01, abs=0.002)
    samples = np.concatenate([b.samples for b in blocks])
    assert np.sqrt(np.mean(samples**2)) > 0.01, "the input is silent"
    last_second = samples[-48_000:]
    peak_hz = np.argmax(np.abs(np.fft.rfft(last_second))) * 48_000 / len(last_second)
    if os.environ.get("PULSE_SOURCE") == "sine":  # the CI sine source: we know the tone
        assert peak_hz == pytest.approx(440, abs=5)


def test_bursty_callbacks_still_get_contiguous_stamps() -> None:
    """Four 10-ms blocks delivered together every 40 ms: each reading is 2–32 ms late."""
    stamper = BlockStamper(48_000)
    stamps = []
    for burst in range(100):
        arrival = 5.0 + 0.04 * (burst + 1) + 0.002  # the burst's callbacks all run now
        for _ in range(4):
            stamps.append(stamper.stamp(arrival - 0.01, 480))
    # after the first burst (the envelope is not known before it) stamps are contiguous ...
    assert np.allclose(np.diff(stamps[4:]), 0.01, atol=2e-5)  # creep wobble < 1 sample
    # ... and within the smallest lateness (2 ms) of the true capture times
    assert stamps[4] == pytest.approx(5.04 + 0.002, abs=1e-4)


def test_stamper_follows_a_slow_device_clock_and_lost_samples() -> None:
    stamper = BlockStamper(48_000)
    true_rate = 48_000 * (1 - 100e-6)  # the device runs 100 ppm slow
    t, readings = 0.0, []
    for _ in range(6_000):  # one minute
        readings.append((t, stamper.stamp(t, 480)))
        t += 480 / true_rate
    assert abs(readings[-1][1] - readings[-1][0]) < 0.002  # creep keeps up with the drift
    jump = stamper.stamp(t + 0.5, 480)  # 0.5 s of samples lost in an overflow
    assert jump == pytest.approx(t + 0.5, abs=0.002)


def test_overflow_makes_the_stamps_follow_the_clock_again() -> None:
    mic = MicrophoneSource(queue_capacity=10)
    block = np.zeros((480, 1), np.float32)
    no_times = SimpleNamespace(currentTime=0.0, inputBufferAdcTime=0.0)
    before_first = clock.now()
    mic._callback(block, 480, no_times, None)
    after_first = clock.now()
    time.sleep(0.05)  # ≥ 40 ms of samples lost (a loaded machine sleeps longer: measured below)
    before_second = clock.now()
    mic._callback(block, 480, no_times, SimpleNamespace(input_overflow=True))
    after_second = clock.now()
    first, second = mic.blocks.get(0), mic.blocks.get(0)
    assert first is not None and second is not None
    gap = second.t - first.t  # the clock's gap between the callbacks, not 0.01 (the count)
    assert before_second - after_first - 1e-6 <= gap <= after_second - before_first + 1e-6
    assert gap >= 0.045
