#!/usr/bin/env python3
"""Build resources/models/face_expression.onnx from face-api's expression model (npm, MIT).

``@vladmandic/face-api@1.7.15`` ships ``model/face_expression_model.bin`` and its tfjs weights
manifest: uint8-quantised weights (value = q * scale + min, per tensor) of FaceExpressionNet.
Its architecture is the package's TypeScript source (``src/faceFeatureExtractor``,
``src/faceProcessor``, ``src/common``):

- input: a 112x112 RGB face crop, 0..255, NHWC; ``(x - [122.782, 117.001, 104.298]) / 255``;
- four dense blocks (``denseBlock4``), 32/64/128/256 channels, each halving the size
  (112 → 56 → 28 → 14 → 7): ``out1 = relu(conv0(x))`` (a 3x3 stride-2 conv + bias in the first
  block, a depthwise-separable conv + bias in the others), ``out2 = sep(out1)``,
  ``out3 = sep(relu(out1 + out2))``, ``out4 = sep(relu(out1 + out2 + out3))``, block output
  ``relu(out1 + out2 + out3 + out4)``; every conv is 3x3 with TF "same" padding (stride 2 on an
  even size pads only bottom/right);
- ``avgPool 7x7 stride 2 valid`` → 256 features, ``fc`` (256 → 7), softmax;
- labels: neutral, happy, sad, angry, fearful, disgusted, surprised.

This script needs numpy and ``onnx`` (the dev extra) and writes the graph with float32
(dequantised) weights; the app loads it with onnxruntime. Without ``--tarball`` it fetches the
package with ``npm pack``. ``scripts/check_expression_model.py`` compares the result with the
original tfjs model under Node.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

PACKAGE = "@vladmandic/face-api@1.7.15"
MODEL_BIN = "package/model/face_expression_model.bin"
MANIFEST = "package/model/face_expression_model-weights_manifest.json"
LICENSE = "package/LICENSE"
SHA256 = {  # of the files inside the 1.7.15 tarball
    MODEL_BIN: "9a9840f2cf1f4c7eab95f197512569345c00d2426754d4608b92af30e0300f3d",
    MANIFEST: "5b349c17c7836da506e03422cd6461c74085d8bb2713ad4114647dc5d28174c8",
}
LABELS = ("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised")
MEAN_RGB = (122.782, 117.001, 104.298)
SIZE = 112
CHANNELS = (32, 64, 128, 256)
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "models" / "face_expression.onnx"


def fetch_tarball(folder: Path) -> Path:
    """``npm pack`` the package into ``folder`` (the registry's tarball, unchanged)."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm not found: pass --tarball with the downloaded package")
    out = subprocess.run([npm, "pack", PACKAGE, "--pack-destination", str(folder)],
                         check=True, capture_output=True, text=True).stdout.split()
    return folder / out[-1]


def read_package(tarball: Path) -> dict[str, bytes]:
    with tarfile.open(tarball) as tar:
        files = {name: tar.extractfile(name).read() for name in (MODEL_BIN, MANIFEST, LICENSE)}
    for name, digest in SHA256.items():
        actual = hashlib.sha256(files[name]).hexdigest()
        if actual != digest:
            sys.exit(f"{name}: sha256 {actual}, expected {digest}")
    return files


def dequantise(manifest: list[dict], data: bytes) -> dict[str, np.ndarray]:
    """Every tensor of the manifest as float32 (tfjs: uint8 value = q * scale + min)."""
    weights: dict[str, np.ndarray] = {}
    offset = 0
    for group in manifest:
        for entry in group["weights"]:
            shape, count = entry["shape"], int(np.prod(entry["shape"]))
            quant = entry.get("quantization")
            if quant is None:
                values = np.frombuffer(data, "<f4", count, offset)
                offset += 4 * count
            else:
                if quant["dtype"] != "uint8":
                    raise ValueError(f"{entry['name']}: unsupported {quant['dtype']}")
                q = np.frombuffer(data, np.uint8, count, offset)
                offset += count
                values = q.astype(np.float64) * quant["scale"] + quant["min"]
            weights[entry["name"]] = values.astype(np.float32).reshape(shape)
    if offset != len(data):
        raise ValueError(f"manifest describes {offset} bytes, the file has {len(data)}")
    return weights


class Graph:
    """A tiny ONNX graph builder (NCHW inside)."""

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        self.weights = weights
        self.nodes: list[onnx.NodeProto] = []
        self.inits: list[onnx.TensorProto] = []
        self._n = 0

    def name(self, stem: str) -> str:
        self._n += 1
        return f"{stem}_{self._n}"

    def const(self, stem: str, value: np.ndarray) -> str:
        name = self.name(stem)
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(self, kind: str, inputs: list[str], stem: str | None = None, **attrs) -> str:
        out = self.name(stem or kind.lower())
        self.nodes.append(helper.make_node(kind, inputs, [out], **attrs))
        return out

    def conv(self, x: str, w: np.ndarray, b: np.ndarray | None, stride: int, group: int,
             size: int, stem: str) -> str:
        """A 3x3 (or 1x1) conv with TF "same" padding on a ``size`` x ``size`` input."""
        k = w.shape[2]
        out = -(-size // stride)
        total = max((out - 1) * stride + k - size, 0)
        before = total // 2
        pads = [before, before, total - before, total - before]
        inputs = [x, self.const(f"{stem}_w", w)]
        if b is not None:
            inputs.append(self.const(f"{stem}_b", b))
        return self.op("Conv", inputs, stem, kernel_shape=[k, k], strides=[stride, stride],
                       pads=pads, group=group)

    def separable(self, x: str, prefix: str, stride: int, size: int) -> str:
        dw = self.weights[f"{prefix}/depthwise_filter"]  # kh, kw, C, 1
        pw = self.weights[f"{prefix}/pointwise_filter"]  # 1, 1, C, Cout
        depth = self.conv(x, dw.transpose(2, 3, 0, 1), None, stride, dw.shape[2], size,
                          f"{prefix}/dw")
        return self.conv(depth, pw.transpose(3, 2, 0, 1), self.weights[f"{prefix}/bias"], 1, 1,
                         -(-size // stride), f"{prefix}/pw")

    def dense_block(self, x: str, prefix: str, size: int, first: bool) -> str:
        if first:
            w = self.weights[f"{prefix}/conv0/filters"].transpose(3, 2, 0, 1)
            out1 = self.conv(x, w, self.weights[f"{prefix}/conv0/bias"], 2, 1, size,
                             f"{prefix}/conv0")
        else:
            out1 = self.separable(x, f"{prefix}/conv0", 2, size)
        out1 = self.op("Relu", [out1])
        size = -(-size // 2)
        out2 = self.separable(out1, f"{prefix}/conv1", 1, size)
        in3 = self.op("Relu", [self.op("Add", [out1, out2])])
        out3 = self.separable(in3, f"{prefix}/conv2", 1, size)
        sum3 = self.op("Add", [out1, self.op("Add", [out2, out3])])
        out4 = self.separable(self.op("Relu", [sum3]), f"{prefix}/conv3", 1, size)
        total = self.op("Add", [out1, self.op("Add", [out2, self.op("Add", [out3, out4])])])
        return self.op("Relu", [total], f"{prefix}/out")


def build(weights: dict[str, np.ndarray]) -> onnx.ModelProto:
    g = Graph(weights)
    mean = np.array(MEAN_RGB, np.float32).reshape(1, 1, 1, 3)
    x = g.op("Sub", ["input", g.const("mean_rgb", mean)])
    x = g.op("Div", [x, g.const("scale", np.array(255.0, np.float32))])
    x = g.op("Transpose", [x], perm=[0, 3, 1, 2])  # NHWC (as tfjs) -> NCHW
    size = SIZE
    for i in range(len(CHANNELS)):
        x = g.dense_block(x, f"dense{i}", size, first=i == 0)
        size = -(-size // 2)
    x = g.op("AveragePool", [x], kernel_shape=[7, 7], strides=[2, 2])
    x = g.op("Flatten", [x], axis=1)
    logits = g.op("Gemm", [x, g.const("fc_w", weights["fc/weights"]),
                           g.const("fc_b", weights["fc/bias"])], "logits")
    g.nodes.append(helper.make_node("Softmax", [logits], ["probabilities"], axis=1))
    graph = helper.make_graph(
        g.nodes, "face_expression",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", SIZE, SIZE, 3])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", len(LABELS)])],
        g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="interhuman-desktop scripts/build_expression_model.py")
    model.ir_version = 8
    helper.set_model_props(model, {
        "source": f"npm {PACKAGE} model/face_expression_model.bin (MIT, Vladimir Mandic)",
        "labels": ",".join(LABELS),
        "input": "N x 112 x 112 x 3 RGB, 0..255 (the model subtracts the mean and divides by 255)",
    })
    onnx.checker.check_model(model)
    return model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tarball", type=Path, help="the npm tarball (default: npm pack)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or fetch_tarball(Path(tmp))
        files = read_package(tarball)
    manifest = json.load(io.BytesIO(files[MANIFEST]))
    model = build(dequantise(manifest, files[MODEL_BIN]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(model.SerializeToString())
    (args.out.parent / "face_expression.LICENSE").write_bytes(files[LICENSE])
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes, sha256 {digest})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
