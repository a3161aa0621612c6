"""The conversation-quality index's vocabulary, shared by the CLI summary, the timeline model
and the widgets: the five dimensions, the interpretation bands, and "no evidence" (all 50)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from interhumanai import GoalDimension

DIMENSIONS: tuple[str, ...] = tuple(d.value for d in GoalDimension)  # the SDK's, in its order
NO_EVIDENCE = 50.0
BANDS = ((30.0, "weak"), (50.0, "below average"), (65.0, "moderate"), (80.0, "good"))


def band_name(score: float) -> str:
    """The CQI interpretation band of a 0–100 score."""
    for upper, name in BANDS:
        if score < upper:
            return name
    return "excellent"


def quality_index(values: Mapping[str, float]) -> float | None:
    """The mean of the five dimensions (or the explicit ``quality_index`` when given)."""
    if "quality_index" in values:
        return float(values["quality_index"])
    dims = [float(values[d]) for d in DIMENSIONS if d in values]
    return sum(dims) / len(dims) if dims else None


def is_no_evidence(values: Mapping[str, float] | None) -> bool:
    """None, empty, or all five dimensions exactly 50: no evidence, not a score (decision #14)."""
    if not values:
        return True
    return all(float(values.get(d, -1.0)) == NO_EVIDENCE for d in DIMENSIONS)


def has_evidence(values: Mapping[str, float] | None,
                 basis: Mapping[str, Iterable[str]] | None, dimension: str) -> bool:
    """False when nothing bore on ``dimension``: no evidence at all, or a basis (the cues each
    score came from) that lists none for it; its 50 is then no score. Without a basis (older
    entries, the cloud service) a score counts."""
    if is_no_evidence(values):
        return False
    return basis is None or bool(basis.get(dimension))


def evidence_dims(values: Mapping[str, float] | None,
                  basis: Mapping[str, Iterable[str]] | None) -> frozenset[str]:
    """The dimensions with evidence: none when the values are no evidence; with a basis (the
    cues behind each score) those with a cue; without one (the cloud) every dimension given.
    What the gauge shows as "no evidence" is the rest."""
    if values is None:
        return frozenset()
    return frozenset(d for d in DIMENSIONS if d in values and has_evidence(values, basis, d))


def change_over(now: Mapping[str, float], before: Mapping[str, float],
                dims: Iterable[str]) -> float | None:
    """How the index moved, counting only ``dims`` (those with evidence in both): the index
    difference when that is all five, else the mean difference over them; None for none."""
    common = [d for d in DIMENSIONS if d in set(dims) and d in now and d in before]
    if not common:
        return None
    if len(common) == len(DIMENSIONS):
        a, b = quality_index(now), quality_index(before)
        return None if a is None or b is None else a - b
    return sum(float(now[d]) - float(before[d]) for d in common) / len(common)
