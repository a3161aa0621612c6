#!/usr/bin/env python3
"""Head gestures (agreement / disagreement) of the engine's analyser on video files.

    .venv/bin/python bench/head_gestures.py FILE ... [--replay]

Analyses each file exactly as the engine does (``open_upload`` + ``decode_upload`` +
``finish``), prints its agreement / disagreement signals with their rationales, and dumps the
per-frame face cues (time, presence, width, pitch, yaw, roll) to
``bench/out/head_pose_<stem>.json``. ``--replay`` skips FaceMesh and feeds a previous dump
through the current windows and gesture rules (for tuning the detector: seconds, not minutes).
Writes ``bench/out/head_gestures.json`` (events per file and per minute).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interhuman_desktop.engine.analysis.base import SessionOptions  # noqa: E402
from interhuman_desktop.engine.analysis.cue_analyzer import CueAnalyzer, merge_signals  # noqa: E402
from interhuman_desktop.engine.analysis.cues import CueTimeline  # noqa: E402
from interhuman_desktop.engine.analysis.face import FaceCue  # noqa: E402
from interhuman_desktop.engine.analysis.windows import all_windows  # noqa: E402
from interhuman_desktop.engine.media import MediaError, decode_upload  # noqa: E402
from interhuman_desktop.engine.settings import EngineSettings  # noqa: E402

OUT = ROOT / "bench" / "out"
GESTURES = ("agreement", "disagreement")


def analyse(path: Path) -> tuple[list[dict], list[FaceCue], float, float]:
    """(signals, face cues, media seconds, wall seconds) of one file, as the engine does it."""
    settings = EngineSettings()
    t0 = time.perf_counter()
    upload = CueAnalyzer().open_upload(SessionOptions())
    timeline: CueTimeline = upload.timeline  # type: ignore[attr-defined]
    try:
        media = decode_upload(path, analysis_fps=settings.analysis_fps,
                              max_width=settings.max_width, on_frame=upload.add_frame)
    except MediaError as exc:  # the engine refuses clips under 3 s: window their face cues
        if not timeline.faces:
            raise
        print(f"{path.name}: {exc}; windows of its measured face cues instead")
        end = timeline.faces[-1].t + 1.0 / settings.analysis_fps
        signals = merge_signals(all_windows(timeline, end), end)
        timeline.close()
        return signals, list(timeline.faces), end, time.perf_counter() - t0
    faces = list(timeline.faces)
    result = upload.finish(media)
    return result["signals"], faces, media.end, time.perf_counter() - t0


def replay(dump: Path) -> tuple[list[dict], list[FaceCue], float, float]:
    data = json.loads(dump.read_text())
    faces = [FaceCue(**f) for f in data["faces"]]
    timeline = CueTimeline.__new__(CueTimeline)  # no tracker: the cues are already measured
    timeline.faces, timeline.voice, timeline.pitch, timeline.end = faces, [], [], data["end"]
    timeline._tracker = type("Dump", (), {"detector": "facemesh"})()  # type: ignore[attr-defined]
    t0 = time.perf_counter()
    signals = merge_signals(all_windows(timeline, data["end"]), data["end"])
    return signals, faces, data["end"], time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--replay", action="store_true", help="reuse bench/out/head_pose_*.json")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    report = {}
    for path in args.files:
        dump = OUT / f"head_pose_{path.stem}.json"
        if args.replay:
            signals, faces, end, wall = replay(dump)
        else:
            signals, faces, end, wall = analyse(path)
            dump.write_text(json.dumps({"end": end, "faces": [asdict(f) for f in faces]}))
        events = [s for s in signals if s["type"] in GESTURES]
        counts = {k: sum(s["type"] == k for s in events) for k in GESTURES}
        print(f"{path.name}: {end:.1f} s, {len(faces)} frames, analysed in {wall:.1f} s, "
              f"agreement {counts['agreement']}, disagreement {counts['disagreement']}")
        for s in events:
            print(f"  {s['start']:6.1f}-{s['end']:6.1f} {s['type']:<12} {s['probability']:<6} "
                  f"{s['rationale']}")
        per_min = {k: round(v * 60.0 / end, 2) for k, v in counts.items()} if end else {}
        report[path.name] = {"seconds": round(end, 1), "events": events, "counts": counts,
                             "per_minute": per_min}
    (OUT / "head_gestures.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
