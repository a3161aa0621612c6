"""Waiting on conditions with generous bounds, so tests hold on a heavily loaded machine.

The bounds are deadlines for a hang, not expectations: a condition that holds returns at once.
``UI_MS`` is the bound for ``qtbot.waitUntil``/``waitSignal`` on things that take a few frames.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

UI_MS = 30_000
ENGINE_READY_S = 120.0  # engine start-up bound (the library default is 30 s): imports are slow


async def until(predicate: Callable[[], object], seconds: float = 60.0, what: str = "") -> None:
    """Poll ``predicate`` on the running loop until it is true, for at most ``seconds``."""
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what or predicate}")
        await asyncio.sleep(0.02)


def until_sync(predicate: Callable[[], object], seconds: float = 60.0, what: str = "") -> None:
    """The same, blocking the calling thread (for tests without a loop)."""
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what or predicate}")
        time.sleep(0.02)
