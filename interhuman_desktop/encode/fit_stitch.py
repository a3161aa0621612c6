"""Put the analyses of a split file's parts back on one timeline (see :mod:`.fit`).

Times of each part's result are shifted by the part's offset. Engagement entries and signals of
the same kind that touch across a cut are merged into one. The overall conversation quality is
the duration-weighted mean of the parts' overall scores; feedback is the first real feedback.
"""

from __future__ import annotations

from collections.abc import Sequence

from interhumanai import (
    AnalysisResult,
    ConversationQuality,
    ConversationQualityTimelineEntry,
    ConversationQualityValues,
    EngagementStateEntry,
    Feedback,
    Probability,
    Signal,
)

from interhuman_desktop.core.quality import DIMENSIONS

TOUCH = 0.25  # seconds: entries this close across a cut are one
_RANK = {Probability.LOW: 0, Probability.MEDIUM: 1, Probability.HIGH: 2, None: -1}
_DIMS = ("quality_index", *DIMENSIONS)


def stitch(results: Sequence[tuple[float, AnalysisResult]]) -> AnalysisResult:
    """One :class:`AnalysisResult` from ``(offset, result)`` pairs (any order)."""
    ordered = sorted(results, key=lambda pair: pair[0])
    signals: list[Signal] = []
    engagement: list[EngagementStateEntry] = []
    timeline: list[ConversationQualityTimelineEntry] = []
    for offset, result in ordered:
        signals.extend(
            s.model_copy(update={"start": s.start + offset, "end": s.end + offset})
            for s in result.signals
        )
        engagement.extend(
            e.model_copy(update={"start": e.start + offset, "end": e.end + offset})
            for e in result.engagement_state
        )
        if result.conversation_quality is not None:
            timeline.extend(
                t.model_copy(update={"start": t.start + offset, "end": t.end + offset})
                for t in result.conversation_quality.timeline
            )
    return AnalysisResult(
        signals=_merge_signals(signals),
        engagement_state=_merge_engagement(engagement),
        feedback=_feedback(ordered),
        conversation_quality=_quality(ordered, timeline),
    )


def _merge_engagement(entries: list[EngagementStateEntry]) -> list[EngagementStateEntry]:
    out: list[EngagementStateEntry] = []
    for entry in sorted(entries, key=lambda e: e.start):
        prev = out[-1] if out else None
        if prev is not None and prev.state == entry.state and entry.start - prev.end <= TOUCH:
            out[-1] = prev.model_copy(update={"end": max(prev.end, entry.end)})
        else:
            out.append(entry)
    return out


def _merge_signals(signals: list[Signal]) -> list[Signal]:
    out: list[Signal] = []
    open_by_type: dict[str, int] = {}
    for sig in sorted(signals, key=lambda s: (s.start, s.end)):
        index = open_by_type.get(sig.type.value)
        prev = out[index] if index is not None else None
        if prev is not None and sig.start - prev.end <= TOUCH:
            best = sig if _RANK[sig.probability] > _RANK[prev.probability] else prev
            out[index] = prev.model_copy(  # type: ignore[index]
                update={
                    "end": max(prev.end, sig.end),
                    "probability": best.probability,
                    "rationale": best.rationale or prev.rationale,
                    "modality": sorted(set(prev.modality) | set(sig.modality)),
                }
            )
        else:
            open_by_type[sig.type.value] = len(out)
            out.append(sig)
    return out


def _feedback(ordered: Sequence[tuple[float, AnalysisResult]]):  # type: ignore[no-untyped-def]
    candidates = [r.feedback for _, r in ordered if r.feedback is not None]
    real = [f for f in candidates if isinstance(f, Feedback)]
    return real[0] if real else (candidates[0] if candidates else None)


def _span(offset: float, result: AnalysisResult, next_offset: float | None) -> float:
    if next_offset is not None:
        return max(next_offset - offset, 1e-6)
    ends = [s.end for s in result.signals] + [e.end for e in result.engagement_state]
    if result.conversation_quality is not None:
        ends += [t.end for t in result.conversation_quality.timeline]
    return max([*ends, 1.0])


def _quality(
    ordered: Sequence[tuple[float, AnalysisResult]],
    timeline: list[ConversationQualityTimelineEntry],
) -> ConversationQuality | None:
    weighted: list[tuple[float, ConversationQualityValues]] = []
    for i, (offset, result) in enumerate(ordered):
        if result.conversation_quality is None:
            continue
        nxt = ordered[i + 1][0] if i + 1 < len(ordered) else None
        weighted.append((_span(offset, result, nxt), result.conversation_quality.overall))
    if not weighted:
        return None
    total = sum(w for w, _ in weighted)
    mean = {d: sum(w * getattr(v, d) for w, v in weighted) / total for d in _DIMS}
    overall = ConversationQualityValues(**mean)
    return ConversationQuality(overall=overall, timeline=sorted(timeline, key=lambda t: t.start))
