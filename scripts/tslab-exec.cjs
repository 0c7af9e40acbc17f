#!/usr/bin/env node
// Executes a notebook's code cells in-process with tslab's own executor (no Jupyter, no Python):
// the fallback engine of `npm run course` and a fast path for tests.
// usage: node scripts/tslab-exec.cjs IN.ipynb OUT.ipynb
// Writes OUT with outputs (also when a cell fails), prints progress lines to stderr, and exits
// 1 on the first failing cell, printing a JSON line {"failedCell": i, "error": "..."} to stdout.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const util = require("node:util");
const root = path.resolve(__dirname, "..");
process.chdir(root);
const [inFile, outFile] = process.argv.slice(2);
if (!inFile || !outFile) {
  console.error("usage: tslab-exec.cjs IN.ipynb OUT.ipynb");
  process.exit(2);
}
const tslabDir = path.join(root, "node_modules", "tslab", "dist");
const { createExecutor } = require(path.join(tslabDir, "executor.js"));
const { createConverter } = require(path.join(tslabDir, "converter.js"));
const jupyter = require(path.join(tslabDir, "jupyter.js"));

const nb = JSON.parse(fs.readFileSync(inFile, "utf8"));
let outputs = null; // the outputs array of the cell being executed
const displayIndex = new Map(); // display_id -> [outputs array, index]

function pushStream(name, text) {
  if (!outputs) return;
  const last = outputs[outputs.length - 1];
  if (last && last.output_type === "stream" && last.name === name) last.text += text;
  else outputs.push({ output_type: "stream", name, text });
}
// tslab's display API calls this (as the kernel's ZMQ server would)
jupyter.lastWriteDisplayData = (data, update) => {
  const id = data.transient && data.transient.display_id;
  const out = { output_type: "display_data", data: data.data, metadata: data.metadata || {} };
  if (update && id && displayIndex.has(id)) {
    const [arr, i] = displayIndex.get(id);
    arr[i] = out;
    return;
  }
  if (!outputs) return;
  outputs.push(out);
  if (id) displayIndex.set(id, [outputs, outputs.length - 1]);
};

const origOut = process.stdout.write.bind(process.stdout);
const origErr = process.stderr.write.bind(process.stderr);
const capture = (name) => (chunk, enc, cb) => {
  pushStream(name, typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
  if (typeof enc === "function") enc();
  else if (typeof cb === "function") cb();
  return true;
};
const kernelConsole = {
  log: (...a) => pushStream("stdout", util.format(...a) + "\n"),
  error: (...a) => pushStream("stderr", util.format(...a) + "\n"),
};
let node;
const convs = {
  get node() {
    return (node = node || createConverter({ isJS: false, isBrowser: false }));
  },
  get browser() {
    throw new Error("browser cells are not supported by the in-process runner");
  },
  close() {
    if (node) node.close();
  },
};
const executor = createExecutor(root, convs, kernelConsole);

function source(cell) {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}
function save() {
  fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify(nb, null, 1) + "\n");
}

(async () => {
  const code = nb.cells.map((c, i) => [c, i]).filter(([c]) => c.cell_type === "code");
  let n = 0;
  for (const [cell, index] of code) {
    n++;
    cell.outputs = [];
    outputs = cell.outputs;
    const t0 = Date.now();
    origErr(`  cell ${n}/${code.length} (notebook cell ${index + 1}) …`);
    process.stdout.write = capture("stdout");
    process.stderr.write = capture("stderr");
    let ok;
    try {
      ok = await executor.execute(source(cell));
    } catch (e) {
      kernelConsole.error(e && e.stack ? e.stack : String(e));
      ok = false;
    } finally {
      process.stdout.write = origOut;
      process.stderr.write = origErr;
    }
    cell.execution_count = n;
    origErr(` ${ok ? "ok" : "FAILED"} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    if (!ok) {
      const err = cell.outputs.filter((o) => o.name === "stderr").map((o) => o.text).join("") || "cell failed";
      save();
      origOut(JSON.stringify({ failedCell: index + 1, codeCell: n, error: err.slice(0, 4000) }) + "\n");
      executor.close();
      convs.close();
      process.exit(1);
    }
  }
  outputs = null;
  save();
  executor.close();
  convs.close();
  process.exit(0);
})();
