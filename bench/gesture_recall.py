#!/usr/bin/env python3
"""Nod/shake detector (``oscillation``) on synthetic pose series, and its margin on real ones.

    .venv/bin/python bench/gesture_recall.py [--trials 10]

Recall: shakes of ±5–20° at 1–3 Hz lasting 1.5–3 cycles, at 10 frames per second, with 0.7°
pose noise, a random facing direction (0 to −10°), roll coupled at 0.3× and pitch at 0.2×
(twice the frequency), ``--trials`` random phases/starts each; a trial is found when the
window counts ≥ 2 swings. Margin: the pose dumps of ``bench/head_gestures.py``
(``bench/out/head_pose_*.json``) replayed 1.25×, 1.5× and 2× faster, gestures found.
Writes ``bench/out/gesture_recall.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interhuman_desktop.engine.analysis.face import FaceCue  # noqa: E402
from interhuman_desktop.engine.analysis.oscillation import gestures, oscillations, tracked_pieces  # noqa: E402

OUT = ROOT / "bench" / "out"
T = np.arange(0.0, 8.0, 0.1)
AMPS, RATES, CYCLES = (5, 6, 10, 15, 20), (1.0, 1.5, 2.0, 2.5, 3.0), (1.5, 2.0, 3.0)


def _shake(rng: np.random.Generator, amp: float, hz: float, cycles: float) -> list[FaceCue]:
    t0 = rng.uniform(1.0, 2.0)
    inside = (t0 <= T) & (t0 + cycles / hz > T)
    wave = np.where(inside, np.sin(2 * np.pi * hz * (T - t0)), 0.0)
    yaw = amp * wave - 10.0 * rng.uniform() + rng.normal(0, 0.7, T.size)
    double = np.where(inside, np.sin(4 * np.pi * hz * (T - t0)), 0.0)
    pitch = 0.2 * amp * double + rng.normal(0, 0.7, T.size)
    roll = 0.3 * amp * np.roll(wave, 1) + rng.normal(0, 0.7, T.size)
    return [FaceCue(t=round(float(t), 2), count=1, width=0.3, pitch=float(pitch[i]),
                    yaw=float(yaw[i]), roll=float(roll[i])) for i, t in enumerate(T)]


def recall(trials: int) -> dict[str, float]:
    rng = np.random.default_rng(0)
    out = {}
    for hz in RATES:
        for amp in AMPS:
            for cycles in CYCLES:
                found = sum(oscillations(_shake(rng, amp, hz, cycles), 1).count >= 2
                            for _ in range(trials))
                out[f"{hz:g}Hz ±{amp}° {cycles:g} cycles"] = found / trials
    return out


def _faster(faces: list[FaceCue], speed: float) -> list[FaceCue]:
    """The pose series as if the person moved ``speed`` times faster (still 10 fps)."""
    times = np.array([f.t for f in faces])
    out = []
    for t in np.arange(0.0, times[-1] / speed, 0.1):
        f = faces[min(int(np.searchsorted(times, t * speed)), len(faces) - 1)]
        out.append(FaceCue(**{**f.__dict__, "t": round(float(t), 2)}))
    return out


def margin() -> dict[str, dict[str, list]]:
    out: dict[str, dict[str, list]] = {}
    for dump in sorted(OUT.glob("head_pose_*.json")):
        faces = [FaceCue(**f) for f in json.loads(dump.read_text())["faces"]]
        for speed in (1.0, 1.25, 1.5, 2.0):
            pieces = tracked_pieces(_faster(faces, speed))
            found = {name: [(round(g.start * speed, 1), g.swings, g.amplitude)
                            for t, p in pieces for g in gestures(t, p, axis)]
                     for axis, name in ((0, "nods"), (1, "shakes"))}
            out[f"{dump.stem[10:]} ×{speed:g}"] = found
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--trials", type=int, default=10)
    args = ap.parse_args()
    rec = recall(args.trials)
    for hz in RATES:
        cells = [v for k, v in rec.items() if k.startswith(f"{hz:g}Hz ")]
        print(f"shakes at {hz:g} Hz: recall {np.mean(cells):.3f} ({len(cells)} conditions)")
    print(f"all: recall {np.mean(list(rec.values())):.3f}")
    mar = margin()
    for name, found in mar.items():
        print(f"{name}: nods {found['nods']}, shakes {found['shakes']}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "gesture_recall.json").write_text(json.dumps({"recall": rec, "margin": mar}, indent=1))


if __name__ == "__main__":
    main()
