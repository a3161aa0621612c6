"""Recover a live session that a crash or a kill left behind, from its folder alone.

The segments on disk are joined into ``recording.mp4`` (every complete ``segment_*.mp4``, also
one the journal did not get to record); the timeline is rebuilt by replaying the journal's
placements, rejections and events through per-connection clocks, exactly as the live session
applied them; ``timeline.json`` is written and the journal gets its end record.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from interhuman_desktop.encode.remux import join_segments
from interhuman_desktop.session.apply import apply_event
from interhuman_desktop.session.journal import (
    RECORDING,
    SEGMENTS,
    Journal,
    RecoveredSession,
    recover,
)
from interhuman_desktop.session.offsets import ConnectionClock
from interhuman_desktop.session.timeline import SessionTimeline

log = logging.getLogger(__name__)



@dataclass
class Recovery:
    folder: Path
    recording: Path | None
    timeline: SessionTimeline
    segments: int
    unanalysed: list[int]


def rebuild_timeline(journal: RecoveredSession) -> SessionTimeline:
    """Replay the journal onto a fresh timeline (recording time)."""
    timeline = SessionTimeline()
    clocks: dict[int, ConnectionClock] = {}
    for record in journal.records:
        kind = record.get("kind")
        connection = int(record.get("connection", 0) or 0)
        clock = clocks.setdefault(connection, ConnectionClock(connection))
        if kind == "placed":
            clock.add(int(record["index"]), float(record["recording_start"]),
                      float(record["duration"]))
        elif kind == "rejected":
            clock.reject(int(record["nth"]))
        elif kind == "event" and isinstance(record.get("payload"), dict):
            apply_event(timeline, record["payload"], clock.to_recording)
        elif kind == "marker":
            timeline.add_marker(float(record.get("t", 0.0)), str(record.get("note", "")))
    timeline.close_open_signals(timeline.media_end)
    return timeline


def recover_session(folder: Path) -> Recovery:
    """Join the segments, rebuild and save the timeline, and close the journal."""
    journal = recover(folder)
    paths = sorted((folder / SEGMENTS).glob("segment_*.mp4"))
    recording = None
    if paths:
        try:
            recording = join_segments(paths, folder / RECORDING)
        except Exception:  # the segments stay; a later attempt may succeed
            log.exception("could not join the segments of %s", folder)
    timeline = rebuild_timeline(journal)
    (folder / "timeline.json").write_text(json.dumps(timeline.to_dict(), indent=1))
    writer = Journal(folder)
    writer.record("end", durable=True, state="recovered")
    writer.close()
    log.info("recovered %s: %d segments, %d events", folder, len(paths), len(journal.events))
    return Recovery(folder, recording, timeline, len(paths), journal.unanalysed)


def recover_unfinished(root: Path) -> list[Recovery]:
    """Recover every session folder under ``root`` that a crash or a kill left unfinished."""
    from interhuman_desktop.session.journal import unfinished_sessions

    recovered = []
    for folder in unfinished_sessions(root):
        try:
            recovered.append(recover_session(folder))
        except Exception:  # one broken folder must not stop the others (or the app)
            log.exception("could not recover %s", folder)
    return recovered
