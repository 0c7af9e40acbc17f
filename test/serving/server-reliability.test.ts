import { describe, it, expect, beforeAll } from "vitest";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { startServer, ModelRegistry, MicroBatcher, DeadlineExceededError, ShuttingDownError, redactPaths, type RunningServer } from "../../lib/serving/index";
import { smallAgNewsArtifact } from "./fixtures/small-model";

const cpu = { providers: ["cpu" as const] };
const json = { "content-type": "application/json" };

/** Opens a raw TCP connection, writes `chunks` (each after `gapMs`), collects what comes back until the server closes it. */
function raw(port: number, chunks: string[], gapMs = 0, giveUpMs = 8000): Promise<{ text: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const socket = net.connect(port, "127.0.0.1");
    let text = "";
    socket.on("data", (d) => (text += d.toString()));
    socket.on("error", () => undefined);
    const stop = setTimeout(() => socket.destroy(), giveUpMs);
    socket.on("close", () => {
      clearTimeout(stop);
      resolve({ text, closedAfterMs: performance.now() - t0 });
    });
    socket.on("connect", async () => {
      for (const c of chunks) {
        if (socket.destroyed) return;
        socket.write(c);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}
const envelope = (text: string): { code: string; message: string } => JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4)).error;

async function registryWith(seeds: number[]): Promise<ModelRegistry> {
  const reg = new ModelRegistry(fs.mkdtempSync(path.join(os.tmpdir(), "serving-reliab-")));
  for (const s of seeds) await reg.registerDirectory("agnews", await smallAgNewsArtifact(s));
  await reg.promote("agnews", "1", "production");
  return reg;
}

describe("loading verifies the artifact against the registry (issue 15, defect 1)", () => {
  it("a tampered vectorizer.json (other valid JSON) is refused at start, naming the file; never served", async () => {
    const reg = await registryWith([1]);
    const file = path.join(reg.root, "agnews", "versions", "1", "vectorizer.json");
    const vec = JSON.parse(fs.readFileSync(file, "utf8")) as { idf: number[] };
    vec.idf = vec.idf.map((x, i) => (i % 2 ? x * 5 : x)); // what the probe did: every other idf ×5
    fs.writeFileSync(file, JSON.stringify(vec));
    expect((await reg.verify("agnews", "1")).ok).toBe(false);
    const err = await startServer({ registry: reg, defaultModel: "agnews@production", providers: cpu, processMetrics: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/vectorizer\.json: sha256 .* differs from the recorded .*will not be served/);
  }, 60_000);

  it("server-side corruption while running is a 500 that flips /readyz, with no server path in the answer (defects 1 and 6)", async () => {
    const reg = await registryWith([1, 2]);
    const server = await startServer({ registry: reg, defaultModel: "agnews@production", providers: cpu, processMetrics: false });
    try {
      const ok = await fetch(`${server.url}/v1/predict`, { method: "POST", headers: json, body: JSON.stringify({ inputs: ["oil prices fall"] }) });
      expect(ok.status).toBe(200);
      fs.appendFileSync(path.join(reg.root, "agnews", "versions", "2", "model.onnx"), "x"); // version 2 damaged on disk
      const r = await fetch(`${server.url}/v1/predict`, { method: "POST", headers: json, body: JSON.stringify({ inputs: ["oil"], model: "agnews@2" }) });
      expect(r.status).toBe(500);
      const body = (await r.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("registry_corrupt");
      expect(body.error.message).toMatch(/<registry>\/agnews\/versions\/2\/model\.onnx fails verification/);
      expect(body.error.message).not.toContain(reg.root);
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { status: string }).status).toBe("failed");
      // a truncated stages.json: 500 registry_corrupt for the stage lookup, not a 400 "bad_model"
      const stages = path.join(reg.root, "agnews", "stages.json");
      fs.writeFileSync(stages, fs.readFileSync(stages, "utf8").slice(0, 30));
      const s = await fetch(`${server.url}/v1/predict`, { method: "POST", headers: json, body: JSON.stringify({ inputs: ["oil"], model: "agnews@staging" }) });
      expect(s.status).toBe(500);
      expect(((await s.json()) as { error: { code: string } }).error.code).toBe("registry_corrupt");
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe("connections, content types and the error envelope (defects 3 and 4)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ noopModel: {}, receiveTimeoutMs: 400, keepAliveTimeoutMs: 300, processMetrics: false });
    return () => server.close();
  });

  it("a connection that sends nothing, slow headers, or a slow body is cut with 408 at the receive timeout (not 30–60 s)", async () => {
    const [idle, slowHeaders, slowBody] = await Promise.all([
      raw(server.port, []),
      raw(server.port, ["POST /v1/predict HTTP/1.1\r\n", "Host: x\r\n", "X-A: 1\r\n", "X-B: 2\r\n", "X-C: 3\r\n", "X-D: 4\r\n"], 150),
      raw(server.port, ["POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n", '{"inputs', '": [', '"a', '"]', "  "], 150),
    ]);
    for (const r of [idle, slowHeaders, slowBody]) {
      expect(r.closedAfterMs).toBeLessThan(4000); // the socket was closed by the server, long before Node's 30-60 s defaults
      if (r.text) {
        expect(r.text).toMatch(/^HTTP\/1\.1 408/);
        expect(envelope(r.text).code).toBe("request_timeout");
      }
    }
    expect(slowHeaders.text).toMatch(/^HTTP\/1\.1 408/);
  });

  it("an idle keep-alive connection is closed after keepAliveTimeoutMs", async () => {
    const r = await raw(server.port, ["GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"]);
    expect(r.text).toMatch(/^HTTP\/1\.1 200/);
    expect(r.closedAfterMs).toBeLessThan(4000);
  });

  it("a JSON body sent as text/plain gets 415 naming the content type", async () => {
    const r = await fetch(`${server.url}/v1/predict`, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ inputs: ["x"] }) });
    expect(r.status).toBe(415);
    expect(await r.json()).toEqual({ error: { code: "unsupported_media_type", message: 'Content-Type "text/plain" is not accepted; send JSON with the header content-type: application/json.' } });
    const none = await raw(server.port, ['POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}']);
    expect(none.text).toMatch(/^HTTP\/1\.1 415/);
  });

  it("errors raised by Node itself (431, bad Content-Length) use the app's envelope", async () => {
    const big = await raw(server.port, [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`]);
    expect(big.text).toMatch(/^HTTP\/1\.1 431/);
    expect(envelope(big.text).code).toBe("headers_too_large");
    const badLength = await raw(server.port, ["POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}"]);
    expect(badLength.text).toMatch(/^HTTP\/1\.1 400/);
    expect(envelope(badLength.text).code).toBe("bad_content_length");
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("redactPaths keeps server paths out of client messages", () => {
    expect(redactPaths("No model in the registry (/srv/reg/x); see /home/me/a/b.json, or models/x", ["/srv/reg"])).toBe("No model in the registry (<registry>/x); see …/b.json, or models/x");
  });
});

describe("cheap refusal, expiry and a bounded shutdown (defect 5)", () => {
  it("at the pending-request limit a request is refused with 429 before its body is sent", async () => {
    const server = await startServer({ noopModel: { delayMs: 400 }, maxPendingRequests: 2, maxWaitMs: 0, warmup: false, processMetrics: false });
    try {
      const busy = [1, 2].map(() => fetch(`${server.url}/v1/predict`, { method: "POST", headers: json, body: '{"inputs":["a"]}' }));
      await new Promise((r) => setTimeout(r, 100));
      // headers only: the body (1000 bytes promised) never comes; the answer must not wait for it
      const r = await raw(server.port, ["POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"], 0, 1500);
      expect(r.text).toMatch(/^HTTP\/1\.1 429/);
      expect(r.text).toMatch(/retry-after: 1/i);
      expect(envelope(r.text).code).toBe("queue_full");
      expect((await Promise.all(busy)).map((x) => x.status)).toEqual([200, 200]);
    } finally {
      await server.close();
    }
  });

  it("an item whose deadline passes leaves the queue at once, not when the running batch ends", async () => {
    let finish!: () => void;
    const b = new MicroBatcher<string, string>((xs) => new Promise((r) => (finish = () => r(xs))), { maxBatchSize: 1, maxWaitMs: 0 });
    const running = b.submit("a");
    const expiring = b.submit("b", { deadline: performance.now() + 30 }).catch((e: unknown) => e);
    expect(b.queueDepth).toBe(1);
    const err = await expiring; // settles while "a" is still running
    expect(err).toBeInstanceOf(DeadlineExceededError);
    expect(b.queueDepth).toBe(0);
    expect(b.inFlight).toBe(1);
    expect(b.stats.expired).toBe(1);
    finish();
    expect(await running).toBe("a");
  });

  it("close() is bounded by shutdownTimeoutMs: a 3 s model call does not hold it, queued texts are refused", async () => {
    const server = await startServer({ noopModel: { delayMs: 3000 }, maxBatchSize: 1, maxWaitMs: 0, warmup: false, shutdownTimeoutMs: 200, requestTimeoutMs: 10_000, processMetrics: false });
    const reqs = [1, 2].map(() => fetch(`${server.url}/v1/predict`, { method: "POST", headers: json, body: '{"inputs":["a"]}' }).then((r) => r.status, () => "cut"));
    const batcher = () => server.pool.peek("noop@1")?.batcher;
    while ((batcher()?.inFlight ?? 0) + (batcher()?.queueDepth ?? 0) < 2) await new Promise((r) => setTimeout(r, 5));
    const t0 = performance.now();
    await server.close();
    expect(performance.now() - t0).toBeLessThan(2500); // well before the model call ends (3 s)
    expect(await Promise.all(reqs)).toEqual(["cut", "cut"]);
    const b = new MicroBatcher<string, string>(async (xs) => xs);
    const aborted = b.abort();
    await expect(b.submit("x")).rejects.toBeInstanceOf(ShuttingDownError);
    await aborted;
  });
});
