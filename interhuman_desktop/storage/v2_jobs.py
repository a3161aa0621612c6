"""V2 upload jobs in the library database (decisions #19): a job is recorded as soon as the
service accepts it (its id, ``expires_at``, the file's hash and the model), so a restarted app
resumes polling it, and a file whose job completed is never submitted again.

One row per accepted job; ``result`` keeps the completed envelope exactly as received (the
service forgets it after an hour). The functions take the library's connection; ``Library``
exposes them as methods (so ``AsyncLibrary.call`` runs them on the storage thread).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MIGRATION = """
    CREATE TABLE v2_jobs (
        id INTEGER PRIMARY KEY,
        job_id TEXT NOT NULL,
        base_url TEXT NOT NULL,
        file_hash TEXT NOT NULL,
        file_path TEXT NOT NULL,
        model TEXT NOT NULL,
        include TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        status TEXT NOT NULL,
        error_id TEXT,
        result TEXT,
        entry_id INTEGER REFERENCES entries (id) ON DELETE SET NULL,
        UNIQUE (base_url, job_id)
    );
    CREATE INDEX v2_jobs_file ON v2_jobs (file_hash, model, base_url);
    """
TERMINAL = ("completed", "failed", "expired")
_HASH_BLOCK = 1 << 20


@dataclass(frozen=True)
class StoredJob:
    job_id: str
    base_url: str
    file_hash: str
    file_path: str
    model: str
    include: list[str]
    created_at: str
    expires_at: str
    status: str  # queued | running | completed | failed | expired (404 ih4021 after its hour)
    error_id: str | None
    result: dict[str, Any] | None  # the completed job envelope, as received
    entry_id: int | None

    @property
    def pending(self) -> bool:
        return self.status not in TERMINAL

    def expired_at(self, now: datetime | None = None) -> bool:
        moment = now or datetime.now(UTC)
        return datetime.fromisoformat(self.expires_at.replace("Z", "+00:00")) <= moment


def file_hash(path: Path) -> str:
    """SHA-256 of the file's bytes (hex), read in 1-MiB blocks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while block := fh.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def record_job(db: sqlite3.Connection, *, job_id: str, base_url: str, file_hash: str,
               file_path: str, model: str, include: list[str], created_at: str,
               expires_at: str, status: str) -> StoredJob:
    with db:
        db.execute(
            "INSERT INTO v2_jobs (job_id, base_url, file_hash, file_path, model, include,"
            " created_at, expires_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (base_url, job_id) DO UPDATE SET status = excluded.status",
            (job_id, base_url, file_hash, file_path, model, json.dumps(include), created_at,
             expires_at, status))
    found = get_job(db, base_url, job_id)
    assert found is not None
    return found


def update_job(db: sqlite3.Connection, base_url: str, job_id: str, *, status: str,
               error_id: str | None = None, result: dict[str, Any] | None = None,
               entry_id: int | None = None) -> None:
    """Set the status (and the error id / result / library entry when given)."""
    sets: list[str] = ["status = ?"]
    values: list[object] = [status]
    for column, value in (("error_id", error_id), ("entry_id", entry_id)):
        if value is not None:
            sets.append(f"{column} = ?")
            values.append(value)
    if result is not None:
        sets.append("result = ?")
        values.append(json.dumps(result))
    with db:
        db.execute(f"UPDATE v2_jobs SET {', '.join(sets)} WHERE base_url = ? AND job_id = ?",
                   (*values, base_url, job_id))


def get_job(db: sqlite3.Connection, base_url: str, job_id: str) -> StoredJob | None:
    row = db.execute("SELECT * FROM v2_jobs WHERE base_url = ? AND job_id = ?",
                     (base_url, job_id)).fetchone()
    return _job(row) if row is not None else None


def jobs_for_file(db: sqlite3.Connection, digest: str, model: str, base_url: str
                  ) -> list[StoredJob]:
    """This file's jobs on this service with this model, newest first."""
    rows = db.execute(
        "SELECT * FROM v2_jobs WHERE file_hash = ? AND model = ? AND base_url = ?"
        " ORDER BY id DESC", (digest, model, base_url))
    return [_job(r) for r in rows]


def pending_jobs(db: sqlite3.Connection) -> list[StoredJob]:
    """Jobs accepted but not seen finished (what a restarted app resumes), oldest first."""
    placeholders = ", ".join("?" for _ in TERMINAL)
    rows = db.execute(f"SELECT * FROM v2_jobs WHERE status NOT IN ({placeholders}) ORDER BY id",
                      TERMINAL)
    return [_job(r) for r in rows]


def _job(row: sqlite3.Row) -> StoredJob:
    result = json.loads(row["result"]) if row["result"] else None
    return StoredJob(row["job_id"], row["base_url"], row["file_hash"], row["file_path"],
                     row["model"], list(json.loads(row["include"])), row["created_at"],
                     row["expires_at"], row["status"], row["error_id"], result, row["entry_id"])
