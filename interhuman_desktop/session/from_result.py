"""Put a file analysis (``AnalysisResult``) onto a :class:`SessionTimeline`.

A file split into parts is analysed part by part; each part's result lands at its ``offset``
so the parts read as one recording.
"""

from __future__ import annotations

from typing import Any

from interhumanai import AnalysisResult, NoFeedback

from interhuman_desktop.session.timeline import QualityPeriod, SessionTimeline, SignalInterval


def _value(enum_or_str: object) -> str:
    return str(getattr(enum_or_str, "value", enum_or_str))


def add_result(timeline: SessionTimeline, result: AnalysisResult, offset: float = 0.0) -> None:
    """Append every signal, engagement entry, quality period and feedback of ``result``."""
    for s in result.signals:
        prob = _value(s.probability) if s.probability is not None else None
        interval = SignalInterval(_value(s.type), s.start + offset, s.end + offset, prob,
                                  s.rationale, list(s.modality))
        interval.history.append((interval.start, prob, s.rationale))
        timeline.signals.append(interval)
        timeline.media_end = max(timeline.media_end, interval.end or 0.0)
    for entry in result.engagement_state:
        timeline.engagement_changed(_value(entry.state), entry.start + offset)
        timeline.media_end = max(timeline.media_end, entry.end + offset)
    quality = result.conversation_quality
    if quality is not None:
        periods = [QualityPeriod(p.start + offset, p.end + offset, p.values.model_dump())
                   for p in quality.timeline]
        timeline.quality_updated(quality.overall.model_dump(), periods)
    feedback = result.feedback
    if feedback is not None:
        if isinstance(feedback, NoFeedback):
            text = f"No feedback: {feedback.reason}"
        else:
            text = feedback.message
        timeline.feedback_generated(offset, text)
    timeline.signals.sort(key=lambda s: s.start)
    timeline.revision += 1


def add_basis(timeline: SessionTimeline, raw: dict[str, Any] | None) -> None:
    """The cues behind each CQI dimension, from the raw answer's ``conversation_quality.basis``
    (the local engine sends it; the SDK model drops unknown fields), in a V1 answer or in a V2
    job's ``result``. Parts add up."""
    answer = (raw or {}).get("result") if "job_id" in (raw or {}) else raw
    quality = (answer if isinstance(answer, dict) else {}).get("conversation_quality") or {}
    basis = quality.get("basis") if isinstance(quality, dict) else None
    if not isinstance(basis, dict):
        return
    merged = dict(timeline.quality_basis or {})
    for dim, cues in basis.items():
        if isinstance(cues, list):
            known = merged.setdefault(str(dim), [])
            known.extend(str(c) for c in cues if str(c) not in known)
    timeline.quality_basis = merged


def timeline_from_result(result: AnalysisResult, offset: float = 0.0) -> SessionTimeline:
    timeline = SessionTimeline()
    add_result(timeline, result, offset)
    return timeline
