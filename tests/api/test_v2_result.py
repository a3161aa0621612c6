"""A V2 job result in the app's result model: merged signals, engagement runs, CQ."""

from __future__ import annotations

from interhumanai.types import UploadJobResult

from interhuman_desktop.api.jobs import job_include
from interhuman_desktop.api.v2_result import analysis_from_job, merge_windows

VALUES = {"quality_index": 60, "clarity": 60, "authority": 60, "energy": 60, "rapport": 60,
          "learning": 60}


def _window(i: int, status: str, signals: list[tuple[str, str]]) -> dict:
    start, end = 8.0 * i, 8.0 * (i + 1)
    return {"index": i, "start_seconds": start, "end_seconds": end, "engagement_status": status,
            "signals": [{"type": t, "start": start, "end": end, "probability": p,
                         "rationale": f"{t} {p} in {i}"} for t, p in signals]}


RESULT = UploadJobResult.model_validate({
    "duration_seconds": 32.0, "window_seconds": 8.0,
    "windows": [_window(0, "engaged", [("hesitation", "low")]),
                _window(1, "engaged", [("hesitation", "high"), ("interest", "medium")]),
                _window(2, "neutral", []),
                _window(3, "engaged", [("hesitation", "medium")])],
})


def test_windows_merge_like_the_service() -> None:
    merged = [(s.type.value, s.start, s.end, s.probability.value if s.probability else None,
               s.rationale) for s in merge_windows(RESULT.windows)]
    assert merged == [
        ("hesitation", 0.0, 16.0, "high", "hesitation high in 1"),  # adjacent: one span
        ("interest", 8.0, 16.0, "medium", "interest medium in 1"),
        ("hesitation", 24.0, 32.0, "medium", "hesitation medium in 3"),  # a gap: a new span
    ]


def test_the_analysis_view() -> None:
    result = analysis_from_job(RESULT)
    assert [(e.state.value, e.start, e.end) for e in result.engagement_state] == [
        ("engaged", 0.0, 16.0), ("neutral", 16.0, 24.0), ("engaged", 24.0, 32.0)]
    assert all(s.modality == [] for s in result.signals) and len(result.signals) == 3
    assert result.conversation_quality is None and result.feedback is None


def test_the_merged_list_wins_and_cq_needs_overall() -> None:
    data = RESULT.model_dump(mode="json")
    data["signals"] = [{"type": "confidence", "start": 0.0, "end": 32.0}]
    timeline = [{"start": 0.0, "end": 32.0, "values": VALUES}]
    data["conversation_quality"] = {"timeline": timeline}
    only_timeline = analysis_from_job(UploadJobResult.model_validate(data))
    assert [s.type.value for s in only_timeline.signals] == ["confidence"]
    assert only_timeline.conversation_quality is None  # V1's model requires overall
    data["conversation_quality"] = {"overall": VALUES, "timeline": timeline}
    both = analysis_from_job(UploadJobResult.model_validate(data)).conversation_quality
    assert both is not None and both.overall.clarity == 60 and len(both.timeline) == 1


def test_job_include_always_asks_for_signals_and_overall_with_the_timeline() -> None:
    assert job_include([]) == ["signals"]
    assert job_include(["conversation_quality_timeline"]) == [
        "signals", "conversation_quality_timeline", "conversation_quality_overall"]
