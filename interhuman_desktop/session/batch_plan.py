"""What a folder batch must still do: list the folder's videos, hash them, and decide per file.

Per file, in order: unchanged on disk and already settled in this batch → kept as it is; its
content hash is in the library (analysed before, in a batch or not) → ``skipped``; the same
content as an earlier file of this batch → ``duplicate``; otherwise → ``pending``. A hash is
computed once per size + modification time (the store keeps it). Library entries saved before
the library kept hashes get theirs first, from their stored media.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from interhuman_desktop.storage.batch_store import SETTLED, AsyncBatchStore, BatchFile
from interhuman_desktop.storage.content_hash import file_sha256
from interhuman_desktop.storage.library import AsyncLibrary, Entry

log = logging.getLogger(__name__)

VIDEO_SUFFIXES = (".mp4", ".mov", ".mkv", ".avi", ".webm", ".ts", ".m4v")


def is_video(path: Path) -> bool:
    return path.suffix.lower() in VIDEO_SUFFIXES


def list_videos(folder: Path, recursive: bool = False) -> list[Path]:
    """The video files of ``folder`` (and its sub-folders), sorted; hidden ones left out."""
    found = folder.rglob("*") if recursive else folder.iterdir()
    return sorted(p for p in found if p.is_file() and is_video(p)
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


async def backfill_hashes(library: AsyncLibrary) -> int:
    """Give older file entries their content hash (from the media kept in the entry)."""
    entries: list[Entry] = await library.call("unhashed_files")
    done = 0
    for entry in entries:
        if entry.media is None or not entry.media.is_file():
            continue
        digest = await asyncio.to_thread(file_sha256, entry.media)
        await library.call("set_hash", entry.id, digest)
        done += 1
    if done:
        log.info("library: hashed %d older entries", done)
    return done


async def plan(store: AsyncBatchStore, library: AsyncLibrary, batch_id: int,
               folder: Path, recursive: bool) -> list[BatchFile]:
    """Bring the batch's rows up to date with the folder; returns every row of the batch."""
    await backfill_hashes(library)
    known = {f.path: f for f in await store.call("files", batch_id)}
    seen: dict[str, Path] = {}
    listed = list_videos(folder, recursive)
    for path in listed:
        await _plan_file(store, library, batch_id, path, known.get(path), seen)
    for path, row in known.items():
        if path not in listed and row.state not in SETTLED:
            await store.call("mark", batch_id, path, "missing",
                             detail="the file is no longer in the folder")
    files: list[BatchFile] = await store.call("files", batch_id)
    return files


async def _plan_file(store: AsyncBatchStore, library: AsyncLibrary, batch_id: int,
                     path: Path, row: BatchFile | None, seen: dict[str, Path]) -> None:
    stat = await asyncio.to_thread(path.stat)
    unchanged = row is not None and (row.size, row.mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    digest = row.content_hash if unchanged and row is not None else None
    if digest is None:
        digest = await asyncio.to_thread(file_sha256, path)
    first = seen.setdefault(digest, path)
    if unchanged and row is not None and row.state in SETTLED:
        return
    entry: Entry | None = await library.call("find_by_hash", digest)
    if entry is not None:
        state, entry_id, detail = "skipped", entry.id, f"already analysed: entry {entry.id}"
    elif first != path:
        state, entry_id, detail = "duplicate", None, f"the same content as {first.name}"
    else:
        state, entry_id, detail = "pending", None, ""
    await store.call("upsert", batch_id, path, size=stat.st_size, mtime_ns=stat.st_mtime_ns,
                     content_hash=digest, state=state, entry_id=entry_id, detail=detail)
