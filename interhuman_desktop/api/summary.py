"""A plain-text summary of an ``AnalysisResult`` (the ``analyze`` command prints it).

Band names and "no evidence" come from :mod:`interhuman_desktop.core.quality` (decision #14).
"""

from __future__ import annotations

from interhumanai import AnalysisResult, ConversationQualityValues, Feedback, NoFeedback

from interhuman_desktop.core.quality import DIMENSIONS, is_no_evidence
from interhuman_desktop.core.quality import band_name as cqi_band

__all__ = ["cqi_band", "no_evidence", "render_summary"]

def no_evidence(values: ConversationQualityValues) -> bool:
    return is_no_evidence(values.model_dump())


def _clock(seconds: float) -> str:
    minutes, secs = divmod(max(0.0, seconds), 60)
    return f"{int(minutes):d}:{secs:04.1f}"


def _span(start: float, end: float) -> str:
    return f"{_clock(start)}–{_clock(end)}"


def _score_text(values: ConversationQualityValues) -> str:
    if no_evidence(values):
        return "no evidence"
    dims = ", ".join(f"{d} {getattr(values, d):.0f}" for d in DIMENSIONS)
    q = values.quality_index
    return f"{q:.0f} ({cqi_band(q)}); {dims}"


def signals_section(result: AnalysisResult) -> list[str]:
    lines = [f"Signals ({len(result.signals)})"]
    if not result.signals:
        return [*lines, "  none detected"]
    lines.append(f"  {'time':<15} {'signal':<14} {'probability':<11} rationale")
    for sig in sorted(result.signals, key=lambda s: (s.start, s.end)):
        prob = sig.probability.value if sig.probability is not None else "-"
        rationale = sig.rationale or ""
        lines.append(
            f"  {_span(sig.start, sig.end):<15} {sig.type.value:<14} {prob:<11} {rationale}"
        )
    return lines


def engagement_section(result: AnalysisResult) -> list[str]:
    lines = ["Engagement"]
    if not result.engagement_state:
        return [*lines, "  no engagement timeline"]
    for entry in result.engagement_state:
        lines.append(f"  {_span(entry.start, entry.end):<15} {entry.state.value}")
    return lines


def quality_section(result: AnalysisResult) -> list[str]:
    cq = result.conversation_quality
    if cq is None:
        return []
    lines = ["Conversation quality", f"  overall: {_score_text(cq.overall)}"]
    for entry in cq.timeline:
        lines.append(f"  {_span(entry.start, entry.end):<15} {_score_text(entry.values)}")
    return lines


def feedback_section(result: AnalysisResult) -> list[str]:
    fb = result.feedback
    if isinstance(fb, Feedback):
        dims = ", ".join(d.value for d in fb.active_dimensions)
        extra = f" [{dims}]" if dims else ""
        return ["Feedback", f"  {fb.message}{extra}"]
    if isinstance(fb, NoFeedback):
        return ["Feedback", f"  none: {fb.reason}"]
    return []


def render_summary(result: AnalysisResult, *, title: str | None = None) -> str:
    """The readable summary: signals, engagement, conversation quality, feedback."""
    blocks = [signals_section(result), engagement_section(result)]
    blocks += [quality_section(result), feedback_section(result)]
    text = "\n\n".join("\n".join(block) for block in blocks if block)
    return f"{title}\n\n{text}\n" if title else text + "\n"
