"""What the camera and the microphone-only pipelines share at the end of a session and in their
health: writing the timeline and the raw events, and the outbox / connection / analysis figures."""

from __future__ import annotations

import asyncio
import json
import logging
import statistics
from pathlib import Path
from typing import Any

from interhuman_desktop.core.clock import now
from interhuman_desktop.core.error_ids import is_error_id

log = logging.getLogger(__name__)


async def drain_and_stop(writer: Any, session: Any, what: str) -> None:
    """After the sources stopped: flush the writer (``what`` names it in the log), then let the
    session send and hear back everything still owed."""
    await asyncio.to_thread(writer.stop)
    if writer.error is not None:
        log.error("the %s failed: %s", what, writer.error)
    session.input_finished()
    await session.finish()


async def write_results(session: Any) -> tuple[Path, Path]:
    """``timeline.json`` and ``events.json`` (offsets and every raw event) in its folder."""
    folder = session.folder
    timeline_path, events_path = folder / "timeline.json", folder / "events.json"
    payload = json.dumps(session.timeline.to_dict(), indent=1)
    await asyncio.to_thread(timeline_path.write_text, payload)
    events = json.dumps({"offsets": session.offsets.to_dict(), "events": session.events.raw},
                        indent=1)
    await asyncio.to_thread(events_path.write_text, events)
    return timeline_path, events_path


def session_figures(session: Any) -> dict[str, Any]:
    """The segments' way through the outbox, the connection and the analysis."""
    segments = list(session.segments.values())
    latencies = [x.latency for x in segments if x.latency is not None]
    last = session.events.last_event_at
    shed = [r for r in session.timeline.coverage if r.kind == "dropped"]
    return {
        "segments_recorded": len(segments),
        "segments_sent": sum(1 for x in segments if x.sent_count > 0),
        "segments_acknowledged": sum(1 for x in segments if x.acked),
        "segments_failed": sum(1 for x in segments if is_error_id(x.failed)),
        "segments_lost": sum(1 for x in segments if x.failed and not is_error_id(x.failed)),
        "segments_pending": sum(1 for x in segments if x.pending),
        "segments_backfilled": sum(1 for x in segments if x.backfilled),
        "backfill": session.backfill_status,
        "events_received": session.events.count,
        "reconnects": session.reconnects,
        "socket": session.socket_state,
        "last_event_age": None if last is None else round(now() - last, 2),
        "feedback_latency_seconds_median": median(latencies),
        # V2 coverage.dropped: media the service shed (recording seconds; the health light)
        "not_analysed_s": round(sum(r.end - r.start for r in shed), 2) if shed else None,
        "dropped_until": max((r.end for r in shed), default=None),
    }


def median(values: list[float]) -> float | None:
    return round(statistics.median(values), 3) if values else None
