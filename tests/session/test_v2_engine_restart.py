"""The engine restarted under a pending job: the job comes back failed as ih1004
("interrupted: submit again"), and the resumed upload submits the file once more and
completes (real engines sharing a state dir, a real library)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest
from media_factory import make_clip
from waiting import until

from interhuman_desktop.api.backend import Backend, make_client
from interhuman_desktop.api.capture import record_response
from interhuman_desktop.api.errors import UploadCancelled
from interhuman_desktop.session.v2_upload import LibraryLedger, V2Hooks, V2Upload
from interhuman_desktop.storage.library import AsyncLibrary


def _ledger_rows(root: Path) -> list[tuple[str, str, str | None]]:
    db = sqlite3.connect(f"file:{root / 'library.sqlite3'}?mode=ro", uri=True)
    try:
        return db.execute("SELECT job_id, status, error_id FROM v2_jobs ORDER BY id").fetchall()
    finally:
        db.close()


async def _upload(engine: Any, library: AsyncLibrary, path: Path, notes: list[str],
                  cancel: asyncio.Event | None = None) -> Any:
    async with httpx.AsyncClient(timeout=300, event_hooks={
            "response": [record_response]}) as http:
        client = make_client(Backend.local(engine.base_url, engine.api_key), http)
        return await V2Upload(client, LibraryLedger(library), "local", path,
                              hooks=V2Hooks(note=notes.append), cancel=cancel).run()


def test_an_interrupted_job_is_submitted_again(engine_factory, tmp_path) -> None:
    state, root = tmp_path / "state", tmp_path / "library"
    clip = make_clip(tmp_path / "talk.mp4", seconds=5, face=True)
    library = AsyncLibrary(root)
    first = engine_factory(extra_args=["--state-dir", str(state), "--v2-job-delay", "60"])
    notes: list[str] = []

    async def start_then_stop() -> None:
        cancel = asyncio.Event()
        task = asyncio.create_task(_upload(first, library, clip, notes, cancel))
        await until(lambda: root.joinpath("library.sqlite3").exists() and _ledger_rows(root),
                    120, "the job recorded")
        cancel.set()
        with pytest.raises(UploadCancelled):
            await task

    asyncio.run(start_then_stop())
    first.stop(timeout=60)  # the engine goes away with the job running
    second = engine_factory(extra_args=["--state-dir", str(state)])
    outcome = asyncio.run(_upload(second, library, clip, notes))
    library.close()
    (old, old_status, old_error), (new, new_status, new_error) = _ledger_rows(root)
    assert (old_status, old_error) == ("failed", "ih1004")
    assert (new_status, new_error) == ("completed", None)
    assert any(f"resuming job {old}" in n for n in notes)
    assert any("ih1004; submitting again" in n for n in notes)
    assert outcome.raw is not None and outcome.raw["job_id"] == new != old
