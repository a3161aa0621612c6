"""Conversation Quality Index from measured cues (documented in docs/analyzer.md).

Each dimension starts at 50 ("no evidence") and moves only with a cue that bears on it; every
term is a clipped linear score in -1..1 times a weight. ``learning`` has no cue (it needs
words) and stays 50. ``quality_index`` is the mean of the five dimensions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interhuman_desktop.core.quality import DIMENSIONS

from .cues import WindowCues

NEUTRAL = 50.0


def _clip(x: float) -> float:
    return max(-1.0, min(1.0, x))


@dataclass
class Scores:
    """One window's dimension scores and which dimensions had evidence."""

    values: dict[str, float] = field(default_factory=lambda: dict.fromkeys(DIMENSIONS, NEUTRAL))
    evidence: set[str] = field(default_factory=set)

    def add(self, dim: str, points: float) -> None:
        self.values[dim] = max(0.0, min(100.0, self.values[dim] + points))
        self.evidence.add(dim)


def window_scores(c: WindowCues) -> Scores:
    s = Scores()
    if c.speaking_ratio is not None:
        long_pauses = min(len(c.long_pauses), 4)
        s.add("clarity", 20 * _clip((c.speaking_ratio - 0.3) / 0.3) + 20 * (1 - long_pauses / 2))
        s.add("energy", 20 * _clip((c.speaking_ratio - 0.4) / 0.4))
    if c.loudness_db is not None:
        s.add("energy", 15 * _clip((c.loudness_db + 28) / 10))
    if c.pitch_spread_st is not None:  # a lively voice varies its pitch; a monotone one does not
        s.add("energy", 10 * _clip((c.pitch_spread_st - 2.0) / 2.0))
    if c.loudness_spread_db is not None:
        s.add("authority", 20 * _clip((5 - c.loudness_spread_db) / 3))
    if c.face_ratio is not None and c.centred_ratio is not None:
        facing = c.facing_ratio if c.facing_ratio is not None else c.face_ratio
        s.add("authority", 15 * _clip((facing - 0.5) / 0.4))
        s.add("rapport", 25 * _clip((c.centred_ratio - 0.5) / 0.4))
    if c.gaze_ratio is not None:  # eye contact
        s.add("rapport", 10 * _clip((c.gaze_ratio - 0.5) / 0.4))
    if c.nods is not None and c.nods >= 2:  # nodding along: an attentive listener
        s.add("rapport", 5.0)
    _expression_scores(s, c)
    return s


def _expression_scores(s: Scores, c: WindowCues) -> None:
    """Facial expression (FaceMesh + model): smiling warms rapport; an animated face (any
    expression but neutral) adds energy, a blank one takes a little."""
    if c.happy_ratio is not None:
        s.add("rapport", 15 * _clip(c.happy_ratio / 0.4))
    if c.expression_mean is not None:
        expressive = 1.0 - c.expression_mean[0]  # expression.LABELS[0] is "neutral"
        s.add("energy", 10 * _clip((expressive - 0.2) / 0.3))


def values(dims: dict[str, float]) -> dict[str, float]:
    """A ``ConversationQualityValues`` payload: the five (rounded) plus their mean."""
    out = {d: round(dims[d], 1) for d in DIMENSIONS}
    return {"quality_index": round(sum(out.values()) / len(DIMENSIONS), 1), **out}


class CQAccumulator:
    """Overall CQI: per dimension, the mean over windows that had evidence for it (else 50)."""

    def __init__(self) -> None:
        self._sum = dict.fromkeys(DIMENSIONS, 0.0)
        self._count = dict.fromkeys(DIMENSIONS, 0)

    def add(self, scores: Scores) -> None:
        for dim in scores.evidence:
            self._sum[dim] += scores.values[dim]
            self._count[dim] += 1

    def overall(self) -> dict[str, float]:
        dims = {
            d: self._sum[d] / self._count[d] if self._count[d] else NEUTRAL for d in DIMENSIONS
        }
        return values(dims)
