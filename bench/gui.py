"""GUI figures: cold start to first paint, event-loop lag during a live session, timeline redraw.

    .venv/bin/python bench/gui.py [--live-seconds 60] [--starts 3]

1. **Cold start**: a fresh interpreter imports the app, opens the main window and waits for its
   first paint (Qt offscreen); measured from just before the process is spawned.
2. **Event-loop lag** during a real live session: the synthetic test pattern → segment writer →
   the LOCAL ENGINE (child process), with the preview, lanes and health line running. A probe
   sleeps 10 ms on the app's asyncio loop and records how late it wakes.
3. **Redraw of one hour**: real events tiled to one hour (the live session's, and the bundled
   sample clip's as analysed by the local engine, which are denser), redrawn by the signal
   lanes (rebuild after a model change + paint).

Goals (issue 4): first paint ≤ 1.2 s, lag p99 ≤ 20 ms, redraw ≤ 16 ms. Writes bench/out/gui.json.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CHILD = """
import time
from interhuman_desktop.ui.selftest import ensure_qapplication, wait_for_first_paint
app = ensure_qapplication()
from PySide6.QtCore import QSettings
from interhuman_desktop.ui.main_window import MainWindow
from interhuman_desktop.config.settings import MemorySettingsStore
w = MainWindow(MemorySettingsStore(), qsettings=QSettings({ini!r}, QSettings.Format.IniFormat))
w.show()
ok = wait_for_first_paint(app, w)
print("PAINTED" if ok else "NOPAINT", flush=True)
"""


def cold_start(runs: int) -> dict:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        code = CHILD.format(ini=str(Path(tmp) / "b.ini"))
        for _ in range(runs):
            t0 = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
            line = proc.stdout.readline().strip() if proc.stdout else ""
            elapsed = time.perf_counter() - t0
            proc.wait(30)
            if line == "PAINTED":
                times.append(elapsed)
    return {"runs_s": [round(t, 3) for t in times],
            "median_s": round(statistics.median(times), 3) if times else None}


async def lag_probe(stop: asyncio.Event, lags: list[float], period: float = 0.010) -> None:
    while not stop.is_set():
        t0 = time.perf_counter()
        await asyncio.sleep(period)
        lags.append(max(0.0, time.perf_counter() - t0 - period))


async def live_session(window, seconds: float) -> tuple[list[float], object, dict]:
    ctl = window.live_session
    window.live.empty.button.click()
    await ctl.tasks.wait()  # the start task (consent already given: a memory store)
    handle = ctl.handle
    if handle is None:
        raise RuntimeError("the live session did not start (see the log)")
    stop, lags = asyncio.Event(), []
    probe = asyncio.get_running_loop().create_task(lag_probe(stop, lags))
    await asyncio.sleep(seconds)
    stop.set()
    await probe
    health = handle.health()
    frames = window.live.preview.frames_shown
    saved = asyncio.Event()
    ctl.finished.connect(lambda *_: saved.set())  # the session is saved; the summary shows
    ctl.stop()
    await saved.wait()
    await ctl.aclose()
    return lags, handle.timeline, {"preview_frames_shown": frames, "health": health}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def tile_to_hour(timeline):
    """The session's real events repeated back to back until they cover one hour."""
    from interhuman_desktop.session.timeline import SessionTimeline

    span = max(timeline.media_end, 1.0)
    hour = SessionTimeline()
    copies = int(3600 // span) + 1
    for k in range(copies):
        off = k * span
        for s in timeline.signals:
            c = copy.deepcopy(s)
            c.start += off
            c.end = None if s.end is None else s.end + off
            hour.signals.append(c)
        hour.engagement += [(t + off, state) for t, state in timeline.engagement]
        for p in timeline.quality_periods:
            q = copy.deepcopy(p)
            q.start, q.end = p.start + off, p.end + off
            hour.quality_periods.append(q)
    hour.quality_overall = timeline.quality_overall
    hour.media_end, hour.revision = copies * span, 1
    return hour


def redraw(timeline) -> dict:
    from interhuman_desktop.ui.widgets.lanes import SignalLanesWidget

    lanes = SignalLanesWidget()
    lanes.resize(1400, 420)
    lanes.show()
    lanes.set_timeline(timeline)
    lanes.grab()

    def once() -> float:
        timeline.revision += 1
        t0 = time.perf_counter()
        lanes.refresh()
        lanes.grab()
        return (time.perf_counter() - t0) * 1000

    full = [once() for _ in range(10)]
    lanes.plot_item.getViewBox().setXRange(1800, 1890, padding=0)
    zoomed = [once() for _ in range(10)]
    lanes.close()
    return {"signals": len(timeline.signals), "quality_periods": len(timeline.quality_periods),
            "engagement_steps": len(timeline.engagement),
            "redraw_full_hour_ms_median": round(statistics.median(full), 1),
            "redraw_90s_window_ms_median": round(statistics.median(zoomed), 1)}


async def analyse_sample(client):
    """The bundled sample clip analysed by the local engine (its events, tiled, are denser)."""
    from interhuman_desktop.session.file_analysis import FileJob, run

    job = await run(FileJob(ROOT / "resources" / "sample" / "sample.mp4"), client)
    assert job.timeline is not None, job.error
    return job.timeline


def in_process(seconds: float) -> dict:
    import qasync

    from interhuman_desktop.app import build_window
    from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
    from interhuman_desktop.session.backend import BackendProvider
    from interhuman_desktop.ui.selftest import ensure_qapplication

    app = ensure_qapplication()
    store = MemorySettingsStore(AppSettings(camera="synthetic", consent_given=True,
                                            segment_seconds=3.0))
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    provider = BackendProvider(store.load, lambda _t: None)
    window = build_window(store, provider, None, None)
    window.resize(1400, 880)
    window.show()
    result: dict = {}

    async def run() -> None:
        await provider.client()  # the engine starts before the measured part
        lags, timeline, extra = await live_session(window, seconds)
        ms = [x * 1000 for x in lags]
        result["live"] = {"seconds": seconds, "samples": len(ms),
                          "lag_p50_ms": round(percentile(ms, 50), 2),
                          "lag_p99_ms": round(percentile(ms, 99), 2),
                          "lag_max_ms": round(max(ms), 2), **extra}
        result["redraw_live_events"] = redraw(tile_to_hour(timeline))
        sample = await analyse_sample(await provider.client())
        result["redraw_sample_clip_events"] = redraw(tile_to_hour(sample))
        window.review.unload()
        await window.aclose()
        await provider.aclose()

    loop.run_until_complete(run())
    window.close()
    loop.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--live-seconds", type=float, default=60.0)
    parser.add_argument("--starts", type=int, default=3)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="ih-bench-gui-")
    os.environ["INTERHUMAN_DESKTOP_HOME"] = home
    figures = {"cold_start_first_paint": cold_start(args.starts), **in_process(args.live_seconds)}
    figures["goals"] = {"first_paint_s": 1.2, "lag_p99_ms": 20, "redraw_ms": 16}
    figures["cpu_count"] = os.cpu_count()
    out = ROOT / "bench" / "out" / "gui.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
