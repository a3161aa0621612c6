"""Feedback latency of the engine's V2 stream: one continuous fMP4 stream sent in real time.

Usage: ``.venv/bin/python bench/v2_stream_latency.py [--seconds 20]``. Starts an engine child,
opens ``WS /v2/stream/analyze`` (inter-2), sends a clip (a face, voiced) as ~1-s fragments at
the pace of the recording, and for every analysis event (``signal.*``, ``engagement.updated``,
``conversation_quality.updated``) measures two figures:

- ``from_media``: wall time from sending the fragment holding the media the event is about
  (``start`` of signal.detected/updated and engagement.updated, ``end`` of signal.ended; the
  fragment found from its media span, fragments taken as equally long) to receiving the event:
  what a user waits, analysis window included;
- ``after_last_fragment``: wall time from the latest fragment sent to the event (the engine's
  processing delay once the window is complete).

Figures go to stdout and bench/out/v2_stream.json.
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


def _media_time(env: dict) -> float | None:
    data = env.get("data") or {}
    value = data.get("end") if env["type"] == "signal.ended" else data.get("start")
    return float(value) if isinstance(value, (int, float)) else None


async def measure(base_url: str, key: str, chunks: list[bytes], fragment_s: float
                  ) -> tuple[list[float], list[float]]:
    url = base_url.replace("http://", "ws://") + "/v2/stream/analyze?model=inter-2"
    sent: list[float] = []
    all_sent: list[float] = []
    latencies: list[float] = []
    from_media: list[float] = []
    async with connect(url, additional_headers={"Authorization": f"Bearer {key}"},
                       max_size=None) as ws:
        await ws.recv()  # session.ready
        await ws.send(json.dumps({"include": ["conversation_quality_overall"]}))
        await ws.recv()  # session.updated

        async def reader() -> None:
            async for raw in ws:
                env = json.loads(raw)
                now = time.perf_counter()
                if env["type"].startswith(ANALYSIS) and sent:
                    latencies.append(now - sent[-1])
                media = _media_time(env) if env["type"].startswith(ANALYSIS) else None
                if media is not None and all_sent:
                    index = min(int(media / fragment_s), len(all_sent) - 1)
                    from_media.append(now - all_sent[index])
                if env["type"] == "session.ended":
                    return

        task = asyncio.create_task(reader())
        start = time.perf_counter()
        for i, chunk in enumerate(chunks):
            await asyncio.sleep(max(0.0, start + i * fragment_s - time.perf_counter()))
            await ws.send(chunk)
            sent.append(time.perf_counter())
            all_sent.append(sent[-1])
        await asyncio.sleep(1.5)  # the last fragment's events
        sent.clear()
        await ws.send(json.dumps({"type": "session.close"}))
        await asyncio.wait_for(task, 120)
    return latencies, from_media


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
        fragment_s = args.seconds / len(chunks)
        latencies, from_media = asyncio.run(measure(engine.base_url, "bench", chunks,
                                                    fragment_s))
    finally:
        engine.stop(timeout=60)
    if not latencies:
        raise SystemExit("no analysis event arrived")
    report = {
        "machine": platform.platform(), "cpus": os.cpu_count(), "clip_seconds": args.seconds,
        "fragments": len(chunks), "fragment_seconds": round(args.seconds / len(chunks), 3),
        "events": len(latencies),
        "from_media": _figures(from_media),
        "after_last_fragment": _figures(latencies),
    }
    print(json.dumps(report, indent=2))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "v2_stream.json").write_text(json.dumps(report, indent=2))


def _figures(values: list[float]) -> dict[str, float | int]:
    if not values:
        return {"n": 0}
    return {"n": len(values), "median_s": round(statistics.median(values), 3),
            "p90_s": round(sorted(values)[int(0.9 * (len(values) - 1))], 3),
            "max_s": round(max(values), 3)}


if __name__ == "__main__":
    main()
