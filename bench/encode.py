"""Encoder bench: seconds to encode one 3-s segment per preset and size (video + audio).

Prints a table and writes bench/out/encode.json. Frames are generated beforehand (a moving
pattern plus sensor-like noise), so only encoding and muxing are timed. ``threads=1`` stands
for "the local engine is busy on the other core".

    .venv/bin/python bench/encode.py [--repeat 3] [--quick]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from interhuman_desktop.capture.synthetic import pattern_image, tone_samples
from interhuman_desktop.encode.segments import EncoderSettings, SegmentFile

OUT = Path(__file__).resolve().parent / "out" / "encode.json"
SEGMENT = 3.0
FPS = 30
RATE = 48_000


def frames(width: int, height: int) -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    out = []
    for i in range(int(SEGMENT * FPS)):
        img = pattern_image(i, width, height).astype(np.int16)
        img += rng.integers(-6, 7, img.shape, dtype=np.int16)  # camera noise costs bits
        out.append(np.clip(img, 0, 255).astype(np.uint8))
    return out


def encode_once(images: list[np.ndarray], settings: EncoderSettings, path: Path) -> dict:
    cpu = time.process_time()  # all threads: what the local engine has to share
    seg = SegmentFile(path, settings, start=0.0, index=0, audio=True)
    audio = tone_samples(0, int(SEGMENT * RATE), RATE, 440.0, 1.0, 0.5)
    for i, img in enumerate(images):
        seg.add_video(img, i / FPS, float(i))
        seg.add_audio(audio[i * RATE // FPS : (i + 1) * RATE // FPS])
    duration = seg.close()
    size = path.stat().st_size
    return {"seconds": seg.encode_seconds, "cpu": time.process_time() - cpu, "bytes": size,
            "media": duration}


def measure(images: list[np.ndarray], settings: EncoderSettings, repeat: int, tmp: Path) -> dict:
    runs = [encode_once(images, settings, tmp / "s.mp4") for _ in range(repeat)]
    secs = statistics.median(r["seconds"] for r in runs)
    height, width = images[0].shape[:2]
    return {
        "size": f"{width}x{height}", "preset": settings.preset, "tune": settings.tune,
        "threads": settings.threads or "auto", "encode_seconds": round(secs, 3),
        "cpu_seconds": round(statistics.median(r["cpu"] for r in runs), 3),
        "realtime_ratio": round(SEGMENT / secs, 1),
        "kbps": round(runs[0]["bytes"] * 8 / SEGMENT / 1000),
    }


def run(sizes: list[tuple[int, int]], presets: list[str], threads: list[int],
        repeat: int, tune: str | None = "zerolatency") -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for width, height in sizes:
            images = frames(width, height)
            for preset in presets:
                for n in threads:
                    settings = EncoderSettings(preset=preset, fps=FPS, threads=n, tune=tune)
                    row = measure(images, settings, repeat, Path(tmp))
                    rows.append(row)
                    print("{size} {preset:9} tune={tune!s:11} threads={threads!s:4} "
                          "{encode_seconds:6.3f} s/segment (cpu {cpu_seconds:5.2f} s) "
                          "x{realtime_ratio:5.1f} real time {kbps:5d} kbps".format(**row))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="640x480 ultrafast only")
    args = parser.parse_args()
    if args.quick:
        rows = run([(640, 480)], ["ultrafast"], [0], 1)
    else:
        rows = run([(640, 480)], ["ultrafast", "superfast", "veryfast"], [0, 1], args.repeat)
        rows += run([(640, 480)], ["ultrafast", "veryfast"], [0], args.repeat, tune=None)
        rows += run([(1280, 720)], ["ultrafast", "superfast"], [0, 1], args.repeat)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    report = {"segment_seconds": SEGMENT, "fps": FPS, "machine": platform.machine(),
              "cpus": __import__("os").cpu_count(), "rows": rows}
    OUT.write_text(json.dumps(report, indent=2))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
