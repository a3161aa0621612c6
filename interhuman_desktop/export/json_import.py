"""``import FILE.json``: recreate a library entry from a lossless JSON export.

The entry gets a new folder with the timeline and the raw results as the app stores them, so
exporting it again gives the same document. The media is copied in when it can be found (the
path given, the document's path, or a file of the same name beside the JSON); otherwise the
entry keeps its name only and opens with lanes but no video.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

from interhuman_desktop.export.entry_data import EVENTS
from interhuman_desktop.export.json_doc import SCHEMA, SCHEMA_VERSION
from interhuman_desktop.session.library_sync import RESULT, TIMELINE
from interhuman_desktop.storage.library import Entry, Library

log = logging.getLogger(__name__)


class ImportFailed(ValueError):
    """The file is not an export this version can read."""


def read_document(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ImportFailed(f"{path.name}: not a readable JSON file ({exc})") from exc
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        raise ImportFailed(f"{path.name}: not an Interhuman Desktop entry export")
    version = doc.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise ImportFailed(f"{path.name}: schema version {version} is newer than this app "
                           f"reads ({SCHEMA_VERSION}); update the app")
    return doc


def _find_media(doc: dict[str, Any], json_path: Path, given: Path | None) -> Path | None:
    media = (doc.get("entry") or {}).get("media") or {}
    candidates = [given, Path(media["path"]) if media.get("path") else None,
                  json_path.parent / media["name"] if media.get("name") else None]
    return next((c for c in candidates if c is not None and c.is_file()), None)


def _write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")


def _write_folder(folder: Path, doc: dict[str, Any]) -> None:
    _write(folder / TIMELINE, doc.get("timeline") or {})
    if doc.get("results") or doc.get("part_offsets") is not None:
        result: dict[str, Any] = {"parts": doc.get("results") or []}
        if doc.get("part_offsets") is not None:
            result["offsets"] = doc["part_offsets"]
        _write(folder / RESULT, result)
    connections = doc.get("connections") or []
    if connections:
        offsets = [{"connection": c["connection"], "segments": c.get("segments", [])}
                   for c in connections]
        events = [{"connection": c["connection"], "envelope": env}
                  for c in connections for env in c.get("envelopes", [])]
        _write(folder / EVENTS, {"offsets": offsets, "events": events})


def import_document(library: Library, path: Path, media: Path | None = None) -> Entry:
    """A new entry from the export at ``path`` (blocking: run it on the storage thread)."""
    doc = read_document(path)
    meta = doc.get("entry") or {}
    folder = library.new_folder()
    try:
        _write_folder(folder, doc)
        described = meta.get("media") or {}
        stored = None
        if described.get("name"):
            stored = folder / Path(described["name"]).name  # kept by name even when missing
            found = _find_media(doc, path, media)
            if found is not None:
                shutil.copy2(found, stored)
        entry = library.add(
            folder=folder, kind=meta.get("kind", "file"), title=meta.get("title") or path.stem,
            source=meta.get("source", ""), duration=float(meta.get("duration") or 0.0),
            cqi=meta.get("cqi"), media=stored, backend=meta.get("backend", "local"),
            created_at=meta.get("created_at"))
    except Exception:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if meta.get("notes"):
        entry = library.update(entry.id, notes=meta["notes"])
    for tag in meta.get("tags") or []:
        entry = library.add_tag(entry.id, str(tag))
    log.info("imported %s as entry %d", path.name, entry.id)
    return entry
