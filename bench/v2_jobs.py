"""V2 upload jobs on the local engine: throughput by job concurrency, and the time to stop.

Usage: ``.venv/bin/python bench/v2_jobs.py [--files 6] [--seconds 12] [--concurrency 1 2]``.
For each concurrency, starts an engine child (cue analyser, ``--v2-concurrency N``), submits
the same ``--files`` clips (a face, voiced; ``--seconds`` long) through the SDK at once, waits for
all of them, and reports files per minute and media seconds per wall second. Then it times a
stop (SIGTERM) of an engine in the middle of a 90-s analysis. Figures go to stdout and
bench/out/v2_jobs.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from interhumanai import InterhumanClient  # noqa: E402
from media_factory import make_clip  # noqa: E402

from interhuman_desktop.engine.analysis.vad import VAD_ENV  # noqa: E402
from interhuman_desktop.engine.child import start_engine  # noqa: E402


async def run_batch(engine, files: list[Path]) -> float:
    client = InterhumanClient(access_token=engine.api_key, base_url=engine.base_url)
    start = time.perf_counter()
    jobs = await asyncio.gather(*(client.upload.submit(f, model="inter-2") for f in files))
    done = await asyncio.gather(
        *(client.upload.wait_for_job(j, timeout=1800, poll_interval=0.25) for j in jobs)
    )
    elapsed = time.perf_counter() - start
    bad = [j.job_id for j in done if j.status.value != "completed"]
    if bad:
        raise SystemExit(f"jobs failed: {bad}")
    return elapsed


def time_stop(d: Path) -> float:
    clip = make_clip(d / "long.mp4", seconds=90.0, face=True)
    engine = start_engine(api_keys=["bench"], extra_args=["--state-dir", str(d / "state")],
                          ready_timeout=120)

    async def submit() -> str:
        client = InterhumanClient(access_token="bench", base_url=engine.base_url)
        job = await client.upload.submit(clip, model="inter-2")
        # polling the engine's job state over HTTP: there is no event to wait on
        while (await client.upload.get_job(job)).status.value != "running":  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        return job.job_id

    asyncio.run(submit())
    time.sleep(1.0)  # the analysis is under way
    start = time.perf_counter()
    code = engine.stop(timeout=120)
    elapsed = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"the engine exited with {code}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=6)
    ap.add_argument("--seconds", type=float, default=12.0)
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    os.environ[VAD_ENV] = "webrtcvad"  # the clips voice a tone (see tests/engine/conftest.py)
    d = Path(tempfile.mkdtemp(prefix="v2bench-"))
    files = [make_clip(d / f"clip{i}.mp4", seconds=args.seconds, face=True)
             for i in range(args.files)]
    rows = []
    for n in args.concurrency:
        engine = start_engine(api_keys=["bench"], extra_args=["--v2-concurrency", str(n)],
                              ready_timeout=120)
        try:
            elapsed = run_batch_sync(engine, files)
        finally:
            engine.stop(timeout=60)
        row = {"concurrency": n, "files": len(files), "seconds": round(elapsed, 2),
               "files_per_minute": round(60 * len(files) / elapsed, 1),
               "media_x_realtime": round(len(files) * args.seconds / elapsed, 2)}
        print(row)
        rows.append(row)
    stop = round(time_stop(d), 2)
    print({"stop_during_90s_analysis_seconds": stop})
    OUT.mkdir(parents=True, exist_ok=True)
    report = {"machine": platform.platform(), "cpus": os.cpu_count(), "clip_seconds": args.seconds,
              "batches": rows, "stop_during_90s_analysis_seconds": stop}
    (OUT / "v2_jobs.json").write_text(json.dumps(report, indent=2))


def run_batch_sync(engine, files: list[Path]) -> float:
    return asyncio.run(run_batch(engine, files))


if __name__ == "__main__":
    main()
