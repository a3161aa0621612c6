"""Redraw cost of the signal lanes for an hour of events (DEMO FIXTURE data); prints JSON.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from interhuman_desktop.ui.demo_fixture import hour_timeline
from interhuman_desktop.ui.widgets.lanes import SignalLanesWidget


def ms(fn, repeat: int = 10) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 1)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    tl = hour_timeline()
    lanes = SignalLanesWidget()
    lanes.resize(1400, 600)
    lanes.show()
    app.processEvents()
    t0 = time.perf_counter()
    lanes.set_timeline(tl)
    first = (time.perf_counter() - t0) * 1000

    def rebuild() -> None:
        tl.revision += 1
        lanes.refresh()

    tl.signal_detected("interest", 3590.0, "high", "open")
    lanes.refresh()
    now = [3590.0]

    def live_tick() -> None:
        now[0] += 0.066
        lanes.set_now(now[0])

    result = {
        "signals": len(tl.signals), "quality_periods": len(tl.quality_periods),
        "engagement_steps": len(tl.engagement),
        "set_timeline_ms": round(first, 1),
        "rebuild_on_revision_ms": ms(rebuild),
        "refresh_unchanged_ms": ms(lanes.refresh, 100),
        "live_set_now_ms": ms(live_tick, 50),
        "paint_full_view_ms": ms(lanes.grab),
    }
    lanes.plot_item.getViewBox().setXRange(1800, 1860, padding=0)
    result["paint_zoomed_60s_ms"] = ms(lanes.grab)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
