"use strict";
// The NCD compute kernel, in plain CommonJS so that worker threads can load it in any context
// (vitest, the tslab kernel, tsx, plain node) without a TypeScript loader. Node built-ins only.
// Typed and documented for the library in ncd-kernel.ts; see pairwise.ts for how it is used.

const zlib = require("node:zlib");

const Z_FINISH = zlib.constants.Z_FINISH;
/** Bytes each container adds around the raw deflate stream (gzip: 10-byte header + 8-byte trailer; zlib: 2 + 4). */
const CONTAINER_OVERHEAD = { deflate: 0, zlib: 6, gzip: 18 };

// Node's handle API (writeSync/reset on `_handle`) is internal; if a future Node lacks it we fall
// back to the public zlib.deflateRawSync (same bytes, slower).
const fallback = (() => {
  const s = zlib.createDeflateRaw();
  const ok = !!s._handle && typeof s._handle.writeSync === "function" && typeof s._handle.reset === "function" && !!s._writeState;
  s.close();
  return !ok;
})();

function checkSpec(spec) {
  const name = spec && spec.name;
  if (!Object.prototype.hasOwnProperty.call(CONTAINER_OVERHEAD, name)) {
    throw new Error(`Unknown compressor "${name}": use one of ${Object.keys(CONTAINER_OVERHEAD).join(", ")}.`);
  }
  const level = spec.level;
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new Error(`Compressor level must be an integer 0..9, got ${level}.`);
  }
}

/**
 * A compressed-length function backed by one reused node:zlib raw-deflate handle (no allocation
 * per call; the output goes to a reused buffer). Node's zlib (Chromium's fork) reads a few bytes
 * past the end of the input in its window when hashing, so a handle that earlier held a longer
 * input could give a different (not wrong, but different) stream. To stay byte-identical to a
 * fresh `zlib.deflateRawSync`, the handle is recreated whenever an input is shorter than the
 * longest one it has seen; callers that feed inputs in non-decreasing length reuse it throughout.
 */
function createLengthEngine(spec) {
  checkSpec(spec);
  const overhead = CONTAINER_OVERHEAD[spec.name];
  let stream = null;
  let handle = null;
  let state = null;
  let highWater = 0;
  let out = Buffer.allocUnsafe(1 << 16);
  let calls = 0;
  let recreated = 0;
  const open = () => {
    if (stream) stream.close();
    stream = zlib.createDeflateRaw({ level: spec.level });
    handle = stream._handle;
    state = stream._writeState;
    highWater = 0;
    recreated++;
  };
  return {
    /** Compressed length of `buf[0..len)` in bytes, container included. */
    length(buf, len) {
      calls++;
      if (len === undefined) len = buf.length;
      if (fallback) return zlib.deflateRawSync(buf.subarray(0, len), { level: spec.level }).length + overhead;
      if (!stream || len < highWater) open();
      if (len > highWater) highWater = len;
      const need = len + (len >> 3) + 1024;
      if (out.length < need) out = Buffer.allocUnsafe(need * 2);
      handle.writeSync(Z_FINISH, buf, 0, len, out, 0, out.length);
      const availOut = state[0];
      const availIn = state[1];
      handle.reset();
      if (availIn !== 0 || availOut === 0) {
        // output buffer too small (cannot happen with the bound above): do it the plain way
        open();
        return zlib.deflateRawSync(buf.subarray(0, len), { level: spec.level }).length + overhead;
      }
      return out.length - availOut + overhead;
    },
    stats() {
      return { calls, handles: recreated };
    },
    close() {
      if (stream) stream.close();
      stream = null;
    },
  };
}

/** Indices 0..n-1 sorted by `lens` ascending (ties by index). */
function orderByLength(lens) {
  const idx = new Int32Array(lens.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  return idx.sort((a, b) => lens[a] - lens[b] || a - b);
}

/**
 * NCD of one test item `x` against every train item, written into `out` (train order).
 * `scratch` holds x + " " + y; train items are visited by increasing byte length so the engine's
 * handle is reused. Returns the number of compressions done (one per train item).
 */
function ncdRow(engine, x, cx, train, trainC, order, out, scratchRef) {
  const xl = x.length;
  let maxLen = 0;
  for (let j = 0; j < train.length; j++) if (train[j].length > maxLen) maxLen = train[j].length;
  if (!scratchRef.buf || scratchRef.buf.length < xl + 1 + maxLen) scratchRef.buf = Buffer.allocUnsafe((xl + 1 + maxLen) * 2);
  const s = scratchRef.buf;
  s.set(x, 0);
  s[xl] = 32; // " ", the paper's separator
  for (let o = 0; o < order.length; o++) {
    const j = order[o];
    const y = train[j];
    s.set(y, xl + 1);
    const cxy = engine.length(s, xl + 1 + y.length);
    const cy = trainC[j];
    out[j] = (cxy - Math.min(cx, cy)) / Math.max(cx, cy);
  }
  return order.length;
}

/** The `k` smallest entries of `dist` as [indices, distances], sorted by distance then index. */
function topK(dist, k) {
  const n = dist.length;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => dist[a] - dist[b] || a - b);
  const m = Math.min(k, n);
  const ri = idx.slice(0, m);
  const rd = new Float64Array(m);
  for (let i = 0; i < m; i++) rd[i] = dist[ri[i]];
  return [ri, rd];
}

/**
 * Prefix-reuse variant (approximate): x + " " is set once per test row as a preset deflate
 * dictionary and only y is compressed per pair: C(x + " " + y) ≈ C(x) + C(y | x + " "). This is
 * Node's nearest equivalent of copying the compressor state after x (zlib's deflateCopy, which
 * node:zlib does not expose). The handle is reset per pair (reset re-applies the dictionary) and
 * train items are visited by increasing length, so results equal a fresh handle per pair.
 */
function ncdRowPrefix(spec, x, cx, train, trainC, order, out) {
  const dict = Buffer.allocUnsafe(x.length + 1);
  dict.set(x, 0);
  dict[x.length] = 32;
  const stream = zlib.createDeflateRaw({ level: spec.level, dictionary: dict });
  const handle = stream._handle;
  const state = stream._writeState;
  let maxLen = 0;
  for (let j = 0; j < train.length; j++) if (train[j].length > maxLen) maxLen = train[j].length;
  const outBuf = Buffer.allocUnsafe(maxLen + (maxLen >> 3) + 1024);
  for (let o = 0; o < order.length; o++) {
    const j = order[o];
    const y = train[j];
    handle.writeSync(Z_FINISH, y, 0, y.length, outBuf, 0, outBuf.length);
    const cxy = cx + outBuf.length - state[0];
    handle.reset();
    const cy = trainC[j];
    out[j] = (cxy - Math.min(cx, cy)) / Math.max(cx, cy);
  }
  stream.close();
  return order.length;
}

function candidateOrder(cands, train) {
  const idx = Int32Array.from(cands);
  return idx.sort((a, b) => train[a].length - train[b].length || a - b);
}

/** The `k` nearest among the given train indices, sorted by distance then index. */
function topKOf(dist, cands, k) {
  const idx = Int32Array.from(cands).sort((a, b) => dist[a] - dist[b] || a - b);
  const m = Math.min(k, idx.length);
  const ri = idx.slice(0, m);
  const rd = new Float64Array(m);
  for (let i = 0; i < m; i++) rd[i] = dist[ri[i]];
  return [ri, rd];
}

function toBytes(t) {
  return typeof t === "string" ? Buffer.from(t, "utf8") : Buffer.from(t.buffer, t.byteOffset, t.byteLength);
}

/**
 * Processes test rows against a train set: the shared loop of workers and of the in-process path.
 * `rows`: [{ i, text, cx }], returns [{ i, indices, distances }] (top `k`; all when k >= train size).
 */
function createRowProcessor(spec, trainTexts, trainC, k) {
  checkSpec(spec);
  const train = trainTexts.map(toBytes);
  const trainCArr = Float64Array.from(trainC);
  const order = orderByLength(train.map((b) => b.length));
  const engine = createLengthEngine(spec);
  const scratchRef = { buf: null };
  const dist = new Float64Array(train.length);
  let compressions = 0;
  return {
    process(rows) {
      const results = [];
      for (const r of rows) {
        // optional candidate subset (retrieve + re-rank): only those train items, by increasing length
        const ord = r.candidates ? candidateOrder(r.candidates, train) : order;
        compressions += spec.prefix
          ? ncdRowPrefix(spec, toBytes(r.text), r.cx, train, trainCArr, ord, dist)
          : ncdRow(engine, toBytes(r.text), r.cx, train, trainCArr, ord, dist, scratchRef);
        const [indices, distances] = r.candidates ? topKOf(dist, ord, k) : topK(dist, k);
        results.push({ i: r.i, indices, distances });
      }
      return results;
    },
    compressions() {
      return compressions;
    },
    close() {
      engine.close();
    },
  };
}

module.exports = { CONTAINER_OVERHEAD, checkSpec, createLengthEngine, orderByLength, ncdRow, ncdRowPrefix, topK, createRowProcessor };
