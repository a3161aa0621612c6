"""Keep the results, not the video ("keep the recording: never"): once an entry is analysed,
save the frames the PDF report shows into its folder, then delete its media (only files inside
the entry folder: a file the user analysed stays where they keep it). The timeline, raw results
and events stay, so Review (lanes only), exports and the report still work."""

from __future__ import annotations

import asyncio
import logging
import shutil
from pathlib import Path

from interhuman_desktop.export.entry_data import load_entry_data
from interhuman_desktop.export.moments import (
    KEPT_THUMBNAILS,
    middle,
    thumbnail_name,
    thumbnails,
    top_moments,
)
from interhuman_desktop.session.journal import RECORDING, SEGMENTS
from interhuman_desktop.storage.library import AsyncLibrary, Entry

log = logging.getLogger(__name__)

REPORT_MOMENTS = 5  # build_pdf's default


def keep_frames(entry: Entry, count: int = REPORT_MOMENTS) -> int:
    """Save a JPEG of each top moment (as the report picks them) into the entry folder."""
    media = entry.media if entry.media is not None and entry.media.is_file() else None
    timeline = load_entry_data(entry).timeline
    end = timeline.media_end
    times = [middle(s, end) for s in top_moments(timeline, count)]
    saved = 0
    for t, jpeg in zip(times, thumbnails(media, times), strict=True):
        if jpeg is not None:
            folder = entry.folder / KEPT_THUMBNAILS
            folder.mkdir(exist_ok=True)
            (folder / thumbnail_name(t)).write_bytes(jpeg)
            saved += 1
    return saved


def media_files(entry: Entry) -> list[Path]:
    """The entry's video files inside its own folder (never anything outside it)."""
    folder = entry.folder.resolve()
    found = [p for p in (entry.media, entry.folder / RECORDING) if p is not None]
    inside = {p.resolve() for p in found if p.exists() and folder in p.resolve().parents}
    return sorted(inside)


def delete_media(entry: Entry) -> int:
    """Keep the report's frames, then delete the video and the segments; returns the files
    removed (blocking: run it off the GUI thread)."""
    frames = keep_frames(entry)
    removed = 0
    for path in media_files(entry):
        path.unlink()
        removed += 1
    segments = entry.folder / SEGMENTS
    if segments.is_dir():
        removed += sum(1 for p in segments.rglob("*") if p.is_file())
        shutil.rmtree(segments)
    log.info("entry %d: video not kept (%d file(s) deleted, %d frame(s) kept for the report)",
             entry.id, removed, frames)
    return removed


async def drop_recording(library: AsyncLibrary, entry: Entry) -> Entry:
    """Delete an entry's video (keeping results and report frames) and record that it is gone."""
    await asyncio.to_thread(delete_media, entry)
    updated: Entry = await library.call("update", entry.id, media=None, media_removed=True)
    return updated
