"""Feedback latency of the engine's V2 stream: one continuous fMP4 stream sent in real time.

Usage: ``.venv/bin/python bench/v2_stream_latency.py [--seconds 20]``. Starts an engine child,
opens ``WS /v2/stream/analyze`` (inter-2), sends a clip (a face, voiced) as 1-s fragments at
the pace of the recording, and for every analysis event (``signal.*``, ``engagement.updated``,
``conversation_quality.updated``) measures the wall time from sending the fragment that completed
its window to receiving the event. Figures go to stdout and bench/out/v2_stream_latency.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "engine")]

from media_factory import make_clip  # noqa: E402
from v2_helpers import fmp4_chunks  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from interhuman_desktop.engine.analysis.vad import VAD_ENV  # noqa: E402
from interhuman_desktop.engine.child import start_engine  # noqa: E402

ANALYSIS = ("signal.", "engagement.", "conversation_quality.")


async def measure(base_url: str, key: str, chunks: list[bytes]) -> list[float]:
    url = base_url.replace("http://", "ws://") + "/v2/stream/analyze?model=inter-2"
    sent: list[float] = []
    latencies: list[float] = []
    async with connect(url, additional_headers={"Authorization": f"Bearer {key}"},
                       max_size=None) as ws:
        await ws.recv()  # session.ready
        await ws.send(json.dumps({"include": ["conversation_quality_overall"]}))
        await ws.recv()  # session.updated

        async def reader() -> None:
            async for raw in ws:
                env = json.loads(raw)
                if env["type"].startswith(ANALYSIS) and sent:
                    latencies.append(time.perf_counter() - sent[-1])
                if env["type"] == "session.ended":
                    return

        task = asyncio.create_task(reader())
        start = time.perf_counter()
        for i, chunk in enumerate(chunks):
            await asyncio.sleep(max(0.0, start + i - time.perf_counter()))  # real time
            await ws.send(chunk)
            sent.append(time.perf_counter())
        await asyncio.sleep(1.5)  # the last fragment's events
        sent.clear()
        await ws.send(json.dumps({"type": "session.close"}))
        await asyncio.wait_for(task, 120)
    return latencies


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=20.0)
    args = ap.parse_args()
    os.environ[VAD_ENV] = "webrtcvad"
    d = Path(tempfile.mkdtemp(prefix="v2lat-"))
    clip = make_clip(d / "talk.mp4", seconds=args.seconds, face=True)
    chunks = fmp4_chunks(clip, d / "talk-frag.mp4")
    engine = start_engine(api_keys=["bench"], ready_timeout=120)
    try:
        latencies = asyncio.run(measure(engine.base_url, "bench", chunks))
    finally:
        engine.stop(timeout=60)
    if not latencies:
        raise SystemExit("no analysis event arrived")
    report = {
        "machine": platform.platform(), "cpus": os.cpu_count(), "clip_seconds": args.seconds,
        "fragments": len(chunks), "events": len(latencies),
        "median_s": round(statistics.median(latencies), 3),
        "max_s": round(max(latencies), 3),
    }
    print(report)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "v2_stream_latency.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
