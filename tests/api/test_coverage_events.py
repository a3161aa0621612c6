"""coverage.* events are kept even when their ranges are malformed (issue 14)."""

from __future__ import annotations

import pytest

from interhuman_desktop.api.event_types import CoverageEvent
from interhuman_desktop.api.events import normalize_event


def _one(data: dict) -> CoverageEvent:
    events = normalize_event({"type": "coverage.dropped", "data": data})
    assert len(events) == 1 and isinstance(events[0], CoverageEvent), events
    return events[0]


def test_objects_and_pairs_are_read() -> None:
    event = _one({"ranges": [{"start": 1, "end": 2.5}, [3, 4]], "reason": "late"})
    assert event.ranges == ((1.0, 2.5), (3.0, 4.0)) and event.problem is None
    assert event.reason == "late" and event.kind == "dropped"


@pytest.mark.parametrize("ranges", [5, "abc", {"start": 1, "end": 2}])
def test_a_ranges_that_is_not_a_list_keeps_the_event_with_its_raw_data(ranges: object) -> None:
    event = _one({"ranges": ranges})
    assert event.ranges == () and "must be a list" in (event.problem or "")
    assert event.raw == {"ranges": ranges}


def test_unreadable_items_are_counted_and_the_readable_ones_kept() -> None:
    event = _one({"ranges": [[0, 1], "x", {"start": "a", "end": 2}, [5]]})
    assert event.ranges == ((0.0, 1.0),)
    assert event.problem == "3 of 4 range(s) unreadable"
