"""The state of folder batches, in ``batch.sqlite3`` beside the library (its own database).

A batch is one folder analysed with one set of options (``folder`` + ``recursive``); each of
its files has a row with its size, modification time and content hash (so a resumed batch does
not hash again), its state and what came of it (the library entry, or why not). Every change
is committed at once, so a batch killed at any moment is resumed from what is here. The
connection is used from one thread: the loop reaches it through :class:`AsyncBatchStore`.
"""

from __future__ import annotations

import asyncio
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DB_NAME = "batch.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY,
    folder TEXT NOT NULL,
    recursive INTEGER NOT NULL,
    origin TEXT NOT NULL DEFAULT 'cli',
    created_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE TABLE IF NOT EXISTS batch_files (
    batch_id INTEGER NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    content_hash TEXT,
    state TEXT NOT NULL DEFAULT 'pending',
    entry_id INTEGER,
    detail TEXT NOT NULL DEFAULT '',
    seconds REAL,
    attempts INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (batch_id, path)
);
"""
# A file in one of these states needs nothing more (unless it changed on disk).
SETTLED = ("done", "skipped", "duplicate")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class BatchFile:
    path: Path
    size: int
    mtime_ns: int
    content_hash: str | None
    state: str
    entry_id: int | None
    detail: str
    seconds: float | None
    attempts: int


class BatchStore:
    """Synchronous access; use from one thread (see :class:`AsyncBatchStore`)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(SCHEMA)

    def open_batch(self, folder: Path, recursive: bool,
                   origin: str = "cli") -> tuple[int, bool]:
        """The unfinished batch of this folder and options, else a new one: (id, resumed)."""
        key = (str(folder.resolve()), int(recursive))
        row = self._db.execute("SELECT id FROM batches WHERE folder = ? AND recursive = ? AND"
                               " finished_at IS NULL ORDER BY id DESC LIMIT 1", key).fetchone()
        if row is not None:
            return int(row["id"]), True
        with self._db:
            cur = self._db.execute("INSERT INTO batches (folder, recursive, origin, created_at)"
                                   " VALUES (?, ?, ?, ?)", (*key, origin, _now()))
        return int(cur.lastrowid or 0), False

    def unfinished(self, origin: str) -> list[tuple[Path, bool]]:
        """(folder, recursive) of the batches ``origin`` started and did not finish."""
        rows = self._db.execute("SELECT folder, recursive FROM batches WHERE origin = ? AND"
                                " finished_at IS NULL ORDER BY id", (origin,))
        return [(Path(r["folder"]), bool(r["recursive"])) for r in rows]

    def files(self, batch_id: int) -> list[BatchFile]:
        rows = self._db.execute("SELECT * FROM batch_files WHERE batch_id = ? ORDER BY path",
                                (batch_id,))
        return [_file(r) for r in rows]

    def upsert(self, batch_id: int, path: Path, *, size: int, mtime_ns: int,
               content_hash: str | None, state: str, entry_id: int | None = None,
               detail: str = "") -> None:
        """Add a file, or reset one that changed on disk (or must be analysed again)."""
        with self._db:
            self._db.execute(
                "INSERT INTO batch_files (batch_id, path, size, mtime_ns, content_hash, state,"
                " entry_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (batch_id, path)"
                " DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns,"
                " content_hash = excluded.content_hash, state = excluded.state,"
                " entry_id = excluded.entry_id, detail = excluded.detail",
                (batch_id, str(path), size, mtime_ns, content_hash, state, entry_id, detail))

    def mark(self, batch_id: int, path: Path, state: str, **fields: Any) -> None:
        """Record a file's new state (and ``entry_id``, ``detail``, ``seconds``)."""
        allowed = {"entry_id", "detail", "seconds"}
        if set(fields) - allowed:
            raise ValueError(f"cannot set {sorted(set(fields) - allowed)}")
        sets = "".join(f", {k} = ?" for k in fields)
        bump = ", attempts = attempts + 1" if state == "running" else ""
        with self._db:
            self._db.execute(f"UPDATE batch_files SET state = ?{sets}{bump}"
                             " WHERE batch_id = ? AND path = ?",
                             (state, *fields.values(), batch_id, str(path)))

    def finish(self, batch_id: int) -> None:
        with self._db:
            self._db.execute("UPDATE batches SET finished_at = ? WHERE id = ?", (_now(), batch_id))

    def close(self) -> None:
        self._db.close()


def _file(row: sqlite3.Row) -> BatchFile:
    return BatchFile(Path(row["path"]), row["size"], row["mtime_ns"], row["content_hash"],
                     row["state"], row["entry_id"], row["detail"], row["seconds"],
                     row["attempts"])


class AsyncBatchStore:
    """The store for the event loop: every call runs on one dedicated thread."""

    def __init__(self, path: Path) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="batch-store")
        self._store: BatchStore = self._executor.submit(BatchStore, path).result()

    async def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        fn = getattr(self._store, method)
        return await asyncio.get_running_loop().run_in_executor(
            self._executor, lambda: fn(*args, **kwargs))

    def close(self) -> None:
        self._executor.submit(self._store.close).result()
        self._executor.shutdown(wait=True)
