#!/usr/bin/env python3
"""Measure the engine's guards against the probes of issue 14.

    .venv/bin/python bench/engine_guards.py [--upgrades 200] [--slow 50] [--read-timeout 5]

Starts a local engine child (defaults: 10 failures per address, then one per second), sends
``--upgrades`` WebSocket upgrades with a wrong key as fast as it can and counts the statuses
(before the throttle all of them were 401 at ~400/s), then opens ``--slow`` connections that
stall their upload body and reports how many the engine closed and after how long. Prints the
figures and writes bench/out/engine_guards.json.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import socket
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from websockets.asyncio.client import connect  # noqa: E402
from websockets.exceptions import InvalidStatus  # noqa: E402

from interhuman_desktop.engine.child import start_engine  # noqa: E402

OUT = ROOT / "bench" / "out"


async def wrong_key_upgrades(port: int, n: int) -> tuple[dict[int, int], float]:
    statuses: collections.Counter[int] = collections.Counter()
    url = f"ws://127.0.0.1:{port}/v1/stream/analyze"
    t0 = time.perf_counter()
    for _ in range(n):
        try:
            ws = await connect(url, additional_headers={"Authorization": "Bearer wrong"},
                               proxy=None, open_timeout=60)
            await ws.close()
            statuses[101] += 1
        except InvalidStatus as exc:
            statuses[exc.response.status_code] += 1
    return dict(statuses), time.perf_counter() - t0


def slow_bodies(port: int, key: str, n: int, bound: float) -> list[float | None]:
    """Seconds until the engine closed each stalled upload (None: still open at ``bound``)."""
    head = (f"POST /v1/upload/analyze HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Authorization: Bearer {key}\r\nContent-Length: 1000000\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\n\r\n--b\r\n").encode()
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.2", 0))
        s.sendall(head)
        s.setblocking(False)
        socks.append(s)
    t0 = time.monotonic()
    closed: list[float | None] = [None] * n
    while time.monotonic() - t0 < bound and None in closed:
        for i, s in enumerate(socks):
            if closed[i] is not None:
                continue
            try:
                while s.recv(65536):
                    pass
                closed[i] = time.monotonic() - t0
            except BlockingIOError:
                pass
            except OSError:
                closed[i] = time.monotonic() - t0
        time.sleep(0.05)
    for s in socks:
        s.close()
    return closed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--upgrades", type=int, default=200)
    ap.add_argument("--slow", type=int, default=50)
    ap.add_argument("--read-timeout", type=float, default=5.0)
    args = ap.parse_args()
    engine = start_engine(extra_args=["--read-timeout", str(args.read_timeout)],
                          ready_timeout=120)
    try:
        statuses, seconds = asyncio.run(wrong_key_upgrades(engine.port, args.upgrades))
        # This address is throttled now (even the right key gets 429): the slow bodies come
        # from 127.0.0.2, with the right key, so the engine reads them.
        closed = slow_bodies(engine.port, engine.api_key, args.slow,
                             bound=args.read_timeout * 6 + 30)
    finally:
        engine.stop(timeout=60)
    done = [c for c in closed if c is not None]
    result = {
        "wrong_key_upgrades": args.upgrades,
        "statuses": statuses,
        "upgrades_per_second": round(args.upgrades / seconds, 1),
        "slow_connections": args.slow,
        "read_timeout_s": args.read_timeout,
        "slow_closed": len(done),
        "slow_closed_after_s": {"min": round(min(done), 2), "max": round(max(done), 2)}
        if done else None,
    }
    print(f"{args.upgrades} wrong-key upgrades: statuses {statuses}, "
          f"{result['upgrades_per_second']}/s")
    print(f"{args.slow} stalled bodies: {len(done)} closed by the engine "
          f"(read timeout {args.read_timeout} s), after {result['slow_closed_after_s']}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "engine_guards.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
