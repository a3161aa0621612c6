"""Head pose from 3D face landmarks (Kabsch).

Pose: the observed landmarks of a few rigid points (eye corners, nose, forehead, chin, cheeks,
mouth corners) are centred and scaled, and the rotation that best maps the neutral reference
:data:`REFERENCE` onto them (least squares, Kabsch / orthogonal Procrustes) is decomposed as
``R = Ry(yaw) · Rx(pitch) · Rz(roll)`` in image axes (x right, y down, z away from the camera).

Nods and shakes are found in the pose series by ``oscillation``.
"""

from __future__ import annotations

import logging
import math

import numpy as np

log = logging.getLogger(__name__)

# MediaPipe FaceMesh indices of the rigid points used for pose, and their neutral positions
# (a frontal face in units of the inter-ocular distance, centred; measured once with FaceMesh on
# scikit-image's astronaut photo, a person looking into the camera: mirrored to be symmetric and
# turned so that her photo reads pitch 0).
POSE_POINTS = (33, 263, 133, 362, 168, 6, 1, 10, 152, 234, 454, 61, 291)
REFERENCE = np.array(
    [
        [-0.5, -0.217, -0.001], [0.5, -0.217, -0.001],
        [-0.196, -0.189, -0.056], [0.196, -0.189, -0.056],
        [0.0, -0.253, -0.251], [0.0, -0.168, -0.294], [0.0, 0.236, -0.449],
        [0.0, -0.727, -0.246], [0.0, 1.019, 0.052],
        [-0.75, -0.05, 0.601], [0.75, -0.05, 0.601],
        [-0.356, 0.402, 0.049], [0.356, 0.402, 0.049],
    ]
)
REFERENCE = REFERENCE - REFERENCE.mean(axis=0)

def kabsch(reference: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """The rotation R (3x3) minimising ``|R @ reference_i - observed_i|`` over centred points."""
    p = reference - reference.mean(axis=0)
    q = observed - observed.mean(axis=0)
    u, _, vt = np.linalg.svd(p.T @ q)
    d = math.copysign(1.0, float(np.linalg.det(vt.T @ u.T)))
    r: np.ndarray = vt.T @ np.diag([1.0, 1.0, d]) @ u.T
    return r


def rotation(pitch: float, yaw: float, roll: float) -> np.ndarray:
    """``Ry(yaw) · Rx(pitch) · Rz(roll)`` from degrees (the inverse of :func:`euler`)."""
    p, y, r = (math.radians(a) for a in (pitch, yaw, roll))
    rx = np.array([[1, 0, 0], [0, math.cos(p), -math.sin(p)], [0, math.sin(p), math.cos(p)]])
    ry = np.array([[math.cos(y), 0, math.sin(y)], [0, 1, 0], [-math.sin(y), 0, math.cos(y)]])
    rz = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    matrix: np.ndarray = ry @ rx @ rz
    return matrix


def euler(r: np.ndarray) -> tuple[float, float, float]:
    """(pitch, yaw, roll) in degrees of ``R = Ry(yaw) · Rx(pitch) · Rz(roll)``."""
    pitch = math.asin(max(-1.0, min(1.0, -float(r[1, 2]))))
    yaw = math.atan2(float(r[0, 2]), float(r[2, 2]))
    roll = math.atan2(float(r[1, 0]), float(r[1, 1]))
    return math.degrees(pitch), math.degrees(yaw), math.degrees(roll)


def head_pose(points: np.ndarray) -> tuple[float, float, float]:
    """(pitch, yaw, roll) of the :data:`POSE_POINTS` landmarks (N x 3, any scale)."""
    return euler(kabsch(REFERENCE, points))
