// Runs face-api's original FaceExpressionNet (tfjs, CPU backend) on raw 112x112 RGB crops.
// Used by scripts/check_expression_model.py:
//   node check_expression_model.js NODE_DIR MODEL_DIR CROPS.u8 COUNT OUT.json
// NODE_DIR holds node_modules with @vladmandic/face-api@1.7.15 and @tensorflow/tfjs.
const fs = require('fs');
const path = require('path');

async function main() {
  const [nodeDir, modelDir, cropsFile, countText, outFile] = process.argv.slice(2);
  const faceapi = require(path.join(nodeDir, 'node_modules/@vladmandic/face-api/dist/face-api.node-wasm.js'));
  const { tf } = faceapi;
  await tf.setBackend('cpu');
  await tf.ready();
  await faceapi.nets.faceExpressionNet.loadFromDisk(modelDir);
  const count = Number(countText);
  const data = fs.readFileSync(cropsFile);
  const size = 112 * 112 * 3;
  const results = [];
  for (let i = 0; i < count; i += 1) {
    const pixels = new Int32Array(data.subarray(i * size, (i + 1) * size));
    const input = tf.tensor3d(pixels, [112, 112, 3], 'int32');
    const expressions = await faceapi.nets.faceExpressionNet.predictExpressions(input);
    input.dispose();
    results.push(faceapi.FACE_EXPRESSION_LABELS.map((label) => expressions[label]));
  }
  fs.writeFileSync(outFile, JSON.stringify({
    backend: tf.getBackend(), tfjs: tf.version_core, labels: faceapi.FACE_EXPRESSION_LABELS, results,
  }));
}

main().catch((err) => { console.error(err); process.exit(1); });
