"use strict";
// Worker-thread entry for pairwiseNcd (lib/compress/pairwise.ts). Plain CommonJS, Node built-ins
// and the sibling kernel only, so it loads the same way under vitest, tslab, tsx and node.
const { parentPort, workerData } = require("node:worker_threads");
const { createRowProcessor } = require("./ncd-kernel.cjs");

const { spec, train, trainC, k } = workerData;
const proc = createRowProcessor(spec, train, trainC, k);

parentPort.on("message", (msg) => {
  if (msg.type === "rows") {
    try {
      const results = proc.process(msg.rows);
      const transfer = [];
      for (const r of results) transfer.push(r.indices.buffer, r.distances.buffer);
      parentPort.postMessage({ type: "rows", results, compressions: proc.compressions() }, transfer);
    } catch (e) {
      parentPort.postMessage({ type: "error", message: e && e.stack ? e.stack : String(e) });
    }
  } else if (msg.type === "close") {
    proc.close();
    parentPort.close();
  }
});
