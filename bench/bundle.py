"""Bundle size on disk and start-up of the bundle vs the source checkout.

Usage: ``.venv/bin/python bench/bundle.py [--runs 5] [--bundle dist/interhuman-desktop]``
(build first with ``packaging/build``). Figures go to stdout and to bench/out/bundle.json.

Start-up is measured three ways, each as the wall time of a fresh process, alternating source
and bundle runs:

* ``first_paint``: start → QApplication → main window shown and painted (offscreen) → exit,
  i.e. ``--self-test-only gui`` (``ui.selftest.open_main_window_for_self_test``);
* ``version``: start → ``--version`` → exit (the interpreter and CLI start-up alone);
* ``engine_ready``: ``engine --port 0`` until ``/healthz`` answers (the local engine child).

"Cold" runs drop the page cache first (``/proc/sys/vm/drop_caches``, root only); without root
every run is warm and the JSON says so. Goal: bundle ≤ 1.2 × source.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
EXE = "interhuman-desktop"
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def tree_size(path: Path) -> tuple[int, int, int]:
    """(apparent bytes, allocated bytes, files) of a folder."""
    apparent = allocated = files = 0
    for p in path.rglob("*"):
        if p.is_file() and not p.is_symlink():
            st = p.stat()
            apparent += st.st_size
            allocated += st.st_blocks * 512
            files += 1
    return apparent, allocated, files


def biggest(path: Path, top: int = 8) -> dict[str, float]:
    internal = path / "_internal"
    sizes = {}
    for child in internal.iterdir():
        size = tree_size(child)[0] if child.is_dir() else child.stat().st_size
        sizes[child.name] = round(size / 1e6, 1)
    return dict(sorted(sizes.items(), key=lambda kv: -kv[1])[:top])


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def timed(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    took = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{cmd} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return took


def engine_ready(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning ``… engine --port 0`` to a 200 from /healthz."""
    with tempfile.TemporaryDirectory(prefix="ih-bench-") as tmp:
        port_file = Path(tmp) / "port"
        key = secrets.token_urlsafe(16)
        started = time.perf_counter()
        proc = subprocess.Popen([*cmd, "engine", "--port", "0", "--port-file", str(port_file)],
                                cwd=ROOT, env={**env, "INTERHUMAN_ENGINE_API_KEYS": key},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while time.perf_counter() - started < 60:
                if proc.poll() is not None:
                    raise RuntimeError(f"{cmd} engine exited with {proc.returncode}")
                text = port_file.read_text().strip() if port_file.exists() else ""
                if text:
                    try:
                        with NO_PROXY.open(f"http://127.0.0.1:{text}/healthz", timeout=2) as r:
                            if r.status == 200:
                                return time.perf_counter() - started
                    except OSError:
                        pass
                time.sleep(0.01)
            raise RuntimeError(f"{cmd} engine not ready in 60 s")
        finally:
            proc.terminate()
            proc.wait(10)


def measure(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict:
    probes = {
        "first_paint": lambda cmd: timed([*cmd, "--self-test-only", "gui"], env),
        "version": lambda cmd: timed([*cmd, "--version"], env),
        "engine_ready": lambda cmd: engine_ready(cmd, env),
    }
    figures: dict[str, dict] = {}
    cold_ok = True
    for probe, run in probes.items():
        samples: dict[str, dict[str, list[float]]] = {k: {"cold": [], "warm": []}
                                                      for k in commands}
        for _ in range(runs):
            for kind, cmd in commands.items():
                cold_ok = drop_caches() and cold_ok
                samples[kind]["cold"].append(run(cmd))
                samples[kind]["warm"].append(run(cmd))
        figures[probe] = {}
        for state in ("cold", "warm"):
            med = {k: statistics.median(samples[k][state]) for k in commands}
            figures[probe][state] = {
                **{f"{k}_s": round(v, 3) for k, v in med.items()},
                **{f"{k}_min_s": round(min(samples[k][state]), 3) for k in commands},
                "ratio_bundle_vs_source": round(med["bundle"] / med["source"], 2),
            }
    figures["cold_is_really_cold"] = cold_ok
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / EXE)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    exe = args.bundle / EXE
    if not exe.exists():
        print(f"no bundle at {args.bundle}; build it with packaging/build", file=sys.stderr)
        return 1
    apparent, allocated, files = tree_size(args.bundle)
    debs = sorted((ROOT / "dist").glob(f"{EXE}_*.deb"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    commands = {"source": [sys.executable, "-m", "interhuman_desktop"], "bundle": [str(exe)]}
    for cmd in commands.values():  # fail early (and warm nothing useful: caches drop anyway)
        timed([*cmd, "--version"], env)
    report = {
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        "bundle": str(args.bundle.relative_to(ROOT) if args.bundle.is_relative_to(ROOT)
                      else args.bundle),
        "size_mb": round(apparent / 1e6, 1),
        "size_on_disk_mb": round(allocated / 1e6, 1),
        "files": files,
        "largest_mb": biggest(args.bundle),
        "deb_mb": round(debs[-1].stat().st_size / 1e6, 1) if debs else None,
        "runs": args.runs,
        "startup": measure(commands, args.runs, env),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bundle.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"bundle {report['bundle']}: {report['size_mb']} MB ({files} files), "
          f"on disk {report['size_on_disk_mb']} MB; .deb {report['deb_mb']} MB")
    print("largest parts (MB):", report["largest_mb"])
    for probe, states in report["startup"].items():
        if not isinstance(states, dict):
            continue
        for state, f in states.items():
            print(f"{probe:13s} {state}: source {f['source_s']:.2f} s, bundle {f['bundle_s']:.2f} s"
                  f" → ratio {f['ratio_bundle_vs_source']:.2f} (goal ≤ 1.2)")
    if not report["startup"]["cold_is_really_cold"]:
        print("note: could not drop the page cache (not root?): 'cold' runs are warm")
    print(f"wrote {OUT / 'bundle.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
