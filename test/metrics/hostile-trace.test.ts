import { describe, it, expect } from "vitest";
import { createRng, type Rng } from "../../lib/data/random";
import { parseLlmTraceJsonl, LlmTraceParseError, computeLlmMetrics } from "../../lib/metrics/index";

// Generated hostile traces (issue 15): every malformed line is refused with an LlmTraceParseError that
// names that line; whatever is accepted gives finite metrics. Never another exception, a hang or a NaN.

/** A valid request line: increasing chunk times after `sent`. */
function validLine(rng: Rng, id: number): Record<string, unknown> {
  const sent = 1000 * id + rng.next() * 10;
  let t = sent + 5 + rng.next() * 50;
  const n = 1 + rng.int(6);
  const tokens = Array.from({ length: n }, (_, i) => {
    t += rng.next() * 20;
    return { t, text: i === 0 && rng.int(4) === 0 ? "" : `w${i}` };
  });
  return { id: `r${id}`, sent, input_tokens: 1 + rng.int(500), tokens };
}

/** Mutations a broken client, a bad exporter or an attacker produce; each must make the line invalid. */
const MUTATIONS: [string, (r: Record<string, unknown>, rng: Rng) => string][] = [
  ["missing sent", (r) => JSON.stringify({ ...r, sent: undefined })],
  ["sent as a string", (r) => JSON.stringify({ ...r, sent: String(r.sent) })],
  ["negative input_tokens", (r) => JSON.stringify({ ...r, input_tokens: -3 })],
  ["fractional input_tokens", (r) => JSON.stringify({ ...r, input_tokens: 2.5 })],
  ["tokens not an array", (r) => JSON.stringify({ ...r, tokens: { t: 1, text: "x" } })],
  ["chunk before sent", (r) => JSON.stringify({ ...r, tokens: [{ t: (r.sent as number) - 1, text: "x" }] })],
  ["chunks going backwards", (r) => JSON.stringify({ ...r, tokens: [{ t: (r.sent as number) + 10, text: "a" }, { t: (r.sent as number) + 5, text: "b" }] })],
  ["end before the last chunk", (r) => JSON.stringify({ ...r, end: r.sent })],
  ["chunk text a number", (r) => JSON.stringify({ ...r, tokens: [{ t: (r.sent as number) + 1, text: 7 }] })],
  ["id an object", (r) => JSON.stringify({ ...r, id: { nested: true } })],
  ["truncated JSON", (r) => JSON.stringify(r).slice(0, 20)],
  ["NaN literal", (r) => JSON.stringify(r).replace(/"sent":[^,]+/, '"sent":NaN')],
  ["Infinity literal", (r) => JSON.stringify(r).replace(/"sent":[^,]+/, '"sent":Infinity')],
  ["a JSON array", (r) => JSON.stringify([r])],
  ["a bare string", () => JSON.stringify("hello")],
  ["null", () => "null"],
  ["byte-order mark", (r) => "\uFEFF" + JSON.stringify(r)],
  ["deep nesting", () => "[".repeat(5000) + "]".repeat(5000)],
  ["__proto__ carrying the fields", (r) => `{"__proto__": ${JSON.stringify(r)}}`],
  ["error as a number", (r) => JSON.stringify({ ...r, error: 500 })],
];

describe("hostile LLM traces", () => {
  it("every generated malformed line is refused naming its line; the rest never changes that", () => {
    const rng = createRng(2026);
    for (let trial = 0; trial < 300; trial++) {
      const n = 2 + rng.int(8);
      const valid = Array.from({ length: n }, (_, i) => validLine(rng, i));
      const lines = valid.map((r) => JSON.stringify(r));
      const bad = new Set<number>();
      const k = 1 + rng.int(Math.min(3, n));
      const names: string[] = [];
      for (let j = 0; j < k; j++) {
        const at = rng.int(n);
        if (bad.has(at + 1)) continue; // one mutation per line, applied to the valid original
        const [name, mutate] = MUTATIONS[rng.int(MUTATIONS.length)]!;
        lines[at] = mutate(valid[at]!, rng);
        bad.add(at + 1);
        names.push(`${name} at line ${at + 1}`);
      }
      let err: unknown;
      try {
        parseLlmTraceJsonl(lines.join(rng.int(2) ? "\n" : "\r\n"), "gen");
      } catch (e) {
        err = e;
      }
      expect(err, names.join("; ")).toBeInstanceOf(LlmTraceParseError);
      const reported = new Set((err as LlmTraceParseError).issues.map((i) => i.line));
      expect([...reported].sort(), names.join("; ")).toEqual([...bad].sort());
      expect((err as Error).message).toMatch(/^invalid LLM trace gen \(\d+ problems?\)/);
    }
  });

  it("duplicate ids, blank files and a line of 2 MB are handled with a clear answer", () => {
    const rng = createRng(7);
    const a = validLine(rng, 1);
    expect(() => parseLlmTraceJsonl([JSON.stringify(a), JSON.stringify(a)].join("\n"))).toThrow(/id "r1" already used on line 1/);
    expect(() => parseLlmTraceJsonl("\n \n\r\n")).toThrow(/holds no requests/);
    const huge = { ...validLine(rng, 2), tokens: [{ t: 1e9, text: "x".repeat(2_000_000) }] };
    const parsed = parseLlmTraceJsonl(JSON.stringify(huge));
    expect(parsed[0]!.tokens[0]!.text.length).toBe(2_000_000);
  });

  it("whatever is accepted, including extreme but valid times, gives finite metrics", () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 100; trial++) {
      const scale = [1e-6, 1, 1e6, 1e12][rng.int(4)]!;
      const traces = Array.from({ length: 1 + rng.int(6) }, (_, i) => {
        const r = validLine(rng, i);
        const sent = (r.sent as number) * scale;
        return { ...r, sent, tokens: (r.tokens as { t: number; text: string }[]).map((c) => ({ ...c, t: sent + (c.t - (r.sent as number)) * scale })) };
      });
      if (rng.int(3) === 0) traces.push({ ...validLine(rng, 99), error: "upstream 503" } as never);
      const parsed = parseLlmTraceJsonl(traces.map((t) => JSON.stringify(t)).join("\n"));
      const report = computeLlmMetrics(parsed, { slo: { ttftMs: 50 * scale, tpotMs: 10 * scale } });
      const numbers: number[] = [];
      JSON.stringify(report, (_k, v: unknown) => {
        if (typeof v === "number") numbers.push(v);
        return v;
      });
      for (const v of numbers) expect(Number.isFinite(v), `metric ${v} at scale ${scale}`).toBe(true);
    }
  });
});
