"""Run the engine's analyser on a labelled clip and score it against the labels.

``run_clip`` analyses a file exactly as the engine's server does (``open_upload`` +
``decode_upload(on_frame=…)`` + ``finish``) and keeps the measured cue timeline.
``score`` turns a list of :class:`ClipRun` into precision / recall / F1 per cue and signal.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from labelled import PAUSE_MIN, Label

from interhuman_desktop.engine.analysis.base import SessionOptions
from interhuman_desktop.engine.analysis.cue_analyzer import CueAnalyzer
from interhuman_desktop.engine.analysis.cues import CueTimeline
from interhuman_desktop.engine.analysis.gestures import MIN_SWINGS
from interhuman_desktop.engine.analysis.voice import FRAME_SECONDS, HANGOVER_FRAMES, runs
from interhuman_desktop.engine.analysis.windows import HOP, WINDOW
from interhuman_desktop.engine.media import decode_upload
from interhuman_desktop.engine.settings import EngineSettings

SIGNAL_OF = {"agreement": ("nod",), "disagreement": ("shake",),
             "disengagement": ("away", "absent")}
CUE_OF = {"nods": "nod", "shakes": "shake"}
WINDOW_MIN_OVERLAP = 1.5  # a window "holds" a gesture burst when it overlaps it this long


@dataclass
class ClipRun:
    name: str
    labels: list[Label]
    result: dict[str, Any]
    timeline: CueTimeline
    duration: float
    seconds: float  # wall time of decode + analysis


def run_clip(name: str, path: Path, labels: list[Label], analyzer: CueAnalyzer) -> ClipRun:
    settings = EngineSettings()
    t0 = time.perf_counter()
    upload = analyzer.open_upload(SessionOptions())
    media = decode_upload(path, analysis_fps=settings.analysis_fps,
                          max_width=settings.max_width, on_frame=upload.add_frame)
    result = upload.finish(media)
    seconds = time.perf_counter() - t0
    timeline = upload.timeline  # type: ignore[attr-defined]
    return ClipRun(name, labels, result, timeline, media.duration, seconds)


def prf(tp: float, fp: float, fn: float) -> dict[str, float | None]:
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {"precision": _r(p), "recall": _r(r), "f1": _r(f), "tp": tp, "fp": fp, "fn": fn}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def signal_scores(runs_: list[ClipRun]) -> dict[str, dict]:
    """Event level: a labelled event is found when a signal of its type overlaps it; a signal
    is correct when it overlaps a labelled event of its type."""
    out = {}
    for kind, label_kinds in SIGNAL_OF.items():
        tp = fp = fn = 0
        for run in runs_:
            events = [(x.start, x.end) for x in run.labels if x.kind in label_kinds]
            sigs = [(s["start"], s["end"]) for s in run.result["signals"] if s["type"] == kind]
            fn += sum(not any(_overlap(e, s) > 0 for s in sigs) for e in events)
            hits = [any(_overlap(e, s) > 0 for e in events) for s in sigs]
            tp += sum(hits)
            fp += len(hits) - sum(hits)
        out[kind] = prf(tp, fp, fn)
    return out


def gesture_cue_scores(runs_: list[ClipRun]) -> dict[str, dict]:
    """Window level (8 s on a 3-s hop): a window overlapping a burst ≥ 1.5 s should count
    ≥ 2 swings, one not touching any burst should not (others are not scored)."""
    out = {}
    for cue, kind in CUE_OF.items():
        tp = fp = fn = 0
        for run in runs_:
            events = [(x.start, x.end) for x in run.labels if x.kind == kind]
            start = 0.0
            while start + WINDOW <= run.duration + 1e-6:
                w = (start, start + WINDOW)
                held = max((_overlap(w, e) for e in events), default=0.0)
                count = getattr(run.timeline.window(*w), cue) or 0
                found = count >= MIN_SWINGS
                if held >= WINDOW_MIN_OVERLAP:
                    tp, fn = tp + found, fn + (not found)
                elif held == 0:
                    fp += found
                start += HOP
        out[cue] = prf(tp, fp, fn)
    return out


def _voiced(run: ClipRun) -> tuple[np.ndarray, np.ndarray]:
    times = np.concatenate([v.times for v in run.timeline.voice]) if run.timeline.voice else []
    voiced = np.concatenate([v.voiced for v in run.timeline.voice]) if run.timeline.voice else []
    return np.asarray(times, float), np.asarray(voiced, bool)


def _speech(run: ClipRun) -> np.ndarray:
    speech = [v.speech for v in run.timeline.voice]
    return np.concatenate(speech) if speech else np.zeros(0, bool)


def _truth(times: np.ndarray, labels: list[Label], kinds: tuple[str, ...]) -> np.ndarray:
    mask = np.zeros(times.size, bool)
    for x in labels:
        if x.kind in kinds:
            mask |= (times >= x.start) & (times < x.end)
    return mask


def speech_scores(runs_: list[ClipRun]) -> dict[str, float | None]:
    """20-ms frame level: VAD speech segments (hangover trimmed) vs labelled speech."""
    tp = fp = fn = 0
    for run in runs_:
        times, _ = _voiced(run)
        voiced = _speech(run)
        truth = _truth(times, run.labels, ("speech",))
        tp += int((voiced & truth).sum())
        fp += int((voiced & ~truth).sum())
        fn += int((~voiced & truth).sum())
    return prf(tp, fp, fn)


def detected_pauses(run: ClipRun) -> list[tuple[float, float]]:
    times, voiced = _voiced(run)
    found = []
    spans = runs(voiced)
    for (_, stop), (nxt, _) in itertools.pairwise(spans):
        start = times[stop] - HANGOVER_FRAMES * FRAME_SECONDS
        if times[nxt] - start >= PAUSE_MIN:
            found.append((float(start), float(times[nxt])))
    return found


def pause_scores(runs_: list[ClipRun]) -> dict[str, float | None]:
    """Event level: a labelled pause is found when a detected pause overlaps it by half."""
    tp = fp = fn = 0
    for run in runs_:
        truth = [(x.start, x.end) for x in run.labels if x.kind == "pause"]
        found = detected_pauses(run)
        ok = [any(_overlap(t, f) >= 0.5 * (t[1] - t[0]) for f in found) for t in truth]
        fn += len(ok) - sum(ok)
        hits = [any(_overlap(t, f) >= 0.5 * (f[1] - f[0]) for t in truth) for f in found]
        tp += sum(hits)
        fp += len(hits) - sum(hits)
    return prf(tp, fp, fn)


def facing_scores(runs_: list[ClipRun]) -> dict[str, float | None]:
    """Analysis-frame level: 'not facing the camera' vs labelled away/absent time."""
    tp = fp = fn = 0
    for run in runs_:
        times = np.array([f.t for f in run.timeline.faces])
        away = np.array([not f.facing for f in run.timeline.faces])
        truth = _truth(times, run.labels, ("away", "absent"))
        tp += int((away & truth).sum())
        fp += int((away & ~truth).sum())
        fn += int((~away & truth).sum())
    return prf(tp, fp, fn)


def disengaged_coverage(runs_: list[ClipRun]) -> dict[str, float | None]:
    """Share of labelled away/absent time inside ``disengaged`` engagement entries, and the
    share of the other time wrongly inside them."""
    covered = total = wrong = rest = 0.0
    for run in runs_:
        away = [(x.start, x.end) for x in run.labels if x.kind in ("away", "absent")]
        dis = [(e["start"], e["end"]) for e in run.result["engagement_state"]
               if e["state"] == "disengaged"]
        span = sum(b - a for a, b in away)
        hit = sum(_overlap(a, d) for a in away for d in dis)
        covered, total = covered + hit, total + span
        wrong += sum(b - a for a, b in dis) - hit
        rest += run.duration - span
    return {"coverage": _r(covered / total) if total else None,
            "false_share": _r(wrong / rest) if rest else None}


def score(runs_: list[ClipRun]) -> dict[str, Any]:
    media = sum(r.duration for r in runs_)
    wall = sum(r.seconds for r in runs_)
    return {
        "signals": signal_scores(runs_),
        "cues": {**gesture_cue_scores(runs_), "speech": speech_scores(runs_),
                 "pauses": pause_scores(runs_), "away": facing_scores(runs_)},
        "disengaged": disengaged_coverage(runs_),
        "rtf": round(wall / media, 3) if media else None,
        "media_seconds": round(media, 1),
        "wall_seconds": round(wall, 2),
        "detector": runs_[0].timeline.detector if runs_ else None,
    }
