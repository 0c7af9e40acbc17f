import { describe, it, expect } from "vitest";
import { ModelPool, fleetArithmetic, runLoadTest, runServingSweep, assertLocalUrl, startServer, spawnServerProcess, measureModelFootprint, createNoopClassifier } from "../../lib/serving/index";

function fakeModels(): { load: (key: string) => Promise<{ sizeBytes: number; release: () => Promise<void>; key: string }>; loads: string[]; released: string[] } {
  const loads: string[] = [];
  const released: string[] = [];
  return {
    loads,
    released,
    load: async (key) => {
      loads.push(key);
      await new Promise((r) => setTimeout(r, 5));
      return { key, sizeBytes: 100, release: async () => void released.push(key) };
    },
  };
}

describe("ModelPool (many models in one process within a memory budget)", () => {
  it("unloads the least recently used idle model when the budget is exceeded", async () => {
    const f = fakeModels();
    const pool = new ModelPool(f.load, { memoryBudgetBytes: 250 });
    await pool.use("a", async () => undefined);
    await pool.use("b", async () => undefined);
    expect(pool.stats.loaded).toEqual(["a", "b"]);
    await pool.use("a", async () => undefined); // a is now most recent
    await pool.use("c", async () => undefined); // over budget: b (LRU) goes
    expect(f.released).toEqual(["b"]);
    expect(pool.stats).toMatchObject({ loaded: ["a", "c"], loads: 3, evictions: 1, hits: 1, misses: 3, residentBytes: 200 });
    expect(pool.stats.coldStartMs).toHaveLength(3);
  });

  it("never unloads a model in use; catches up when it is released", async () => {
    const f = fakeModels();
    const pool = new ModelPool(f.load, { memoryBudgetBytes: 150 });
    const held = await pool.acquire("a");
    const heldB = await pool.acquire("b"); // a busy, b new: both stay, over budget for now
    expect(pool.stats.loaded).toEqual(["a", "b"]);
    expect(f.released).toEqual([]);
    held.release(); // a is now idle and least recently used: it goes
    heldB.release();
    await new Promise((r) => setTimeout(r, 10));
    expect(pool.residentBytes).toBeLessThanOrEqual(150);
    expect(f.released).toEqual(["a"]);
  });

  it("concurrent requests for a model that is not loaded share one load", async () => {
    const f = fakeModels();
    const pool = new ModelPool(f.load);
    const models = await Promise.all(Array.from({ length: 10 }, () => pool.use("x", async (m) => m)));
    expect(f.loads).toEqual(["x"]);
    expect(new Set(models).size).toBe(1);
    await pool.clear();
    expect(f.released).toEqual(["x"]);
  });

  it("measureModelFootprint times every cold start and reports the declared size", async () => {
    const r = await measureModelFootprint(async () => createNoopClassifier(), { copies: 3 });
    expect(r.copies).toBe(3);
    expect(r.coldStartMs).toHaveLength(3);
    expect(r.coldStart.count).toBe(3);
    expect(r.declaredBytes).toBe(0);
    expect(r.rssPerModelBytes).toBeGreaterThanOrEqual(0);
  });
});

describe("fleetArithmetic (thousands of models)", () => {
  it("works out processes and machines from memory and throughput, by hand", () => {
    const MiB = 2 ** 20;
    // 16 GiB machine, 2 processes: 8192 MiB each − 192 MiB base = 8000 MiB → 8000 / 20 = 400 models per process
    const p = fleetArithmetic({
      models: 10_000,
      memoryPerModelBytes: 20 * MiB,
      coldStartMs: 150,
      requestsPerSecond: 3000,
      throughputPerProcess: 1000,
      processBaseBytes: 192 * MiB,
      machineMemoryBytes: 16 * 2 ** 30,
      processesPerMachine: 2,
    });
    expect(p.modelsPerProcess).toBe(400);
    expect(p.processesForMemory).toBe(25); // 10,000 / 400
    expect(p.processesForThroughput).toBe(3);
    expect(p.processes).toBe(25);
    expect(p.machines).toBe(13);
    expect(p.boundBy).toBe("memory");
    expect(p.residentModelBytes).toBe(10_000 * 20 * MiB);
    expect(p.coldSerialSeconds).toBe(1500); // 10,000 × 0.15 s
    expect(p.coldFleetSeconds).toBe(60); // spread over 25 processes
    // keep only 10% resident and triple the traffic: throughput binds
    const q = fleetArithmetic({ models: 10_000, memoryPerModelBytes: 20 * MiB, coldStartMs: 150, requestsPerSecond: 9000, throughputPerProcess: 1000, processBaseBytes: 192 * MiB, residentFraction: 0.1 });
    expect(q.processesForMemory).toBe(3); // 1,000 / 400 → 3
    expect(q.processes).toBe(9);
    expect(q.boundBy).toBe("throughput");
    expect(() => fleetArithmetic({ models: 1, memoryPerModelBytes: 64 * 2 ** 30, coldStartMs: 1, requestsPerSecond: 1, throughputPerProcess: 1 })).toThrow(/cannot hold one model/);
  });
});

describe("load-test driver", () => {
  it("only targets this machine", () => {
    expect(() => assertLocalUrl("http://example.com:80")).toThrow(/only target this machine/);
    expect(assertLocalUrl("http://127.0.0.1:9").hostname).toBe("127.0.0.1");
    expect(() => runLoadTest({ url: "http://10.0.0.1:80" })).toThrow(/refusing 10.0.0.1/);
  });

  it("measures throughput, p50/p99 and status codes against a local server, and sweeps concurrency", async () => {
    const server = await startServer({ noopModel: {}, processMetrics: false });
    try {
      const rows = (await runServingSweep({ targets: { noop: server.url }, levels: [1, 4], secondsPerLevel: 1, texts: ["a", "b", "c"] })).map((r) => r.rounds[0]!);
      expect(rows.map((r) => r.connections)).toEqual([1, 4]);
      for (const r of rows) {
        expect(r.responses).toBeGreaterThan(0);
        expect(r.statusCodes).toEqual({ 200: r.responses });
        expect(r.non2xx).toBe(0);
        expect(r.errors).toBe(0);
        expect(r.throughput).toBeCloseTo(r.responses / r.durationSeconds, 6);
        expect(r.latency!.count).toBe(r.responses);
        expect(r.p50Ms).toBeLessThanOrEqual(r.p99Ms);
      }
      // the server counted the same requests (warm-up calls do not go through HTTP)
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      const served = Number(/serving_requests_total\{route="\/v1\/predict",status="200"\} (\d+)/.exec(metrics)?.[1]);
      expect(served).toBeGreaterThanOrEqual(rows[0]!.responses + rows[1]!.responses);
    } finally {
      await server.close();
    }
  }, 30_000);

  it("spawns a server in child processes (node:cluster, 2 workers) that answers and shuts down", async () => {
    const s = await spawnServerProcess({ noopModel: {}, workers: 2 });
    try {
      expect(s.workers).toBe(2);
      const r = await fetch(`${s.url}/v1/predict`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ inputs: ["x"] }) });
      expect(r.status).toBe(200);
      expect(((await r.json()) as { model: string }).model).toBe("noop");
    } finally {
      await s.close();
    }
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow();
  }, 60_000);
});
