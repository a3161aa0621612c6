#!/usr/bin/env python3
"""Evaluate the on-device analyser on labelled clips (tests/eval/labelled.py).

    .venv/bin/python bench/analyzer_eval.py [--haar] [--only NAME ...] [--rebuild]

Builds the labelled clips once into bench/out/eval_clips/ (needs espeak-ng and scikit-image),
analyses each exactly as the engine does, prints precision / recall / F1 per cue and per signal,
the disengaged coverage and the real-time factor, and writes bench/out/analyzer_eval.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "eval")]

from labelled import build, clip_specs  # noqa: E402
from scoring import run_clip, score  # noqa: E402

from interhuman_desktop.engine.analysis.cue_analyzer import CueAnalyzer  # noqa: E402

OUT = ROOT / "bench" / "out"


def _row(name: str, m: dict) -> str:
    def f(x: object) -> str:
        return "  -  " if x is None else f"{x:5.3f}"

    return (f"{name:<16} {f(m.get('precision'))}  {f(m.get('recall'))}  {f(m.get('f1'))}"
            f"   tp={m.get('tp')} fp={m.get('fp')} fn={m.get('fn')}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--haar", action="store_true", help="Haar fallback instead of FaceMesh")
    ap.add_argument("--only", nargs="*", help="clip names")
    ap.add_argument("--rebuild", action="store_true", help="regenerate the clips")
    args = ap.parse_args()
    analyzer = CueAnalyzer(prefer_mesh=not args.haar)
    runs = []
    for spec in clip_specs():
        if args.only and spec.name not in args.only:
            continue
        clip_dir = OUT / "eval_clips"
        path, labels = build(spec, clip_dir, reuse=not args.rebuild)
        run = run_clip(spec.name, path, labels, analyzer)
        print(f"{spec.name:<14} {run.duration:5.1f} s  analysed in {run.seconds:5.2f} s  "
              f"signals: {sorted({s['type'] for s in run.result['signals']})}")
        runs.append(run)
    report = score(runs)
    report["clips"] = {r.name: {"signals": r.result["signals"],
                                "engagement_state": r.result["engagement_state"],
                                "seconds": round(r.seconds, 2)} for r in runs}
    print(f"\ndetector: {report['detector']}\n{'':<16} prec   recall  F1")
    for name, m in report["signals"].items():
        print(_row(f"signal {name}", m))
    for name, m in report["cues"].items():
        print(_row(f"cue {name}", m))
    print(f"disengaged covers {report['disengaged']['coverage']} of away/absent time "
          f"(and {report['disengaged']['false_share']} of the rest)")
    print(f"real-time factor {report['rtf']} ({report['wall_seconds']} s for "
          f"{report['media_seconds']} s of 640x480@30 media)")
    OUT.mkdir(parents=True, exist_ok=True)
    name = "analyzer_eval_haar.json" if args.haar else "analyzer_eval.json"
    (OUT / name).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
