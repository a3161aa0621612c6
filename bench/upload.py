"""Upload a ~30 MiB mp4 with our client (SDK + ProgressReader) and with curl; compare.

Two targets, each measured ``--rounds`` times (best time kept):

* ``engine``: the real local engine child (``start_engine``): end to end, analysis included;
* ``sink``: a tiny HTTP server (separate process) that reads and discards the body and answers
  a fixed AnalysisResult: the transfer alone.

Prints both times, their ratio (goal ≤ 1.3) and the client's peak-RSS growth during the uploads
(VmHWM, goal ≤ 16 MiB), and writes ``bench/out/upload.json``. Usage::

    .venv/bin/python bench/upload.py [--rounds 3] [--targets engine,sink]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
TARGET_BYTES = 30 * 1024 * 1024
SINK_RESULT = b'{"signals": [], "engagement_state": []}'

MAKE_CLIP = """
import sys, numpy as np
sys.path.insert(0, sys.argv[2])
from media_factory import make_clip
rng = np.random.default_rng(1)
frames = [rng.integers(0, 255, (360, 640, 3), np.uint8) for _ in range(8)]
make_clip(sys.argv[1], seconds=float(sys.argv[3]), width=640, height=360, fps=25,
          bitrate=int(sys.argv[4]), frame_fn=lambda i: frames[i % 8])
"""

SINK = """
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
BODY = sys.argv[1].encode()
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_POST(self):
        left = int(self.headers.get("Content-Length") or 0)
        while left > 0:
            chunk = self.rfile.read(min(left, 1 << 20))
            if not chunk: break
            left -= len(chunk)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)
srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
print(srv.server_address[1], flush=True)
srv.serve_forever()
"""


def vm_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def make_media(path: Path) -> Path:
    """A real mp4 of about 30 MiB (high bit rate noise), made in a child process."""
    if path.exists() and abs(path.stat().st_size - TARGET_BYTES) < 3 * 1024 * 1024:
        return path
    seconds, bitrate = 12.0, 20_000_000
    for _ in range(4):
        cmd = [
            sys.executable,
            "-c",
            MAKE_CLIP,
            str(path),
            str(ROOT / "tests"),
            str(seconds),
            str(bitrate),
        ]
        subprocess.run(cmd, check=True)
        size = path.stat().st_size
        if abs(size - TARGET_BYTES) < 3 * 1024 * 1024 and size < 33_554_432 - 512 * 1024:
            return path
        seconds = max(3.5, seconds * TARGET_BYTES / size * 0.97)
    return path


def curl_upload(base_url: str, key: str, path: Path) -> float:
    cmd = [
        "curl",
        "-sS",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        "-H",
        f"Authorization: Bearer {key}",
        "-F",
        f"file=@{path};type=video/mp4",
        base_url + "/v1/upload/analyze",
    ]
    start = time.perf_counter()
    code = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    elapsed = time.perf_counter() - start
    if code != "200":
        raise RuntimeError(f"curl got HTTP {code}")
    return elapsed


UPLOAD_PHASES: list[float] = []


async def client_upload(base_url: str, key: str, path: Path) -> float:
    """Total time; also records when the last byte was handed to httpx (UPLOAD_PHASES)."""
    from interhuman_desktop.api.backend import Backend, make_client, make_http_client
    from interhuman_desktop.api.upload import analyze_file

    async with make_http_client() as http:
        client = make_client(Backend.local(base_url, key), http)
        start = time.perf_counter()
        sent_at: list[float] = []

        def progress(sent: int, total: int) -> None:
            if sent >= total and not sent_at:
                sent_at.append(time.perf_counter() - start)

        await analyze_file(client, path, on_progress=progress, max_attempts=1)
        UPLOAD_PHASES.extend(sent_at)
        return time.perf_counter() - start


def measure(base_url: str, key: str, path: Path, rounds: int) -> dict[str, object]:
    """Alternate who goes first each round; report best and median of each."""
    client_times, curl_times = [], []
    UPLOAD_PHASES.clear()
    for i in range(rounds):
        if i % 2:
            client_times.append(asyncio.run(client_upload(base_url, key, path)))
            curl_times.append(curl_upload(base_url, key, path))
        else:
            curl_times.append(curl_upload(base_url, key, path))
            client_times.append(asyncio.run(client_upload(base_url, key, path)))
    best_client, best_curl = min(client_times), min(curl_times)
    med_client, med_curl = statistics.median(client_times), statistics.median(curl_times)
    return {
        "client_s": round(best_client, 3),
        "curl_s": round(best_curl, 3),
        "ratio": round(best_client / best_curl, 3),
        "client_median_s": round(med_client, 3),
        "curl_median_s": round(med_curl, 3),
        "ratio_median": round(med_client / med_curl, 3),
        "client_body_sent_s": [round(t, 3) for t in UPLOAD_PHASES],
        "client_all_s": [round(t, 3) for t in client_times],
        "curl_all_s": [round(t, 3) for t in curl_times],
    }


def run_sink(path: Path, rounds: int) -> dict[str, object]:
    proc = subprocess.Popen(
        [sys.executable, "-c", SINK, SINK_RESULT.decode()], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        return measure(f"http://127.0.0.1:{port}", "bench-key", path, rounds)
    finally:
        proc.terminate()
        proc.wait(5)


def run_engine(path: Path, rounds: int) -> dict[str, object]:
    sys.path.insert(0, str(ROOT))
    from interhuman_desktop.engine.child import start_engine

    with start_engine() as engine:
        return measure(engine.base_url, engine.api_key, path, rounds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--targets", default="engine,sink")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    media_dir = Path(tempfile.gettempdir()) / "ih-bench"
    media_dir.mkdir(exist_ok=True)
    path = make_media(media_dir / "bench-30mib.mp4")
    size = path.stat().st_size
    print(f"file: {path.name}, {size / 1_048_576:.1f} MiB")
    sys.path.insert(0, str(ROOT))
    import interhumanai  # noqa: F401

    import interhuman_desktop.api.upload  # noqa: F401  - imports before the RSS baseline

    hwm_before, rss_before = vm_kib("VmHWM"), vm_kib("VmRSS")
    report: dict[str, object] = {"file_bytes": size, "rounds": args.rounds}
    for target in [t.strip() for t in args.targets.split(",") if t.strip()]:
        runner = run_engine if target == "engine" else run_sink
        try:
            report[target] = runner(path, args.rounds)
        except Exception as exc:  # noqa: BLE001 - report what failed; keep the other target's figures
            report[target] = {"error": f"{type(exc).__name__}: {exc}"[:400]}
        print(f"{target}: {report[target]}")
    growth_kib = max(0, vm_kib("VmHWM") - max(hwm_before, rss_before))
    report["client_peak_rss_growth_mib"] = round(growth_kib / 1024, 2)
    report["goals"] = {"ratio_max": 1.3, "rss_growth_mib_max": 16}
    print(f"client peak RSS growth: {growth_kib / 1024:.1f} MiB (goal ≤ 16)")
    (OUT / "upload.json").write_text(json.dumps(report, indent=2))
    print(f"wrote {OUT / 'upload.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
