"""Soak: a long live session against a local engine whose session cap is crossed, RSS per minute.

    .venv/bin/python bench/soak.py [--minutes 60] [--max-session-minutes 20] [--sample-seconds 60]

A local engine is started as a child of this script with ``--max-duration`` set to
``--max-session-minutes``, so the live stream is closed by the server (``ih6004``) and has to
reconnect every time the cap is reached (twice in the default hour). Beside it the ``live``
command records a synthetic source (640x480@30 + tone, 3-s segments) for ``--minutes``. Every
``--sample-seconds`` the RSS of the app process (``live``) and of the engine is sampled, with the
segments lost and reconnects from the app's health line. At the end: growth after warm-up per
process (goal ≤ 30 MB each), segments lost (goal 0), reconnects, the session's final metrics.

Writes bench/out/soak.json. Figures to read, never assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interhuman_desktop.engine.child import EngineProcess, start_engine  # noqa: E402

OUT = ROOT / "bench" / "out" / "soak.json"
GOAL_GROWTH_MB = 30.0
HEALTH = re.compile(r"\[\s*(?P<elapsed>[\d.]+)s\] (?P<state>\S+):.*segments (?P<rec>\d+) rec/"
                    r"(?P<sent>\d+) sent/(?P<acked>\d+) acked/(?P<failed>\d+) failed/"
                    r"(?P<lost>\d+) lost, reconnects (?P<reconnects>\d+)")


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def threads(pid: int) -> int | None:
    try:
        return len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return None


class StderrWatch:
    """Reads the app's stderr on a thread: the last health line's figures and a tail."""

    def __init__(self, stream) -> None:
        self.tail: deque[str] = deque(maxlen=200)
        self.last: dict[str, str] = {}
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream) -> None:
        for line in stream:
            self.tail.append(line.rstrip())
            match = HEALTH.search(line)
            if match:
                self.last = match.groupdict()

    def join(self) -> None:
        self._thread.join(10)


def live_command(engine: EngineProcess, minutes: float, folder: Path) -> list[str]:
    return [sys.executable, "-m", "interhuman_desktop", "live", "--source", "synthetic",
            "--duration", str(minutes * 60), "--out", str(folder / "session"),
            "--metrics", str(folder / "metrics.json"), "--base-url", engine.base_url]


def sample(started: float, app_pid: int, engine_pid: int, watch: StderrWatch) -> dict:
    last = watch.last
    return {
        "minute": round((time.monotonic() - started) / 60, 2),
        "app_rss_mb": rss_mb(app_pid), "engine_rss_mb": rss_mb(engine_pid),
        "app_threads": threads(app_pid), "engine_threads": threads(engine_pid),
        "segments_recorded": int(last.get("rec", 0)), "segments_lost": int(last.get("lost", 0)),
        "reconnects": int(last.get("reconnects", 0)), "state": last.get("state"),
    }


def print_sample(s: dict) -> None:
    print(f"[{s['minute']:6.2f} min] app {s['app_rss_mb']} MB/{s['app_threads']} threads, "
          f"engine {s['engine_rss_mb']} MB/{s['engine_threads']} threads, "
          f"segments {s['segments_recorded']}, lost {s['segments_lost']}, "
          f"reconnects {s['reconnects']}, {s['state']}", flush=True)


def write_partial(args: argparse.Namespace, samples: list[dict]) -> None:
    """The per-minute figures so far, so a run cut short still leaves its samples."""
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"partial": True, "minutes": args.minutes,
                                    "max_session_minutes": args.max_session_minutes,
                                    "samples": samples}, indent=2))


def growth(samples: list[dict], key: str, warmup_minutes: float) -> dict:
    values = [(s["minute"], s[key]) for s in samples if s[key] is not None]
    warm = [v for m, v in values if m >= warmup_minutes] or [v for _, v in values]
    if not warm:
        return {}
    return {"after_warmup_mb": warm[0], "end_mb": warm[-1], "max_mb": max(warm),
            "growth_mb": round(warm[-1] - warm[0], 1),
            "max_growth_mb": round(max(warm) - warm[0], 1)}


def run_soak(args: argparse.Namespace, folder: Path) -> dict:
    cap = args.max_session_minutes * 60
    engine = start_engine(extra_args=["--max-duration", str(int(cap))], ready_timeout=120)
    env = {**os.environ, "INTERHUMAN_API_KEY": engine.api_key}  # not on the command line
    samples: list[dict] = []
    try:
        app = subprocess.Popen(live_command(engine, args.minutes, folder), env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        watch = StderrWatch(app.stderr)
        started = time.monotonic()
        next_at = started
        while app.poll() is None:
            if time.monotonic() >= next_at:
                samples.append(sample(started, app.pid, engine.pid, watch))
                print_sample(samples[-1])
                write_partial(args, samples)
                next_at += args.sample_seconds
            time.sleep(0.5)
        watch.join()
        wall = time.monotonic() - started
        engine_rss_end, engine_threads_end = rss_mb(engine.pid), threads(engine.pid)
        engine_log = engine.stderr_tail(2_000_000)
    finally:
        engine.stop()
    if app.returncode != 0:
        raise SystemExit(f"live failed ({app.returncode}):\n" + "\n".join(watch.tail))
    metrics = json.loads((folder / "metrics.json").read_text())
    return {"samples": samples, "metrics": metrics, "wall_seconds": round(wall, 1),
            "engine_rss_end_mb": engine_rss_end, "engine_threads_end": engine_threads_end,
            "engine_ih6004_logged": engine_log.count("ih6004"),
            "session_disk_mb": _disk_mb(folder / "session")}


def _disk_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6, 1)


def summarise(args: argparse.Namespace, run: dict) -> dict:
    warmup = min(args.warmup_minutes, args.minutes / 3)
    m = run["metrics"]
    return {
        "partial": False, "minutes": args.minutes, "max_session_minutes": args.max_session_minutes,
        "warmup_minutes": warmup, "wall_seconds": run["wall_seconds"],
        "load_average_end": os.getloadavg(),
        "app_rss": growth(run["samples"], "app_rss_mb", warmup),
        "engine_rss": growth(run["samples"], "engine_rss_mb", warmup),
        "engine_threads_end": run["engine_threads_end"],
        "segments_recorded": m.get("segments_recorded"), "segments_sent": m.get("segments_sent"),
        "segments_lost": m.get("segments_lost"), "segments_failed": m.get("segments_failed"),
        "reconnects": m.get("reconnects"), "frames_dropped": m.get("frames_dropped"),
        "frames_captured": m.get("frames_captured"), "events_received": m.get("events_received"),
        "engine_ih6004_logged": run["engine_ih6004_logged"],
        "session_disk_mb": run["session_disk_mb"], "goal_growth_mb": GOAL_GROWTH_MB,
        "metrics": m, "samples": run["samples"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--max-session-minutes", type=float, default=20.0,
                        help="the engine's --max-duration (the server cap to cross)")
    parser.add_argument("--sample-seconds", type=float, default=60.0)
    parser.add_argument("--warmup-minutes", type=float, default=5.0,
                        help="growth is measured from the first sample after this (≤ a third)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ih-soak-") as tmp:
        report = summarise(args, run_soak(args, Path(tmp)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    for proc in ("app_rss", "engine_rss"):
        g = report[proc]
        print(f"{proc}: {g.get('after_warmup_mb')} → {g.get('end_mb')} MB after warm-up "
              f"(growth {g.get('growth_mb')} MB, max {g.get('max_mb')}; goal ≤ {GOAL_GROWTH_MB})")
    print(f"segments {report['segments_recorded']} recorded, {report['segments_lost']} lost "
          f"(goal 0), {report['segments_failed']} failed, reconnects {report['reconnects']}, "
          f"ih6004 in the engine log {report['engine_ih6004_logged']}, "
          f"wall {report['wall_seconds']} s, session on disk {report['session_disk_mb']} MB")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
