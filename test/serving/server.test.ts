import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  startServer,
  loadTextClassifier,
  createNoopClassifier,
  ModelRegistry,
  type RunningServer,
  type ServedClassifier,
  type ClassPrediction,
} from "../../lib/serving/index";
import { smallAgNewsArtifact, someTestTexts } from "./fixtures/small-model";
import * as ort from "onnxruntime-node";
import { loadOnnxArtifact } from "../../lib/onnx/index";
import { TfidfVectorizer, sparseToDense, type TfidfVectorizerJSON } from "../../lib/text/index";

const cpu = { providers: ["cpu" as const] };

async function post(url: string, body: unknown, raw = false): Promise<{ status: number; json: any; headers: Headers; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/v1/predict`, { method: "POST", headers: { "content-type": "application/json" }, body: raw ? (body as string) : JSON.stringify(body) });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, headers: res.headers, ms: performance.now() - t0 };
}

describe("model server with a real ONNX text classifier", () => {
  let server: RunningServer;
  let classifier: ServedClassifier;
  let texts: string[];

  beforeAll(async () => {
    const dir = await smallAgNewsArtifact(1);
    classifier = await loadTextClassifier(dir, { ...cpu, name: "agnews", version: "1" });
    texts = await someTestTexts(20);
    server = await startServer({ classifiers: [classifier], bodyLimitBytes: 64 * 1024, maxInputs: 50 });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await classifier?.release();
  });

  it("binds 127.0.0.1 and is ready once the model is loaded and warm", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.isReady()).toBe(true);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok" });
    const r = await fetch(`${server.url}/readyz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: "ready", model: "agnews@1" });
  });

  it("POST /v1/predict answers the same predictions as calling the model directly, in request order", async () => {
    const r = await post(server.url, { inputs: texts });
    expect(r.status).toBe(200);
    expect(r.json.model).toBe("agnews");
    expect(r.json.version).toBe("1");
    const direct = await classifier.predictBatch(texts);
    expect(r.json.predictions).toEqual(direct);
    for (const p of r.json.predictions as ClassPrediction[]) {
      expect(Object.keys(p.probabilities)).toEqual(classifier.labels);
      const sum = Object.values(p.probabilities).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 5);
      const best = Object.entries(p.probabilities).sort((a, b) => b[1] - a[1])[0]![0];
      expect(p.label).toBe(best);
    }
  });

  it("the classifier's reused dense buffer gives the same numbers as a fresh dense matrix, also for overlapping calls", async () => {
    const dir = await smallAgNewsArtifact(1);
    const art = loadOnnxArtifact(dir);
    const vec = TfidfVectorizer.fromJSON(art.readJson<TfidfVectorizerJSON>("vectorizer.json"));
    const session = await ort.InferenceSession.create(art.model, { executionProviders: ["cpu"] });
    const out = await session.run({ features: new ort.Tensor("float32", sparseToDense(vec.transformMany(texts), vec.dim), [texts.length, vec.dim]) });
    const ref = out.probabilities!.data as Float32Array;
    const big = await classifier.predictBatch(texts);
    const small = await classifier.predictBatch(texts.slice(0, 3)); // after a larger batch: the buffer was cleared
    const [x, y] = await Promise.all([classifier.predictBatch(texts.slice(0, 10)), classifier.predictBatch(texts.slice(10))]); // second call uses a fresh matrix
    for (const [preds, offset] of [[big, 0], [small, 0], [x, 0], [y, 10]] as const) {
      preds.forEach((p, i) => classifier.labels.forEach((l, c) => expect(p.probabilities[l]).toBe(ref[(offset + i) * classifier.labels.length + c])));
    }
    await session.release();
  });

  it("concurrent requests are micro-batched and each still gets its own answer", async () => {
    const before = server.pool.peek("agnews@1")!.batcher.stats;
    const answers = await Promise.all(texts.map((t) => post(server.url, { inputs: [t] })));
    const direct = await classifier.predictBatch(texts);
    answers.forEach((a, i) => expect(a.json.predictions).toEqual([direct[i]]));
    const after = server.pool.peek("agnews@1")!.batcher.stats;
    expect(after.items - before.items).toBe(texts.length);
    expect(after.batches - before.batches).toBeLessThanOrEqual(texts.length);
  });

  it.each([
    ["malformed JSON", 400, "{not json", true, /not valid JSON/],
    ["empty body", 400, "", true, /body is empty/],
    ["a JSON array instead of an object", 400, [1, 2], false, /must be a JSON object/],
    ["missing inputs", 400, { text: "hi" }, false, /"inputs" is required.*Unrecognized key\(s\) in object: 'text'/],
    ["inputs of the wrong type", 400, { inputs: "just a string" }, false, /"inputs" must be an array of strings/],
    ["a number among the inputs", 400, { inputs: ["ok", 42] }, false, /inputs\[1\]: each input must be a string/],
    ["no inputs", 400, { inputs: [] }, false, /at least one text/],
    ["too many inputs", 400, { inputs: Array(51).fill("x") }, false, /at most 50 texts per request/],
    ["model of the wrong type", 400, { inputs: ["x"], model: 3 }, false, /"model" must be a string/],
    ["a malformed model spec", 400, { inputs: ["x"], model: "a@b@c" }, false, /Bad model spec/],
    ["an unknown model version", 404, { inputs: ["x"], model: "agnews@7" }, false, /agnews has no version "7"; versions: 1/],
    ["an unknown model", 404, { inputs: ["x"], model: "sentiment" }, false, /No model named "sentiment"/],
  ])("%s → %i with a clear message, and the server keeps serving", async (_name, status, body, raw, message) => {
    const r = await post(server.url, body, raw as boolean);
    expect(r.status).toBe(status);
    expect(r.json.error.message).toMatch(message as RegExp);
    const ok = await post(server.url, { inputs: ["Stocks rally on strong earnings"] });
    expect(ok.status).toBe(200);
  });

  it("an oversized body → 413 with the limit in the message; the server keeps serving", async () => {
    const r = await post(server.url, { inputs: ["x".repeat(70 * 1024)] });
    expect(r.status).toBe(413);
    expect(r.json.error.message).toMatch(/larger than the limit of 65536 bytes/);
    expect((await post(server.url, { inputs: ["still here"] })).status).toBe(200);
  });

  it("unknown routes → 404 listing the routes", async () => {
    const r = await fetch(`${server.url}/v2/predict`);
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/POST \/v1\/predict/);
  });

  it("GET /metrics exposes request counts by status, latency and batch-size histograms, queue depth", async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const count = (re: RegExp): number => Number(re.exec(text)?.[1] ?? NaN);
    expect(count(/serving_requests_total\{route="\/v1\/predict",status="200"\} (\d+)/)).toBeGreaterThanOrEqual(texts.length + 2);
    expect(count(/serving_requests_total\{route="\/v1\/predict",status="400"\} (\d+)/)).toBeGreaterThanOrEqual(10);
    expect(text).toMatch(/serving_request_duration_seconds_bucket\{le="0.005",route="\/v1\/predict"\}/);
    const items = count(/serving_batch_size_sum\{model="agnews@1"\} (\d+)/);
    expect(items).toBe(server.pool.peek("agnews@1")!.batcher.stats.items);
    expect(text).toMatch(/serving_queue_depth\{model="agnews@1"\} 0/);
    expect(text).toMatch(/process_resident_memory_bytes/);
  });
});

describe("back-pressure, timeouts, readiness and shutdown (no-op model with a simulated cost)", () => {
  it("overload: a full queue answers 429 with Retry-After; every accepted request completes within the timeout", async () => {
    const requestTimeoutMs = 3000;
    const server = await startServer({ noopModel: { delayMs: 20 }, maxBatchSize: 4, maxWaitMs: 1, maxQueueSize: 8, requestTimeoutMs });
    try {
      const answers = await Promise.all(Array.from({ length: 120 }, (_, i) => post(server.url, { inputs: [`text ${i}`] })));
      const codes = new Set(answers.map((a) => a.status));
      expect([...codes].sort()).toEqual([200, 429]);
      const accepted = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status === 429);
      expect(accepted.length).toBeGreaterThanOrEqual(8);
      expect(refused.length).toBeGreaterThan(0);
      for (const a of accepted) {
        expect(a.json.predictions).toHaveLength(1);
        expect(a.ms).toBeLessThan(requestTimeoutMs); // bounded by the configured timeout, not a tuned number
      }
      for (const r of refused) {
        expect(r.headers.get("retry-after")).toBe("1");
        expect(r.json.error.code).toBe("queue_full");
      }
      const stats = server.pool.peek("noop@1")!.batcher.stats;
      expect(stats.largestBatch).toBeLessThanOrEqual(4);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await post(server.url, { inputs: ["after the storm"] })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("a request past its deadline → 504 with a message; the server stays up", async () => {
    const server = await startServer({ noopModel: { delayMs: 300 }, requestTimeoutMs: 100, warmup: false });
    try {
      const r = await post(server.url, { inputs: ["slow"] });
      expect(r.status).toBe(504);
      expect(r.json.error.message).toMatch(/No answer within 100 ms/);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("readiness: /readyz is 503 until the model is loaded and warmed, then 200", async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const inner = createNoopClassifier({ name: "gated" });
    const gated: ServedClassifier = { ...inner, predictBatch: async (t) => (await gate, inner.predictBatch(t)) };
    const server = await startServer({ classifiers: [gated], waitUntilReady: false });
    try {
      const before = await fetch(`${server.url}/readyz`);
      expect(before.status).toBe(503);
      expect(await before.json()).toEqual({ status: "loading" });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200); // alive while not ready
      open();
      await server.ready;
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("graceful shutdown: in-flight requests finish with 200; afterwards no new connections", async () => {
    const server = await startServer({ noopModel: { delayMs: 250 }, maxWaitMs: 0, warmup: false });
    const inflight = Promise.all([post(server.url, { inputs: ["a"] }), post(server.url, { inputs: ["b", "c"] })]);
    const batcher = server.pool.peek("noop@1")!.batcher;
    while (batcher.inFlight + batcher.queueDepth < 3) await new Promise((r) => setTimeout(r, 5)); // both requests reached the model
    const t0 = performance.now();
    const closed = server.close();
    expect(server.isReady()).toBe(false);
    const [a, b] = await inflight;
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.json.predictions).toHaveLength(2);
    await closed;
    expect(performance.now() - t0).toBeLessThan(server.options.shutdownTimeoutMs); // drained, not cut off at the timeout
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});

describe("many models in one process from the registry, within a memory budget", () => {
  it("serves name@version, loads on demand and unloads the least recently used to stay within budget", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "serving-registry-"));
    const registry = new ModelRegistry(root);
    const v1 = await registry.registerDirectory("agnews", await smallAgNewsArtifact(1), { metrics: { accuracy: 0 } });
    const v2 = await registry.registerDirectory("agnews", await smallAgNewsArtifact(2));
    await registry.promote("agnews", v1.version, "production");
    const probe = await loadTextClassifier(v1.path, cpu);
    const one = probe.sizeBytes;
    await probe.release();
    const server = await startServer({ registry, defaultModel: "agnews", providers: cpu, memoryBudgetBytes: Math.floor(one * 1.5) });
    try {
      const text = ["Shares of chip makers jumped after upbeat forecasts"];
      const a = await post(server.url, { inputs: text }); // default → production → v1
      const b = await post(server.url, { inputs: text, model: "agnews@2" });
      const c = await post(server.url, { inputs: text, model: "agnews@1" });
      expect([a.json.version, b.json.version, c.json.version]).toEqual(["1", "2", "1"]);
      expect(b.json.predictions).not.toEqual(a.json.predictions); // different weights
      expect(c.json.predictions).toEqual(a.json.predictions);
      const st = server.pool.stats;
      expect(st.loads).toBe(3); // v1, v2 (evicting v1), v1 again (evicting v2)
      expect(st.evictions).toBe(2);
      expect(st.loaded).toEqual(["agnews@1"]);
      expect(st.residentBytes).toBeLessThanOrEqual(server.options.memoryBudgetBytes);
      // promotion is picked up (stage lookups are cached for at most 1 s)
      await registry.promote("agnews", v2.version, "production");
      await new Promise((r) => setTimeout(r, 1100));
      expect((await post(server.url, { inputs: text })).json.version).toBe("2");
      const models = (await (await fetch(`${server.url}/v1/models`)).json()) as { registry: string[] };
      expect(models.registry).toEqual(["agnews"]);
    } finally {
      await server.close();
    }
  }, 60_000);
});
