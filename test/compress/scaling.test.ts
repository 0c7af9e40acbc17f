import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import * as os from "node:os";
import { projectShardedRun } from "../../lib/compress/index";
import { repoRoot } from "../../lib/data/index";
import { readResult, GZIP_KNN_SCALING } from "../../lib/results/index";

describe("projectShardedRun", () => {
  it("start-up + the largest shard at the measured rate + merge, by hand", () => {
    // 1.2e9 pairs at 40,000 per CPU second: 30,000 s on one machine; + 10 s start-up + 20 s merge
    const rows = projectShardedRun({ pairs: 1.2e9, pairsPerCpuSecond: 40_000, startupSeconds: 10, mergeSeconds: 20, imbalance: 1.1, machines: [1, 4, 100] });
    expect(rows[0]).toEqual({ machines: 1, wallSeconds: 30_030, speedup: 1, efficiency: 1 });
    // 4 machines: 10 + 1.1 × 7,500 + 20 = 8,280 s
    expect(rows[1]!.wallSeconds).toBeCloseTo(8280, 9);
    expect(rows[1]!.speedup).toBeCloseTo(30_030 / 8280, 12);
    expect(rows[1]!.efficiency).toBeCloseTo(30_030 / 8280 / 4, 12);
    // 100 machines: start-up and merge weigh more: 10 + 330 + 20 = 360 s, efficiency 83%
    expect(rows[2]!.wallSeconds).toBeCloseTo(360, 9);
    expect(rows[2]!.efficiency).toBeCloseTo(30_030 / 360 / 100, 12);
  });

  it("refuses inputs that are not measurements", () => {
    expect(() => projectShardedRun({ pairs: 1, pairsPerCpuSecond: 0, startupSeconds: 0, mergeSeconds: 0 })).toThrow(/pairsPerCpuSecond must be > 0/);
    expect(() => projectShardedRun({ pairs: 1, pairsPerCpuSecond: 1, startupSeconds: -1, mergeSeconds: 0 })).toThrow(/startupSeconds must be a finite number ≥ 0/);
    expect(() => projectShardedRun({ pairs: 1, pairsPerCpuSecond: 1, startupSeconds: 0, mergeSeconds: 0, imbalance: 0.9 })).toThrow(/imbalance .* ≥ 1/);
    expect(() => projectShardedRun({ pairs: 1, pairsPerCpuSecond: 1, startupSeconds: 0, mergeSeconds: 0, machines: [0] })).toThrow(/positive integers/);
  });
});

describe("results/gzip-knn-scaling.json", () => {
  const file = path.join(repoRoot(), "results", "gzip-knn-scaling.json");
  it("parses with its schema, says the results were identical and lists its assumptions", () => {
    const r = readResult(GZIP_KNN_SCALING, "gzip-knn-scaling.json");
    expect(r.identicalResults).toBe(true);
    expect(r.one.shards).toBe(1);
    expect(r.two.shards).toBe(2);
    expect(r.one.wallSeconds).toHaveLength(r.repeats);
    expect(r.loadAverage.before).toHaveLength(3);
    expect(r.projection.rows[0]!.machines).toBe(1);
    expect(r.projection.assumptions.length).toBeGreaterThan(3);
  });

  it("a missing file names the command that makes it", () => {
    expect(() => readResult(GZIP_KNN_SCALING, "gzip-knn-scaling.json", { dir: fs.mkdtempSync(path.join(os.tmpdir(), "scaling-")) })).toThrow(/npm run bench:gzip-scaling -- --save/);
    expect(fs.existsSync(file)).toBe(true);
  });
});
