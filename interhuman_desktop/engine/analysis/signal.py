"""A window's signal estimate and the number formats its rationales use."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SignalEstimate:
    """A signal that one window supports."""

    type: str
    probability: str
    rationale: str
    modality: tuple[str, ...]


def pct(x: float) -> str:
    """A share as a percentage rounded to 5 (so small jitter does not change a rationale)."""
    return f"{round(x * 20) * 5}%"


def secs(x: float) -> str:
    return f"{x:.1f} s"


def half(x: float) -> str:
    """A value rounded to 0.5 (rationales change only when a cue really moves)."""
    return f"{round(x * 2) / 2:.1f}"
