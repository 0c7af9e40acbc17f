import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { runChecks, type ExerciseCheck } from "../lib/nb/index";

// Every module's reference solutions pass all their checks, and the untouched stubs fail every one
// with a "not done yet" message.
const root = path.resolve(__dirname, "..");
const modules = fs.readdirSync(path.join(root, "exercises", "checks")).filter((f) => /^\d\d\.ts$/.test(f)).map((f) => f.slice(0, 2)).sort();
const checksOf = async (m: string): Promise<ExerciseCheck<never>[]> => ((await import(path.join(root, "exercises", "checks", `${m}.ts`))) as { checks: ExerciseCheck<never>[] }).checks;

describe.each(modules)("exercises of module %s", (m) => {
  it("has at least 3 checks, and at least one judgement exercise (predict, choose or find the flaw, with reasoning)", async () => {
    const checks = await checksOf(m);
    expect(checks.length).toBeGreaterThanOrEqual(3);
    // a judgement exercise's check asks for the learner's reasoning (expectReasoning)
    const src = fs.readFileSync(path.join(root, "exercises", "checks", `${m}.ts`), "utf8");
    expect(src).toMatch(/expectReasoning\(/);
  });
  it("reference solutions pass every check", async () => {
    const res = await runChecks(await checksOf(m), (await import(path.join(root, "solutions", `${m}.ts`))) as never);
    expect(res.filter((r) => !r.passed).map((r) => `${r.id}: ${r.message}`)).toEqual([]);
  }, 300_000);
  it("untouched stubs fail every check, saying it is not done yet", async () => {
    const res = await runChecks(await checksOf(m), (await import(path.join(root, "exercises", `${m}.ts`))) as never);
    for (const r of res) {
      expect(r.passed, r.id).toBe(false);
      expect(r.status, r.id).toBe("not-done");
      expect(r.message, r.id).toMatch(/not done yet/);
    }
  }, 300_000);
});
