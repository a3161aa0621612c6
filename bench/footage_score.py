"""Labels and scores of bench/real_footage.py (see docs/evaluation.md).

Labels are :class:`labelled.Label` (kind, start, end): CSV files in bench/labels/ (by eye and
waveform), the RTTM of pyannote's sample.wav (speech = the union of the speakers' turns).
Pauses are derived: a gap of at least 0.3 s between labelled speech is a ``pause`` (and of 1 s, a
``long_pause``). Signals are scored at event level like the synthetic evaluation: a signal is
correct when it overlaps a labelled event of its kinds, an event is found when a signal overlaps
it. Any other signal type the engine emits is listed (count, seconds) without a score.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
from labelled import Label
from scoring import ClipRun, prf

from interhuman_desktop.engine.analysis.face_window import SMILE_RATIO
from interhuman_desktop.engine.analysis.voice import FRAME_SECONDS

PAUSE_MIN, LONG_PAUSE = 0.3, 1.0
# signal type -> the labelled kinds that make it right (types not here are only listed)
SIGNAL_EVIDENCE = {
    "agreement": ("nod",),
    "disagreement": ("shake",),
    "disengagement": ("covered", "absent"),
    "interest": ("smile", "laugh"),
    "stress": ("sad",),
    "tension": ("sad",),
    "frustration": ("sad",),
    "hesitation": ("long_pause",),
    "uncertainty": ("long_pause",),
}
FALSE_GESTURES = ("agreement", "disagreement")


def read_csv(path: Path) -> list[Label]:
    with path.open(newline="") as fh:
        return [Label(r["kind"], float(r["start"]), float(r["end"])) for r in csv.DictReader(fh)]


def read_rttm(path: Path) -> list[Label]:
    """Speech = the union of all speakers' turns."""
    turns = sorted((float(p[3]), float(p[3]) + float(p[4]))
                   for p in (line.split() for line in path.read_text().splitlines())
                   if p and p[0] == "SPEAKER")
    merged: list[list[float]] = []
    for a, b in turns:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [Label("speech", a, b) for a, b in merged]


def shift(labels: list[Label], offset: float, end: float | None = None) -> list[Label]:
    out = [Label(x.kind, x.start + offset, x.end + offset) for x in labels]
    if end is not None:
        out = [Label(x.kind, x.start, min(x.end, end)) for x in out if x.start < end]
    return out


def with_pauses(labels: list[Label]) -> list[Label]:
    """``labels`` plus a ``pause`` (and ``long_pause``) label in each gap between speech."""
    speech = sorted((x for x in labels if x.kind == "speech"), key=lambda x: x.start)
    extra = []
    for a, b in pairwise(speech):
        gap = b.start - a.end
        if gap >= PAUSE_MIN:
            extra.append(Label("pause", a.end, b.start))
        if gap >= LONG_PAUSE:
            extra.append(Label("long_pause", a.end, b.start))
    return labels + extra


def mask(times: np.ndarray, labels: list[Label], kinds: tuple[str, ...]) -> np.ndarray:
    out = np.zeros(times.size, bool)
    for x in labels:
        if x.kind in kinds:
            out |= (times >= x.start) & (times < x.end)
    return out


def frame_prf(pred: np.ndarray, truth: np.ndarray) -> dict[str, Any]:
    return prf(int((pred & truth).sum()), int((pred & ~truth).sum()), int((~pred & truth).sum()))


def speech_and_pause(speech: np.ndarray, labels: list[Label]) -> dict[str, Any]:
    """Frame scores of 20-ms speech frames, and of pause frames inside the labelled talk."""
    times = FRAME_SECONDS * (np.arange(speech.size) + 0.5)
    truth = mask(times, labels, ("speech",))
    spoken = [x for x in labels if x.kind == "speech"]
    inside = np.ones(times.size, bool)
    if spoken:
        inside = (times >= min(x.start for x in spoken)) & (times < max(x.end for x in spoken))
    return {"speech": frame_prf(speech, truth),
            "pause": frame_prf(~speech & inside, ~truth & inside)}


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def signal_table(runs: list[ClipRun]) -> dict[str, Any]:
    """Per emitted type: count and seconds per clip; P/R where the type has labelled evidence."""
    table: dict[str, Any] = defaultdict(lambda: {"count": 0, "seconds": 0.0, "clips": {}})
    for run in runs:
        for s in run.result["signals"]:
            row = table[s["type"]]
            row["count"] += 1
            row["seconds"] = round(row["seconds"] + s["end"] - s["start"], 1)
            row["clips"][run.name] = row["clips"].get(run.name, 0) + 1
    for kind, kinds in SIGNAL_EVIDENCE.items():
        tp = fp = fn = 0
        for run in runs:
            events = [(x.start, x.end) for x in run.labels if x.kind in kinds]
            sigs = [(s["start"], s["end"]) for s in run.result["signals"] if s["type"] == kind]
            hits = [any(_overlap(e, s) > 0 for e in events) for s in sigs]
            tp, fp = tp + sum(hits), fp + len(hits) - sum(hits)
            fn += sum(not any(_overlap(e, s) > 0 for s in sigs) for e in events)
        if tp + fp + fn:
            table[kind].update(prf(tp, fp, fn), evidence="+".join(kinds))
    return dict(sorted(table.items()))


def false_gestures_per_minute(runs: list[ClipRun]) -> dict[str, Any]:
    """Agreement/disagreement signals with no labelled nod/shake under them, per minute of face
    footage."""
    minutes = sum(r.duration for r in runs) / 60.0
    false = {k: 0 for k in FALSE_GESTURES}
    for run in runs:
        for s in run.result["signals"]:
            if s["type"] in FALSE_GESTURES:
                kinds = SIGNAL_EVIDENCE[s["type"]]
                ok = any(_overlap((x.start, x.end), (s["start"], s["end"])) > 0
                         for x in run.labels if x.kind in kinds)
                false[s["type"]] += not ok
    total = sum(false.values())
    return {"face_minutes": round(minutes, 2), "false": false,
            "per_minute": round(total / minutes, 3) if minutes else None}


def face_cues(run: ClipRun) -> dict[str, Any]:
    """Frame level: smiling (mouth width ≥ SMILE_RATIO) vs smile/laugh labels; face found and
    facing during covered / turned spans."""
    faces = run.timeline.faces
    times = np.array([f.t for f in faces])
    smiling = np.array([f.smile is not None and f.smile >= SMILE_RATIO for f in faces])
    present = np.array([f.present for f in faces])
    facing = np.array([f.facing for f in faces])
    out: dict[str, Any] = {"frames": len(faces), "face_found": _share(present)}
    truth = mask(times, run.labels, ("smile", "laugh"))
    if truth.any():
        out["smiling_frames"] = frame_prf(smiling, truth)
    for kind in ("covered", "turn"):
        inside = mask(times, run.labels, (kind,))
        if inside.any():
            out[f"{kind}: face_found"] = _share(present[inside])
            out[f"{kind}: facing"] = _share(facing[inside])
    return out


def engagement_shares(run: ClipRun) -> dict[str, float]:
    total: dict[str, float] = defaultdict(float)
    for e in run.result["engagement_state"]:
        total[e["state"]] += e["end"] - e["start"]
    return {k: round(v / run.duration, 3) for k, v in sorted(total.items())}


def _share(x: np.ndarray) -> float | None:
    return round(float(x.mean()), 3) if x.size else None
