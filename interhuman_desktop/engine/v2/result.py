"""The ``UploadJobResult`` payload: fixed windows over the file, the merged signals, the CQI.

Windows tile the file: ``[8k, 8k + 8)`` (the analyser's window length, the one its thresholds
are calibrated on; ``window_seconds`` says so), the last one running to the end of the media (a
tail under 1 s joins the window before it). Each window is analysed by the cue mapping over its
own span (``windows.analyse``); V2 signals carry the window's span and no ``modality``. The
merged list is the V1 merge rule over those windows (same type in adjacent windows → one span,
highest probability and its rationale), modality dropped.

``audible_only`` (inter-2-audio): only the six types the SDK lists for the audio model, the
voice-only confidence rule (no face to hold), engagement from speech alone.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from interhuman_desktop.engine.analysis.cqi import CQAccumulator, values
from interhuman_desktop.engine.analysis.cue_analyzer import merge_signals
from interhuman_desktop.engine.analysis.cues import LONG_PAUSE, CueTimeline, WindowCues
from interhuman_desktop.engine.analysis.mapping import (
    CONFIDENCE_MAX_SPREAD_DB,
    CONFIDENCE_MIN_LOUDNESS_DB,
    CONFIDENCE_MIN_SPEAKING,
    ENGAGED_SPEAKING_MIN,
)
from interhuman_desktop.engine.analysis.signal import SignalEstimate, half, pct
from interhuman_desktop.engine.analysis.windows import MIN_TAIL, WINDOW, WindowOutcome, analyse

AUDIBLE_TYPES = frozenset(
    {"agreement", "confidence", "frustration", "hesitation", "interest", "uncertainty"}
)
CQ_OVERALL = "conversation_quality_overall"
CQ_TIMELINE = "conversation_quality_timeline"


def tiles(media_end: float, window: float = WINDOW) -> list[tuple[float, float]]:
    """Consecutive ``(start, end)`` spans of ``window`` seconds covering ``[0, media_end)``."""
    spans: list[tuple[float, float]] = []
    start = 0.0
    while media_end - start > 1e-9:
        end = min(start + window, media_end)
        if spans and end - start < MIN_TAIL:
            spans[-1] = (spans[-1][0], media_end)
            break
        spans.append((round(start, 3), round(end, 3)))
        start = end
    return spans


def job_result(
    timeline: CueTimeline, media_end: float, include: list[str], *, audible_only: bool
) -> dict[str, Any]:
    end = round(media_end, 3)
    outcomes = [analyse(timeline, a, b, a) for a, b in tiles(end)]
    if audible_only:
        outcomes = [_audible(o) for o in outcomes]
    result: dict[str, Any] = {
        "duration_seconds": end,
        "window_seconds": WINDOW,
        "windows": [_window(i, o) for i, o in enumerate(outcomes)],
    }
    if "signals" in include:
        merged = merge_signals(outcomes, end)
        result["signals"] = [{k: v for k, v in s.items() if k != "modality"} for s in merged]
    if CQ_OVERALL in include or CQ_TIMELINE in include:
        result["conversation_quality"] = _conversation_quality(outcomes, include)
    return result


def _window(index: int, o: WindowOutcome) -> dict[str, Any]:
    start, end = o.window_start, o.window_end
    return {
        "index": index,
        "start_seconds": start,
        "end_seconds": end,
        "engagement_status": o.engagement,
        "signals": [
            {"type": s.type, "start": start, "end": end, "probability": s.probability,
             "rationale": s.rationale}
            for s in sorted(o.signals.values(), key=lambda s: s.type)
        ],
    }


def _conversation_quality(outcomes: list[WindowOutcome], include: list[str]) -> dict[str, Any]:
    section: dict[str, Any] = {}
    if CQ_OVERALL in include:
        acc = CQAccumulator()
        for o in outcomes:
            acc.add(o.scores)
        section["overall"] = acc.overall()
        section["basis"] = acc.basis()  # an extra field, as on V1 (docs/analyzer.md §2.7)
    if CQ_TIMELINE in include:
        section["timeline"] = [
            {"start": o.window_start, "end": o.window_end, "values": values(o.scores.values)}
            for o in outcomes
        ]
    return section


def _audible(o: WindowOutcome) -> WindowOutcome:
    signals = {k: s for k, s in o.signals.items() if k in AUDIBLE_TYPES}
    voice = voice_confidence(o.cues)
    if voice is not None:
        signals.setdefault(voice.type, voice)
    speaking = o.cues.speaking_ratio
    talking = speaking is not None and speaking >= ENGAGED_SPEAKING_MIN
    return replace(o, signals=signals, engagement="engaged" if talking else "neutral", states=())


def voice_confidence(c: WindowCues) -> SignalEstimate | None:
    """Confidence from the voice alone (mapping.confidence without its face terms): steady,
    loud enough, mostly speaking, at most one long pause. At most ``medium``: half the
    evidence the video model weighs is missing."""
    speaking, spread, loud = c.speaking_ratio, c.loudness_spread_db, c.loudness_db
    if speaking is None or spread is None or loud is None:
        return None
    if (
        speaking < CONFIDENCE_MIN_SPEAKING
        or len(c.long_pauses) > 1
        or spread > CONFIDENCE_MAX_SPREAD_DB
        or loud < CONFIDENCE_MIN_LOUDNESS_DB
    ):
        return None
    points = sum([speaking >= 0.75, not c.long_pauses, spread <= 2.5])
    level = "medium" if points == 3 else "low"
    pauses = "no pause" if not c.long_pauses else "one pause"
    text = (
        f"voice only: speaking {pct(speaking)} of the window at {loud:.0f} dBFS, loudness "
        f"steady (spread {half(spread)} dB), {pauses} over {LONG_PAUSE:g} s"
    )
    return SignalEstimate("confidence", level, text, ("audio",))
