import { describe, it, expect } from "vitest";
import { startServer, runOpenLoopLoad, runServingSweep, runOverloadTest, processRssBytes } from "../../lib/serving/index";

describe("load experiments of the serving lesson (open loop, sweep, overload)", () => {
  it("runOpenLoopLoad offers its rate whatever the server does, and counts every answer", async () => {
    const server = await startServer({ noopModel: { delayMs: 1 }, processMetrics: false });
    try {
      const r = await runOpenLoopLoad({ url: server.url, rate: 200, durationSeconds: 1, texts: ["a", "b", "c"], textsPerRequest: 3, seed: 7 });
      // Poisson(200) arrivals in 1 s: within ±5 standard deviations (√200 ≈ 14)
      expect(r.responses).toBeGreaterThan(200 - 5 * 14);
      expect(r.responses).toBeLessThan(200 + 5 * 14);
      expect(r.statusCodes).toEqual({ 200: r.responses });
      expect(r.textsPerSecond).toBeCloseTo(r.throughput * 3, 6);
      expect(r.errors).toBe(0);
      expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
      await expect(runOpenLoopLoad({ url: "http://example.com", rate: 1 })).rejects.toThrow(/only target this machine/);
    } finally {
      await server.close();
    }
  });

  it("runServingSweep gives one row per target and level with the rounds kept", async () => {
    const a = await startServer({ noopModel: {}, processMetrics: false });
    const b = await startServer({ noopModel: {}, batching: false, processMetrics: false });
    try {
      const rows = await runServingSweep({ targets: { a: a.url, b: b.url }, levels: [1, 2], rounds: 2, secondsPerLevel: 0.3 });
      expect(rows.map((r) => `${r.target}:${r.connections}:${r.rounds.length}`)).toEqual(["a:1:2", "a:2:2", "b:1:2", "b:2:2"]);
      for (const r of rows) {
        expect(r.throughputRange[0]).toBeLessThanOrEqual(r.throughput);
        expect(r.throughput).toBeLessThanOrEqual(r.throughputRange[1]);
        expect(r.non2xx).toBe(0);
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("runOverloadTest measures capacity unshed, then refuses the excess with 429 at a multiple of it", async () => {
    const server = await startServer({ noopModel: { delayMs: 10 }, maxBatchSize: 8, maxWaitMs: 0, maxQueueSize: 16, maxPendingRequests: 4, processMetrics: false });
    try {
      const r = await runOverloadTest({ url: server.url, pid: process.pid, textsPerRequest: 4, factors: [4], seconds: 1, capacityConnections: 4 });
      expect(r.capacityNon2xx).toBe(0);
      expect(r.capacityTextsPerSecond).toBeGreaterThan(0);
      const [s] = r.steps;
      expect(s!.factor).toBe(4);
      expect(s!.offeredTextsPerSecond).toBeCloseTo(4 * r.capacityTextsPerSecond, 6);
      expect(s!.share429).toBeGreaterThan(0.3); // most of 4× the capacity cannot be served: it is refused, not queued
      expect(s!.servedOverCapacity).toBeCloseTo(s!.servedTextsPerSecond / r.capacityTextsPerSecond, 9);
      expect(r.rss).not.toBeNull();
    } finally {
      await server.close();
    }
  }, 30_000);

  it("processRssBytes reads this process's resident memory from /proc", () => {
    const rss = processRssBytes(process.pid);
    expect(rss).not.toBeNull();
    expect(rss! / process.memoryUsage().rss).toBeGreaterThan(0.8);
    expect(rss! / process.memoryUsage().rss).toBeLessThan(1.25);
    expect(processRssBytes(2 ** 30)).toBeNull();
  });
});
