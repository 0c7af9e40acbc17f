import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runGzipKnn, mergeGzipKnnShards, splitByWeight, parseShardSpec, gzipKnnShardRows, type GzipKnnResult } from "../../lib/compress/index";
import { loadTextSplit } from "../../lib/data/index";

// R8 with a test limit: one unsharded run against 3 shards merged (and 1 shard merged), through the
// same library functions `npm run gzip-knn` (and its merge subcommand) use.
const SETTINGS = { dataset: "r8", trainLimit: 300, testLimit: 31, progress: false, workers: 1, ks: [1, 2, 3] } as const;
/** Fields that describe one run's cost or provenance, not the job's outcome. */
const TIMING = ["rowsThisRun", "rowsResumed", "compressionsThisRun", "pairsPerSecond", "pairsPerSecondPerCore", "workers", "wallSeconds", "cpuSeconds", "pairsPerCpuSecond", "checkpoint", "mergedShards", "machine"];
const outcome = (r: GzipKnnResult): Record<string, unknown> => Object.fromEntries(Object.entries(r).filter(([k]) => !TIMING.includes(k)));

let dir = "";
let whole: GzipKnnResult;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gzip-knn-shards-"));
  whole = await runGzipKnn({ ...SETTINGS, checkpointDir: path.join(dir, "whole") });
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("splitting test rows into shards", () => {
  it("splitByWeight is the longest-processing-time rule, deterministic", () => {
    // 5 → shard 0; 3 → shard 1; 1 (index 1) → shard 1 (load 3 < 5); 1 (index 2) → shard 1 (4 < 5)
    expect(splitByWeight([5, 1, 1, 3], 2)).toEqual([[0], [1, 2, 3]]);
    expect(splitByWeight([2, 2, 2, 2], 3)).toEqual([[0, 3], [1], [2]]);
    expect(splitByWeight([1, 2], 4)).toEqual([[1], [0], [], []]);
    expect(() => splitByWeight([1, -1], 2)).toThrow(/weights must be finite/);
  });

  it("parseShardSpec reads 0-based I/N and explains bad input", () => {
    expect(parseShardSpec("2/3")).toEqual({ index: 2, count: 3 });
    expect(() => parseShardSpec("3/3")).toThrow(/not in 0\.\.2/);
    expect(() => parseShardSpec("1-3")).toThrow(/needs I\/N/);
    expect(() => parseShardSpec("0/0")).toThrow(/positive integer/);
  });

  it("R8's test rows: a partition, balanced by length within one item's weight", async () => {
    const test = (await loadTextSplit("r8", "test")).slice(0, 500).map((r) => r.text);
    const train = (await loadTextSplit("r8", "train")).slice(0, 300).map((r) => r.text);
    const shards = [0, 1, 2, 3].map((index) => gzipKnnShardRows(test, train, { index, count: 4 }));
    expect(shards.flat().sort((a, b) => a - b)).toEqual(test.map((_, i) => i));
    const meanTrain = train.reduce((a, t) => a + Buffer.byteLength(t), 0) / train.length;
    const w = test.map((t) => Buffer.byteLength(t) + meanTrain);
    const loads = shards.map((s) => s.reduce((a, i) => a + w[i]!, 0));
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(Math.max(...w));
    // the same call gives the same split
    expect(gzipKnnShardRows(test, train, { index: 1, count: 4 })).toEqual(shards[1]);
  });
});

describe("3 shards merged = 1 unsharded run (R8, 31 test × 300 train)", () => {
  it("gives identical results apart from timing fields", async () => {
    const shardDir = path.join(dir, "three");
    const parts = [];
    for (let index = 0; index < 3; index++) parts.push(await runGzipKnn({ ...SETTINGS, shard: { index, count: 3 }, checkpointDir: shardDir }));
    expect(parts.map((p) => p.shard!.rows).reduce((a, b) => a + b, 0)).toBe(31);
    for (const p of parts) {
      expect(p.complete).toBe(true);
      expect(p.accuracy).toBeNull();
    }
    const merged = await mergeGzipKnnShards({ ...SETTINGS, shards: 3, dir: shardDir });
    expect(whole.complete).toBe(true);
    expect(outcome(merged)).toEqual(outcome(whole));
    expect(merged.mergedShards!.map((t) => t.pairs)).toEqual(parts.map((p) => p.shard!.rows * 300));
    // the neighbour lists themselves are the unsharded run's
    const rows = (f: string): Map<number, number[]> =>
      new Map(fs.readFileSync(f, "utf8").trim().split("\n").slice(1).map((l) => JSON.parse(l) as { i: number; n: number[] }).map((r) => [r.i, r.n]));
    const all = rows(whole.checkpoint!);
    for (const p of parts) for (const [i, n] of rows(p.checkpoint!)) expect(n).toEqual(all.get(i));
  });

  it("one shard merged equals the unsharded run too", async () => {
    const d = path.join(dir, "one");
    await runGzipKnn({ ...SETTINGS, shard: { index: 0, count: 1 }, checkpointDir: d });
    expect(outcome(await mergeGzipKnnShards({ ...SETTINGS, shards: 1, dir: d }))).toEqual(outcome(whole));
  });

  it("refuses missing, incomplete, mismatched and tampered shards, naming them", async () => {
    const d = path.join(dir, "bad");
    await runGzipKnn({ ...SETTINGS, shard: { index: 0, count: 3 }, checkpointDir: d });
    const s1 = await runGzipKnn({ ...SETTINGS, shard: { index: 1, count: 3 }, checkpointDir: d, maxRows: 4 });
    expect(s1.complete).toBe(false);
    await runGzipKnn({ ...SETTINGS, level: 6, shard: { index: 2, count: 3 }, checkpointDir: d });
    const err = await mergeGzipKnnShards({ ...SETTINGS, shards: 3, dir: d }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const msg = (err as Error).message;
    expect(msg).not.toMatch(/shard 0\/3/);
    expect(msg).toMatch(/shard 1\/3: 4 of \d+ rows done; run it again with --shard 1\/3/);
    expect(msg).toMatch(/shard 2\/3: no shard file with these settings; \S+shard2of3\.jsonl differs \(level: found 6, expected 9\)/);
    await expect(mergeGzipKnnShards({ ...SETTINGS, shards: 2, dir: d })).rejects.toThrow(/shard 0\/2: found only shard files of a 3-shard split/);
    // finish shard 1, run shard 2 with the right settings, then tamper with a row of shard 0
    await runGzipKnn({ ...SETTINGS, shard: { index: 1, count: 3 }, checkpointDir: d });
    const s2 = await runGzipKnn({ ...SETTINGS, shard: { index: 2, count: 3 }, checkpointDir: d });
    const f0 = path.join(d, path.basename(s2.checkpoint!).replace("shard2of3", "shard0of3"));
    const lines = fs.readFileSync(f0, "utf8").split("\n");
    lines[1] = lines[1]!.replace(/"n":\[(\d+)/, (_, j: string) => `"n":[${(Number(j) + 1) % 300}`);
    fs.writeFileSync(f0, lines.join("\n"));
    await expect(mergeGzipKnnShards({ ...SETTINGS, shards: 3, dir: d })).rejects.toThrow(/shard 0\/3: \d+ of \d+ rows done \(1 line\(s\) failed validation, e\.g\. line 2: row \d+: (checksum does not match|neighbour \d+ is listed twice)/);
    // running shard 0 again recomputes the bad row; then the merge equals the unsharded run
    const again = await runGzipKnn({ ...SETTINGS, shard: { index: 0, count: 3 }, checkpointDir: d });
    expect(again.rowsThisRun).toBe(1);
    expect(outcome(await mergeGzipKnnShards({ ...SETTINGS, shards: 3, dir: d }))).toEqual(outcome(whole));
  });
});

describe("hostile checkpoints (issue 15, defect 15)", () => {
  it("invalid rows are recomputed and reported; the job completes with the correct accuracy", async () => {
    const d = path.join(dir, "hostile");
    const first = await runGzipKnn({ ...SETTINGS, checkpointDir: d });
    const file = first.checkpoint!;
    const [head, ...rows] = fs.readFileSync(file, "utf8").trim().split("\n");
    const parsed = rows.map((l) => JSON.parse(l) as { i: number; n: unknown[]; d: unknown[]; c: string });
    const byI = (i: number): { i: number; n: unknown[]; d: unknown[]; c: string } => parsed.find((r) => r.i === i)!;
    byI(0).n = []; // an empty neighbour list (crashed with "raise topK")
    byI(0).d = [];
    byI(1).n[0] = 999999; // a neighbour that is no train index
    byI(2).n[3] = "abc"; // not a number
    byI(3).d[5] = 0.5; // a changed distance: only the checksum tells
    const extra = { ...byI(4), i: 31 }; // a row index past the test set ("32/31 done", never complete)
    const lines = [head!, ...parsed.map((r) => JSON.stringify(r)), JSON.stringify(extra)];
    fs.writeFileSync(file, lines.join("\n") + "\n");
    const again = await runGzipKnn({ ...SETTINGS, checkpointDir: d });
    expect(again.complete).toBe(true);
    expect(again.rowsThisRun).toBe(4);
    expect(again.rowsResumed).toBe(27);
    expect(again.accuracy).toEqual(whole.accuracy);
    const reasons = again.checkpointRejected.map((r) => r.reason);
    expect(reasons).toHaveLength(5);
    expect(reasons.some((r) => /row 0: 0 neighbours and 0 distances, expected 100/.test(r))).toBe(true);
    expect(reasons.some((r) => /row 1: neighbour 999999 is not a train index/.test(r))).toBe(true);
    expect(reasons.some((r) => /row 2: neighbour "abc" is not a train index/.test(r))).toBe(true);
    expect(reasons.some((r) => /row 3: (checksum does not match|distances are not in ascending order)/.test(r))).toBe(true);
    expect(reasons.some((r) => /row index 31 is not a test index \(0\.\.30\)/.test(r))).toBe(true);
    // the rewritten checkpoint holds only valid rows: a third run computes nothing
    const third = await runGzipKnn({ ...SETTINGS, checkpointDir: d });
    expect(third.rowsThisRun).toBe(0);
    expect(third.checkpointRejected).toEqual([]);
    expect(third.accuracy).toEqual(whole.accuracy);
  });
});
