"""Folder batches against the real local engine: preflight, fit, hashes, resume, 429s."""

from __future__ import annotations

import asyncio
import csv
import sqlite3
from pathlib import Path

from batch_helpers import clip, corrupt, library_rows, oversized, run_batch, states

from interhuman_desktop.session.batch_summary import write_summary
from interhuman_desktop.session.file_analysis import FileJob, JobState
from interhuman_desktop.session.file_queue import FileQueue
from interhuman_desktop.session.library_sync import save_file_analysis
from interhuman_desktop.storage.content_hash import file_sha256
from interhuman_desktop.storage.library import AsyncLibrary


def test_a_folder_with_a_corrupt_and_an_oversized_file(engine, tmp_path) -> None:
    folder, root = tmp_path / "in", tmp_path / "lib"
    good = [clip(folder / f"talk{i}.mp4", i, face=True) for i in range(2)]
    bad = corrupt(folder / "broken.mp4")
    big = oversized(folder / "big.mp4")
    (folder / "notes.txt").write_text("not a video")
    deep = clip(folder / "sub" / "deep.mp4", 5)

    outcome, _ = asyncio.run(run_batch(engine, root, folder, fit=True))
    assert states(outcome) == {"talk0.mp4": "done", "talk1.mp4": "done", "broken.mp4": "refused",
                               "big.mp4": "done"}  # not recursive: sub/ is not looked at
    by_name = {f.path.name: f for f in outcome.files}
    assert "could not be read as a video" in by_name["broken.mp4"].detail
    assert by_name["big.mp4"].size > 33_554_432
    rows = library_rows(root)
    assert sorted(Path(s).name for s, _ in rows) == ["big.mp4", "talk0.mp4", "talk1.mp4"]
    assert {h for _, h in rows} == {file_sha256(p) for p in (*good, big)}
    assert outcome.progress.counts["done"] == 3 and outcome.progress.finished == 4

    again, _ = asyncio.run(run_batch(engine, root, folder, fit=True, recursive=True))
    assert states(again) == {"talk0.mp4": "skipped", "talk1.mp4": "skipped",
                             "broken.mp4": "refused", "big.mp4": "skipped", "deep.mp4": "done"}
    assert len(library_rows(root)) == 4  # only the file of the sub-folder was analysed
    assert bad.exists() and deep.exists()


def test_outside_the_limits_without_fit_waits_for_a_run_with_fit(engine, tmp_path) -> None:
    folder, root = tmp_path / "in", tmp_path / "lib"
    clip(folder / "ok.mp4", 0)
    oversized(folder / "big.mp4")
    first, _ = asyncio.run(run_batch(engine, root, folder))
    assert states(first) == {"ok.mp4": "done", "big.mp4": "needs_fit"}
    assert "--fit" in {f.path.name: f for f in first.files}["big.mp4"].detail
    second, _ = asyncio.run(run_batch(engine, root, folder, fit=True))
    assert states(second) == {"ok.mp4": "skipped", "big.mp4": "done"}
    assert len(library_rows(root)) == 2


def test_files_analysed_outside_the_batch_are_skipped_by_content(engine, tmp_path) -> None:
    """One saved by a single analysis (hash kept), one from before hashes (backfilled), and
    two files of the folder with the same bytes under other names: nothing is sent twice."""
    folder, root = tmp_path / "in", tmp_path / "lib"
    single = clip(tmp_path / "elsewhere" / "single.mp4", 1)
    old = clip(tmp_path / "elsewhere" / "old.mp4", 2)
    asyncio.run(_analyse_alone(engine, root, [single, old]))
    with sqlite3.connect(root / "library.sqlite3") as db:  # as saved before migration 4
        db.execute("UPDATE entries SET content_hash = NULL WHERE source = ?", (str(old),))
    (folder).mkdir()
    (folder / "renamed.mp4").write_bytes(single.read_bytes())
    (folder / "old copy.mp4").write_bytes(old.read_bytes())
    new = clip(folder / "new.mp4", 3)
    (folder / "new_copy.mp4").write_bytes(new.read_bytes())

    outcome, queue = asyncio.run(run_batch(engine, root, folder))
    assert states(outcome) == {"renamed.mp4": "skipped", "old copy.mp4": "skipped",
                               "new.mp4": "done", "new_copy.mp4": "duplicate"}
    assert list(queue.jobs) == [new.resolve()]  # the only file sent
    assert all(h for _, h in library_rows(root)) and len(library_rows(root)) == 3

    summary = write_summary(tmp_path / "s.csv", outcome.files, {}, folder.resolve())
    rows = {r["file"]: r for r in csv.DictReader(summary.open(encoding="utf-8"))}
    assert rows["new_copy.mp4"]["outcome"] == "duplicate"
    assert "new.mp4" in rows["new_copy.mp4"]["detail"]
    assert rows["renamed.mp4"]["outcome"] == "already analysed"


async def _analyse_alone(engine, root: Path, paths: list[Path]) -> None:
    from interhumanai import InterhumanClient

    client = InterhumanClient(access_token=engine.api_key, base_url=engine.base_url)

    async def provider() -> InterhumanClient:
        return client

    queue = FileQueue(provider)
    jobs: list[FileJob] = [queue.add(p) for p in paths]
    await queue.wait()
    library = AsyncLibrary(root)
    for job in jobs:
        assert job.state == JobState.DONE and job.timeline is not None
        await save_file_analysis(library, job.path, job.timeline, list(job.raw_results))
    library.close()


def test_a_429_pauses_the_batch_and_every_file_still_gets_its_result(engine_factory,
                                                                      tmp_path) -> None:
    engine = engine_factory(faults=["upload-429-every=2"])
    folder, root = tmp_path / "in", tmp_path / "lib"
    for i in range(3):
        clip(folder / f"talk{i}.mp4", i)
    outcome, queue = asyncio.run(run_batch(engine, root, folder, concurrency=2))
    assert set(states(outcome).values()) == {"done"}
    assert queue.rate_limited >= 1  # the service said 429 and the queue waited it out
    assert len(library_rows(root)) == 3


def test_killed_between_saving_and_recording_the_file_is_not_sent_again(engine,
                                                                         tmp_path) -> None:
    folder, root = tmp_path / "in", tmp_path / "lib"
    clip(folder / "a.mp4", 0)
    clip(folder / "b.mp4", 1)
    first, _ = asyncio.run(run_batch(engine, root, folder))
    with sqlite3.connect(root / "batch.sqlite3") as db:  # as if killed after the library save
        db.execute("UPDATE batch_files SET state = 'running', entry_id = NULL"
                   " WHERE path LIKE '%b.mp4'")
        db.execute("UPDATE batches SET finished_at = NULL")
    again, queue = asyncio.run(run_batch(engine, root, folder))
    assert again.batch_id == first.batch_id and again.resumed
    assert states(again) == {"a.mp4": "done", "b.mp4": "skipped"} and not queue.jobs
    assert len(library_rows(root)) == 2


def test_a_service_that_keeps_saying_429_fails_the_file_in_words(engine_factory, tmp_path,
                                                                 monkeypatch) -> None:
    from interhuman_desktop.session import file_queue

    monkeypatch.setattr(file_queue, "RATE_LIMIT_ROUNDS", 2)
    engine = engine_factory(faults=["upload-429-every=1"])  # every upload: 429, Retry-After 1
    folder, root = tmp_path / "in", tmp_path / "lib"
    clip(folder / "talk.mp4", 0)
    outcome, queue = asyncio.run(run_batch(engine, root, folder))
    (row,) = outcome.files
    assert row.state == "failed" and "ih3001" in row.detail
    assert queue.rate_limited == 2 * 3  # two rounds of three attempts, every one a 429
    assert library_rows(root) == []
