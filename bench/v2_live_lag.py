"""Analysis lag of a whole live session on the local engine, as the Live page measures it.

Usage: ``.venv/bin/python bench/v2_live_lag.py [--seconds 40] [--segment-seconds 5]
[--api v2]``. Plays a generated clip (a face, voiced) in real time as the camera through the
real pipeline (``FileSource`` → ``SegmentWriter`` → ``LiveSession`` → ``WS /v2/stream/analyze``
on a local engine child, or ``/v1/stream/analyze`` with ``--api v1``) and samples, every 0.5 s
once the first result arrived, what the health light is given: ``elapsed - timeline.media_end``
(``ui.views.live_handle.analysis_lag``). ``bench/v2_stream_latency.py`` measures the engine
alone (fragments sent straight to the socket); this one includes the client's segmenting and
its fMP4 stream.

Figures go to stdout and bench/out/v2_live_lag_<api>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from media_factory import make_clip  # noqa: E402

from interhuman_desktop.api.backend import Backend, make_client, make_http_client  # noqa: E402
from interhuman_desktop.capture.spec import open_sources  # noqa: E402
from interhuman_desktop.session.backend import local_engine_backend  # noqa: E402
from interhuman_desktop.session.live import LiveOptions, LiveSession  # noqa: E402
from interhuman_desktop.session.pipeline import LivePipeline  # noqa: E402

SAMPLE_EVERY = 0.5


async def measure(backend: Backend, clip: Path, args: argparse.Namespace
                  ) -> tuple[list[float], float | None, dict]:
    folder = Path(tempfile.mkdtemp(prefix="v2lag-session-"))
    async with make_http_client() as http:
        client = make_client(backend, http)
        options = LiveOptions(api=args.api, model="inter-2" if args.api == "v2" else None)
        session = LiveSession(client, backend.base_url, folder, options)
        video, audio = open_sources(f"file:{clip}")
        pipeline = LivePipeline(session, video, audio, segment_seconds=args.segment_seconds)
        await pipeline.start()
        lags: list[float] = []
        first: float | None = None
        try:
            while pipeline.elapsed < args.seconds:
                await asyncio.sleep(SAMPLE_EVERY)
                timeline = session.timeline
                if timeline.revision == 0:
                    continue
                first = pipeline.elapsed if first is None else first
                lags.append(max(0.0, pipeline.elapsed - timeline.media_end))
        finally:
            result = await pipeline.stop()
    return lags, first, result.health


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=40.0)
    ap.add_argument("--segment-seconds", type=float, default=5.0)  # the app's default
    ap.add_argument("--api", default="v2", choices=("v1", "v2"))
    args = ap.parse_args()
    d = Path(tempfile.mkdtemp(prefix="v2lag-"))
    clip = make_clip(d / "talk.mp4", seconds=args.seconds + 10, face=True, width=640,
                     height=480, fps=30)
    with local_engine_backend(lambda _state: None) as backend:
        lags, first, health = asyncio.run(measure(backend, clip, args))
    if not lags:
        raise SystemExit("no analysis result arrived")
    steady = lags[len(lags) // 4:]  # after the first quarter: the settled lag
    report = {
        "machine": platform.platform(), "cpus": os.cpu_count(), "commit": _commit(),
        "api": args.api, "seconds": args.seconds, "segment_seconds": args.segment_seconds,
        "first_result_after_s": None if first is None else round(first, 2),
        "samples": len(lags),
        "lag_s": _figures(lags), "lag_after_first_quarter_s": _figures(steady),
        "segments_recorded": health.get("segments_recorded"),
        "segments_acknowledged": health.get("segments_acknowledged"),
        "feedback_latency_seconds_median": health.get("feedback_latency_seconds_median"),
    }
    print(json.dumps(report, indent=2))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"v2_live_lag_{args.api}.json").write_text(json.dumps(report, indent=2))


def _figures(values: list[float]) -> dict[str, float | int]:
    return {"n": len(values), "median": round(statistics.median(values), 2),
            "p90": round(sorted(values)[int(0.9 * (len(values) - 1))], 2),
            "max": round(max(values), 2)}


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                          capture_output=True, text=True)
    return done.stdout.strip()


if __name__ == "__main__":
    main()
