"""The batch store, the library's content-hash migration, and the progress arithmetic."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from interhuman_desktop.session.batch_plan import list_videos
from interhuman_desktop.session.batch_progress import BatchProgress, clock_text
from interhuman_desktop.storage.batch_store import BatchStore
from interhuman_desktop.storage.content_hash import file_sha256
from interhuman_desktop.storage.library import MIGRATIONS, Library


def test_a_version_1_library_gains_content_hashes_and_keeps_its_rows(tmp_path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    with sqlite3.connect(root / "library.sqlite3") as db:  # the old app's schema script
        db.executescript(f"BEGIN; {MIGRATIONS[0]}; PRAGMA user_version = 1; COMMIT;")
        db.execute("INSERT INTO entries (folder, kind, title, created_at, media) VALUES"
                   " ('entries/a', 'file', 'Old talk', '2026-01-01T00:00:00', 'entries/a/t.mp4')")
    library = Library(root)
    try:
        assert library.schema_version == len(MIGRATIONS)
        (old,) = library.unhashed_files()
        assert old.title == "Old talk" and library.find_by_hash("ab") is None
        library.set_hash(old.id, "ab")
        assert library.find_by_hash("ab") == library.get(old.id)
        assert library.unhashed_files() == []
    finally:
        library.close()


def test_a_batch_is_resumed_until_finished_and_rows_keep_their_state(tmp_path) -> None:
    store = BatchStore(tmp_path / "batch.sqlite3")
    folder = tmp_path / "in"
    batch, resumed = store.open_batch(folder, recursive=False)
    assert not resumed
    assert store.open_batch(folder, recursive=True)[0] != batch  # other options: other batch
    store.upsert(batch, folder / "a.mp4", size=10, mtime_ns=1, content_hash="h", state="pending")
    store.mark(batch, folder / "a.mp4", "running")
    store.mark(batch, folder / "a.mp4", "done", entry_id=7, seconds=1.5)
    store.close()

    store = BatchStore(tmp_path / "batch.sqlite3")  # a new process
    assert store.open_batch(folder, recursive=False) == (batch, True)
    (row,) = store.files(batch)
    assert (row.state, row.entry_id, row.seconds, row.attempts) == ("done", 7, 1.5, 1)
    with pytest.raises(ValueError, match="cannot set"):
        store.mark(batch, row.path, "done", size=3)
    store.finish(batch)
    assert store.open_batch(folder, recursive=False) == (batch + 2, False)
    store.close()


def test_progress_counts_and_an_eta_from_bytes_analysed() -> None:
    progress = BatchProgress(started=100.0)
    for state, size in (("done", 50), ("pending", 100), ("pending", 300), ("skipped", 10)):
        progress.add(state, size)
    assert (progress.total, progress.finished) == (4, 2)
    assert progress.eta(110.0) is None  # nothing analysed in this run yet
    progress.ended("done", 100, analysed=True)
    assert progress.eta(110.0) == pytest.approx(30.0)  # 300 bytes left at 10 bytes/s
    assert progress.text(110.0) == "3/4 files · 2 analysed, 1 already analysed · ETA 0:30"
    assert progress.files_per_minute(110.0) == pytest.approx(6.0)
    progress.ended("refused", 300, analysed=False)
    assert progress.text(130.0) == "4/4 files · 2 analysed, 1 already analysed, 1 refused"
    assert [clock_text(s) for s in (0, 75, 3725)] == ["0:00", "1:15", "1:02:05"]


def test_listing_a_folder(tmp_path) -> None:
    for name in ("b.MP4", "a.mov", "notes.txt", ".hidden.mp4", "sub/c.mkv", ".cache/d.mp4"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(name.encode())
    assert [p.name for p in list_videos(tmp_path)] == ["a.mov", "b.MP4"]
    assert [p.relative_to(tmp_path).as_posix() for p in list_videos(tmp_path, True)] == [
        "a.mov", "b.MP4", "sub/c.mkv"]
    assert file_sha256(tmp_path / "a.mov") == hashlib.sha256(b"a.mov").hexdigest()
