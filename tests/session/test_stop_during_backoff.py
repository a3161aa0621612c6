"""Stopping a live session while it waits to reconnect returns at once, not after the backoff."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from interhumanai import InterhumanClient
from session_helpers import place_segments

from interhuman_desktop.engine.child import start_engine
from interhuman_desktop.session.live import LiveOptions, LiveSession, LiveState

LONG = 86_400.0  # a backoff of up to a day: only a wake-up can end the wait in a test's time


async def _wait_for_long_backoff(session: LiveSession, at_least: float) -> float:
    """Until the session sleeps before a reconnect for ``at_least`` seconds (jitter may pick a
    short one first: then the next attempt comes soon and picks again)."""
    while True:
        found = re.fullmatch(r"retrying in ([\d.]+) s", session.socket_state)
        if found and float(found.group(1)) >= at_least:
            return float(found.group(1))
        await asyncio.sleep(0.05)


def test_stop_during_a_reconnect_backoff_returns_promptly(tmp_path: Path,
                                                          segment_template: Path) -> None:
    engine = start_engine()
    base_url, key = engine.base_url, engine.api_key
    engine.kill()  # nothing listens there any more: every connection attempt is refused
    folder = tmp_path / "session"
    infos = place_segments(folder, segment_template, 2)
    options = LiveOptions(quiet_period=5.0, backoff_base=LONG, backoff_cap=LONG,
                          give_up_after=10 * LONG, stop_retry_for=1.0)

    async def scenario() -> tuple[float, LiveSession]:
        session = LiveSession(InterhumanClient(access_token=key, base_url=base_url), base_url,
                              folder, options)
        await session.start()
        for info in infos:
            session.segment_ready(info)
        session.input_finished()
        delay = await asyncio.wait_for(_wait_for_long_backoff(session, 600.0), 300)
        await asyncio.wait_for(session.finish(), 300)  # far less than the backoff
        session.close_journal()
        return delay, session

    delay, session = asyncio.run(scenario())
    assert delay >= 600.0
    assert session.state is LiveState.ENDED and session.error is None
    assert [s.index for s in session.pending()] == [1, 2]  # kept for a later analysis
    assert all(info.path.exists() for info in infos)
