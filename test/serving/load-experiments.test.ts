import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startServer, runOpenLoopLoad, runServingSweep, runOverloadTest, processRssBytes, processCpuSeconds, overloadRows } from "../../lib/serving/index";
import { readResult, SERVING_OVERLOAD } from "../../lib/results/index";

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
      const rows = await runServingSweep({ targets: { a: a.url, b: b.url }, levels: [1], rounds: 2, secondsPerLevel: 0.5 });
      expect(rows.map((r) => `${r.target}:${r.connections}:${r.rounds.length}`)).toEqual(["a:1:2", "b:1:2"]);
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
      expect(s!.serverCpuSeconds).toBeGreaterThan(0);
      expect(r.capacityCpuUsPerRequest).toBeGreaterThan(0);
      expect(s!.refusalCpuUs).not.toBeNull();
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

  it("processCpuSeconds reads user + system CPU from /proc, agreeing with process.cpuUsage", () => {
    let x = 0;
    for (let i = 0; i < 3e7; i++) x += Math.sqrt(i);
    expect(x).toBeGreaterThan(0);
    const proc = processCpuSeconds(process.pid)!;
    const own = process.cpuUsage();
    expect(Math.abs(proc - (own.user + own.system) / 1e6)).toBeLessThan(0.1); // /proc counts in clock ticks (10 ms)
    expect(processCpuSeconds(2 ** 30)).toBeNull();
  });
});

describe("overload results file", () => {
  const run = (served: number) => ({
    capacityTextsPerSecond: 1000,
    capacityNon2xx: 0,
    unloadedP99Ms: 3,
    capacityP99Ms: 6,
    steps: [{ factor: 6, offeredTextsPerSecond: 6000, sentTextsPerSecond: 5990, servedTextsPerSecond: served, servedOverCapacity: served / 1000, share429: 0.8, acceptedP99Ms: null, connections: 256, errors: 0, statusCodes: { 200: 10, 429: 40 } }],
    rss: null,
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "overload-"));
  fs.mkdirSync(path.join(dir, "serving"));
  const file = path.join(dir, "serving", "overload.json");
  const read = (d = dir) => readResult(SERVING_OVERLOAD, "serving/overload.json", { dir: d });
  const good = { benchmark: "serving-overload", command: "x", settings: { textsPerRequest: 16, seconds: 4, limits: { maxQueueSize: 64 }, pinned: true, cores: 2 }, goals: { g: { value: null, goal: ">= 0.8", met: false } }, runs: { admissionControl: run(900), refuseAfterParsing: run(300) }, loadAverage: { start: [1], end: [1] }, machine: {} };

  it("reads a valid file into the notebook's rows: capacity then each offered load, per server", () => {
    fs.writeFileSync(file, JSON.stringify(good));
    const rows = overloadRows(read());
    expect(rows.map((r) => `${r.server}|${r.offered}|${r.servedOverCapacity}`)).toEqual([
      "admission control|capacity (closed loop)|1",
      "admission control|6×|0.9",
      "refuse after parsing|capacity (closed loop)|1",
      "refuse after parsing|6×|0.3",
    ]);
  });

  it("a missing or stale file names the command that produces it", () => {
    expect(() => read(fs.mkdtempSync(path.join(os.tmpdir(), "overload-none-")))).toThrow(/does not exist: it is written by `npm run bench:serving -- --only overload --save`/);
    fs.writeFileSync(file, JSON.stringify({ ...good, runs: { admissionControl: run(1) } }));
    expect(() => read()).toThrow(/runs\.refuseAfterParsing: missing: a required object field.*regenerate it with `npm run bench:serving -- --only overload --save`/);
  });
});
