import { describe, expect, it } from "vitest";
import * as path from "node:path";
import {
  computeLlmMetrics,
  formatLlmTraceJsonl,
  llmRequestMetrics,
  LlmTraceParseError,
  parseLlmTraceJsonl,
  readLlmTraceFile,
  type LlmTrace,
} from "../../lib/metrics";

const FIXTURE = path.join(__dirname, "../fixtures/metrics/example-trace.jsonl");

describe("per-request metrics", () => {
  it("ignores empty first chunks for TTFT; ITL = gaps after the first; TPOT = (e2e − TTFT)/(n − 1)", () => {
    const r = llmRequestMetrics({
      id: 1,
      sent: 1000,
      input_tokens: 4,
      tokens: [
        { t: 1010, text: "" }, // role header: not a token
        { t: 1020, text: "" },
        { t: 1100, text: "a" },
        { t: 1130, text: "b" },
        { t: 1140, text: "" }, // keep-alive mid-stream: ignored
        { t: 1190, text: "c" },
      ],
    });
    expect(r.ok).toBe(true);
    expect(r.ttftMs).toBe(100);
    expect(r.e2eMs).toBe(190);
    expect(r.outputTokens).toBe(3);
    expect(r.itlMs).toEqual([30, 60]);
    expect(r.tpotMs).toBe(45); // (190 − 100) / 2
    expect(r.llmperfItlMs).toBeCloseTo(190 / 3, 12); // TTFT included
    expect(r.outputTokensPerSecond).toBeCloseTo(3 / 0.19, 9);
  });

  it("a one-token response has TTFT = e2e, no TPOT and no ITL", () => {
    const r = llmRequestMetrics({ id: "x", sent: 0, input_tokens: 1, tokens: [{ t: 0, text: "" }, { t: 42, text: "Yes" }] });
    expect(r.ttftMs).toBe(42);
    expect(r.e2eMs).toBe(42);
    expect(r.tpotMs).toBeNull();
    expect(r.itlMs).toEqual([]);
    expect(r.llmperfItlMs).toBe(42);
  });

  it("uses a token counter over the whole text when given", () => {
    const trace: LlmTrace = { id: 1, sent: 0, input_tokens: 1, tokens: [{ t: 50, text: "ab" }, { t: 90, text: "cd e" }] };
    const r = llmRequestMetrics(trace, { countTokens: (s) => s.split(/\s+/).length + 1 }); // "abcd e" → 3
    expect(r.outputTokens).toBe(3);
    expect(r.chunks).toBe(2);
    expect(r.tpotMs).toBe(20); // (90 − 50) / 2
    expect(r.itlMs).toEqual([40]); // ITL stays per chunk, as vLLM records it
  });

  it("a request with only empty chunks, or an error, is failed", () => {
    expect(llmRequestMetrics({ id: 1, sent: 0, input_tokens: 1, tokens: [{ t: 5, text: "" }] }).ok).toBe(false);
    const e = llmRequestMetrics({ id: 2, sent: 0, input_tokens: 1, tokens: [], error: "timeout" });
    expect(e).toMatchObject({ ok: false, error: "timeout", ttftMs: null, good: false });
  });
});

describe("run metrics on the fixture trace (hand-computed)", () => {
  const traces = readLlmTraceFile(FIXTURE);
  const m = computeLlmMetrics(traces);
  // per request (ms): TTFT, e2e, TPOT, output tokens
  // r1 150, 200, 25, 3 (empty first chunk at 100 ignored)
  // r2  80, 180, 25, 5
  // r3  40,  40,  –, 1
  // r4 300, 380, 40, 3 (end = 410 given; empty chunk at 340 ignored)
  // r5 failed
  // r6  70, 100, 10, 4
  it("counts and throughputs", () => {
    expect(m.requests).toEqual({ total: 6, completed: 5, failed: 1 });
    expect(m.durationMs).toBe(410); // last response (r4 end 410) − first request (0)
    expect(m.totalOutputTokens).toBe(16);
    expect(m.totalInputTokens).toBe(55); // failed r5's 7 left out
    expect(m.requestThroughput).toBeCloseTo(5 / 0.41, 9);
    expect(m.outputTokenThroughput).toBeCloseTo(16 / 0.41, 9);
    expect(m.totalTokenThroughput).toBeCloseTo(71 / 0.41, 9);
    expect(m.goodput).toBeNull();
  });
  it("TTFT, TPOT, e2e summaries", () => {
    // TTFT sorted 40, 70, 80, 150, 300
    expect(m.ttftMs).toMatchObject({ count: 5, min: 40, max: 300, p50: 80, mean: 128 });
    expect(m.ttftMs!.p90).toBeCloseTo(240, 9); // h = 3.6 → 150 + 0.6·150
    expect(m.ttftMs!.std).toBeCloseTo(Math.sqrt((88 ** 2 + 58 ** 2 + 48 ** 2 + 22 ** 2 + 172 ** 2) / 5), 9);
    // TPOT over requests with > 1 token: 10, 25, 25, 40
    expect(m.tpotMs).toMatchObject({ count: 4, mean: 25, p50: 25, min: 10, max: 40 });
    // e2e 40, 100, 180, 200, 380
    expect(m.e2eMs).toMatchObject({ count: 5, p50: 180, mean: 180 });
    expect(m.e2eMs!.p99).toBeCloseTo(200 + 0.96 * 180, 9); // h = 3.96
  });
  it("ITL pooled over all gaps (vLLM)", () => {
    // r1 [20, 30], r2 [20, 20, 20, 40], r4 [50, 20], r6 [5, 15, 10] → 11 gaps
    expect(m.itlMs!.count).toBe(11);
    expect(m.itlMs!.mean).toBeCloseTo(250 / 11, 12);
    expect(m.itlMs!.p50).toBe(20);
    expect(m.itlMs!.p90).toBe(40); // h = 9
    expect(m.itlMs!.p99).toBeCloseTo(49, 9); // h = 9.9 → 40 + 0.9·10
  });
  it("llmperf's ITL beside ours", () => {
    // e2e / tokens: 200/3, 180/5, 40/1, 380/3, 100/4
    const expected = [200 / 3, 36, 40, 380 / 3, 25];
    expect(m.perRequest.filter((r) => r.ok).map((r) => r.llmperfItlMs)).toEqual(expected.map((x) => expect.closeTo(x, 9)));
    expect(m.llmperfItlMs!.mean).toBeCloseTo(expected.reduce((a, b) => a + b) / 5, 9);
    expect(m.llmperfItlMs!.mean).toBeGreaterThan(m.tpotMs!.mean); // TTFT inflates it
    expect(m.outputTokensPerSecondPerRequest!.max).toBe(40); // r6: 4 tokens in 0.1 s
  });
  it("goodput: requests meeting every SLO per second", () => {
    const g = computeLlmMetrics(traces, { slo: { ttftMs: 100, tpotMs: 30 } }).goodput!;
    // r1 TTFT 150 ✗, r2 ✓, r3 ✓ (one token: passes TPOT, as vLLM), r4 TTFT 300 ✗, r5 failed, r6 ✓
    expect(g.goodRequests).toBe(3);
    expect(g.requestsPerSecond).toBeCloseTo(3 / 0.41, 9);
    expect(g.fractionGood).toBe(0.5);
    const g2 = computeLlmMetrics(traces, { slo: { ttftMs: 100, tpotMs: 30, e2eMs: 150 } }).goodput!;
    expect(g2.goodRequests).toBe(2); // r2's e2e 180 fails
    const g3 = computeLlmMetrics(traces, { slo: { tpotMs: 25 } }).goodput!;
    expect(g3.goodRequests).toBe(4); // ≤ is inclusive: r1, r2 (25), r3, r6
  });
  it("duration override (vLLM's benchmark wall time)", () => {
    expect(computeLlmMetrics(traces, { durationMs: 1000 }).outputTokenThroughput).toBeCloseTo(16, 12);
  });
});

describe("trace parsing", () => {
  it("round-trips through JSONL", () => {
    const traces = readLlmTraceFile(FIXTURE);
    expect(parseLlmTraceJsonl(formatLlmTraceJsonl(traces))).toEqual(traces);
  });
  it("names the line and field of each problem", () => {
    const text = [
      '{"id":1,"sent":0,"input_tokens":1,"tokens":[{"t":1,"text":"a"}]}',
      '{"id":2,"sent":0,"input_tokens":1,"tokens":[{"t":"1","text":"a"}]}',
      '{"id":3,"sent":10,"input_tokens":1,"tokens":[{"t":5,"text":"a"}]}',
      '{"id":1,"sent":0,"input_tokens":1,"tokens":[]}',
      "{oops",
    ].join("\n");
    let err: LlmTraceParseError | undefined;
    try {
      parseLlmTraceJsonl(text, "t.jsonl");
    } catch (e) {
      err = e as LlmTraceParseError;
    }
    expect(err).toBeInstanceOf(LlmTraceParseError);
    expect(err!.issues.map((i) => [i.line, i.field])).toEqual([
      [2, "tokens[0].t"],
      [3, "tokens[0].t"],
      [4, "id"],
      [5, ""],
    ]);
    expect(err!.message).toMatch(/t\.jsonl:2: field "tokens\[0\]\.t": Expected number, received string/);
    expect(err!.message).toMatch(/t\.jsonl:3: .*before the request was sent/);
    expect(err!.message).toMatch(/t\.jsonl:5: not valid JSON/);
  });
});
