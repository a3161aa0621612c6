"""Real entries to export: the sample clip analysed by the local engine (file), and a short
synthetic live session streamed to it (live), both saved into a real SQLite library."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from waiting import until

from interhuman_desktop.storage.library import Entry, Library

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample" / "sample.mp4"


@dataclass
class Entries:
    root: Path
    file: Entry
    live: Entry
    source: Path  # the analysed clip, outside the library

    def library(self) -> Library:
        return Library(self.root)


async def _analyse_file(base_url: str, key: str, clip: Path, root: Path) -> Entry:
    from interhuman_desktop.api.backend import Backend, make_client, make_http_client
    from interhuman_desktop.api.upload import analyze_file_raw
    from interhuman_desktop.session.from_result import timeline_from_result
    from interhuman_desktop.session.library_sync import save_file_analysis
    from interhuman_desktop.storage.library import AsyncLibrary

    async with make_http_client() as http:
        client = make_client(Backend.local(base_url, key), http)
        outcome = await analyze_file_raw(
            client, clip, include=["conversation_quality_overall",
                                   "conversation_quality_timeline"],
            goal_dimensions=["clarity", "rapport"], conversation_context="a pitch rehearsal")
    timeline = timeline_from_result(outcome.result)
    timeline.add_marker(4.0, "the opening — “hook”")
    timeline.add_marker(12.5, "slowed down here")
    library = AsyncLibrary(root)
    try:
        return await save_file_analysis(library, clip, timeline, [outcome.raw],
                                        notes="First take; coach: ask for pauses.")
    finally:
        library.close()


async def _record_live(base_url: str, key: str, work: Path, root: Path) -> Entry:
    from interhuman_desktop.api.backend import Backend, make_client, make_http_client
    from interhuman_desktop.capture import SyntheticSource
    from interhuman_desktop.session.library_sync import save_live_session
    from interhuman_desktop.session.live import LiveOptions, LiveSession, LiveState
    from interhuman_desktop.session.pipeline import LivePipeline
    from interhuman_desktop.storage.library import AsyncLibrary

    folder = work / "session"
    folder.mkdir(parents=True)
    async with make_http_client() as http:
        client = make_client(Backend.local(base_url, key), http)
        session = LiveSession(client, base_url, folder, LiveOptions(goal_dimensions=("energy",)))
        source = SyntheticSource(width=320, height=240, fps=15.0)
        pipeline = LivePipeline(session, source, source, segment_seconds=3.0)
        await pipeline.start()
        await until(lambda: pipeline.elapsed >= 9.0 or session.state == LiveState.FAILED,
                    seconds=300, what="9 s recorded")
        session.add_marker(2.0, "live marker")
        result = await pipeline.stop()
    library = AsyncLibrary(root)
    try:
        return await save_live_session(library, folder, result.recording, session.timeline,
                                       title="Live rehearsal", source="synthetic")
    finally:
        library.close()


@pytest.fixture(scope="session")
def entries(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Entries]:
    from waiting import ENGINE_READY_S

    from interhuman_desktop.engine.child import start_engine

    work = tmp_path_factory.mktemp("export-entries")
    clip = work / "my clips" / "Pitch take 1.mp4"
    clip.parent.mkdir()
    shutil.copy2(SAMPLE, clip)
    root = work / "library"
    with start_engine(ready_timeout=ENGINE_READY_S) as engine:
        file_entry = asyncio.run(_analyse_file(engine.base_url, engine.api_key, clip, root))
        live_entry = asyncio.run(_record_live(engine.base_url, engine.api_key, work, root))
    yield Entries(root, file_entry, live_entry, clip)


@pytest.fixture
def library(entries: Entries) -> Iterator[Library]:
    lib = entries.library()
    yield lib
    lib.close()
