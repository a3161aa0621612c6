"""The library: every analysed file and live session, in SQLite, with its media beside it.

One database file (WAL mode) in the user data dir; each entry owns a folder under
``entries/`` holding its media, the timeline and the raw results. The schema is versioned with
``PRAGMA user_version`` and upgraded by the ordered ``MIGRATIONS``. The connection is used from one
thread only: the GUI reaches it through :class:`AsyncLibrary`, which runs every call on a
dedicated single-thread executor so the event loop never waits on the disk.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import sqlite3
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        folder TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('file', 'live')),
        title TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        duration REAL NOT NULL DEFAULT 0,
        cqi REAL,
        media TEXT,
        notes TEXT NOT NULL DEFAULT '',
        backend TEXT NOT NULL DEFAULT 'local'
    );
    CREATE INDEX entries_created ON entries (created_at);
    """,
    # the review helper's migration (after cmp's tags, v2's and batch's when merged): the
    # entry's marker notes, one per line, so the search finds them (the markers themselves
    # stay in timeline.json)
    """
    ALTER TABLE entries ADD COLUMN marker_notes TEXT NOT NULL DEFAULT '';
    """,
]


@dataclass(frozen=True)
class Entry:
    id: int
    folder: Path
    kind: str
    title: str
    source: str
    created_at: str
    duration: float
    cqi: float | None
    media: Path | None
    notes: str
    backend: str
    marker_notes: str = ""


class Library:
    """Synchronous access; use from one thread (see :class:`AsyncLibrary`)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "entries").mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(root / "library.sqlite3", check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            log.info("upgrading the library schema to version %d", number)
            with self._db:
                self._db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")

    def new_folder(self) -> Path:
        """A fresh folder for a new entry's media (create the entry once there is something)."""
        folder = self.root / "entries" / uuid.uuid4().hex[:12]
        folder.mkdir(parents=True)
        return folder

    def add(self, *, folder: Path, kind: str, title: str, source: str = "", duration: float = 0.0,
            cqi: float | None = None, media: Path | None = None, backend: str = "local",
            created_at: str | None = None) -> Entry:
        created = created_at or datetime.now(UTC).isoformat(timespec="seconds")
        with self._db:
            cur = self._db.execute(
                "INSERT INTO entries (folder, kind, title, source, created_at, duration, cqi,"
                " media, backend) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (self._rel(folder), kind, title, source, created, duration, cqi,
                 self._rel(media) if media else None, backend))
        return self.get(int(cur.lastrowid or 0))

    def get(self, entry_id: int) -> Entry:
        row = self._db.execute("SELECT * FROM entries WHERE id = ?", (entry_id,)).fetchone()
        if row is None:
            raise KeyError(entry_id)
        return self._entry(row)

    def search(self, text: str = "") -> list[Entry]:
        """Newest first; ``text`` matches the title, the source, the notes or a marker's note
        (case-insensitive)."""
        like = f"%{text.strip().lower()}%"
        rows = self._db.execute(
            "SELECT * FROM entries WHERE lower(title) LIKE ? OR lower(notes) LIKE ?"
            " OR lower(source) LIKE ? OR lower(marker_notes) LIKE ?"
            " ORDER BY created_at DESC, id DESC", (like, like, like, like))
        return [self._entry(r) for r in rows]

    def update(self, entry_id: int, **fields: Any) -> Entry:
        allowed = {"title", "notes", "duration", "cqi", "media", "marker_notes"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"cannot update {sorted(unknown)}")
        if "media" in fields and fields["media"] is not None:
            fields["media"] = self._rel(Path(fields["media"]))
        if fields:
            sets = ", ".join(f"{k} = ?" for k in fields)
            with self._db:
                self._db.execute(f"UPDATE entries SET {sets} WHERE id = ?",
                                 (*fields.values(), entry_id))
        return self.get(entry_id)

    def rename(self, entry_id: int, title: str) -> Entry:
        if not title.strip():
            raise ValueError("a title cannot be empty")
        return self.update(entry_id, title=title.strip())

    def delete(self, entry_id: int) -> None:
        """Remove the entry and its folder (media, timeline, results) for good."""
        entry = self.get(entry_id)
        with self._db:
            self._db.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
        if entry.folder.is_dir() and self.root in entry.folder.parents:
            shutil.rmtree(entry.folder)

    def close(self) -> None:
        self._db.close()

    def _rel(self, path: Path) -> str:
        path = Path(path).resolve()
        try:
            return path.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)  # media kept where the user had it

    def _entry(self, row: sqlite3.Row) -> Entry:
        media = row["media"]
        return Entry(row["id"], self.root / row["folder"], row["kind"], row["title"],
                     row["source"], row["created_at"], row["duration"], row["cqi"],
                     (self.root / media) if media else None, row["notes"], row["backend"],
                     row["marker_notes"])


class AsyncLibrary:
    """The library for the event loop: every call runs on one dedicated storage thread."""

    def __init__(self, root: Path) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="storage")
        self._library: Library = self._executor.submit(Library, root).result()

    async def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        fn = getattr(self._library, method)
        return await asyncio.get_running_loop().run_in_executor(
            self._executor, lambda: fn(*args, **kwargs))

    def close(self) -> None:
        self._executor.submit(self._library.close).result()
        self._executor.shutdown(wait=True)
