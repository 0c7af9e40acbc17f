import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.join(__dirname, "../..");
function cli(args: string[]) {
  return spawnSync("npx", ["tsx", "scripts/llm-metrics.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
}

describe("scripts/llm-metrics.ts", () => {
  it("prints the fixture's metrics as JSON", () => {
    const r = cli(["--trace", "test/fixtures/metrics/example-trace.jsonl", "--slo-ttft", "100", "--slo-tpot=30"]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.requests).toEqual({ total: 6, completed: 5, failed: 1 });
    expect(out.durationMs).toBe(410);
    expect(out.ttftMs.p50).toBe(80);
    expect(out.tpotMs.mean).toBe(25);
    expect(out.itlMs.count).toBe(11);
    expect(out.goodput.goodRequests).toBe(3);
    expect(out.goodput.slo).toEqual({ ttftMs: 100, tpotMs: 30 });
    expect(out.outputTokenThroughput).toBeCloseTo(16 / 0.41, 9);
    expect(out.perRequest).toBeUndefined();
    expect(out.definitions.llmperfItlMs).toMatch(/llmperf/);
  });

  it("fails on a malformed trace, naming the line and field", () => {
    const r = cli(["--trace", "test/fixtures/metrics/malformed-trace.jsonl"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/malformed-trace\.jsonl:3: field "tokens\[1\]\.t": Expected number, received string/);
    expect(r.stderr).toMatch(/malformed-trace\.jsonl:4: field "input_tokens": Required/);
    expect(r.stderr).toMatch(/malformed-trace\.jsonl:5: not valid JSON/);
  });

  it("rejects bad arguments with usage", () => {
    const r = cli(["--trace", "test/fixtures/metrics/example-trace.jsonl", "--slo-ttft", "fast"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--slo-ttft needs a positive number/);
    expect(r.stderr).toMatch(/usage:/);
    const m = cli([]);
    expect(m.status).toBe(2);
    expect(m.stderr).toMatch(/--trace FILE\.jsonl is required/);
  });
});
