"""Throughput of a folder batch on the local engine: files per minute, batch vs one at a time.

One real engine child; the same ``--files`` generated clips (PyAV, ``--seconds`` long, each a
little different so no two share a content hash) are analysed by the batch machinery
(``session.batch.BatchRun`` over the ``FileQueue``, results saved into a fresh library each
time) at concurrency 1 (one file at a time) and at each ``--concurrency`` value, in one run,
``--rounds`` times interleaved (the machine may be shared: the median round is reported).
With ``--cli``, also ``interhuman-desktop analyze FILE --local`` once per file (what a user
without batches does: an engine start per file). Prints files/min and the ratio to
one-at-a-time and writes ``bench/out/batch.json``::

    nice -n 10 .venv/bin/python bench/batch.py [--files 20] [--seconds 3.5] [--concurrency 2,4]
        [--cli]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def make_folder(folder: Path, files: int, seconds: float) -> int:
    from media_factory import make_clip

    folder.mkdir(parents=True)
    for i in range(files):
        make_clip(folder / f"take{i:02d}.mp4", seconds=seconds + 0.05 * i, face=True)
    return sum(p.stat().st_size for p in folder.iterdir())


async def one_batch(engine, folder: Path, library_root: Path, concurrency: int) -> dict:
    from interhumanai import InterhumanClient

    from interhuman_desktop.session.batch import BatchOptions, BatchRun
    from interhuman_desktop.session.file_queue import FileQueue
    from interhuman_desktop.storage.batch_store import DB_NAME, AsyncBatchStore
    from interhuman_desktop.storage.library import AsyncLibrary

    library = AsyncLibrary(library_root)
    store = AsyncBatchStore(library_root / DB_NAME)
    client = InterhumanClient(access_token=engine.api_key, base_url=engine.base_url)

    async def provider() -> InterhumanClient:
        return client

    queue = FileQueue(provider, concurrency=concurrency)
    started = time.perf_counter()
    outcome = await BatchRun(queue, store, library, BatchOptions(folder)).run()
    wall = time.perf_counter() - started
    await queue.aclose()
    store.close()
    library.close()
    counts = dict(outcome.progress.counts)
    analysed = counts.get("done", 0)
    return {"concurrency": concurrency, "wall_s": round(wall, 2), "analysed": analysed,
            "counts": counts, "files_per_min": round(analysed * 60 / wall, 1)}


def _median(runs: list[dict]) -> dict:
    """The run of median wall time, with every round's files/min beside it."""
    chosen = dict(sorted(runs, key=lambda r: r["wall_s"])[len(runs) // 2])
    chosen["rounds_files_per_min"] = [r["files_per_min"] for r in runs]
    return chosen


def cli_one_by_one(folder: Path, library_root: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "INTERHUMAN_API_KEY"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    started = time.perf_counter()
    ok = 0
    for clip in sorted(folder.iterdir()):
        proc = subprocess.run([sys.executable, "-m", "interhuman_desktop", "analyze", str(clip),
                               "--local", "--library", str(library_root)], env=env,
                              capture_output=True, text=True, check=False)
        ok += proc.returncode == 0
    wall = time.perf_counter() - started
    return {"concurrency": "cli, one process per file", "wall_s": round(wall, 2),
            "analysed": ok, "files_per_min": round(ok * 60 / wall, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=3.5)
    parser.add_argument("--concurrency", default="2,4")
    parser.add_argument("--cli", action="store_true", help="also analyze FILE once per file")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of every level, interleaved; the median is reported")
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",") if c.strip()]
    from interhuman_desktop.engine.child import start_engine

    with tempfile.TemporaryDirectory(prefix="ih-bench-batch-") as tmp:
        folder = Path(tmp) / "clips"
        total_bytes = make_folder(folder, args.files, args.seconds)
        with start_engine(ready_timeout=120) as engine:
            rounds = [[asyncio.run(one_batch(engine, folder, Path(tmp) / f"lib{c}-{r}", c))
                       for c in [1, *levels]] for r in range(args.rounds)]
        runs = [_median(list(level)) for level in zip(*rounds, strict=True)]
        if args.cli:
            runs.append(cli_one_by_one(folder, Path(tmp) / "libcli"))
    base = runs[0]["files_per_min"]
    for run in runs:
        run["ratio_to_one_at_a_time"] = round(run["files_per_min"] / base, 2) if base else None
        print(f"concurrency {run['concurrency']}: {run['analysed']} files in "
              f"{run['wall_s']:.1f} s = {run['files_per_min']:.1f} files/min "
              f"(×{run['ratio_to_one_at_a_time']} one at a time)")
    report = {"files": args.files, "clip_seconds": args.seconds, "total_bytes": total_bytes,
              "cpu_count": os.cpu_count(), "runs": runs}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "batch.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT / 'batch.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
