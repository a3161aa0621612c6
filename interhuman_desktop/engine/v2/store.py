"""The job store: one SQLite table, in ``state_dir/jobs.sqlite`` (or in memory without one).

A job is written when it is accepted and at each change of status, so a restarted engine knows
every job of the last hour: finished ones are served as they were; ones that were queued or
running are failed with ``ih1004`` (their analysis died with the old process: submit again).
Calls come from the event loop only (each is one small statement).
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    job_id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    model TEXT NOT NULL,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    include TEXT NOT NULL,
    correlation_id TEXT NOT NULL,
    file TEXT,
    result TEXT,
    error TEXT
)
"""
LIVE = ("queued", "running")


@dataclass
class Job:
    job_id: str
    status: str
    model: str
    created_at: float
    expires_at: float
    include: list[str]
    correlation_id: str
    file: str | None = None
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None

    @property
    def terminal(self) -> bool:
        return self.status not in LIVE

    def envelope(self) -> dict[str, Any]:
        """The ``UploadJob`` body: fields that do not apply are omitted, not null."""
        body: dict[str, Any] = {
            "job_id": self.job_id,
            "status": self.status,
            "model": self.model,
            "created_at": iso(self.created_at),
            "expires_at": iso(self.expires_at),
            "status_url": f"/v2/upload/jobs/{self.job_id}",
        }
        if self.status == "completed" and self.result is not None:
            body["result"] = self.result
        if self.status == "failed" and self.error is not None:
            body["error"] = self.error
        return body


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds").replace(
        "+00:00", "Z"
    )


class JobStore:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._db = sqlite3.connect(str(path) if path else ":memory:", isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL" if path else "PRAGMA journal_mode=MEMORY")
        self._db.execute(SCHEMA)

    def close(self) -> None:
        self._db.close()

    def insert(self, job: Job) -> None:
        self._db.execute(
            "INSERT INTO jobs VALUES (?,?,?,?,?,?,?,?,?,?)",
            (job.job_id, job.status, job.model, job.created_at, job.expires_at,
             json.dumps(job.include), job.correlation_id, job.file, _dump(job.result),
             _dump(job.error)),
        )

    def save(self, job: Job) -> None:
        """Write the job's status, result, error and file."""
        self._db.execute(
            "UPDATE jobs SET status=?, file=?, result=?, error=? WHERE job_id=?",
            (job.status, job.file, _dump(job.result), _dump(job.error), job.job_id),
        )

    def get(self, job_id: str, now: float | None = None) -> Job | None:
        """The job, or None when it is unknown or expired."""
        row = self._db.execute("SELECT * FROM jobs WHERE job_id=?", (job_id,)).fetchone()
        if row is None:
            return None
        job = _job(row)
        return job if job.expires_at > (time.time() if now is None else now) else None

    def count(self, now: float) -> tuple[int, int]:
        """(unexpired jobs, of which queued or running)."""
        total, live = self._db.execute(
            "SELECT COUNT(*), COALESCE(SUM(status IN ('queued','running')), 0) FROM jobs"
            " WHERE expires_at > ?", (now,),
        ).fetchone()
        return int(total), int(live)

    def purge(self, now: float) -> list[str]:
        """Delete expired jobs; the spooled files they still name."""
        rows = self._db.execute(
            "SELECT file FROM jobs WHERE expires_at <= ? AND file IS NOT NULL", (now,)
        ).fetchall()
        self._db.execute("DELETE FROM jobs WHERE expires_at <= ?", (now,))
        return [r[0] for r in rows]

    def unfinished(self) -> list[Job]:
        rows = self._db.execute(
            "SELECT * FROM jobs WHERE status IN ('queued','running')"
        ).fetchall()
        return [_job(r) for r in rows]


def _dump(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value)


def _job(row: tuple[Any, ...]) -> Job:
    jid, status, model, created, expires, include, cid, file, result, error = row
    return Job(jid, status, model, created, expires, json.loads(include), cid, file,
               json.loads(result) if result else None, json.loads(error) if error else None)
