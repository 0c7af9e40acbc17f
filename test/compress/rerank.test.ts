import { describe, it, expect, beforeAll } from "vitest";
import * as zlib from "node:zlib";
import { pairwiseNcd, rerankNcd, runGzipKnn, compressedLengths } from "../../lib/compress";
import { createTfidfRetriever } from "../../lib/text";
import { loadTextSplit, type LabelledText } from "../../lib/data";

let train: LabelledText[] = [];
let test: LabelledText[] = [];
beforeAll(async () => {
  train = (await loadTextSplit("r8", "train")).slice(0, 150);
  test = (await loadTextSplit("r8", "test")).slice(0, 8);
});

const gz = (s: string | Buffer, level = 9): number => zlib.gzipSync(typeof s === "string" ? Buffer.from(s) : s, { level }).length;

describe("prefix reuse (preset dictionary)", () => {
  it("equals C(x) + raw deflate of y with dictionary x + ' ', computed fresh per pair", async () => {
    const tr = train.map((r) => r.text);
    const te = test.map((r) => r.text);
    const res = await pairwiseNcd(te, tr, { prefix: true, compressor: "gzip", level: 9, topK: Infinity, workers: 0 });
    te.forEach((x, i) => {
      const cx = gz(x);
      const nb = res.neighbours[i]!;
      for (let q = 0; q < nb.indices.length; q += 7) {
        const j = nb.indices[q]!;
        const cy = gz(tr[j]!);
        const cyx = zlib.deflateRawSync(Buffer.from(tr[j]!), { level: 9, dictionary: Buffer.from(x + " ") }).length;
        expect(nb.distances[q]).toBe((cx + cyx - Math.min(cx, cy)) / Math.max(cx, cy));
      }
    });
  });
});

describe("retrieve + re-rank", () => {
  it("pairwiseNcd with candidates equals the exact NCD order restricted to them", async () => {
    const tr = train.map((r) => r.text);
    const te = test.map((r) => r.text);
    const full = await pairwiseNcd(te, tr, { topK: Infinity, workers: 0 });
    const cands = (i: number): number[] => Array.from({ length: 30 }, (_, q) => (i * 17 + q * 5) % tr.length);
    const sub = await pairwiseNcd(te, tr, { topK: 10, workers: 2, candidates: cands });
    expect(sub.pairs).toBe(30 * te.length);
    te.forEach((_, i) => {
      const allowed = new Set(cands(i));
      const f = full.neighbours[i]!;
      const expected = [...f.indices].filter((j) => allowed.has(j)).slice(0, 10);
      expect([...sub.neighbours[i]!.indices]).toEqual(expected);
    });
  });

  it("rerankNcd re-ranks the retriever's top M by NCD", async () => {
    const tr = train.map((r) => r.text);
    const te = test.map((r) => r.text);
    const r = await rerankNcd(te, tr, { m: 20, topK: 20, workers: 0 });
    expect(r.m).toBe(20);
    expect(r.compressions).toBe(tr.length + te.length + 20 * te.length);
    const retr = createTfidfRetriever(tr, { sublinearTf: true }); // the documented default: sublinear tf
    const trainC = compressedLengths(tr);
    te.forEach((x, i) => {
      const cand = retr.search(x, 20).map((h) => h.index);
      const cx = gz(x);
      const d = new Map(cand.map((j) => [j, (gz(x + " " + tr[j]!) - Math.min(cx, trainC[j]!)) / Math.max(cx, trainC[j]!)]));
      const expected = [...cand].sort((a, b) => d.get(a)! - d.get(b)! || a - b);
      expect([...r.neighbours[i]!.indices]).toEqual(expected);
    });
  });

  it("the job accepts rerank and reports M and the smaller compression count", async () => {
    const res = await runGzipKnn({ dataset: "r8", train, test, rerank: 25, ks: [1, 2], checkpointDir: null, progress: false, workers: 0 });
    expect(res.rerankM).toBe(25);
    expect(res.compressionsTotal).toBe(150 + 8 + 25 * 8);
    expect(res.compressionsThisRun).toBe(150 + 8 + 25 * 8);
    expect(res.accuracy!.k1!["1"]).toBeGreaterThan(0.5);
    await expect(runGzipKnn({ dataset: "r8", train, test, rerank: 0.5, checkpointDir: null, progress: false })).rejects.toThrow(/rerank/);
  });
});
