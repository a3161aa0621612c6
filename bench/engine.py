"""Benchmark the local engine's media + analysis path on a 60-s 640x480@30 clip.

Usage: ``.venv/bin/python bench/engine.py [--runs N] [--profile] [--memory]``. The clip (face +
speech, made with tests/media_factory.py) is generated once into bench/out/; figures go to stdout
and to bench/out/engine.json. The target: (decode + analyse) / 60 s ≤ 0.1 on 2 cores, with the
expression model on. Each run times the upload path twice, side by side on the same machine
load: ``overlap`` (the engine: frames measured on a second thread while decoding goes on) and
``serial`` (measured inside the decoder's loop, the engine before); their results must match.
``--memory`` also measures the peak RSS of one upload analysis in a fresh process, for a 60-s
and a 5-min clip, both ways: ``whole`` (decode every analysis frame into memory, then analyse:
the engine before issue 5) and ``chunked`` (the engine's path: frames measured as they decode).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from media_factory import make_clip  # noqa: E402

from interhuman_desktop.engine.analysis.base import (  # noqa: E402
    AUDIO_RATE,
    DecodedMedia,
    SessionOptions,
)
from interhuman_desktop.engine.analysis.cue_analyzer import CueAnalyzer  # noqa: E402
from interhuman_desktop.engine.media import decode_upload  # noqa: E402

SECONDS = 60
INCLUDE = ["conversation_quality_overall", "conversation_quality_timeline"]
# 4 s of talk then 1 s of silence, with two long (2-s) pauses around 30 s
SPEECH = [(a + 0.2, a + 4.0) for a in range(0, 25, 5)] + [(25.2, 28.0), (30.0, 31.5), (33.5, 60.0)]


def clip(seconds: int = SECONDS) -> Path:
    path = OUT / ("bench60.mp4" if seconds == SECONDS else f"bench{seconds}.mp4")
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        every5 = [(a + 0.2, a + 4.0) for a in range(0, seconds, 5)]
        speech = SPEECH if seconds == SECONDS else every5
        make_clip(path, seconds=seconds, width=640, height=480, fps=30, face=True, speech=speech)
    return path


def memory_child(mode: str, seconds: int, width: int) -> dict:
    """One upload analysis in this (fresh) process; its peak RSS."""
    path, options = clip(seconds), SessionOptions(include=INCLUDE)
    t0 = time.perf_counter()
    if mode == "whole":
        media = decode_upload(path, max_width=width)
        CueAnalyzer().analyze_upload(media, options)
    else:
        upload = CueAnalyzer().open_upload(options)
        media = decode_upload(path, max_width=width, on_frame=upload.add_frame)
        upload.finish(media)
    return {"mode": mode, "seconds": seconds, "max_width": width, "peak_rss_mb": _peak_rss_mb(),
            "wall_seconds": round(time.perf_counter() - t0, 2)}


def memory() -> list[dict]:
    rows = []
    for seconds in (SECONDS, 300):
        clip(seconds)
        for width in (640, 320):
            for mode in ("whole", "chunked"):
                cmd = [sys.executable, __file__, "--child", mode, str(seconds), str(width)]
                out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
                rows.append(json.loads(out.strip().splitlines()[-1]))
                print(rows[-1])
    return rows


def run_once(path: Path, overlap: bool = True) -> dict:
    t0 = time.perf_counter()
    upload = CueAnalyzer(overlap=overlap).open_upload(SessionOptions(include=INCLUDE))
    media = decode_upload(path, max_width=320, on_frame=upload.add_frame)  # engine settings
    t1 = time.perf_counter()
    result = upload.finish(media)
    t2 = time.perf_counter()
    return {
        "decode_and_face_seconds": round(t1 - t0, 3),
        "finish_seconds": round(t2 - t1, 3),
        "total_seconds": round(t2 - t0, 3),
        "real_time_factor": round((t2 - t0) / media.duration, 4),
        "media_seconds": round(media.duration, 3),
        "detector": upload.timeline.detector,  # type: ignore[attr-defined]
        "expression_model": any(f.expression is not None
                                for f in upload.timeline.faces),  # type: ignore[attr-defined]
        "signals": [(s["type"], s["start"], s["end"], s["probability"]) for s in result["signals"]],
        "result": result,
    }


def stream_feed(path: Path) -> dict:
    """Per-segment cost of the stream analysis: the decoded clip fed as 3-s slices."""
    media = decode_upload(path, max_width=320)
    stream = CueAnalyzer().open_stream(SessionOptions(include=INCLUDE))
    costs, events = [], 0
    for start in range(0, SECONDS, 3):
        piece = DecodedMedia(
            start=float(start),
            duration=3.0,
            frames=[f for f in media.frames if start <= f.t < start + 3],
            audio=media.audio[start * AUDIO_RATE : (start + 3) * AUDIO_RATE],
            has_audio=True,
        )
        t0 = time.perf_counter()
        events += len(stream.feed(piece))
        costs.append(time.perf_counter() - t0)
    events += len(stream.finish())
    return {"segments": len(costs), "feed_mean_seconds": round(sum(costs) / len(costs), 4),
            "feed_max_seconds": round(max(costs), 4), "events": events}


def _peak_rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)  # Linux: KiB


def profile(path: Path) -> str:
    prof = cProfile.Profile()
    prof.runcall(lambda: CueAnalyzer().analyze_upload(decode_upload(path), SessionOptions()))
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(12)
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary")
    parser.add_argument("--memory", action="store_true", help="peak RSS, whole vs chunked")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, seconds, width = args.child
        print(json.dumps(memory_child(mode, int(seconds), int(width))))
        return
    path = clip()
    runs, serial = [], []
    for i in range(args.runs):  # alternate the order, so machine noise hits both alike
        for overlap in (i % 2 == 0, i % 2 != 0):
            (runs if overlap else serial).append(run_once(path, overlap))
    same = all(r["result"] == serial[0]["result"] for r in runs + serial)
    best = min(runs, key=lambda r: r["total_seconds"])
    best_serial = min(serial, key=lambda r: r["total_seconds"])
    report = {
        "clip": {"path": str(path.relative_to(ROOT)), "seconds": SECONDS, "size": "640x480",
                 "fps": 30, "bytes": path.stat().st_size},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average": list(os.getloadavg()),
                    "peak_rss_mb": _peak_rss_mb()},
        "best": {k: v for k, v in best.items() if k != "result"},
        "best_serial": {k: v for k, v in best_serial.items() if k != "result"},
        "overlap_over_serial_median": round(
            statistics.median(r["total_seconds"] for r in runs)
            / statistics.median(r["total_seconds"] for r in serial), 3),
        "same_result": same,
        "stream": stream_feed(path),
        "runs": [{"overlap": o, **{k: r[k] for k in ("decode_and_face_seconds", "finish_seconds",
                                                     "total_seconds")}}
                 for o, rs in ((True, runs), (False, serial)) for r in rs],
    }
    if args.memory:
        report["memory"] = memory()
    (OUT / "engine.json").write_text(json.dumps(report, indent=2))
    print(f"clip: {path.name} ({SECONDS} s, 640x480@30, {report['clip']['bytes']} bytes)")
    for name, rs in (("overlap", runs), ("serial", serial)):
        for r in rs:
            print(f"{name:8} decode+face {r['decode_and_face_seconds']:.2f} s  "
                  f"finish {r['finish_seconds']:.2f} s  "
                  f"total {r['total_seconds']:.2f} s  RTF {r['real_time_factor']:.3f}")
    print(f"best RTF {best['real_time_factor']:.3f} overlap, {best_serial['real_time_factor']:.3f}"
          f" serial (goal ≤ 0.1; detector {best['detector']}, expression model "
          f"{'on' if best['expression_model'] else 'OFF'}); overlap/serial median "
          f"{report['overlap_over_serial_median']}; same result: {same}")
    print("signals:", best["signals"])
    feed = report["stream"]
    print(f"stream: {feed['segments']} x 3-s feeds, mean {feed['feed_mean_seconds']:.3f} s, "
          f"max {feed['feed_max_seconds']:.3f} s, {feed['events']} events")
    print(f"peak RSS of this process {report['machine']['peak_rss_mb']} MB")
    print(f"wrote {OUT / 'engine.json'}")
    if args.profile:
        print(profile(path))


if __name__ == "__main__":
    main()
