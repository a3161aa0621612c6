"""Real takes for Compare and Progress: the sample clip and a copy with a changed segment,
analysed by the local engine into a real library (see ``tests/compare_takes.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from interhuman_desktop.storage.library import Entry


@dataclass
class Takes:
    root: Path
    a: Entry
    b: Entry


@pytest.fixture(scope="session")
def takes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Takes]:
    from compare_takes import two_takes
    from waiting import ENGINE_READY_S

    from interhuman_desktop.engine.child import start_engine

    work = tmp_path_factory.mktemp("takes")
    with start_engine(ready_timeout=ENGINE_READY_S) as engine:
        a, b = two_takes(engine.base_url, engine.api_key, work / "clips", work / "library")
    yield Takes(work / "library", a, b)


@pytest.fixture(scope="module")
def fresh_entry(engine, tmp_path_factory: pytest.TempPathFactory):
    """``make()``: a new library entry of the sample clip analysed by the local engine."""
    import asyncio
    import shutil

    from compare_takes import SAMPLE, analyse_into

    work = tmp_path_factory.mktemp("fresh")
    count = 0

    def make(root: Path) -> Entry:
        nonlocal count
        count += 1
        clip = work / f"Take {count}.mp4"
        shutil.copy2(SAMPLE, clip)
        return asyncio.run(analyse_into(engine.base_url, engine.api_key, clip, root))

    return make
