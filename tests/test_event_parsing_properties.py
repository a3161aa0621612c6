"""Property tests: the stream event normaliser never raises, whatever arrives."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from interhuman_desktop.api.event_types import (
    EngagementEvent,
    InvalidEvent,
    PassthroughEvent,
    QualityEvent,
    SignalEvent,
)
from interhuman_desktop.api.events import normalize_event

EVENT_TYPES = [
    "signal.detected",
    "signal.updated",
    "signal.ended",
    "engagement.updated",
    "conversation_quality.updated",
    "feedback.generated",
    "coverage.dropped",
    "coverage.degraded",
    "error",
    "session.ready",
    "session.updated",
    "session.closing",
    "session.ended",
    "brand.new.event",
]
KEYS = [
    "signal_type",
    "type",
    "start",
    "end",
    "probability",
    "rationale",
    "modality",
    "state",
    "overall",
    "timeline",
    "values",
    "feedback",
    "ranges",
    "reason",
    "code",
    "message",
    "segment",
    "signals",
    "link",
    "quality_index",
    "clarity",
    "rapport",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["agreement", "tension", "high", "engaged", "weird"]),
    st.integers(min_value=10**300, max_value=10**400),
)
json_like = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=6)), inner, max_size=5),
    ),
    max_leaves=25,
)
envelopes = st.fixed_dictionaries(
    {"type": st.one_of(st.sampled_from(EVENT_TYPES), json_like)},
    optional={"data": json_like, "timestamp": json_like, "correlation_id": json_like},
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(envelopes, json_like))
def test_never_raises(payload: object) -> None:
    events = normalize_event(payload)
    assert isinstance(events, list)
    for event in events:
        if isinstance(event, SignalEvent):
            assert event.signal_type in {
                "agreement",
                "confidence",
                "confusion",
                "disagreement",
                "disengagement",
                "engagement",
                "frustration",
                "hesitation",
                "interest",
                "skepticism",
                "stress",
                "tension",
                "uncertainty",
                "other",
            }


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["signal.detected", "signal.updated"]),
    st.text(min_size=1, max_size=20),
    st.one_of(st.integers(-(10**6), 10**6), st.floats(-1e6, 1e6)),
    st.booleans(),
)
def test_flat_and_list_shapes_agree(kind: str, name: str, start: float, with_end: bool) -> None:
    item = {"signal_type": name, "start": start, **({"end": start + 1} if with_end else {})}
    flat = normalize_event({"type": kind, "data": item})
    listed = normalize_event({"type": kind, "data": {"signals": [{**item}]}})
    assert flat == listed
    assert isinstance(flat[0], SignalEvent)
    assert flat[0].raw_type == name
    assert flat[0].start == float(start)


def test_examples() -> None:
    assert isinstance(normalize_event({"type": "x.y", "data": {}})[0], PassthroughEvent)
    assert isinstance(normalize_event({"type": "engagement.updated", "data": 3})[0], InvalidEvent)
    eng = normalize_event(
        {"type": "engagement.updated", "data": {"state": "engaged", "start": 4, "end": 9}}
    )[0]
    assert eng == EngagementEvent("engaged", "engaged", 4.0, 9.0)
    cq = normalize_event(
        {
            "type": "conversation_quality.updated",
            "data": {
                "overall": {
                    "quality_index": 50,
                    "clarity": 50,
                    "authority": 50,
                    "energy": 50,
                    "rapport": 50,
                    "learning": 50,
                },
                "timeline": [
                    {"start": 0, "end": 10, "values": {"quality_index": 72.5, "clarity": 70}}
                ],
            },
        }
    )[0]
    assert isinstance(cq, QualityEvent) and cq.overall is not None and cq.overall.no_evidence
    assert cq.timeline[0].values["quality_index"] == 72.5 and not cq.timeline[0].no_evidence
    assert isinstance(normalize_event([1, 2])[0], InvalidEvent)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        json_like,
        st.dictionaries(
            st.sampled_from(
                [
                    "min_segment_duration_seconds",
                    "max_segment_size_bytes",
                    "session_idle_timeout_seconds",
                    "session_max_duration_seconds",
                    "supported_session_config_options",
                    "data",
                    "x",
                ]
            ),
            json_like,
        ),
    )
)
@example({"max_segment_size_bytes": 0.5})  # once truncated to a limit of 0 bytes
def test_session_contract_never_raises(data: object) -> None:
    from interhuman_desktop.api.stream import SessionContract

    contract = SessionContract.from_ready(data)
    assert contract.min_segment_duration_seconds >= 0
    assert contract.max_segment_size_bytes > 0
