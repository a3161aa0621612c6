"""Head pose (Kabsch) and nod/shake counting on synthetic inputs with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from interhuman_desktop.engine.analysis.headpose import (
    REFERENCE,
    count_swings,
    head_pose,
    kabsch,
    rotation,
)


@pytest.mark.parametrize("pose", [(0, 0, 0), (12, -25, 4), (-20, 35, -8), (5, 60, 0)])
def test_pose_of_a_rotated_landmark_set_is_recovered(pose) -> None:
    rng = np.random.default_rng(0)
    points = REFERENCE @ rotation(*pose).T * 80.0 + [320, 240, 5]  # scaled and moved
    points += rng.normal(0, 0.4, points.shape)  # ~0.5 % landmark noise
    got = head_pose(points)
    assert np.allclose(got, pose, atol=1.5), got


def test_kabsch_is_a_proper_rotation() -> None:
    r = kabsch(REFERENCE, REFERENCE @ rotation(10, 20, 30).T)
    assert np.allclose(r @ r.T, np.eye(3), atol=1e-9)
    assert np.linalg.det(r) == pytest.approx(1.0)


def _series(amp: float, hz: float, spans, seconds: float = 8.0, noise: float = 0.5):
    t = np.arange(0, seconds, 0.1)
    x = np.zeros_like(t)
    for a, b in spans:
        inside = (t >= a) & (t < b)
        x[inside] = amp * np.sin(2 * np.pi * hz * (t[inside] - a))
    return t, x + np.random.default_rng(1).normal(0, noise, t.size)


def test_nods_counted_on_a_pitch_sine() -> None:
    t, x = _series(10.0, 1.5, [(2.0, 4.0)])  # 3 cycles
    count, span = count_swings(t, x)
    assert count == 3
    assert 1.0 <= span <= 2.2


def test_still_head_slow_sway_and_small_tremor_are_not_nods() -> None:
    t, _ = _series(0, 1, [])
    assert count_swings(t, 2.0 * np.sin(2 * np.pi * 0.2 * t))[0] == 0  # slow sway
    assert count_swings(t, 1.5 * np.sin(2 * np.pi * 2.0 * t))[0] == 0  # ±1.5°: below a nod
    assert count_swings(*_series(0, 1, [], noise=1.0))[0] == 0


def test_a_single_turn_is_not_an_oscillation() -> None:
    t = np.arange(0, 8, 0.1)
    turn = np.clip((t - 3) * 40, 0, 40)  # turns 40° and stays there
    assert count_swings(t, turn)[0] <= 1


def test_gaps_split_the_series_and_short_pieces_give_nothing() -> None:
    t, x = _series(10.0, 1.5, [(0.0, 8.0)])
    keep = (t < 0.8) | (t > 1.6)  # a 0.8-s gap
    assert count_swings(t[keep], x[keep])[0] >= 8
    assert count_swings(t[:5], x[:5]) == (0, 0.0)
