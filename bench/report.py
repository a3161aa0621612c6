#!/usr/bin/env python3
"""How long the PDF report of a 10-minute session takes to build (fpdf2 + matplotlib + PyAV).

    .venv/bin/python bench/report.py [--minutes 10] [--runs 3]

The timeline is real and realistically sized: the sample clip is analysed by the local engine
once, and its result is laid end to end over the session (every 20 s), as a ten-minute talk
gives. The media is a generated clip of the session's length (640x360, 15 fps, a face photo),
so the thumbnails are decoded from a real ten-minute file. Prints the figures and writes
bench/out/report.json.
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
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from media_factory import make_clip  # noqa: E402

from interhuman_desktop.api.backend import Backend, make_client, make_http_client  # noqa: E402
from interhuman_desktop.api.upload import analyze_file_raw  # noqa: E402
from interhuman_desktop.engine.child import start_engine  # noqa: E402
from interhuman_desktop.export.entry_data import load_entry_data  # noqa: E402
from interhuman_desktop.export.moments import middle, thumbnails, top_moments  # noqa: E402
from interhuman_desktop.export.pdf_report import build_pdf  # noqa: E402
from interhuman_desktop.export.report_chart import lanes_png  # noqa: E402
from interhuman_desktop.export.run import export_data  # noqa: E402
from interhuman_desktop.session.from_result import add_result  # noqa: E402
from interhuman_desktop.session.library_sync import save_file_analysis  # noqa: E402
from interhuman_desktop.session.timeline import SessionTimeline  # noqa: E402
from interhuman_desktop.storage.library import AsyncLibrary, Library  # noqa: E402

OUT = ROOT / "bench" / "out"
SAMPLE = ROOT / "resources" / "sample" / "sample.mp4"


async def _sample_outcome():
    with start_engine(ready_timeout=120) as engine:
        async with make_http_client() as http:
            client = make_client(Backend.local(engine.base_url, engine.api_key), http)
            return await analyze_file_raw(
                client, SAMPLE, include=["conversation_quality_overall",
                                         "conversation_quality_timeline"],
                goal_dimensions=["clarity", "energy"])


async def _entry(media: Path, seconds: float, root: Path):
    outcome = await _sample_outcome()
    timeline = SessionTimeline()
    step = 20.0
    for n in range(int(seconds // step)):
        add_result(timeline, outcome.result, n * step)
    for n in range(1, 9):
        timeline.add_marker(n * seconds / 9, f"marker {n}")
    library = AsyncLibrary(root)
    try:
        return await save_file_analysis(library, media, timeline,
                                        [outcome.raw] * int(seconds // step),
                                        duration=seconds, notes="bench")
    finally:
        library.close()


def _timed(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    seconds = args.minutes * 60
    OUT.mkdir(parents=True, exist_ok=True)
    media = OUT / f"report_session_{args.minutes:g}min.mp4"
    if not media.exists():
        make_clip(media, seconds=seconds, width=640, height=360, fps=15, face=True)
    root = OUT / "report_library"
    entry = asyncio.run(_entry(media, seconds, root))
    library = Library(root)
    data = load_entry_data(library.get(entry.id))
    tl = data.timeline
    moments = top_moments(tl, 5)
    total = _timed(lambda: build_pdf(load_entry_data(entry)), args.runs)
    chart = _timed(lambda: lanes_png(tl, data.duration), args.runs)
    thumbs = _timed(lambda: thumbnails(data.media, [middle(s, tl.media_end) for s in moments]),
                    args.runs)
    others = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, name in (("json", "e.json"), ("csv", "e.zip"), ("eaf", "e.eaf")):
            others[fmt] = statistics.median(_timed(
                lambda f=fmt, n=name: export_data(load_entry_data(entry), f, Path(tmp) / n),
                args.runs))
        start = time.perf_counter()  # cold: a fresh process, as `export` from a shell
        subprocess.run([sys.executable, "-m", "interhuman_desktop", "export", str(entry.id),
                        "--format", "pdf", "--out", str(Path(tmp) / "cold.pdf"), "--library",
                        str(root)], check=True, capture_output=True, cwd=ROOT)
        cold = time.perf_counter() - start
    pdf = build_pdf(data)
    (OUT / "report_10min.pdf").write_bytes(pdf)
    library.delete(entry.id)
    library.close()
    figures = {
        "session_seconds": seconds, "signals": len(tl.signals),
        "quality_periods": len(tl.quality_periods), "engagement_steps": len(tl.engagement),
        "markers": len(tl.markers), "pdf_bytes": len(pdf), "runs": args.runs,
        "build_seconds_median": round(statistics.median(total), 3),
        "build_seconds_all": [round(t, 3) for t in total],
        "chart_seconds_median": round(statistics.median(chart), 3),
        "thumbnails_seconds_median": round(statistics.median(thumbs), 3),
        "cli_export_pdf_cold_seconds": round(cold, 3),
        **{f"{fmt}_export_seconds_median": round(t, 3) for fmt, t in others.items()},
    }
    print(f"{args.minutes:g}-minute session: {figures['signals']} signals, "
          f"{figures['quality_periods']} quality periods, {figures['markers']} markers")
    print(f"PDF report: {figures['build_seconds_median']:.2f} s median of {args.runs} "
          f"(chart {figures['chart_seconds_median']:.2f} s, 5 thumbnails "
          f"{figures['thumbnails_seconds_median']:.2f} s), {len(pdf) / 1024:.0f} KiB")
    print(f"cold, from a shell (`interhuman-desktop export ID --format pdf`): {cold:.2f} s")
    print("other formats: " + ", ".join(f"{fmt} {t:.3f} s" for fmt, t in others.items()))
    (OUT / "report.json").write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
