/**
 * Hostile-input suite for the model server (issue 15): generated bodies — random JSON shapes, huge
 * strings, deep nesting, prototype keys, wrong types and encodings — each must get the status an
 * independent validity oracle predicts (200 only for a valid body, else a 4xx with the error envelope),
 * never a 5xx, a crash or a hang; the server keeps serving and no prototype is polluted.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { gzipSync } from "node:zlib";
import { createRng, type Rng } from "../../lib/data/random";
import { startServer, type RunningServer } from "../../lib/serving/index";

const MAX_INPUTS = 8;
const MAX_CHARS = 200;
const BODY_LIMIT = 16 * 1024;

/** Independent oracle: what the API documents as a valid body for this server (model "noop" only). */
function isValidBody(v: unknown): boolean {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  if (Object.keys(o).some((k) => k !== "inputs" && k !== "model")) return false;
  if (!Array.isArray(o.inputs) || o.inputs.length < 1 || o.inputs.length > MAX_INPUTS) return false;
  if (!o.inputs.every((t) => typeof t === "string" && t.length <= MAX_CHARS)) return false;
  return !("model" in o) || o.model === "noop" || o.model === "noop@1";
}

function randomString(rng: Rng, max: number): string {
  const alphabet = ["a", "b", " ", "é", "€", "😀", "\u0000", "\"", "\\", "\n", "\u2028", "@", "."];
  return Array.from({ length: rng.int(max + 1) }, () => alphabet[rng.int(alphabet.length)]).join("");
}

function randomValue(rng: Rng, depth: number): unknown {
  const kind = rng.int(depth > 3 ? 5 : 8);
  switch (kind) {
    case 0: return null;
    case 1: return rng.next() < 0.5;
    case 2: return [0, -1, 1e308, -0, 3.5, 2 ** 53 + 1][rng.int(6)];
    case 3: return randomString(rng, 12);
    case 4: return rng.next() < 0.5 ? "noop" : "noop@9";
    case 5: return Array.from({ length: rng.int(4) }, () => randomValue(rng, depth + 1));
    default: {
      const keys = ["inputs", "model", "text", "__proto__", "constructor", "prototype", "toString", "", "inputs "];
      const o: Record<string, unknown> = {};
      for (let i = rng.int(4); i > 0; i--) Object.defineProperty(o, keys[rng.int(keys.length)]!, { value: randomValue(rng, depth + 1), enumerable: true, configurable: true, writable: true });
      return o;
    }
  }
}

/** Bodies shaped almost like a valid request, with one thing wrong (or nothing). */
function nearMiss(rng: Rng): unknown {
  const inputs = Array.from({ length: 1 + rng.int(MAX_INPUTS) }, () => randomString(rng, 20));
  const variants: (() => unknown)[] = [
    () => ({ inputs }),
    () => ({ inputs, model: "noop" }),
    () => ({ inputs: [...inputs, rng.int(5)] }),
    () => ({ inputs: inputs.map(() => null) }),
    () => ({ inputs: Array(MAX_INPUTS + 1 + rng.int(5)).fill("x") }),
    () => ({ inputs: ["x".repeat(MAX_CHARS + 1 + rng.int(100))] }),
    () => ({ inputs, model: ["noop"] }),
    () => ({ inputs, model: randomString(rng, 8) }),
    () => ({ inputs: inputs.join(" ") }),
    () => ({ inputs: [inputs] }),
    () => ({ inputs, extra: true }),
    () => ({ inputs: [] }),
    () => ({ inputs: { 0: "a", length: 1 } }),
  ];
  return variants[rng.int(variants.length)]!();
}

describe("hostile inputs: every generated body gets the oracle's status, never a 5xx, crash or hang", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ noopModel: {}, maxInputs: MAX_INPUTS, maxTextChars: MAX_CHARS, bodyLimitBytes: BODY_LIMIT, receiveTimeoutMs: 2000, processMetrics: false });
  });
  afterAll(() => server?.close());

  async function send(body: string | Uint8Array, headers: Record<string, string> = { "content-type": "application/json" }): Promise<{ status: number; json: { error?: { code: string; message: string } } }> {
    const res = await fetch(`${server.url}/v1/predict`, { method: "POST", headers, body: typeof body === "string" ? body : new Uint8Array(body), signal: AbortSignal.timeout(5000) });
    const text = await res.text();
    return { status: res.status, json: JSON.parse(text) as { error?: { code: string; message: string } } };
  }
  const expectRefused = (r: { status: number; json: { error?: { code: string; message: string } } }, what: string): void => {
    expect(r.status, what).toBeGreaterThanOrEqual(400);
    expect(r.status, what).toBeLessThan(500);
    expect(typeof r.json.error?.code, what).toBe("string");
    expect(r.json.error!.message.length, what).toBeGreaterThan(10);
  };

  it("random JSON shapes and near-misses (300 bodies, seeded) get 200 exactly when valid, else a 4xx envelope", async () => {
    const rng = createRng(2026);
    let valid = 0;
    for (let i = 0; i < 300; i++) {
      const value = i % 2 ? randomValue(rng, 0) : nearMiss(rng);
      const text = JSON.stringify(value) ?? "null";
      const r = await send(text);
      const what = `body ${i}: ${text.slice(0, 120)}`;
      if (isValidBody(JSON.parse(text))) {
        valid++;
        expect(r.status, what).toBe(200);
      } else if (r.status !== 404) expectRefused(r, what); // a well-formed spec of another model is a 404
    }
    expect(valid).toBeGreaterThan(10); // the generator does produce valid bodies, so 200s are checked too
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 60_000);

  it("huge strings, deep nesting and prototype keys", async () => {
    const cases: [string, string][] = [
      ["a text over the body limit", JSON.stringify({ inputs: ["x".repeat(BODY_LIMIT)] })],
      ["a text over maxTextChars", JSON.stringify({ inputs: ["y".repeat(MAX_CHARS * 10)] })],
      ["a huge key", `{"${"k".repeat(12_000)}": 1}`],
      ["arrays nested 5,000 deep", "[".repeat(5000) + "]".repeat(5000)],
      ["objects nested 3,000 deep", '{"a":'.repeat(3000) + "1" + "}".repeat(3000)],
      ["inputs nested deep", `{"inputs": ${"[".repeat(2000)}"x"${"]".repeat(2000)}}`],
      ["a __proto__ key", '{"inputs": ["a"], "__proto__": {"polluted": true}}'],
      ["a nested __proto__ key", '{"inputs": ["a"], "model": {"__proto__": {"polluted": true}}}'],
      ["constructor.prototype", '{"inputs": ["a"], "constructor": {"prototype": {"polluted": true}}}'],
      ["a lone surrogate", '{"inputs": ["\\ud800"], "x": 1}'],
      ["numbers that overflow", '{"inputs": [1e999]}'],
      ["trailing garbage", '{"inputs": ["a"]} {"inputs": ["b"]}'],
      ["a BOM before the JSON", '\ufeff{"inputs": 5}'],
      ["NUL bytes", '{"inputs": ["a"]\u0000}'],
    ];
    for (const [what, body] of cases) expectRefused(await send(body), what);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  }, 60_000);

  it("wrong encodings and content types", async () => {
    const valid = JSON.stringify({ inputs: ["fine"] });
    const cases: [string, string | Uint8Array, Record<string, string>][] = [
      ["invalid UTF-8 bytes", new Uint8Array([0x7b, 0x22, 0x69, 0x6e, 0x70, 0x75, 0x74, 0x73, 0x22, 0x3a, 0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d, 0x2c, 0x22, 0x78, 0x22, 0x3a, 0x31, 0x7d]), { "content-type": "application/json" }],
      ["UTF-16 encoded JSON", new Uint8Array(Buffer.from("\ufeff" + '{"inputs": 1}', "utf16le")), { "content-type": "application/json; charset=utf-16" }],
      ["gzip content-encoding", new Uint8Array(gzipSync(valid)), { "content-type": "application/json", "content-encoding": "gzip" }],
      ["text/plain", valid, { "content-type": "text/plain" }],
      ["form encoding", "inputs=a&inputs=b", { "content-type": "application/x-www-form-urlencoded" }],
      ["multipart", "--x\r\n\r\n--x--", { "content-type": "multipart/form-data; boundary=x" }],
      ["no content type", valid, {}],
      ["application/jsonx", valid, { "content-type": "application/jsonx" }],
    ];
    for (const [what, body, headers] of cases) expectRefused(await send(body, headers), what);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await send(valid)).status).toBe(200);
  }, 60_000);
});
