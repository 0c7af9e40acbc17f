import { describe, it, expect, beforeAll } from "vitest";
import * as zlib from "node:zlib";
import {
  createCompressor,
  resolveCompressorSpec,
  ncd,
  ncdFromLengths,
  compressedLengths,
  ncdMatrix,
  pairwiseNcd,
  bitsPerCharacter,
  bitsPerCharacterByClass,
} from "../../lib/compress";
import { loadTextSplit, createRng, type LabelledText } from "../../lib/data";

let train: LabelledText[] = [];
beforeAll(async () => {
  train = (await loadTextSplit("r8", "train")).slice(0, 400);
});

const bytes = (s: string): Buffer => Buffer.from(s, "utf8");

describe("compressed lengths", () => {
  it("node engine equals a fresh node:zlib call, in any order (handle reuse is exact)", () => {
    const rng = createRng(3);
    for (const level of [1, 6, 9]) {
      const gz = createCompressor({ name: "gzip", level });
      const raw = createCompressor({ name: "deflate", level });
      const zl = createCompressor({ name: "zlib", level });
      // random order and random concatenations, so inputs shrink and grow between calls
      for (let t = 0; t < 150; t++) {
        const x = train[rng.int(train.length)]!.text;
        const y = train[rng.int(train.length)]!.text;
        const s = rng.next() < 0.5 ? x : x + " " + y;
        expect(gz.compressedLength(s)).toBe(zlib.gzipSync(bytes(s), { level }).length);
        expect(raw.compressedLength(s)).toBe(zlib.deflateRawSync(bytes(s), { level }).length);
        expect(zl.compressedLength(s)).toBe(zlib.deflateSync(bytes(s), { level }).length);
      }
    }
  });

  it("gzip = raw deflate + 18 bytes and zlib = raw deflate + 6, for node:zlib and fflate", () => {
    for (const engine of ["node", "fflate"] as const) {
      for (const level of [0, 1, 6, 9]) {
        const raw = createCompressor({ name: "deflate", level, engine });
        const gz = createCompressor({ name: "gzip", level, engine });
        const zl = createCompressor({ name: "zlib", level, engine });
        for (const r of train.slice(0, 60)) {
          const n = raw.compressedLength(r.text);
          expect(gz.compressedLength(r.text)).toBe(n + 18);
          expect(zl.compressedLength(r.text)).toBe(n + 6);
          expect(gz.compress(r.text).length).toBe(n + 18);
        }
      }
    }
  });

  it("fflate and node:zlib give identical lengths where the formats force it (level 0, stored blocks)", () => {
    for (const name of ["deflate", "gzip", "zlib"] as const) {
      const a = createCompressor({ name, level: 0, engine: "node" });
      const b = createCompressor({ name, level: 0, engine: "fflate" });
      for (const r of train.slice(0, 60)) {
        expect(b.compressedLength(r.text)).toBe(a.compressedLength(r.text));
        // a stored block: 5 bytes of header per block
        expect(createCompressor({ name: "deflate", level: 0 }).compressedLength(r.text)).toBe(bytes(r.text).length + 5);
      }
    }
  });

  it("round-trips and compresses", () => {
    for (const engine of ["node", "fflate"] as const) {
      const gz = createCompressor({ name: "gzip", level: 9, engine });
      const text = train.slice(0, 20).map((r) => r.text).join("\n");
      const c = gz.compress(text);
      expect(zlib.gunzipSync(c).toString("utf8")).toBe(text);
      expect(c.length).toBeLessThan(bytes(text).length / 2);
    }
  });

  it("compressedLengths equals per-text lengths", () => {
    const texts = train.slice(0, 50).map((r) => r.text);
    const l = compressedLengths(texts, "gzip", 9);
    texts.forEach((t, i) => expect(l[i]).toBe(zlib.gzipSync(bytes(t), { level: 9 }).length));
  });

  it("rejects unknown settings with a clear message", () => {
    expect(() => resolveCompressorSpec({ name: "zstd" as never })).toThrow(/Unknown compressor "zstd": use one of gzip, deflate, zlib/);
    expect(() => createCompressor({ level: 11 })).toThrow(/level must be an integer from 0 to 9, got 11/);
    expect(() => createCompressor({ engine: "brotli" as never })).toThrow(/Unknown compressor engine/);
  });
});

describe("NCD on real strings (R8)", () => {
  it("identity is small, symmetry holds approximately, range is [0, ~1]", () => {
    for (const r of train.slice(0, 40)) {
      expect(ncd(r.text, r.text)).toBeLessThan(0.1);
    }
    const rng = createRng(5);
    for (let t = 0; t < 60; t++) {
      const x = train[rng.int(train.length)]!.text;
      const y = train[rng.int(train.length)]!.text;
      const d = ncd(x, y);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(1.1);
      expect(Math.abs(d - ncd(y, x))).toBeLessThan(0.06);
    }
  });

  it("similar texts are closer than dissimilar ones", () => {
    const x = train[0]!.text;
    const edited = x.replace("board", "directors").replace("stock", "share");
    const other = train.find((r) => r.label !== train[0]!.label && r.text.length > x.length)!.text;
    expect(ncd(x, edited)).toBeLessThan(ncd(x, other));
    // on average, a text is nearer to its own class's texts (earn vs acq)
    const earn = train.filter((r) => r.label === "earn").slice(0, 15);
    const acq = train.filter((r) => r.label === "acq").slice(0, 15);
    let same = 0;
    let diff = 0;
    for (let i = 0; i < 10; i++) {
      for (let j = 10; j < 15; j++) {
        same += ncd(earn[i]!.text, earn[j]!.text) + ncd(acq[i]!.text, acq[j]!.text);
        diff += ncd(earn[i]!.text, acq[j]!.text) + ncd(acq[i]!.text, earn[j]!.text);
      }
    }
    expect(same).toBeLessThan(diff);
  });

  it("ncdFromLengths is the paper's formula", () => {
    expect(ncdFromLengths(100, 120, 150)).toBeCloseTo((150 - 100) / 120, 15);
    expect(() => ncdFromLengths(0, 0, 5)).toThrow(/positive/);
  });

  it("ncdMatrix and pairwiseNcd (worker threads) equal per-pair node:zlib from scratch", async () => {
    const test = train.slice(300, 306).map((r) => r.text);
    const tr = train.slice(0, 40).map((r) => r.text);
    const C = (s: string): number => zlib.gzipSync(bytes(s), { level: 9 }).length;
    const brute = test.map((x) => tr.map((y) => (C(x + " " + y) - Math.min(C(x), C(y))) / Math.max(C(x), C(y))));
    const m = ncdMatrix(test, tr);
    brute.forEach((row, i) => row.forEach((d, j) => expect(m[i]![j]).toBe(d)));
    const p = await pairwiseNcd(test, tr, { topK: Infinity, workers: 2 });
    expect(p.workers).toBe(2);
    expect(p.compressions).toBe(40 + 6 + 40 * 6);
    brute.forEach((row, i) => {
      const nb = p.neighbours[i]!;
      expect(nb.indices.length).toBe(40);
      nb.indices.forEach((j, q) => expect(nb.distances[q]).toBe(row[j]!));
      for (let q = 1; q < 40; q++) expect(nb.distances[q]!).toBeGreaterThanOrEqual(nb.distances[q - 1]!);
    });
  });
});

describe("bits per character", () => {
  it("is 8 × compressed bytes / characters", () => {
    const t = train[0]!.text;
    expect(bitsPerCharacter(t, { name: "deflate", level: 9 })).toBeCloseTo((8 * zlib.deflateRawSync(bytes(t), { level: 9 }).length) / t.length, 12);
    // repetitive text compresses to fewer bits per character
    expect(bitsPerCharacter("abc ".repeat(500))).toBeLessThan(0.5);
    expect(() => bitsPerCharacter("")).toThrow(/empty/);
  });

  it("per class: one stream per class, sorted by label", () => {
    const rows = train.slice(0, 100);
    const res = bitsPerCharacterByClass(rows);
    expect(res.map((r) => r.label)).toEqual([...new Set(rows.map((r) => r.label))].sort());
    expect(res.reduce((a, r) => a + r.docs, 0)).toBe(100);
    const earn = res.find((r) => r.label === "earn")!;
    const all = rows.filter((r) => r.label === "earn").map((r) => r.text).join("\n");
    expect(earn.bytes).toBe(zlib.deflateRawSync(bytes(all), { level: 9 }).length);
    expect(earn.bitsPerChar).toBeGreaterThan(1);
    expect(earn.bitsPerChar).toBeLessThan(4);
  });
});
