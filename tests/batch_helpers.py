"""Folders of real clips for batch tests, and one batch run against a real engine."""

from __future__ import annotations

import os
import sqlite3
import struct
from pathlib import Path
from typing import Any

from interhumanai import InterhumanClient
from media_factory import make_clip

from interhuman_desktop.session.batch import BatchOptions, BatchOutcome, BatchRun
from interhuman_desktop.session.file_queue import FileQueue
from interhuman_desktop.storage.batch_store import DB_NAME, AsyncBatchStore
from interhuman_desktop.storage.library import AsyncLibrary

OVER_LIMIT = 33_554_432 + 1024 * 1024


def clip(path: Path, n: int, **kw: Any) -> Path:
    """A short clip whose content differs with ``n`` (its length), so its hash does too."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return make_clip(path, seconds=3.1 + 0.1 * n, **kw)


def corrupt(path: Path) -> Path:
    path.write_bytes(os.urandom(30_000))
    return path


def oversized(path: Path) -> Path:
    """A real clip padded with an ISO-BMFF ``free`` box past the 32 MiB upload limit."""
    clip(path, 9)
    with path.open("ab") as fh:
        fh.write(struct.pack(">I4s", OVER_LIMIT, b"free"))
        fh.truncate(path.stat().st_size + OVER_LIMIT - 8)
    return path


def library_rows(root: Path) -> list[tuple[str, str | None]]:
    """(source, content_hash) of every entry, read with a plain sqlite3 connection."""
    with sqlite3.connect(root / "library.sqlite3") as db:
        return list(db.execute("SELECT source, content_hash FROM entries ORDER BY id"))


async def run_batch(engine: Any, root: Path, folder: Path, *, concurrency: int = 1,
                    **options: Any) -> tuple[BatchOutcome, FileQueue]:
    """One :class:`BatchRun` over ``folder`` with the library in ``root``."""
    library = AsyncLibrary(root)
    store = AsyncBatchStore(root / DB_NAME)
    client = InterhumanClient(access_token=engine.api_key, base_url=engine.base_url)

    async def provider() -> InterhumanClient:
        return client

    queue = FileQueue(provider, concurrency=concurrency)
    try:
        outcome = await BatchRun(queue, store, library, BatchOptions(folder, **options)).run()
    finally:
        await queue.aclose()
        store.close()
        library.close()
    return outcome, queue


def states(outcome: BatchOutcome) -> dict[str, str]:
    return {f.path.name: f.state for f in outcome.files}
