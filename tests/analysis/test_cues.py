"""Window cue summaries with known answers (synthetic media, no codec)."""

from __future__ import annotations

import pytest
from analysis_clips import synthetic_media

from interhuman_desktop.engine.analysis.cues import CueTimeline


def test_window_summary_has_the_known_answers() -> None:
    timeline = CueTimeline()
    timeline.add(
        synthetic_media(0.0, 8.0, face=lambda t: t >= 4.0, speech=[(0.5, 3.0), (5.0, 7.5)])
    )
    c = timeline.window(0.0, 8.0)
    assert c.frames == 80
    assert c.face_ratio == pytest.approx(0.5, abs=0.05)
    assert c.centred_ratio == pytest.approx(0.5, abs=0.05)
    assert c.longest_absence == pytest.approx(4.0, abs=0.2)
    assert c.speaking_ratio == pytest.approx((2.5 + 2.5 + 0.4) / 8, abs=0.03)  # + 2 hangovers
    assert c.pauses == pytest.approx((2.0,), abs=0.06) and c.long_pauses == c.pauses
    assert c.loudness_db == pytest.approx(-17.7, abs=1.0)  # the test tone's level
    assert c.loudness_spread_db is not None and c.loudness_spread_db < 1.0


def test_pause_belongs_to_the_window_holding_its_midpoint() -> None:
    timeline = CueTimeline()
    timeline.add(synthetic_media(0.0, 12.0, speech=[(0.2, 7.0), (9.0, 12.0)], fps=2))
    assert timeline.window(3.0, 11.0).pauses == pytest.approx((2.0,), abs=0.06)
    assert timeline.window(0.0, 8.0).pauses == ()  # its midpoint (~8.1 s) is in the next one
    assert timeline.window(4.0, 12.0).pauses == pytest.approx((2.0,), abs=0.06)


def test_no_evidence_without_frames_or_audio() -> None:
    timeline = CueTimeline()
    timeline.add(synthetic_media(0.0, 3.0, fps=1, audio=False))
    c = timeline.window(0.0, 3.0)
    assert not c.has_video and not c.has_audio and c.frames == 3
