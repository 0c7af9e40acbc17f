import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { LLM_STRUCTURED, LLM_SERVING, listAllResultFiles, readResult } from "../../lib/results/index";

const root = path.resolve(__dirname, "../..");
const results = path.join(root, "results");

/** Every file under results/ with a digest of its bytes and its modification time. */
function snapshot(): Record<string, string> {
  return Object.fromEntries(
    listAllResultFiles({ dir: results }).map((f) => {
      const abs = path.join(results, f);
      return [f, `${createHash("sha256").update(fs.readFileSync(abs)).digest("hex")} ${fs.statSync(abs).mtimeMs}`];
    }),
  );
}

describe("a bench run without --save", () => {
  it("writes build/results/ and leaves results/ untouched (bench:structured, 2 records per source)", () => {
    const before = snapshot();
    const started = Date.now();
    const out = execFileSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "bench/structured-output.ts", "--per-source", "2"], { cwd: root, encoding: "utf8", stdio: "pipe" });
    expect(out).toContain("wrote build/results/llm/structured.json");
    expect(snapshot()).toEqual(before);
    const built = path.join(root, "build", "results", "llm", "structured.json");
    expect(fs.statSync(built).mtimeMs).toBeGreaterThanOrEqual(started - 1000);
    const value = readResult(LLM_STRUCTURED, "llm/structured.json", { dir: path.join(root, "build", "results") });
    expect(value.records.total).toBe(8); // 2 per source × 4 sources
    expect(value.command).not.toContain("--save");
  }, 120_000);

  it("writes build/results/ and leaves results/ untouched (bench:llm, 20 requests, no GPT-2 section, with its traces)", () => {
    const before = snapshot();
    execFileSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "bench/llm-serving.ts", "--requests", "20", "--skip-gpt2"], { cwd: root, encoding: "utf8", stdio: "pipe" });
    expect(snapshot()).toEqual(before);
    const value = readResult(LLM_SERVING, "llm/serving.json", { dir: path.join(root, "build", "results") });
    expect(value.gpt2Small).toBeNull();
    expect(value.austen.traceFiles.length).toBeGreaterThan(0);
    for (const f of value.austen.traceFiles) {
      expect(f.startsWith("build/results/llm/traces/")).toBe(true);
      expect(fs.existsSync(path.join(root, f))).toBe(true);
    }
  }, 180_000);
});
