"use strict";
// A length-only deflate-like compressor for NCD, with prefix-state reuse (plain CommonJS, no
// dependencies, so worker threads load it anywhere). Typed and documented in lz-estimate.ts.
//
// It does what deflate does to decide a length, minus writing bits: an LZ77 parse (3-byte hash
// chains, greedy longest match up to 258 bytes, distances up to 32 KiB) and, for the cost, the
// entropy of the literal/length and distance symbol histograms (what an ideal dynamic Huffman
// block would spend) plus deflate's extra bits and a small per-symbol tree cost. Because LZ77
// parses left to right, the state after parsing x (hash chains + histogram) can be kept and
// reused for every y: only " " + y is parsed per pair, never x again.

const HASH_BITS = 15;
const HASH_SIZE = 1 << HASH_BITS;
const MIN_MATCH = 3;
const MAX_MATCH = 258;
const WINDOW = 32768;
const NSYM = 286 + 30; // literal/length codes, then distance codes at 286..315

// deflate's length codes (257..285) and extra bits for lengths 3..258
const LEN_SYM = new Int16Array(MAX_MATCH + 1);
const LEN_EXTRA = new Int8Array(MAX_MATCH + 1);
{
  const base = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
  const extra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
  for (let c = 0; c < base.length; c++) {
    const end = c + 1 < base.length ? base[c + 1] : MAX_MATCH + 1;
    for (let l = base[c]; l < end && l <= MAX_MATCH; l++) {
      LEN_SYM[l] = 257 + c;
      LEN_EXTRA[l] = extra[c];
    }
  }
  LEN_SYM[258] = 285;
  LEN_EXTRA[258] = 0;
}
// distance code of d (1..32768) and its extra bits
function distSym(d) {
  if (d <= 4) return d - 1;
  const b = 31 - Math.clz32(d - 1); // floor(log2(d-1))
  return 2 * b + (((d - 1) >> (b - 1)) & 1);
}
function distExtra(d) {
  return d <= 4 ? 0 : 31 - Math.clz32(d - 1) - 1;
}

// n·log2(n) table for the entropy sums
let NLOGN = new Float64Array(1 << 16);
function ensureNlogn(n) {
  if (n < NLOGN.length) return;
  let size = NLOGN.length;
  while (size <= n) size *= 2;
  NLOGN = new Float64Array(size);
  fillNlogn();
}
function fillNlogn() {
  for (let i = 1; i < NLOGN.length; i++) NLOGN[i] = i * Math.log2(i);
}
fillNlogn();

/** Bits of one block from its histogram state. */
function blockBits(total, sumNlogn, extraBits, distinct) {
  // entropy of the symbols + extra bits + ~5 bits per used symbol to describe the code + 3-bit block header
  return NLOGN[total] - sumNlogn + extraBits + 5 * distinct + 3;
}

// Match search result (module-level to avoid allocating).
let MATCH_LEN = 0;
let MATCH_DIST = 0;

function hash3(buf, p) {
  return Math.imul((buf[p] << 16) | (buf[p + 1] << 8) | buf[p + 2], 0x9e3779b1) >>> (32 - HASH_BITS);
}

/**
 * The parser state: the text in `buf`, hash chains (`prev`, positions + 1, 0 = none), a base hash
 * head table (the reusable prefix state) and an overlay table stamped with a pass id (so a pass
 * never clears or copies the base), a base histogram and an overlay of symbol counts.
 */
function createState(cap) {
  return {
    buf: Buffer.alloc(cap),
    prev: new Int32Array(cap + 1),
    headBase: new Int32Array(HASH_SIZE),
    headOv: new Int32Array(HASH_SIZE),
    stamp: new Int32Array(HASH_SIZE),
    pid: 1,
    histBase: new Int32Array(NSYM),
    histOv: new Int32Array(NSYM),
    touched: new Int32Array(NSYM),
    nTouched: 0,
  };
}

function growState(S, cap, keep) {
  if (S.buf.length >= cap) return;
  const nb = Buffer.alloc(cap * 2);
  nb.set(S.buf.subarray(0, keep));
  const np = new Int32Array(cap * 2 + 1);
  np.set(S.prev.subarray(0, keep));
  S.buf = nb;
  S.prev = np;
}

function insertHash(S, q, end) {
  if (q + MIN_MATCH > end) return;
  const h = hash3(S.buf, q);
  const stamp = S.stamp;
  S.prev[q] = stamp[h] === S.pid ? S.headOv[h] : S.headBase[h];
  S.headOv[h] = q + 1;
  stamp[h] = S.pid;
}

/** Longest match for position p among up to maxChain earlier positions; sets MATCH_LEN/MATCH_DIST. */
function longest(S, p, end, maxChain, nice, prevLen) {
  const buf = S.buf;
  const prev = S.prev;
  let bestLen = prevLen > 0 ? prevLen : MIN_MATCH - 1;
  let bestDist = 0;
  MATCH_LEN = 0;
  MATCH_DIST = 0;
  if (p + MIN_MATCH > end) return;
  const h = hash3(buf, p);
  let c = S.stamp[h] === S.pid ? S.headOv[h] : S.headBase[h];
  let chain = maxChain;
  const lim = Math.min(MAX_MATCH, end - p);
  while (c > 0 && chain-- > 0) {
    const q = c - 1;
    if (p - q > WINDOW) break;
    if (buf[q + bestLen] === buf[p + bestLen] && buf[q] === buf[p] && buf[q + 1] === buf[p + 1]) {
      let l = 2;
      while (l < lim && buf[q + l] === buf[p + l]) l++;
      if (l > bestLen) {
        bestLen = l;
        bestDist = p - q;
        if (l >= nice || l >= lim) break;
      }
    }
    c = prev[q];
  }
  if (bestDist > 0 && !(bestLen === MIN_MATCH && bestDist > 4096)) {
    MATCH_LEN = bestLen;
    MATCH_DIST = bestDist;
  }
}

function addSym(S, s) {
  if (S.histOv[s]++ === 0) S.touched[S.nTouched++] = s;
}

/**
 * Parses S.buf[from..end) with zlib's lazy evaluation (deflate_slow: a match is taken only when
 * the next position does not start a longer one), adding symbols to the overlay histogram.
 * Positions before `from` are visible through the hash tables. Returns the extra bits.
 */
function parse(S, from, end, maxChain, nice) {
  const buf = S.buf;
  let extra = 0;
  let p = from;
  let prevLen = 0;
  let prevDist = 0;
  let pending = false; // a literal at p - 1 not yet emitted
  while (p < end) {
    longest(S, p, end, maxChain, nice, 0);
    insertHash(S, p, end);
    const curLen = MATCH_LEN;
    const curDist = MATCH_DIST;
    if (prevLen >= MIN_MATCH && curLen <= prevLen) {
      // emit the match found at p - 1
      addSym(S, LEN_SYM[prevLen]);
      addSym(S, 286 + distSym(prevDist));
      extra += LEN_EXTRA[prevLen] + distExtra(prevDist);
      const stop = p - 1 + prevLen;
      for (let q = p + 1; q < stop; q++) insertHash(S, q, end);
      p = stop;
      prevLen = 0;
      pending = false;
      continue;
    }
    if (pending) addSym(S, buf[p - 1]);
    pending = true;
    prevLen = curLen;
    prevDist = curDist;
    p++;
  }
  if (pending) addSym(S, buf[p - 1]);
  return extra;
}

/** Sums the block cost of base + overlay counts and clears the overlay. */
function settle(S, extraBits, base) {
  let total = base.total;
  let sum = base.sum;
  let distinct = base.distinct;
  const hb = S.histBase;
  const ho = S.histOv;
  const tch = S.touched;
  for (let t = 0; t < S.nTouched; t++) {
    const s = tch[t];
    const fb = hb[s];
    const f = fb + ho[s];
    total += ho[s];
    sum += NLOGN[f] - NLOGN[fb];
    if (fb === 0) distinct++;
    ho[s] = 0;
  }
  S.nTouched = 0;
  return blockBits(total, sum, extraBits + base.extra, distinct);
}

const EMPTY_BASE = { total: 1, sum: 0, distinct: 1, extra: 0 }; // the end-of-block symbol

/** Options: maxChain (hash-chain candidates tried, default 32), nice (stop at a match this long, default 258). */
function createLz(options) {
  const maxChain = (options && options.maxChain) || 32;
  const nice = (options && options.nice) || 258;
  const solo = createState(4096);

  /** Cost in bits of one text parsed alone (C(x) and C(y)). */
  function costBits(bytes) {
    const n = bytes.length;
    ensureNlogn(n + 2);
    growState(solo, n + 8, 0);
    solo.buf.set(bytes, 0);
    solo.headBase.fill(0);
    solo.histBase.fill(0);
    solo.histBase[256] = 1;
    solo.pid++;
    const extra = parse(solo, 0, n, maxChain, nice);
    return settle(solo, extra, EMPTY_BASE);
  }

  /**
   * The prefix state of x: hash chains and histogram after parsing x alone, reused for every y.
   * Returns `cost(yBytes)`: the bits of x + " " + y, parsing only " " + y.
   */
  function prefix(xBytes, maxYLen) {
    const xl = xBytes.length;
    const S = createState(xl + 2 + (maxYLen || 1024));
    S.buf.set(xBytes, 0);
    S.buf[xl] = 32;
    // parse x alone; its last two hash positions need bytes after x, so they are inserted per pair
    const extraX = parse(S, 0, xl, maxChain, nice);
    for (let h = 0; h < HASH_SIZE; h++) if (S.stamp[h] === S.pid) S.headBase[h] = S.headOv[h];
    S.histBase[256] = 1;
    for (let t = 0; t < S.nTouched; t++) {
      const s = S.touched[t];
      S.histBase[s] += S.histOv[s];
      S.histOv[s] = 0;
    }
    S.nTouched = 0;
    const base = { total: 0, sum: 0, distinct: 0, extra: extraX };
    for (let s = 0; s < NSYM; s++) {
      const f = S.histBase[s];
      if (f > 0) {
        base.total += f;
        base.sum += NLOGN[f];
        base.distinct++;
      }
    }
    const from = xl;
    return function cost(yBytes) {
      const end = xl + 1 + yBytes.length;
      growState(S, end + 8, xl + 1);
      ensureNlogn(end + 2);
      S.buf.set(yBytes, xl + 1);
      S.pid++;
      for (let q = Math.max(0, xl - 2); q < xl; q++) insertHash(S, q, end);
      const extra = parse(S, from, end, maxChain, nice);
      return settle(S, extra, base);
    };
  }
  return { costBits, prefix };
}

function toBytes(t) {
  return typeof t === "string" ? Buffer.from(t, "utf8") : Buffer.from(t.buffer, t.byteOffset, t.byteLength);
}

/** Same contract as ncd-kernel's createRowProcessor, with the estimator instead of zlib. */
function createLzRowProcessor(options, trainTexts, trainC, k) {
  const lz = createLz(options);
  const train = trainTexts.map(toBytes);
  let maxLen = 0;
  for (const b of train) if (b.length > maxLen) maxLen = b.length;
  const dist = new Float64Array(train.length);
  let compressions = 0;
  return {
    process(rows) {
      const results = [];
      for (const r of rows) {
        const cost = lz.prefix(toBytes(r.text), maxLen);
        const cx = r.cx;
        for (let j = 0; j < train.length; j++) {
          const cy = trainC[j];
          dist[j] = (cost(train[j]) - Math.min(cx, cy)) / Math.max(cx, cy);
        }
        compressions += train.length;
        const n = dist.length;
        const idx = new Int32Array(n);
        for (let i = 0; i < n; i++) idx[i] = i;
        idx.sort((a, b) => dist[a] - dist[b] || a - b);
        const m = Math.min(k, n);
        const indices = idx.slice(0, m);
        const distances = new Float64Array(m);
        for (let i = 0; i < m; i++) distances[i] = dist[indices[i]];
        results.push({ i: r.i, indices, distances });
      }
      return results;
    },
    compressions() {
      return compressions;
    },
    close() {},
  };
}

module.exports = { createLz, createLzRowProcessor };
