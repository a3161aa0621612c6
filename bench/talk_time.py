"""Talk time against labelled speech: the delivery metrics with and without the steady-tone
check (``interhuman_desktop/delivery/speech.py``).

    .venv/bin/python bench/talk_time.py

References: Silero's ``test.wav`` (bench/labels/silero_test.csv), pyannote's ``sample.wav``
(its RTTM, all speakers), the five LibriVox clips of bench/speaking_rate.py (their forced
alignment's words, silences left out), and the live test pattern's beeping tone (no speech).
"Sounding" is the method before the check (any loud stretch), "speech" the one now. Prints
seconds per recording and writes bench/out/talk_time.json. Figures to read, never assertions.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "eval"), str(ROOT / "bench")]

import footage_score as fs  # noqa: E402
from footage_fetch import fetch_all  # noqa: E402
from footage_media import RATE, load_audio  # noqa: E402
from speaking_rate import PINS  # noqa: E402
from speaking_rate import footage as librivox_footage  # noqa: E402

from interhuman_desktop.capture.synthetic import tone_samples  # noqa: E402
from interhuman_desktop.delivery.metrics import measure  # noqa: E402

OUT = ROOT / "bench" / "out" / "talk_time.json"


def _union(spans: list[tuple[float, float]]) -> float:
    total, end = 0.0, -1.0
    for a, b in sorted(spans):
        if b > end:
            total += b - max(a, end)
            end = b
    return total


def words_seconds(phones: Path) -> float:
    words = json.loads(phones.read_text())["w"]
    return _union([(w["b"], w["b"] + w["d"]) for w in words if not w["t"].startswith("<")])


def cases() -> dict[str, tuple[np.ndarray, float | None]]:
    """name → (16 kHz audio, labelled speech seconds; None where not labelled)."""
    files = fetch_all(None)
    out: dict[str, tuple[np.ndarray, float | None]] = {
        "test.wav": (load_audio(files["test.wav"]), _union(
            [(x.start, x.end) for x in fs.read_csv(ROOT / "bench/labels/silero_test.csv")])),
        "sample.wav": (load_audio(files["sample.wav"]), _union(
            [(x.start, x.end) for x in fs.read_rttm(files["sample.rttm"])])),
    }
    lib = fetch_all(None, librivox_footage())
    for clip in PINS:
        out[f"librivox-{clip}"] = (load_audio(lib[f"librivox-{clip}.wav"]),
                                   words_seconds(lib[f"librivox-{clip}.phone.json"]))
    out["test pattern tone (20 s)"] = (tone_samples(0, 20 * RATE, RATE, 440.0, 1.0, 0.5), 0.0)
    return out


def main() -> int:
    rows = []
    print(f"{'recording':26} {'length':>6} {'labelled':>8} {'sounding':>8} {'speech':>7}  syll s/n")
    for name, (pcm, labelled) in cases().items():
        before, after = measure(pcm, RATE, speech=False), measure(pcm, RATE)
        rows.append({"recording": name, "duration": after.duration, "labelled": labelled,
                     "sounding_talk": before.talk_seconds, "speech_talk": after.talk_seconds,
                     "sounding_syllables": before.syllables, "speech_syllables": after.syllables})
        print(f"{name:26} {after.duration:6.1f} {labelled or 0:8.2f} {before.talk_seconds:8.2f} "
              f"{after.talk_seconds:7.2f}  {before.syllables}/{after.syllables}")
    speech = [r for r in rows if r["labelled"]]
    for key in ("sounding_talk", "speech_talk"):
        err = [abs(r[key] - r["labelled"]) / r["labelled"] for r in speech]
        print(f"{key}: mean |error| vs labelled speech {100 * np.mean(err):.1f} %")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
