"""Save finished analyses into the library, and load them back (no Qt).

A file analysis: the media is copied into the entry folder (the user's original stays where it
was), beside ``timeline.json`` and ``result.json`` (the raw service output). A live session: the
whole session folder (recording, segments, journal, timeline, events) moves into the entry
folder, so deleting the entry deletes everything it recorded. File work runs on a worker thread;
database calls run on the library's storage thread (:class:`AsyncLibrary`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any

from interhuman_desktop.core.folder_lock import FolderBusy, owner_pid
from interhuman_desktop.session.timeline import DIMENSIONS, SessionTimeline
from interhuman_desktop.storage.content_hash import file_sha256
from interhuman_desktop.storage.library import AsyncLibrary, Entry

log = logging.getLogger(__name__)

TIMELINE = "timeline.json"
RESULT = "result.json"


def cqi_of(timeline: SessionTimeline) -> float | None:
    """The conversation-quality index: the explicit index, else the mean of the dimensions."""
    values = timeline.quality_overall
    if not values and timeline.quality_periods:
        values = timeline.quality_periods[-1].values
    if not values:
        return None
    if "quality_index" in values:
        return round(float(values["quality_index"]), 1)
    dims = [float(values[d]) for d in DIMENSIONS if d in values]
    return round(sum(dims) / len(dims), 1) if dims else None


def marker_notes(timeline: SessionTimeline) -> str:
    """The markers' notes, one per line: what the library searches (the markers stay in the
    timeline)."""
    return "\n".join(m.note for m in timeline.markers if m.note.strip())


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def _store_file(folder: Path, media: Path, timeline: SessionTimeline,
                raw: list[Any] | None, offsets: list[float] | None = None) -> Path:
    target = folder / media.name
    shutil.copy2(media, target)
    _write_json(folder / TIMELINE, timeline.to_dict())
    result: dict[str, Any] = {"parts": raw or []}
    if offsets is not None:  # where each part starts in the file (a split upload)
        result["offsets"] = offsets
    _write_json(folder / RESULT, result)
    return target


def _store_session(folder: Path, session_folder: Path, recording: Path | None,
                   timeline: SessionTimeline) -> tuple[Path | None, float]:
    """Move the session folder's content into the entry; the media and its probed duration."""
    stored = _move_session(folder, session_folder, recording, timeline)
    return stored, _duration_of(stored, timeline)


def _duration_of(media: Path | None, timeline: SessionTimeline) -> float:
    """The recording's own duration (probed); the timeline's end only without readable media."""
    if media is not None:
        from interhuman_desktop.encode.remux import probe_duration

        duration = probe_duration(media)  # None: unreadable, fall back to what the events say
        if duration is not None:
            return float(duration)
    return float(timeline.media_end)


def _move_session(folder: Path, session_folder: Path, recording: Path | None,
                  timeline: SessionTimeline) -> Path | None:
    pid = owner_pid(session_folder)
    if pid is not None and pid != os.getpid():  # never take a folder another process records
        raise FolderBusy(session_folder, pid)
    for item in list(session_folder.iterdir()) if session_folder.is_dir() else []:
        shutil.move(str(item), folder / item.name)
    if session_folder.is_dir():
        session_folder.rmdir()
    _write_json(folder / TIMELINE, timeline.to_dict())  # includes markers added at the end
    if recording is not None and (folder / recording.name).exists():
        return folder / recording.name
    return None


async def save_file_analysis(library: AsyncLibrary, media: Path, timeline: SessionTimeline,
                             raw: list[Any] | None = None, *, duration: float | None = None,
                             backend: str = "local", notes: str = "",
                             part_offsets: list[float] | None = None,
                             content_hash: str | None = None) -> Entry:
    """A new library entry for an analysed file (the media is copied into the entry), with the
    file's content hash (computed here unless the caller has it) so a batch can skip it."""
    folder: Path = await library.call("new_folder")
    stored = await asyncio.to_thread(_store_file, folder, media, timeline, raw, part_offsets)
    entry: Entry = await library.call(
        "add", folder=folder, kind="file", title=media.stem, source=str(media),
        duration=float(duration or timeline.media_end), cqi=cqi_of(timeline), media=stored,
        backend=backend)
    await library.call("set_hash", entry.id,
                       content_hash or await asyncio.to_thread(file_sha256, stored))
    if notes or timeline.markers:
        entry = await library.call("update", entry.id, notes=notes,
                                   marker_notes=marker_notes(timeline))
    log.info("library: saved analysis of %s as entry %d", media.name, entry.id)
    return entry


async def save_live_session(library: AsyncLibrary, session_folder: Path,
                            recording: Path | None, timeline: SessionTimeline, *,
                            title: str, source: str = "camera",
                            backend: str = "local") -> Entry:
    """A new library entry for a finished live session (its folder moves into the entry)."""
    folder: Path = await library.call("new_folder")
    stored, duration = await asyncio.to_thread(_store_session, folder, session_folder,
                                               recording, timeline)
    entry: Entry = await library.call(
        "add", folder=folder, kind="live", title=title, source=source,
        duration=duration, cqi=cqi_of(timeline), media=stored, backend=backend)
    if timeline.markers:
        entry = await library.call("update", entry.id, marker_notes=marker_notes(timeline))
    log.info("library: saved live session %s as entry %d", title, entry.id)
    return entry


def _read_timeline(folder: Path) -> SessionTimeline:
    path = folder / TIMELINE
    if not path.exists():
        return SessionTimeline()
    return SessionTimeline.from_dict(json.loads(path.read_text(encoding="utf-8")))


async def save_markers(library: AsyncLibrary, entry: Entry, timeline: SessionTimeline) -> Entry:
    """After markers were edited in Review: the entry's timeline.json and its searchable notes."""
    await asyncio.to_thread(_write_json, entry.folder / TIMELINE, timeline.to_dict())
    updated: Entry = await library.call("update", entry.id, marker_notes=marker_notes(timeline))
    return updated


async def load_entry(entry: Entry) -> tuple[Path | None, SessionTimeline]:
    """The entry's media (None when missing) and its timeline, read off the loop thread."""
    timeline = await asyncio.to_thread(_read_timeline, entry.folder)
    media = entry.media if entry.media is not None and entry.media.exists() else None
    return media, timeline
