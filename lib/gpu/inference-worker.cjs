"use strict";
// Worker-thread entry for InferenceWorker (lib/gpu/feeding.ts): owns one onnxruntime session and
// runs batches sent by the main thread, so the main thread stays free to preprocess the next ones.
// Plain CommonJS so it loads the same way under vitest, tslab, tsx and node.
const { parentPort, workerData } = require("node:worker_threads");
const ort = require("onnxruntime-node");

const { model, provider, intraOpNumThreads, inputName, outputName } = workerData;
const ready = ort.InferenceSession.create(model, {
  executionProviders: [provider],
  ...(intraOpNumThreads ? { intraOpNumThreads } : {}),
});

ready.then(
  () => parentPort.postMessage({ type: "ready" }),
  (e) => parentPort.postMessage({ type: "error", id: -1, message: String(e && e.message ? e.message : e) }),
);

// sparse batches are expanded into this buffer, allocated once per size and reused: only the
// positions the previous batch set are cleared (no fresh 10 MB allocation, no page faults per batch)
let dense = null;
let lastSet = null;
function expand(msg) {
  const [rows, dim] = msg.dims;
  if (!dense || dense.length !== rows * dim) {
    dense = new Float32Array(rows * dim);
    lastSet = null;
  }
  if (lastSet) for (let k = 0; k < lastSet.length; k++) dense[lastSet[k]] = 0;
  const set = new Int32Array(msg.indices.length);
  for (let i = 0; i < rows; i++) {
    for (let k = msg.rowPtr[i]; k < msg.rowPtr[i + 1]; k++) {
      const at = i * dim + msg.indices[k];
      dense[at] = msg.values[k];
      set[k] = at;
    }
  }
  lastSet = set;
  return dense;
}

// one message at a time: a batch's input buffer (reused for sparse batches) must not be refilled
// while onnxruntime still reads it, and results leave in the order batches came
let chain = Promise.resolve();
parentPort.on("message", (msg) => {
  chain = chain.then(() => handle(msg));
});

async function handle(msg) {
  if (msg.type === "run" || msg.type === "runSparse") {
    try {
      const session = await ready;
      const t0 = performance.now();
      const input = msg.type === "run" ? msg.data : expand(msg);
      const out = await session.run({ [inputName]: new ort.Tensor("float32", input, msg.dims) });
      const y = out[outputName].data;
      const copy = new Float32Array(y); // own buffer, transferable
      parentPort.postMessage({ type: "result", id: msg.id, data: copy, runMs: performance.now() - t0 }, [copy.buffer]);
    } catch (e) {
      parentPort.postMessage({ type: "error", id: msg.id, message: String(e && e.stack ? e.stack : e) });
    }
  } else if (msg.type === "close") {
    const session = await ready.catch(() => null);
    if (session) await session.release();
    parentPort.close();
  }
}
