import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import { decodeStepMs, compareStaticCache, type DecodeResultRow } from "../../lib/index";

const row = (variant: string, p50: number | null, extra: Partial<DecodeResultRow> = {}): DecodeResultRow => ({
  variant, dtype: "float32", fused: true, argmaxInGraph: true, batch: 1, ...(p50 === null ? { error: "no kernel" } : { stepMs: { p50 } }), ...extra,
});

describe("bench:decode results (decodeStepMs, compareStaticCache)", () => {
  const rows: DecodeResultRow[] = [
    row("standard fp32", 40, { fused: false, argmaxInGraph: false }), // no promptTokens: an older file, read as 128
    row("standard fp32", 100, { fused: false, argmaxInGraph: false, batch: 8 }),
    row("fused fp16", null, { dtype: "float16", argmaxInGraph: false }),
    row("fused argmax", 30, { promptTokens: 128 }),
    row("fused argmax, static", 66, { promptTokens: 128, staticCache: true }),
    row("fused argmax", 64, { promptTokens: 896 }),
    row("fused argmax, static", 72, { promptTokens: 896, staticCache: true }),
  ];

  it("finds a step time by variant, batch and prompt, and nothing for a variant that did not run", () => {
    expect(decodeStepMs(rows, "standard fp32")).toBe(40);
    expect(decodeStepMs(rows, "standard fp32", 8)).toBe(100);
    expect(decodeStepMs(rows, "fused argmax", 1, 896)).toBe(64);
    expect(decodeStepMs(rows, "fused fp16")).toBeUndefined();
    expect(decodeStepMs(rows, "no such variant")).toBeUndefined();
  });

  it("pairs the static cache with its growing twin at both prompt lengths", () => {
    expect(compareStaticCache(rows)).toEqual({
      staticVariant: "fused argmax, static", growingVariant: "fused argmax", longPrompt: 896,
      staticMs: { short: 66, long: 72 }, growingMs: { short: 30, long: 64 },
    });
  });

  it("returns null when a row of the comparison is missing", () => {
    expect(compareStaticCache(rows.filter((r) => !r.staticCache))).toBeNull();
    expect(compareStaticCache(rows.filter((r) => r.promptTokens !== 896))).toBeNull();
    expect(compareStaticCache(rows.filter((r) => !(r.variant === "fused argmax" && r.promptTokens === 128)))).toBeNull();
  });

  it("reads the committed CPU results file", () => {
    const file = fs.readdirSync("results/llm").find((f) => /^decode-cpu-.*\.json$/.test(f))!;
    const run = JSON.parse(fs.readFileSync(`results/llm/${file}`, "utf8")) as { rows: DecodeResultRow[] };
    const cmp = compareStaticCache(run.rows)!;
    expect(cmp.staticVariant).toMatch(/static cache/);
    expect(cmp.growingVariant).not.toMatch(/static/);
    expect(cmp.staticMs.short).toBe(run.rows.find((r) => r.variant === cmp.staticVariant && r.promptTokens === 128 && r.batch === 1)!.stepMs!.p50);
  });
});
