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

parentPort.on("message", async (msg) => {
  if (msg.type === "run") {
    try {
      const session = await ready;
      const t0 = performance.now();
      const out = await session.run({ [inputName]: new ort.Tensor("float32", msg.data, msg.dims) });
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
});
