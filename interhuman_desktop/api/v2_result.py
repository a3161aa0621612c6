"""A completed V2 job's result in the app's one result model (the SDK's ``AnalysisResult``).

Everything after the upload (the timeline, the library, summaries, exports) reads an
``AnalysisResult``; a V2 result says the same things in another shape (inter-2.md §1.1):

- ``signals``: the merged whole-file list (asked for with ``include[]=signals``), with no
  ``modality`` (an empty list here). Without it, the windows' signals are merged the way the
  service merges them: the same type in adjacent windows is one span, with the highest
  probability and that window's rationale.
- ``engagement_state``: V2 has none; runs of windows with the same ``engagement_status``
  become one interval.
- ``conversation_quality``: V1 requires ``overall``; a V2 result with a timeline only keeps
  the timeline only if ``overall`` is there too (the client always asks for both).
- ``feedback``: never (V2 uploads have none; goals go through V1, decisions #18).
"""

from __future__ import annotations

from interhumanai import AnalysisResult
from interhumanai.types import (
    ConversationQuality,
    EngagementStateEntry,
    Signal,
    UploadJobResult,
    UploadJobSignal,
    UploadJobWindow,
)

PROBABILITY_ORDER = {"low": 0, "medium": 1, "high": 2}


def analysis_from_job(result: UploadJobResult) -> AnalysisResult:
    """The V1-shaped view of a V2 job result (see the module docstring)."""
    merged = result.signals if result.signals is not None else merge_windows(result.windows)
    cq = result.conversation_quality
    quality = None
    if cq is not None and cq.overall is not None:
        quality = ConversationQuality(overall=cq.overall, timeline=list(cq.timeline or []))
    return AnalysisResult(
        signals=[_signal(s) for s in merged],
        engagement_state=engagement_runs(result.windows),
        conversation_quality=quality,
    )


def merge_windows(windows: list[UploadJobWindow]) -> list[UploadJobSignal]:
    """Same type in adjacent windows → one span (highest probability, its rationale)."""
    open_: dict[str, UploadJobSignal] = {}
    done: list[UploadJobSignal] = []
    for window in sorted(windows, key=lambda w: w.start_seconds):
        seen = set()
        for sig in window.signals:
            key = sig.type.value
            seen.add(key)
            prev = open_.get(key)
            if prev is None or prev.end < window.start_seconds - 1e-6:
                if prev is not None:
                    done.append(prev)
                open_[key] = sig.model_copy()
                continue
            stronger = _rank(sig) > _rank(prev)
            open_[key] = prev.model_copy(update={
                "end": sig.end,
                "probability": sig.probability if stronger else prev.probability,
                "rationale": sig.rationale if stronger else prev.rationale,
            })
        for key in [k for k in open_ if k not in seen]:
            done.append(open_.pop(key))
    done.extend(open_.values())
    return sorted(done, key=lambda s: (s.start, s.type.value))


def engagement_runs(windows: list[UploadJobWindow]) -> list[EngagementStateEntry]:
    runs: list[EngagementStateEntry] = []
    for window in sorted(windows, key=lambda w: w.start_seconds):
        if runs and runs[-1].state == window.engagement_status:
            runs[-1] = runs[-1].model_copy(update={"end": window.end_seconds})
        else:
            runs.append(EngagementStateEntry(state=window.engagement_status,
                                             start=window.start_seconds,
                                             end=window.end_seconds))
    return runs


def _rank(sig: UploadJobSignal) -> int:
    return PROBABILITY_ORDER.get(sig.probability.value, -1) if sig.probability else -1


def _signal(sig: UploadJobSignal) -> Signal:
    return Signal(type=sig.type, start=sig.start, end=sig.end, probability=sig.probability,
                  rationale=sig.rationale, modality=[])
