"""The real local engine as a child process (H1's ``engine.child``), started on port 0."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest


def start_or_skip(**kwargs: Any) -> Any:
    try:
        from interhuman_desktop.engine.child import EngineStartError, start_engine
    except ImportError as exc:
        pytest.skip(f"the local engine module does not exist yet: {exc}")
    try:
        return start_engine(**kwargs)
    except EngineStartError as exc:
        lines = [line for line in str(exc).splitlines() if line.strip()]
        pytest.skip(f"the local engine does not start yet: {lines[0]} / {lines[-1]}")


@pytest.fixture
def engine_factory() -> Iterator[Callable[..., Any]]:
    started: list[Any] = []

    def factory(**kwargs: Any) -> Any:
        engine = start_or_skip(**kwargs)
        started.append(engine)
        return engine

    yield factory
    for engine in started:
        engine.stop()


@pytest.fixture(scope="module")
def engine() -> Iterator[Any]:
    eng = start_or_skip()
    yield eng
    eng.stop()
