"""A window's face cues: presence, facing, gaze, smile, steadiness, nods, shakes, expressions."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from .expression_window import expression_summary
from .face import FaceCue
from .oscillation import oscillations
from .voice import runs

log = logging.getLogger(__name__)

MIN_VIDEO_FRAMES = 5  # fewer analysis frames in a window: no visual evidence
SMILE_RATIO = 0.75  # mouth width / inter-ocular distance at or above which a face is smiling


def face_summary(faces: list[FaceCue], span: float, detector: str) -> dict[str, Any]:
    """``WindowCues`` face fields for the frames of one window (``span`` seconds)."""
    if len(faces) < MIN_VIDEO_FRAMES:
        return {"frames": len(faces), "detector": detector}
    present = [f for f in faces if f.present]
    absent_runs = runs(np.array([not f.facing for f in faces]))
    step = span / len(faces)
    n = len(faces)
    summary: dict[str, Any] = {
        "frames": n,
        "detector": detector,
        "face_ratio": len(present) / n,
        "centred_ratio": sum(f.centred for f in faces) / n,
        "facing_ratio": sum(f.facing for f in faces) / n,
        "longest_absence": max((b - a for a, b in absent_runs), default=0) * step,
    }
    if present:
        summary["face_width"] = float(np.mean([f.width for f in present]))
        summary["face_jitter"] = float(
            np.hypot(np.std([f.dx for f in present]), np.std([f.dy for f in present]))
        )
    if detector == "facemesh":
        summary.update(_landmark_summary(faces))
        summary.update(expression_summary(faces))
    return summary


def _landmark_summary(faces: list[FaceCue]) -> dict[str, Any]:
    posed = [f for f in faces if f.pitch is not None and f.yaw is not None]
    if not posed:  # FaceMesh saw no face at all: no gaze on the camera, nothing moved
        return {"gaze_ratio": 0.0, "nods": 0, "shakes": 0}
    n = len(faces)
    nods, shakes = oscillations(faces, 0), oscillations(faces, 1)
    smiles = [f.smile for f in posed if f.smile is not None]
    return {
        "gaze_ratio": sum(bool(f.gaze) for f in faces) / n,
        "smile_ratio": sum(s >= SMILE_RATIO for s in smiles) / len(posed) if smiles else None,
        "nods": nods.count,
        "nod_span": nods.span,
        "nod_amp": nods.amplitude,
        "shakes": shakes.count,
        "shake_span": shakes.span,
        "shake_amp": shakes.amplitude,
    }
