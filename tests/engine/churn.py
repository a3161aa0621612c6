"""Sessions and uploads that end badly, against one engine; its RSS and thread count.

Shared by ``tests/engine/test_flat.py`` and ``bench/engine_flat.py``. Every stream session
first gets its analysis opened and fed (it waits for the first analysis event, or for the
engine's own idle timeout when the machine is too slow for that), then ends without
``session.close`` in one of four ways; every upload is refused after the engine opened its
analysis (``ih4002``, ``ih4007``, ``ih5001``, ``ih5002``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

ENDINGS = ("drop", "close-1011", "ih6002", "idle")
PROTOCOL = ("session.ready", "session.updated", "session.closing", "session.ended")
# engine flags these sessions need: short idle timeout, small frame limit for ih6002
ENGINE_ARGS = ("--idle-timeout", "8", "--max-segment-bytes", "2000000")
OVERSIZE = 2_000_001


@dataclass(frozen=True)
class Figures:
    rss_mb: float
    threads: int


def figures(pid: int) -> Figures:
    """VmRSS and thread count of a process, from /proc (Linux)."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return Figures(int(fields["VmRSS"].split()[0]) / 1024, int(fields["Threads"]))


def wait_for(pred: Callable[[], bool], timeout: float, step: float = 0.5) -> bool:
    """Poll ``pred`` until true or ``timeout`` s; returns the last answer."""
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            return pred()
        time.sleep(step)
    return True


def ws_url(base_url: str) -> str:
    return base_url.replace("http://", "ws://") + "/v1/stream/analyze"


async def _first_analysis(ws: ClientConnection) -> str:
    """Wait for the first analysis event (``analysed``) or an engine error (its code)."""
    while True:
        env = json.loads(await ws.recv())
        if env["type"] == "error":
            return env["data"]["code"]
        if env["type"] not in PROTOCOL:
            return "analysed"


DRAIN_BOUND_S = 60.0  # a bound for a hang, not an expectation


async def _drain(ws: ClientConnection) -> None:
    """Read until the engine closes the connection (at most ``DRAIN_BOUND_S``)."""
    with contextlib.suppress(ConnectionClosed, TimeoutError):
        async with asyncio.timeout(DRAIN_BOUND_S):
            while True:
                await ws.recv()


async def abrupt_session(base_url: str, key: str, segment: bytes, ending: str) -> str:
    """One session: open, feed ``segment``, wait for analysis, end by ``ending``."""
    headers = {"Authorization": f"Bearer {key}"}
    async with connect(ws_url(base_url), additional_headers=headers, max_size=None,
                       open_timeout=30) as ws:
        await ws.send(segment)
        async with asyncio.timeout(120):
            seen = await _first_analysis(ws)
        if seen != "analysed":  # the engine ended it first (idle timeout on a slow machine)
            await _drain(ws)
            return seen
        if ending == "drop":
            ws.transport.abort()  # no close frame: the engine sees the TCP connection vanish
        elif ending == "close-1011":
            await ws.close(1011, "client error")
        elif ending == "ih6002":
            await ws.send(b"\0" * OVERSIZE)
            await _drain(ws)
        else:  # idle: send nothing, the engine closes with ih6003
            await _drain(ws)
    return ending


async def abrupt_sessions(base_url: str, key: str, segment: bytes, count: int,
                          parallel: int = 3) -> dict[str, int]:
    """``count`` sessions, the endings in turn, ``parallel`` at a time; outcome counts."""
    outcomes: dict[str, int] = {}
    sem = asyncio.Semaphore(parallel)

    async def one(i: int) -> None:
        async with sem:
            got = await abrupt_session(base_url, key, segment, ENDINGS[i % len(ENDINGS)])
        outcomes[got] = outcomes.get(got, 0) + 1

    await asyncio.gather(*(one(i) for i in range(count)))
    return outcomes


def refused_uploads(base_url: str, key: str, files: Sequence[Path], count: int
                    ) -> dict[str, int]:
    """``count`` uploads of ``files`` in turn; counts of the error ids (or statuses)."""
    outcomes: dict[str, int] = {}
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(trust_env=False, timeout=120) as client:
        for i in range(count):
            path = files[i % len(files)]
            files_part = {"file": (path.name, path.read_bytes(), "video/mp4")}
            r = client.post(base_url + "/v1/upload/analyze", headers=headers, files=files_part)
            tag = r.json().get("error_id", str(r.status_code)) if r.status_code >= 400 else "200"
            outcomes[tag] = outcomes.get(tag, 0) + 1
    return outcomes
