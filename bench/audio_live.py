"""Audio-only live bench: a real microphone-only session on the local engine, its figures.

    .venv/bin/python bench/audio_live.py [--seconds 30] [--source FILE]

Runs ``interhuman-desktop live --audio-only --local`` for ``--seconds`` with ``--source`` played
in real time as the microphone (default: the sample clip's sound, a person talking) and prints
what it measured: the feedback latency (median over segments: the capture time of a segment's
last sample to the first event about it), segments and events, the recording's size per
minute, and the CPU the app and its engine used per recorded second. Writes
bench/out/audio_live.json. Timings are figures to read, never assertions.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "audio_live.json"
SAMPLE = ROOT / "resources" / "sample" / "sample.mp4"


def run(seconds: float, source: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="ih-audio-bench-") as tmp:
        folder, metrics_path = Path(tmp) / "session", Path(tmp) / "metrics.json"
        cmd = [sys.executable, "-m", "interhuman_desktop", "live", "--audio-only", "--source",
               str(source), "--duration", str(seconds), "--out", str(folder), "--metrics",
               str(metrics_path), "--local"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 300)
        wall = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise SystemExit(f"live --audio-only failed ({done.returncode}):\n{done.stderr}")
        metrics = json.loads(metrics_path.read_text())
        recording = Path(metrics["recording"])
        size = recording.stat().st_size
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    recorded = float(metrics["seconds_recorded"])
    return {
        "seconds": seconds, "source": str(source), "wall_seconds": round(wall, 1),
        "seconds_recorded": recorded,
        "feedback_latency_seconds_median": metrics["feedback_latency_seconds_median"],
        "segments_recorded": metrics["segments_recorded"],
        "segments_acknowledged": metrics["segments_acknowledged"],
        "segments_lost": metrics["segments_lost"], "events_received": metrics["events_received"],
        "blocks_dropped": metrics["blocks_dropped"], "reconnects": metrics["reconnects"],
        "recording_mb_per_minute": round(size / 1e6 / max(recorded, 1e-6) * 60, 2),
        "cpu_seconds_per_recorded_second": round(cpu / max(recorded, 1e-6), 3),
        "rss_mb_end": metrics["rss_mb_end"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--source", type=Path, default=SAMPLE)
    args = parser.parse_args()
    figures = run(args.seconds, args.source)
    for key, value in figures.items():
        print(f"{key:34s} {value}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"written {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
