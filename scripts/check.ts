/**
 * `npm run check -- 01 [--solutions]`
 *
 * Runs module 01's exercise checks (exercises/checks/01.ts) against your code in exercises/01.ts
 * (or against the reference solutions in solutions/01.ts with --solutions) and says which pass.
 * Exit code 0 when all pass, 1 otherwise.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runChecks, formatCheckReport, repoRoot, type ExerciseCheck } from "../lib/index";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const solutions = args.includes("--solutions");
  const mods = args.filter((a) => /^\d{1,2}$/.test(a)).map((a) => a.padStart(2, "0"));
  const root = repoRoot();
  const available = fs.readdirSync(path.join(root, "exercises", "checks")).filter((f) => /^\d\d\.ts$/.test(f)).map((f) => f.slice(0, 2)).sort();
  if (!mods.length) {
    console.error(`usage: npm run check -- MODULE [--solutions]   (modules with exercises: ${available.join(", ")})`);
    return 2;
  }
  let failed = 0;
  for (const m of mods) {
    if (!available.includes(m)) {
      console.error(`No exercises for module ${m} (have: ${available.join(", ")}).`);
      return 2;
    }
    const { checks } = require(path.join(root, "exercises", "checks", `${m}.ts`)) as { checks: ExerciseCheck<never>[] };
    const impl = require(path.join(root, solutions ? "solutions" : "exercises", `${m}.ts`)) as never;
    console.log(`Module ${m} — checking ${solutions ? "the reference solutions" : "exercises/" + m + ".ts"}`);
    const results = await runChecks(checks, impl);
    console.log(formatCheckReport(results));
    failed += results.filter((r) => !r.passed).length;
  }
  return failed ? 1 : 0;
}

main().then((c) => process.exit(c), (e) => { console.error(e); process.exit(1); });
