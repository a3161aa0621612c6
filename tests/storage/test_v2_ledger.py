"""The V2 job records in the library database (real SQLite): the migration, recording a job
the moment it is accepted, its later states, and what a restarted app finds."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from interhuman_desktop.storage.library import MIGRATIONS, Library
from interhuman_desktop.storage.v2_jobs import file_hash

SERVICE = "https://api.example"


def _record(lib: Library, job_id: str, digest: str, *, status: str = "queued",
            expires: datetime | None = None) -> None:
    now = datetime.now(UTC)
    lib.record_job(job_id=job_id, base_url=SERVICE, file_hash=digest, file_path="/x/talk.mp4",
                   model="inter-2", include=["signals"], created_at=now.isoformat(),
                   expires_at=(expires or now + timedelta(hours=1)).isoformat(), status=status)


def test_the_migration_adds_the_job_table(tmp_path: Path) -> None:
    lib = Library(tmp_path)
    assert lib.schema_version == len(MIGRATIONS)
    lib.close()
    db = sqlite3.connect(tmp_path / "library.sqlite3")
    columns = {row[1] for row in db.execute("PRAGMA table_info(v2_jobs)")}
    db.close()
    assert {"job_id", "file_hash", "expires_at", "model", "status", "result"} <= columns


def test_a_job_is_kept_across_a_reopen_then_completed(tmp_path: Path) -> None:
    media = tmp_path / "talk.mp4"
    media.write_bytes(b"\x00" * 3_000_000)  # over the 1-MiB read block
    digest = file_hash(media)
    assert digest == hashlib.sha256(media.read_bytes()).hexdigest()
    lib = Library(tmp_path)
    _record(lib, "a" * 32, digest)
    lib.close()

    again = Library(tmp_path)  # "the app restarted"
    (pending,) = again.pending_jobs()
    assert (pending.job_id, pending.file_hash, pending.model) == ("a" * 32, digest, "inter-2")
    assert pending.pending and not pending.expired_at()
    envelope = {"job_id": "a" * 32, "status": "completed", "result": {"windows": []}}
    again.update_job(SERVICE, "a" * 32, status="completed", result=envelope)
    assert again.pending_jobs() == []
    (done,) = again.jobs_for_file(digest, "inter-2", SERVICE)
    assert done.status == "completed" and done.result == envelope and not done.pending
    assert again.jobs_for_file(digest, "inter-2-audio", SERVICE) == []
    assert again.jobs_for_file(digest, "inter-2", "https://other.example") == []
    again.close()


def test_expiry_failure_and_newest_first(tmp_path: Path) -> None:
    lib = Library(tmp_path)
    _record(lib, "old", "h", expires=datetime.now(UTC) - timedelta(seconds=1))
    _record(lib, "new", "h")
    jobs = lib.jobs_for_file("h", "inter-2", SERVICE)
    assert [j.job_id for j in jobs] == ["new", "old"]
    assert jobs[1].expired_at() and not jobs[0].expired_at()
    lib.update_job(SERVICE, "old", status="expired", error_id="ih4021")
    lib.update_job(SERVICE, "new", status="failed", error_id="ih1004")
    assert lib.pending_jobs() == []
    assert {(j.job_id, j.status, j.error_id) for j in lib.jobs_for_file("h", "inter-2", SERVICE)
            } == {("old", "expired", "ih4021"), ("new", "failed", "ih1004")}
    lib.close()
