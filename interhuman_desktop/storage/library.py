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

from interhuman_desktop.storage import v2_jobs
from interhuman_desktop.storage.schema import ENTRY_SELECT, MIGRATIONS
from interhuman_desktop.storage.tags import TagsMixin
from interhuman_desktop.storage.v2_jobs import StoredJob

log = logging.getLogger(__name__)



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
    tags: tuple[str, ...] = ()
    media_removed: bool = False  # the recording was deleted after analysis (keep: never)
    marker_notes: str = ""


class Library(TagsMixin):
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
        row = self._db.execute(f"{ENTRY_SELECT} WHERE id = ?", (entry_id,)).fetchone()
        if row is None:
            raise KeyError(entry_id)
        return self._entry(row)

    def search(self, text: str = "", tag: str | None = None) -> list[Entry]:
        """Newest first; ``text`` matches the title, the source, the notes, a marker's note or a tag
        (case-insensitive; ``#word`` matches the tag ``word`` only); ``tag`` keeps the entries
        that carry that tag."""
        text = text.strip().lower()
        where, params = self._text_filter(text)
        if tag:
            where += " AND id IN (SELECT entry_id FROM tags WHERE tag = ?)"
            params.append(tag.strip())
        rows = self._db.execute(f"{ENTRY_SELECT} WHERE {where} ORDER BY created_at DESC, id DESC",
                                params)
        return [self._entry(r) for r in rows]

    @staticmethod
    def _text_filter(text: str) -> tuple[str, list[Any]]:
        if text.startswith("#") and len(text) > 1:
            return "id IN (SELECT entry_id FROM tags WHERE tag = ?)", [text[1:].strip()]
        like = f"%{text}%"
        return ("(lower(title) LIKE ? OR lower(notes) LIKE ? OR lower(source) LIKE ?"
                " OR lower(marker_notes) LIKE ? OR id IN"
                " (SELECT entry_id FROM tags WHERE lower(tag) LIKE ?))", [like] * 5)

    def update(self, entry_id: int, **fields: Any) -> Entry:
        allowed = {"title", "notes", "duration", "cqi", "media", "media_removed", "marker_notes"}
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

    def find_by_hash(self, content_hash: str) -> Entry | None:
        """The oldest file entry whose analysed file had this content hash."""
        row = self._db.execute(f"{ENTRY_SELECT} WHERE content_hash = ? AND kind = 'file'"
                               " ORDER BY id LIMIT 1", (content_hash,)).fetchone()
        return self._entry(row) if row is not None else None

    def set_hash(self, entry_id: int, content_hash: str) -> None:
        with self._db:
            self._db.execute("UPDATE entries SET content_hash = ? WHERE id = ?",
                             (content_hash, entry_id))

    def unhashed_files(self) -> list[Entry]:
        """File entries saved before content hashes were kept (their media can be hashed)."""
        rows = self._db.execute(f"{ENTRY_SELECT} WHERE kind = 'file' AND content_hash IS"
                                " NULL AND media IS NOT NULL ORDER BY id")
        return [self._entry(r) for r in rows]

    def close(self) -> None:
        self._db.close()

    # V2 upload jobs (decisions #19): thin calls into storage.v2_jobs on this connection
    def record_job(self, **fields: Any) -> StoredJob:
        return v2_jobs.record_job(self._db, **fields)

    def update_job(self, base_url: str, job_id: str, **fields: Any) -> None:
        v2_jobs.update_job(self._db, base_url, job_id, **fields)

    def jobs_for_file(self, digest: str, model: str, base_url: str) -> list[StoredJob]:
        return v2_jobs.jobs_for_file(self._db, digest, model, base_url)

    def pending_jobs(self) -> list[StoredJob]:
        return v2_jobs.pending_jobs(self._db)

    def _rel(self, path: Path) -> str:
        path = Path(path).resolve()
        try:
            return path.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)  # media kept where the user had it

    def _entry(self, row: sqlite3.Row) -> Entry:
        media = row["media"]
        tags = tuple(row["tag_list"].split("\x1f")) if row["tag_list"] else ()
        return Entry(row["id"], self.root / row["folder"], row["kind"], row["title"],
                     row["source"], row["created_at"], row["duration"], row["cqi"],
                     (self.root / media) if media else None, row["notes"], row["backend"],
                     tags, bool(row["media_removed"]), row["marker_notes"])


class AsyncLibrary:
    """The library for the event loop: every call runs on one dedicated storage thread."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="storage")
        self._library: Library = self._executor.submit(Library, root).result()

    async def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        fn = getattr(self._library, method)
        return await asyncio.get_running_loop().run_in_executor(
            self._executor, lambda: fn(*args, **kwargs))

    def close(self) -> None:
        self._executor.submit(self._library.close).result()
        self._executor.shutdown(wait=True)
