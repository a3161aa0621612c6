"""Does one engine stay flat through sessions and uploads that end badly?

Usage: ``.venv/bin/python bench/engine_flat.py [--sessions 50] [--uploads 50]``. Starts one
engine child (cue analyser, idle timeout 8 s, 2 MB frame limit), warms it up with one session
of each ending and one upload of each refusal, then runs the churn of tests/engine/churn.py and
prints the engine's RSS and thread count before and after (after: once its threads have settled,
at most 60 s). Figures go to stdout and bench/out/engine_flat.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "engine")]

from churn import (  # noqa: E402
    ENDINGS,
    ENGINE_ARGS,
    abrupt_sessions,
    figures,
    refused_uploads,
    wait_for,
)
from media_factory import make_clip  # noqa: E402

from interhuman_desktop.engine.child import start_engine  # noqa: E402


def refusal_files(d: Path) -> list[Path]:
    """Files refused after the engine opened their analysis: ih4002, ih4007, ih5001, ih5002."""
    garbage = d / "garbage.mp4"
    garbage.write_bytes(bytes(range(256)) * 100)
    short = make_clip(d / "short2.mp4", seconds=2.0, bitrate=2_000_000)
    audio = make_clip(d / "audio_only.mp4", seconds=4.0, video=False)
    truncated = d / "truncated.mp4"
    truncated.write_bytes(make_clip(d / "seg4.mp4", seconds=4.0).read_bytes()[:20_000])
    return [garbage, short, audio, truncated]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--uploads", type=int, default=50)
    args = ap.parse_args()
    d = Path(tempfile.mkdtemp(prefix="ih-flat-"))
    segment = make_clip(d / "seg9.webm", seconds=9.0, face=True).read_bytes()
    files = refusal_files(d)
    engine = start_engine(extra_args=ENGINE_ARGS)
    try:
        url, key = engine.base_url, engine.api_key
        asyncio.run(abrupt_sessions(url, key, segment, len(ENDINGS)))
        refused_uploads(url, key, files, len(files))
        before = figures(engine.pid)
        t0 = time.perf_counter()
        sessions = asyncio.run(abrupt_sessions(url, key, segment, args.sessions))
        uploads = refused_uploads(url, key, files, args.uploads)
        churn_s = time.perf_counter() - t0
        wait_for(lambda: figures(engine.pid).threads <= before.threads + 5, 60)
        after = figures(engine.pid)
    finally:
        engine.stop()
    result = {
        "machine": platform.machine(), "python": platform.python_version(),
        "sessions": sessions, "uploads": uploads, "churn_seconds": round(churn_s, 1),
        "before": {"rss_mb": round(before.rss_mb, 1), "threads": before.threads},
        "after": {"rss_mb": round(after.rss_mb, 1), "threads": after.threads},
        "rss_growth_mb": round(after.rss_mb - before.rss_mb, 1),
        "thread_growth": after.threads - before.threads,
    }
    print(json.dumps(result, indent=2))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "engine_flat.json").write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
