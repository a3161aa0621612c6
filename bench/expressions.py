"""Facial-expression cues and the signals they drive, window by window, on real videos.

Usage: ``.venv/bin/python bench/expressions.py VIDEO [VIDEO ...] [--max-width 320]``. Each video
is analysed as the engine analyses an upload (10 analysis fps, 320 px, FaceMesh + expression
model, 8-s windows on a 3-s hop); clips under 3 s, which the engine refuses, are measured all the
same as one window. Prints, per window, the expression cues (shares of frames: read, smiling,
negative, distress; mean probabilities) and every signal with its rationale, plus the rapport
and energy scores; writes ``bench/out/expressions.json``. The real footage of issue 9
(``bench/real_footage.py`` fetches it) is what this was tuned on; see docs/analyzer.md §2.5.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from interhuman_desktop.engine.analysis import expression  # noqa: E402
from interhuman_desktop.engine.analysis.base import VideoSample  # noqa: E402
from interhuman_desktop.engine.analysis.cues import CueTimeline  # noqa: E402
from interhuman_desktop.engine.analysis.windows import WindowOutcome, all_windows  # noqa: E402
from interhuman_desktop.engine.media import MediaError, decode_upload  # noqa: E402

FPS = 10.0


def measure(path: Path, max_width: int) -> tuple[CueTimeline, float]:
    """Face cues of every analysis frame, and the media end (seconds)."""
    timeline = CueTimeline()
    last = [0.0]

    def on_frame(sample: VideoSample) -> None:
        timeline.add_frame(sample)
        last[0] = sample.t

    try:
        media = decode_upload(path, analysis_fps=FPS, max_width=max_width, on_frame=on_frame)
        end = media.end
    except MediaError as exc:  # a clip under 3 s: its frames were measured before the check
        if exc.code != "ih4007":
            raise
        end = last[0] + 1.0 / FPS
    return timeline, end


def row(o: WindowOutcome) -> dict:
    c = o.cues
    mean = dict(zip(expression.LABELS, c.expression_mean, strict=True)) if c.expression_mean else {}
    return {
        "start": c.start, "end": c.end, "expression_ratio": c.expression_ratio,
        "happy_ratio": c.happy_ratio, "negative_ratio": c.negative_ratio,
        "distress_ratio": c.distress_ratio, "mean": mean, "gaze_ratio": c.gaze_ratio,
        "rapport": round(o.scores.values["rapport"], 1),
        "energy": round(o.scores.values["energy"], 1), "engagement_state": o.engagement,
        "signals": {k: [s.probability, s.rationale] for k, s in o.signals.items()},
    }


def fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:5.2f}"


def report(name: str, rows: list[dict]) -> None:
    print(f"\n== {name}: window, read, smiling, negative, distress | rapport energy | signals")
    for r in rows:
        cues = " ".join(fmt(r[k]) for k in
                        ("expression_ratio", "happy_ratio", "negative_ratio", "distress_ratio"))
        print(f"{r['start']:6.1f}-{r['end']:6.1f} {cues} | {r['rapport']:5.1f} {r['energy']:5.1f}"
              f" | {r['engagement_state']}")
        for kind, (level, text) in r["signals"].items():
            print(f"{'':16}{kind} ({level}): {text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("videos", type=Path, nargs="+")
    parser.add_argument("--max-width", type=int, default=320)
    args = parser.parse_args(argv)
    if expression.load_session() is None:
        sys.exit("the expression model could not be loaded")
    results = {}
    for path in args.videos:
        t0 = time.perf_counter()
        timeline, end = measure(path, args.max_width)
        rows = [row(o) for o in all_windows(timeline, end)]
        timeline.close()
        seconds = time.perf_counter() - t0
        report(f"{path.name} ({end:.1f} s, analysed in {seconds:.1f} s)", rows)
        results[path.name] = {"seconds": round(end, 2), "windows": rows}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "expressions.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
