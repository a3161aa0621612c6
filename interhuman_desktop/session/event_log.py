"""What the stream said during a live session: counted, journaled, kept for ``events.json``,
and applied to the session timeline in recording time."""

from __future__ import annotations

from typing import Any

from interhuman_desktop.core.clock import now
from interhuman_desktop.session.apply import apply_event
from interhuman_desktop.session.journal import Journal
from interhuman_desktop.session.pump_ports import Mapper
from interhuman_desktop.session.timeline import SessionTimeline


class EventLog:
    def __init__(self, journal: Journal, timeline: SessionTimeline) -> None:
        self.journal, self.timeline = journal, timeline
        self.count = 0
        self.last_event_at: float | None = None
        self.raw: list[dict[str, Any]] = []  # (connection, envelope), saved as events.json

    def received(self, connection: int, raw: dict[str, Any]) -> None:
        self.count += 1
        self.last_event_at = now()
        self.journal.record("event", connection=connection, payload=raw)
        self.raw.append({"connection": connection, "envelope": raw})

    def apply(self, raw: dict[str, Any], to_recording: Mapper) -> list[float]:
        """Put the envelope on the timeline; the server times it referred to."""
        return apply_event(self.timeline, raw, to_recording)
