import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { runChecks, hintSteps, type ExerciseCheck } from "../lib/nb/index";
import type { WrongAnswer } from "./wrong-answers/types";

// Every exercise has plausible wrong answers (test/wrong-answers/NN.ts: hard-coded values, the
// library call the exercise asks to write by hand, the wrong seed, the untested tie rule, all-true,
// off-by-one, wrong units). Each must fail its check with a message that names the mistake, and the
// message must not give the hint away.
const root = path.resolve(__dirname, "..");
const modules = fs.readdirSync(path.join(root, "exercises", "checks")).filter((f) => /^\d\d\.ts$/.test(f)).map((f) => f.slice(0, 2)).sort();

describe.each(modules)("wrong answers to module %s", (m) => {
  it("exist for every exercise", async () => {
    const { checks } = (await import(path.join(root, "exercises", "checks", `${m}.ts`))) as { checks: ExerciseCheck<never>[] };
    expect(fs.existsSync(path.join(__dirname, "wrong-answers", `${m}.ts`)), `test/wrong-answers/${m}.ts`).toBe(true);
    const { wrong } = (await import(path.join(__dirname, "wrong-answers", `${m}.ts`))) as { wrong: WrongAnswer<unknown>[] };
    for (const c of checks) expect(wrong.filter((w) => w.id === c.id).length, `wrong answers for ${c.id}`).toBeGreaterThanOrEqual(1);
    for (const c of checks) expect(hintSteps(c).length, `hint steps of ${c.id}`).toBeGreaterThanOrEqual(2);
  });

  it("each fails its check, saying what is wrong without the hint", async () => {
    const { checks } = (await import(path.join(root, "exercises", "checks", `${m}.ts`))) as { checks: ExerciseCheck<never>[] };
    const solutions = (await import(path.join(root, "solutions", `${m}.ts`))) as Record<string, unknown>;
    const { wrong } = (await import(path.join(__dirname, "wrong-answers", `${m}.ts`))) as { wrong: WrongAnswer<unknown>[] };
    const problems: string[] = [];
    for (const w of wrong) {
      const check = checks.find((c) => c.id === w.id)!;
      const [r] = await runChecks([check], { ...solutions, ...w.impl } as never);
      if (r!.passed) problems.push(`${w.id} (${w.what}) passed its check`);
      else if (r!.status !== "fail") problems.push(`${w.id} (${w.what}) ended as ${r!.status}: ${r!.message}`);
      else if (!w.says.test(r!.message)) problems.push(`${w.id} (${w.what}): the message does not match ${w.says}: "${r!.message.slice(0, 400)}"`);
      else for (const h of hintSteps(check)) if (r!.message.includes(h)) problems.push(`${w.id} (${w.what}): the failure prints a hint`);
    }
    expect(problems).toEqual([]);
  }, 600_000);
});
