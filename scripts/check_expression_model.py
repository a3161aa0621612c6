#!/usr/bin/env python3
"""Compare resources/models/face_expression.onnx with face-api's original tfjs model.

Face crops are taken exactly as the analyser takes them (FaceMesh landmarks →
``expression.face_crop``): from scikit-image's astronaut photo and from a few frames of each
``--video``. The same 112x112 RGB crops go to onnxruntime and, under Node, to face-api's
``faceExpressionNet.predictExpressions`` (tfjs CPU backend, ``scripts/check_expression_model.js``);
the script prints both and the largest absolute difference of the seven probabilities, and
fails above ``--tolerance``.

``--node-dir`` must hold ``node_modules`` with ``@vladmandic/face-api@1.7.15`` and
``@tensorflow/tfjs@4.22.0`` (+ ``tfjs-backend-wasm``); without it they are installed with
``npm install`` into a temporary folder (the npm registry is needed then).

    .venv/bin/python scripts/check_expression_model.py --video clip.mp4 [--node-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import av
import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interhuman_desktop.engine.analysis import expression, landmarks  # noqa: E402

PACKAGES = (
    "@vladmandic/face-api@1.7.15",
    "@tensorflow/tfjs@4.22.0",
    "@tensorflow/tfjs-backend-wasm@4.22.0",  # face-api.node-wasm.js requires it
)
FRAMES_PER_VIDEO = 4


def video_frames(path: Path, count: int) -> list[np.ndarray]:
    """``count`` BGR frames spread over the video."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        duration = float(stream.duration * stream.time_base) if stream.duration else 10.0
        wanted = [duration * (i + 0.5) / count for i in range(count)]
        frames: list[np.ndarray] = []
        for frame in container.decode(stream):
            if frame.time is not None and frame.time >= wanted[len(frames)]:
                frames.append(frame.to_ndarray(format="bgr24"))
                if len(frames) == count:
                    break
    return frames


def gather_crops(videos: list[Path]) -> tuple[np.ndarray, list[str]]:
    from skimage import data

    pictures = [("astronaut", cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR))]
    for video in videos:
        frames = video_frames(video, FRAMES_PER_VIDEO)
        pictures += [(f"{video.name}#{i}", f) for i, f in enumerate(frames)]
    mesh = landmarks._face_mesh()
    if mesh is None:
        sys.exit("MediaPipe FaceMesh is needed for the crops")
    crops, names = [], []
    for name, image in pictures:
        pts, _ = landmarks.MeshTracker(mesh).landmarks(image)
        crop = None if pts is None else expression.face_crop(image, expression.face_box(pts))
        if crop is not None:
            crops.append(crop)
            names.append(name)
    mesh.close()
    return np.stack(crops), names


def node_dir(given: Path | None, tmp: Path) -> Path:
    if given is not None:
        return given
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm not found: pass --node-dir")
    subprocess.run([npm, "init", "-y"], cwd=tmp, check=True, capture_output=True)
    subprocess.run([npm, "install", "--no-audit", "--no-fund", *PACKAGES], cwd=tmp, check=True)
    return tmp


def run_tfjs(nodes: Path, crops: np.ndarray, tmp: Path) -> dict:
    model_dir = nodes / "node_modules" / "@vladmandic" / "face-api" / "model"
    (tmp / "crops.u8").write_bytes(np.ascontiguousarray(crops, np.uint8).tobytes())
    out = tmp / "tfjs.json"
    subprocess.run(["node", str(ROOT / "scripts" / "check_expression_model.js"), str(nodes),
                    str(model_dir), str(tmp / "crops.u8"), str(len(crops)), str(out)], check=True)
    return json.loads(out.read_text())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--video", type=Path, action="append", default=[])
    parser.add_argument("--node-dir", type=Path)
    parser.add_argument("--tolerance", type=float, default=1e-3)
    parser.add_argument("--save-crops", type=Path, help="folder for the crops as PNG")
    args = parser.parse_args(argv)
    crops, names = gather_crops(args.video)
    session = expression.load_session()
    if session is None:
        sys.exit("the ONNX model could not be loaded")
    ours = expression.predict(session, crops)
    with tempfile.TemporaryDirectory() as tmp:
        theirs_json = run_tfjs(node_dir(args.node_dir, Path(tmp)), crops, Path(tmp))
    theirs = np.array(theirs_json["results"], np.float64)
    if args.save_crops:
        args.save_crops.mkdir(parents=True, exist_ok=True)
        for name, crop in zip(names, crops, strict=True):
            cv2.imwrite(str(args.save_crops / f"{name.replace('#', '_')}.png"), crop[..., ::-1])
    print(f"tfjs {theirs_json['tfjs']} ({theirs_json['backend']}) vs onnxruntime, "
          f"{len(names)} crops; columns: {', '.join(expression.LABELS)}")
    for name, a, b in zip(names, ours, theirs, strict=True):
        print(f"{name:32s} onnx  " + " ".join(f"{p:.4f}" for p in a))
        print(f"{'':32s} tfjs  " + " ".join(f"{p:.4f}" for p in b))
    diff = float(np.max(np.abs(ours - theirs)))
    same_top = int(np.sum(ours.argmax(axis=1) == theirs.argmax(axis=1)))
    print(f"max abs difference {diff:.2e}; same top class {same_top}/{len(names)}")
    return 0 if diff <= args.tolerance else 1


if __name__ == "__main__":
    raise SystemExit(main())
