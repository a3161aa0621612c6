"""Head pose (Kabsch) on synthetic landmark sets with known answers (nods and shakes:
test_oscillation.py)."""

from __future__ import annotations

import numpy as np
import pytest

from interhuman_desktop.engine.analysis.headpose import (
    REFERENCE,
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
