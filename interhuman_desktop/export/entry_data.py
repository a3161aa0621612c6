"""Everything an export needs about one library entry, read from its folder (no Qt).

An entry folder holds ``timeline.json`` (our model) and, for a file analysis, ``result.json``
(``{"parts": [raw body, …]}``: the upload responses exactly as received); a live session's
folder holds ``events.json`` (``{"offsets": [...], "events": [{"connection", "envelope"}]}``).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interhuman_desktop.session.library_sync import RESULT, TIMELINE
from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.storage.library import Entry

log = logging.getLogger(__name__)

EVENTS = "events.json"


@dataclass
class EntryData:
    """One entry's metadata, timeline and raw results, as stored."""

    entry: Entry
    timeline: SessionTimeline
    timeline_dict: dict[str, Any]
    results: list[Any] = field(default_factory=list)  # raw upload bodies (None: unavailable)
    part_offsets: list[float] | None = None  # where each result's part starts (None: unknown)
    offsets: list[dict[str, Any]] = field(default_factory=list)  # per live connection
    envelopes: list[dict[str, Any]] = field(default_factory=list)  # {"connection", "envelope"}

    @property
    def media(self) -> Path | None:
        """The entry's media when it still exists on disk."""
        media = self.entry.media
        return media if media is not None and media.is_file() else None

    @property
    def duration(self) -> float:
        return float(self.entry.duration or self.timeline.media_end)


def _read_json(path: Path) -> Any:
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        log.warning("unreadable %s: exported without it", path)
        return None


def load_entry_data(entry: Entry) -> EntryData:
    """Read an entry's folder (blocking: call it off the GUI thread)."""
    timeline_dict = _read_json(entry.folder / TIMELINE) or {}
    result = _read_json(entry.folder / RESULT) or {}
    events = _read_json(entry.folder / EVENTS) or {}
    return EntryData(
        entry=entry,
        timeline=SessionTimeline.from_dict(timeline_dict),
        timeline_dict=timeline_dict,
        results=list(result.get("parts", [])) if isinstance(result, dict) else [],
        part_offsets=result.get("offsets") if isinstance(result, dict) else None,
        offsets=list(events.get("offsets", [])) if isinstance(events, dict) else [],
        envelopes=list(events.get("events", [])) if isinstance(events, dict) else [],
    )


def connection_spans(data: EntryData) -> list[tuple[int, float, float]]:
    """(connection, first recording second, last) each live connection covered."""
    spans = []
    for conn in data.offsets:
        segments = conn.get("segments") or []
        if segments:
            starts = [float(s[2]) for s in segments]
            ends = [float(s[2]) + float(s[3]) for s in segments]
            spans.append((int(conn["connection"]), min(starts), max(ends)))
    return spans


def _part_of(data: EntryData, start: float) -> str:
    offsets = data.part_offsets or []
    if len(data.results) <= 1:
        return "upload"
    if len(offsets) != len(data.results):
        return "upload (parts)"
    index = max((i for i, o in enumerate(offsets) if o <= start + 1e-6), default=0)
    return f"upload part {index + 1}"


def source_of(data: EntryData, start: float, after_session: bool = False) -> str:
    """Which connection (live) or upload (file) a signal starting at ``start`` came from."""
    if after_session:
        return "upload after the session"
    if data.entry.kind != "live":
        return _part_of(data, start)
    for connection, first, last in connection_spans(data):
        if first - 1e-6 <= start < last:
            return f"connection {connection}"
    return "stream"
