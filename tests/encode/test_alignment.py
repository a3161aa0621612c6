"""A/V alignment: a white frame and an audio click at the same instant stay together."""

from __future__ import annotations

import pytest
from encode_helpers import click_time, flash_click_clip, flash_time, run_through_writer

from interhuman_desktop.capture import FileSource
from interhuman_desktop.encode.segments import EncoderSettings

FPS = 30


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory):
    return flash_click_clip(tmp_path_factory.mktemp("av") / "flash.mp4", fps=FPS, at=1.5)


def test_the_clip_itself_is_aligned(clip) -> None:
    assert flash_time(clip) == pytest.approx(1.5, abs=1e-3)
    assert click_time(clip) == pytest.approx(1.5, abs=1e-3)


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "real-time"])
def test_flash_and_click_stay_within_one_frame(clip, tmp_path, fast: bool) -> None:
    src = FileSource(clip, fast=fast, video_queue=500, audio_queue=1000)
    _, segs = run_through_writer(src, tmp_path, settings=EncoderSettings(fps=FPS))
    first = segs[0].path
    flash, click = flash_time(first), click_time(first)
    assert flash == pytest.approx(1.5, abs=1 / FPS)
    assert abs(flash - click) <= 1 / FPS
    assert abs(flash - click) < 0.005  # in fact sample-accurate: AAC priming is compensated
