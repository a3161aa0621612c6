"""Frames and blocks are immutable once handed off (they cross threads by reference)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from interhuman_desktop.capture import AudioBlock, VideoFrame


def test_video_frame_is_frozen_and_read_only() -> None:
    frame = VideoFrame(1.0, np.zeros((4, 6, 3), np.uint8), 0)
    assert (frame.width, frame.height) == (6, 4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        frame.t = 2.0  # type: ignore[misc]
    with pytest.raises(ValueError):
        frame.image[0, 0, 0] = 1


def test_video_frame_rejects_wrong_layout() -> None:
    with pytest.raises(ValueError):
        VideoFrame(0.0, np.zeros((4, 6), np.uint8), 0)
    with pytest.raises(ValueError):
        VideoFrame(0.0, np.zeros((4, 6, 3), np.float32), 0)


def test_audio_block_times_and_read_only() -> None:
    block = AudioBlock(10.0, np.zeros(480, np.float32), 48_000)
    assert block.duration == pytest.approx(0.01)
    assert block.end_t == pytest.approx(10.01)
    with pytest.raises(ValueError):
        block.samples[0] = 1.0
    with pytest.raises(ValueError):
        AudioBlock(0.0, np.zeros((2, 10), np.float32), 48_000)
