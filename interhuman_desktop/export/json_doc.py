"""The lossless JSON export: metadata, raw server output, our timeline, markers and notes.

The document (``schema_version`` 1)::

    {"schema": "interhuman-desktop/entry", "schema_version": 1, "app_version": "…",
     "entry": {"title", "kind", "source", "created_at", "duration", "cqi", "notes", "backend",
               "media": {"name": "talk.mp4", "path": "/abs/…" only with media paths} | null,
               "tags": ["pitch", …]},
     "results": [raw upload body, …],                        # exactly as received
     "part_offsets": [0.0, 600.0, …] | null,                 # a split file's part starts
     "connections": [{"connection": 1,
                      "segments": [[index, server_start, recording_start, duration], …],
                      "envelopes": [stream envelope, …]}],   # exactly as received, in order
     "timeline": {…SessionTimeline.to_dict()…},
     "markers": [{"t", "note"}, …], "notes": "…"}

No library id and no export time: export → import → export gives the same document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from interhuman_desktop import __version__
from interhuman_desktop.export.common import private_strings, public_source, scrub
from interhuman_desktop.export.entry_data import EntryData

SCHEMA = "interhuman-desktop/entry"
SCHEMA_VERSION = 1


def _connections(data: EntryData) -> list[dict[str, Any]]:
    by_number: dict[int, dict[str, Any]] = {}
    for conn in data.offsets:
        number = int(conn["connection"])
        by_number[number] = {"connection": number, "segments": conn.get("segments", []),
                             "envelopes": []}
    for item in data.envelopes:
        number = int(item.get("connection", 0))
        slot = by_number.setdefault(number, {"connection": number, "segments": [],
                                             "envelopes": []})
        slot["envelopes"].append(item.get("envelope"))
    return [by_number[n] for n in sorted(by_number)]


def _media(data: EntryData, media_paths: bool) -> dict[str, Any] | None:
    media = data.entry.media
    if media is None:
        return None
    described: dict[str, Any] = {"name": media.name}
    if media_paths:
        described["path"] = str(media.resolve())
    return described


def build_document(data: EntryData, *, media_paths: bool = False) -> dict[str, Any]:
    e = data.entry
    doc = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "entry": {"title": e.title, "kind": e.kind,
                  "source": public_source(e.source, media_paths),
                  "created_at": e.created_at, "duration": e.duration, "cqi": e.cqi,
                  "notes": e.notes, "backend": e.backend, "media": _media(data, media_paths),
                  "tags": list(e.tags)},
        "results": data.results,
        "part_offsets": data.part_offsets,
        "connections": _connections(data),
        "timeline": data.timeline_dict,
        "markers": [{"t": m.t, "note": m.note} for m in data.timeline.markers],
        "notes": e.notes,
    }
    clean: dict[str, Any] = scrub(doc, private_strings(paths=not media_paths))
    return clean


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def write_json(data: EntryData, out: Path, *, media_paths: bool = False) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dumps(build_document(data, media_paths=media_paths)), encoding="utf-8")
    return out
