"""A window's facial-expression cues from the per-frame expression probabilities.

Shares are of **all** the window's analysis frames (a frame without a face, or without an
expression reading, is not smiling), so "smiling 45% of the window" means what it says. A
window with no expression reading at all (Haar fallback, no model, no face) gives no
expression cues (``None``): no evidence, not "neutral".
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .expression import LABELS
from .face import FaceCue

PROB_MIN = 0.6  # a frame shows an expression when its (group) probability is at least this
HAPPY = (LABELS.index("happy"),)
NEGATIVE = tuple(LABELS.index(k) for k in ("sad", "angry", "fearful", "disgusted"))
DISTRESS = tuple(LABELS.index(k) for k in ("sad", "fearful"))


def expression_summary(faces: list[FaceCue]) -> dict[str, Any]:
    """``WindowCues`` expression fields for the analysis frames of one window."""
    read = [f.expression for f in faces if f.expression is not None]
    if not faces or not read:
        return {}
    probs = np.array(read, np.float64)
    n = len(faces)

    def share(group: tuple[int, ...]) -> float:
        return float(np.sum(probs[:, list(group)].sum(axis=1) >= PROB_MIN)) / n

    return {
        "expression_ratio": len(read) / n,
        "happy_ratio": share(HAPPY),
        "negative_ratio": share(NEGATIVE),
        "distress_ratio": share(DISTRESS),
        "expression_mean": tuple(round(float(p), 3) for p in probs.mean(axis=0)),
    }


def mean_of(mean: tuple[float, ...] | None, label: str) -> float | None:
    """The window's mean probability of one expression (None without expression cues)."""
    return None if mean is None else mean[LABELS.index(label)]


def strongest(mean: tuple[float, ...], group: tuple[int, ...]) -> str:
    """The label of the group with the highest mean probability."""
    return LABELS[max(group, key=lambda i: mean[i])]
