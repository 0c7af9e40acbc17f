import { describe, expect, it } from "vitest";
import { compareRuns, measureLatency, measureLatencySync, measureSideBySide, medianRatio } from "../../lib/metrics";

// No timing assertions: these tests check counts, invariants and the arithmetic on given samples.
describe("measureLatency", () => {
  it("runs warm-up then the measured calls of a sync function, indices as documented", async () => {
    const seen: number[] = [];
    const r = await measureLatency((i) => void seen.push(i), { warmup: 3, iterations: 7, batchSize: 4 });
    expect(seen).toEqual([-3, -2, -1, 0, 1, 2, 3, 4, 5, 6]);
    expect(r.samples).toHaveLength(7);
    expect(r.warmup).toBe(3);
    expect(r.summary.count).toBe(7);
    expect(r.totalMs).toBeCloseTo(r.samples.reduce((a, b) => a + b, 0), 9);
    expect(r.throughput).toBeCloseTo((4 * 7) / (r.totalMs / 1000), 6);
    expect(r.histogram.counts.reduce((a, b) => a + b, 0) + r.histogram.underflow + r.histogram.overflow).toBe(7);
    expect(r.samples.every((s) => s >= 0)).toBe(true);
  });

  it("awaits async functions inside the timed region", async () => {
    let settled = 0;
    const r = await measureLatency(
      () =>
        new Promise<void>((resolve) =>
          setImmediate(() => {
            settled++;
            resolve();
          }),
        ),
      { warmup: 2, iterations: 5 },
    );
    expect(settled).toBe(7);
    expect(r.samples).toHaveLength(5);
  });

  it("keeps measuring until minTimeMs is reached (capped by maxIterations)", async () => {
    const busy = (): void => {
      const t = process.hrtime.bigint();
      while (process.hrtime.bigint() - t < 200_000n) {
        /* 0.2 ms */
      }
    };
    const r = await measureLatency(busy, { warmup: 0, iterations: 2, minTimeMs: 5 });
    expect(r.samples.length).toBeGreaterThanOrEqual(2);
    expect(r.totalMs).toBeGreaterThanOrEqual(5);
    const capped = measureLatencySync(busy, { warmup: 0, iterations: 2, minTimeMs: 1e9, maxIterations: 4 });
    expect(capped.samples).toHaveLength(4);
  });

  it("sync form refuses async functions with a hint", () => {
    expect(() => measureLatencySync(async () => 1, { warmup: 0 })).toThrow(/measureLatency/);
    expect(() => measureLatencySync(() => 1, { iterations: 0 })).toThrow(/at least 1/);
  });
});

describe("compareRuns and medianRatio", () => {
  const a = [10, 11, 12, 13, 14]; // median 12, p25 11, p75 13
  const b = [20, 22, 24, 26, 28]; // median 24, p25 22, p75 26
  it("ratio of medians with the quartile band", () => {
    const r = medianRatio(b, a);
    expect(r.ratio).toBe(2);
    expect(r.low).toBeCloseTo(22 / 13, 12);
    expect(r.high).toBeCloseTo(26 / 11, 12);
  });
  it("rows and text side by side", () => {
    const c = compareRuns({ fast: a, slow: b }, { baseline: "fast" });
    expect(c.baseline).toBe("fast");
    expect(c.rows.map((r) => [r.name, r.n, r.median, r.iqr])).toEqual([
      ["fast", 5, 12, 2],
      ["slow", 5, 24, 4],
    ]);
    expect(c.rows[1]!.ratio.ratio).toBe(2);
    const lines = c.text.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/median ms.*IQR ms.*p99 ms.*× fast/);
    expect(lines[2]).toMatch(/^slow .*24\.0 .*22\.0–26\.0 .*2\.00 \[1\.69–2\.36\]/);
    expect(() => compareRuns({ a }, { baseline: "zzz" })).toThrow(/not one of the runs/);
  });
  it("measureSideBySide interleaves rounds and returns one result per function", async () => {
    const order: string[] = [];
    const res = await measureSideBySide(
      { x: () => void order.push("x"), y: () => void order.push("y") },
      { warmup: 1, iterations: 3 },
    );
    expect(order).toEqual(["x", "y", "x", "y", "y", "x", "x", "y"]); // warm-ups, then rotated rounds
    expect(res.x!.samples).toHaveLength(3);
    expect(res.y!.samples).toHaveLength(3);
  });
});
