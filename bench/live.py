"""Live pipeline bench: a real session's metrics, PyAV vs the ffmpeg CLI, and RSS over a soak.

    .venv/bin/python bench/live.py [--seconds 60] [--source file:PATH|synthetic]
        [--soak-minutes 10] [--skip-soak] [--no-probe]

1. A live session of ``--seconds`` against the local engine (the ``live`` command, 3-s
   segments) with ``--source`` as the camera and microphone: by default the sample clip
   (resources/sample/sample.mp4: a face and speech, 640x360@30, played in real time, looping);
   ``synthetic`` is 640x480@30 with a tone. Prints its metrics against the goals (encode ≤ 0.2 ×
   real time, frames dropped ≤ 1 %, feedback latency median ≤ 0.8 s) and, with the timing probe
   (bench/latency_probe, on unless ``--no-probe``), the median of every stage between a
   segment's last frame and the first event about it (bench/live_breakdown.py).
2. The same 3-s segment of frames encoded by our PyAV writer and by the ``ffmpeg`` CLI with the
   same settings (x264 ultrafast + zerolatency, 1 Mbps, AAC 64 kbps), side by side: the ratio.
3. A ``--soak-minutes`` session sampling the app process's RSS every 5 s (goal: growth ≤ 30 MB
   after the first minute's warm-up).

Writes bench/out/live.json. Timings are figures to read, never assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from encode import FPS, RATE, SEGMENT, encode_once, frames  # noqa: E402
from live_breakdown import load, per_segment, summary, table  # noqa: E402

from interhuman_desktop.capture.synthetic import tone_samples  # noqa: E402
from interhuman_desktop.encode.segments import EncoderSettings  # noqa: E402

OUT = ROOT / "bench" / "out" / "live.json"
SAMPLE = ROOT / "resources" / "sample" / "sample.mp4"
PROBE = ROOT / "bench" / "latency_probe"


def live_session(seconds: float, folder: Path, sample_rss: bool = False,
                 source: str = "synthetic", probe: Path | None = None,
                 code: Path = ROOT) -> dict:
    metrics_path = folder / "metrics.json"
    cmd = [sys.executable, "-m", "interhuman_desktop", "live", "--source", source,
           "--duration", str(seconds), "--out", str(folder / "session"), "--metrics",
           str(metrics_path), "--local"]
    env = dict(os.environ)
    if code != ROOT:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(code), env.get("PYTHONPATH")) if p)
    if probe is not None:  # the live command and its engine child both import the probe
        probe.mkdir(parents=True, exist_ok=True)
        path = [str(PROBE), str(code), env.get("PYTHONPATH", "")]
        env.update(IH_LATENCY_PROBE=str(probe), PYTHONPATH=os.pathsep.join(p for p in path if p))
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=code)  # ``-m`` puts the working folder first
    rss: list[tuple[float, float]] = []
    started = time.monotonic()
    while proc.poll() is None:
        if sample_rss:
            rss.append((round(time.monotonic() - started, 1), _rss_mb(proc.pid)))
        time.sleep(5 if sample_rss else 1)
    stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"live session failed ({proc.returncode}):\n{stderr[-2000:]}")
    metrics = json.loads(metrics_path.read_text())
    metrics["rss_samples"] = [r for r in rss if r[1] > 0]
    return metrics


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def ffmpeg_encode(images: list[np.ndarray], audio: np.ndarray, out: Path) -> float:
    height, width = images[0].shape[:2]
    with tempfile.NamedTemporaryFile(suffix=".f32") as wav:
        wav.write(audio.astype("<f4").tobytes())
        wav.flush()
        cmd = ["ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr24",
               "-s", f"{width}x{height}", "-r", str(FPS), "-i", "-",
               "-f", "f32le", "-ar", str(RATE), "-ac", "1", "-i", wav.name,
               "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
               "-b:v", "1M", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", str(out)]
        started = time.perf_counter()
        subprocess.run(cmd, input=b"".join(i.tobytes() for i in images), check=True)
        return time.perf_counter() - started


def compare_with_ffmpeg(repeat: int) -> dict:
    if shutil.which("ffmpeg") is None:
        return {"skipped": "ffmpeg CLI not installed (apt-get install ffmpeg)"}
    images = frames(640, 480)
    audio = tone_samples(0, int(SEGMENT * RATE), RATE, 440.0, 1.0, 0.5)
    settings = EncoderSettings(preset="ultrafast", fps=FPS)
    pyav, cli = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeat):  # alternate, so machine noise hits both alike
            started = time.perf_counter()
            encode_once(images, settings, Path(tmp) / "pyav.mp4")
            pyav.append(time.perf_counter() - started)
            cli.append(ffmpeg_encode(images, audio, Path(tmp) / "cli.mp4"))
    a, b = statistics.median(pyav), statistics.median(cli)
    return {"pyav_seconds": round(a, 3), "ffmpeg_cli_seconds": round(b, 3),
            "ratio_pyav_over_cli": round(a / b, 2), "segment_seconds": SEGMENT, "repeat": repeat}


def soak_growth(samples: list[tuple[float, float]]) -> dict:
    warm = [mb for t, mb in samples if t >= 60] or [mb for _, mb in samples]
    if not warm:
        return {}
    return {"rss_after_warmup_mb": round(warm[0], 1), "rss_end_mb": round(warm[-1], 1),
            "rss_max_mb": round(max(warm), 1), "growth_mb": round(warm[-1] - warm[0], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--source", default=f"file:{SAMPLE}",
                        help="the live command's --source (default: the sample clip)")
    parser.add_argument("--no-probe", action="store_true", help="no per-stage timing")
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="run the live command from this checkout (before/after figures)")
    parser.add_argument("--soak-minutes", type=float, default=10.0)
    parser.add_argument("--skip-soak", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    report: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        probe = None if args.no_probe else Path(tmp) / "probe"
        m = live_session(args.seconds, Path(tmp), source=args.source, probe=probe,
                         code=args.code.resolve())
        m.pop("rss_samples")
        report["session"] = {"source": args.source, "code": str(args.code),
                             "load_average": list(os.getloadavg()), **m}
        encode_rt = (m["encode_seconds_per_segment_median"] or 0) / 3.0
        dropped = m["frames_dropped"] / max(1, m["frames_captured"])
        print(f"session {args.seconds:.0f} s from {args.source}: {m['segments_recorded']} "
              f"segments, encode {encode_rt:.3f} × real time (goal ≤ 0.2), dropped "
              f"{dropped:.2%} (goal ≤ 1 %), feedback latency median "
              f"{m['feedback_latency_seconds_median']} s (goal ≤ 0.8), events "
              f"{m['events_received']}, reconnects {m['reconnects']}")
        if probe is not None:
            segments = per_segment(load(probe))
            report["latency_breakdown"] = {**summary(segments), "per_segment": segments}
            print(table(report["latency_breakdown"]))
    report["pyav_vs_ffmpeg"] = compare_with_ffmpeg(args.repeat)
    print("PyAV vs ffmpeg CLI:", report["pyav_vs_ffmpeg"])
    if not args.skip_soak:
        with tempfile.TemporaryDirectory() as tmp:
            soak = live_session(args.soak_minutes * 60, Path(tmp), sample_rss=True)
        report["soak"] = {"minutes": args.soak_minutes, **soak_growth(soak["rss_samples"]),
                          "samples": soak["rss_samples"]}
        print("soak:", {k: v for k, v in report["soak"].items() if k != "samples"},
              "(goal: growth ≤ 30 MB)")
    out = OUT if args.code.resolve() == ROOT else OUT.with_name("live_other_code.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
