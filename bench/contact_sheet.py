#!/usr/bin/env python3
"""Contact sheets of a video for labelling by eye: frames every STEP seconds, stamped.

    .venv/bin/python bench/contact_sheet.py VIDEO OUT_PREFIX [--step 1.0] [--start 0] [--end END]
                                            [--cols 10] [--rows 6] [--width 160]

Writes OUT_PREFIX-000.png, -001.png … (cols × rows thumbnails each, the time in seconds in the
corner of each). Used to make bench/labels/*.csv (see docs/evaluation.md).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import av
import cv2
import numpy as np


def frames_every(path: Path, step: float, start: float, end: float | None):
    """(t, BGR image) for the first frame at or after each multiple of ``step``."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        next_t = start
        for frame in container.decode(stream):
            t = float(frame.pts * stream.time_base) if frame.pts is not None else 0.0
            if end is not None and t > end:
                return
            if t + 1e-6 >= next_t:
                yield t, frame.to_ndarray(format="bgr24")
                next_t += step


def _thumb(t: float, image: np.ndarray, width: int) -> np.ndarray:
    h = round(image.shape[0] * width / image.shape[1])
    small = cv2.resize(image, (width, h), interpolation=cv2.INTER_AREA)
    cv2.rectangle(small, (0, 0), (52, 16), (0, 0, 0), -1)
    cv2.putText(small, f"{t:6.1f}", (1, 12), cv2.FONT_HERSHEY_SIMPLEX, 0.42, (255, 255, 255), 1)
    return small


def sheets(args: argparse.Namespace) -> list[Path]:
    thumbs = [_thumb(t, img, args.width)
              for t, img in frames_every(Path(args.video), args.step, args.start, args.end)]
    per = args.cols * args.rows
    out = []
    for k in range(0, len(thumbs), per):
        chunk = thumbs[k:k + per]
        blank = np.zeros_like(chunk[0])
        chunk += [blank] * (per - len(chunk))
        rows = [np.hstack(chunk[r * args.cols:(r + 1) * args.cols]) for r in range(args.rows)]
        path = Path(f"{args.out_prefix}-{k // per:03d}.png")
        cv2.imwrite(str(path), np.vstack(rows))
        out.append(path)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("video")
    ap.add_argument("out_prefix")
    ap.add_argument("--step", type=float, default=1.0)
    ap.add_argument("--start", type=float, default=0.0)
    ap.add_argument("--end", type=float, default=None)
    ap.add_argument("--cols", type=int, default=10)
    ap.add_argument("--rows", type=int, default=6)
    ap.add_argument("--width", type=int, default=160)
    for path in sheets(ap.parse_args()):
        print(path)


if __name__ == "__main__":
    main()
